// Backward B-tree scans (BTreeScan::SeekLast): descending order across many leaves, ties in
// descending tid order, inclusive, exclusive and prefix bounds at both ends, dead entries
// skipped, and pages splitting to the left of the scan while it runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "btree_test_support.hpp"
#include "types/key_encoding.hpp"

using namespace granary::storage;
using namespace granary::storage::testing;
using granary::types::KeyColumn;
using granary::types::Type;
using granary::types::TypeId;
using granary::types::Value;

namespace {

std::string Int8Key(int64_t n) {
  std::string key;
  granary::types::EncodeKey({Value::Int8(n)}, {KeyColumn::Ascending(Type{TypeId::kInt8})}, key);
  return key;
}

int64_t Int8Of(const std::string& key) {
  return granary::types::DecodeKey(key, {KeyColumn::Ascending(Type{TypeId::kInt8})})[0].AsInt();
}

std::vector<IndexEntry> ScanBackward(BTreeScan& scan) {
  scan.SeekLast();
  std::vector<IndexEntry> entries;
  IndexEntry entry;
  while (scan.Next(entry)) entries.push_back(entry);
  return entries;
}

bool SameEntries(const std::vector<IndexEntry>& left, const std::vector<IndexEntry>& right) {
  if (left.size() != right.size()) return false;
  for (size_t i = 0; i < left.size(); ++i) {
    if (left[i].key != right[i].key || !(left[i].tid == right[i].tid)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a backward scan of an empty index is empty", "[storage][btree][backward]") {
  BTreeFixture f;
  BTreeScan scan(*f.tree);
  CHECK(ScanBackward(scan).empty());
}

TEST_CASE("a backward scan returns every entry in descending (key, tid) order",
          "[storage][btree][backward]") {
  BTreeFixture f(32);
  std::vector<uint64_t> order(30'000);
  for (uint64_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(11));
  // 300 distinct keys, 100 entries each: duplicates span leaves and order by tid.
  for (const uint64_t n : order) f.tree->Insert(Int8Key(static_cast<int64_t>(n % 300)), TidOf(n));
  REQUIRE(f.tree->Verify().height >= 2);  // many leaves

  std::vector<IndexEntry> expected = ScanAll(*f.tree);
  REQUIRE(expected.size() == order.size());
  std::reverse(expected.begin(), expected.end());
  BTreeScan scan(*f.tree);
  CHECK(SameEntries(ScanBackward(scan), expected));
}

TEST_CASE("backward scans honour inclusive, exclusive and open bounds at both ends",
          "[storage][btree][backward]") {
  BTreeFixture f(32);
  std::vector<int64_t> numbers;
  for (int64_t n = -3000; n < 3000; n += 3) numbers.push_back(n);
  std::shuffle(numbers.begin(), numbers.end(), std::mt19937_64(12));
  for (const int64_t n : numbers) f.tree->Insert(Int8Key(n), TidOf(static_cast<uint64_t>(n + 3000)));
  std::sort(numbers.begin(), numbers.end(), std::greater<>());

  std::mt19937_64 random(13);
  for (int round = 0; round < 300; ++round) {
    const int64_t low = static_cast<int64_t>(random() % 6400) - 3200;
    const int64_t high = low + static_cast<int64_t>(random() % 400) - 50;
    const bool low_inclusive = random() % 2 == 0;
    const bool high_inclusive = random() % 2 == 0;
    const bool bounded_below = random() % 4 != 0;
    const bool bounded_above = random() % 4 != 0;

    BTreeScan scan(*f.tree);
    if (bounded_above) scan.SetUpperBound(Int8Key(high), high_inclusive);
    if (bounded_below) scan.SetLowerBound(Int8Key(low), low_inclusive);
    std::vector<int64_t> got;
    for (const IndexEntry& entry : ScanBackward(scan)) got.push_back(Int8Of(entry.key));
    std::vector<int64_t> want;
    for (const int64_t n : numbers) {
      const bool above_low = !bounded_below || (low_inclusive ? n >= low : n > low);
      const bool below_high = !bounded_above || (high_inclusive ? n <= high : n < high);
      if (above_low && below_high) want.push_back(n);
    }
    INFO("low " << low << (low_inclusive ? " incl" : " excl") << " bounded " << bounded_below << " high "
                << high << (high_inclusive ? " incl" : " excl") << " bounded " << bounded_above);
    REQUIRE(got == want);
  }
}

TEST_CASE("backward prefix bounds select the leading columns of multi-column keys",
          "[storage][btree][backward]") {
  BTreeFixture f(32);
  const std::vector<KeyColumn> columns = {KeyColumn::Ascending(Type{TypeId::kInt4}),
                                          KeyColumn::Ascending(Type{TypeId::kText})};
  std::map<std::pair<int64_t, std::string>, TupleId> model;
  std::mt19937_64 random(14);
  for (uint64_t i = 0; i < 4000; ++i) {
    const int64_t a = static_cast<int64_t>(random() % 40);
    const std::string b = std::string(random() % 5, 'b') + std::to_string(random() % 100);
    if (!model.emplace(std::make_pair(a, b), TidOf(i)).second) continue;
    std::string key;
    granary::types::EncodeKey({Value::Int4(a), Value::Text(b)}, columns, key);
    f.tree->Insert(key, TidOf(i));
  }
  for (int64_t a = -1; a <= 40; ++a) {
    std::string prefix;
    granary::types::EncodeKey({Value::Int4(a)}, columns, prefix);
    // a = x, read backward: the (b, tid) of that a, largest first.
    BTreeScan scan(*f.tree);
    scan.SetUpperBound(prefix, true);
    scan.SetLowerBound(prefix, true);
    std::vector<TupleId> got;
    for (const IndexEntry& entry : ScanBackward(scan)) got.push_back(entry.tid);
    std::vector<TupleId> want;
    for (auto it = model.rbegin(); it != model.rend(); ++it) {
      if (it->first.first == a) want.push_back(it->second);
    }
    INFO("a = " << a);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == want[i]);

    auto count_scan = [&](bool with_lower, bool lower_inclusive, bool with_upper, bool upper_inclusive) {
      BTreeScan bounded(*f.tree);
      if (with_upper) bounded.SetUpperBound(prefix, upper_inclusive);
      if (with_lower) bounded.SetLowerBound(prefix, lower_inclusive);
      return ScanBackward(bounded).size();
    };
    size_t below = 0;
    size_t above = 0;
    for (const auto& [k, tid] : model) {
      if (k.first < a) ++below;
      if (k.first > a) ++above;
    }
    CHECK(count_scan(false, false, true, false) == below);                // a < x
    CHECK(count_scan(false, false, true, true) == below + want.size());   // a <= x
    CHECK(count_scan(true, false, false, false) == above);                // a > x
    CHECK(count_scan(true, true, false, false) == above + want.size());   // a >= x
    CHECK(count_scan(true, false, true, true) == 0);                      // x < a <= x
  }
}

TEST_CASE("backward scans skip dead entries", "[storage][btree][backward]") {
  BTreeFixture f(32);
  for (int64_t n = 0; n < 5000; ++n) f.tree->Insert(Int8Key(n), TidOf(static_cast<uint64_t>(n)));
  for (int64_t n = 0; n < 5000; n += 3) REQUIRE(f.tree->Delete(Int8Key(n), TidOf(static_cast<uint64_t>(n))));
  BTreeScan scan(*f.tree);
  std::vector<int64_t> got;
  for (const IndexEntry& entry : ScanBackward(scan)) got.push_back(Int8Of(entry.key));
  std::vector<int64_t> want;
  for (int64_t n = 4999; n >= 0; --n) {
    if (n % 3 != 0) want.push_back(n);
  }
  CHECK(got == want);
}

TEST_CASE("a backward scan sees every entry once while pages to its left split",
          "[storage][btree][backward]") {
  BTreeFixture f(32);
  // Even numbers first; while the scan runs, odd numbers go in below and above its
  // position, splitting the leaves it has yet to reach and those it has left.
  constexpr int64_t kCount = 20'000;
  for (int64_t n = 0; n < kCount; n += 2) f.tree->Insert(Int8Key(n), TidOf(static_cast<uint64_t>(n)));
  std::vector<int64_t> odd;
  for (int64_t n = 1; n < kCount; n += 2) odd.push_back(n);
  std::shuffle(odd.begin(), odd.end(), std::mt19937_64(15));

  BTreeScan scan(*f.tree);
  scan.SeekLast();
  std::vector<int64_t> got;
  IndexEntry entry;
  size_t next_odd = 0;
  while (scan.Next(entry)) {
    got.push_back(Int8Of(entry.key));
    for (int i = 0; i < 2 && next_odd < odd.size(); ++i, ++next_odd) {
      f.tree->Insert(Int8Key(odd[next_odd]), TidOf(static_cast<uint64_t>(odd[next_odd])));
    }
  }
  REQUIRE(next_odd == odd.size());
  // Strictly descending (no entry twice), and every even number, there throughout, seen.
  CHECK(std::adjacent_find(got.begin(), got.end(), std::less_equal<>()) == got.end());
  std::vector<int64_t> even_seen;
  for (const int64_t n : got) {
    if (n % 2 == 0) even_seen.push_back(n);
  }
  REQUIRE(even_seen.size() == static_cast<size_t>(kCount / 2));
  CHECK(even_seen.front() == kCount - 2);
  CHECK(even_seen.back() == 0);
  CHECK(f.tree->Verify().entries == static_cast<size_t>(kCount));
}
