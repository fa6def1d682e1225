// Plan construction for queries and data-changing statements.
#include "planner/optimize/optimizer.hpp"

#include "types/collation.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "planner/finalize/constant_folding.hpp"
#include "planner/finalize/finalize_plan.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "planner/optimize/cte_planner.hpp"
#include "planner/optimize/index_order.hpp"
#include "planner/optimize/join_methods.hpp"
#include "planner/optimize/join_search.hpp"
#include "planner/optimize/lateral_join.hpp"
#include "planner/optimize/semi_join.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

// A WHERE/ON conjunct waiting to be placed, with the range of input columns it reads.
struct Conjunct {
  BoundExprPtr expr;
  size_t first_column = std::numeric_limits<size_t>::max();
  size_t last_column = 0;  // inclusive; meaningless when it reads no column
  bool reads_columns = false;
};

void SplitConjuncts(const BoundExpr& expr, std::vector<Conjunct>& out) {
  if (expr.kind == BoundKind::kAnd) {
    for (const BoundExprPtr& arg : expr.args) SplitConjuncts(*arg, out);
    return;
  }
  Conjunct conjunct;
  conjunct.expr = expr.Clone();
  expr.Walk([&](const BoundExpr& node) {
    if (node.kind != BoundKind::kColumn) return;
    conjunct.reads_columns = true;
    conjunct.first_column = std::min(conjunct.first_column, node.index);
    conjunct.last_column = std::max(conjunct.last_column, node.index);
  });
  out.push_back(std::move(conjunct));
}

bool Within(const Conjunct& conjunct, size_t begin, size_t end) {
  return !conjunct.reads_columns || (conjunct.first_column >= begin && conjunct.last_column < end);
}

BoundExprPtr CombineAnd(std::vector<BoundExprPtr> parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts[0]);
  auto all = std::make_unique<BoundExpr>();
  all->kind = BoundKind::kAnd;
  all->type = Type{TypeId::kBool, -1};
  all->args = std::move(parts);
  return all;
}

