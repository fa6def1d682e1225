// SequenceFile: nextval/setval/ALTER on the one-page sequence relation (see sequence_file.hpp).
#include "storage/sequence/sequence_file.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/sequence/sequence_wal.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary::storage {
namespace {

constexpr BlockNumber kSequenceBlock = 0;

// Makes the log durable up to `lsn` (after the latch is released): a value may only be
// returned once the record covering it can no longer be lost.
void FlushTo(BufferPool& pool, uint64_t lsn) {
  WalWriter* wal = pool.wal();
  if (wal != nullptr && lsn != 0 && wal->flushed_lsn() < lsn) wal->Flush(lsn);
}

}  // namespace

SequenceFile::SequenceFile(BufferPool& pool, RelFileNumber rel, std::string name)
    : pool_(pool), rel_(rel), name_(std::move(name)) {}

void SequenceFile::Create(const SequenceOptions& options, Xid xid) {
  PageGuard guard = pool_.Extend(rel_, PageKind::kSequence);
  if (guard.block() != kSequenceBlock) {
    throw Error(sqlstate::kInternalError, "sequence \"" + name_ + "\" already has a page");
  }
  SequenceState state;
  state.last_value = options.start;
  sequence_wal::WritePage(guard.page(), options, state);
  const std::vector<std::byte> payload = sequence_wal::LogPayload(options, state);
  const uint64_t lsn = guard.LogChange(ResourceManager::kSequence, sequence_wal::kLog, xid, payload,
                                       /*will_init=*/true);
  guard.Release();
  FlushTo(pool_, lsn);
}

SequenceOptions SequenceFile::ReadOptions() {
  PageGuard guard = pool_.Fetch(rel_, kSequenceBlock, LatchMode::kShared);
  SequenceOptions options;
  SequenceState state;
  sequence_wal::ReadPage(guard.page(), options, state);
  return options;
}

SequenceState SequenceFile::ReadState() {
  PageGuard guard = pool_.Fetch(rel_, kSequenceBlock, LatchMode::kShared);
  SequenceOptions options;
  SequenceState state;
  sequence_wal::ReadPage(guard.page(), options, state);
  return state;
}

// PostgreSQL's nextval_internal with a cache of one value per call.
int64_t SequenceFile::NextValue() {
  PageGuard guard = pool_.Fetch(rel_, kSequenceBlock, LatchMode::kExclusive);
  SequenceOptions options;
  SequenceState state;
  sequence_wal::ReadPage(guard.page(), options, state);
  const int64_t increment = options.increment;
  const int64_t max_value = options.max_value;
  const int64_t min_value = options.min_value;
  int64_t last = state.last_value;
  int64_t next = last;
  int64_t result = last;
  int64_t log = state.log_cnt;
  int64_t fetch = 1;
  int64_t returned = 0;
  if (!state.is_called) {
    ++returned;  // last_value itself is the value to return
    --fetch;
  }
  bool log_it = false;
  WalWriter* wal = pool_.wal();
  if (log < fetch || !state.is_called ||
      (wal != nullptr && guard.page().lsn() <= wal->redo_lsn())) {
    // Log ahead; also when the page's last record precedes the latest checkpoint's redo
    // point, since recovery would otherwise restore the page as that checkpoint wrote it.
    fetch = log = fetch + kSequenceLogValues;
    log_it = true;
  }
  while (fetch > 0) {
    if (increment > 0) {
      if ((max_value >= 0 && next > max_value - increment) ||
          (max_value < 0 && next + increment > max_value)) {
        if (returned > 0) break;  // stop logging ahead at the end of the range
        if (!options.cycle) {
          throw Error(sqlstate::kSequenceGeneratorLimitExceeded,
                      "nextval: reached maximum value of sequence \"" + name_ + "\" (" +
                          std::to_string(max_value) + ")");
        }
        next = min_value;
      } else {
        next += increment;
      }
    } else {
      if ((min_value < 0 && next < min_value - increment) ||
          (min_value >= 0 && next + increment < min_value)) {
        if (returned > 0) break;
        if (!options.cycle) {
          throw Error(sqlstate::kSequenceGeneratorLimitExceeded,
                      "nextval: reached minimum value of sequence \"" + name_ + "\" (" +
                          std::to_string(min_value) + ")");
        }
        next = max_value;
      } else {
        next += increment;
      }
    }
    --fetch;
    if (returned < 1) {
      --log;
      ++returned;
      last = next;
      result = next;
    }
  }
  log -= fetch;  // values not fetched ahead at the end of the range
  const SequenceState new_state{last, log, true};
  sequence_wal::WritePage(guard.page(), options, new_state);
  uint64_t lsn = guard.page().lsn();
  if (log_it) {
    // What recovery restores: the last value fetched ahead, as already called.
    const SequenceState logged{next, 0, true};
    lsn = guard.LogChange(ResourceManager::kSequence, sequence_wal::kLog, kInvalidXid,
                          sequence_wal::LogPayload(options, logged), /*will_init=*/true);
  } else {
    guard.MarkDirty();  // covered by the record that logged ahead
  }
  guard.Release();
  FlushTo(pool_, lsn);
  return result;
}

void SequenceFile::SetValue(int64_t value, bool is_called) {
  PageGuard guard = pool_.Fetch(rel_, kSequenceBlock, LatchMode::kExclusive);
  SequenceOptions options;
  SequenceState state;
  sequence_wal::ReadPage(guard.page(), options, state);
  const SequenceState new_state{value, 0, is_called};
  sequence_wal::WritePage(guard.page(), options, new_state);
  const uint64_t lsn = guard.LogChange(ResourceManager::kSequence, sequence_wal::kLog, kInvalidXid,
                                       sequence_wal::LogPayload(options, new_state), true);
  guard.Release();
  FlushTo(pool_, lsn);
}

void SequenceFile::Alter(const SequenceOptions& options, std::optional<int64_t> restart) {
  PageGuard guard = pool_.Fetch(rel_, kSequenceBlock, LatchMode::kExclusive);
  SequenceOptions old_options;
  SequenceState state;
  sequence_wal::ReadPage(guard.page(), old_options, state);
  if (restart) state = SequenceState{*restart, 0, false};
  state.log_cnt = 0;
  sequence_wal::WritePage(guard.page(), options, state);
  const uint64_t lsn = guard.LogChange(ResourceManager::kSequence, sequence_wal::kLog, kInvalidXid,
                                       sequence_wal::LogPayload(options, state), true);
  guard.Release();
  FlushTo(pool_, lsn);
}

}  // namespace granary::storage
