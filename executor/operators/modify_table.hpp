// INSERT, UPDATE and DELETE: consume their child, change the table, count the rows.
// They produce no rows (RETURNING comes later); the count lands in ExecContext::rows_affected.
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

class InsertRows final : public Operator {
 public:
  InsertRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  storage::HeapFile heap_;
};

class UpdateRows final : public Operator {
 public:
  UpdateRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  storage::HeapFile heap_;
};

class DeleteRows final : public Operator {
 public:
  DeleteRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  storage::HeapFile heap_;
};

}  // namespace granary::executor
