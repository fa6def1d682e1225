// The join order search (dynamic programming and the greedy search) over a synthetic cost
// model: relations with sizes, join clauses as edges with selectivities.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <utility>

#include "planner/optimize/join_search.hpp"

namespace {

using granary::planner::JoinSearchSpace;
using granary::planner::SearchJoinOrder;

// Rows of a set = product of sizes x product of the selectivities of the edges inside it;
// a join costs its inputs' costs plus the rows it reads and produces.
class FakeSpace final : public JoinSearchSpace {
 public:
  FakeSpace(std::vector<double> sizes, std::map<std::pair<size_t, size_t>, double> edges)
      : sizes_(std::move(sizes)), edges_(std::move(edges)) {
    for (size_t i = 0; i < sizes_.size(); ++i) relations_.push_back({uint64_t{1} << i, 0, 0, 0, sizes_[i], true});
  }

  // `inner` (a base relation) may join only a relation holding all of `needs` (a semi
  // join's inner input and the relations its conditions read).
  void Restrict(size_t inner, uint64_t needs) {
    restricted_ = inner;
    needs_ = needs;
  }
  bool Legal(size_t left, size_t right) const override {
    if (!restricted_) return true;
    const uint64_t inner = uint64_t{1} << *restricted_;
    const uint64_t a = relations_[left].set;
    const uint64_t b = relations_[right].set;
    if (a == inner) return (b & needs_) == needs_;
    if (b == inner) return (a & needs_) == needs_;
    return true;
  }
  // Whether every join in the tree under `id` was legal.
  bool OnlyLegalJoins(size_t id) const {
    const Relation& relation = relations_[id];
    if (relation.leaf) return true;
    return Legal(relation.left, relation.right) && OnlyLegalJoins(relation.left) && OnlyLegalJoins(relation.right);
  }

  bool Linked(size_t left, size_t right) const override {
    return Crossing(relations_[left].set, relations_[right].set);
  }
  bool HasJoinClauses(size_t id) const override {
    const uint64_t all = (uint64_t{1} << sizes_.size()) - 1;
    return Crossing(relations_[id].set, all & ~relations_[id].set);
  }
  size_t Join(size_t left, size_t right) override {
    const Relation& a = relations_[left];
    const Relation& b = relations_[right];
    REQUIRE((a.set & b.set) == 0);
    if (!Linked(left, right)) ++cross_products_;
    const uint64_t set = a.set | b.set;
    const double rows = Rows(set);
    relations_.push_back({set, left, right, a.cost + b.cost + a.rows + b.rows + rows, rows, false});
    return relations_.size() - 1;
  }
  double Cost(size_t id) const override { return relations_[id].cost; }

  uint64_t Set(size_t id) const { return relations_[id].set; }
  int cross_products() const { return cross_products_; }

  // Whether the tree under `id` joins only linked inputs.
  bool OnlyLinkedJoins(size_t id) const {
    const Relation& relation = relations_[id];
    if (relation.leaf) return true;
    return Linked(relation.left, relation.right) && OnlyLinkedJoins(relation.left) && OnlyLinkedJoins(relation.right);
  }

