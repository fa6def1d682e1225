// Stored generated columns (GENERATED ALWAYS AS (expr) STORED, PostgreSQL 12's kind): the
// checks made when one is defined (PostgreSQL's cookDefault and check_nested_generated) and
// the binding of their expressions over the table's row, which INSERT, UPDATE, ON CONFLICT
// DO UPDATE and COPY FROM evaluate once the row's other columns have their values
// (executor/operators/modify_support.hpp, ComputeGenerated).
//
// The expression is stored as SQL text in pg_attrdef like a default (ColumnSchema::
// default_sql with `generated` = 's'); it reads only the row's other, non-generated columns,
// so the generated columns can be computed in any order.
#pragma once

#include <string>

#include "catalog/table_schema.hpp"
#include "parser/ast_expr.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// Binds the expression `expr` written for column `column` of `table` (all of whose columns
// are defined, this one with `generated` set) over the table's row, as a check, and returns
// its SQL text for the catalog. Raises, with PostgreSQL's messages and positions: 42703 (no
// such column), 42P17 (a generated column referenced; not immutable), 42P10 (a system
// column), 42803 (an aggregate), 42P20 (a window function), 0A000 (a subquery or a
// set-returning function), and the coercion errors to the column's type.
std::string CheckGenerationExpression(const catalog::TableSchema& table, size_t column,
                                      const parser::Expr& expr, AnalyzeContext& context);

// The generated columns of `table`, their stored expressions bound over its row.
BoundGenerated BindGenerated(const catalog::TableSchema& table, AnalyzeContext& context);

// Whether some generated column of `table` reads column `column`; the first such column's
// position, or nullopt.
std::optional<size_t> GeneratedColumnUsing(const catalog::TableSchema& table, size_t column,
                                           AnalyzeContext& context);

// 428C9 for a value other than DEFAULT given to a generated column by INSERT, and by UPDATE.
[[noreturn]] void ThrowGeneratedInsert(const catalog::ColumnSchema& column);
[[noreturn]] void ThrowGeneratedUpdate(const catalog::ColumnSchema& column);

}  // namespace granary::planner
