// Row checks and storage shared by the INSERT, UPDATE and DELETE operators
// (modify_table.cpp) and INSERT ... ON CONFLICT (insert_on_conflict.cpp). Internal to
// executor/operators.
#pragma once

#include <string>
#include <vector>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "planner/plan.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor::modify {

// "Failing row contains (...)."
std::string FailingRow(const std::vector<types::Value>& row);
// Sets the generated columns of `row` (the table's columns, in order) from the plan's
// generation expressions over the rest of it (planner::BoundGenerated).
void ComputeGenerated(const planner::PlanNode& plan, std::vector<types::Value>& row,
                      const ExecContext& context);
// 23502 for a NULL in a NOT NULL column.
void CheckNotNull(const catalog::TableSchema& table, const std::vector<types::Value>& row);
// 23514 for the first CHECK constraint of `plan` that row `row` of `batch` (the table's
// columns first) makes false; NULL passes, as in SQL.
void CheckConstraints(const planner::PlanNode& plan, const Batch& batch, size_t row,
                      const ExecContext& context);
// Inserts the row; its large values go to the table's toast relation first (toast.hpp).
storage::TupleId StoreRow(storage::HeapFile& heap, const std::vector<types::Value>& row,
                          const ExecContext& context);
// The values of `exprs` for row `row` of `batch`.
std::vector<types::Value> RowAt(const Batch& batch, size_t row,
                                const std::vector<planner::BoundExprPtr>& exprs,
                                const ExecContext& context);
// Appends row `row` of `input` to `out` (same layout).
void AppendInputRow(const Batch& input, size_t row, Batch& out);
// Appends an INSERT's written row to its RETURNING input: the table's values, then xmin (the
// transaction's) and xmax: 0, or with `updated` (ON CONFLICT DO UPDATE wrote it over a row it
// locked) the transaction's, as PostgreSQL's new version carries its locker.
void AppendInserted(std::vector<types::Value> values, bool updated, const ExecContext& context, Batch& out);

}  // namespace granary::executor::modify