  // The cheapest left-deep plan joining linked relations only, by trying every order.
  double BestLeftDeep() {
    std::vector<size_t> order(sizes_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    double best = 1e300;
    do {
      double cost = 0;
      uint64_t set = uint64_t{1} << order[0];
      double rows = sizes_[order[0]];
      bool linked = true;
      for (size_t i = 1; i < order.size() && linked; ++i) {
        linked = Crossing(set, uint64_t{1} << order[i]);
        const uint64_t next = set | (uint64_t{1} << order[i]);
        cost += rows + sizes_[order[i]] + Rows(next);
        rows = Rows(next);
        set = next;
      }
      if (linked) best = std::min(best, cost);
    } while (std::next_permutation(order.begin(), order.end()));
    return best;
  }

 private:
  struct Relation {
    uint64_t set;
    size_t left;
    size_t right;
    double cost;
    double rows;
    bool leaf;
  };

  bool Crossing(uint64_t a, uint64_t b) const {
    for (const auto& [edge, selectivity] : edges_) {
      const uint64_t x = uint64_t{1} << edge.first;
      const uint64_t y = uint64_t{1} << edge.second;
      if (((a & x) && (b & y)) || ((a & y) && (b & x))) return true;
    }
    return false;
  }
  double Rows(uint64_t set) const {
    double rows = 1;
    for (size_t i = 0; i < sizes_.size(); ++i) {
      if (set & (uint64_t{1} << i)) rows *= sizes_[i];
    }
    for (const auto& [edge, selectivity] : edges_) {
      if ((set & (uint64_t{1} << edge.first)) && (set & (uint64_t{1} << edge.second))) rows *= selectivity;
    }
    return rows;
  }

  std::vector<double> sizes_;
  std::map<std::pair<size_t, size_t>, double> edges_;
  std::vector<Relation> relations_;
  int cross_products_ = 0;
  std::optional<size_t> restricted_;
  uint64_t needs_ = 0;
};

}  // namespace

TEST_CASE("dynamic programming joins a chain without cross products, at least as cheaply as any left-deep order",
          "[planner][join_search]") {
  FakeSpace space({1000, 10, 5000, 20, 300, 7}, {{{0, 1}, 0.1}, {{1, 2}, 0.001}, {{2, 3}, 0.05}, {{3, 4}, 0.01},
                                                 {{4, 5}, 0.2}});
  const size_t best = SearchJoinOrder(space, 6, 12).cheapest;
  CHECK(space.Set(best) == 0b111111);
  CHECK(space.cross_products() == 0);
  CHECK(space.OnlyLinkedJoins(best));
  CHECK(space.Cost(best) <= space.BestLeftDeep() + 1e-6);
}

TEST_CASE("dynamic programming finds bushy plans a left-deep search cannot", "[planner][join_search]") {
  // Two selective pairs joined by an unselective clause: (0 1) and (2 3) first is cheapest.
  FakeSpace space({10000, 10000, 10000, 10000},
                  {{{0, 1}, 0.00001}, {{2, 3}, 0.00001}, {{1, 2}, 0.5}});
  const size_t best = SearchJoinOrder(space, 4, 12).cheapest;
  CHECK(space.Set(best) == 0b1111);
  CHECK(space.Cost(best) < space.BestLeftDeep());
}

TEST_CASE("a query without join clauses between two groups still gets one cross product", "[planner][join_search]") {
  FakeSpace space({100, 200, 300, 400}, {{{0, 1}, 0.01}, {{2, 3}, 0.01}});
  const size_t best = SearchJoinOrder(space, 4, 12).cheapest;
  CHECK(space.Set(best) == 0b1111);
}

TEST_CASE("a relation without any join clause is joined with every other relation", "[planner][join_search]") {
  FakeSpace space({100, 200, 3}, {{{0, 1}, 0.01}});
  const size_t best = SearchJoinOrder(space, 3, 12).cheapest;
  CHECK(space.Set(best) == 0b111);
}

TEST_CASE("the greedy search joins long lists, linked pairs first", "[planner][join_search]") {
  std::vector<double> sizes;
  std::map<std::pair<size_t, size_t>, double> edges;
  for (size_t i = 0; i < 20; ++i) {
    sizes.push_back(100.0 + static_cast<double>(i * 37 % 11) * 50);
    if (i > 0) edges[{i - 1, i}] = 0.01;
  }
  FakeSpace space(sizes, edges);
  const size_t best = SearchJoinOrder(space, 20, 12).cheapest;
  CHECK(space.Set(best) == (uint64_t{1} << 20) - 1);
  CHECK(space.OnlyLinkedJoins(best));
}

TEST_CASE("a semi join's inner input joins only a relation holding what its conditions read",
          "[planner][join_search]") {
  // Relation 3 (tiny, so cheapest to join early) may only join a set holding 0 and 2.
  for (const size_t threshold : {size_t{12}, size_t{2}}) {
    FakeSpace space({1000, 500, 800, 2}, {{{0, 1}, 0.01}, {{1, 2}, 0.01}, {{0, 3}, 0.5}, {{1, 3}, 0.5}});
    space.Restrict(3, 0b0101);
    const size_t best = SearchJoinOrder(space, 4, threshold).cheapest;
    CHECK(space.Set(best) == 0b1111);
    CHECK(space.OnlyLegalJoins(best));
  }
}

TEST_CASE("one relation needs no join", "[planner][join_search]") {
  FakeSpace space({5}, {});
  CHECK(SearchJoinOrder(space, 1, 12).cheapest == 0);
}

namespace {

// Three relations in a chain 0 - 1 - 2 of 1,000 rows each; relation 0 also has an ordered path
// (ten times its cost); a join costs its inputs plus 2,000, one keeping an order its inputs
// plus `keeping`.
class OrderedSpace final : public granary::planner::JoinSearchSpace {
 public:
  OrderedSpace(bool with_order, double keeping) : with_order_(with_order), keeping_(keeping) {
    for (size_t i = 0; i < 3; ++i) relations_.push_back({uint64_t{1} << i, 10, false, std::nullopt});
  }
  bool Linked(size_t left, size_t right) const override {
    const uint64_t both = relations_[left].set | relations_[right].set;
    return (both & 3) == 3 || (both & 6) == 6;
  }
  bool HasJoinClauses(size_t) const override { return true; }
  size_t Join(size_t left, size_t right) override {
    relations_.push_back({relations_[left].set | relations_[right].set,
                          relations_[left].cost + relations_[right].cost + 2000, false, std::nullopt});
    return relations_.size() - 1;
  }
  double Cost(size_t id) const override { return relations_[id].cost; }
  std::optional<size_t> OrderedBase(size_t base) override {
    if (!with_order_ || base != 0) return std::nullopt;
    relations_.push_back({1, 100, true, std::nullopt});
    return relations_.size() - 1;
  }
  bool Ordered(size_t id) const override { return relations_[id].ordered; }
  std::optional<size_t> JoinKeepingOrder(size_t outer, size_t inner) override {
    REQUIRE(relations_[outer].ordered);
    relations_.push_back({relations_[outer].set | relations_[inner].set, relations_[outer].cost + relations_[inner].cost + keeping_, true, outer});
    return relations_.size() - 1;
  }
  uint64_t Set(size_t id) const { return relations_[id].set; }
  // The outermost base relation of an ordered relation's tree.
  size_t Outermost(size_t id) const {
    while (relations_[id].outer) id = *relations_[id].outer;
    return id;
  }

