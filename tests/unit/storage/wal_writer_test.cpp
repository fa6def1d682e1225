// The WAL writer: group commit (one fsync serves every committer waiting for it), full-page
// image decisions, segment recycling, and PANIC when the log cannot be made durable.
#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/wal/wal_writer.hpp"
#include "storage/wal/xlog_wal.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

namespace {

// An Env whose WAL segment files can hold their first fdatasync until released, or fail it.
struct SyncControl {
  std::mutex mutex;
  std::condition_variable changed;
  bool hold_first = false;
  bool released = false;
  bool inside = false;  // the held sync has started
  int segment_syncs = 0;
  std::atomic<bool> fail{false};
};

bool IsSegment(const std::string& path) {
  const size_t slash = path.rfind('/');
  return ParseSegmentFileName(path.substr(slash + 1)).has_value();
}

class ControlledFile final : public File {
 public:
  ControlledFile(std::unique_ptr<File> file, SyncControl& control)
      : file_(std::move(file)), control_(control) {}
  size_t ReadAt(uint64_t offset, std::span<std::byte> out) override { return file_->ReadAt(offset, out); }
  void WriteAt(uint64_t offset, std::span<const std::byte> data) override { file_->WriteAt(offset, data); }
  void Sync() override {
    if (IsSegment(path())) {
      if (control_.fail) {
        throw granary::Error(granary::sqlstate::kIoError,
                             "could not fsync file \"" + path() + "\": " + std::strerror(EIO));
      }
      std::unique_lock lock(control_.mutex);
      const bool hold = control_.hold_first && control_.segment_syncs == 0;
      ++control_.segment_syncs;
      if (hold) {
        control_.inside = true;
        control_.changed.notify_all();
        control_.changed.wait(lock, [&] { return control_.released; });
      }
    }
    file_->Sync();
  }
  uint64_t Size() override { return file_->Size(); }
  void Truncate(uint64_t size) override { file_->Truncate(size); }
  const std::string& path() const override { return file_->path(); }

 private:
  std::unique_ptr<File> file_;
  SyncControl& control_;
};

class ControlledEnv final : public Env {
 public:
  explicit ControlledEnv(SyncControl& control) : control_(control) {}
  std::unique_ptr<File> OpenFile(const std::string& path, bool create) override {
    return std::make_unique<ControlledFile>(base_.OpenFile(path, create), control_);
  }
  bool FileExists(const std::string& path) override { return base_.FileExists(path); }
  bool IsDirectory(const std::string& path) override { return base_.IsDirectory(path); }
  void CreateDirectory(const std::string& path) override { base_.CreateDirectory(path); }
  void RemoveFile(const std::string& path) override { base_.RemoveFile(path); }
  void RenameFile(const std::string& from, const std::string& to) override { base_.RenameFile(from, to); }
  std::vector<std::string> ListDirectory(const std::string& path) override { return base_.ListDirectory(path); }
  void SyncDirectory(const std::string& path) override { base_.SyncDirectory(path); }
  std::unique_ptr<FileLock> TryLockFile(const std::string& path) override { return base_.TryLockFile(path); }

 private:
  Env& base_ = DefaultEnv();
  SyncControl& control_;
};

Lsn InsertCommit(WalWriter& wal, Xid xid) {
  const std::byte payload[16] = {};
  return wal.Insert(WalRecordInput{ResourceManager::kTransaction, 0, xid, {}, payload});
}

}  // namespace

TEST_CASE("committers arriving during an fsync share the next one", "[storage][wal][group-commit]") {
  TempDirectory dir;
  SyncControl control;
  ControlledEnv env(control);
  WalWriter wal(env, dir.path(), kFirstLsn, kInvalidLsn, kFirstLsn);
  wal.FlushAll();  // creates the segment; its syncs are not the ones counted below
  const uint64_t syncs_before = wal.stats().syncs;
  {
    std::lock_guard lock(control.mutex);
    control.hold_first = true;
    control.segment_syncs = 0;
  }

  // The first committer becomes the flush leader and is held inside fdatasync.
  std::thread leader([&] { wal.Flush(InsertCommit(wal, 3)); });
  {
    std::unique_lock lock(control.mutex);
    control.changed.wait(lock, [&] { return control.inside; });
  }
  // Fifteen more commit while it is held: every record is in the buffer before it returns.
  constexpr int kFollowers = 15;
  std::vector<std::thread> followers;
  std::atomic<int> inserted{0};
  std::vector<Lsn> ends(kFollowers);
  for (int i = 0; i < kFollowers; ++i) {
    followers.emplace_back([&, i] {
      ends[i] = InsertCommit(wal, static_cast<Xid>(10 + i));
      ++inserted;
      wal.Flush(ends[i]);
    });
  }
  while (inserted.load() < kFollowers) std::this_thread::yield();
  {
    std::lock_guard lock(control.mutex);
    control.released = true;
  }
  control.changed.notify_all();
  leader.join();
  for (std::thread& thread : followers) thread.join();

  // Sixteen commits, two fsyncs: the held one, and one for all fifteen followers.
  CHECK(wal.stats().syncs - syncs_before == 2);
  CHECK(control.segment_syncs == 2);
  for (Lsn end : ends) CHECK(wal.flushed_lsn() >= end);
}

