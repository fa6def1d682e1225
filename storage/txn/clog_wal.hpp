// Commit log WAL records and their redo.
//
//   kZeroPage   block reference (will_init), no main data: a new commit log page
//   kSetStatus  block reference (will_init when the page was new), main: xid u64, status u8
// A status is logged when it is set, under the page's exclusive latch, like any page change:
// so commit log pages get full-page images and WAL-before-data like heap pages. (The commit
// record itself, in xact_wal.hpp, is what makes a transaction committed; its redo sets the
// status as well, at the end of recovery.)
#pragma once

#include <string>
#include <vector>

#include "storage/txn/xid.hpp"

namespace granary::storage {

class RedoContext;
struct WalRecord;

namespace clog_wal {

inline constexpr uint8_t kZeroPage = 0x00;
inline constexpr uint8_t kSetStatus = 0x10;

std::vector<std::byte> SetStatusPayload(Xid xid, XidStatus status);

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace clog_wal
}  // namespace granary::storage
