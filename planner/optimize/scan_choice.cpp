// Sequential or index scan by cost (see scan_choice.hpp).
#include "planner/optimize/scan_choice.hpp"

#include <algorithm>
#include <optional>

#include "planner/optimize/conjuncts.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/join_methods.hpp"
#include "planner/optimize/selectivity.hpp"
#include "types/array.hpp"
#include "types/collation.hpp"
#include "types/value_ops.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

// A comparison `subject op value` (or `value op subject`) where value reads no column of this
// scan: the subject (a column, or an expression an index may key on), the operator as seen
// from the subject's side, and the value; or `subject IS NULL` (op "IS NULL", no value).
struct ColumnComparison {
  const BoundExpr* subject;
  std::string op;
  const BoundExpr* value;
  const BoundExpr* source = nullptr;  // the conjunct
  uint32_t collation = 0;             // the comparison's input collation
};

// An index key serves a comparison only under the same collation (PostgreSQL's
// IndexCollMatchesExprColl); 0 and the default are one.
bool SameCollation(uint32_t comparison, const types::KeyColumn& key) {
  if (!types::IsString(key.type.id)) return true;
  return types::ReportedCollation(comparison) == types::ReportedCollation(key.type.collation);
}

// Whether index key `key` is `subject`: the same table column, or an expression key equal
// to it (PostgreSQL's match_index_to_operand).
bool KeyMatches(const IndexKey& key, const BoundExpr& subject) {
  if (subject.kind == BoundKind::kColumn) return key.table_column && *key.table_column == subject.index;
  return !key.table_column && key.expr && subject.Equals(*key.expr);
}

// An expression that may be an index key: a column, or a non-volatile expression over columns.
bool IsKeySubject(const BoundExpr& expr) {
  return expr.kind == BoundKind::kColumn || (expr.ReferencesColumns() && !expr.IsVolatile());
}

std::optional<ColumnComparison> AsColumnComparison(const BoundExpr& expr) {
  // `key IS NULL` is an equality with the NULL entries (value nullptr).
  if (expr.kind == BoundKind::kIsNull && !expr.negated && IsKeySubject(*expr.args[0])) {
    return ColumnComparison{expr.args[0].get(), "IS NULL", nullptr, &expr, 0};
  }
  static const std::pair<const char*, const char*> kFlipped[] = {
      {"=", "="}, {"<", ">"}, {">", "<"}, {"<=", ">="}, {">=", "<="}};
  if (expr.kind != BoundKind::kCall || expr.args.size() != 2) return std::nullopt;
  for (const auto& [op, flipped] : kFlipped) {
    if (expr.name != op) continue;
    for (int side = 0; side < 2; ++side) {
      const BoundExpr& column = *expr.args[side];
      const BoundExpr& value = *expr.args[1 - side];
      if (!IsKeySubject(column) || value.ReferencesColumns() || value.IsVolatile()) continue;
      return ColumnComparison{&column, side == 0 ? op : flipped, &value, &expr, expr.input_collation};
    }
  }
  return std::nullopt;
}

// `column = v1 OR column = v2 OR ...` over one column (how `column IN (v1, v2, ...)` is
// bound), each value reading no column of this scan: the column and the values.
// `column = ANY (array)` is the same, the array (reading no column) giving the values.
struct ColumnAlternatives {
  const BoundExpr* subject = nullptr;
  std::vector<const BoundExpr*> values;
  const BoundExpr* array = nullptr;
  const BoundExpr* source = nullptr;  // the conjunct
  uint32_t collation = 0;             // the comparisons' input collation
};

std::optional<ColumnAlternatives> AsColumnAlternatives(const BoundExpr& expr) {
  if (expr.kind == BoundKind::kArrayComparison && expr.name == "=" && !expr.negated &&
      IsKeySubject(*expr.args[0]) && !expr.args[1]->ReferencesColumns() &&
      !expr.args[1]->IsVolatile()) {
    ColumnAlternatives alternatives;
    alternatives.subject = expr.args[0].get();
    alternatives.array = expr.args[1].get();
    alternatives.source = &expr;
    alternatives.collation = expr.input_collation;
    return alternatives;
  }
  if (expr.kind != BoundKind::kOr) return std::nullopt;
  ColumnAlternatives alternatives;
  alternatives.source = &expr;
  for (const BoundExprPtr& arg : expr.args) {
    const std::optional<ColumnComparison> comparison = AsColumnComparison(*arg);
    if (!comparison || comparison->op != "=") return std::nullopt;
    if (!alternatives.values.empty() && !comparison->subject->Equals(*alternatives.subject)) return std::nullopt;
    if (!alternatives.values.empty() && comparison->collation != alternatives.collation) return std::nullopt;
    alternatives.subject = comparison->subject;
    alternatives.collation = comparison->collation;
    alternatives.values.push_back(comparison->value);
  }
  return alternatives;
}


