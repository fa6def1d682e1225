// What the cost model needs of a table in FROM, read while binding (the planner itself never
// reads the catalog or storage): the statistics of its last ANALYZE, shared through the
// relation cache, and the current sizes in pages of the table and its indexes.
#pragma once

#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// Fills `item.statistics`, `item.pages` and `item.index_pages` of a kTable item whose
// `indexes` are bound.
void BindTableEstimates(BoundFromItem& item, AnalyzeContext& context);

}  // namespace granary::planner
