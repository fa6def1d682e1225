#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/data_directory.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

namespace {

granary::Error ErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const granary::Error& error) {
    return error;
  }
  FAIL("expected an error");
  return granary::Error("00000", "");
}

}  // namespace

TEST_CASE("a created data directory opens with a fresh control file", "[storage][datadir]") {
  TempDirectory temp;
  const std::string path = temp.Sub("data");
  DataDirectory::Create(DefaultEnv(), path);
  for (const char* name : {"GRANARY_VERSION", "global/control", "base", "wal"}) {
    REQUIRE(DefaultEnv().FileExists(path + "/" + name));
  }
  auto directory = DataDirectory::Open(DefaultEnv(), path);
  REQUIRE(directory->path() == path);
  REQUIRE(directory->control().format_version == kFormatVersion);
  REQUIRE(directory->control().next_xid == 3);
  REQUIRE(directory->control().next_oid == 16384);
  REQUIRE(directory->control().checkpoint_lsn == 0);
  REQUIRE(directory->control().state == DatabaseState::kShutDown);
}

TEST_CASE("control file changes are durable across reopen", "[storage][datadir]") {
  TempDirectory temp;
  const std::string path = temp.Sub("data");
  DataDirectory::Create(DefaultEnv(), path);
  {
    auto directory = DataDirectory::Open(DefaultEnv(), path);
    directory->control().next_xid = 123456789012ULL;
    directory->control().next_oid = 20000;
    directory->control().checkpoint_lsn = 0xABCDEF;
    directory->control().redo_lsn = 0xABCD00;
    directory->control().checkpoint_time = 1700000000;
    directory->control().state = DatabaseState::kInCrashRecovery;
    directory->WriteControl();
  }
  REQUIRE_FALSE(DefaultEnv().FileExists(path + "/global/control.tmp"));
  auto directory = DataDirectory::Open(DefaultEnv(), path);
  REQUIRE(directory->control().next_xid == 123456789012ULL);
  REQUIRE(directory->control().next_oid == 20000);
  REQUIRE(directory->control().checkpoint_lsn == 0xABCDEF);
  REQUIRE(directory->control().redo_lsn == 0xABCD00);
  REQUIRE(directory->control().checkpoint_time == 1700000000);
  REQUIRE(directory->control().state == DatabaseState::kInCrashRecovery);
}

TEST_CASE("creating over a non-empty directory fails", "[storage][datadir]") {
  TempDirectory temp;
  std::ofstream(temp.Sub("stray")) << "x";
  const granary::Error error = ErrorOf([&] { DataDirectory::Create(DefaultEnv(), temp.path()); });
  REQUIRE(error.sqlstate() == granary::sqlstate::kObjectNotInPrerequisiteState);
  REQUIRE(error.message() == "directory \"" + temp.path() + "\" exists but is not empty");
  // An existing empty directory is fine.
  DefaultEnv().CreateDirectory(temp.Sub("empty"));
  DataDirectory::Create(DefaultEnv(), temp.Sub("empty"));
  DataDirectory::Open(DefaultEnv(), temp.Sub("empty"));
}

TEST_CASE("opening a missing directory raises 58P01", "[storage][datadir]") {
  TempDirectory temp;
  const std::string path = temp.Sub("nowhere");
  const granary::Error error = ErrorOf([&] { DataDirectory::Open(DefaultEnv(), path); });
  REQUIRE(error.sqlstate() == granary::sqlstate::kUndefinedFile);
  REQUIRE(error.message() == "data directory \"" + path + "\" does not exist");
}

TEST_CASE("opening a directory that is not Granary's raises 58P01 with a hint",
          "[storage][datadir]") {
  TempDirectory temp;
  const granary::Error error = ErrorOf([&] { DataDirectory::Open(DefaultEnv(), temp.path()); });
  REQUIRE(error.sqlstate() == granary::sqlstate::kUndefinedFile);
  REQUIRE(error.message() == "directory \"" + temp.path() + "\" is not a Granary data directory");
  REQUIRE(error.hint().find("granary init") != std::string::npos);
}

TEST_CASE("a corrupt control file raises XX001", "[storage][datadir]") {
  TempDirectory temp;
  const std::string path = temp.Sub("data");
  DataDirectory::Create(DefaultEnv(), path);
  {
    auto file = DefaultEnv().OpenFile(path + "/global/control", false);
    const std::byte garbage[] = {std::byte{0x55}};
    file->WriteAt(10, garbage);
  }
  const granary::Error error = ErrorOf([&] { DataDirectory::Open(DefaultEnv(), path); });
  REQUIRE(error.sqlstate() == granary::sqlstate::kDataCorrupted);
  REQUIRE(error.message() == "incorrect checksum in control file \"" + path + "/global/control\"");

  DefaultEnv().OpenFile(path + "/global/control", false)->Truncate(5);
  REQUIRE(ErrorOf([&] { DataDirectory::Open(DefaultEnv(), path); }).sqlstate() == "XX001");
}

TEST_CASE("a directory open in this process cannot be opened again", "[storage][datadir]") {
  TempDirectory temp;
  const std::string path = temp.Sub("data");
  DataDirectory::Create(DefaultEnv(), path);
  auto first = DataDirectory::Open(DefaultEnv(), path);
  const granary::Error error = ErrorOf([&] { DataDirectory::Open(DefaultEnv(), path); });
  REQUIRE(error.sqlstate() == granary::sqlstate::kObjectInUse);
  REQUIRE(error.message() == "data directory \"" + path + "\" is in use by another process (PID " +
                                 std::to_string(::getpid()) + ")");
  first.reset();
  DataDirectory::Open(DefaultEnv(), path);  // released with the first handle
}

TEST_CASE("a directory open in another process is refused with its PID", "[storage][datadir]") {
  TempDirectory temp;
  const std::string path = temp.Sub("data");
  DataDirectory::Create(DefaultEnv(), path);
  int ready[2];
  int release[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(release) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // The child holds the directory open until the parent says to let go.
    int status = 0;
    try {
      auto directory = DataDirectory::Open(DefaultEnv(), path);
      char byte = 'r';
      if (::write(ready[1], &byte, 1) != 1) status = 2;
      if (::read(release[0], &byte, 1) != 1) status = 3;
    } catch (...) {
      status = 1;
    }
    ::_exit(status);
  }
  char byte = 0;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  const granary::Error error = ErrorOf([&] { DataDirectory::Open(DefaultEnv(), path); });
  REQUIRE(error.sqlstate() == granary::sqlstate::kObjectInUse);
  REQUIRE(error.message() == "data directory \"" + path + "\" is in use by another process (PID " +
                                 std::to_string(child) + ")");
  REQUIRE(::write(release[1], &byte, 1) == 1);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  for (int fd : {ready[0], ready[1], release[0], release[1]}) ::close(fd);
  DataDirectory::Open(DefaultEnv(), path);  // the child's exit released the lock
}
