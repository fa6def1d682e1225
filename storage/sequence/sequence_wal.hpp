// Sequence WAL records (PostgreSQL's XLOG_SEQ_LOG).
//
//   kLog  one block reference (block 0 of the sequence, will-init); main: the page content
//         to restore — options (type bytes u8; start, increment, min, max, cache u64 each;
//         cycle u8; owner relation u32, owner column u16), then the state (last_value u64,
//         log_cnt u64, is_called u8). Redo formats the page and writes it.
// The record's xid is 0 except at creation: sequence changes belong to no transaction.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "storage/page/page.hpp"
#include "storage/sequence/sequence_file.hpp"

namespace granary::storage {

class RedoContext;
struct WalRecord;

namespace sequence_wal {

inline constexpr uint8_t kLog = 0x00;

std::vector<std::byte> LogPayload(const SequenceOptions& options, const SequenceState& state);
// Formats `page` as a sequence page holding `options` and `state`.
void WritePage(Page page, const SequenceOptions& options, const SequenceState& state);
// Reads a sequence page; XX001 when it is not one.
void ReadPage(const Page& page, SequenceOptions& options, SequenceState& state);

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace sequence_wal
}  // namespace granary::storage
