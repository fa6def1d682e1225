// The join search's relations over a join list's parts (see join_relations.hpp).
#include "planner/optimize/join_relations.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "planner/optimize/equivalence_classes.hpp"
#include "planner/optimize/index_order.hpp"
#include "planner/optimize/join_methods.hpp"
#include "planner/optimize/join_search.hpp"

namespace granary::planner {
namespace {

using Part = FromPlanner::Part;

// Whether a join by `method` returns its rows in the order of its outer input.
bool KeepsOuterOrder(JoinMethod method) { return method == JoinMethod::kNestLoop || method == JoinMethod::kIndexNestLoop; }

// The join search's relations over a list's parts: each a set of columns with the
// estimate of its cheapest join, built into plans once the search has chosen. With an
// order (`order`: global columns and their sort keys), also the relations that deliver it.
class JoinRelations final : public JoinSearchSpace {
 public:
  JoinRelations(FromPlanner& planner, std::vector<Part>& parts, const std::vector<Conjunct>& pool,
                const std::vector<std::optional<size_t>>& semi, const RequiredOrder* order,
                std::vector<JoinEquivalenceClass> classes)
      : planner_(planner), parts_(parts), classes_(std::move(classes)), order_(order) {
    for (const Conjunct& conjunct : pool) {
      if (!conjunct.expr || !conjunct.reads_columns) continue;
      std::vector<size_t> columns = FromPlanner::ColumnsOf(*conjunct.expr);
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
    const std::vector<size_t>& required = planner_.semi_joins()[*(a.semi ? a.semi : b.semi)].required;
    return std::all_of(required.begin(), required.end(), [&](size_t column) { return Has(outer, column); });
  }

  bool Linked(size_t left, size_t right) const override {
    if (relations_[left].semi || relations_[right].semi) return Legal(left, right);
    for (const Clause& clause : clauses_) {
      if (Reads(clause, relations_[left]) && Reads(clause, relations_[right])) return true;
    }
    for (const JoinEquivalenceClass& join_class : classes_) {
      if (HasMember(join_class, relations_[left]) && HasMember(join_class, relations_[right])) return true;
    }
    return false;
  }

  bool HasJoinClauses(size_t id) const override {
    if (relations_[id].semi) return true;
    for (const Clause& clause : clauses_) {
      if (Reads(clause, relations_[id]) && !Within(clause, relations_[id], nullptr)) return true;
    }
    for (const JoinEquivalenceClass& join_class : classes_) {
      if (HasMember(join_class, relations_[id]) &&
          !std::all_of(join_class.members.begin(), join_class.members.end(),
                       [&](size_t column) { return Has(relations_[id], column); })) {
        return true;
      }
    }
    return false;
  }

  size_t Join(size_t left_id, size_t right_id) override {
    if (relations_[left_id].semi) return *JoinSemi(right_id, left_id, false);
    if (relations_[right_id].semi) return *JoinSemi(left_id, right_id, false);
    return *JoinInner(left_id, right_id, false);
  }

  // A base table's scan in the order: its chosen scan's index read in order, or another index
  // (index_order.hpp).
  std::optional<size_t> OrderedBase(size_t base) override {
    const Relation& relation = relations_[base];
    if (order_ == nullptr || relation.semi || relation.table == nullptr) return std::nullopt;
    std::vector<std::pair<size_t, SortKey>> local;
    for (const auto& [global, key] : order_->keys) {
      if (!Has(relation, global)) return std::nullopt;
      const size_t column = global - relation.table->column_offset;
      if (column >= relation.table->table.columns.size()) return std::nullopt;  // ctid
      local.emplace_back(column, key);
    }
    PlanPtr scan = OrderedScan(*relation.plan, *relation.table, local);
    if (!scan) return std::nullopt;
    Relation ordered = relation;
    ordered.ordered = true;
    ordered.ordered_scan = ordered_scans_.size();
    ordered.plan = scan.get();
    ordered_scans_.push_back(std::move(scan));
    relations_.push_back(std::move(ordered));
    return relations_.size() - 1;
  }

  bool Ordered(size_t id) const override { return relations_[id].ordered; }

  std::optional<size_t> JoinKeepingOrder(size_t outer_id, size_t inner_id) override {
    if (relations_[outer_id].semi || !relations_[outer_id].ordered) return std::nullopt;
    if (relations_[inner_id].semi) return JoinSemi(outer_id, inner_id, true);
    return JoinInner(outer_id, inner_id, true);
  }

 private:
  // The inner join of `left_id` and `right_id` by the cheapest method, or with
  // `keep_order` the cheapest keeping the order of `left_id` as the outer side (nullopt
  // when none can).
  std::optional<size_t> JoinInner(size_t left_id, size_t right_id, bool keep_order) {
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
    for (BoundExprPtr& implied : ClassEqualities(left, right)) {
      implied->RemapColumns([&](size_t global) { return Position(columns, global); });
      conditions.push_back(implied.get());
      owned.push_back(std::move(implied));
    }
    const JoinChoice choice = ChooseJoin(parser::JoinType::kInner, JoinInput{left.plan, left.table},
                                         JoinInput{right.plan, right.table}, conditions, keep_order);
    if (keep_order && !std::isfinite(choice.estimate.total_cost)) return std::nullopt;
    Relation joined;
    joined.left = left_id;
    joined.right = right_id;
    joined.keep_order = keep_order;
    joined.ordered = (choice.swapped ? right : left).ordered && KeepsOuterOrder(choice.method);
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

 public:
  double Cost(size_t id) const override { return relations_[id].plan->estimate.total_cost; }

  // The plan of relation `id`, taking its join conditions out of `pool`.
  Part Build(size_t id, std::vector<Conjunct>& pool) {
    const Relation& relation = relations_[id];
    if (relation.part && relation.ordered_scan) {
      Part part;
      part.plan = std::move(ordered_scans_[*relation.ordered_scan]);
      part.columns = parts_[*relation.part].columns;
      part.table = parts_[*relation.part].table;
      return part;
    }
    if (relation.part) return std::move(parts_[*relation.part]);
    Part left = Build(relation.left, pool);
    Part right = Build(relation.right, pool);
    if (relation.semi_join) {
      return FromPlanner::SemiJoinParts(std::move(left), std::move(right), planner_.semi_joins()[*relation.semi_join],
                                        relation.keep_order);
    }
    // The classes' clauses of this join join the pool, to be taken with its own conditions.
    for (BoundExprPtr& implied : ClassEqualities(relations_[relation.left], relations_[relation.right])) {
      SplitConjuncts(*implied, pool);
    }
    return planner_.JoinParts(std::move(left), std::move(right), pool, relation.keep_order);
  }

 private:
  // The semi or anti join of `outer_id` with the inner input `inner_id` (never swapped:
  // its output is the outer relation's columns), by the cheapest method or with `keep_order`
  // the cheapest keeping the outer order (nullopt when none can).
  std::optional<size_t> JoinSemi(size_t outer_id, size_t inner_id, bool keep_order) {
    const Relation& outer = relations_[outer_id];
    const Relation& inner = relations_[inner_id];
    const SemiJoinInput& semi = planner_.semi_joins()[*inner.semi];
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
        ChooseJoin(semi.type, JoinInput{outer.plan, outer.table}, JoinInput{inner.plan, inner.table}, conditions,
                   keep_order);
    if (keep_order && !std::isfinite(choice.estimate.total_cost)) return std::nullopt;
    Relation joined;
    joined.left = outer_id;
    joined.right = inner_id;
    joined.keep_order = keep_order;
    joined.ordered = outer.ordered && KeepsOuterOrder(choice.method);
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
    bool ordered = false;                // its rows come in the order asked for
    std::optional<size_t> ordered_scan;  // a base relation's ordered scan: its ordered_scans_ index
    bool keep_order = false;             // a join built keeping the order of `left`, the outer side
  };

  static bool HasMember(const JoinEquivalenceClass& join_class, const Relation& relation) {
    return std::any_of(join_class.members.begin(), join_class.members.end(),
                       [&](size_t column) { return Has(relation, column); });
  }
  // One clause per class with members on both sides, over global columns (PostgreSQL's
  // generate_join_implied_equalities): the other equalities of the class hold already
  // inside each side, or follow from this one.
  std::vector<BoundExprPtr> ClassEqualities(const Relation& left, const Relation& right) const {
    std::vector<BoundExprPtr> equalities;
    for (const JoinEquivalenceClass& join_class : classes_) {
      BoundExprPtr equality = MakeJoinEquality(
          join_class, [&](size_t column) { return Has(left, column); },
          [&](size_t column) { return Has(right, column); });
      if (equality) equalities.push_back(std::move(equality));
    }
    return equalities;
  }
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
  std::vector<JoinEquivalenceClass> classes_;  // whose equalities are made per join
  std::vector<Relation> relations_;
  std::vector<PlanPtr> estimate_nodes_;
  const RequiredOrder* order_;
  std::vector<PlanPtr> ordered_scans_;
};

}  // namespace

FromPlanner::Part JoinInSearchOrder(FromPlanner& planner, std::vector<FromPlanner::Part>& parts,
                                    std::vector<Conjunct>& pool, const std::vector<std::optional<size_t>>& semi,
                                    const RequiredOrder* order) {
  // Classes of three or more columns, each of another part, make their clauses per join.
  auto part_of = [&](size_t column) -> std::optional<size_t> {
    for (size_t i = 0; i < parts.size(); ++i) {
      if (semi[i]) continue;
      if (std::find(parts[i].columns.begin(), parts[i].columns.end(), column) != parts[i].columns.end()) return i;
    }
    return std::nullopt;
  };
  std::vector<JoinEquivalenceClass> classes = TakeJoinEquivalences(pool, part_of);
  JoinRelations relations(planner, parts, pool, semi, order, std::move(classes));
  const JoinSearchResult found = SearchJoinOrder(relations, parts.size(), static_cast<size_t>(kGreedyThreshold));
  if (order == nullptr) return relations.Build(found.cheapest, pool);
  if (!found.ordered) return Part{};
  return relations.Build(*found.ordered, pool);
}

}  // namespace granary::planner
