// Planning of the statements that have plans (SELECT, INSERT, UPDATE, DELETE), shared by
// statement execution and COPY (query) TO.
#pragma once

#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "engine/session_settings.hpp"
#include "granary/granary.hpp"
#include "planner/analyze/analyze_context.hpp"
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

// SET name = values (LOCAL with `local`), as the SET statement and set_config apply it: the
// transaction modes have their own rules; their notices go to `result`.
void ApplySetting(Session::Impl& session, const std::string& name, const std::vector<std::string>& values,
                  bool local, SettingSource source, Result& result);

}  // namespace granary
