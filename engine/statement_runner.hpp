// Planning of the statements that have plans (SELECT, INSERT, UPDATE, DELETE), shared by
// statement execution and COPY (query) TO.
#pragma once

#include <string>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/plan.hpp"

namespace granary {

struct PlannedStatement {
  planner::PlanPtr plan;
  std::string tag_prefix;  // "SELECT", "INSERT 0", "UPDATE", "DELETE"
  // UPDATE / DELETE ... WHERE CURRENT OF: the cursor is checked as the plan starts.
  bool current_of = false;
};

// Analyses and plans `stmt`; 0A000 for statements without plans.
PlannedStatement PlanStatement(const parser::Stmt& stmt, planner::AnalyzeContext& context);

}  // namespace granary