 private:
  struct Relation {
    uint64_t set;
    double cost;
    bool ordered;
    std::optional<size_t> outer;
  };
  bool with_order_;
  double keeping_;
  std::vector<Relation> relations_;
};

}  // namespace

TEST_CASE("the search keeps the cheapest relation in the order asked for", "[planner][join_search]") {
  // In order: 100 + 3,000 + (10 + 10 + 2,000); the cheapest: 10 + 10 + 2,000, then + 10 + 2,000.
  OrderedSpace space(true, 3000);
  const granary::planner::JoinSearchResult result = SearchJoinOrder(space, 3, 12);
  REQUIRE(result.ordered);
  CHECK(space.Set(result.cheapest) == 7);
  CHECK(space.Set(*result.ordered) == 7);
  CHECK(space.Ordered(*result.ordered));
  CHECK_FALSE(space.Ordered(result.cheapest));
  CHECK(space.Outermost(*result.ordered) == 3);  // relation 0's ordered path
  CHECK(space.Cost(*result.ordered) == 5120);
  CHECK(space.Cost(result.cheapest) == 4030);
}

TEST_CASE("an ordered relation cheaper than the unordered ones is the cheapest too", "[planner][join_search]") {
  // In order: (100 + 1,000 + 10) + 1,000 + 10 = 2,120, below the 3,120 of the others.
  OrderedSpace space(true, 1000);
  const granary::planner::JoinSearchResult result = SearchJoinOrder(space, 3, 12);
  REQUIRE(result.ordered);
  CHECK(result.cheapest == *result.ordered);
  CHECK(space.Cost(result.cheapest) == 2120);
}

TEST_CASE("without an ordered base relation the search has no ordered result", "[planner][join_search]") {
  OrderedSpace space(false, 1000);
  const granary::planner::JoinSearchResult result = SearchJoinOrder(space, 3, 12);
  CHECK_FALSE(result.ordered);
  CHECK(space.Set(result.cheapest) == 7);
}
