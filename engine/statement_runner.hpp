// Planning of the statements that have plans (SELECT, INSERT, UPDATE, DELETE), shared by
// statement execution and COPY (query) TO.
#pragma once

#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "engine/session_settings.hpp"
#include "granary/granary.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "catalog/search_path.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "planner/plan.hpp"

namespace granary {

struct PlannedStatement {
  planner::PlanPtr plan;
  std::string tag_prefix;  // "SELECT", "INSERT 0", "UPDATE", "DELETE"
  // UPDATE / DELETE ... WHERE CURRENT OF: the cursor is checked as the plan starts.
  bool current_of = false;
  // PostgreSQL's range table size for the statement (planner/range_table.hpp): EXPLAIN
  // qualifies the columns of sort keys, group keys and join conditions when it is above 1.
  size_t range_table_entries = 0;
};

// Analyses and plans `stmt`; 0A000 for statements without plans.
PlannedStatement PlanStatement(const parser::Stmt& stmt, planner::AnalyzeContext& context);

// The planner's settings of `session` (cached per settings generation).
planner::CostParameters CostParametersOf(Session::Impl& session);

// What analysing and planning a statement of `session` reads: its catalog snapshot, search
// path, database and locks, with its planner settings in force while this lives.
struct SessionAnalysis {
  SessionAnalysis(Session::Impl& session, const storage::Snapshot& snapshot, std::string_view sql,
                  std::vector<types::Type>& param_types);

  const planner::CostParameters costs;
  const planner::CostParametersScope cost_scope;
  const catalog::SearchPath search_path;
  planner::AnalyzeContext context;
};

// SET name = values (LOCAL with `local`), as the SET statement and set_config apply it: the
// transaction modes have their own rules; their notices go to `result`.
void ApplySetting(Session::Impl& session, const std::string& name, const std::vector<std::string>& values,
                  bool local, SettingSource source, Result& result);

}  // namespace granary
