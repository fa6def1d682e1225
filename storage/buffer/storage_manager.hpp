// StorageManager — relation files on disk, block by block (PostgreSQL's smgr/md).
//
// A relation's data lives in `<data dir>/base/<relfile number>`, a sequence of 8 KiB blocks.
// Checksums are set on every write and verified on every read: a mismatch raises XX001
// (data_corrupted) `invalid page in block 7 of relation base/16390`, never a crash.
// Thread-safety: all methods are thread-safe; callers serialise writes to the same block
// through the buffer pool.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "storage/env/env.hpp"
#include "storage/page/page.hpp"

namespace granary::storage {

using RelFileNumber = uint32_t;

class StorageManager {
 public:
  StorageManager(Env& env, std::string data_directory);

  void Create(RelFileNumber rel);  // an empty file; ok if it exists
  bool Exists(RelFileNumber rel);
  void Unlink(RelFileNumber rel);  // ok if absent
  BlockNumber NumBlocks(RelFileNumber rel);
  // Reads a block into `out` (kPageSize bytes) and verifies its checksum (XX001 on mismatch).
  // Reading past the end raises XX001 too (`could not read block 9 in file "base/16390":
  // read only 0 of 8192 bytes`).
  void ReadBlock(RelFileNumber rel, BlockNumber block, std::byte* out);
  // Stamps the checksum into `page` and writes it.
  void WriteBlock(RelFileNumber rel, BlockNumber block, std::byte* page);
  // Appends a zeroed block and returns its number.
  BlockNumber Extend(RelFileNumber rel);
  void Truncate(RelFileNumber rel, BlockNumber blocks);
  void Sync(RelFileNumber rel);
  // fsyncs every relation file opened so far and the base/ directory (so that created files'
  // names are durable too). Safe against concurrent Unlink.
  void SyncAll();
  std::string RelationPath(RelFileNumber rel) const;  // "base/16390", relative to the data dir

 private:
  struct RelationFile {
    std::shared_ptr<File> file;
    // The size in blocks, read from the file when it is opened. Every change of size goes
    // through this class (Extend, Truncate, WriteBlock past the end), so NumBlocks — asked
    // on every heap fetch — needs no system call.
    std::atomic<uint64_t> blocks{0};
  };

  // The open relation, opening it on first use.
  std::shared_ptr<RelationFile> Find(RelFileNumber rel);
  std::shared_ptr<RelationFile> OpenLocked(RelFileNumber rel, bool create);  // mutex_ exclusive

  Env& env_;
  std::string data_directory_;
  // Shared to find an open relation, exclusive to open, extend, truncate or unlink one.
  std::shared_mutex mutex_;
  // shared_ptr: SyncAll and the block I/O calls keep a file alive past Unlink.
  std::unordered_map<RelFileNumber, std::shared_ptr<RelationFile>> files_;
};

}  // namespace granary::storage
