// WalReader — reads the log sequentially from an LSN, record by record.
//
// The end of the valid log is the first position that does not hold a whole, intact record
// chained to the one before it: all-zero bytes (never written), a file that is missing or
// ends early, an impossible length, a CRC mismatch, or a previous-record link that does not
// point at the record just read (a stale record left by an earlier use of a recycled
// segment). Reading stops there cleanly and end_reason() says which case it was, with the
// LSN; recovery logs it. Nothing after that point is ever trusted.
// Thread-safety: one thread per reader.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/env/env.hpp"
#include "storage/wal/wal_record.hpp"
#include "storage/wal/wal_segments.hpp"

namespace granary::storage {

class WalReader {
 public:
  // `previous_lsn` is the start of the record before `start` when known (0: do not check the
  // first record's link).
  WalReader(Env& env, std::string wal_directory, Lsn start, Lsn previous_lsn = kInvalidLsn);

  // The next record, or nullopt at the end of the valid log.
  std::optional<WalRecord> Next();

  Lsn end_lsn() const { return position_; }  // where the next (or first invalid) record starts
  Lsn last_record_lsn() const { return previous_; }
  // Why reading stopped ("no record at 0/1000A8" for a clean end).
  const std::string& end_reason() const { return end_reason_; }
  // True when reading stopped at zeroes or at the end of the files (a clean end), false for
  // damage: a bad length, checksum or link, or a record cut short.
  bool clean_end() const { return clean_end_; }

 private:
  // Reads bytes at `lsn` across segment files; returns how many were available.
  size_t ReadBytes(Lsn lsn, std::byte* out, size_t size);
  bool Fill(Lsn lsn);
  std::optional<WalRecord> Stop(std::string reason, bool clean);

  Env& env_;
  std::string directory_;
  Lsn position_;
  Lsn previous_;
  std::string end_reason_;
  bool clean_end_ = true;
  bool stopped_ = false;

  SegmentNumber open_segment_ = 0;
  std::unique_ptr<File> open_file_;
  std::vector<std::byte> buffer_;  // read-ahead: bytes [buffer_lsn_, buffer_lsn_ + size)
  Lsn buffer_lsn_ = 0;
};

}  // namespace granary::storage
