// INSERT, UPDATE and DELETE: consume their child, change the table, count the rows (in
// ExecContext::rows_affected), and return the RETURNING rows if the statement has any.
// UPDATE and DELETE find the row to change in their input's ctid column (after the n table
// columns); a row already changed by this same statement (several FROM matches) is skipped,
// as PostgreSQL does.
//
// Errors: 23502 not_null_violation (`null value in column "c" of relation "t" violates
// not-null constraint`, detail `Failing row contains (...)`); 55P03 lock_not_available when a
// row is being changed by another open transaction (row-lock waits come with the lock
// manager); 40001 serialization_failure when it was changed by a transaction that committed
// after this statement's snapshot; 54000 when a row does not fit on a page.
#pragma once

#include "executor/operators/operator.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

// The shared loop: pull an input batch, change the table row by row, emit RETURNING rows.
class ModifyTable : public Operator {
 public:
  ModifyTable(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) final;

 protected:
  // Changes the table for row `row` of `input`; returns the row RETURNING sees (empty when
  // the row was skipped).
  virtual bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) = 0;

  OperatorPtr child_;
  storage::HeapFile heap_;
};

class InsertRows final : public ModifyTable {
 public:
  using ModifyTable::ModifyTable;

 private:
  bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) override;
};

class UpdateRows final : public ModifyTable {
 public:
  using ModifyTable::ModifyTable;

 private:
  bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) override;
};

class DeleteRows final : public ModifyTable {
 public:
  using ModifyTable::ModifyTable;

 private:
  bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) override;
};

}  // namespace granary::executor
