// Injected I/O errors through a wrapping Env: the buffer pool must report them and lose
// nothing (SQLite's *fault.test idea, in miniature).
#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

namespace {

struct Faults {
  std::atomic<bool> fail_reads{false};
  std::atomic<bool> fail_writes{false};
};

[[noreturn]] void Fail(const std::string& action, const std::string& path) {
  throw granary::Error(granary::sqlstate::kIoError,
                       "could not " + action + " \"" + path + "\": " + std::strerror(EIO));
}

class FaultyFile final : public File {
 public:
  FaultyFile(std::unique_ptr<File> file, Faults& faults)
      : file_(std::move(file)), faults_(faults) {}
  size_t ReadAt(uint64_t offset, std::span<std::byte> out) override {
    if (faults_.fail_reads) Fail("read from file", path());
    return file_->ReadAt(offset, out);
  }
  void WriteAt(uint64_t offset, std::span<const std::byte> data) override {
    if (faults_.fail_writes) Fail("write to file", path());
    file_->WriteAt(offset, data);
  }
  void Sync() override { file_->Sync(); }
  uint64_t Size() override { return file_->Size(); }
  void Truncate(uint64_t size) override { file_->Truncate(size); }
  const std::string& path() const override { return file_->path(); }

 private:
  std::unique_ptr<File> file_;
  Faults& faults_;
};

class FaultyEnv final : public Env {
 public:
  explicit FaultyEnv(Faults& faults) : faults_(faults) {}
  std::unique_ptr<File> OpenFile(const std::string& path, bool create) override {
    return std::make_unique<FaultyFile>(base_.OpenFile(path, create), faults_);
  }
  bool FileExists(const std::string& path) override { return base_.FileExists(path); }
  bool IsDirectory(const std::string& path) override { return base_.IsDirectory(path); }
  void CreateDirectory(const std::string& path) override { base_.CreateDirectory(path); }
  void RemoveFile(const std::string& path) override { base_.RemoveFile(path); }
  void RenameFile(const std::string& from, const std::string& to) override {
    base_.RenameFile(from, to);
  }
  std::vector<std::string> ListDirectory(const std::string& path) override {
    return base_.ListDirectory(path);
  }
  void SyncDirectory(const std::string& path) override { base_.SyncDirectory(path); }
  std::unique_ptr<FileLock> TryLockFile(const std::string& path) override {
    return base_.TryLockFile(path);
  }

 private:
  Env& base_ = DefaultEnv();
  Faults& faults_;
};

constexpr RelFileNumber kRel = 16384;

void SetByte(PageGuard& guard, std::byte value) {
  guard.page().Special()[0] = value;
  guard.MarkDirty();
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

TEST_CASE("a failed write-back is reported and the dirty page is kept", "[storage][fault]") {
  TempDirectory dir;
  Faults faults;
  FaultyEnv env(faults);
  StorageManager storage(env, dir.path());
  storage.Create(kRel);
  BufferPool pool(storage, 2);
  for (int i = 0; i < 4; ++i) {
    PageGuard guard = pool.Extend(kRel, PageKind::kMeta);
    guard.page().Init(PageKind::kMeta, 8);
    SetByte(guard, std::byte{0});
  }
  for (BlockNumber block : {0u, 1u}) {
    PageGuard guard = pool.Fetch(kRel, block, LatchMode::kExclusive);
    SetByte(guard, static_cast<std::byte>(block + 10));
  }

  faults.fail_writes = true;  // evicting a dirty page for block 2 must fail
  REQUIRE(SqlStateOf([&] { pool.Fetch(kRel, 2, LatchMode::kShared); }) == "58030");
  REQUIRE(SqlStateOf([&] { pool.FlushAll(); }) == "58030");
  faults.fail_writes = false;

  REQUIRE(std::to_integer<int>(pool.Fetch(kRel, 2, LatchMode::kShared).page().Special()[0]) == 0);
  pool.FlushAll();
  BufferPool fresh(storage, 2);
  for (BlockNumber block : {0u, 1u}) {
    PageGuard guard = fresh.Fetch(kRel, block, LatchMode::kShared);
    REQUIRE(std::to_integer<int>(guard.page().Special()[0]) == static_cast<int>(block + 10));
  }
}

TEST_CASE("a failed read is reported and not cached", "[storage][fault]") {
  TempDirectory dir;
  Faults faults;
  FaultyEnv env(faults);
  StorageManager storage(env, dir.path());
  storage.Create(kRel);
  {
    BufferPool pool(storage, 2);
    PageGuard guard = pool.Extend(kRel, PageKind::kMeta);
    guard.page().Init(PageKind::kMeta, 8);
    SetByte(guard, std::byte{42});
  }
  BufferPool pool(storage, 2);
  faults.fail_reads = true;
  REQUIRE(SqlStateOf([&] { pool.Fetch(kRel, 0, LatchMode::kShared); }) == "58030");
  faults.fail_reads = false;
  REQUIRE(std::to_integer<int>(pool.Fetch(kRel, 0, LatchMode::kShared).page().Special()[0]) == 42);
  REQUIRE(pool.stats().reads == 1);
}