// The values an IN list probes: its values, a constant array's elements, or PostgreSQL's
// guess of 10 for an array known only when the statement runs (estimate_array_length).
double AlternativeCount(const ColumnAlternatives& alternatives) {
  if (!alternatives.array) return static_cast<double>(alternatives.values.size());
  const BoundExpr& array = *alternatives.array;
  if (array.kind == BoundKind::kConstant && !array.constant.is_null()) {
    return static_cast<double>(array.constant.AsArray().elements.size());
  }
  return 10;
}

// The conditions a list of conjuncts puts on index keys.
struct KeyConditions {
  std::vector<ColumnComparison> comparisons;
  std::vector<ColumnAlternatives> alternative_lists;
};

KeyConditions CollectKeyConditions(const std::vector<Conjunct>& conjuncts) {
  KeyConditions conditions;
  for (const Conjunct& conjunct : conjuncts) {
    if (auto comparison = AsColumnComparison(*conjunct.expr)) conditions.comparisons.push_back(*comparison);
    if (auto alternatives = AsColumnAlternatives(*conjunct.expr)) {
      conditions.alternative_lists.push_back(std::move(*alternatives));
    }
  }
  return conditions;
}

// How one index serves a list of conjuncts: equalities (or IS NULL) on its first keys, then
// alternatives or a range on the next one (PostgreSQL's btree index quals).
struct IndexPath {
  size_t index_number = 0;
  std::vector<const BoundExpr*> equal;  // nullptr: `key IS NULL`
  std::optional<ColumnAlternatives> alternatives;
  const BoundExpr* lower = nullptr;
  const BoundExpr* upper = nullptr;
  bool lower_inclusive = true;
  bool upper_inclusive = true;
  std::vector<const BoundExpr*> used;      // the conjuncts the index applies (for costing)
  std::vector<const BoundExpr*> enforced;  // the conjuncts the chosen bounds come from
  int score = 0;
  double selectivity = 1;
  double probes = 1;  // the index descents: one per IN value
  IndexScanCost entries;  // reading the index alone (a Bitmap Index Scan)
};

