// B-tree behaviour through its public header: inserts through a small buffer pool, ordered
// scans and lookups, duplicates, bounds, unique violations, deletes, the key size limit,
// growth by root splits, and reopening.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "btree_test_support.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/key_encoding.hpp"

using namespace granary::storage;
using namespace granary::storage::testing;
using granary::types::KeyColumn;
using granary::types::Type;
using granary::types::TypeId;
using granary::types::Value;

namespace {

// Distinct keys of varying length whose byte order is not the numeric order.
std::string KeyOf(uint64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof(digits), "%llu", static_cast<unsigned long long>(n));
  return std::string(digits) + "/" + std::string(n % 37, static_cast<char>('a' + n % 26));
}

std::string Int8Key(int64_t n) {
  std::string key;
  granary::types::EncodeKey({Value::Int8(n)}, {KeyColumn::Ascending(Type{TypeId::kInt8})}, key);
  return key;
}

template <typename Body>
granary::Error ExpectError(Body&& body) {
  try {
    body();
  } catch (const granary::Error& error) {
    return error;
  }
  FAIL("expected a granary::Error");
  return granary::Error("XX000", "unreachable");
}

}  // namespace

TEST_CASE("an empty index scans as empty and verifies", "[storage][btree]") {
  BTreeFixture f;
  CHECK(ScanAll(*f.tree).empty());
  CHECK(f.tree->Lookup("x").empty());
  const BTree::Shape shape = f.tree->Verify();
  CHECK(shape.height == 1);
  CHECK(shape.entries == 0);
}

TEST_CASE("100k random inserts through 64 buffers scan in order and are found",
          "[storage][btree]") {
  BTreeFixture f(64);
  constexpr uint64_t kCount = 100'000;
  std::vector<uint64_t> order(kCount);
  for (uint64_t i = 0; i < kCount; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(1));
  for (const uint64_t n : order) f.tree->Insert(KeyOf(n), TidOf(n));

  std::vector<IndexEntry> expected;
  for (uint64_t n = 0; n < kCount; ++n) expected.push_back(IndexEntry{KeyOf(n), TidOf(n)});
  std::sort(expected.begin(), expected.end(), EntryLess);
  const std::vector<IndexEntry> scanned = ScanAll(*f.tree);
  REQUIRE(scanned.size() == kCount);
  size_t mismatches = 0;
  for (size_t i = 0; i < kCount; ++i) {
    if (scanned[i].key != expected[i].key || !(scanned[i].tid == expected[i].tid)) ++mismatches;
  }
  CHECK(mismatches == 0);

  std::mt19937_64 random(2);
  size_t wrong = 0;
  for (int i = 0; i < 20'000; ++i) {
    const uint64_t n = random() % kCount;
    const std::vector<TupleId> found = f.tree->Lookup(KeyOf(n));
    if (found.size() != 1 || !(found[0] == TidOf(n))) ++wrong;
    // A key that was never inserted: a prefix of one that was.
    if (!f.tree->Lookup(KeyOf(n).substr(0, KeyOf(n).size() - 1)).empty()) ++wrong;
  }
  CHECK(wrong == 0);

  const BTree::Shape shape = f.tree->Verify();
  CHECK(shape.entries == kCount);
  CHECK(shape.height >= 3);
  CHECK(f.pool.stats().evictions > 0);  // the index is far larger than the pool
}

TEST_CASE("duplicate keys are kept in tid order across pages", "[storage][btree]") {
  BTreeFixture f(32);
  const std::string key(200, 'd');
  std::vector<uint64_t> numbers(3000);
  for (uint64_t i = 0; i < numbers.size(); ++i) numbers[i] = i * 7;
  std::shuffle(numbers.begin(), numbers.end(), std::mt19937_64(3));
  for (const uint64_t n : numbers) {
    f.tree->Insert(key, TidOf(n));
    f.tree->Insert(key + "x", TidOf(n));  // a neighbouring key, interleaved
  }
  f.tree->Insert(key.substr(0, 199), TidOf(1));

  const std::vector<TupleId> tids = f.tree->Lookup(key);
  REQUIRE(tids.size() == numbers.size());
  for (size_t i = 0; i < tids.size(); ++i) CHECK(tids[i] == TidOf(i * 7));
  CHECK(f.tree->Lookup(key + "x").size() == numbers.size());
  CHECK(f.tree->Lookup(key.substr(0, 199)).size() == 1);
  CHECK(f.tree->Verify().pages_per_level[0] > 50);  // the duplicates span many leaves

  const granary::Error error = ExpectError([&] { f.tree->Insert(key, TidOf(7)); });
  CHECK(error.sqlstate() == granary::sqlstate::kInternalError);
  CHECK(error.message() == "duplicate entry for tuple (0,8) in index \"test_index\"");
}

