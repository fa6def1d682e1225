// Grouping sets and functional dependencies of GROUP BY (grouping.hpp).
#include "planner/analyze/grouping.hpp"

#include <algorithm>
#include <optional>

#include "common/sqlstate.hpp"

namespace granary::planner {
namespace {

constexpr size_t kMaxGroupingSets = 4096;  // PostgreSQL's limit
constexpr size_t kMaxCubeElements = 12;

class GroupingSetExpander {
 public:
  GroupingSetExpander(const std::function<size_t(const parser::Expr&)>& key_index,
                      AnalyzeContext& context)
      : key_index_(key_index), context_(context) {}

  // The grouping sets one GROUP BY item stands for.
  std::vector<GroupingSet> Expand(const parser::Expr& item) {
    if (item.kind != parser::ExprKind::kGroupingSet) return {GroupingSet{key_index_(item)}};
    const auto& set = item.As<parser::GroupingSetExpr>();
    switch (set.set_kind) {
      case parser::GroupingSetKind::kEmpty: return {GroupingSet{}};
      case parser::GroupingSetKind::kList: return {Unit(item)};
      case parser::GroupingSetKind::kRollup: return Rollup(set);
      case parser::GroupingSetKind::kCube: return Cube(set);
      case parser::GroupingSetKind::kSets: {
        std::vector<GroupingSet> sets;
        for (const parser::ExprPtr& element : set.content) {
          std::vector<GroupingSet> inner = Expand(*element);
          sets.insert(sets.end(), std::make_move_iterator(inner.begin()),
                      std::make_move_iterator(inner.end()));
          if (sets.size() > kMaxGroupingSets) TooMany();
        }
        return sets;
      }
    }
    return {};
  }

  [[noreturn]] void TooMany() {
    throw context_.ErrorAt(sqlstate::kStatementTooComplex,
                           "too many grouping sets present (maximum 4096)", -1);
  }

 private:
  // An element of ROLLUP or CUBE, or a `(a, b)` list: the keys grouped together.
  GroupingSet Unit(const parser::Expr& element) {
    if (element.kind != parser::ExprKind::kGroupingSet) return GroupingSet{key_index_(element)};
    GroupingSet unit;
    for (const parser::ExprPtr& member : element.As<parser::GroupingSetExpr>().content) {
      unit.push_back(key_index_(*member));
    }
    return unit;
  }

  std::vector<GroupingSet> Units(const parser::GroupingSetExpr& set) {
    std::vector<GroupingSet> units;
    for (const parser::ExprPtr& element : set.content) units.push_back(Unit(*element));
    return units;
  }

  // (u1, ..., un), (u1, ..., un-1), ..., ().
  std::vector<GroupingSet> Rollup(const parser::GroupingSetExpr& set) {
    const std::vector<GroupingSet> units = Units(set);
    std::vector<GroupingSet> sets;
    for (size_t length = units.size() + 1; length-- > 0;) {
      GroupingSet joined;
      for (size_t i = 0; i < length; ++i) joined.insert(joined.end(), units[i].begin(), units[i].end());
      sets.push_back(std::move(joined));
    }
    return sets;
  }

  // Every subset of the units, the whole first and the empty set last (PostgreSQL's order).
  std::vector<GroupingSet> Cube(const parser::GroupingSetExpr& set) {
    if (set.content.size() > kMaxCubeElements) {
      throw context_.ErrorAt(sqlstate::kTooManyColumns, "CUBE is limited to 12 elements",
                             set.location);
    }
    const std::vector<GroupingSet> units = Units(set);
    const size_t n = units.size();
    std::vector<GroupingSet> sets;
    for (size_t mask = size_t{1} << n; mask-- > 0;) {
      GroupingSet joined;
      for (size_t i = 0; i < n; ++i) {
        if ((mask & (size_t{1} << (n - 1 - i))) != 0) {
          joined.insert(joined.end(), units[i].begin(), units[i].end());
        }
      }
      sets.push_back(std::move(joined));
    }
    return sets;
  }