// How `index` serves `conditions`; nullopt when it constrains no key. `conjuncts` (from
// which the conditions came) must imply a partial index's predicate.
std::optional<IndexPath> MatchIndex(const BoundFromItem& item, size_t index_number, const KeyConditions& conditions,
                                    const std::vector<Conjunct>& conjuncts, const RelationEstimate& relation) {
  const BoundIndex& index = *item.indexes[index_number];
  if (index.predicate && !PredicateImplied(*index.predicate, conjuncts)) return std::nullopt;
  IndexPath path;
  path.index_number = index_number;
  const BoundExpr* lower_source = nullptr;
  const BoundExpr* upper_source = nullptr;
  for (const IndexKey& key : index.keys) {
    const ColumnComparison* equality = nullptr;
    for (const ColumnComparison& comparison : conditions.comparisons) {
      if (!KeyMatches(key, *comparison.subject)) continue;
      if (comparison.op == "IS NULL" ||
          (comparison.op == "=" && comparison.value->type.id == key.column.type.id &&
           SameCollation(comparison.collation, key.column))) {
        equality = &comparison;
      }
    }
    if (equality) {
      path.equal.push_back(equality->value);
      path.used.push_back(equality->source);
      path.enforced.push_back(equality->source);
      continue;
    }
    for (const ColumnAlternatives& list : conditions.alternative_lists) {
      const bool same_type =
          list.array ? types::ElementTypeOf(list.array->type.id) == key.column.type.id
                     : std::all_of(list.values.begin(), list.values.end(),
                                   [&](const BoundExpr* value) { return value->type.id == key.column.type.id; });
      if (KeyMatches(key, *list.subject) && same_type && SameCollation(list.collation, key.column)) {
        path.alternatives = list;
      }
    }
    if (path.alternatives) {
      path.used.push_back(path.alternatives->source);
      path.enforced.push_back(path.alternatives->source);
      break;
    }
    for (const ColumnComparison& comparison : conditions.comparisons) {
      if (!comparison.value || !KeyMatches(key, *comparison.subject) ||
          comparison.value->type.id != key.column.type.id || !SameCollation(comparison.collation, key.column)) {
        continue;
      }
      if (comparison.op == ">" || comparison.op == ">=") {
        path.lower = comparison.value;
        path.lower_inclusive = comparison.op == ">=";
        lower_source = comparison.source;
        path.used.push_back(comparison.source);
      } else if (comparison.op == "<" || comparison.op == "<=") {
        path.upper = comparison.value;
        path.upper_inclusive = comparison.op == "<=";
        upper_source = comparison.source;
        path.used.push_back(comparison.source);
      }
    }
    // In the order the query wrote them, as PostgreSQL lists a key's index conditions.
    for (const Conjunct& conjunct : conjuncts) {
      const BoundExpr* source = conjunct.expr.get();
      if (source == lower_source || source == upper_source) path.enforced.push_back(source);
    }
    break;
  }
  const size_t bound_keys = path.equal.size() + (path.alternatives ? 1 : 0);
  path.score = static_cast<int>(bound_keys) * 2 + (path.lower || path.upper ? 1 : 0) +
               (index.schema.unique && bound_keys == index.keys.size() ? 1 : 0);
  if (path.score == 0) return std::nullopt;
  path.selectivity = ConjunctsSelectivity(path.used, relation);
  double index_operators = 0;
  for (const BoundExpr* condition : path.used) index_operators += OperatorCount(*condition);
  const double pages = index_number < item.index_pages.size() ? item.index_pages[index_number] : 1;
  if (path.alternatives) path.probes = AlternativeCount(*path.alternatives);
  path.entries = CostIndexEntries(relation, path.selectivity, index_operators, pages, 1, path.probes);
  return path;
}

// The cheapest index path for `conjuncts` by the cost of reading its entries; nullopt when
// no index serves them.
std::optional<IndexPath> CheapestEntries(const BoundFromItem& item, const std::vector<Conjunct>& conjuncts,
                                         const RelationEstimate& relation) {
  const KeyConditions conditions = CollectKeyConditions(conjuncts);
  std::optional<IndexPath> best;
  for (size_t i = 0; i < item.indexes.size(); ++i) {
    std::optional<IndexPath> path = MatchIndex(item, i, conditions, conjuncts, relation);
    if (path && (!best || path->entries.total < best->entries.total)) best = std::move(path);
  }
  return best;
}

// Sets the index fields of `node` (a kIndexScan or kBitmapIndexScan) from `path`.
void ApplyPath(const IndexPath& path, const BoundFromItem& item, PlanNode& node) {
  node.index = item.indexes[path.index_number];
  node.index_values.clear();
  node.index_null_keys.clear();
  for (size_t i = 0; i < path.equal.size(); ++i) {
    const BoundExpr* value = path.equal[i];
    node.index_null_keys.push_back(value == nullptr);
    if (value == nullptr) {
      // Never evaluated (index_null_keys): a NULL of the key's type.
      auto null_value = std::make_unique<BoundExpr>();
      null_value->kind = BoundKind::kConstant;
      null_value->type = node.index->keys[i].column.type;
      node.index_values.push_back(std::move(null_value));
    } else {
      node.index_values.push_back(value->Clone());
    }
  }
  const ColumnAlternatives* alternatives = path.alternatives ? &*path.alternatives : nullptr;
  node.index_alternatives.clear();
  node.alternatives_from_array = alternatives && alternatives->array;
  if (alternatives && alternatives->array) node.index_alternatives.push_back(alternatives->array->Clone());
  if (alternatives && !alternatives->array) {
    for (const BoundExpr* value : alternatives->values) node.index_alternatives.push_back(value->Clone());
  }
  node.range_lower = path.lower ? path.lower->Clone() : nullptr;
  node.range_upper = path.upper ? path.upper->Clone() : nullptr;
  node.lower_inclusive = path.lower_inclusive;
  node.upper_inclusive = path.upper_inclusive;
  node.index_quals.clear();
  for (const BoundExpr* condition : path.enforced) node.index_quals.push_back(condition->Clone());
}

