// Ordered index scans for ORDER BY ... LIMIT over one table (see index_order.hpp).
#include "planner/optimize/index_order.hpp"

#include <optional>
#include <utility>
#include <vector>

#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/join_methods.hpp"
#include "types/collation.hpp"

namespace granary::planner {
namespace {

// Whether an index key column serves a sort key's collation (an index orders strings under
// its column's collation; 0 and the default are one).
bool SameCollation(uint32_t sort_collation, const types::KeyColumn& key) {
  if (!types::IsString(key.type.id)) return true;
  return types::ReportedCollation(sort_collation) == types::ReportedCollation(key.type.collation);
}

// The direction in which `index` yields the rows in `order` (table columns with their sort
// direction), given that its first `fixed` keys are held equal by the scan: nullopt when it
// does not. The ORDER BY keys must be index keys from some position up to `fixed` on, each
// in the key's direction (forward) or each reversed, NULLs placement included (backward).
std::optional<bool> ScanDirection(const BoundIndex& index, const std::vector<std::pair<size_t, SortKey>>& order,
                                  size_t fixed) {
  for (size_t start = 0; start <= fixed; ++start) {
    if (start + order.size() > index.keys.size()) break;
    std::optional<bool> backward;
    bool matches = true;
    for (size_t i = 0; i < order.size() && matches; ++i) {
      const IndexKey& key = index.keys[start + i];
      const auto& [column, sort] = order[i];
      if (!key.table_column || *key.table_column != column || !SameCollation(sort.collation, key.column)) {
        matches = false;
        break;
      }
      bool reversed = false;
      if (sort.descending == key.column.descending && sort.nulls_first == key.column.nulls_first) {
        reversed = false;
      } else if (sort.descending != key.column.descending && sort.nulls_first != key.column.nulls_first) {
        reversed = true;
      } else {
        matches = false;  // e.g. DESC NULLS LAST on an ASC (NULLS LAST) index
        break;
      }
      if (backward && *backward != reversed) matches = false;
      backward = reversed;
    }
    if (matches && backward) return backward;
  }
  return std::nullopt;
}

// A copy of a kLimit, kProject or kFilter node without its children or estimate.
PlanPtr CopyNode(const PlanNode& node) {
  auto copy = std::make_unique<PlanNode>();
  copy->kind = node.kind;
  copy->output_types = node.output_types;
  copy->output_names = node.output_names;
  for (const BoundExprPtr& expr : node.expressions) copy->expressions.push_back(expr->Clone());
  if (node.predicate) copy->predicate = node.predicate->Clone();
  if (node.limit) copy->limit = node.limit->Clone();
  if (node.offset) copy->offset = node.offset->Clone();
  return copy;
}

// A scan of the whole `index` of `scan`'s table in its order (or reversed), with `scan`'s
// predicate rechecked on every row; costed as cost_index with no index condition.
PlanPtr OrderedIndexScan(const PlanNode& scan, const BoundFromItem& item, size_t index_number, bool backward) {
  const BoundIndex& index = *item.indexes[index_number];
  auto ordered = std::make_unique<PlanNode>();
  ordered->kind = PlanKind::kIndexScan;
  ordered->table = scan.table;
  ordered->alias = scan.alias;
  ordered->output_types = scan.output_types;
  ordered->output_names = scan.output_names;
  if (scan.predicate) ordered->predicate = scan.predicate->Clone();
  ordered->index = item.indexes[index_number];
  ordered->backward = backward;
  const RelationEstimate relation = EstimateItem(item);
  double correlation = 0;
  if (index.keys[0].table_column) {
    if (const catalog::ColumnStatistics* stats = relation.Column(*index.keys[0].table_column)) {
      correlation = stats->correlation.value_or(0);
    }
  }
  const double pages = index_number < item.index_pages.size() ? item.index_pages[index_number] : 1;
  const double conditions = scan.predicate ? OperatorCount(*scan.predicate) : 0;
  const IndexScanCost cost = CostIndexScan(relation, 1.0, 0, conditions, pages, correlation);
  ordered->estimate = scan.estimate;  // the same rows and columns: the same predicate
  ordered->estimate.startup_cost = cost.startup;
  ordered->estimate.total_cost = cost.total;
  return ordered;
}

// The node holding the index conditions of a scan that reads one index: an index scan itself,
// or a bitmap heap scan's one Bitmap Index Scan; null for other scans.
const PlanNode* IndexKeysOf(const PlanNode& scan) {
  if (scan.kind == PlanKind::kIndexScan) return &scan;
  if (scan.kind == PlanKind::kBitmapHeapScan && scan.children[0]->kind == PlanKind::kBitmapIndexScan) {
    return scan.children[0].get();
  }
  return nullptr;
}

// A copy of an index scan (its index, conditions, predicate and estimate); for a bitmap heap
// scan over one Bitmap Index Scan, the index scan of that index's conditions.
PlanPtr CopyIndexScan(const PlanNode& scan) {
  const PlanNode& keys = scan.kind == PlanKind::kBitmapHeapScan ? *scan.children[0] : scan;
  auto copy = std::make_unique<PlanNode>();
  copy->kind = PlanKind::kIndexScan;
  copy->estimate = scan.estimate;
  copy->table = scan.table;
  copy->alias = scan.alias;
  copy->output_types = scan.output_types;
  copy->output_names = scan.output_names;
  if (scan.predicate) copy->predicate = scan.predicate->Clone();
  copy->index = keys.index;
  for (const BoundExprPtr& value : keys.index_values) copy->index_values.push_back(value->Clone());
  copy->index_null_keys = keys.index_null_keys;
  if (keys.range_lower) copy->range_lower = keys.range_lower->Clone();
  if (keys.range_upper) copy->range_upper = keys.range_upper->Clone();
  copy->lower_inclusive = keys.lower_inclusive;
  copy->upper_inclusive = keys.upper_inclusive;
  copy->backward = keys.backward;
  for (const BoundExprPtr& condition : keys.index_quals) copy->index_quals.push_back(condition->Clone());
  return copy;
}

}  // namespace

PlanPtr OrderedScan(const PlanNode& scan, const BoundFromItem& item,
                    const std::vector<std::pair<size_t, SortKey>>& order) {
  if (item.kind != BoundFromItem::Kind::kTable || order.empty()) return nullptr;
  if (!IsTableScan(scan.kind)) return nullptr;
  PlanPtr best;
  // The index scan already chosen (or the one index of a bitmap scan), read in order: the
  // same rows at about the same cost.
  const PlanNode* keys = IndexKeysOf(scan);
  if (keys != nullptr && !keys->backward && keys->index_alternatives.empty() && !keys->index->predicate) {
    if (const auto backward = ScanDirection(*keys->index, order, keys->index_values.size())) {
      best = CopyIndexScan(scan);
      best->backward = *backward;
    }
  }
  // A whole index in order.
  for (size_t index_number = 0; index_number < item.indexes.size(); ++index_number) {
    const BoundIndex& index = *item.indexes[index_number];
    if (index.predicate) continue;  // partial indexes need predicate proofs: not yet
    const auto backward = ScanDirection(index, order, 0);
    if (!backward) continue;
    PlanPtr candidate = OrderedIndexScan(scan, item, index_number, *backward);
    if (!best || candidate->estimate.total_cost < best->estimate.total_cost) best = std::move(candidate);
  }
  return best;
}

void UseIndexOrder(PlanPtr& limit, const BoundQuery& query) {
  if (limit->kind != PlanKind::kLimit || !limit->limit || query.from.size() != 1) return;
  const BoundFromItem& item = *query.from[0];
  if (item.kind != BoundFromItem::Kind::kTable || item.indexes.empty()) return;
  PlanNode& sort = *limit->children[0];
  if (sort.kind != PlanKind::kSort) return;
  PlanNode& project = *sort.children[0];
  if (project.kind != PlanKind::kProject) return;
  std::vector<const PlanNode*> filters;
  const PlanNode* scan = project.children[0].get();
  while (scan->kind == PlanKind::kFilter) {
    filters.push_back(scan);
    scan = scan->children[0].get();
  }
  if (!IsTableScan(scan->kind)) return;
  const PlanNode* keys = IndexKeysOf(*scan);
  if (keys != nullptr && (keys->backward || !keys->index_alternatives.empty())) return;

  // The ORDER BY as table columns: every key must be a plain column of the scan.
  std::vector<std::pair<size_t, SortKey>> order;
  for (const SortKey& key : sort.sort_keys) {
    if (key.column >= project.expressions.size()) return;
    const BoundExpr& expr = *project.expressions[key.column];
    if (expr.kind != BoundKind::kColumn || expr.index >= scan->table.columns.size()) return;
    order.emplace_back(expr.index, key);
  }

  EstimatePlan(*limit);
  // The index scan already chosen (or a bitmap scan's one index, read as an index scan), in
  // order: the same rows, unsorted.
  if (keys != nullptr) {
    if (keys->index->predicate) return;
    if (const auto backward = ScanDirection(*keys->index, order, keys->index_values.size())) {
      PlanPtr* reader = &project.children[0];
      while ((*reader)->kind == PlanKind::kFilter) reader = &(*reader)->children[0];
      if ((*reader)->kind == PlanKind::kBitmapHeapScan) *reader = CopyIndexScan(**reader);
      (*reader)->backward = *backward;
      PlanPtr unsorted = std::move(sort.children[0]);
      limit->children[0] = std::move(unsorted);  // drops the sort
      limit->estimate = PlanEstimate{};
      EstimatePlan(*limit);
      return;
    }
  }
  // Otherwise a whole index in order, when stopping at the limit makes it cheaper.
  for (size_t index_number = 0; index_number < item.indexes.size(); ++index_number) {
    const BoundIndex& index = *item.indexes[index_number];
    if (index.predicate) continue;  // partial indexes need predicate proofs: not yet
    const auto backward = ScanDirection(index, order, 0);
    if (!backward) continue;
    PlanPtr chain = OrderedIndexScan(*scan, item, index_number, *backward);
    for (auto filter = filters.rbegin(); filter != filters.rend(); ++filter) {
      PlanPtr copy = CopyNode(**filter);
      copy->children.push_back(std::move(chain));
      chain = std::move(copy);
    }
    PlanPtr new_project = CopyNode(project);
    new_project->children.push_back(std::move(chain));
    PlanPtr candidate = CopyNode(*limit);
    candidate->children.push_back(std::move(new_project));
    EstimatePlan(*candidate);
    if (candidate->estimate.total_cost < limit->estimate.total_cost) limit = std::move(candidate);
  }
}

}  // namespace granary::planner
