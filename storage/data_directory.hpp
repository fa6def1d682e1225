// DataDirectory — one open Granary data directory: its layout, lock and control file.
//
// Layout:  DIR/GRANARY_VERSION   marker with the on-disk format version
//          DIR/granary.lock      held (flock) by the one process that has the directory open
//          DIR/global/control    ControlData, CRC32C-protected, rewritten atomically (tmp+rename)
//          DIR/base/<relfile>    relation files (catalog tables and user tables alike)
//
// Errors: opening a directory that does not exist -> 58P01 (undefined_file)
// `data directory "DIR" does not exist`; a directory that is not Granary's -> 58P01 `directory
// "DIR" is not a Granary data directory` with a hint to run `granary init`; locked by another
// process -> 55006 (object_in_use) `data directory "DIR" is in use by another process (PID n)`;
// a corrupt control file -> XX001.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/env/env.hpp"

namespace granary::storage {

inline constexpr uint32_t kFormatVersion = 1;

struct ControlData {
  uint32_t format_version = kFormatVersion;
  uint64_t next_xid = 3;
  uint32_t next_oid = 16384;  // first oid for user objects, as PostgreSQL
  uint64_t checkpoint_lsn = 0;
  bool clean_shutdown = true;
};

class DataDirectory {
 public:
  // Creates DIR (must be absent or empty) with the layout above and a fresh control file.
  // 58P02/42P04-like errors: `directory "DIR" exists but is not empty` (55000).
  static void Create(Env& env, const std::string& path);
  static std::unique_ptr<DataDirectory> Open(Env& env, const std::string& path);
  ~DataDirectory();

  const std::string& path() const { return path_; }
  ControlData& control() { return control_; }
  void WriteControl();  // durable (fsync + rename + directory fsync)

 private:
  DataDirectory(Env& env, std::string path, std::unique_ptr<FileLock> lock);

  Env& env_;
  std::string path_;
  std::unique_ptr<FileLock> lock_;
  ControlData control_;
};

}  // namespace granary::storage