  const std::function<size_t(const parser::Expr&)>& key_index_;
  AnalyzeContext& context_;
};

// The input columns `expr` reads outside group keys, aggregates, windows and GROUPING calls
// (the walk the select binder's move onto the aggregate output makes).
void CollectUngroupedColumns(const BoundQuery& query, const BoundExpr& expr, std::vector<size_t>& out) {
  for (const BoundExprPtr& key : query.group_keys) {
    if (key->Equals(expr)) return;
  }
  if (expr.kind == BoundKind::kAggregateRef || expr.kind == BoundKind::kWindowRef ||
      expr.kind == BoundKind::kGroupingRef) {
    return;
  }
  if (expr.kind == BoundKind::kColumn) {
    if (std::find(out.begin(), out.end(), expr.index) == out.end()) out.push_back(expr.index);
    return;
  }
  for (const BoundExprPtr& arg : expr.args) CollectUngroupedColumns(query, *arg, out);
}

// The FROM table (not a view, subquery or WITH item) whose row holds input column `column`.
const BoundFromItem* FindTableItem(const BoundFromItem& item, size_t column) {
  if (item.kind == BoundFromItem::Kind::kJoin) {
    if (const BoundFromItem* found = FindTableItem(*item.left, column)) return found;
    return FindTableItem(*item.right, column);
  }
  const bool inside = column >= item.column_offset && column < item.column_offset + item.column_count;
  return inside && item.kind == BoundFromItem::Kind::kTable && item.table.kind == 'r' ? &item : nullptr;
}

// The group key that is input column `column`, or nullopt.
std::optional<size_t> KeyOfColumn(const BoundQuery& query, size_t column) {
  const BoundExprPtr bound = MakeColumn(column, query.input_types[column]);
  for (size_t k = 0; k < query.group_keys.size(); ++k) {
    if (query.group_keys[k]->Equals(*bound)) return k;
  }
  return std::nullopt;
}

// The primary key of `table` when its every column is a group key in every set, else null.
const BoundIndex* GroupedPrimaryKey(const BoundQuery& query, const BoundFromItem& table) {
  for (const auto& index : table.indexes) {
    if (!index->schema.primary) continue;
    for (const IndexKey& key : index->keys) {
      if (!key.table_column) return nullptr;
      const std::optional<size_t> k = KeyOfColumn(query, table.column_offset + *key.table_column);
      if (!k) return nullptr;
      for (const GroupingSet& set : query.grouping_sets) {
        if (std::find(set.begin(), set.end(), *k) == set.end()) return nullptr;
      }
    }
    return index.get();
  }
  return nullptr;
}

}  // namespace

std::vector<GroupingSet> ExpandGroupBy(const parser::ExprList& items, bool distinct,
                                       const std::function<size_t(const parser::Expr&)>& key_index,
                                       AnalyzeContext& context) {
  GroupingSetExpander expander(key_index, context);
  bool has_sets = false;
  std::vector<std::vector<GroupingSet>> expanded;
  for (const parser::ExprPtr& item : items) {
    has_sets = has_sets || (item->kind == parser::ExprKind::kGroupingSet &&
                            item->As<parser::GroupingSetExpr>().set_kind != parser::GroupingSetKind::kList);
    expanded.push_back(expander.Expand(*item));
  }
  if (!has_sets) return {};
  std::vector<GroupingSet> product{GroupingSet{}};
  for (const std::vector<GroupingSet>& sets : expanded) {
    if (sets.size() * product.size() > kMaxGroupingSets) expander.TooMany();
    std::vector<GroupingSet> next;
    for (const GroupingSet& left : product) {
      for (const GroupingSet& right : sets) {
        GroupingSet joined = left;
        joined.insert(joined.end(), right.begin(), right.end());
        next.push_back(std::move(joined));
      }
    }
    product = std::move(next);
  }
  for (GroupingSet& set : product) {
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
  }
  if (distinct) {
    std::vector<GroupingSet> unique;
    for (GroupingSet& set : product) {
      if (std::find(unique.begin(), unique.end(), set) == unique.end()) unique.push_back(std::move(set));
    }
    product = std::move(unique);
  }
  return product;
}

void AddFunctionallyDependentKeys(BoundQuery& query, AnalyzeContext& context) {
  std::vector<size_t> used;
  auto collect = [&](const BoundExprPtr& expr) {
    if (expr) CollectUngroupedColumns(query, *expr, used);
  };
  for (const BoundExprPtr& target : query.targets) collect(target);
  collect(query.having);
  for (const BoundWindow& window : query.windows) {
    for (const BoundExprPtr& arg : window.args) collect(arg);
    collect(window.filter);
    for (const BoundExprPtr& key : window.partition_by) collect(key);
    for (const BoundExprPtr& key : window.order_by) collect(key);
  }
  for (size_t column : used) {
    const BoundFromItem* table = nullptr;
    for (const auto& item : query.from) {
      if ((table = FindTableItem(*item, column)) != nullptr) break;
    }
    if (table == nullptr) continue;
    const BoundIndex* key = GroupedPrimaryKey(query, *table);
    if (key == nullptr) continue;
    if (context.key_dependencies != nullptr) context.key_dependencies->push_back(key->schema.oid);
    for (GroupingSet& set : query.grouping_sets) set.push_back(query.group_keys.size());
    query.group_keys.push_back(MakeColumn(column, query.input_types[column]));
  }
}

}  // namespace granary::planner
