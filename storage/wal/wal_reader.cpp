// WalReader: sequential reading with a read-ahead buffer (PostgreSQL's xlogreader.c, without
// page headers: validity comes from the CRC and the previous-record link alone).
#include "storage/wal/wal_reader.hpp"

#include <algorithm>
#include <cstring>

namespace granary::storage {
namespace {

constexpr size_t kReadAhead = size_t{256} << 10;

}  // namespace

WalReader::WalReader(Env& env, std::string wal_directory, Lsn start, Lsn previous_lsn)
    : env_(env), directory_(std::move(wal_directory)), position_(start), previous_(previous_lsn) {}

bool WalReader::Fill(Lsn lsn) {
  const SegmentNumber segment = SegmentOf(lsn);
  if (!open_file_ || open_segment_ != segment) {
    open_file_.reset();
    const std::string path = SegmentPath(directory_, segment);
    if (!env_.FileExists(path)) return false;
    open_file_ = env_.OpenFile(path, false);
    open_segment_ = segment;
  }
  const uint64_t offset = SegmentOffset(lsn);
  const size_t want = static_cast<size_t>(std::min<uint64_t>(kReadAhead, kWalSegmentSize - offset));
  buffer_.resize(want);
  buffer_.resize(open_file_->ReadAt(offset, buffer_));
  buffer_lsn_ = lsn;
  return !buffer_.empty();
}

size_t WalReader::ReadBytes(Lsn lsn, std::byte* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    const Lsn at = lsn + done;
    if (at < buffer_lsn_ || at >= buffer_lsn_ + buffer_.size()) {
      if (!Fill(at)) break;
    }
    const size_t available = static_cast<size_t>(buffer_lsn_ + buffer_.size() - at);
    const size_t take = std::min(available, size - done);
    std::memcpy(out + done, buffer_.data() + (at - buffer_lsn_), take);
    done += take;
  }
  return done;
}

std::optional<WalRecord> WalReader::Stop(std::string reason, bool clean) {
  stopped_ = true;
  end_reason_ = std::move(reason);
  clean_end_ = clean;
  return std::nullopt;
}

std::optional<WalRecord> WalReader::Next() {
  if (stopped_) return std::nullopt;
  const std::string where = FormatLsn(position_);
  std::byte header[kWalRecordHeaderSize];
  const size_t got = ReadBytes(position_, header, sizeof(header));
  if (got == 0) return Stop("no record at " + where + " (end of the WAL files)", true);
  if (got < sizeof(header)) {
    const bool zero = std::all_of(header, header + got, [](std::byte b) { return b == std::byte{0}; });
    return Stop(zero ? "no record at " + where : "record at " + where + " is incomplete", zero);
  }
  const uint32_t length = WalRecordLength(header);
  if (length == 0) {
    const bool zero = std::all_of(header, header + sizeof(header), [](std::byte b) { return b == std::byte{0}; });
    return Stop(zero ? "no record at " + where : "invalid record length 0 at " + where, zero);
  }
  if (length < kWalRecordHeaderSize || length > kMaxWalRecordLength) {
    return Stop("invalid record length " + std::to_string(length) + " at " + where, false);
  }
  std::vector<std::byte> bytes(length);
  std::memcpy(bytes.data(), header, sizeof(header));
  if (ReadBytes(position_ + sizeof(header), bytes.data() + sizeof(header), length - sizeof(header)) !=
      length - sizeof(header)) {
    return Stop("record at " + where + " is incomplete", false);
  }
  std::string problem;
  std::optional<WalRecord> record = DecodeWalRecord(std::move(bytes), position_, &problem);
  if (!record) return Stop(problem + " at " + where, false);
  if (previous_ != kInvalidLsn && record->prev_lsn != previous_) {
    return Stop("record at " + where + " has wrong previous-record link " +
                    FormatLsn(record->prev_lsn) + ", expected " + FormatLsn(previous_),
                false);
  }
  previous_ = record->lsn;
  position_ = record->end_lsn;
  return record;
}

}  // namespace granary::storage