// A Bitmap Index Scan node for `path`, its estimate that of the entries it reads.
PlanPtr MakeBitmapIndexScan(const IndexPath& path, const BoundFromItem& item, const RelationEstimate& relation) {
  auto node = std::make_unique<PlanNode>();
  node->kind = PlanKind::kBitmapIndexScan;
  node->table = item.table;  // for EXPLAIN's column names
  ApplyPath(path, item, *node);
  // As PostgreSQL shows it: the bitmap is done only when the whole index range was read.
  node->estimate.startup_cost = 0;
  node->estimate.total_cost = path.entries.total;
  node->estimate.rows = ClampRows(path.selectivity * relation.tuples);
  node->estimate.done = true;
  return node;
}

// The bitmap paths PostgreSQL's create_bitmap_or_path builds for one OR conjunct: each arm
// (a condition, or an AND of them) served by its cheapest index; nullopt when some arm has
// none. The paths' selectivities add up to the bitmap's (capped at 1).
struct OrPaths {
  const BoundExpr* disjunction = nullptr;
  std::vector<std::vector<Conjunct>> arm_conjuncts;  // what the paths' conditions point into
  std::vector<IndexPath> arms;
  double cost = 0;
  double selectivity = 0;
};

std::optional<OrPaths> MatchOr(const BoundExpr& disjunction, const BoundFromItem& item,
                               const RelationEstimate& relation) {
  OrPaths paths;
  paths.disjunction = &disjunction;
  for (const BoundExprPtr& arm : disjunction.args) {
    std::vector<Conjunct>& arm_conjuncts = paths.arm_conjuncts.emplace_back();
    SplitConjuncts(*arm, arm_conjuncts);
    std::optional<IndexPath> path = CheapestEntries(item, arm_conjuncts, relation);
    if (!path) return std::nullopt;
    paths.cost += BitmapEntriesCost(path->entries, ClampRows(path->selectivity * relation.tuples));
    paths.selectivity += path->selectivity;
    paths.arms.push_back(std::move(*path));
  }
  paths.selectivity = std::min(paths.selectivity, 1.0);
  return paths;
}

// `subject op1 c1` implies `subject op2 c2` (btree's implication table in predtest.c), for
// constants of one type that compare without a collation.
bool ComparisonImplies(const std::string& op1, const types::Value& c1, const std::string& op2,
                       const types::Value& c2) {
  const int order = types::Compare(c1, c2);
  const bool below = op1 == "<" || op1 == "<=";
  const bool above = op1 == ">" || op1 == ">=";
  if (op2 == "<") return (op1 == "=" || op1 == "<=") ? order < 0 : op1 == "<" && order <= 0;
  if (op2 == "<=") return (op1 == "=" || below) && order <= 0;
  if (op2 == ">") return (op1 == "=" || op1 == ">=") ? order > 0 : op1 == ">" && order >= 0;
  if (op2 == ">=") return (op1 == "=" || above) && order >= 0;
  if (op2 == "=") return op1 == "=" && order == 0;
  if (op2 == "<>") {
    if (op1 == "=") return order != 0;
    if (op1 == "<") return order <= 0;
    if (op1 == "<=") return order < 0;
    if (op1 == ">") return order >= 0;
    if (op1 == ">=") return order > 0;
  }
  return false;
}

// The constant of a comparison that the implication table may use: a non-NULL value of a
// type that compares without a collation.
const types::Value* ComparableConstant(const BoundExpr* expr) {
  if (expr == nullptr || expr->kind != BoundKind::kConstant || expr->constant.is_null()) return nullptr;
  if (types::IsString(expr->type.id)) return nullptr;
  return &expr->constant;
}

