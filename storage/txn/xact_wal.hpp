// Transaction WAL records: commit and abort (PostgreSQL's xl_xact_commit / xl_xact_abort).
//
//   kCommit  main: commit time u64 (microseconds since 1970), count u32, relfile u32 x count:
//            the relation files the transaction dropped, which its redo removes too
//            then count u32, xid u64 x count: the subtransactions committing with it
//   kAbort   same layout: the relation files the transaction created, which redo removes, and
//            the subtransactions aborting with it
// The record's xid is the transaction's. A commit record on disk is what makes a transaction
// committed: recovery applies its outcome to the commit log after replaying everything,
// since the status update logged later (clog_wal.hpp) may be missing from the log.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "storage/buffer/storage_manager.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage {

class RedoContext;
struct WalRecord;

namespace xact_wal {

inline constexpr uint8_t kCommit = 0x00;
inline constexpr uint8_t kAbort = 0x10;

std::vector<std::byte> Payload(std::span<const RelFileNumber> files,
                               std::span<const Xid> children = {});

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace xact_wal
}  // namespace granary::storage