TEST_CASE("a flush that was already done costs nothing", "[storage][wal][group-commit]") {
  TempDirectory dir;
  WalWriter wal(DefaultEnv(), dir.path(), kFirstLsn, kInvalidLsn, kFirstLsn);
  const Lsn first = InsertCommit(wal, 3);
  const Lsn second = InsertCommit(wal, 4);
  wal.Flush(second);
  const uint64_t syncs = wal.stats().syncs;
  wal.Flush(first);
  wal.Flush(second);
  CHECK(wal.stats().syncs == syncs);
  CHECK(wal.flushed_lsn() == second);
}

TEST_CASE("a failed WAL fsync is PANIC and stops all further logging", "[storage][wal][fault]") {
  TempDirectory dir;
  SyncControl control;
  ControlledEnv env(control);
  WalWriter wal(env, dir.path(), kFirstLsn, kInvalidLsn, kFirstLsn);
  wal.FlushAll();
  control.fail = true;
  const Lsn end = InsertCommit(wal, 3);
  try {
    wal.Flush(end);
    FAIL("the flush succeeded");
  } catch (const granary::Error& error) {
    CHECK(error.severity() == granary::Severity::kPanic);
    CHECK(error.sqlstate() == granary::sqlstate::kIoError);
    CHECK(error.message().find("could not fsync") != std::string::npos);
  }
  control.fail = false;  // even if the disk recovers, nothing is retried
  CHECK(wal.poisoned());
  try {
    InsertCommit(wal, 4);
    FAIL("the insert succeeded");
  } catch (const granary::Error& error) {
    CHECK(error.severity() == granary::Severity::kPanic);
  }
  CHECK_THROWS_AS(wal.Flush(end), granary::Error);
}

TEST_CASE("no data page is written after the log failed", "[storage][wal][fault]") {
  TempDirectory dir;
  SyncControl control;
  ControlledEnv env(control);
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(16384);
  WalWriter wal(env, dir.Sub("wal"), kFirstLsn, kInvalidLsn, kFirstLsn);
  BufferPool pool(storage, 4);
  pool.AttachWal(&wal);
  {
    PageGuard guard = pool.Extend(16384, PageKind::kMeta);
    xlog_wal::LogPageImage(guard);
  }
  control.fail = true;
  CHECK_THROWS_AS(pool.FlushAll(), granary::Error);
  CHECK(storage.NumBlocks(16384) == 1);
  std::array<std::byte, kPageSize> on_disk;
  storage.ReadBlock(16384, 0, on_disk.data());
  CHECK(Page(on_disk.data()).IsNew());  // only the zeroes of the extension ever got there
}

TEST_CASE("a page's first change after a checkpoint began carries its image", "[storage][wal]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(16384);
  WalWriter wal(DefaultEnv(), dir.Sub("wal"), kFirstLsn, kInvalidLsn, kFirstLsn);
  BufferPool pool(storage, 4);
  pool.AttachWal(&wal);
  const std::byte change[4] = {};
  auto touch = [&](bool will_init) {
    PageGuard guard = pool.Fetch(16384, 0, LatchMode::kExclusive);
    guard.LogChange(ResourceManager::kHeap, 0, kInvalidXid, change, will_init);
  };
  { PageGuard guard = pool.Extend(16384, PageKind::kHeap); }
  touch(/*will_init=*/true);  // rebuilt by redo from nothing: never needs an image
  CHECK(wal.stats().full_page_images == 0);
  wal.BeginCheckpoint();
  touch(false);
  CHECK(wal.stats().full_page_images == 1);
  touch(false);
  touch(false);
  CHECK(wal.stats().full_page_images == 1);
  wal.BeginCheckpoint();
  touch(false);
  CHECK(wal.stats().full_page_images == 2);
}

TEST_CASE("segments before the redo point are recycled or removed", "[storage][wal]") {
  TempDirectory dir;
  WalWriter wal(DefaultEnv(), dir.path(), kFirstLsn, kInvalidLsn, kFirstLsn);
  const std::vector<std::byte> big(size_t{1} << 20);
  for (int i = 0; i < 50; ++i) wal.Insert(WalRecordInput{ResourceManager::kXlog, 0x7F, 0, {}, big});
  wal.FlushAll();
  const SegmentNumber current = SegmentOf(wal.insert_lsn());
  REQUIRE(current == 4);
  REQUIRE(ListSegments(DefaultEnv(), dir.path()).size() >= 4);
  wal.RemoveSegmentsBefore(wal.insert_lsn(), /*recycle_limit=*/1);
  const std::vector<SegmentNumber> left = ListSegments(DefaultEnv(), dir.path());
  // The current segment stays, one old one became the next, the rest are gone.
  CHECK(std::find(left.begin(), left.end(), current) != left.end());
  CHECK(std::find(left.begin(), left.end(), current + 1) != left.end());
  for (SegmentNumber segment : left) CHECK(segment >= current);
  CHECK(left.size() <= 3);
}
