// Env — the only path from the engine to the operating system's files.
//
// Every read, write, fsync, directory operation and lock goes through an Env, so tests can
// substitute one that injects I/O errors, short writes or disk-full (LevelDB's Env idea).
// Errors surface as granary::Error with SQLSTATE 58030 (io_error) naming the file and the
// operating-system reason, e.g. `could not open file "base/16384": No such file or directory`.
// Thread-safety: Env and File methods may be called from any thread; a File supports
// concurrent positional reads and writes to distinct ranges.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace granary::storage {

class File {
 public:
  virtual ~File() = default;
  // Reads exactly out.size() bytes at `offset`; returns the number read, which is less only
  // at end of file.
  virtual size_t ReadAt(uint64_t offset, std::span<std::byte> out) = 0;
  // Writes all of `data` at `offset` (retrying short writes).
  virtual void WriteAt(uint64_t offset, std::span<const std::byte> data) = 0;
  virtual void Sync() = 0;  // fdatasync
  virtual uint64_t Size() = 0;
  virtual void Truncate(uint64_t size) = 0;
  virtual const std::string& path() const = 0;
};

// Held while a data directory is open; releasing it (destruction) lets another process in.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class Env {
 public:
  virtual ~Env() = default;
  // Opens `path` for reading and writing; creates it when `create` is true and it is absent.
  virtual std::unique_ptr<File> OpenFile(const std::string& path, bool create) = 0;
  virtual bool FileExists(const std::string& path) = 0;
  virtual bool IsDirectory(const std::string& path) = 0;
  virtual void CreateDirectory(const std::string& path) = 0;  // parents too; ok if present
  virtual void RemoveFile(const std::string& path) = 0;       // ok if absent
  virtual void RenameFile(const std::string& from, const std::string& to) = 0;
  virtual std::vector<std::string> ListDirectory(const std::string& path) = 0;
  virtual void SyncDirectory(const std::string& path) = 0;
  // Takes an exclusive advisory lock on `path` (created if absent) and writes the process id
  // into it. Returns null when another process holds it.
  virtual std::unique_ptr<FileLock> TryLockFile(const std::string& path) = 0;
};

// The process-wide POSIX implementation.
Env& DefaultEnv();

}  // namespace granary::storage
