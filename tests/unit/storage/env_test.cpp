#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/env/env.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

TEST_CASE("files are written and read at offsets", "[storage][env]") {
  TempDirectory dir;
  Env& env = DefaultEnv();
  auto file = env.OpenFile(dir.Sub("data"), true);
  const std::string text = "0123456789";
  file->WriteAt(100, std::as_bytes(std::span(text)));
  REQUIRE(file->Size() == 110);
  std::array<std::byte, 10> out{};
  REQUIRE(file->ReadAt(100, out) == 10);
  REQUIRE(std::string(reinterpret_cast<const char*>(out.data()), out.size()) == text);
  REQUIRE(file->ReadAt(105, out) == 5);  // short only at end of file
  REQUIRE(file->ReadAt(500, out) == 0);
  file->Sync();
  file->Truncate(50);
  REQUIRE(file->Size() == 50);
  REQUIRE(file->path() == dir.Sub("data"));
}

TEST_CASE("directories are created, listed, and files renamed and removed", "[storage][env]") {
  TempDirectory dir;
  Env& env = DefaultEnv();
  env.CreateDirectory(dir.Sub("a/b/c"));
  env.CreateDirectory(dir.Sub("a/b/c"));  // ok if present
  REQUIRE(env.IsDirectory(dir.Sub("a/b/c")));
  env.OpenFile(dir.Sub("a/one"), true);
  REQUIRE(env.FileExists(dir.Sub("a/one")));
  REQUIRE_FALSE(env.IsDirectory(dir.Sub("a/one")));
  env.RenameFile(dir.Sub("a/one"), dir.Sub("a/two"));
  std::vector<std::string> names = env.ListDirectory(dir.Sub("a"));
  std::sort(names.begin(), names.end());
  REQUIRE(names == std::vector<std::string>{"b", "two"});
  env.SyncDirectory(dir.Sub("a"));
  env.RemoveFile(dir.Sub("a/two"));
  env.RemoveFile(dir.Sub("a/two"));  // ok if absent
  REQUIRE_FALSE(env.FileExists(dir.Sub("a/two")));
}

TEST_CASE("opening a missing file without create raises 58030", "[storage][env]") {
  TempDirectory dir;
  try {
    DefaultEnv().OpenFile(dir.Sub("absent"), false);
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    REQUIRE(error.sqlstate() == granary::sqlstate::kIoError);
    REQUIRE(error.message() ==
            "could not open file \"" + dir.Sub("absent") + "\": No such file or directory");
  }
}

TEST_CASE("a file lock excludes a second holder until released", "[storage][env]") {
  TempDirectory dir;
  Env& env = DefaultEnv();
  auto lock = env.TryLockFile(dir.Sub("lock"));
  REQUIRE(lock != nullptr);
  REQUIRE(env.TryLockFile(dir.Sub("lock")) == nullptr);  // a second open file description
  lock.reset();
  REQUIRE(env.TryLockFile(dir.Sub("lock")) != nullptr);
}
