// Sequential or index scan by cost (see scan_choice.hpp).
#include "planner/optimize/scan_choice.hpp"

#include <algorithm>
#include <optional>

#include "planner/optimize/conjuncts.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/join_methods.hpp"
#include "planner/optimize/selectivity.hpp"
#include "types/collation.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

// A comparison `subject op value` (or `value op subject`) where value reads no column of this
// scan: the subject (a column, or an expression an index may key on), the operator as seen
// from the subject's side, and the value.
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

}  // namespace

bool PredicateImplied(const BoundExpr& predicate, const std::vector<Conjunct>& conjuncts) {
  std::vector<Conjunct> required;
  SplitConjuncts(predicate, required);
  for (const Conjunct& condition : required) {
    const bool present = std::any_of(conjuncts.begin(), conjuncts.end(), [&](const Conjunct& conjunct) {
      return conjunct.expr->Equals(*condition.expr);
    });
    if (!present) return false;
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
  std::vector<ColumnComparison> comparisons;
  std::vector<ColumnAlternatives> alternative_lists;
  for (const Conjunct& conjunct : conjuncts) {
    if (auto comparison = AsColumnComparison(*conjunct.expr)) comparisons.push_back(*comparison);
    if (auto alternatives = AsColumnAlternatives(*conjunct.expr)) {
      alternative_lists.push_back(std::move(*alternatives));
    }
  }
  int best_score = 0;
  double best_cost = scan.estimate.total_cost;
  for (size_t index_number = 0; index_number < indexes.size(); ++index_number) {
    const auto& index = indexes[index_number];
    if (index->predicate && !PredicateImplied(*index->predicate, conjuncts)) continue;
    std::vector<const BoundExpr*> used;
    std::vector<const BoundExpr*> enforced;  // the conjuncts the chosen bounds come from
    std::vector<const BoundExpr*> equal;
    const ColumnAlternatives* alternatives = nullptr;
    const BoundExpr* lower = nullptr;
    const BoundExpr* upper = nullptr;
    bool lower_inclusive = true;
    bool upper_inclusive = true;
    for (const IndexKey& key : index->keys) {
      const ColumnComparison* equality = nullptr;
      for (const ColumnComparison& comparison : comparisons) {
        if (KeyMatches(key, *comparison.subject) && comparison.op == "=" &&
            comparison.value->type.id == key.column.type.id && SameCollation(comparison.collation, key.column)) {
          equality = &comparison;
        }
      }
      if (equality) {
        equal.push_back(equality->value);
        used.push_back(equality->source);
        enforced.push_back(equality->source);
        continue;
      }
      for (const ColumnAlternatives& list : alternative_lists) {
        const bool same_type =
            list.array ? types::ElementTypeOf(list.array->type.id) == key.column.type.id
                       : std::all_of(list.values.begin(), list.values.end(), [&](const BoundExpr* value) {
                           return value->type.id == key.column.type.id;
                         });
        if (KeyMatches(key, *list.subject) && same_type && SameCollation(list.collation, key.column)) {
          alternatives = &list;
        }
      }
      if (alternatives) {
        used.push_back(alternatives->source);
        enforced.push_back(alternatives->source);
        break;
      }
      const BoundExpr* lower_source = nullptr;
      const BoundExpr* upper_source = nullptr;
      for (const ColumnComparison& comparison : comparisons) {
        if (!KeyMatches(key, *comparison.subject) || comparison.value->type.id != key.column.type.id ||
            !SameCollation(comparison.collation, key.column)) {
          continue;
        }
        if (comparison.op == ">" || comparison.op == ">=") {
          lower = comparison.value;
          lower_inclusive = comparison.op == ">=";
          lower_source = comparison.source;
          used.push_back(comparison.source);
        } else if (comparison.op == "<" || comparison.op == "<=") {
          upper = comparison.value;
          upper_inclusive = comparison.op == "<=";
          upper_source = comparison.source;
          used.push_back(comparison.source);
        }
      }
      // In the order the query wrote them, as PostgreSQL lists a key's index conditions.
      for (const Conjunct& conjunct : conjuncts) {
        const BoundExpr* source = conjunct.expr.get();
        if (source == lower_source || source == upper_source) enforced.push_back(source);
      }
      break;
    }
    const size_t bound_keys = equal.size() + (alternatives ? 1 : 0);
    const int score = static_cast<int>(bound_keys) * 2 + (lower || upper ? 1 : 0) +
                      (index->schema.unique && bound_keys == index->keys.size() ? 1 : 0);
    if (score == 0) continue;
    double index_operators = 0;
    for (const BoundExpr* condition : used) index_operators += OperatorCount(*condition);
    double correlation = 0;
    if (index->keys[0].table_column) {
      if (const catalog::ColumnStatistics* stats = relation.Column(*index->keys[0].table_column)) {
        correlation = stats->correlation.value_or(0);
      }
    }
    const double pages = index_number < item.index_pages.size() ? item.index_pages[index_number] : 1;
    const IndexScanCost cost = CostIndexScan(relation, ConjunctsSelectivity(used, relation), index_operators,
                                             std::max(0.0, all_operators - index_operators), pages, correlation);
    if (cost.total > best_cost || (cost.total == best_cost && score <= best_score)) continue;
    best_cost = cost.total;
    best_score = score;
    scan.estimate.startup_cost = cost.startup;
    scan.estimate.total_cost = cost.total;
    scan.kind = PlanKind::kIndexScan;
    scan.index = index;
    scan.index_values.clear();
    for (const BoundExpr* value : equal) scan.index_values.push_back(value->Clone());
    scan.index_alternatives.clear();
    scan.alternatives_from_array = alternatives && alternatives->array;
    if (alternatives && alternatives->array) scan.index_alternatives.push_back(alternatives->array->Clone());
    if (alternatives && !alternatives->array) {
      for (const BoundExpr* value : alternatives->values) scan.index_alternatives.push_back(value->Clone());
    }
    scan.range_lower = lower ? lower->Clone() : nullptr;
    scan.range_upper = upper ? upper->Clone() : nullptr;
    scan.lower_inclusive = lower_inclusive;
    scan.upper_inclusive = upper_inclusive;
    scan.index_quals.clear();
    for (const BoundExpr* condition : enforced) scan.index_quals.push_back(condition->Clone());
  }
}

}  // namespace granary::planner