// Takes the conjuncts that read only columns in [begin, end) out of `pool`, shifted by -begin.
BoundExprPtr TakeConjuncts(std::vector<Conjunct>& pool, size_t begin, size_t end) {
  std::vector<BoundExprPtr> taken;
  for (Conjunct& conjunct : pool) {
    if (!conjunct.expr || !conjunct.reads_columns || !Within(conjunct, begin, end)) continue;
    conjunct.expr->RemapColumns([begin](size_t index) { return index - begin; });
    taken.push_back(std::move(conjunct.expr));
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  return CombineAnd(std::move(taken));
}

PlanPtr MakeFilter(PlanPtr child, BoundExprPtr predicate) {
  if (!predicate) return child;
  auto filter = std::make_unique<PlanNode>();
  filter->kind = PlanKind::kFilter;
  filter->output_types = child->output_types;
  filter->output_names = child->output_names;
  filter->predicate = std::move(predicate);
  filter->children.push_back(std::move(child));
  return filter;
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
  scan->output_types.push_back(Type{TypeId::kTid, -1});
  scan->output_names.push_back(alias.empty() ? "ctid" : alias + ".ctid");
  return scan;
}

// A comparison `column op value` (or `value op column`) where value reads no column of this
// scan: the column index, the operator as seen from the column's side, and the value.
struct ColumnComparison {
  size_t column;
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

std::optional<ColumnComparison> AsColumnComparison(const BoundExpr& expr) {
  static const std::pair<const char*, const char*> kFlipped[] = {
      {"=", "="}, {"<", ">"}, {">", "<"}, {"<=", ">="}, {">=", "<="}};
  if (expr.kind != BoundKind::kCall || expr.args.size() != 2) return std::nullopt;
  for (const auto& [op, flipped] : kFlipped) {
    if (expr.name != op) continue;
    for (int side = 0; side < 2; ++side) {
      const BoundExpr& column = *expr.args[side];
      const BoundExpr& value = *expr.args[1 - side];
      if (column.kind != BoundKind::kColumn || value.ReferencesColumns() || value.IsVolatile()) continue;
      return ColumnComparison{column.index, side == 0 ? op : flipped, &value, &expr, expr.input_collation};
    }
  }
  return std::nullopt;
}

// `column = v1 OR column = v2 OR ...` over one column (how `column IN (v1, v2, ...)` is
// bound), each value reading no column of this scan: the column and the values.
// `column = ANY (array)` is the same, the array (reading no column) giving the values.
struct ColumnAlternatives {
  size_t column = 0;
  std::vector<const BoundExpr*> values;
  const BoundExpr* array = nullptr;
  const BoundExpr* source = nullptr;  // the conjunct
  uint32_t collation = 0;             // the comparisons' input collation
};

std::optional<ColumnAlternatives> AsColumnAlternatives(const BoundExpr& expr) {
  if (expr.kind == BoundKind::kArrayComparison && expr.name == "=" && !expr.negated &&
      expr.args[0]->kind == BoundKind::kColumn && !expr.args[1]->ReferencesColumns() &&
      !expr.args[1]->IsVolatile()) {
    ColumnAlternatives alternatives;
    alternatives.column = expr.args[0]->index;
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
    if (!alternatives.values.empty() && comparison->column != alternatives.column) return std::nullopt;
    if (!alternatives.values.empty() && comparison->collation != alternatives.collation) return std::nullopt;
    alternatives.column = comparison->column;
    alternatives.collation = comparison->collation;
    alternatives.values.push_back(comparison->value);
  }
  return alternatives;
}

// Chooses between a sequential scan and an index scan by cost (PostgreSQL's cost_seqscan and
// cost_index). An index can serve the scan when the predicate constrains its leading keys:
// equalities on the first keys, then alternatives (IN) or at most a range on the next one.
// The whole predicate stays on the scan and is rechecked for every row.
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
    if (index->predicate) continue;  // partial indexes need predicate proofs: not yet
    std::vector<const BoundExpr*> used;
    std::vector<const BoundExpr*> equal;
    const ColumnAlternatives* alternatives = nullptr;
    const BoundExpr* lower = nullptr;
    const BoundExpr* upper = nullptr;
    bool lower_inclusive = true;
    bool upper_inclusive = true;
    for (const IndexKey& key : index->keys) {
      if (!key.table_column) break;
      const ColumnComparison* equality = nullptr;
      for (const ColumnComparison& comparison : comparisons) {
        if (comparison.column == *key.table_column && comparison.op == "=" &&
            comparison.value->type.id == key.column.type.id && SameCollation(comparison.collation, key.column)) {
          equality = &comparison;
        }
      }
      if (equality) {
        equal.push_back(equality->value);
        used.push_back(equality->source);
        continue;
      }
      for (const ColumnAlternatives& list : alternative_lists) {
        const bool same_type =
            list.array ? types::ElementTypeOf(list.array->type.id) == key.column.type.id
                       : std::all_of(list.values.begin(), list.values.end(), [&](const BoundExpr* value) {
                           return value->type.id == key.column.type.id;
                         });
        if (list.column == *key.table_column && same_type && SameCollation(list.collation, key.column)) {
          alternatives = &list;
        }
      }
      if (alternatives) {
        used.push_back(alternatives->source);
        break;
      }
      for (const ColumnComparison& comparison : comparisons) {
        if (comparison.column != *key.table_column || comparison.value->type.id != key.column.type.id ||
            !SameCollation(comparison.collation, key.column)) {
          continue;
        }
        if (comparison.op == ">" || comparison.op == ">=") {
          lower = comparison.value;
          lower_inclusive = comparison.op == ">=";
          used.push_back(comparison.source);
        } else if (comparison.op == "<" || comparison.op == "<=") {
          upper = comparison.value;
          upper_inclusive = comparison.op == "<=";
          used.push_back(comparison.source);
        }
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
  }
}

// A sub-select pulled up into a semi or anti join (semi_join.hpp), planned: the inner input
// of a join with the outer relations whose columns its conditions read.
struct SemiJoinInput {
  parser::JoinType type = parser::JoinType::kSemi;
  PlanPtr plan;
  const BoundFromItem* table = nullptr;  // the plan is the bare scan of this table
  std::vector<size_t> columns;           // global ids of the plan's outputs, past the query's
  std::vector<BoundExprPtr> conditions;  // over the global columns
  std::vector<size_t> required;          // the query's columns the conditions read (sorted)
};

std::vector<SemiJoinInput> PullUpSublinks(const BoundQuery& query, std::vector<Conjunct>& pool);

class FromPlanner {
 public:
  explicit FromPlanner(const BoundQuery& query) : query_(query) {}

  // Plans the FROM list with the WHERE conjuncts in `pool`; what cannot be pushed down stays.
  // The list and the inner JOINs in it are flattened into join lists within the collapse
  // limits (PostgreSQL's deconstruct_jointree) and each list is joined in the order the
  // join search (join_search.hpp) finds cheapest; a final projection restores FROM order.
  // A FROM list with LATERAL items is joined left-deep in FROM order instead (PlanInFromOrder).
  // The conjuncts of `pool` (WHERE, and the ON clauses of the inner JOINs the top-level list
  // flattens) that are EXISTS / IN / NOT EXISTS become semi and anti joins (semi_join.hpp).
  PlanPtr Plan(std::vector<Conjunct>& pool) {
    const bool lateral = std::any_of(query_.from.begin(), query_.from.end(),
                                     [](const auto& item) { return !item->lateral_args.empty(); });
    if (lateral) {
      semi_joins_ = PullUpSublinks(query_, pool);
      // The semi and anti joins go above the FROM list joined in FROM order.
      Part current;
      current.plan = PlanInFromOrder(pool);
      for (size_t i = 0; i < current.plan->output_types.size(); ++i) current.columns.push_back(i);
      for (size_t k = 0; k < semi_joins_.size(); ++k) {
        Part inner;
        inner.plan = std::move(semi_joins_[k].plan);
        inner.columns = semi_joins_[k].columns;
        inner.table = semi_joins_[k].table;
        current = SemiJoinParts(std::move(current), std::move(inner), semi_joins_[k]);
      }
      return std::move(current.plan);
    }
    const int limit = CurrentCostParameters().from_collapse_limit;
    std::vector<JoinListEntry> list;
    for (size_t i = 0; i < query_.from.size(); ++i) {
      std::vector<JoinListEntry> sub = Deconstruct(*query_.from[i], pool);
      const size_t remaining = query_.from.size() - i - 1;
      if (sub.size() <= 1 || list.size() + sub.size() + remaining <= static_cast<size_t>(limit)) {
        for (JoinListEntry& entry : sub) list.push_back(std::move(entry));
      } else {
        list.push_back(Wrap(std::move(sub)));
      }
    }
    semi_joins_ = PullUpSublinks(query_, pool);
    return InOrder(PlanJoinList(list, pool, true), 0);
  }

 private:
  // A planned part of the FROM list and the global column index of each of its outputs.
  struct Part {
    PlanPtr plan;
    std::vector<size_t> columns;
    const BoundFromItem* lateral = nullptr;  // an item with lateral_args
    const BoundFromItem* table = nullptr;    // a table item: plan is its bare scan
  };

  // An element of a join list: a FROM item planned on its own, or a list joined by its own
  // search (PostgreSQL's joinlist sub-lists).
  struct JoinListEntry {
    const BoundFromItem* item = nullptr;
    std::vector<JoinListEntry> members;
  };

  static JoinListEntry Wrap(std::vector<JoinListEntry> list) {
    if (list.size() == 1) return std::move(list.front());
    JoinListEntry entry;
    entry.members = std::move(list);
    return entry;
  }

  // deconstruct_recurse: an inner JOIN (whose right side is no lateral item) becomes the
  // concatenation of its sides' lists while that has at most join_collapse_limit members,
  // else the two-member list [left, right] (explicit JOINs beyond the limit keep their
  // shape); its ON conjuncts join `pool`. Any other item is one entry. Outer joins are not
  // flattened: their inputs are planned below them (no reordering across outer joins).
  std::vector<JoinListEntry> Deconstruct(const BoundFromItem& item, std::vector<Conjunct>& pool) {
    const bool inner = item.kind == BoundFromItem::Kind::kJoin &&
                       (item.join_type == parser::JoinType::kInner || item.join_type == parser::JoinType::kCross) &&
                       item.right->lateral_args.empty();
    if (!inner) {
      JoinListEntry entry;
      entry.item = &item;
      return {std::move(entry)};
    }
    if (item.condition) SplitConjuncts(*item.condition, pool);
    std::vector<JoinListEntry> left = Deconstruct(*item.left, pool);
    std::vector<JoinListEntry> right = Deconstruct(*item.right, pool);
    const int limit = CurrentCostParameters().join_collapse_limit;
    if (left.size() + right.size() <= static_cast<size_t>(limit)) {
      for (JoinListEntry& entry : right) left.push_back(std::move(entry));
      return left;
    }
    std::vector<JoinListEntry> pair;
    pair.push_back(Wrap(std::move(left)));
    pair.push_back(Wrap(std::move(right)));
    return pair;
  }

  Part PlanEntry(const JoinListEntry& entry, std::vector<Conjunct>& pool) {
    if (!entry.item) return PlanJoinList(entry.members, pool);
    const BoundFromItem& item = *entry.item;
    Part part;
    part.plan = PlanItem(item, pool);
    for (size_t i = 0; i < item.column_count; ++i) part.columns.push_back(item.column_offset + i);
    if (item.kind == BoundFromItem::Kind::kTable) part.table = &item;
    return part;
  }

  // Plans every member (taking the conjuncts that read only its columns), then joins them
  // in the order the join search finds cheapest.
  // The top-level list (`with_semi_joins`) also holds the inner inputs of the semi and anti
  // joins, which the search joins as PostgreSQL's SpecialJoinInfo rules allow: only as the
  // inner side of their own join, with a relation holding every column their conditions read.
  Part PlanJoinList(const std::vector<JoinListEntry>& list, std::vector<Conjunct>& pool,
                    bool with_semi_joins = false) {
    std::vector<Part> parts;
    for (const JoinListEntry& entry : list) parts.push_back(PlanEntry(entry, pool));
    std::vector<std::optional<size_t>> semi(parts.size());
    if (with_semi_joins) {
      for (size_t k = 0; k < semi_joins_.size(); ++k) {
        Part inner;
        inner.plan = std::move(semi_joins_[k].plan);
        inner.columns = semi_joins_[k].columns;
        inner.table = semi_joins_[k].table;
        parts.push_back(std::move(inner));
        semi.push_back(k);
      }
    }
    if (parts.size() == 1) return std::move(parts.front());
    JoinRelations relations(*this, parts, pool, semi);
    const size_t best = SearchJoinOrder(relations, parts.size(), static_cast<size_t>(kGreedyThreshold));
    return relations.Build(best, pool);
  }

  // The join search's relations over a list's parts: each a set of columns with the
  // estimate of its cheapest join, built into plans once the search has chosen.
  class JoinRelations final : public JoinSearchSpace {
   public:
    JoinRelations(FromPlanner& planner, std::vector<Part>& parts, const std::vector<Conjunct>& pool,
                  const std::vector<std::optional<size_t>>& semi)
        : planner_(planner), parts_(parts) {
      for (const Conjunct& conjunct : pool) {
        if (!conjunct.expr || !conjunct.reads_columns) continue;
        std::vector<size_t> columns = ColumnsOf(*conjunct.expr);
        std::sort(columns.begin(), columns.end());
        columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
        clauses_.push_back({conjunct.expr.get(), std::move(columns)});
      }
      for (size_t i = 0; i < parts.size(); ++i) {
        EstimatePlan(*parts[i].plan);
        Relation relation;
        relation.part = i;
        relation.columns = parts[i].columns;
        relation.sorted_columns = relation.columns;
        std::sort(relation.sorted_columns.begin(), relation.sorted_columns.end());
        relation.plan = parts[i].plan.get();
        relation.table = parts[i].table;
        relation.semi = semi[i];
        relations_.push_back(std::move(relation));
      }
    }

    // A semi join's inner input joins nothing but the relations holding the columns its
    // conditions read, by its own join; the others join as usual.
    bool Legal(size_t left, size_t right) const override {
      const Relation& a = relations_[left];
      const Relation& b = relations_[right];
      if (a.semi && b.semi) return false;
      if (!a.semi && !b.semi) return true;
      const Relation& outer = a.semi ? b : a;
      const std::vector<size_t>& required = planner_.semi_joins_[*(a.semi ? a.semi : b.semi)].required;
      return std::all_of(required.begin(), required.end(), [&](size_t column) { return Has(outer, column); });
    }

    bool Linked(size_t left, size_t right) const override {
      if (relations_[left].semi || relations_[right].semi) return Legal(left, right);
      for (const Clause& clause : clauses_) {
        if (Reads(clause, relations_[left]) && Reads(clause, relations_[right])) return true;
      }
      return false;
    }

    bool HasJoinClauses(size_t id) const override {
      if (relations_[id].semi) return true;
      for (const Clause& clause : clauses_) {
        if (Reads(clause, relations_[id]) && !Within(clause, relations_[id], nullptr)) return true;
      }
      return false;
    }

    size_t Join(size_t left_id, size_t right_id) override {
      if (relations_[left_id].semi) return JoinSemi(right_id, left_id);
      if (relations_[right_id].semi) return JoinSemi(left_id, right_id);
      const Relation& left = relations_[left_id];
      const Relation& right = relations_[right_id];
      std::vector<size_t> columns = left.columns;
      columns.insert(columns.end(), right.columns.begin(), right.columns.end());
      std::vector<BoundExprPtr> owned;
      std::vector<const BoundExpr*> conditions;
      for (const Clause& clause : clauses_) {
        if (!Within(clause, left, &right) || Within(clause, left, nullptr) || Within(clause, right, nullptr)) continue;
        BoundExprPtr copy = clause.expr->Clone();
        copy->RemapColumns([&](size_t global) { return Position(columns, global); });
        conditions.push_back(copy.get());
        owned.push_back(std::move(copy));
      }
      const JoinChoice choice = ChooseJoin(parser::JoinType::kInner, JoinInput{left.plan, left.table},
                                           JoinInput{right.plan, right.table}, conditions);
      Relation joined;
      joined.left = left_id;
      joined.right = right_id;
      joined.columns = choice.swapped ? right.columns : left.columns;
      const std::vector<size_t>& second = choice.swapped ? left.columns : right.columns;
      joined.columns.insert(joined.columns.end(), second.begin(), second.end());
      joined.sorted_columns = joined.columns;
      std::sort(joined.sorted_columns.begin(), joined.sorted_columns.end());
      auto estimate_node = std::make_unique<PlanNode>();
      estimate_node->estimate = choice.estimate;
      for (const Relation* side : {choice.swapped ? &right : &left, choice.swapped ? &left : &right}) {
        estimate_node->output_types.insert(estimate_node->output_types.end(), side->plan->output_types.begin(),
                                  side->plan->output_types.end());
        estimate_node->output_names.insert(estimate_node->output_names.end(), side->plan->output_names.begin(),
                                  side->plan->output_names.end());
      }
      joined.plan = estimate_node.get();
      estimate_nodes_.push_back(std::move(estimate_node));
      relations_.push_back(std::move(joined));
      return relations_.size() - 1;
    }

    double Cost(size_t id) const override { return relations_[id].plan->estimate.total_cost; }

    // The plan of relation `id`, taking its join conditions out of `pool`.
    Part Build(size_t id, std::vector<Conjunct>& pool) {
      const Relation& relation = relations_[id];
      if (relation.part) return std::move(parts_[*relation.part]);
      Part left = Build(relation.left, pool);
      Part right = Build(relation.right, pool);
      if (relation.semi_join) {
        return planner_.SemiJoinParts(std::move(left), std::move(right), planner_.semi_joins_[*relation.semi_join]);
      }
      return planner_.JoinParts(std::move(left), std::move(right), pool);
    }

   private:
    // The semi or anti join of `outer_id` with the inner input `inner_id` (never swapped:
    // its output is the outer relation's columns).
    size_t JoinSemi(size_t outer_id, size_t inner_id) {
      const Relation& outer = relations_[outer_id];
      const Relation& inner = relations_[inner_id];
      const SemiJoinInput& semi = planner_.semi_joins_[*inner.semi];
      std::vector<size_t> columns = outer.columns;
      columns.insert(columns.end(), inner.columns.begin(), inner.columns.end());
      std::vector<BoundExprPtr> owned;
      std::vector<const BoundExpr*> conditions;
      for (const BoundExprPtr& condition : semi.conditions) {
        BoundExprPtr copy = condition->Clone();
        copy->RemapColumns([&](size_t global) { return Position(columns, global); });
        conditions.push_back(copy.get());
        owned.push_back(std::move(copy));
      }
      const JoinChoice choice =
          ChooseJoin(semi.type, JoinInput{outer.plan, outer.table}, JoinInput{inner.plan, inner.table}, conditions);
      Relation joined;
      joined.left = outer_id;
      joined.right = inner_id;
      joined.semi_join = *inner.semi;
      joined.columns = outer.columns;
      joined.sorted_columns = outer.sorted_columns;
      auto estimate_node = std::make_unique<PlanNode>();
      estimate_node->estimate = choice.estimate;
      estimate_node->output_types = outer.plan->output_types;
      estimate_node->output_names = outer.plan->output_names;
      joined.plan = estimate_node.get();
      estimate_nodes_.push_back(std::move(estimate_node));
      relations_.push_back(std::move(joined));
      return relations_.size() - 1;
    }

    struct Clause {
      const BoundExpr* expr;
      std::vector<size_t> columns;  // sorted, distinct
    };
    struct Relation {
      std::optional<size_t> part;  // a base relation: the part's index
      std::optional<size_t> semi;       // a semi join's inner input: its index in semi_joins_
      std::optional<size_t> semi_join;  // the semi join of `left` with that input `right`
      size_t left = 0;
      size_t right = 0;
      std::vector<size_t> columns;         // in the order of the plan's outputs
      std::vector<size_t> sorted_columns;  // the same, sorted
      const PlanNode* plan = nullptr;      // a part's plan, or the join's estimate estimate_node
      const BoundFromItem* table = nullptr;
    };

    static bool Has(const Relation& relation, size_t column) {
      return std::binary_search(relation.sorted_columns.begin(), relation.sorted_columns.end(), column);
    }
    static bool Reads(const Clause& clause, const Relation& relation) {
      return std::any_of(clause.columns.begin(), clause.columns.end(),
                         [&](size_t column) { return Has(relation, column); });
    }
    // Whether every column of the clause is in `a` (or `b`, when given).
    static bool Within(const Clause& clause, const Relation& a, const Relation* b) {
      return std::all_of(clause.columns.begin(), clause.columns.end(),
                         [&](size_t column) { return Has(a, column) || (b != nullptr && Has(*b, column)); });
    }
    static size_t Position(const std::vector<size_t>& columns, size_t global) {
      return static_cast<size_t>(std::find(columns.begin(), columns.end(), global) - columns.begin());
    }

    FromPlanner& planner_;
    std::vector<Part>& parts_;
    std::vector<Clause> clauses_;
    std::vector<Relation> relations_;
    std::vector<PlanPtr> estimate_nodes_;
  };

  // The FROM list in FROM order, left-deep, each time preferring the first remaining item
  // that a conjunct connects to what is joined so far; a lateral item waits until the items
  // it reads are joined.
  PlanPtr PlanInFromOrder(std::vector<Conjunct>& pool) {
    std::vector<Part> parts;
    for (const auto& item : query_.from) {
      Part part;
      part.plan = PlanItem(*item, pool);
      if (!item->lateral_args.empty()) part.lateral = item.get();
      if (item->kind == BoundFromItem::Kind::kTable) part.table = item.get();
      for (size_t i = 0; i < item->column_count; ++i) part.columns.push_back(item->column_offset + i);
      parts.push_back(std::move(part));
    }
    Part current;
    if (parts.front().lateral) {
      current.plan = MakeOneRow();  // what a leading lateral item (reading only an enclosing row) joins
    } else {
      current = std::move(parts.front());
      parts.erase(parts.begin());
    }
    while (!parts.empty()) {
      // A lateral item waits until the items it reads are joined.
      const auto ready = [&](const Part& part) {
        return !part.lateral || LateralArgsWithin(*part.lateral, current.columns);
      };
      size_t pick = 0;
      while (pick + 1 < parts.size() && !ready(parts[pick])) ++pick;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (ready(parts[i]) && Connects(current, parts[i], pool)) {
          pick = i;
          break;
        }
      }
      current = parts[pick].lateral ? JoinLateral(std::move(current), std::move(parts[pick]), pool)
                                    : JoinParts(std::move(current), std::move(parts[pick]), pool);
      parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(pick));
    }
    return InOrder(std::move(current), 0);
  }

  static PlanPtr MakeOneRow() {
    auto values = std::make_unique<PlanNode>();
    values->kind = PlanKind::kValues;
    values->rows.emplace_back();
    return values;
  }

  // Joins `left` with a lateral item's part, then filters by the conjuncts of `pool` that
  // read only their columns.
  Part JoinLateral(Part left, Part right, std::vector<Conjunct>& pool) {
    Part joined;
    joined.columns = left.columns;
    joined.columns.insert(joined.columns.end(), right.columns.begin(), right.columns.end());
    joined.plan = MakeLateralJoin(std::move(left.plan), left.columns, *right.lateral, std::move(right.plan),
                                  parser::JoinType::kInner, nullptr);
    std::vector<BoundExprPtr> filters;
    for (Conjunct& conjunct : pool) {
      if (!conjunct.expr || !conjunct.reads_columns) continue;
      const std::vector<size_t> columns = ColumnsOf(*conjunct.expr);
      if (!std::all_of(columns.begin(), columns.end(),
                       [&](size_t column) { return Contains(joined.columns, column); })) {
        continue;
      }
      conjunct.expr->RemapColumns([&](size_t global) {
        return static_cast<size_t>(std::find(joined.columns.begin(), joined.columns.end(), global) -
                                   joined.columns.begin());
      });
      filters.push_back(std::move(conjunct.expr));
    }
    std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
    joined.plan = MakeFilter(std::move(joined.plan), CombineAnd(std::move(filters)));
    return joined;
  }

  // A JOIN whose right side is a lateral item: its ON condition filters (INNER) or is the
  // join's predicate (LEFT).
  PlanPtr PlanLateralJoinItem(const BoundFromItem& item, std::vector<Conjunct>& pool) {
    const size_t begin = item.column_offset;
    const size_t split = item.right->column_offset;
    const size_t end = item.column_offset + item.column_count;
    std::vector<size_t> left_columns;
    for (size_t column = begin; column < split; ++column) left_columns.push_back(column);
    const auto local = [begin](size_t index) { return index - begin; };
    if (item.join_type == parser::JoinType::kLeft) {
      BoundExprPtr on = item.condition ? item.condition->Clone() : nullptr;
      if (on) on->RemapColumns(local);
      std::vector<Conjunct> none;
      PlanPtr left = PlanItem(*item.left, pool);
      PlanPtr right = PlanItem(*item.right, none);
      return MakeLateralJoin(std::move(left), left_columns, *item.right, std::move(right), item.join_type,
                             std::move(on));
    }
    if (item.condition) SplitConjuncts(*item.condition, pool);
    PlanPtr left = PlanItem(*item.left, pool);
    PlanPtr right = PlanItem(*item.right, pool);
    PlanPtr join = MakeLateralJoin(std::move(left), left_columns, *item.right, std::move(right),
                                   item.join_type, nullptr);
    return MakeFilter(std::move(join), TakeConjuncts(pool, begin, end));
  }

  // The plan of `part` with its columns in global order (global column `begin` first),
  // projecting when joins were built with their inputs swapped.
  static PlanPtr InOrder(Part part, size_t begin) {
    bool in_order = true;
    for (size_t i = 0; i < part.columns.size(); ++i) in_order = in_order && part.columns[i] == begin + i;
    if (in_order) return std::move(part.plan);
    std::vector<size_t> position(part.columns.size());
    for (size_t i = 0; i < part.columns.size(); ++i) position[part.columns[i] - begin] = i;
    auto project = std::make_unique<PlanNode>();
    project->kind = PlanKind::kProject;
    for (size_t global = 0; global < position.size(); ++global) {
      const size_t local = position[global];
      project->expressions.push_back(MakeColumn(local, part.plan->output_types[local]));
      project->output_types.push_back(part.plan->output_types[local]);
      project->output_names.push_back(part.plan->output_names[local]);
    }
    project->children.push_back(std::move(part.plan));
    return project;
  }

  static std::vector<size_t> ColumnsOf(const BoundExpr& expr) {
    std::vector<size_t> columns;
    expr.Walk([&](const BoundExpr& node) {
      if (node.kind == BoundKind::kColumn) columns.push_back(node.index);
    });
    return columns;
  }

  static bool Contains(const std::vector<size_t>& columns, size_t column) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
  }

  // Whether a conjunct reads columns of both parts and nothing else.
  static bool Connects(const Part& left, const Part& right, const std::vector<Conjunct>& pool) {
    for (const Conjunct& conjunct : pool) {
      if (!conjunct.expr || !conjunct.reads_columns) continue;
      bool reads_left = false;
      bool reads_right = false;
      bool reads_other = false;
      for (size_t column : ColumnsOf(*conjunct.expr)) {
        if (Contains(left.columns, column)) {
          reads_left = true;
        } else if (Contains(right.columns, column)) {
          reads_right = true;
        } else {
          reads_other = true;
        }
      }
      if (reads_left && reads_right && !reads_other) return true;
    }
    return false;
  }

  // Inner-joins two parts with every conjunct of `pool` that reads only their columns (taken
  // out of it), by the method and with the outer side the cost model finds cheapest
  // (join_methods.hpp).
  Part JoinParts(Part left, Part right, std::vector<Conjunct>& pool) {
    EstimatePlan(*left.plan);
    EstimatePlan(*right.plan);
    std::vector<size_t> columns = left.columns;
    columns.insert(columns.end(), right.columns.begin(), right.columns.end());
    auto local = [&](size_t global) {
      return static_cast<size_t>(std::find(columns.begin(), columns.end(), global) - columns.begin());
    };
    std::vector<BoundExprPtr> conditions;
    for (Conjunct& conjunct : pool) {
      if (!conjunct.expr || !conjunct.reads_columns) continue;
      const std::vector<size_t> read = ColumnsOf(*conjunct.expr);
      if (!std::all_of(read.begin(), read.end(), [&](size_t column) { return Contains(columns, column); })) continue;
      BoundExprPtr expr = std::move(conjunct.expr);
      expr->RemapColumns(local);
      conditions.push_back(std::move(expr));
    }
    std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
    Part joined;
    joined.plan = JoinPlans(parser::JoinType::kInner, std::move(left.plan), left.table, std::move(right.plan),
                            right.table, std::move(conditions), joined.columns, left.columns, right.columns);
    return joined;
  }

  // The semi or anti join of `outer` with the inner input `inner` of `semi`, by the method the
  // cost model finds cheapest (the inner input stays inner); output: the outer's columns.
  static Part SemiJoinParts(Part outer, Part inner, const SemiJoinInput& semi) {
    std::vector<size_t> columns = outer.columns;
    columns.insert(columns.end(), inner.columns.begin(), inner.columns.end());
    std::vector<BoundExprPtr> conditions;
    for (const BoundExprPtr& condition : semi.conditions) {
      BoundExprPtr copy = condition->Clone();
      copy->RemapColumns([&](size_t global) {
        return static_cast<size_t>(std::find(columns.begin(), columns.end(), global) - columns.begin());
      });
      conditions.push_back(std::move(copy));
    }
    Part joined;
    joined.plan = JoinPlans(semi.type, std::move(outer.plan), outer.table, std::move(inner.plan), inner.table,
                            std::move(conditions), joined.columns, outer.columns, inner.columns);
    joined.columns = outer.columns;
    return joined;
  }

  // Joins `left` and `right` (outputs: the global columns `left_columns`, `right_columns`)
  // with `conditions` over left ++ right by ChooseJoin's choice; `columns` receives the
  // global column of each output (the right side's first when the inputs were swapped).
  static PlanPtr JoinPlans(parser::JoinType type, PlanPtr left, const BoundFromItem* left_table, PlanPtr right,
                           const BoundFromItem* right_table, std::vector<BoundExprPtr> conditions,
                           std::vector<size_t>& columns, const std::vector<size_t>& left_columns,
                           const std::vector<size_t>& right_columns) {
    EstimatePlan(*left);
    EstimatePlan(*right);
    std::vector<const BoundExpr*> views;
    for (const BoundExprPtr& condition : conditions) views.push_back(condition.get());
    const JoinChoice choice = ChooseJoin(type, JoinInput{left.get(), left_table}, JoinInput{right.get(), right_table}, views);
    if (choice.swapped) {
      const size_t left_width = left->output_types.size();
      const size_t right_width = right->output_types.size();
      for (BoundExprPtr& condition : conditions) {
        condition->RemapColumns(
            [&](size_t index) { return index < left_width ? index + right_width : index - left_width; });
      }
      std::swap(left, right);
      std::swap(left_table, right_table);
      type = MirroredJoin(type);
    }
    columns = choice.swapped ? right_columns : left_columns;
    const std::vector<size_t>& second = choice.swapped ? left_columns : right_columns;
    columns.insert(columns.end(), second.begin(), second.end());
    return MakeJoin(type, choice.method, std::move(left), std::move(right), std::move(conditions), left_table,
                    right_table);
  }

  PlanPtr PlanItem(const BoundFromItem& item, std::vector<Conjunct>& pool) {
    const size_t begin = item.column_offset;
    const size_t end = item.column_offset + item.column_count;
    switch (item.kind) {
      case BoundFromItem::Kind::kTable: {
        PlanPtr scan = MakeScan(item.table, item.alias);
        scan->predicate = TakeConjuncts(pool, begin, end);
        ChooseIndex(*scan, item);
        return scan;
      }
      case BoundFromItem::Kind::kFunction: {
        auto scan = std::make_unique<PlanNode>();
        scan->kind = PlanKind::kFunctionScan;
        scan->alias = item.function_name;
        for (const BoundExprPtr& arg : item.function_args) scan->expressions.push_back(arg->Clone());
        if (item.function_column_types.empty()) {
          scan->output_types = {item.function_type};
        } else {
          scan->output_types = item.function_column_types;
        }
        for (size_t i = 0; i < scan->output_types.size(); ++i) {
          scan->output_names.push_back(item.alias + "." + item.column_names[i]);
        }
        return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end));
      }
      case BoundFromItem::Kind::kSystemView: {
        auto scan = std::make_unique<PlanNode>();
        scan->kind = PlanKind::kSystemViewScan;
        scan->table = item.table;
        scan->system_view = item.system_view;
        scan->alias = item.alias;
        for (size_t i = 0; i < item.table.columns.size(); ++i) {
          scan->output_types.push_back(item.table.columns[i].type);
          scan->output_names.push_back(item.alias + "." + item.column_names[i]);
        }
        return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end));
      }
      case BoundFromItem::Kind::kCte: {
        PlanPtr scan = PlanCteReference(*item.cte);
        for (size_t i = 0; i < scan->output_names.size(); ++i) {
          scan->output_names[i] = item.alias + "." + item.column_names[i];
        }
        if (scan->kind == PlanKind::kCteScan) scan->alias = item.alias;
        return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end));
      }
      case BoundFromItem::Kind::kWorkTable: {
        auto scan = std::make_unique<PlanNode>();
        scan->kind = PlanKind::kWorkTableScan;
        scan->work_table = item.cte->plan.get();
        scan->alias = item.alias;
        scan->output_types = item.cte->column_types;
        for (const std::string& name : item.column_names) scan->output_names.push_back(item.alias + "." + name);
        return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end));
      }
      case BoundFromItem::Kind::kSubquery: {
        PlanPtr sub = PlanQuery(*item.subquery);
        for (std::string& name : sub->output_names) name = item.alias + "." + name;
        return MakeFilter(std::move(sub), TakeConjuncts(pool, begin, end));
      }
      case BoundFromItem::Kind::kJoin: {
        if (!item.right->lateral_args.empty()) return PlanLateralJoinItem(item, pool);
        const size_t split = item.right->column_offset;
        if (item.join_type == parser::JoinType::kInner || item.join_type == parser::JoinType::kCross) {
          return InOrder(PlanJoinList(Deconstruct(item, pool), pool), begin);
        }
        // Outer joins. A side whose rows the join may NULL-extend (nullable) must not be
        // filtered by WHERE before the join; a side whose every row the join keeps
        // (preserved) must not be filtered by ON. What cannot go down stays at the join
        // (ON) or above it (WHERE).
        const bool left_preserved = item.join_type != parser::JoinType::kRight;
        const bool right_preserved = item.join_type != parser::JoinType::kLeft;
        const bool left_nullable = right_preserved;
        const bool right_nullable = left_preserved;
        std::vector<Conjunct> on;
        if (item.condition) SplitConjuncts(*item.condition, on);
        std::vector<Conjunct> on_left = TakeSide(on, begin, split, !left_preserved);
        std::vector<Conjunct> on_right = TakeSide(on, split, end, !right_preserved);
        PlanPtr left = PlanItem(*item.left, left_nullable ? on_left : pool);
        PlanPtr right = PlanItem(*item.right, right_nullable ? on_right : pool);
        for (auto* rest : {&on_left, &on_right}) {
          for (Conjunct& conjunct : *rest) on.push_back(std::move(conjunct));
        }
        const BoundFromItem* left_table = item.left->kind == BoundFromItem::Kind::kTable ? item.left.get() : nullptr;
        const BoundFromItem* right_table = item.right->kind == BoundFromItem::Kind::kTable ? item.right.get() : nullptr;
        return OuterJoin(item.join_type, std::move(left), left_table, std::move(right), right_table, split, end, on,
                         begin);
      }
    }
    return nullptr;
  }

  // Moves the conjuncts of `conjuncts` that read only columns in [begin, end) into the
  // result when `take` is set.
  static std::vector<Conjunct> TakeSide(std::vector<Conjunct>& conjuncts, size_t begin, size_t end,
                                        bool take) {
    std::vector<Conjunct> taken;
    if (!take) return taken;
    for (Conjunct& conjunct : conjuncts) {
      if (conjunct.reads_columns && Within(conjunct, begin, end)) taken.push_back(std::move(conjunct));
    }
    std::erase_if(conjuncts, [](const Conjunct& conjunct) { return !conjunct.expr; });
    return taken;
  }

  // The outer join of `left` (columns [begin, split)) and `right` (columns [split, end)) on
  // every conjunct of `conditions` (its ON clause), in column order [begin, end).
  static PlanPtr OuterJoin(parser::JoinType type, PlanPtr left, const BoundFromItem* left_table, PlanPtr right,
                           const BoundFromItem* right_table, size_t split, size_t end,
                           std::vector<Conjunct>& conditions, size_t begin) {
    std::vector<BoundExprPtr> on;
    for (Conjunct& conjunct : conditions) {
      if (!conjunct.expr) continue;
      BoundExprPtr expr = std::move(conjunct.expr);
      expr->RemapColumns([begin](size_t index) { return index - begin; });
      on.push_back(std::move(expr));
    }
    conditions.clear();
    std::vector<size_t> left_columns;
    std::vector<size_t> right_columns;
    for (size_t column = begin; column < split; ++column) left_columns.push_back(column);
    for (size_t column = split; column < end; ++column) right_columns.push_back(column);
    Part joined;
    joined.plan = JoinPlans(type, std::move(left), left_table, std::move(right), right_table, std::move(on),
                            joined.columns, left_columns, right_columns);
    return InOrder(std::move(joined), begin);
  }

  const BoundQuery& query_;
  std::vector<SemiJoinInput> semi_joins_;
};