TEST_CASE("range scans honour inclusive, exclusive and prefix bounds", "[storage][btree]") {
  BTreeFixture f(32);
  std::vector<int64_t> numbers;
  for (int64_t n = -3000; n < 3000; n += 3) numbers.push_back(n);
  std::shuffle(numbers.begin(), numbers.end(), std::mt19937_64(4));
  for (const int64_t n : numbers)
    f.tree->Insert(Int8Key(n), TidOf(static_cast<uint64_t>(n + 3000)));
  std::sort(numbers.begin(), numbers.end());

  std::mt19937_64 random(5);
  for (int round = 0; round < 300; ++round) {
    const int64_t low = static_cast<int64_t>(random() % 6400) - 3200;
    const int64_t high = low + static_cast<int64_t>(random() % 400) - 50;
    const bool low_inclusive = random() % 2 == 0;
    const bool high_inclusive = random() % 2 == 0;
    const bool bounded_above = random() % 4 != 0;

    BTreeScan scan(*f.tree);
    if (bounded_above) scan.SetUpperBound(Int8Key(high), high_inclusive);
    scan.Seek(Int8Key(low), low_inclusive);
    std::vector<int64_t> got;
    IndexEntry entry;
    while (scan.Next(entry)) {
      got.push_back(
          granary::types::DecodeKey(entry.key, {KeyColumn::Ascending(Type{TypeId::kInt8})})[0]
              .AsInt());
    }
    std::vector<int64_t> want;
    for (const int64_t n : numbers) {
      const bool above_low = low_inclusive ? n >= low : n > low;
      const bool below_high = !bounded_above || (high_inclusive ? n <= high : n < high);
      if (above_low && below_high) want.push_back(n);
    }
    INFO("low " << low << (low_inclusive ? " incl" : " excl") << " high " << high
                << (high_inclusive ? " incl" : " excl") << " bounded " << bounded_above);
    REQUIRE(got == want);
  }
}

TEST_CASE("prefix bounds select the leading columns of multi-column keys", "[storage][btree]") {
  BTreeFixture f(32);
  const std::vector<KeyColumn> columns = {KeyColumn::Ascending(Type{TypeId::kInt4}),
                                          KeyColumn::Ascending(Type{TypeId::kText})};
  std::map<std::pair<int64_t, std::string>, TupleId> model;
  std::mt19937_64 random(6);
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
    auto count_scan = [&](bool lower_inclusive, bool with_upper, bool upper_inclusive) {
      BTreeScan scan(*f.tree);
      if (with_upper) scan.SetUpperBound(prefix, upper_inclusive);
      scan.Seek(prefix, lower_inclusive);
      size_t count = 0;
      IndexEntry entry;
      while (scan.Next(entry)) ++count;
      return count;
    };
    size_t equal = 0;
    size_t above = 0;
    for (const auto& [k, tid] : model) {
      if (k.first == a) ++equal;
      if (k.first > a) ++above;
    }
    CHECK(count_scan(true, true, true) == equal);            // a = x
    CHECK(count_scan(false, false, false) == above);         // a > x
    CHECK(count_scan(true, false, false) == equal + above);  // a >= x
    CHECK(count_scan(true, true, false) == 0);               // x <= a < x
  }
}

