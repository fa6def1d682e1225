#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <utility>

#include "storage/buffer/page_table.hpp"

using granary::storage::PageTable;

TEST_CASE("page table finds what was inserted and nothing after erase", "[page_table]") {
  PageTable table(4);
  CHECK(table.Find(1, 0) == PageTable::kNotFound);
  table.Insert(1, 0, 10);
  table.Insert(1, 1, 11);
  table.Insert(2, 0, 12);
  CHECK(table.Find(1, 0) == 10);
  CHECK(table.Find(1, 1) == 11);
  CHECK(table.Find(2, 0) == 12);
  CHECK(table.Find(2, 1) == PageTable::kNotFound);
  table.Erase(1, 1);
  CHECK(table.Find(1, 1) == PageTable::kNotFound);
  CHECK(table.Find(1, 0) == 10);
  CHECK(table.Find(2, 0) == 12);
  table.Erase(7, 7);  // absent: no effect
  CHECK(table.size() == 2);
}

// Random inserts and erases against std::map, through growth and through long probe runs
// (few slots, so erases shift entries back across the table's wrap-around).
TEST_CASE("page table agrees with a reference map under random work", "[page_table]") {
  std::mt19937 random(42);
  PageTable table(2);
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> reference;
  for (int step = 0; step < 200000; ++step) {
    const uint32_t rel = random() % 3;
    const uint32_t block = random() % 700;
    const auto key = std::make_pair(rel, block);
    const bool present = reference.contains(key);
    REQUIRE(table.Contains(rel, block) == present);
    if (present && random() % 2 == 0) {
      table.Erase(rel, block);
      reference.erase(key);
    } else if (!present) {
      const uint32_t frame = static_cast<uint32_t>(step);
      table.Insert(rel, block, frame);
      reference[key] = frame;
    } else {
      REQUIRE(table.Find(rel, block) == reference[key]);
    }
  }
  REQUIRE(table.size() == reference.size());
  for (const auto& [key, frame] : reference) REQUIRE(table.Find(key.first, key.second) == frame);
}