PlanPtr MakeProject(PlanPtr child, const std::vector<BoundExprPtr>& expressions,
                    const std::vector<std::string>& names, size_t count) {
  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::kProject;
  for (size_t i = 0; i < count; ++i) {
    project->expressions.push_back(expressions[i]->Clone());
    project->output_types.push_back(expressions[i]->type);
    project->output_names.push_back(names[i]);
  }
  project->children.push_back(std::move(child));
  return project;
}

PlanPtr PlanFrom(const BoundQuery& query, std::vector<Conjunct>& pool);

// The WHERE conjuncts of `pool` that become semi or anti joins (semi_join.hpp), taken out of
// it, with their inner inputs planned; their columns are numbered after the query's.
std::vector<SemiJoinInput> PullUpSublinks(const BoundQuery& query, std::vector<Conjunct>& pool) {
  std::vector<SemiJoinInput> semi_joins;
  const size_t outer_width = query.input_types.size();
  size_t next_column = outer_width;
  for (Conjunct& conjunct : pool) {
    std::optional<SublinkPullUp> pull_up = PullUpSublink(*conjunct.expr, outer_width);
    if (!pull_up) continue;
    SemiJoinInput semi;
    semi.type = pull_up->type;
    const BoundQuery& sub = *pull_up->query;
    if (pull_up->whole_query) {
      semi.plan = PlanQuery(sub);
      // EXPLAIN names a selected column as its source does (`sj_keys.k`, not `k`).
      if (semi.plan->kind == PlanKind::kProject) {
        const PlanNode& source = *semi.plan->children[0];
        for (size_t i = 0; i < semi.plan->expressions.size(); ++i) {
          const BoundExpr& expr = *semi.plan->expressions[i];
          if (expr.kind == BoundKind::kColumn && expr.index < source.output_names.size()) {
            semi.plan->output_names[i] = source.output_names[expr.index];
          }
        }
      }
    } else {
      std::vector<Conjunct> inner_pool;
      for (const BoundExprPtr& condition : pull_up->inner_conditions) SplitConjuncts(*condition, inner_pool);
      semi.plan = PlanFrom(sub, inner_pool);
      if (sub.from.size() == 1 && sub.from[0]->kind == BoundFromItem::Kind::kTable &&
          (semi.plan->kind == PlanKind::kSeqScan || semi.plan->kind == PlanKind::kIndexScan)) {
        semi.table = sub.from[0].get();
      }
    }
    const size_t base = next_column;
    for (size_t i = 0; i < semi.plan->output_types.size(); ++i) semi.columns.push_back(next_column++);
    for (BoundExprPtr& condition : pull_up->join_conditions) {
      condition->RemapColumns([&](size_t index) { return index < outer_width ? index : index - outer_width + base; });
      condition->Walk([&](const BoundExpr& node) {
        if (node.kind == BoundKind::kColumn && node.index < outer_width) semi.required.push_back(node.index);
      });
      semi.conditions.push_back(std::move(condition));
    }
    std::sort(semi.required.begin(), semi.required.end());
    semi.required.erase(std::unique(semi.required.begin(), semi.required.end()), semi.required.end());
    semi_joins.push_back(std::move(semi));
    conjunct.expr = nullptr;
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  return semi_joins;
}

// The plan of the query's FROM with the WHERE conjuncts of `pool` (query.from is not empty).
PlanPtr PlanFrom(const BoundQuery& query, std::vector<Conjunct>& pool) {
  // Conjuncts without columns (WHERE false) are evaluated once, above everything.
  std::vector<BoundExprPtr> constant_conditions;
  for (Conjunct& conjunct : pool) {
    if (!conjunct.reads_columns) constant_conditions.push_back(std::move(conjunct.expr));
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  FromPlanner from(query);
  PlanPtr plan = from.Plan(pool);
  std::vector<BoundExprPtr> rest = std::move(constant_conditions);
  for (Conjunct& conjunct : pool) rest.push_back(std::move(conjunct.expr));
  return MakeFilter(std::move(plan), CombineAnd(std::move(rest)));
}

PlanPtr PlanSource(const BoundQuery& query) {
  if (!query.values_rows.empty() || query.from.empty()) {
    auto values = std::make_unique<PlanNode>();
    values->kind = PlanKind::kValues;
    values->output_types = query.input_types;
    values->output_names = query.input_names;
    if (query.values_rows.empty()) {
      values->rows.emplace_back();  // SELECT without FROM: one empty row
    }
    for (const auto& row : query.values_rows) {
      std::vector<BoundExprPtr> copy;
      for (const BoundExprPtr& expr : row) copy.push_back(expr->Clone());
      values->rows.push_back(std::move(copy));
    }
    return MakeFilter(std::move(values), query.where ? query.where->Clone() : nullptr);
  }
  std::vector<Conjunct> pool;
  if (query.where) SplitConjuncts(*query.where, pool);
  return PlanFrom(query, pool);
}

}  // namespace

PlanPtr PlanSetOperation(const BoundQuery& query) {
  auto node = std::make_unique<PlanNode>();
  node->kind = PlanKind::kSetOperation;
  node->set_op = query.set_op;
  node->set_all = query.set_all;
  node->output_types = query.input_types;
  node->output_names = query.input_names;
  node->children.push_back(PlanQuery(*query.left));
  node->children.push_back(PlanQuery(*query.right));
  return node;
}

PlanPtr PlanQuery(const BoundQuery& query) {
  CheckFoldingErrors(query);
  PlanPtr plan = query.set_op != parser::SetOperation::kNone ? PlanSetOperation(query)
                                                              : PlanSource(query);

  if (query.aggregated) {
    if (query.group_keys.empty() && query.aggregates.empty() && query.grouping_sets.empty()) {
      // PostgreSQL's degenerate grouping (HAVING without aggregates or GROUP BY): one row if
      // HAVING holds, whatever FROM yields, so FROM is not read at all (nor its WHERE run).
      auto nothing = std::make_unique<PlanNode>();
      nothing->kind = PlanKind::kValues;
      nothing->output_types = plan->output_types;
      nothing->output_names = plan->output_names;
      plan = std::move(nothing);
    }
    auto aggregate = std::make_unique<PlanNode>();
    aggregate->kind = PlanKind::kAggregate;
    for (const BoundExprPtr& key : query.group_keys) {
      aggregate->group_keys.push_back(key->Clone());
      aggregate->output_types.push_back(key->type);
      aggregate->output_names.push_back(key->ToString(plan->output_names));
    }
    for (const BoundAggregate& source : query.aggregates) {
      BoundAggregate copy = source.Clone();
      aggregate->output_types.push_back(Type{source.signature.result, -1});
      aggregate->output_names.push_back(
          source.name + "(" + (copy.argument ? copy.argument->ToString(plan->output_names) : "*") + ")");
      aggregate->aggregates.push_back(std::move(copy));
    }
    aggregate->grouping_sets = query.grouping_sets;
    aggregate->grouping_calls = query.grouping_calls;
    for (size_t c = 0; c < query.grouping_calls.size(); ++c) {
      aggregate->output_types.push_back(Type{TypeId::kInt4, -1});
      aggregate->output_names.push_back("grouping");
    }
    aggregate->children.push_back(std::move(plan));
    plan = std::move(aggregate);
    if (query.having) plan = MakeFilter(std::move(plan), query.having->Clone());
  }

  if (!query.windows.empty()) {
    auto window = std::make_unique<PlanNode>();
    window->kind = PlanKind::kWindow;
    window->output_types = plan->output_types;
    window->output_names = plan->output_names;
    for (const BoundWindow& source : query.windows) {
      window->windows.push_back(source.Clone());
      window->output_types.push_back(source.type);
      std::string arguments;
      for (const BoundExprPtr& arg : source.args) {
        arguments += (arguments.empty() ? "" : ", ") + arg->ToString(plan->output_names);
      }
      if (source.function == WindowFunction::kAggregate && source.args.empty()) arguments = "*";
      window->output_names.push_back(source.name + "(" + arguments + ")");
    }
    window->children.push_back(std::move(plan));
    plan = std::move(window);
  }

  plan = MakeProject(std::move(plan), query.targets, query.target_names, query.targets.size());

  if (query.distinct) {
    auto distinct = std::make_unique<PlanNode>();
    distinct->kind = PlanKind::kDistinct;
    distinct->output_types = plan->output_types;
    distinct->output_names = plan->output_names;
    distinct->children.push_back(std::move(plan));
    plan = std::move(distinct);
  }
  if (!query.sort.empty()) {
    auto sort = std::make_unique<PlanNode>();
    sort->kind = PlanKind::kSort;
    sort->output_types = plan->output_types;
    sort->output_names = plan->output_names;
    sort->sort_keys = query.sort;
    sort->children.push_back(std::move(plan));
    plan = std::move(sort);
  }
  if (!query.distinct_on.empty()) {
    // After the sort: the first row of each DISTINCT ON group in ORDER BY order.
    auto distinct = std::make_unique<PlanNode>();
    distinct->kind = PlanKind::kDistinct;
    distinct->distinct_columns = query.distinct_on;
    distinct->output_types = plan->output_types;
    distinct->output_names = plan->output_names;
    distinct->children.push_back(std::move(plan));
    plan = std::move(distinct);
  }
  if (!query.row_marks.empty()) {
    // Below LIMIT, as PostgreSQL plans it: LIMIT counts only rows that were locked (a row
    // skipped by SKIP LOCKED or gone after a concurrent update does not count).
    auto lock_rows = std::make_unique<PlanNode>();
    lock_rows->kind = PlanKind::kLockRows;
    lock_rows->output_types = plan->output_types;
    lock_rows->output_names = plan->output_names;
    lock_rows->row_marks = query.row_marks;
    lock_rows->children.push_back(std::move(plan));
    plan = std::move(lock_rows);
  }
  if (query.limit || query.offset) {
    auto limit = std::make_unique<PlanNode>();
    limit->kind = PlanKind::kLimit;
    limit->output_types = plan->output_types;
    limit->output_names = plan->output_names;
    if (query.limit) limit->limit = query.limit->Clone();
    if (query.offset) limit->offset = query.offset->Clone();
    limit->children.push_back(std::move(plan));
    plan = std::move(limit);
    const bool plain = query.set_op == parser::SetOperation::kNone && !query.aggregated && query.windows.empty() &&
                       !query.distinct && query.distinct_on.empty() && query.row_marks.empty();
    if (plain && !query.sort.empty()) UseIndexOrder(plan, query);
  }
  if (query.visible_targets < query.targets.size()) {
    std::vector<BoundExprPtr> visible;
    for (size_t i = 0; i < query.visible_targets; ++i) visible.push_back(MakeColumn(i, query.targets[i]->type));
    plan = MakeProject(std::move(plan), visible, query.target_names, query.visible_targets);
  }
  PlanPtr result = RunModifyingCtesFirst(std::move(plan), query.modifying_ctes);
  FinalizePlan(*result);
  EstimatePlan(*result);
  return result;
}

namespace {

// A data-changing node: its output is the RETURNING list (none without RETURNING).
PlanPtr MakeModify(PlanKind kind, const catalog::TableSchema& table, PlanPtr child,
                   const BoundReturning& returning) {
  auto node = std::make_unique<PlanNode>();
  node->kind = kind;
  node->table = table;
  for (size_t i = 0; i < returning.exprs.size(); ++i) {
    node->returning.push_back(returning.exprs[i]->Clone());
    node->output_types.push_back(returning.exprs[i]->type);
    node->output_names.push_back(returning.names[i]);
  }
  node->children.push_back(std::move(child));
  return node;
}

}  // namespace

void AddChecks(PlanNode& node, const BoundChecks& checks) {
  for (size_t i = 0; i < checks.exprs.size(); ++i) {
    node.checks.push_back(checks.exprs[i]->Clone());
    node.check_names.push_back(checks.names[i]);
    node.check_is_view_option.push_back(i < checks.view_options.size() && checks.view_options[i]);
  }
}

PlanPtr PlanInsert(const BoundInsert& insert) {
  PlanPtr node = MakeModify(PlanKind::kInsert, insert.table,
                            RunModifyingCtesFirst(PlanQuery(*insert.source), insert.modifying_ctes), insert.returning);
  for (const BoundExprPtr& expr : insert.row) node->expressions.push_back(expr->Clone());
  AddChecks(*node, insert.checks);
  node->indexes = insert.indexes;
  node->on_conflict = insert.on_conflict;
  EstimatePlan(*node);
  return node;
}

PlanPtr PlanUpdate(const BoundUpdate& update) {
  PlanPtr node = MakeModify(PlanKind::kUpdate, update.table,
                            RunModifyingCtesFirst(PlanQuery(*update.source), update.modifying_ctes), update.returning);
  AddChecks(*node, update.checks);
  node->indexes = update.indexes;
  EstimatePlan(*node);
  return node;
}

PlanPtr PlanDelete(const BoundDelete& del) {
  PlanPtr node = MakeModify(PlanKind::kDelete, del.table,
                            RunModifyingCtesFirst(PlanQuery(*del.source), del.modifying_ctes), del.returning);
  EstimatePlan(*node);
  return node;
}

}  // namespace granary::planner
