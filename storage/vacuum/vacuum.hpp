// VacuumRelation — reclaims the space of dead tuples in one table and its B-tree indexes
// (PostgreSQL's lazy vacuum, vacuumlazy.c, without the visibility map, freezing or HOT).
//
// A tuple is dead when its inserter aborted, or its deleter committed below the removal
// horizon, TransactionManager::OldestXmin(), taken once at the start. The order of the
// passes is what makes it safe:
//   1. Prune: each heap page in turn, under its exclusive latch, loses the storage of its dead
//      tuples; their ItemIds become *dead*, so the tuple ids stay taken (no insert can get
//      them) while index entries still point at them. Each page change is one kPrune record.
//   2. Index pass: every B-tree index of the table drops the entries pointing at those tuple
//      ids (BTree::BulkDelete, kVacuumLeaf records).
//   3. Reclaim: only then do the dead ItemIds become unused (kVacuum records) and their pages'
//      free space goes to the free space map, for inserts to reuse.
//   4. Truncate: empty pages at the end of the file are cut off (relation_wal::
//      TruncateRelation: logged and flushed, frames dropped, then the file shortened).
// A table without indexes makes dead tuples unused in pass 1 directly. A crash (or a stop)
// anywhere leaves dead ItemIds that the next vacuum finds in pass 1 and finishes, since index
// removal is idempotent. When the dead tuple ids outgrow `max_dead_tuples`, passes 2-3 run
// early and pass 1 goes on (PostgreSQL's maintenance_work_mem cycles).
//
// Concurrency: heap and index pages are changed only under their exclusive latches, one page
// at a time, so concurrent statements are safe at page level. What vacuum needs besides is a
// table lock that keeps DDL (DROP TABLE, CREATE INDEX) out: ShareUpdateExclusiveLock, and for
// the truncation a conditionally taken AccessExclusiveLock (concurrent scans must not be
// running past the new end). The caller takes the first (engine/vacuum_command.cpp) and
// supplies the second through VacuumOptions::lock_for_truncation.
// Thread-safety: VacuumRelation may run concurrently with DML on the same table (see above).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/txn/transaction_manager.hpp"

namespace granary::storage {

struct VacuumTarget {
  RelFileNumber heap = 0;
  struct Index {
    RelFileNumber rel = 0;
    std::string name;
  };
  std::vector<Index> indexes;
};

struct VacuumOptions {
  bool truncate = true;
  // Called before empty tail pages are cut off: takes the table's AccessExclusiveLock if it
  // is free at once (the caller's lock owner keeps it to the end of its transaction); false
  // skips the truncation, as PostgreSQL's lazy_truncate_heap gives up. Unset: no locking.
  std::function<bool()> lock_for_truncation;
  // Checked between pages: when it returns true vacuum stops at once, leaving a consistent
  // table (autovacuum at shutdown).
  std::function<bool()> should_stop;
  // Dead tuple ids collected before an index pass is forced (PostgreSQL's
  // maintenance_work_mem / 6 bytes).
  size_t max_dead_tuples = size_t{1} << 20;
};

struct VacuumReport {
  Xid horizon = kInvalidXid;
  BlockNumber pages_before = 0;
  BlockNumber pages_after = 0;       // after truncation
  BlockNumber pages_truncated = 0;
  size_t tuples_removed = 0;         // dead tuples whose storage was reclaimed
  size_t tuples_live = 0;            // tuples kept (live, or being inserted/deleted)
  size_t tuples_recently_dead = 0;   // deleted but maybe visible to a running snapshot
  size_t dead_item_ids = 0;          // ItemIds made unused after the index pass
  size_t index_passes = 0;
  std::vector<size_t> index_entries_removed;  // per index, in VacuumTarget order
  bool stopped = false;              // should_stop ended it early
};

// Vacuums one table (see above). Raises what the buffer pool and the WAL raise.
VacuumReport VacuumRelation(BufferPool& pool, TransactionManager& transactions,
                            const VacuumTarget& target, const VacuumOptions& options = {});

}  // namespace granary::storage
