// Sequence WAL records and the sequence page layout (see sequence_wal.hpp).
#include "storage/sequence/sequence_wal.hpp"

#include <cstring>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_bytes.hpp"

namespace granary::storage::sequence_wal {
namespace {

// The special space: options then state, little endian, as in the record's main data.
constexpr size_t kDataSize = 1 + 5 * 8 + 1 + 4 + 2 + 2 * 8 + 1;

void Encode(const SequenceOptions& options, const SequenceState& state, std::vector<std::byte>& out) {
  ByteWriter writer(out);
  writer.U8(options.type_bytes);
  writer.U64(static_cast<uint64_t>(options.start));
  writer.U64(static_cast<uint64_t>(options.increment));
  writer.U64(static_cast<uint64_t>(options.min_value));
  writer.U64(static_cast<uint64_t>(options.max_value));
  writer.U64(static_cast<uint64_t>(options.cache));
  writer.U8(options.cycle ? 1 : 0);
  writer.U32(options.owner_relation);
  writer.U16(options.owner_column);
  writer.U64(static_cast<uint64_t>(state.last_value));
  writer.U64(static_cast<uint64_t>(state.log_cnt));
  writer.U8(state.is_called ? 1 : 0);
}

void Decode(std::span<const std::byte> bytes, SequenceOptions& options, SequenceState& state) {
  ByteReader reader(bytes, "sequence data");
  options.type_bytes = reader.U8();
  options.start = static_cast<int64_t>(reader.U64());
  options.increment = static_cast<int64_t>(reader.U64());
  options.min_value = static_cast<int64_t>(reader.U64());
  options.max_value = static_cast<int64_t>(reader.U64());
  options.cache = static_cast<int64_t>(reader.U64());
  options.cycle = reader.U8() != 0;
  options.owner_relation = reader.U32();
  options.owner_column = reader.U16();
  state.last_value = static_cast<int64_t>(reader.U64());
  state.log_cnt = static_cast<int64_t>(reader.U64());
  state.is_called = reader.U8() != 0;
  reader.ExpectEnd();
}

}  // namespace

std::vector<std::byte> LogPayload(const SequenceOptions& options, const SequenceState& state) {
  std::vector<std::byte> out;
  Encode(options, state, out);
  return out;
}

void WritePage(Page page, const SequenceOptions& options, const SequenceState& state) {
  if (page.kind() != PageKind::kSequence || page.Special().size() < kDataSize) {
    page.Init(PageKind::kSequence, kDataSize);
  }
  std::vector<std::byte> bytes;
  Encode(options, state, bytes);
  std::memcpy(page.Special().data(), bytes.data(), bytes.size());
}

void ReadPage(const Page& page, SequenceOptions& options, SequenceState& state) {
  Page view = page;
  if (view.kind() != PageKind::kSequence || view.Special().size() < kDataSize) {
    throw Error(sqlstate::kDataCorrupted, "invalid sequence page");
  }
  Decode(view.Special().first(kDataSize), options, state);
}

void Redo(RedoContext& context, const WalRecord& record) {
  if (record.info != kLog) {
    throw Error(sqlstate::kDataCorrupted, "unknown sequence record kind " + std::to_string(record.info));
  }
  SequenceOptions options;
  SequenceState state;
  Decode(record.main, options, state);
  PageGuard guard = context.PrepareBlock(record, 0);
  if (!guard) return;
  Page page = guard.page();
  page.Init(PageKind::kSequence, kDataSize);  // will-init: whatever was there is replaced
  WritePage(page, options, state);
  RedoContext::FinishBlock(guard, record);
}

std::string Describe(const WalRecord& record) {
  SequenceOptions options;
  SequenceState state;
  Decode(record.main, options, state);
  const std::string rel = record.blocks.empty() ? "?" : std::to_string(record.blocks[0].rel);
  return "LOG rel " + rel + " last_value " + std::to_string(state.last_value) + " log_cnt " +
         std::to_string(state.log_cnt) + (state.is_called ? " called" : " not called");
}

}  // namespace granary::storage::sequence_wal