TEST_CASE("unique inserts consult the caller about equal keys", "[storage][btree]") {
  BTreeFixture f(32);
  std::map<uint64_t, TupleLiveness> heap;  // tid number -> what the heap would say
  auto number_of = [](TupleId tid) { return uint64_t{tid.block} * 100 + tid.slot - 1; };
  int liveness_calls = 0;
  int waits = 0;
  UniqueCheck check;
  check.constraint_name = "orders_pkey";
  check.liveness = [&](TupleId tid) {
    ++liveness_calls;
    return heap.at(number_of(tid));
  };
  check.wait = [&](TupleId tid) {
    ++waits;
    heap[number_of(tid)] = TupleLiveness::kDead;  // the other inserter aborted
  };
  check.describe_key = [](std::string_view key) { return "(id)=(" + std::string(key) + ")"; };

  auto insert = [&](const std::string& key, uint64_t n, TupleLiveness state) {
    heap[n] = state;
    f.tree->InsertUnique(key, TidOf(n), check);
  };
  insert("k1", 1, TupleLiveness::kLive);
  insert("k2", 2, TupleLiveness::kLive);
  insert("k10", 3, TupleLiveness::kLive);  // "k1" is a prefix, not a duplicate
  CHECK(liveness_calls == 0);

  const granary::Error error = ExpectError([&] { insert("k1", 4, TupleLiveness::kLive); });
  CHECK(error.sqlstate() == granary::sqlstate::kUniqueViolation);
  CHECK(error.message() == "duplicate key value violates unique constraint \"orders_pkey\"");
  CHECK(error.detail() == "Key (id)=(k1) already exists.");
  CHECK(error.constraint_name() == "orders_pkey");
  CHECK(f.tree->Lookup("k1").size() == 1);

  heap[1] = TupleLiveness::kDead;  // the old row's deletion committed
  insert("k1", 5, TupleLiveness::kLive);
  CHECK(f.tree->Lookup("k1").size() == 2);
  // An in-progress inserter is waited for, then the check runs again.
  heap[5] = TupleLiveness::kInProgress;
  insert("k1", 6, TupleLiveness::kLive);
  CHECK(waits == 1);
  CHECK(f.tree->Lookup("k1").size() == 3);
  // Entries marked dead are not even asked about.
  REQUIRE(f.tree->Delete("k2", TidOf(2)));
  liveness_calls = 0;
  insert("k2", 7, TupleLiveness::kLive);
  CHECK(liveness_calls == 0);

  // A conflict behind a long run of dead versions spanning several leaves is found.
  const std::string wide(300, 'w');
  for (uint64_t n = 1000; n < 1100; ++n) {
    heap[n - 1] = TupleLiveness::kDead;
    insert(wide, n, TupleLiveness::kLive);
  }
  CHECK(f.tree->Verify().pages_per_level[0] > 3);
  liveness_calls = 0;
  const granary::Error late = ExpectError([&] { insert(wide, 2000, TupleLiveness::kLive); });
  CHECK(late.sqlstate() == granary::sqlstate::kUniqueViolation);
  CHECK(liveness_calls == 100);

  const granary::Error incomplete =
      ExpectError([&] { f.tree->InsertUnique("k9", TidOf(9), UniqueCheck{}); });
  CHECK(incomplete.sqlstate() == granary::sqlstate::kInternalError);
}

TEST_CASE("deleted entries disappear from scans and lookups", "[storage][btree]") {
  BTreeFixture f(32);
  constexpr uint64_t kCount = 5000;
  for (uint64_t n = 0; n < kCount; ++n) f.tree->Insert(KeyOf(n), TidOf(n));
  size_t deleted = 0;
  for (uint64_t n = 0; n < kCount; n += 3) {
    REQUIRE(f.tree->Delete(KeyOf(n), TidOf(n)));
    ++deleted;
  }
  CHECK_FALSE(f.tree->Delete(KeyOf(0), TidOf(0)));       // already dead
  CHECK_FALSE(f.tree->Delete(KeyOf(1), TidOf(2)));       // wrong tid
  CHECK_FALSE(f.tree->Delete("no such key", TidOf(1)));  // no key
  const std::vector<IndexEntry> entries = ScanAll(*f.tree);
  CHECK(entries.size() == kCount - deleted);
  for (const IndexEntry& entry : entries) CHECK(std::stoull(entry.key) % 3 != 0);
  CHECK(f.tree->Lookup(KeyOf(3)).empty());
  CHECK(f.tree->Lookup(KeyOf(4)).size() == 1);
  const BTree::Shape shape = f.tree->Verify();
  CHECK(shape.entries == kCount);
  CHECK(shape.dead_entries == deleted);
}

