// WAL segment files: naming, listing and creation.
//
// The log is cut into kWalSegmentSize files in DIR/wal/, named by segment number in 16 hex
// digits (`0000000000000001` holds LSNs [16 MiB, 32 MiB)). A segment is created zero-filled
// under a temporary name, fsynced, renamed into place and the directory fsynced, so a segment
// file that exists under its real name is always full length (PostgreSQL's XLogFileInit).
// Thread-safety: free functions; callers serialise creation and removal of one directory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/env/env.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage {

using SegmentNumber = uint64_t;

inline SegmentNumber SegmentOf(Lsn lsn) { return lsn / kWalSegmentSize; }
inline uint64_t SegmentOffset(Lsn lsn) { return lsn % kWalSegmentSize; }

std::string SegmentFileName(SegmentNumber segment);
std::optional<SegmentNumber> ParseSegmentFileName(const std::string& name);
std::string SegmentPath(const std::string& wal_directory, SegmentNumber segment);

// Segment numbers present in the directory, ascending. Other files are ignored.
std::vector<SegmentNumber> ListSegments(Env& env, const std::string& wal_directory);

// Creates the zero-filled segment unless it exists. Raises 58030 on I/O failure.
void CreateSegment(Env& env, const std::string& wal_directory, SegmentNumber segment);

// Removes leftover temporary files of interrupted CreateSegment calls.
void RemoveTemporarySegments(Env& env, const std::string& wal_directory);

}  // namespace granary::storage
