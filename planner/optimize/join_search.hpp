// The join search: which relations are joined in which order, after PostgreSQL's
// join_search (optimizer/path/allpaths.c standard_join_search and joinrels.c
// join_search_one_level), with a greedy search in place of GEQO for long lists.
//
// The search knows nothing of plans: it works on relation ids handed out by a
// JoinSearchSpace, which costs each join it is asked for (the cheapest way to join the two,
// either side outer) and says which relations a join clause links. Ids 0..n-1 are the base
// relations of the list being joined.
//
// Dynamic programming (lists shorter than kGreedyThreshold): level k holds the cheapest
// relation for every set of k base relations reachable by joining a relation of level j
// with one of level k - j. As in PostgreSQL, two relations are joined only when a join
// clause links them, or when one of them has no join clause to anything outside it (a
// clauseless relation is joined to everything); when a level would stay empty (the query
// needs a cross product), every pair is joined.
//
// Either search joins only the pairs the space calls Legal.
//
// Ordered paths (PostgreSQL's pathkeys, for the one useful order a space may be asked for,
// such as the query's ORDER BY): besides the cheapest relation of each set, dynamic
// programming keeps the cheapest relation of the set that delivers the order: a base
// relation's ordered path (an index read in order), or an ordered relation joined as the
// outer side of a join that keeps its order (nested loops), or a cheapest relation that
// happens to be ordered. The greedy search keeps no ordered paths.
//
// Greedy (kGreedyThreshold relations or more; PostgreSQL runs its genetic optimizer there):
// repeatedly join the pair whose join is cheapest among the pairs a clause links (any pair
// when none is linked), until one relation remains: Fegaras' greedy operator ordering.
//
// Not thread-safe; one search per space.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace granary::planner {

class JoinSearchSpace {
 public:
  virtual ~JoinSearchSpace() = default;
  // Whether `left` and `right` may be joined at all (a semi join's inner input only with the
  // relations its conditions need: PostgreSQL's join_is_legal). The search never joins an
  // illegal pair, not even when it needs a cross product.
  virtual bool Legal(size_t left, size_t right) const { return true; }
  // Whether a join clause reads relations of both `left` and `right`.
  virtual bool Linked(size_t left, size_t right) const = 0;
  // Whether a join clause reads `relation` and something outside it.
  virtual bool HasJoinClauses(size_t relation) const = 0;
  // The cheapest join of `left` and `right` (either may become the outer side): a new id.
  virtual size_t Join(size_t left, size_t right) = 0;
  // The total cost of relation `id`.
  virtual double Cost(size_t id) const = 0;
  // The cheapest path of base relation `base` that delivers the order: a new id, or nullopt.
  virtual std::optional<size_t> OrderedBase(size_t base) { return std::nullopt; }
  // Whether relation `id` delivers the order.
  virtual bool Ordered(size_t id) const { return false; }
  // The cheapest join of the ordered relation `outer` with `inner` that keeps the outer
  // order (`outer` stays outer): a new id, or nullopt when no method can.
  virtual std::optional<size_t> JoinKeepingOrder(size_t outer, size_t inner) { return std::nullopt; }
};

struct JoinSearchResult {
  size_t cheapest = 0;             // the cheapest relation joining all base relations
  std::optional<size_t> ordered;   // the cheapest one of those delivering the order
};

// The relations joining all `count` base relations (id 0 for count 1, and its ordered path
// if any). Uses dynamic programming below `greedy_threshold` relations and the greedy search
// from there on.
JoinSearchResult SearchJoinOrder(JoinSearchSpace& space, size_t count, size_t greedy_threshold);

}  // namespace granary::planner
