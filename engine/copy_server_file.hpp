// COPY to and from a file or a program on the server's machine. PostgreSQL allows these to
// superusers only (the caller checks); a relative file name is read relative to the data
// directory, as PostgreSQL's server process runs in it.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace granary {

namespace parser {
struct CopyStmt;
}

// The file or program of a COPY FROM (read) or COPY TO (written): an open file, or a running
// shell command's standard output or input.
class CopyServerFile {
 public:
  // Opens the statement's file or starts its program, before the COPY moves any row (as
  // PostgreSQL does). Errors as PostgreSQL's: 58P01 for a missing file, 42501 without
  // permission, 42809 for a directory, 42602 for a relative path to write.
  static std::unique_ptr<CopyServerFile> Open(const parser::CopyStmt& stmt, const std::string& data_directory);
  ~CopyServerFile();
  CopyServerFile(const CopyServerFile&) = delete;
  CopyServerFile& operator=(const CopyServerFile&) = delete;

  // COPY FROM: the next piece of data, at most `limit` bytes; empty at the end.
  std::string Read(size_t limit);
  // COPY TO: appends `data`.
  void Write(std::string_view data);
  // Closes the file; for a program, 38000 when it did not exit with status 0.
  void Close();

 private:
  CopyServerFile(std::FILE* file, std::string name, bool is_program)
      : file_(file), name_(std::move(name)), is_program_(is_program) {}

  std::FILE* file_;
  std::string name_;
  bool is_program_;
};

}  // namespace granary
