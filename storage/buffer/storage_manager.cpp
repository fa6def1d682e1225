// StorageManager: relation files as arrays of 8 KiB blocks (PostgreSQL's md.c, one segment
// per relation). Stamps the checksum on write and verifies it on read; a bad page is reported
// as XX001 and never handed to the caller.
#include "storage/buffer/storage_manager.hpp"

#include <array>
#include <mutex>
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

std::shared_ptr<StorageManager::RelationFile> StorageManager::OpenLocked(RelFileNumber rel,
                                                                        bool create) {
  auto it = files_.find(rel);
  if (it != files_.end()) return it->second;
  if (create) env_.CreateDirectory(data_directory_ + "/base");
  auto relation = std::make_shared<RelationFile>();
  relation->file = env_.OpenFile(data_directory_ + "/" + RelationPath(rel), create);
  relation->blocks.store(relation->file->Size() / kPageSize, std::memory_order_release);
  files_.emplace(rel, relation);
  return relation;
}

std::shared_ptr<StorageManager::RelationFile> StorageManager::Find(RelFileNumber rel) {
  {
    std::shared_lock lock(mutex_);
    auto it = files_.find(rel);
    if (it != files_.end()) return it->second;
  }
  std::unique_lock lock(mutex_);
  return OpenLocked(rel, false);
}

void StorageManager::Create(RelFileNumber rel) {
  std::unique_lock lock(mutex_);
  OpenLocked(rel, true);
}

bool StorageManager::Exists(RelFileNumber rel) {
  std::shared_lock lock(mutex_);
  return files_.contains(rel) || env_.FileExists(data_directory_ + "/" + RelationPath(rel));
}

void StorageManager::Unlink(RelFileNumber rel) {
  std::unique_lock lock(mutex_);
  files_.erase(rel);
  env_.RemoveFile(data_directory_ + "/" + RelationPath(rel));
}

BlockNumber StorageManager::NumBlocks(RelFileNumber rel) {
  {
    // Asked on every heap fetch: read the count in place rather than copying the shared_ptr,
    // whose reference count is one cache line every thread reading the relation would write.
    std::shared_lock lock(mutex_);
    auto it = files_.find(rel);
    if (it != files_.end()) {
      return static_cast<BlockNumber>(it->second->blocks.load(std::memory_order_acquire));
    }
  }
  return static_cast<BlockNumber>(Find(rel)->blocks.load(std::memory_order_acquire));
}

void StorageManager::ReadBlock(RelFileNumber rel, BlockNumber block, std::byte* out) {
  const std::shared_ptr<File> file = Find(rel)->file;
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
  const std::shared_ptr<RelationFile> relation = Find(rel);
  Page(page).SetChecksum(block);
  relation->file->WriteAt(uint64_t{block} * kPageSize, std::span<const std::byte>(page, kPageSize));
  // A write past the end (redo of a block whose extension was lost) grows the file.
  uint64_t known = relation->blocks.load(std::memory_order_acquire);
  while (known < uint64_t{block} + 1 &&
         !relation->blocks.compare_exchange_weak(known, uint64_t{block} + 1, std::memory_order_acq_rel)) {
  }
}

BlockNumber StorageManager::Extend(RelFileNumber rel) {
  static constexpr std::array<std::byte, kPageSize> kZeroPage{};
  // The lock serialises extensions, so concurrent callers get distinct block numbers.
  std::unique_lock lock(mutex_);
  RelationFile& relation = *OpenLocked(rel, false);
  const uint64_t blocks = relation.blocks.load(std::memory_order_acquire);
  if (blocks >= kInvalidBlock) {
    throw Error(sqlstate::kProgramLimitExceeded, "cannot extend file \"" + RelationPath(rel) +
                                                     "\" beyond " + std::to_string(kInvalidBlock) +
                                                     " blocks");
  }
  relation.file->WriteAt(blocks * kPageSize, kZeroPage);
  relation.blocks.store(blocks + 1, std::memory_order_release);
  return static_cast<BlockNumber>(blocks);
}

void StorageManager::Truncate(RelFileNumber rel, BlockNumber blocks) {
  std::unique_lock lock(mutex_);
  RelationFile& relation = *OpenLocked(rel, false);
  relation.file->Truncate(uint64_t{blocks} * kPageSize);
  relation.blocks.store(blocks, std::memory_order_release);
}

void StorageManager::Sync(RelFileNumber rel) { Find(rel)->file->Sync(); }

void StorageManager::SyncAll() {
  // fsync outside the lock so that reads and writes of other relations are not held up.
  std::vector<std::shared_ptr<File>> files;
  {
    std::shared_lock lock(mutex_);
    files.reserve(files_.size());
    for (auto& [rel, relation] : files_) files.push_back(relation->file);
  }
  for (const std::shared_ptr<File>& file : files) file->Sync();
  if (env_.IsDirectory(data_directory_ + "/base")) env_.SyncDirectory(data_directory_ + "/base");
}

}  // namespace granary::storage