// One row updated over and over leaves one entry per version; once each older version's
// entry is marked dead (by scans, through MarkDeadIf), a full leaf drops them instead of
// splitting, so the index does not grow with dead versions before vacuum comes.
TEST_CASE("a full leaf drops its dead entries instead of splitting", "[storage][btree]") {
  BTreeFixture f(32);
  const std::string key = KeyOf(7);
  constexpr uint64_t kVersions = 20000;
  for (uint64_t n = 0; n < kVersions; ++n) {
    f.tree->Insert(key, TidOf(n));
    if (n > 0) REQUIRE(f.tree->MarkDeadIf(key, TidOf(n - 1), [] { return true; }));
  }
  const BTree::Shape shape = f.tree->Verify();
  CHECK(shape.height == 1);
  CHECK(shape.entries < 400);
  CHECK(f.tree->Lookup(key) == std::vector<TupleId>{TidOf(kVersions - 1)});
  // The check under the latch decides; a dead or missing entry is left alone.
  CHECK_FALSE(f.tree->MarkDeadIf(key, TidOf(kVersions - 1), [] { return false; }));
  CHECK_FALSE(f.tree->MarkDeadIf(key, TidOf(kVersions - 2), [] { return true; }));
  CHECK_FALSE(f.tree->MarkDeadIf(KeyOf(8), TidOf(kVersions - 1), [] { return true; }));
  CHECK(f.tree->Lookup(key).size() == 1);
}

// A unique check that learns an equal key's tuple is dead to everyone marks its entry, so the
// next insert of the key does not ask about it again (and the leaf can drop it).
TEST_CASE("unique checks mark the entries of tuples dead to all", "[storage][btree]") {
  BTreeFixture f(32);
  size_t liveness_calls = 0;
  UniqueCheck check;
  check.constraint_name = "counters_pkey";
  check.liveness = [&](TupleId) {
    ++liveness_calls;
    return TupleLiveness::kDeadToAll;
  };
  check.wait = [](TupleId) {};
  constexpr uint64_t kVersions = 5000;
  for (uint64_t n = 0; n < kVersions; ++n) f.tree->InsertUnique("k", TidOf(n), check);
  // Each earlier version was asked about once (not once per later insert).
  CHECK(liveness_calls <= kVersions);
  CHECK(f.tree->Lookup("k").size() == 1);
  CHECK(f.tree->Verify().height == 1);
}

TEST_CASE("keys up to the size limit are stored, longer ones refused", "[storage][btree]") {
  BTreeFixture f(64);
  const granary::Error error =
      ExpectError([&] { f.tree->Insert(std::string(BTree::kMaxKeySize + 1, 'z'), TidOf(1)); });
  CHECK(error.sqlstate() == granary::sqlstate::kProgramLimitExceeded);
  CHECK(error.message().starts_with("index row size 2709 exceeds btree maximum 2708 for index \""));
  CHECK(error.detail() == "Index row references tuple (0,2).");
  CHECK(error.hint().starts_with("Values larger than 1/3 of a buffer page cannot be indexed.\n"));

  // Maximal keys (three to a page) mixed with small ones, in random order.
  std::mt19937_64 random(8);
  std::vector<IndexEntry> expected;
  for (uint64_t n = 0; n < 1500; ++n) {
    const size_t length = n % 3 == 0 ? BTree::kMaxKeySize : (n % 3 == 1 ? 8 : random() % 2700);
    std::string key = KeyOf(random() % 1000);
    key.resize(std::max(length, key.size()), static_cast<char>('A' + n % 50));
    key.resize(std::min(key.size(), BTree::kMaxKeySize));
    f.tree->Insert(key, TidOf(n));
    expected.push_back(IndexEntry{key, TidOf(n)});
  }
  std::sort(expected.begin(), expected.end(), EntryLess);
  const std::vector<IndexEntry> scanned = ScanAll(*f.tree);
  REQUIRE(scanned.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    CHECK(scanned[i].key == expected[i].key);
    CHECK(scanned[i].tid == expected[i].tid);
  }
  CHECK(f.tree->Verify().height >= 4);
}

