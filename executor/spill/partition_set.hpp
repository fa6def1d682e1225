// PartitionSet — rows split by hash over a few temporary files, for the hash operators that
// spill (hash aggregation, DISTINCT, hash join batches). Files are made on first write.
//
// PartitionOf mixes a hash with the recursion level, so the rows of one partition spread
// over all partitions of the next level when a partition is split again.
// Thread-safety: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "executor/spill/spill_file.hpp"
#include "executor/spill/temp_file_space.hpp"

namespace granary::executor {

inline constexpr size_t kSpillPartitions = 16;

// The partition in [0, count) of a row whose key hashes to `hash`, at recursion `level`.
size_t PartitionOf(size_t hash, size_t level, size_t count);

class PartitionSet {
 public:
  PartitionSet(TempFileSpace& space, size_t count) : space_(space), files_(count), writers_(count) {}
  SpillWriter& Writer(size_t partition);
  size_t size() const { return files_.size(); }
  // Flushes every partition and hands over the files (null where nothing was written);
  // adds the bytes written to `disk_bytes`.
  std::vector<std::unique_ptr<TempFile>> Finish(uint64_t& disk_bytes);

 private:
  TempFileSpace& space_;
  std::vector<std::unique_ptr<TempFile>> files_;
  std::vector<std::unique_ptr<SpillWriter>> writers_;
};

}  // namespace granary::executor
