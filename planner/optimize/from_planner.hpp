// The FROM clause's plan: scans, joins in the order the join search finds cheapest, LATERAL
// items, outer joins, and the semi and anti joins that WHERE's EXISTS / IN sub-selects become.
//
// The FROM list and the inner JOINs in it are flattened into join lists within the collapse
// limits (PostgreSQL's deconstruct_jointree); each list is joined in the order the join
// search (join_search.hpp, over join_relations.hpp's relations) finds cheapest; a final
// projection restores FROM order. Outer joins are planned as units, their inputs below them.
// A FROM list with LATERAL items is joined left-deep in FROM order instead
// (from_lateral.cpp).
//
// Column numbering: a "global" column is an index into the query's FROM layout
// (BoundQuery::input_types), past which the semi joins' inner inputs are numbered.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "planner/optimize/conjuncts.hpp"
#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

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

// An order the FROM plan is asked to deliver (the query's ORDER BY over FROM columns): each
// global column with its sort key (direction, NULLs, collation).
struct RequiredOrder {
  std::vector<std::pair<size_t, SortKey>> keys;
};

// The WHERE conjuncts of `pool` that become semi or anti joins (semi_join.hpp), taken out of
// it, with their inner inputs planned; their columns are numbered after the query's.
std::vector<SemiJoinInput> PullUpSublinks(const BoundQuery& query, std::vector<Conjunct>& pool);

// The plan of the query's FROM with the WHERE conjuncts of `pool` (query.from is not empty);
// the conjuncts that no scan or join could take are a filter above it. With `order`, the
// cheapest plan whose rows come in that order without a sort (a join list's ordered path,
// join_relations.hpp), or null when the search finds none (a single relation, LATERAL items,
// or an order no table's index gives as the outer side of nested loops).
PlanPtr PlanFrom(const BoundQuery& query, std::vector<Conjunct>& pool, const RequiredOrder* order = nullptr);

// Plans one query's FROM clause. Not thread-safe; one per FROM clause.
class FromPlanner {
 public:
  // With `order`, Plan returns the cheapest plan in that order, or null (see PlanFrom).
  explicit FromPlanner(const BoundQuery& query, const RequiredOrder* order = nullptr);

  // Plans the FROM list with the WHERE conjuncts in `pool`; what cannot be pushed down stays.
  // The conjuncts of `pool` (WHERE, and the ON clauses of the inner JOINs the top-level list
  // flattens) that are EXISTS / IN / NOT EXISTS become semi and anti joins (semi_join.hpp).
  PlanPtr Plan(std::vector<Conjunct>& pool);

  // A planned part of the FROM list and the global column index of each of its outputs.
  struct Part {
    PlanPtr plan;
    std::vector<size_t> columns;
    const BoundFromItem* lateral = nullptr;  // a lateral item (IsLateral, lateral_join.hpp)
    const BoundFromItem* table = nullptr;    // a table item: plan is its bare scan
  };

  const std::vector<SemiJoinInput>& semi_joins() const { return semi_joins_; }

  // Inner-joins two parts with every conjunct of `pool` that reads only their columns (taken
  // out of it), by the method and with the outer side the cost model finds cheapest
  // (join_methods.hpp); with `keep_order`, `left` stays outer and the method is the cheapest
  // keeping its order.
  Part JoinParts(Part left, Part right, std::vector<Conjunct>& pool, bool keep_order = false);

  // The semi or anti join of `outer` with the inner input `inner` of `semi`, by the method the
  // cost model finds cheapest (the inner input stays inner); output: the outer's columns.
  static Part SemiJoinParts(Part outer, Part inner, const SemiJoinInput& semi, bool keep_order = false);

  // The global columns an expression reads (with repetitions).
  static std::vector<size_t> ColumnsOf(const BoundExpr& expr);

 private:
  // An element of a join list: a FROM item planned on its own, or a list joined by its own
  // search (PostgreSQL's joinlist sub-lists).
  struct JoinListEntry {
    const BoundFromItem* item = nullptr;
    std::vector<JoinListEntry> members;
  };

  static JoinListEntry Wrap(std::vector<JoinListEntry> list);
  std::vector<JoinListEntry> Deconstruct(const BoundFromItem& item, std::vector<Conjunct>& pool);
  Part PlanEntry(const JoinListEntry& entry, std::vector<Conjunct>& pool);
  Part PlanJoinList(const std::vector<JoinListEntry>& list, std::vector<Conjunct>& pool,
                    bool with_semi_joins = false);
  // The plan of `item`, its columns in order; a subquery or function reading outer values
  // runs under a lateral join that supplies them (JoinLateralItem).
  PlanPtr PlanItem(const BoundFromItem& item, std::vector<Conjunct>& pool);
  PlanPtr PlanOwnItem(const BoundFromItem& item, std::vector<Conjunct>& pool);

  // from_lateral.cpp
  PlanPtr PlanInFromOrder(std::vector<Conjunct>& pool);
  static void FlattenInnerJoins(const BoundFromItem& item, std::vector<const BoundFromItem*>& items,
                                std::vector<Conjunct>& pool);
  static PlanPtr MakeOneRow();
  Part JoinLateral(Part left, Part right, std::vector<Conjunct>& pool);
  PlanPtr PlanLateralJoinItem(const BoundFromItem& item, std::vector<Conjunct>& pool);
  bool LateralToLeft(const BoundFromItem& join) const;
  PlanPtr PlanLateralBody(const BoundFromItem& item, std::vector<Conjunct>& pool);
  PlanPtr JoinLateralItem(PlanPtr left, const std::vector<size_t>& left_columns, const BoundFromItem& item,
                          PlanPtr body, parser::JoinType type, BoundExprPtr predicate) const;
  BoundExprPtr LocalArgument(const BoundExpr& arg, const std::vector<size_t>& left_columns) const;
  static bool Connects(const Part& left, const Part& right, const std::vector<Conjunct>& pool);

  static PlanPtr InOrder(Part part, size_t begin);
  static bool Contains(const std::vector<size_t>& columns, size_t column);
  static PlanPtr JoinPlans(parser::JoinType type, PlanPtr left, const BoundFromItem* left_table, PlanPtr right,
                           const BoundFromItem* right_table, std::vector<BoundExprPtr> conditions,
                           std::vector<size_t>& columns, const std::vector<size_t>& left_columns,
                           const std::vector<size_t>& right_columns, bool keep_order = false);
  static PlanPtr FilterSide(PlanPtr plan, std::vector<Conjunct>& rest, size_t begin);
  static std::vector<Conjunct> TakeSide(std::vector<Conjunct>& conjuncts, size_t begin, size_t end, bool take);
  static PlanPtr OuterJoin(parser::JoinType type, PlanPtr left, const BoundFromItem* left_table, PlanPtr right,
                           const BoundFromItem* right_table, size_t split, size_t end,
                           std::vector<Conjunct>& conditions, size_t begin);

  const BoundQuery& query_;
  const RequiredOrder* order_;  // for the top-level join list
  // Inside the plan of a JOIN lateral to FROM items before it: the global columns of those
  // items it reads, which its plan reads as outer values outer_value_base_ + i (after the
  // enclosing query's: OuterValueCount, lateral_join.hpp).
  std::vector<size_t> lateral_params_;
  size_t outer_value_base_ = 0;
  std::vector<SemiJoinInput> semi_joins_;
};

}  // namespace granary::planner
