#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/buffer/storage_manager.hpp"
#include "storage/env/env.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

namespace {

struct Block {
  alignas(8) std::array<std::byte, kPageSize> bytes{};
  Page page() { return Page(bytes.data()); }
};

void FlipByte(const std::string& path, uint64_t offset) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekg(static_cast<std::streamoff>(offset));
  char byte = 0;
  file.read(&byte, 1);
  byte = static_cast<char>(byte ^ 0x40);
  file.seekp(static_cast<std::streamoff>(offset));
  file.write(&byte, 1);
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

TEST_CASE("relation files are created, extended, written and read", "[storage][smgr]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  REQUIRE_FALSE(storage.Exists(16384));
  storage.Create(16384);
  storage.Create(16384);  // idempotent
  REQUIRE(storage.Exists(16384));
  REQUIRE(storage.RelationPath(16384) == "base/16384");
  REQUIRE(storage.NumBlocks(16384) == 0);
  REQUIRE(storage.Extend(16384) == 0);
  REQUIRE(storage.Extend(16384) == 1);
  REQUIRE(storage.NumBlocks(16384) == 2);

  Block block;
  block.page().Init(PageKind::kHeap);
  const std::string text = "persisted";
  block.page().AddItem(std::as_bytes(std::span(text)));
  storage.WriteBlock(16384, 1, block.bytes.data());

  Block read;
  storage.ReadBlock(16384, 1, read.bytes.data());
  REQUIRE(read.bytes == block.bytes);
  storage.ReadBlock(16384, 0, read.bytes.data());  // an extended, never-written block
  REQUIRE(read.page().IsNew());
  storage.Sync(16384);
  storage.SyncAll();

  storage.Truncate(16384, 1);
  REQUIRE(storage.NumBlocks(16384) == 1);
  storage.Unlink(16384);
  REQUIRE_FALSE(storage.Exists(16384));
  storage.Unlink(16384);  // ok when absent
}

TEST_CASE("a flipped byte on disk is reported as XX001, not returned", "[storage][smgr]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(20000);
  Block block;
  block.page().Init(PageKind::kHeap);
  storage.Extend(20000);
  storage.Extend(20000);
  storage.WriteBlock(20000, 1, block.bytes.data());
  FlipByte(dir.Sub("base/20000"), kPageSize + 4000);

  Block read;
  try {
    storage.ReadBlock(20000, 1, read.bytes.data());
    FAIL("expected a checksum failure");
  } catch (const granary::Error& error) {
    REQUIRE(error.sqlstate() == granary::sqlstate::kDataCorrupted);
    REQUIRE(error.message() == "invalid page in block 1 of relation base/20000");
  }
}

TEST_CASE("a page written to the wrong block fails verification", "[storage][smgr]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(20001);
  storage.Extend(20001);
  storage.Extend(20001);
  Block block;
  block.page().Init(PageKind::kHeap);
  storage.WriteBlock(20001, 0, block.bytes.data());
  // Copy block 0's bytes, checksum and all, over block 1.
  auto file = DefaultEnv().OpenFile(dir.Sub("base/20001"), false);
  file->WriteAt(kPageSize, block.bytes);
  Block read;
  REQUIRE(SqlStateOf([&] { storage.ReadBlock(20001, 1, read.bytes.data()); }) == "XX001");
  storage.ReadBlock(20001, 0, read.bytes.data());
}

TEST_CASE("reading past the end raises XX001 with the byte count", "[storage][smgr]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  storage.Create(16390);
  Block read;
  try {
    storage.ReadBlock(16390, 9, read.bytes.data());
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    REQUIRE(error.sqlstate() == granary::sqlstate::kDataCorrupted);
    REQUIRE(error.message() ==
            "could not read block 9 in file \"base/16390\": read only 0 of 8192 bytes");
  }
}

TEST_CASE("a missing relation file raises 58030 naming the file", "[storage][smgr][env]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  try {
    storage.NumBlocks(777);
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    REQUIRE(error.sqlstate() == granary::sqlstate::kIoError);
    REQUIRE(error.message() ==
            "could not open file \"" + dir.path() + "/base/777\": No such file or directory");
  }
}
