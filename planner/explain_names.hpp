// The names EXPLAIN gives a plan node's output columns when the expressions of the node
// above it are printed: PostgreSQL's ruleutils resolving an upper node's Var through the
// target list of the node below (get_variable on OUTER_VAR / INNER_VAR).
#pragma once

#include <string>
#include <vector>

#include "planner/plan.hpp"

namespace granary::planner {

// `node`'s output columns as the node above shows them. A table's column is its name,
// qualified by the relation's (`t.a`) when `qualify` (ExplainOptions::qualify_columns); a
// column computed by a projection, an aggregate or a window function is that expression over
// the node's own input, parenthesised when `referenced` as PostgreSQL shows an expression
// read from the node below (`Sort Key: ((a + 1))`, `(count(*))`). Without `referenced` the
// expressions come bare, as in the node's own conditions (an aggregate's HAVING Filter).
// Falls back on PlanNode::output_names for nodes it does not model.
std::vector<std::string> ExplainColumnNames(const PlanNode& node, bool qualify, bool referenced = true);

// Whether `kind` reads a relation of the range table (a table, function, WITH item, VALUES
// list or system view) rather than other nodes' rows: its conditions are never qualified.
bool IsRelationScan(PlanKind kind);

}  // namespace granary::planner
