#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

namespace {

constexpr RelFileNumber kRel = 16384;

// Item 1 of a test page holds its block number and a counter.
struct Stamp {
  uint64_t block;
  uint64_t counter;
};

void WriteStamp(Page page, const Stamp& stamp) {
  std::memcpy(page.Item(1).data(), &stamp, sizeof(stamp));
}

Stamp ReadStamp(const Page& page) {
  Stamp stamp{};
  std::memcpy(&stamp, page.Item(1).data(), sizeof(stamp));
  return stamp;
}

// Extends kRel to `blocks` pages, each stamped with its block number.
void FillRelation(BufferPool& pool, BlockNumber blocks) {
  for (BlockNumber i = 0; i < blocks; ++i) {
    PageGuard guard = pool.Extend(kRel, PageKind::kHeap);
    REQUIRE(guard.block() == i);
    const Stamp stamp{i, 0};
    Page page = guard.page();
    REQUIRE(page.AddItem(std::as_bytes(std::span(&stamp, 1))) == SlotNumber{1});
    guard.MarkDirty();
  }
}

std::string SqlStateOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const granary::Error& error) {
    return error.sqlstate();
  }
  return "none";
}

}  // namespace

TEST_CASE("a small pool serves many more pages than it holds", "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  constexpr BlockNumber kBlocks = 2000;
  {
    BufferPool pool(storage, 8);
    REQUIRE(pool.frame_count() == 8);
    FillRelation(pool, kBlocks);
    REQUIRE(pool.stats().evictions >= kBlocks - 8);
    REQUIRE(pool.stats().writes >= kBlocks - 8);  // dirty victims were written back

    // Read everything back, in an order unfriendly to a cache, and change every page.
    for (BlockNumber i = 0; i < kBlocks; ++i) {
      const BlockNumber block = (i * 7) % kBlocks;
      PageGuard guard = pool.Fetch(kRel, block, LatchMode::kExclusive);
      Stamp stamp = ReadStamp(guard.page());
      REQUIRE(stamp.block == block);
      REQUIRE(stamp.counter == 0);
      stamp.counter = block + 1;
      WriteStamp(guard.page(), stamp);
      guard.MarkDirty();
    }
    REQUIRE(pool.stats().reads >= kBlocks - 8);
  }  // the destructor flushes what is still dirty

  // A fresh pool sees every change on disk.
  BufferPool pool(storage, 4);
  for (BlockNumber block = 0; block < kBlocks; ++block) {
    PageGuard guard = pool.Fetch(kRel, block, LatchMode::kShared);
    const Stamp stamp = ReadStamp(guard.page());
    REQUIRE(stamp.block == block);
    REQUIRE(stamp.counter == block + 1);
  }
}

TEST_CASE("cached pages are hits and guards release pins", "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  BufferPool pool(storage, 4);
  FillRelation(pool, 2);
  const auto before = pool.stats();
  {
    PageGuard a = pool.Fetch(kRel, 0, LatchMode::kShared);
    PageGuard b = pool.Fetch(kRel, 0, LatchMode::kShared);  // two shared latches coexist
    REQUIRE(ReadStamp(a.page()).block == 0);
    PageGuard moved = std::move(a);
    REQUIRE_FALSE(a);
    REQUIRE(moved);
    moved.Release();
    REQUIRE_FALSE(moved);
  }
  REQUIRE(pool.stats().hits == before.hits + 2);
  // Exclusive after the shared guards are gone: would deadlock if a pin or latch leaked.
  PageGuard c = pool.Fetch(kRel, 0, LatchMode::kExclusive);
  REQUIRE(c.block() == 0);
}

