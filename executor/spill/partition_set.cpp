#include "executor/spill/partition_set.hpp"

namespace granary::executor {

size_t PartitionOf(size_t hash, size_t level, size_t count) {
  // MurmurHash3's 64-bit finaliser over the hash offset by the level.
  uint64_t mixed = static_cast<uint64_t>(hash) + (level + 1) * 0x9E3779B97F4A7C15ull;
  mixed ^= mixed >> 33;
  mixed *= 0xFF51AFD7ED558CCDull;
  mixed ^= mixed >> 33;
  mixed *= 0xC4CEB9FE1A85EC53ull;
  mixed ^= mixed >> 33;
  return static_cast<size_t>(mixed % count);
}

SpillWriter& PartitionSet::Writer(size_t partition) {
  if (writers_[partition] == nullptr) {
    files_[partition] = space_.Create();
    writers_[partition] = std::make_unique<SpillWriter>(*files_[partition]);
  }
  return *writers_[partition];
}

std::vector<std::unique_ptr<TempFile>> PartitionSet::Finish(uint64_t& disk_bytes) {
  for (size_t i = 0; i < writers_.size(); ++i) {
    if (writers_[i] == nullptr) continue;
    writers_[i]->Flush();
    writers_[i].reset();
    disk_bytes += files_[i]->size();
  }
  return std::move(files_);
}

}  // namespace granary::executor
