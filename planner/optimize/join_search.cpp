// Join order search (see join_search.hpp).
#include "planner/optimize/join_search.hpp"

#include <limits>
#include <map>
#include <optional>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::planner {
namespace {

using RelationSet = uint32_t;  // dynamic programming runs on fewer than 32 relations

int Members(RelationSet set) { return __builtin_popcount(set); }

class DynamicProgramming {
 public:
  DynamicProgramming(JoinSearchSpace& space, size_t count) : space_(space), count_(count) {}

  JoinSearchResult Run() {
    for (size_t i = 0; i < count_; ++i) {
      best_[RelationSet{1} << i] = i;
      if (std::optional<size_t> ordered = space_.OrderedBase(i)) ordered_[RelationSet{1} << i] = *ordered;
    }
    levels_.assign(count_ + 1, {});
    for (size_t i = 0; i < count_; ++i) levels_[1].push_back(RelationSet{1} << i);
    for (size_t level = 2; level <= count_; ++level) {
      SearchLevel(level, false);
      // join_search_one_level: no pair was joinable, so the query needs a cross product.
      if (levels_[level].empty()) SearchLevel(level, true);
    }
    const RelationSet all = levels_[count_].front();
    JoinSearchResult result;
    result.cheapest = best_.at(all);
    if (auto found = ordered_.find(all); found != ordered_.end()) result.ordered = found->second;
    return result;
  }

 private:
  // Joins each relation of level j with each disjoint relation of level `level` - j.
  void SearchLevel(size_t level, bool force) {
    for (size_t left_level = 1; left_level <= level / 2; ++left_level) {
      const size_t right_level = level - left_level;
      for (RelationSet left : levels_[left_level]) {
        for (RelationSet right : levels_[right_level]) {
          if ((left & right) != 0) continue;
          // Each unordered pair once (the space tries both sides as outer).
          if (left_level == right_level && left > right) continue;
          const size_t left_id = best_.at(left);
          const size_t right_id = best_.at(right);
          if (!space_.Legal(left_id, right_id)) continue;
          if (!force && !space_.Linked(left_id, right_id) && space_.HasJoinClauses(left_id) &&
              space_.HasJoinClauses(right_id)) {
            continue;
          }
          Offer(left | right, space_.Join(left_id, right_id), level);
          // The ordered path of either side, kept in order as the outer side.
          for (const auto& [outer, inner] : {std::pair{left, right}, std::pair{right, left}}) {
            const auto ordered = ordered_.find(outer);
            if (ordered == ordered_.end()) continue;
            if (std::optional<size_t> id = space_.JoinKeepingOrder(ordered->second, best_.at(inner))) {
              OfferOrdered(left | right, *id);
            }
          }
        }
      }
    }
  }

  void Offer(RelationSet set, size_t id, size_t level) {
    auto found = best_.find(set);
    if (found == best_.end()) {
      best_[set] = id;
      levels_[level].push_back(set);
    } else if (space_.Cost(id) < space_.Cost(found->second)) {
      found->second = id;
    }
    if (space_.Ordered(id)) OfferOrdered(set, id);
  }

  // An ordered relation of `set` (whose cheapest relation is already known): kept when it is
  // the cheapest in the order, and as the set's cheapest when it is cheaper than that too
  // (PostgreSQL's add_path keeps a path better in cost or in order).
  void OfferOrdered(RelationSet set, size_t id) {
    auto found = ordered_.find(set);
    if (found == ordered_.end()) {
      ordered_[set] = id;
    } else if (space_.Cost(id) < space_.Cost(found->second)) {
      found->second = id;
    }
    size_t& best = best_.at(set);
    if (space_.Cost(id) < space_.Cost(best)) best = id;
  }

  JoinSearchSpace& space_;
  size_t count_;
  std::map<RelationSet, size_t> best_;
  std::map<RelationSet, size_t> ordered_;  // the cheapest relation of the set in the order
  std::vector<std::vector<RelationSet>> levels_;
};

size_t Greedy(JoinSearchSpace& space, size_t count) {
  std::vector<size_t> relations;
  for (size_t i = 0; i < count; ++i) relations.push_back(i);
  while (relations.size() > 1) {
    std::optional<size_t> best;
    size_t best_left = 0;
    size_t best_right = 0;
    for (int pass = 0; pass < 2 && !best; ++pass) {
      for (size_t a = 0; a < relations.size(); ++a) {
        for (size_t b = a + 1; b < relations.size(); ++b) {
          if (!space.Legal(relations[a], relations[b])) continue;
          if (pass == 0 && !space.Linked(relations[a], relations[b])) continue;
          const size_t id = space.Join(relations[a], relations[b]);
          if (!best || space.Cost(id) < space.Cost(*best)) {
            best = id;
            best_left = a;
            best_right = b;
          }
        }
      }
    }
    if (!best) throw Error(sqlstate::kInternalError, "no legal join order");
    relations.erase(relations.begin() + static_cast<std::ptrdiff_t>(best_right));
    relations[best_left] = *best;
  }
  return relations.front();
}

}  // namespace

JoinSearchResult SearchJoinOrder(JoinSearchSpace& space, size_t count, size_t greedy_threshold) {
  if (count <= 1) {
    JoinSearchResult result;
    if (count == 1) result.ordered = space.OrderedBase(0);
    return result;
  }
  if (count >= greedy_threshold || count >= 32) return JoinSearchResult{Greedy(space, count), std::nullopt};
  return DynamicProgramming(space, count).Run();
}

}  // namespace granary::planner
