// StorageManager: relation files as arrays of 8 KiB blocks (PostgreSQL's md.c, one segment
// per relation). Stamps the checksum on write and verifies it on read; a bad page is reported
// as XX001 and never handed to the caller.
#include "storage/buffer/storage_manager.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {

StorageManager::StorageManager(Env& env, std::string data_directory)
    : env_(env), data_directory_(std::move(data_directory)) {}

std::string StorageManager::RelationPath(RelFileNumber rel) const {
  return "base/" + std::to_string(rel);
}

std::shared_ptr<File> StorageManager::OpenRelation(RelFileNumber rel) {
  // Called with mutex_ held.
  auto it = files_.find(rel);
  if (it != files_.end()) return it->second;
  std::shared_ptr<File> file = env_.OpenFile(data_directory_ + "/" + RelationPath(rel), false);
  files_.emplace(rel, file);
  return file;
}

void StorageManager::Create(RelFileNumber rel) {
  std::lock_guard lock(mutex_);
  if (files_.contains(rel)) return;
  env_.CreateDirectory(data_directory_ + "/base");
  files_.emplace(rel, std::shared_ptr<File>(env_.OpenFile(data_directory_ + "/" + RelationPath(rel), true)));
}

bool StorageManager::Exists(RelFileNumber rel) {
  std::lock_guard lock(mutex_);
  return files_.contains(rel) || env_.FileExists(data_directory_ + "/" + RelationPath(rel));
}

void StorageManager::Unlink(RelFileNumber rel) {
  std::lock_guard lock(mutex_);
  files_.erase(rel);
  env_.RemoveFile(data_directory_ + "/" + RelationPath(rel));
}

BlockNumber StorageManager::NumBlocks(RelFileNumber rel) {
  std::shared_ptr<File> file;
  {
    std::lock_guard lock(mutex_);
    file = OpenRelation(rel);
  }
  return static_cast<BlockNumber>(file->Size() / kPageSize);
}

void StorageManager::ReadBlock(RelFileNumber rel, BlockNumber block, std::byte* out) {
  std::shared_ptr<File> file;
  {
    std::lock_guard lock(mutex_);
    file = OpenRelation(rel);
  }
  const size_t read = file->ReadAt(uint64_t{block} * kPageSize, std::span(out, kPageSize));
  if (read != kPageSize) {
    throw Error(sqlstate::kDataCorrupted, "could not read block " + std::to_string(block) +
                                              " in file \"" + RelationPath(rel) + "\": read only " +
                                              std::to_string(read) + " of " +
                                              std::to_string(kPageSize) + " bytes");
  }
  if (!Page(out).VerifyChecksum(block)) {
    throw Error(sqlstate::kDataCorrupted, "invalid page in block " + std::to_string(block) +
                                              " of relation " + RelationPath(rel));
  }
}

void StorageManager::WriteBlock(RelFileNumber rel, BlockNumber block, std::byte* page) {
  std::shared_ptr<File> file;
  {
    std::lock_guard lock(mutex_);
    file = OpenRelation(rel);
  }
  Page(page).SetChecksum(block);
  file->WriteAt(uint64_t{block} * kPageSize, std::span<const std::byte>(page, kPageSize));
}

BlockNumber StorageManager::Extend(RelFileNumber rel) {
  static constexpr std::array<std::byte, kPageSize> kZeroPage{};
  // The lock serialises extensions, so concurrent callers get distinct block numbers.
  std::lock_guard lock(mutex_);
  File& file = *OpenRelation(rel);
  const uint64_t blocks = file.Size() / kPageSize;
  if (blocks >= kInvalidBlock) {
    throw Error(sqlstate::kProgramLimitExceeded, "cannot extend file \"" + RelationPath(rel) +
                                                     "\" beyond " + std::to_string(kInvalidBlock) +
                                                     " blocks");
  }
  file.WriteAt(blocks * kPageSize, kZeroPage);
  return static_cast<BlockNumber>(blocks);
}

void StorageManager::Truncate(RelFileNumber rel, BlockNumber blocks) {
  std::lock_guard lock(mutex_);
  OpenRelation(rel)->Truncate(uint64_t{blocks} * kPageSize);
}

void StorageManager::Sync(RelFileNumber rel) {
  std::shared_ptr<File> file;
  {
    std::lock_guard lock(mutex_);
    file = OpenRelation(rel);
  }
  file->Sync();
}

void StorageManager::SyncAll() {
  // fsync outside the lock so that reads and writes of other relations are not held up.
  std::vector<std::shared_ptr<File>> files;
  {
    std::lock_guard lock(mutex_);
    files.reserve(files_.size());
    for (auto& [rel, file] : files_) files.push_back(file);
  }
  for (const std::shared_ptr<File>& file : files) file->Sync();
  if (env_.IsDirectory(data_directory_ + "/base")) env_.SyncDirectory(data_directory_ + "/base");
}

}  // namespace granary::storage
