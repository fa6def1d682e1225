// The POSIX Env: files through open/pread/pwrite/fdatasync, directories, and flock-based
// data directory locks. Every failure becomes a granary::Error with SQLSTATE 58030 naming the
// file and strerror(errno), as PostgreSQL's `could not ... file "...": %m` messages do.
#include "storage/env/env.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {
namespace {

constexpr mode_t kFileMode = 0600;
constexpr mode_t kDirectoryMode = 0700;

[[noreturn]] void ThrowIo(const std::string& action, const std::string& path, int error) {
  throw Error(sqlstate::kIoError,
              "could not " + action + " \"" + path + "\": " + std::strerror(error));
}

// Closes a descriptor, retrying nothing: POSIX leaves the descriptor state unspecified after
// EINTR, and Linux always releases it.
void CloseDescriptor(int fd) { ::close(fd); }

class PosixFile final : public File {
 public:
  PosixFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~PosixFile() override { CloseDescriptor(fd_); }
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;

  size_t ReadAt(uint64_t offset, std::span<std::byte> out) override {
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t n =
          ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        ThrowIo("read from file", path_, errno);
      }
      if (n == 0) break;  // end of file
      done += static_cast<size_t>(n);
    }
    return done;
  }

  void WriteAt(uint64_t offset, std::span<const std::byte> data) override {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n =
          ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        ThrowIo("write to file", path_, errno);
      }
      if (n == 0) ThrowIo("write to file", path_, ENOSPC);  // no progress: treat as disk full
      done += static_cast<size_t>(n);
    }
  }

  void Sync() override {
    while (::fdatasync(fd_) != 0) {
      if (errno != EINTR) ThrowIo("fsync file", path_, errno);
    }
  }

  uint64_t Size() override {
    struct stat info {};
    if (::fstat(fd_, &info) != 0) ThrowIo("stat file", path_, errno);
    return static_cast<uint64_t>(info.st_size);
  }

  void Truncate(uint64_t size) override {
    while (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
      if (errno != EINTR) ThrowIo("truncate file", path_, errno);
    }
  }

  const std::string& path() const override { return path_; }

 private:
  int fd_;
  std::string path_;
};

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  // Closing the descriptor drops the flock (it belongs to this open file description).
  ~PosixFileLock() override { CloseDescriptor(fd_); }
  PosixFileLock(const PosixFileLock&) = delete;
  PosixFileLock& operator=(const PosixFileLock&) = delete;

 private:
  int fd_;
};

class PosixEnv final : public Env {
 public:
  std::unique_ptr<File> OpenFile(const std::string& path, bool create) override {
    int flags = O_RDWR | O_CLOEXEC;
    if (create) flags |= O_CREAT;
    int fd;
    do {
      fd = ::open(path.c_str(), flags, kFileMode);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) ThrowIo("open file", path, errno);
    return std::make_unique<PosixFile>(fd, path);
  }

  bool FileExists(const std::string& path) override {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
  }

  bool IsDirectory(const std::string& path) override {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
  }

  void CreateDirectory(const std::string& path) override {
    if (path.empty()) return;
    // Create each missing ancestor, left to right (mkdir -p).
    for (size_t pos = path.find('/', 1);; pos = path.find('/', pos + 1)) {
      const std::string prefix = pos == std::string::npos ? path : path.substr(0, pos);
      if (!prefix.empty() && ::mkdir(prefix.c_str(), kDirectoryMode) != 0 && errno != EEXIST) {
        ThrowIo("create directory", prefix, errno);
      }
      if (pos == std::string::npos) break;
    }
    if (!IsDirectory(path)) ThrowIo("create directory", path, ENOTDIR);
  }

  void RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) ThrowIo("remove file", path, errno);
  }

  void RenameFile(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      const int error = errno;
      throw Error(sqlstate::kIoError, "could not rename file \"" + from + "\" to \"" + to +
                                          "\": " + std::strerror(error));
    }
  }

  std::vector<std::string> ListDirectory(const std::string& path) override {
    DIR* directory = ::opendir(path.c_str());
    if (directory == nullptr) ThrowIo("open directory", path, errno);
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(directory)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    const int error = errno;
    ::closedir(directory);
    if (error != 0) ThrowIo("read directory", path, error);
    return names;
  }

  void SyncDirectory(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) ThrowIo("open directory", path, errno);
    int result;
    do {
      result = ::fsync(fd);
    } while (result != 0 && errno == EINTR);
    const int error = errno;
    CloseDescriptor(fd);
    if (result != 0) ThrowIo("fsync directory", path, error);
  }

  std::unique_ptr<FileLock> TryLockFile(const std::string& path) override {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kFileMode);
    if (fd < 0) ThrowIo("open file", path, errno);
    int result;
    do {
      result = ::flock(fd, LOCK_EX | LOCK_NB);
    } while (result != 0 && errno == EINTR);
    if (result != 0) {
      const int error = errno;
      CloseDescriptor(fd);
      if (error == EWOULDBLOCK) return nullptr;
      ThrowIo("lock file", path, error);
    }
    auto lock = std::make_unique<PosixFileLock>(fd);  // owns fd from here on
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0) ThrowIo("truncate file", path, errno);
    const ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
    if (written < 0) ThrowIo("write to file", path, errno);
    if (static_cast<size_t>(written) != pid.size()) ThrowIo("write to file", path, ENOSPC);
    return lock;
  }
};

}  // namespace

Env& DefaultEnv() {
  static PosixEnv env;
  return env;
}

}  // namespace granary::storage
