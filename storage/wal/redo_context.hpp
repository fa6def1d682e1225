// RedoContext — what a resource manager's redo function works with during recovery.
//
// Redo is physiological, as PostgreSQL's: a record names the pages it changed, and its change
// is applied to a page only when the page does not have it yet (page LSN < the record's end
// LSN), which makes replaying any stretch of WAL twice harmless. A block reference carrying a
// full-page image is restored whole without reading the page from disk, so a page torn by
// the crash is repaired; a block marked will_init is handed out unread for the redo function
// to rebuild. Records for relation files that no longer exist (dropped or removed later in
// the same WAL) are skipped.
//
// RecoveryState collects what only the end of recovery can act on: each transaction's
// outcome, relation files created by transactions that never finished, the highest xid and
// oid seen.
// Thread-safety: used by the single recovery thread.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage {

struct RecoveryState {
  std::map<Xid, XidStatus> outcomes;                      // from commit and abort records
  std::map<Xid, std::vector<RelFileNumber>> created;      // relation files by creating xid
  std::set<RelFileNumber> missing;                        // referenced, absent, never created
  Xid next_xid = kFirstNormalXid;                         // above every xid seen
  uint32_t next_oid = 0;                                  // above every relfile seen
  uint64_t records = 0;
  uint64_t full_page_images = 0;
  // Blocks a record changes that do not exist or are all zero, skipped (PostgreSQL's
  // invalid-page table): legitimate only when a later truncation (or drop) removes them.
  // Whatever is left at the end of redo is corruption.
  std::set<std::pair<RelFileNumber, BlockNumber>> invalid_pages;

  void SeeXid(Xid xid) {
    if (xid >= next_xid) next_xid = xid + 1;
  }
};

class RedoContext {
 public:
  RedoContext(BufferPool& pool, RecoveryState& state) : pool_(pool), state_(state) {}

  // Prepares block reference `index` of `record`. Returns the page exclusively latched when
  // the redo function must apply the record's change (then call FinishBlock); an empty guard
  // when an image restored it, it already has the change, or its relation file is gone, or
  // the block is beyond the file's end or all zero although the record neither restores nor
  // initialises it — which happens only when a later record truncates the relation (the
  // block is then noted in RecoveryState::invalid_pages until that truncation is replayed).
  // Raises XX001 when a page that must be read fails its checksum.
  PageGuard PrepareBlock(const WalRecord& record, size_t index);
  // Stamps the record's end LSN on the page and marks it dirty.
  static void FinishBlock(PageGuard& guard, const WalRecord& record);

  // Relation files, with the existence cache kept right.
  void CreateRelation(RelFileNumber rel);
  void DropRelation(RelFileNumber rel);
  // Shortens the file to `blocks` if it is longer, dropping the frames beyond; forgets the
  // invalid pages beyond the end.
  void TruncateRelation(RelFileNumber rel, BlockNumber blocks);

  BufferPool& pool() { return pool_; }
  RecoveryState& state() { return state_; }

 private:
  bool RelationExists(RelFileNumber rel);
  void ForgetInvalidPages(RelFileNumber rel, BlockNumber from_block);
  void EnsureBlockExists(RelFileNumber rel, BlockNumber block);

  BufferPool& pool_;
  RecoveryState& state_;
  std::map<RelFileNumber, bool> exists_;  // cache of StorageManager::Exists
};

}  // namespace granary::storage
