// TABLESAMPLE method (percent) [REPEATABLE (seed)] after a table in FROM, bound as
// PostgreSQL's transformRangeTableSample: the methods SYSTEM and BERNOULLI (tsm_system_rows
// and tsm_system_time are extensions, absent here), one argument each, coerced to real, and
// the seed to double precision. The arguments are bound as functions in FROM are: the
// query's FROM items are not visible to them (42703 with PostgreSQL's hint), aggregates and
// window functions are refused. The values are checked when the scan starts
// (executor/operators/table_sample.hpp).
#pragma once

#include <memory>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// 42704 `tablesample method foo does not exist`, 2202H `tablesample method system requires
// 1 argument, not 2`, and the arguments' binding and coercion errors.
std::shared_ptr<const TableSample> BindTableSample(const parser::TableSampleClause& clause, ExprBinder& binder,
                                                   AnalyzeContext& context);

// 0A000 `TABLESAMPLE clause can only be applied to tables and materialized views`, at
// `location`, for a view, a sequence, a WITH item or a system view.
[[noreturn]] void RefuseTableSample(int location, AnalyzeContext& context);

}  // namespace granary::planner