TEST_CASE("root splits grow the tree level by level", "[storage][btree]") {
  BTreeFixture f(48);
  std::vector<uint32_t> heights_seen;
  std::mt19937_64 random(9);
  uint64_t n = 0;
  while (heights_seen.size() < 6) {
    // Large keys make every level fill after a handful of entries.
    std::string key = KeyOf(random());
    key.resize(2000 + random() % 700, 'k');
    f.tree->Insert(key, TidOf(n++));
    const uint32_t height = f.tree->Verify().height;
    if (heights_seen.empty() || heights_seen.back() != height) {
      if (!heights_seen.empty()) CHECK(height == heights_seen.back() + 1);
      heights_seen.push_back(height);
    }
  }
  CHECK(heights_seen.back() == 6);
  CHECK(ScanAll(*f.tree).size() == n);
}

TEST_CASE("ascending inserts leave leaves nearly full", "[storage][btree]") {
  BTreeFixture f(32);
  constexpr int64_t kCount = 50'000;
  for (int64_t n = 0; n < kCount; ++n) f.tree->Insert(Int8Key(n), TidOf(static_cast<uint64_t>(n)));
  const BTree::Shape shape = f.tree->Verify();
  // A 9-byte key takes 17 bytes + 7 padding + 4 ItemId = 28 bytes: 291 per full leaf.
  const size_t full_leaves = kCount / 291 + 1;
  CHECK(shape.pages_per_level[0] <= full_leaves * 100 / 85);
  CHECK(shape.pages_per_level[0] >= full_leaves);
}

TEST_CASE("an index is reopened from its pages", "[storage][btree]") {
  BTreeFixture f(16);
  for (uint64_t n = 0; n < 3000; ++n) f.tree->Insert(KeyOf(n), TidOf(n));
  f.pool.FlushAll();
  BufferPool other_pool(f.storage, 16);
  BTree reopened(other_pool, kIndexRel, "test_index");
  CHECK(ScanAll(reopened).size() == 3000);
  CHECK(reopened.Lookup(KeyOf(1234)).size() == 1);

  constexpr RelFileNumber kNotAnIndex = 16600;
  f.storage.Create(kNotAnIndex);
  { PageGuard page = f.pool.Extend(kNotAnIndex, PageKind::kHeap); }
  const granary::Error not_btree = ExpectError([&] { BTree(f.pool, kNotAnIndex, "heap"); });
  CHECK(not_btree.sqlstate() == granary::sqlstate::kIndexCorrupted);
  CHECK(not_btree.message() == "index \"heap\" is not a btree");
  const granary::Error not_empty = ExpectError([&] { BTree::Create(f.pool, kNotAnIndex, "heap"); });
  CHECK(not_empty.sqlstate() == granary::sqlstate::kInternalError);
}

// Not part of the suite: `unit_storage "[.benchmark]"` prints throughput.
TEST_CASE("btree throughput", "[.benchmark][storage][btree]") {
  for (const size_t frames : {size_t{64}, size_t{4096}}) {
    BTreeFixture f(frames);
    constexpr uint64_t kCount = 200'000;
    std::vector<uint64_t> order(kCount);
    for (uint64_t i = 0; i < kCount; ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937_64(10));
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    for (const uint64_t n : order) f.tree->Insert(Int8Key(static_cast<int64_t>(n)), TidOf(n));
    const double insert_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    start = Clock::now();
    size_t found = 0;
    for (const uint64_t n : order) found += f.tree->Lookup(Int8Key(static_cast<int64_t>(n))).size();
    const double lookup_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    start = Clock::now();
    const size_t scanned = ScanAll(*f.tree).size();
    const double scan_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    CHECK(found == kCount);
    CHECK(scanned == kCount);
    WARN(frames << " frames: " << static_cast<uint64_t>(kCount / insert_seconds)
                << " random inserts/s, " << static_cast<uint64_t>(kCount / lookup_seconds)
                << " lookups/s, " << static_cast<uint64_t>(kCount / scan_seconds)
                << " entries/s scanned");
  }
}
