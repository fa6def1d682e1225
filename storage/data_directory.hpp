// DataDirectory — one open Granary data directory: its layout, lock and control file.
//
// Layout:  DIR/GRANARY_VERSION   marker with the on-disk format version
//          DIR/granary.lock      held (flock) by the one process that has the directory open
//          DIR/global/control    ControlData, CRC32C-protected, rewritten atomically (tmp+rename)
//          DIR/base/<relfile>    relation files (catalog tables and user tables alike)
//          DIR/wal/<segment>     the write-ahead log (storage/wal/README.md)
//
// Errors: opening a directory that does not exist -> 58P01 (undefined_file)
// `data directory "DIR" does not exist`; a directory that is not Granary's -> 58P01 `directory
// "DIR" is not a Granary data directory` with a hint to run `granary init`; locked by another
// process -> 55006 (object_in_use) `data directory "DIR" is in use by another process (PID n)`;
// a corrupt control file -> XX001.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "storage/env/env.hpp"

namespace granary::storage {

// 2: the write-ahead log (wal/) and checkpoint fields in the control file.
// 3: out-of-line values: flagged length words in rows, toast relations, pg_class.reltoastrelid.
inline constexpr uint32_t kFormatVersion = 3;

// What the control file says about how the directory was left (PostgreSQL's DBState).
enum class DatabaseState : uint32_t {
  kShutDown = 0,         // closed cleanly: the last checkpoint is a shutdown checkpoint
  kInProduction = 1,     // open, or the process died: recovery replays the log
  kInCrashRecovery = 2,  // recovery was running (and may have died): it simply runs again
};

struct ControlData {
  uint32_t format_version = kFormatVersion;
  uint64_t next_xid = 3;      // every xid below it may have been used (reserved ahead)
  uint32_t next_oid = 16384;  // first oid for user objects, as PostgreSQL
  DatabaseState state = DatabaseState::kShutDown;
  uint64_t checkpoint_lsn = 0;   // start of the last checkpoint record
  uint64_t redo_lsn = 0;         // where its redo starts
  uint64_t checkpoint_time = 0;  // seconds since 1970
};

class DataDirectory {
 public:
  // Creates DIR (must be absent or empty) with the layout above and a fresh control file.
  // 58P02/42P04-like errors: `directory "DIR" exists but is not empty` (55000).
  static void Create(Env& env, const std::string& path);
  static std::unique_ptr<DataDirectory> Open(Env& env, const std::string& path);
  // Reads DIR/global/control without taking the lock, for read-only tools (waldump) that may
  // look at a directory in use. Errors as Open.
  static ControlData ReadControl(Env& env, const std::string& path);
  ~DataDirectory();

  const std::string& path() const { return path_; }
  std::string wal_path() const { return path_ + "/wal"; }
  // Direct access, for the single-threaded phases (open, create, recovery).
  ControlData& control() { return control_; }
  void WriteControl();  // durable (fsync + rename + directory fsync)
  // Once the directory is shared: changes the control data and writes it, serialised.
  void UpdateControl(const std::function<void(ControlData&)>& change);
  ControlData ControlSnapshot();

 private:
  DataDirectory(Env& env, std::string path, std::unique_ptr<FileLock> lock);

  Env& env_;
  std::string path_;
  std::unique_ptr<FileLock> lock_;
  std::mutex control_mutex_;  // serialises UpdateControl and ControlSnapshot
  ControlData control_;
};

}  // namespace granary::storage
