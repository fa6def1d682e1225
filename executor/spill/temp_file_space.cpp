#include "executor/spill/temp_file_space.hpp"

#include <unistd.h>

#include <atomic>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

// Numbers the files of every statement of the process, so names never collide.
std::atomic<uint64_t> next_file_number{0};

constexpr std::string_view kFilePrefix = "pgsql_tmp";

}  // namespace

std::string TempFileDirectory(const std::string& data_directory) { return data_directory + "/base/pgsql_tmp"; }

void RemoveLeftoverTempFiles(storage::Env& env, const std::string& data_directory) {
  const std::string directory = TempFileDirectory(data_directory);
  if (!env.IsDirectory(directory)) return;
  for (const std::string& name : env.ListDirectory(directory)) {
    if (name.rfind(kFilePrefix, 0) == 0) env.RemoveFile(directory + "/" + name);
  }
}

std::unique_ptr<TempFile> TempFileSpace::Create() {
  if (!directory_made_) {
    env_.CreateDirectory(directory_);
    directory_made_ = true;
  }
  const std::string path = directory_ + "/" + std::string(kFilePrefix) + std::to_string(::getpid()) + "." +
                           std::to_string(next_file_number.fetch_add(1, std::memory_order_relaxed));
  return std::make_unique<TempFile>(*this, env_.OpenFile(path, true));
}

void TempFileSpace::Reserve(uint64_t bytes) {
  if (limit_kb_ >= 0 && used_bytes_ + bytes > static_cast<uint64_t>(limit_kb_) * 1024) {
    throw Error(sqlstate::kConfigurationLimitExceeded,
                "temporary file size exceeds temp_file_limit (" + std::to_string(limit_kb_) + "kB)");
  }
  used_bytes_ += bytes;
}

TempFile::TempFile(TempFileSpace& space, std::unique_ptr<storage::File> file)
    : space_(space), file_(std::move(file)) {}

TempFile::~TempFile() {
  space_.Release(size_);
  const std::string path = file_->path();
  file_.reset();
  try {
    space_.env_.RemoveFile(path);
  } catch (...) {
    // A file that cannot be removed now is removed when the data directory is next opened.
  }
}

void TempFile::Append(std::span<const std::byte> data) {
  space_.Reserve(data.size());
  try {
    file_->WriteAt(size_, data);
  } catch (...) {
    space_.Release(data.size());
    throw;
  }
  size_ += data.size();
}

size_t TempFile::ReadAt(uint64_t offset, std::span<std::byte> out) { return file_->ReadAt(offset, out); }

const std::string& TempFile::path() const { return file_->path(); }

}  // namespace granary::executor
