// SequenceFile — a sequence's one-page relation file: its parameters and its state
// (PostgreSQL's sequence.c, with the parameters of pg_sequence kept on the page too).
//
// Block 0 of the relation is a page of kind kSequence whose special space holds one
// SequenceData. Every change is logged by a will-init record (sequence_wal.hpp) carrying the
// whole SequenceData to restore, so redo rebuilds the page and needs no full-page image.
//
// Logging ahead (PostgreSQL's SEQ_LOG_VALS): NextValue logs a state 32 values beyond the one
// it hands out and counts them down in log_cnt; only when they are used up, or when the page
// has not been logged since the latest checkpoint's redo point, does it log again. Recovery
// therefore restores a last_value at or beyond every value handed out: a value is never
// handed out twice, while up to 32 values may be skipped after a crash. The log is flushed up
// to each such record before the value is returned, so this holds even when the caller's
// transaction never commits (it may write no commit record at all).
//
// Changes are not transactional: a rolled-back transaction keeps the values it took.
// Thread-safety: thread-safe; every operation holds the page's exclusive latch while it reads,
// changes and logs the page, so concurrent NextValue calls return distinct values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage {

// The parameters of CREATE/ALTER SEQUENCE, already validated (catalog-independent: `type_bytes`
// is 2, 4 or 8 for smallint, integer, bigint).
struct SequenceOptions {
  uint8_t type_bytes = 8;
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min_value = 1;
  int64_t max_value = INT64_MAX;
  int64_t cache = 1;
  bool cycle = false;
  // OWNED BY: the table (oid) and column (1-based) the sequence belongs to, dropped with them;
  // 0 when none. Kept here rather than in a pg_depend catalog (sequence/README.md).
  uint32_t owner_relation = 0;
  uint16_t owner_column = 0;
};

// What `SELECT * FROM seq` shows.
struct SequenceState {
  int64_t last_value = 1;
  int64_t log_cnt = 0;
  bool is_called = false;
};

// Values logged ahead per WAL record (PostgreSQL's SEQ_LOG_VALS).
inline constexpr int64_t kSequenceLogValues = 32;

class SequenceFile {
 public:
  // `name` is the sequence's name as error messages show it.
  SequenceFile(BufferPool& pool, RelFileNumber rel, std::string name);

  // Writes block 0 of a new, empty relation file: the options and the state
  // (last_value = start, not called). `xid` is the creating transaction's.
  void Create(const SequenceOptions& options, Xid xid);

  SequenceOptions ReadOptions();
  SequenceState ReadState();

  // nextval. Raises 2200H when the sequence is exhausted and does not cycle
  // ("nextval: reached maximum value of sequence \"s\" (N)").
  int64_t NextValue();
  // setval: the caller has checked the value against the bounds (22003).
  void SetValue(int64_t value, bool is_called);
  // ALTER SEQUENCE: new options; with `restart`, last_value = *restart, not called.
  void Alter(const SequenceOptions& options, std::optional<int64_t> restart);

 private:
  BufferPool& pool_;
  RelFileNumber rel_;
  std::string name_;
};

}  // namespace granary::storage
