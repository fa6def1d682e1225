// Binding of INSERT ... ON CONFLICT: arbiter index inference and the DO UPDATE row
// (PostgreSQL's transformOnConflictClause and infer_arbiter_indexes).
#pragma once

#include <memory>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// Errors: 42601 DO UPDATE without a conflict target; 42P10 no unique index matches the
// target; 42704 unknown ON CONSTRAINT name; 42809 a constraint without an index; 42703
// unknown columns; 428C9 a GENERATED ALWAYS identity column set to a value.
// `indexes` are the table's bound indexes (the arbiters are chosen among them).
std::shared_ptr<const BoundOnConflict> BindOnConflict(const parser::InsertStmt& insert,
                                                      const catalog::TableSchema& table,
                                                      const BoundIndexes& indexes,
                                                      AnalyzeContext& context);

}  // namespace granary::planner