TEST_CASE("a block pin keeps its page cached between latched visits", "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  BufferPool pool(storage, 3);
  FillRelation(pool, 10);
  pool.FlushAll();

  // Past the end of the file: no page, and nothing pinned (the pool stays usable).
  REQUIRE_FALSE(pool.TryFetch(kRel, 10, LatchMode::kShared));
  REQUIRE_FALSE(pool.TryPin(kRel, 99));
  REQUIRE(ReadStamp(pool.TryFetch(kRel, 9, LatchMode::kShared).page()).block == 9);

  BlockPin pin = pool.TryPin(kRel, 4);
  REQUIRE(pin);
  REQUIRE(pin.Holds(kRel, 4));
  REQUIRE_FALSE(pin.Holds(kRel, 5));
  // Read every other block through the two other frames: block 4 stays where it is.
  for (BlockNumber block = 0; block < 10; ++block) {
    if (block == 4) continue;
    REQUIRE(ReadStamp(pool.Fetch(kRel, block, LatchMode::kShared).page()).block == block);
  }
  const uint64_t reads = pool.stats().reads;
  {
    PageGuard shared = pin.Latch(LatchMode::kShared);
    REQUIRE(ReadStamp(shared.page()).block == 4);
  }
  {
    // A guard borrowing the pin releases only its latch: exclusive works after it.
    PageGuard exclusive = pin.Latch(LatchMode::kExclusive);
    WriteStamp(exclusive.page(), Stamp{4, 7});
    exclusive.MarkDirty();
  }
  REQUIRE(pool.stats().reads == reads);  // never read again while pinned
  REQUIRE(ReadStamp(pool.Fetch(kRel, 4, LatchMode::kShared).page()).counter == 7);

  // Released, its frame serves other blocks again: with two more pins every frame is taken.
  BlockPin moved = std::move(pin);
  REQUIRE_FALSE(pin);
  REQUIRE(moved.Holds(kRel, 4));
  moved.Release();
  BlockPin a = pool.TryPin(kRel, 0);
  BlockPin b = pool.TryPin(kRel, 1);
  BlockPin c = pool.TryPin(kRel, 2);
  REQUIRE(SqlStateOf([&] { pool.Fetch(kRel, 3, LatchMode::kShared); }) == "53200");
  c.Release();
  REQUIRE(ReadStamp(pool.Fetch(kRel, 3, LatchMode::kShared).page()).block == 3);
}

TEST_CASE("when every frame is pinned the pool raises 53200", "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  BufferPool pool(storage, 4);
  FillRelation(pool, 6);
  std::vector<PageGuard> pinned;
  for (BlockNumber block = 0; block < 4; ++block) {
    pinned.push_back(pool.Fetch(kRel, block, LatchMode::kShared));
  }
  try {
    pool.Fetch(kRel, 5, LatchMode::kShared);
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    REQUIRE(error.sqlstate() == granary::sqlstate::kOutOfMemory);
    REQUIRE(error.message() == "no unpinned buffers available");
  }
  REQUIRE(SqlStateOf([&] { pool.Extend(kRel, PageKind::kHeap); }) == "53200");
  // Pinned pages are still reachable, and one released frame is enough to go on.
  REQUIRE(ReadStamp(pool.Fetch(kRel, 2, LatchMode::kShared).page()).block == 2);
  pinned.pop_back();
  REQUIRE(ReadStamp(pool.Fetch(kRel, 5, LatchMode::kShared).page()).block == 5);
}

TEST_CASE("a corrupt block raises XX001 through the pool and leaves it usable",
          "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  {
    BufferPool pool(storage, 4);
    FillRelation(pool, 3);
    pool.FlushAll();
  }
  {
    std::fstream file(dir.Sub("base/16384"), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(kPageSize + 5000));
    file.put('\x7f');
  }
  BufferPool pool(storage, 2);
  for (int attempt = 0; attempt < 3; ++attempt) {  // never cached as if it were good
    try {
      pool.Fetch(kRel, 1, LatchMode::kShared);
      FAIL("expected an error");
    } catch (const granary::Error& error) {
      REQUIRE(error.sqlstate() == granary::sqlstate::kDataCorrupted);
      REQUIRE(error.message() == "invalid page in block 1 of relation base/16384");
    }
  }
  REQUIRE(ReadStamp(pool.Fetch(kRel, 0, LatchMode::kShared).page()).block == 0);
  REQUIRE(ReadStamp(pool.Fetch(kRel, 2, LatchMode::kShared).page()).block == 2);
}