// `subject <> value` as a comparison (AsColumnComparison knows the index operators only).
std::optional<ColumnComparison> AsNotEqual(const BoundExpr& expr) {
  if (expr.kind != BoundKind::kCall || expr.args.size() != 2 || expr.name != "<>") return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    if (IsKeySubject(*expr.args[side]) && !expr.args[1 - side]->ReferencesColumns()) {
      return ColumnComparison{expr.args[side].get(), "<>", expr.args[1 - side].get(), &expr, expr.input_collation};
    }
  }
  return std::nullopt;
}

}  // namespace

bool Implies(const BoundExpr& given, const BoundExpr& required) {
  if (given.Equals(required)) return true;
  // An OR holds when one of its arms does.
  if (required.kind == BoundKind::kOr) {
    return std::any_of(required.args.begin(), required.args.end(),
                       [&](const BoundExprPtr& arm) { return Implies(given, *arm); });
  }
  const std::optional<ColumnComparison> known = AsColumnComparison(given);
  if (!known || known->op == "IS NULL") return false;
  // A comparison is false or NULL for a NULL subject (btree operators are strict).
  if (required.kind == BoundKind::kIsNull && required.negated) return known->subject->Equals(*required.args[0]);
  std::optional<ColumnComparison> wanted = AsColumnComparison(required);
  if (!wanted) wanted = AsNotEqual(required);
  if (!wanted || wanted->op == "IS NULL" || !known->subject->Equals(*wanted->subject)) return false;
  const types::Value* c1 = ComparableConstant(known->value);
  const types::Value* c2 = ComparableConstant(wanted->value);
  if (c1 == nullptr || c2 == nullptr || c1->type() != c2->type()) return false;
  return ComparisonImplies(known->op, *c1, wanted->op, *c2);
}

bool PredicateImplied(const BoundExpr& predicate, const std::vector<Conjunct>& conjuncts) {
  std::vector<Conjunct> required;
  SplitConjuncts(predicate, required);
  for (const Conjunct& condition : required) {
    const bool implied = std::any_of(conjuncts.begin(), conjuncts.end(), [&](const Conjunct& conjunct) {
      return Implies(*conjunct.expr, *condition.expr);
    });
    if (!implied) return false;
  }
  return true;
}

PlanPtr MakeScan(const catalog::TableSchema& table, const std::string& alias) {
  auto scan = std::make_unique<PlanNode>();
  scan->kind = PlanKind::kSeqScan;
  scan->table = table;
  scan->alias = alias;
  for (const catalog::ColumnSchema& column : table.columns) {
    scan->output_types.push_back(column.type);
    scan->output_names.push_back(alias.empty() ? column.name : alias + "." + column.name);
  }
  // The system columns (kTableSystemColumns).
  for (const char* system : {"ctid", "xmin", "xmax"}) {
    scan->output_types.push_back(Type{std::string_view(system) == "ctid" ? TypeId::kTid : TypeId::kXid, -1});
    scan->output_names.push_back(alias.empty() ? system : alias + "." + system);
  }
  return scan;
}

