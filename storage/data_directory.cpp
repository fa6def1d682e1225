// DataDirectory: creating and opening a data directory, its lock, and the control file
// (PostgreSQL's initdb layout checks, postmaster.pid lock and pg_control, much reduced).
//
// Control file format (little endian, kControlSize bytes):
//   0 magic u32 | 4 format_version u32 | 8 next_xid u64 | 16 next_oid u32 | 20 state u32 |
//   24 checkpoint_lsn u64 | 32 redo_lsn u64 | 40 checkpoint_time u64 | 48..59 zero |
//   60 CRC32C of bytes 0..59
// It is replaced atomically: written to control.tmp, fsynced, renamed over control, and the
// directory fsynced, so a crash leaves either the old or the new file, never a torn one.
#include "storage/data_directory.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include "common/crc32c.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {
namespace {

constexpr std::string_view kVersionFile = "GRANARY_VERSION";
constexpr std::string_view kLockFile = "granary.lock";
constexpr std::string_view kGlobalDirectory = "global";
constexpr std::string_view kBaseDirectory = "base";
constexpr std::string_view kWalDirectory = "wal";
constexpr std::string_view kControlFile = "global/control";
constexpr std::string_view kControlTempFile = "global/control.tmp";

constexpr uint32_t kControlMagic = 0x434E5247;  // "GRNC"
constexpr size_t kControlSize = 64;
constexpr size_t kControlCrcOffset = kControlSize - sizeof(uint32_t);
constexpr uint32_t kMaxState = static_cast<uint32_t>(DatabaseState::kInCrashRecovery);
constexpr size_t kMaxSmallFile = 64;  // version and lock files hold one short line

using ControlBytes = std::array<std::byte, kControlSize>;

std::string Join(const std::string& directory, std::string_view name) {
  return directory + "/" + std::string(name);
}

void PutUnsigned(ControlBytes& bytes, size_t offset, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i) {
    bytes[offset + i] = static_cast<std::byte>((value >> (8 * i)) & 0xFF);
  }
}

uint64_t GetUnsigned(const ControlBytes& bytes, size_t offset, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i)
    value |= std::to_integer<uint64_t>(bytes[offset + i]) << (8 * i);
  return value;
}

ControlBytes EncodeControl(const ControlData& control) {
  ControlBytes bytes{};
  PutUnsigned(bytes, 0, kControlMagic, 4);
  PutUnsigned(bytes, 4, control.format_version, 4);
  PutUnsigned(bytes, 8, control.next_xid, 8);
  PutUnsigned(bytes, 16, control.next_oid, 4);
  PutUnsigned(bytes, 20, static_cast<uint32_t>(control.state), 4);
  PutUnsigned(bytes, 24, control.checkpoint_lsn, 8);
  PutUnsigned(bytes, 32, control.redo_lsn, 8);
  PutUnsigned(bytes, 40, control.checkpoint_time, 8);
  PutUnsigned(bytes, kControlCrcOffset, Crc32c(0, bytes.data(), kControlCrcOffset), 4);
  return bytes;
}

ControlData DecodeControl(const ControlBytes& bytes, const std::string& path) {
  if (GetUnsigned(bytes, kControlCrcOffset, 4) != Crc32c(0, bytes.data(), kControlCrcOffset)) {
    throw Error(sqlstate::kDataCorrupted, "incorrect checksum in control file \"" + path + "\"");
  }
  if (GetUnsigned(bytes, 0, 4) != kControlMagic) {
    throw Error(sqlstate::kDataCorrupted, "invalid control file \"" + path + "\"");
  }
  ControlData control;
  control.format_version = static_cast<uint32_t>(GetUnsigned(bytes, 4, 4));
  control.next_xid = GetUnsigned(bytes, 8, 8);
  control.next_oid = static_cast<uint32_t>(GetUnsigned(bytes, 16, 4));
  const uint64_t state = GetUnsigned(bytes, 20, 4);
  if (state > kMaxState) {
    throw Error(sqlstate::kDataCorrupted, "invalid database state " + std::to_string(state) +
                                              " in control file \"" + path + "\"");
  }
  control.state = static_cast<DatabaseState>(state);
  control.checkpoint_lsn = GetUnsigned(bytes, 24, 8);
  control.redo_lsn = GetUnsigned(bytes, 32, 8);
  control.checkpoint_time = GetUnsigned(bytes, 40, 8);
  return control;
}

// Replaces `path` with `contents` atomically and durably (tmp + fsync + rename + dir fsync).
void WriteFileAtomically(Env& env, const std::string& directory, const std::string& path,
                         const std::string& temp_path, std::span<const std::byte> contents) {
  {
    std::unique_ptr<File> file = env.OpenFile(temp_path, true);
    file->Truncate(0);
    file->WriteAt(0, contents);
    file->Sync();
  }
  env.RenameFile(temp_path, path);
  env.SyncDirectory(directory);
}

void WriteControlFile(Env& env, const std::string& directory, const ControlData& control) {
  const ControlBytes bytes = EncodeControl(control);
  WriteFileAtomically(env, Join(directory, kGlobalDirectory), Join(directory, kControlFile),
                      Join(directory, kControlTempFile), bytes);
}

std::string ReadSmallFile(Env& env, const std::string& path) {
  std::unique_ptr<File> file = env.OpenFile(path, false);
  std::array<std::byte, kMaxSmallFile> buffer{};
  const size_t read = file->ReadAt(0, buffer);
  return std::string(reinterpret_cast<const char*>(buffer.data()), read);
}

