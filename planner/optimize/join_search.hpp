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
// Greedy (kGreedyThreshold relations or more; PostgreSQL runs its genetic optimizer there):
// repeatedly join the pair whose join is cheapest among the pairs a clause links (any pair
// when none is linked), until one relation remains: Fegaras' greedy operator ordering.
//
// Not thread-safe; one search per space.
#pragma once

#include <cstddef>
#include <cstdint>
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
};

// The id of the relation joining all `count` base relations (0 for count 1). Uses dynamic
// programming below `greedy_threshold` relations and the greedy search from there on.
size_t SearchJoinOrder(JoinSearchSpace& space, size_t count, size_t greedy_threshold);

}  // namespace granary::planner
