// TempFileSpace and TempFile — the temporary files operators spill to when their input does
// not fit in work_mem (sorts, hash aggregation, hash joins).
//
// Files live in the data directory's base/pgsql_tmp, as PostgreSQL's, named
// pgsql_tmp<pid>.<n>. A TempFile removes its file when it is destroyed, so a file lives no
// longer than the operator that made it: to the end of the operator, or until an error, a
// cancel or statement_timeout unwinds the plan. Files left by a process that died are removed
// when the data directory is next opened (RemoveLeftoverTempFiles).
//
// temp_file_limit: a statement's files together may not grow past the limit (PostgreSQL
// counts per process; a Granary process serves many sessions, so the count is per statement);
// the write that would pass it raises 53400. I/O errors are 58030 (storage/env).
//
// Thread-safety: none; a statement's operators use its space from the statement's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "storage/env/env.hpp"

namespace granary::executor {

// The folder of temporary files inside data directory `data_directory`.
std::string TempFileDirectory(const std::string& data_directory);
// Removes every file in `data_directory`'s temporary folder (at open, before any statement).
void RemoveLeftoverTempFiles(storage::Env& env, const std::string& data_directory);

class TempFile;

class TempFileSpace {
 public:
  // `limit_kb` is temp_file_limit: -1 for none.
  TempFileSpace(storage::Env& env, std::string directory, int64_t limit_kb)
      : env_(env), directory_(std::move(directory)), limit_kb_(limit_kb) {}
  TempFileSpace(const TempFileSpace&) = delete;
  TempFileSpace& operator=(const TempFileSpace&) = delete;

  // A new empty file (the folder is made on first use).
  std::unique_ptr<TempFile> Create();
  // Bytes in the statement's live files.
  uint64_t used_bytes() const { return used_bytes_; }

 private:
  friend class TempFile;
  // 53400 when `bytes` more would pass temp_file_limit.
  void Reserve(uint64_t bytes);
  void Release(uint64_t bytes) { used_bytes_ -= bytes; }

  storage::Env& env_;
  std::string directory_;
  int64_t limit_kb_;
  bool directory_made_ = false;
  uint64_t used_bytes_ = 0;
};

// One temporary file: appended to at its end, read at any offset. Removed on destruction.
class TempFile {
 public:
  TempFile(TempFileSpace& space, std::unique_ptr<storage::File> file);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void Append(std::span<const std::byte> data);
  // Reads up to out.size() bytes at `offset`; fewer only at the end of the file.
  size_t ReadAt(uint64_t offset, std::span<std::byte> out);
  uint64_t size() const { return size_; }
  const std::string& path() const;

 private:
  TempFileSpace& space_;
  std::unique_ptr<storage::File> file_;
  uint64_t size_ = 0;
};

}  // namespace granary::executor