std::optional<uint64_t> ParseNumberLine(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

[[noreturn]] void ThrowLocked(Env& env, const std::string& path) {
  std::optional<uint64_t> pid;
  try {
    pid = ParseNumberLine(ReadSmallFile(env, Join(path, kLockFile)));
  } catch (const Error&) {
    // The holder may be rewriting the file; report without the PID.
  }
  std::string message = "data directory \"" + path + "\" is in use by another process";
  if (pid) message += " (PID " + std::to_string(*pid) + ")";
  throw Error(sqlstate::kObjectInUse, std::move(message))
      .WithHint("Is another Granary process already running on this data directory?");
}

std::unique_ptr<FileLock> LockDirectory(Env& env, const std::string& path) {
  std::unique_ptr<FileLock> lock = env.TryLockFile(Join(path, kLockFile));
  if (!lock) ThrowLocked(env, path);
  return lock;
}

}  // namespace

void DataDirectory::Create(Env& env, const std::string& path) {
  if (env.FileExists(path)) {
    if (!env.IsDirectory(path)) {
      throw Error(sqlstate::kObjectNotInPrerequisiteState,
                  "\"" + path + "\" exists but is not a directory");
    }
    if (!env.ListDirectory(path).empty()) {
      throw Error(sqlstate::kObjectNotInPrerequisiteState,
                  "directory \"" + path + "\" exists but is not empty")
          .WithHint("Remove or empty the directory, or choose another one.");
    }
  }
  env.CreateDirectory(path);
  // Hold the lock while creating, so nobody opens a half-made directory.
  const std::unique_ptr<FileLock> lock = LockDirectory(env, path);
  env.CreateDirectory(Join(path, kGlobalDirectory));
  env.CreateDirectory(Join(path, kBaseDirectory));
  env.CreateDirectory(Join(path, kWalDirectory));
  WriteControlFile(env, path, ControlData{});
  // The version marker comes last: a directory without it is not (yet) a data directory.
  const std::string version = std::to_string(kFormatVersion) + "\n";
  WriteFileAtomically(env, path, Join(path, kVersionFile), Join(path, "GRANARY_VERSION.tmp"),
                      std::as_bytes(std::span(version)));
}

std::unique_ptr<DataDirectory> DataDirectory::Open(Env& env, const std::string& path) {
  if (!env.FileExists(path)) {
    throw Error(sqlstate::kUndefinedFile, "data directory \"" + path + "\" does not exist")
        .WithHint("Run `granary init` to create it.");
  }
  if (!env.IsDirectory(path) || !env.FileExists(Join(path, kVersionFile))) {
    throw Error(sqlstate::kUndefinedFile,
                "directory \"" + path + "\" is not a Granary data directory")
        .WithHint("Run `granary init` to create a data directory.");
  }
  const std::optional<uint64_t> version =
      ParseNumberLine(ReadSmallFile(env, Join(path, kVersionFile)));
  if (!version) {
    throw Error(sqlstate::kDataCorrupted,
                "invalid data directory version file \"" + Join(path, kVersionFile) + "\"");
  }
  if (*version != kFormatVersion) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "data directory \"" + path + "\" is incompatible with this server")
        .WithDetail("The data directory has format version " + std::to_string(*version) +
                    ", which is not compatible with this version, " +
                    std::to_string(kFormatVersion) + ".");
  }

  std::unique_ptr<FileLock> lock = LockDirectory(env, path);
  std::unique_ptr<DataDirectory> directory(new DataDirectory(env, path, std::move(lock)));
  directory->control_ = ReadControl(env, path);
  return directory;
}

ControlData DataDirectory::ReadControl(Env& env, const std::string& path) {
  const std::string control_path = Join(path, kControlFile);
  if (!env.FileExists(control_path)) {
    throw Error(sqlstate::kUndefinedFile, "control file \"" + control_path + "\" is missing");
  }
  std::unique_ptr<File> file = env.OpenFile(control_path, false);
  if (file->Size() != kControlSize) {
    throw Error(sqlstate::kDataCorrupted, "invalid control file \"" + control_path + "\": size " +
                                              std::to_string(file->Size()) + ", expected " +
                                              std::to_string(kControlSize));
  }
  ControlBytes bytes{};
  if (file->ReadAt(0, bytes) != kControlSize) {
    throw Error(sqlstate::kDataCorrupted,
                "could not read control file \"" + control_path + "\": short read");
  }
  const ControlData control = DecodeControl(bytes, control_path);
  if (control.format_version != kFormatVersion) {
    throw Error(sqlstate::kDataCorrupted, "control file \"" + control_path +
                                              "\" has format version " +
                                              std::to_string(control.format_version));
  }
  return control;
}

DataDirectory::DataDirectory(Env& env, std::string path, std::unique_ptr<FileLock> lock)
    : env_(env), path_(std::move(path)), lock_(std::move(lock)) {}

DataDirectory::~DataDirectory() = default;

void DataDirectory::WriteControl() { WriteControlFile(env_, path_, control_); }

void DataDirectory::UpdateControl(const std::function<void(ControlData&)>& change) {
  std::lock_guard lock(control_mutex_);
  ControlData updated = control_;
  change(updated);
  WriteControlFile(env_, path_, updated);
  control_ = updated;  // only once it is on disk
}

ControlData DataDirectory::ControlSnapshot() {
  std::lock_guard lock(control_mutex_);
  return control_;
}

}  // namespace granary::storage