void ChooseIndex(PlanNode& scan, const BoundFromItem& item) {
  const BoundIndexes& indexes = item.indexes;
  const RelationEstimate relation = EstimateItem(item);
  CostSeqScan(scan, relation);
  if (!scan.predicate || indexes.empty()) return;
  const double all_operators = OperatorCount(*scan.predicate);
  std::vector<Conjunct> conjuncts;
  SplitConjuncts(*scan.predicate, conjuncts);
  const KeyConditions conditions = CollectKeyConditions(conjuncts);
  int best_score = 0;
  double best_cost = scan.estimate.total_cost;
  // The chosen scan; a bitmap scan's index scans are made once it is known.
  std::optional<IndexPath> chosen;
  bool chosen_bitmap = false;
  std::optional<OrPaths> chosen_or;
  IndexScanCost chosen_cost;
  for (size_t index_number = 0; index_number < indexes.size(); ++index_number) {
    const auto& index = indexes[index_number];
    std::optional<IndexPath> path = MatchIndex(item, index_number, conditions, conjuncts, relation);
    if (!path) continue;
    double index_operators = 0;
    for (const BoundExpr* condition : path->used) index_operators += OperatorCount(*condition);
    double correlation = 0;
    if (index->keys[0].table_column) {
      if (const catalog::ColumnStatistics* stats = relation.Column(*index->keys[0].table_column)) {
        correlation = stats->correlation.value_or(0);
      }
    }
    const double pages = index_number < item.index_pages.size() ? item.index_pages[index_number] : 1;
    const IndexScanCost cost = CostIndexScan(relation, path->selectivity, index_operators,
                                             std::max(0.0, all_operators - index_operators), pages, correlation, 1,
                                             path->probes);
    if (cost.total < best_cost || (cost.total == best_cost && path->score > best_score)) {
      best_cost = cost.total;
      best_score = path->score;
      chosen = path;
      chosen_bitmap = false;
      chosen_cost = cost;
    }
    // The same index through a bitmap: its rows read in heap order, each page once.
    const IndexScanCost bitmap = CostBitmapHeapScan(
        relation, BitmapEntriesCost(path->entries, ClampRows(path->selectivity * relation.tuples)), path->selectivity,
        all_operators);
    if (bitmap.total < best_cost) {
      best_cost = bitmap.total;
      best_score = path->score;
      chosen = path;
      chosen_bitmap = true;
      chosen_cost = bitmap;
    }
  }
  // An OR of conditions that no single index serves: a BitmapOr of an index scan per arm.
  for (const Conjunct& conjunct : conjuncts) {
    if (conjunct.expr->kind != BoundKind::kOr || AsColumnAlternatives(*conjunct.expr)) continue;
    std::optional<OrPaths> paths = MatchOr(*conjunct.expr, item, relation);
    if (!paths) continue;
    const IndexScanCost cost = CostBitmapHeapScan(relation, paths->cost, paths->selectivity, all_operators);
    if (cost.total < best_cost) {
      best_cost = cost.total;
      chosen_or = std::move(paths);
      chosen_cost = cost;
    }
  }
  if (chosen_or) {
    auto bitmap_or = std::make_unique<PlanNode>();
    bitmap_or->kind = PlanKind::kBitmapOr;
    for (const IndexPath& path : chosen_or->arms) bitmap_or->children.push_back(MakeBitmapIndexScan(path, item, relation));
    bitmap_or->estimate.startup_cost = chosen_or->cost;
    bitmap_or->estimate.total_cost = chosen_or->cost;
    bitmap_or->estimate.rows = ClampRows(chosen_or->selectivity * relation.tuples);
    bitmap_or->estimate.done = true;
    scan.kind = PlanKind::kBitmapHeapScan;
    scan.children.clear();
    scan.children.push_back(std::move(bitmap_or));
    // Recheck Cond as PostgreSQL shows it: the OR of what each arm's index applies.
    auto recheck = std::make_unique<BoundExpr>();
    recheck->kind = BoundKind::kOr;
    recheck->type = chosen_or->disjunction->type;
    for (const IndexPath& path : chosen_or->arms) {
      std::vector<BoundExprPtr> arm;
      for (const BoundExpr* condition : path.enforced) arm.push_back(condition->Clone());
      recheck->args.push_back(CombineAnd(std::move(arm)));
    }
    scan.index_quals.clear();
    scan.index_quals.push_back(std::move(recheck));
  } else if (chosen && chosen_bitmap) {
    scan.kind = PlanKind::kBitmapHeapScan;
    scan.children.clear();
    scan.children.push_back(MakeBitmapIndexScan(*chosen, item, relation));
    scan.index_quals.clear();
    for (const BoundExpr* condition : chosen->enforced) scan.index_quals.push_back(condition->Clone());
    // A partial index's predicate holds for every row it names: PostgreSQL lists it in the
    // Recheck Cond too (the WHERE implies it, so rechecking it never drops a row).
    if (const BoundExprPtr& predicate = indexes[chosen->index_number]->predicate) {
      std::vector<Conjunct> predicate_conjuncts;
      SplitConjuncts(*predicate, predicate_conjuncts);
      for (Conjunct& conjunct : predicate_conjuncts) scan.index_quals.push_back(std::move(conjunct.expr));
    }
  } else if (chosen) {
    scan.kind = PlanKind::kIndexScan;
    ApplyPath(*chosen, item, scan);
  } else {
    return;
  }
  scan.estimate.startup_cost = chosen_cost.startup;
  scan.estimate.total_cost = chosen_cost.total;
}

}  // namespace granary::planner
