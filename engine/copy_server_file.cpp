#include "engine/copy_server_file.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

#include "granary/error.hpp"
#include "common/sqlstate.hpp"
#include "parser/ast.hpp"

namespace granary {
namespace {

// PostgreSQL's errcode_for_file_access: the SQLSTATE an errno means.
sqlstate::SqlState FileAccessState(int error) {
  switch (error) {
    case ENOENT: return sqlstate::kUndefinedFile;
    case EEXIST: return sqlstate::kDuplicateFile;
    case EACCES:
    case EPERM:
    case EROFS: return sqlstate::kInsufficientPrivilege;
    case EISDIR:
    case ENOTDIR:
    case ELOOP: return sqlstate::kWrongObjectType;
    case ENOSPC: return sqlstate::kDiskFull;
    case EMFILE:
    case ENFILE: return sqlstate::kInsufficientResources;
    default: return sqlstate::kIoError;
  }
}

[[noreturn]] void ThrowOpenError(const std::string& name, bool reading, int error) {
  throw Error(FileAccessState(error), "could not open file \"" + name + "\" for " +
                                          (reading ? "reading" : "writing") + ": " + std::strerror(error))
      .WithHint(reading ? "COPY FROM instructs the server process to read a file. You may want a "
                          "client-side facility such as psql's \\copy."
                        : "COPY TO instructs the server process to write a file. You may want a "
                          "client-side facility such as psql's \\copy.");
}

// pclose's status as PostgreSQL words a failed child process; empty when it exited with 0.
std::string ChildFailure(int status) {
  if (status == -1) return std::string("could not wait for child process: ") + std::strerror(errno);
  if (WIFEXITED(status)) {
    if (WEXITSTATUS(status) == 0) return {};
    return "child process exited with exit code " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    return "child process was terminated by signal " + std::to_string(WTERMSIG(status)) + ": " +
           strsignal(WTERMSIG(status));
  }
  return "child process exited with unrecognized status " + std::to_string(status);
}

// Writes to a program's pipe with SIGPIPE blocked on this thread, so that a program exiting
// early fails the COPY by its exit status instead of ending the process (an embedding
// application may not ignore SIGPIPE as `granary serve` does). A SIGPIPE raised meanwhile is
// taken off the thread before the mask is restored.
void WriteToPipe(std::FILE* pipe, std::string_view data) {
  sigset_t pipe_only;
  sigset_t previous;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
  std::fwrite(data.data(), 1, data.size(), pipe);
  std::fflush(pipe);
  const timespec no_wait{0, 0};
  while (sigtimedwait(&pipe_only, nullptr, &no_wait) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

}  // namespace

std::unique_ptr<CopyServerFile> CopyServerFile::Open(const parser::CopyStmt& stmt,
                                                     const std::string& data_directory) {
  const std::string& name = *stmt.filename;
  const bool reading = stmt.is_from;
  if (stmt.is_program) {
    std::fflush(nullptr);
    std::FILE* pipe = popen(name.c_str(), reading ? "r" : "w");
    if (pipe == nullptr) {
      throw Error(FileAccessState(errno), "could not execute command \"" + name + "\": " + std::strerror(errno));
    }
    return std::unique_ptr<CopyServerFile>(new CopyServerFile(pipe, name, true));
  }
  const bool relative = name.empty() || name.front() != '/';
  if (relative && !reading) throw Error(sqlstate::kInvalidName, "relative path not allowed for COPY to file");
  const std::string path = relative ? data_directory + "/" + name : name;
  std::FILE* file = std::fopen(path.c_str(), reading ? "rb" : "wb");
  if (file == nullptr) ThrowOpenError(name, reading, errno);
  struct stat status {};
  if (fstat(fileno(file), &status) == 0 && S_ISDIR(status.st_mode)) {
    std::fclose(file);
    throw Error(sqlstate::kWrongObjectType, "\"" + name + "\" is a directory");
  }
  return std::unique_ptr<CopyServerFile>(new CopyServerFile(file, name, false));
}

CopyServerFile::~CopyServerFile() {
  if (file_ == nullptr) return;
  if (is_program_) {
    pclose(file_);
  } else {
    std::fclose(file_);
  }
}

std::string CopyServerFile::Read(size_t limit) {
  std::string data(limit, '\0');
  const size_t read = std::fread(data.data(), 1, limit, file_);
  if (read == 0 && std::ferror(file_)) {
    throw Error(sqlstate::kIoError,
                (is_program_ ? "could not read from COPY program: " : "could not read from COPY file: ") +
                    std::string(std::strerror(errno)));
  }
  data.resize(read);
  return data;
}

void CopyServerFile::Write(std::string_view data) {
  if (is_program_) {
    // A program that exits without reading all of its input fails the COPY by its status.
    WriteToPipe(file_, data);
    return;
  }
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) {
    throw Error(FileAccessState(errno), "could not write to COPY file: " + std::string(std::strerror(errno)));
  }
}

void CopyServerFile::Close() {
  std::FILE* file = file_;
  file_ = nullptr;
  if (is_program_) {
    const std::string failure = ChildFailure(pclose(file));
    if (!failure.empty()) {
      throw Error(sqlstate::kExternalRoutineException, "program \"" + name_ + "\" failed").WithDetail(failure);
    }
  } else if (std::fclose(file) != 0) {
    throw Error(FileAccessState(errno), "could not close file \"" + name_ + "\": " + std::strerror(errno));
  }
}

}  // namespace granary
