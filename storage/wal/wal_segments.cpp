// WAL segment files (see wal_segments.hpp).
#include "storage/wal/wal_segments.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <memory>

namespace granary::storage {
namespace {

constexpr size_t kSegmentNameLength = 16;
constexpr size_t kZeroChunk = size_t{1} << 20;
constexpr const char* kTemporaryPrefix = "segment.tmp.";

}  // namespace

std::string SegmentFileName(SegmentNumber segment) {
  char name[kSegmentNameLength + 1];
  std::snprintf(name, sizeof(name), "%016" PRIX64, segment);
  return name;
}

std::optional<SegmentNumber> ParseSegmentFileName(const std::string& name) {
  if (name.size() != kSegmentNameLength) return std::nullopt;
  SegmentNumber segment = 0;
  for (char c : name) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    segment = segment * 16 + static_cast<SegmentNumber>(digit);
  }
  return segment;
}

std::string SegmentPath(const std::string& wal_directory, SegmentNumber segment) {
  return wal_directory + "/" + SegmentFileName(segment);
}

std::vector<SegmentNumber> ListSegments(Env& env, const std::string& wal_directory) {
  std::vector<SegmentNumber> segments;
  for (const std::string& name : env.ListDirectory(wal_directory)) {
    if (const std::optional<SegmentNumber> segment = ParseSegmentFileName(name)) {
      segments.push_back(*segment);
    }
  }
  std::sort(segments.begin(), segments.end());
  return segments;
}

void CreateSegment(Env& env, const std::string& wal_directory, SegmentNumber segment) {
  const std::string path = SegmentPath(wal_directory, segment);
  if (env.FileExists(path)) return;
  const std::string temporary = wal_directory + "/" + kTemporaryPrefix + SegmentFileName(segment);
  {
    std::unique_ptr<File> file = env.OpenFile(temporary, true);
    file->Truncate(0);
    const std::vector<std::byte> zeroes(kZeroChunk);
    for (uint64_t offset = 0; offset < kWalSegmentSize; offset += kZeroChunk) {
      file->WriteAt(offset, zeroes);
    }
    file->Sync();
  }
  env.RenameFile(temporary, path);
  env.SyncDirectory(wal_directory);
}

void RemoveTemporarySegments(Env& env, const std::string& wal_directory) {
  for (const std::string& name : env.ListDirectory(wal_directory)) {
    if (name.rfind(kTemporaryPrefix, 0) == 0) env.RemoveFile(wal_directory + "/" + name);
  }
}

}  // namespace granary::storage