TEST_CASE("flushing one relation and discarding another", "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  storage.Create(kRel + 1);
  BufferPool pool(storage, 8);
  FillRelation(pool, 2);
  {
    PageGuard guard = pool.Extend(kRel + 1, PageKind::kHeap);
    const Stamp stamp{99, 99};
    guard.page().AddItem(std::as_bytes(std::span(&stamp, 1)));
    guard.MarkDirty();
  }
  const uint64_t writes = pool.stats().writes;
  pool.FlushRelation(kRel);
  REQUIRE(pool.stats().writes == writes + 2);
  pool.FlushRelation(kRel);  // nothing dirty any more
  REQUIRE(pool.stats().writes == writes + 2);
  pool.DiscardRelation(kRel + 1);
  pool.FlushAll();
  REQUIRE(pool.stats().writes == writes + 2);  // the discarded page was never written
  // On disk the discarded relation's block is still the zero page from Extend.
  PageGuard guard = pool.Fetch(kRel + 1, 0, LatchMode::kShared);
  REQUIRE(guard.page().IsNew());
}

TEST_CASE("concurrent readers and writers keep every update", "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  constexpr BlockNumber kBlocks = 64;
  constexpr int kThreads = 4;
  constexpr int kOperations = 3000;
  BufferPool pool(storage, 12);
  FillRelation(pool, kBlocks);

  std::atomic<uint64_t> increments{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t) * 7919u + 1u);
      try {
        for (int op = 0; op < kOperations; ++op) {
          const auto block = static_cast<BlockNumber>(random() % kBlocks);
          if (random() % 2 == 0) {
            PageGuard guard = pool.Fetch(kRel, block, LatchMode::kExclusive);
            Stamp stamp = ReadStamp(guard.page());
            if (stamp.block != block) failed = true;
            ++stamp.counter;
            WriteStamp(guard.page(), stamp);
            guard.MarkDirty();
            ++increments;
          } else {
            PageGuard guard = pool.Fetch(kRel, block, LatchMode::kShared);
            if (ReadStamp(guard.page()).block != block) failed = true;
          }
          if (op % 500 == 0 && t == 0) pool.FlushAll();
        }
      } catch (const granary::Error&) {
        failed = true;  // 12 frames, at most 4 pinned: never out of buffers
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  REQUIRE_FALSE(failed);

  uint64_t total = 0;
  for (BlockNumber block = 0; block < kBlocks; ++block) {
    total += ReadStamp(pool.Fetch(kRel, block, LatchMode::kShared).page()).counter;
  }
  REQUIRE(total == increments.load());
  REQUIRE(pool.stats().evictions > 0);
}

TEST_CASE("threads share a pool barely larger than their pins", "[storage][buffer]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(kRel);
  constexpr BlockNumber kBlocks = 40;
  constexpr int kThreads = 4;
  BufferPool pool(storage, kThreads + 1);
  FillRelation(pool, kBlocks);

  std::atomic<uint64_t> increments{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t) + 17u);
      for (int op = 0; op < 2000; ++op) {
        try {
          const auto block = static_cast<BlockNumber>(random() % kBlocks);
          PageGuard guard = pool.Fetch(kRel, block, LatchMode::kExclusive);
          Stamp stamp = ReadStamp(guard.page());
          if (stamp.block != block) ++failures;
          ++stamp.counter;
          WriteStamp(guard.page(), stamp);
          guard.MarkDirty();
          ++increments;
        } catch (const granary::Error&) {
          ++failures;
        }
      }
    });
  }
  std::thread flusher([&] {
    for (int i = 0; i < 50; ++i) pool.FlushRelation(kRel);
  });
  for (std::thread& thread : threads) thread.join();
  flusher.join();
  REQUIRE(failures == 0);
  pool.FlushAll();

  BufferPool fresh(storage, 2);
  uint64_t total = 0;
  for (BlockNumber block = 0; block < kBlocks; ++block) {
    total += ReadStamp(fresh.Fetch(kRel, block, LatchMode::kShared).page()).counter;
  }
  REQUIRE(total == increments.load());
}
