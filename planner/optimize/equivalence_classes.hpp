// Equivalence classes of a pool of conjuncts (PostgreSQL's equivclass.c): the mergeable
// equalities of a pool group into classes of equal columns and pseudo-constants.
//   - A class with a constant: `a.category_id = c.id AND a.category_id = 7` becomes
//     `a.category_id = 7 AND c.id = 7`, so that each table's scan is restricted on its own
//     and the join needs no condition between them (DeriveConstantEqualities).
//   - A class of columns of three or more relations of a join list: each join of the search
//     gets one clause of it between its sides (TakeJoinEquivalences, MakeJoinEquality), so
//     `a.x = b.y AND b.y = c.z` also links a and c.
//   - An outer join's `inner = outer` whose outer column the pool above equates to a
//     constant: `inner = constant` on the nullable side (DeriveOuterJoinConstants).
//
// Where it sits: the FROM planner (from_planner.hpp) calls DeriveConstantEqualities on a
// pool once the ON conjuncts of the inner JOINs a join list flattens are in it, before any
// member of the list is planned; the join relations (join_relations.hpp) take the join
// classes of what is left once the list's members are planned. Every conjunct of a pool
// holds for every row the pool's join list produces (WHERE and inner ON conditions of the
// top level, or the conjuncts a nullable side of an outer join is planned with), and the
// FROM planner pushes a conjunct only where that is valid (never below the nullable side of
// an outer join it does not belong to), so replacing conjuncts of one pool by conjuncts
// they imply and that imply them keeps every result.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "planner/optimize/conjuncts.hpp"

namespace granary::planner {

// Groups the pool's equalities `x = y` that are mergeable (the operator is the default btree
// equality of one type both sides share, under a deterministic collation for strings; no
// volatile call) and whose sides are columns or pseudo-constants (constants other than NULL,
// statement parameters, and calls and casts over them that are not volatile) into
// equivalence classes. For each class with a pseudo-constant member and more than one
// source equality (or more than two members), the class's source equalities leave the pool
// and `member = constant` is appended for every other member, the constant being the first
// plain constant member (else the first pseudo-constant), as PostgreSQL's
// generate_base_implied_equalities_const does. Classes without a constant keep their
// equalities as written. Raises nothing.
void DeriveConstantEqualities(std::vector<Conjunct>& pool);

// PostgreSQL's reconsider_outer_join_clauses, for one LEFT (or RIGHT) JOIN: an equality of
// its ON conjuncts `on` between a column of its nullable side (global columns [nullable_begin,
// nullable_end)) and a column of its preserved side that a mergeable equality of `pool` (the
// conditions every row of the join must meet above it) equates to a pseudo-constant gives
// `nullable column = constant`, appended to `nullable_pool` (the conjuncts the nullable side is
// planned with). The ON equality stays: it still decides which rows match.
void DeriveOuterJoinConstants(const std::vector<Conjunct>& on, const std::vector<Conjunct>& pool,
                              size_t nullable_begin, size_t nullable_end, std::vector<Conjunct>& nullable_pool);

// A class of columns without a constant, over the relations of one join list: its join
// clauses are made per join (PostgreSQL's generate_join_implied_equalities), one for each
// join that has members on both sides, so `a.x = b.y AND b.y = c.z` also links a and c.
struct JoinEquivalenceClass {
  std::vector<size_t> members;  // global columns, in the order the source equalities name them
  BoundExprPtr equality;        // a source equality: the function and collation to compare with
};

// The clause of `join_class` between the joined sides: its first member on the left side
// (`on_left`) = its first member on the right side, over global columns; null when a side
// has none.
BoundExprPtr MakeJoinEquality(const JoinEquivalenceClass& join_class,
                              const std::function<bool(size_t)>& on_left,
                              const std::function<bool(size_t)>& on_right);

// Takes out of `pool` the mergeable column = column equalities of the classes (as
// DeriveConstantEqualities groups them; those with constants were already replaced) that
// have three members or more, each in a different relation of the join list (`relation_of`
// gives a global column's relation, nullopt outside the list), and returns those classes.
// Other classes keep their equalities in the pool.
std::vector<JoinEquivalenceClass> TakeJoinEquivalences(
    std::vector<Conjunct>& pool, const std::function<std::optional<size_t>(size_t)>& relation_of);

}  // namespace granary::planner
