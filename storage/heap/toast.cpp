// TOAST: the toasting policy, chunk storage and retrieval (format and rules in toast.hpp).
#include "storage/heap/toast.hpp"

#include "types/array.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/row_codec.hpp"
#include "storage/heap/toast_compression.hpp"
#include "types/varlena_limits.hpp"

namespace granary::storage {
namespace {

using types::TypeId;
using types::Value;

constexpr size_t kLengthWordSize = 4;
constexpr size_t kMinimumCompressible = 32;
constexpr uint8_t kPointerCompressed = 0x01;

const std::vector<types::Type>& ChunkColumnTypes() {
  static const std::vector<types::Type> types = {{TypeId::kInt8, -1},
                                                 {TypeId::kInt4, -1},
                                                 {TypeId::kTid, -1},
                                                 {TypeId::kBytea, -1}};
  return types;
}

void AppendLittleEndian(std::string& out, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint64_t ReadLittleEndian(std::span<const std::byte> bytes, size_t offset, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value |= std::to_integer<uint64_t>(bytes[offset + i]) << (8 * i);
  return value;
}

std::string LengthWord(uint32_t flags, size_t length) {
  std::string word;
  AppendLittleEndian(word, flags | static_cast<uint32_t>(length), kLengthWordSize);
  return word;
}

// A value id unique within a toast relation: the inserting transaction's xid and a counter.
// Chunks are reached by tuple id; the id only lets a reader check that a chunk belongs to
// the value, so 2^20 values per transaction before the counter repeats is plenty.
uint64_t NextValueId(Xid xid) {
  static std::atomic<uint64_t> counter{0};
  return (xid << 20) | (counter.fetch_add(1, std::memory_order_relaxed) & 0xFFFFF);
}

std::string RelationName(RelFileNumber rel) { return "relation base/" + std::to_string(rel); }

// A candidate for toasting: one text/varchar/bytea column of the row.
struct Candidate {
  size_t column;
  size_t size;           // bytes it takes in the row now, length word included
  bool compressed = false;
  bool tried_compression = false;
  std::string payload;   // compressed bytes when `compressed`
};

}  // namespace

uint32_t ToastPointer::ChunkCount() const {
  return static_cast<uint32_t>((stored_size + kToastChunkSize - 1) / kToastChunkSize);
}

std::string ToastPointer::Serialize() const {
  std::string out;
  out.reserve(kToastPointerSize);
  out.push_back(static_cast<char>(compressed ? kPointerCompressed : 0));
  AppendLittleEndian(out, raw_size, 4);
  AppendLittleEndian(out, stored_size, 4);
  AppendLittleEndian(out, toast_rel, 4);
  AppendLittleEndian(out, value_id, 8);
  AppendLittleEndian(out, first_chunk.block, 4);
  AppendLittleEndian(out, first_chunk.slot, 2);
  return out;
}

ToastPointer ToastPointer::Parse(std::span<const std::byte> payload) {
  if (payload.size() != kToastPointerSize ||
      (std::to_integer<uint8_t>(payload[0]) & ~kPointerCompressed) != 0) {
    throw Error(sqlstate::kDataCorrupted,
                "invalid out-of-line value pointer of " + std::to_string(payload.size()) + " bytes");
  }
  ToastPointer pointer;
  pointer.compressed = (std::to_integer<uint8_t>(payload[0]) & kPointerCompressed) != 0;
  pointer.raw_size = static_cast<uint32_t>(ReadLittleEndian(payload, 1, 4));
  pointer.stored_size = static_cast<uint32_t>(ReadLittleEndian(payload, 5, 4));
  pointer.toast_rel = static_cast<RelFileNumber>(ReadLittleEndian(payload, 9, 4));
  pointer.value_id = ReadLittleEndian(payload, 13, 8);
  pointer.first_chunk.block = static_cast<BlockNumber>(ReadLittleEndian(payload, 21, 4));
  pointer.first_chunk.slot = static_cast<SlotNumber>(ReadLittleEndian(payload, 25, 2));
  if (pointer.raw_size > types::kMaxValueBytes || pointer.stored_size > types::kMaxValueBytes ||
      (!pointer.compressed && pointer.stored_size != pointer.raw_size)) {
    throw Error(sqlstate::kDataCorrupted, "invalid out-of-line value pointer: sizes " +
                                              std::to_string(pointer.raw_size) + " and " +
                                              std::to_string(pointer.stored_size));
  }
  return pointer;
}

ToastPointer StoreExternalValue(BufferPool& pool, RelFileNumber toast_rel, std::string_view stored,
                                bool compressed, uint32_t raw_size, Xid xid, CommandId cid) {
  ToastPointer pointer;
  pointer.compressed = compressed;
  pointer.raw_size = raw_size;
  pointer.stored_size = static_cast<uint32_t>(stored.size());
  pointer.toast_rel = toast_rel;
  pointer.value_id = NextValueId(xid);
  HeapFile toast(pool, toast_rel);
  const uint32_t chunks = pointer.ChunkCount();
  TupleId next;  // invalid: the last chunk has no successor
  std::vector<Value> row(kToastAttributeCount);
  std::string bytes;
  // Last chunk first, so that every chunk can name its successor.
  for (uint32_t seq = chunks; seq-- > 0;) {
    const size_t offset = static_cast<size_t>(seq) * kToastChunkSize;
    row[0] = Value::Int8(static_cast<int64_t>(pointer.value_id));
    row[1] = Value::Int4(seq);
    row[2] = Value::Tid(next.block, next.slot);
    row[3] = Value::Bytea(std::string(stored.substr(offset, kToastChunkSize)));
    bytes.clear();
    EncodeRow(row, bytes);
    next = toast.Insert(std::as_bytes(std::span(bytes)), kToastAttributeCount, xid, cid);
  }
  pointer.first_chunk = next;
  return pointer;
}

namespace {

// Walks the chunks of `pointer`, calling `visit(tid, chunk_data)` for each in order; XX001 on
// any chunk that is missing or does not belong where it is.
template <typename Visit>
void WalkChunks(HeapFile& toast, const ToastPointer& pointer, Visit&& visit) {
  const uint32_t chunks = pointer.ChunkCount();
  const std::string where = RelationName(pointer.toast_rel);
  TupleId tid = pointer.first_chunk;
  HeapTuple tuple;
  std::vector<Value> row;
  for (uint32_t seq = 0; seq < chunks; ++seq) {
    if (tid.block == kInvalidBlock || !toast.Fetch(tid, tuple)) {
      throw Error(sqlstate::kDataCorrupted, "missing chunk number " + std::to_string(seq) +
                                                " for toast value " +
                                                std::to_string(pointer.value_id) + " in " + where);
    }
    if (tuple.header.attribute_count != kToastAttributeCount) {
      throw Error(sqlstate::kDataCorrupted, "tuple (" + std::to_string(tid.block) + "," +
                                                std::to_string(tid.slot) + ") of " + where +
                                                " is not a toast chunk");
    }
    DecodeRow(std::as_bytes(std::span(tuple.data)), ChunkColumnTypes(), row);
    if (row[0].is_null() || row[1].is_null() || row[2].is_null() || row[3].is_null() ||
        static_cast<uint64_t>(row[0].AsInt()) != pointer.value_id) {
      throw Error(sqlstate::kDataCorrupted, "missing chunk number " + std::to_string(seq) +
                                                " for toast value " +
                                                std::to_string(pointer.value_id) + " in " + where);
    }
    if (row[1].AsInt() != seq) {
      throw Error(sqlstate::kDataCorrupted,
                  "unexpected chunk number " + std::to_string(row[1].AsInt()) + " (expected " +
                      std::to_string(seq) + ") for toast value " +
                      std::to_string(pointer.value_id) + " in " + where);
    }
    const size_t expected = seq + 1 < chunks
                                ? kToastChunkSize
                                : pointer.stored_size - static_cast<size_t>(seq) * kToastChunkSize;
    const std::string& data = row[3].AsString();
    if (data.size() != expected) {
      throw Error(sqlstate::kDataCorrupted,
                  "unexpected chunk size " + std::to_string(data.size()) + " (expected " +
                      std::to_string(expected) + ") in chunk " + std::to_string(seq) + " of " +
                      std::to_string(chunks) + " for toast value " +
                      std::to_string(pointer.value_id) + " in " + where);
    }
    visit(tid, data);
    const auto next = static_cast<uint64_t>(row[2].AsInt());
    tid = TupleId{static_cast<BlockNumber>(next >> 16), static_cast<SlotNumber>(next & 0xFFFF)};
  }
  if (tid.block != kInvalidBlock) {
    throw Error(sqlstate::kDataCorrupted, "toast value " + std::to_string(pointer.value_id) +
                                              " in " + where + " has more chunks than its " +
                                              std::to_string(chunks));
  }
}

}  // namespace

std::string FetchExternalValue(BufferPool& pool, std::span<const std::byte> pointer_payload) {
  const ToastPointer pointer = ToastPointer::Parse(pointer_payload);
  HeapFile toast(pool, pointer.toast_rel);
  std::string stored;
  stored.reserve(pointer.stored_size);
  WalkChunks(toast, pointer, [&](TupleId, const std::string& data) { stored += data; });
  if (!pointer.compressed) return stored;
  return DecompressValue(std::as_bytes(std::span(stored)), pointer.raw_size);
}

std::string DecompressInlineValue(std::span<const std::byte> payload) {
  if (payload.size() < 4) throw Error(sqlstate::kDataCorrupted, "compressed data is corrupted");
  const auto raw_size = static_cast<size_t>(ReadLittleEndian(payload, 0, 4));
  if (raw_size > types::kMaxValueBytes) {
    throw Error(sqlstate::kDataCorrupted, "compressed data is corrupted");
  }
  return DecompressValue(payload.subspan(4), raw_size);
}

void DeleteExternalValues(HeapFile& heap, TupleId tid, uint16_t tuple_flags,
                          const std::vector<types::Type>& column_types, Xid xid, CommandId cid) {
  if ((tuple_flags & kTupleHasExternal) == 0) return;
  HeapTuple tuple;
  if (!heap.Fetch(tid, tuple)) return;
  for (const std::span<const std::byte> payload :
       ExternalPointers(std::as_bytes(std::span(tuple.data)), column_types,
                        tuple.header.attribute_count)) {
    const ToastPointer pointer = ToastPointer::Parse(payload);
    HeapFile toast(heap.pool(), pointer.toast_rel);
    std::vector<TupleId> chunks;
    chunks.reserve(pointer.ChunkCount());
    WalkChunks(toast, pointer, [&](TupleId chunk, const std::string&) { chunks.push_back(chunk); });
    for (const TupleId chunk : chunks) toast.MarkDeleted(chunk, xid, cid);
  }
}

StoredRow EncodeRowForStorage(const std::vector<Value>& row, BufferPool& pool,
                              RelFileNumber toast_rel, Xid xid, CommandId cid) {
  // An array is stored as its binary form in a varlena, exactly as a bytea holding those
  // bytes would be, so arrays are compressed and moved out of line like any string.
  std::vector<Value> with_arrays_serialized;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i].is_null() || !types::IsArray(row[i].type())) continue;
    if (with_arrays_serialized.empty()) with_arrays_serialized = row;
    std::string bytes;
    types::AppendArrayBinary(row[i], bytes);
    with_arrays_serialized[i] = Value::Bytea(std::move(bytes));
  }
  const std::vector<Value>& values = with_arrays_serialized.empty() ? row : with_arrays_serialized;
  StoredRow stored;
  // The common case, a row of small values, costs one pass to add up the string sizes and
  // the encoding it needs anyway.
  size_t toastable_bytes = 0;
  for (const Value& value : values) {
    if (!value.is_null() && types::IsToastable(value.type())) {
      types::CheckValueSize(value.AsString().size());
      toastable_bytes += value.AsString().size();
    }
  }
  if (toastable_bytes <= kToastTupleThreshold) {
    EncodeRow(values, stored.bytes);
    if (stored.bytes.size() <= kToastTupleThreshold) return stored;
    stored.bytes.clear();
  }

  std::vector<Candidate> candidates;
  std::vector<std::string> forms(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].is_null() || !types::IsToastable(values[i].type())) continue;
    candidates.push_back({i, kLengthWordSize + values[i].AsString().size(), false, false, {}});
    forms[i] = std::string(kLengthWordSize, '\0');  // stands in while sizing the rest
  }
  // Size the row without copying its large values: the other columns, plus each candidate.
  EncodeRow(values, forms, stored.bytes);
  size_t total = stored.bytes.size();
  for (Candidate& candidate : candidates) {
    total += candidate.size - kLengthWordSize;
    forms[candidate.column].clear();
  }
  stored.bytes.clear();
  auto largest = [&](auto&& eligible) -> Candidate* {
    Candidate* best = nullptr;
    for (Candidate& candidate : candidates) {
      if (eligible(candidate) && (!best || candidate.size > best->size)) best = &candidate;
    }
    return best;
  };

  // Step 1: compress in line, largest first.
  while (total > kToastTupleThreshold) {
    Candidate* candidate = largest([](const Candidate& c) {
      return !c.tried_compression && c.size > kLengthWordSize + kMinimumCompressible;
    });
    if (!candidate) break;
    candidate->tried_compression = true;
    const std::string& raw = values[candidate->column].AsString();
    std::optional<std::string> compressed = CompressValue(raw);
    if (!compressed) continue;
    std::string payload;
    AppendLittleEndian(payload, raw.size(), 4);
    payload += *compressed;
    forms[candidate->column] = LengthWord(kCompressedInlineFlag, payload.size()) + payload;
    total = total - candidate->size + forms[candidate->column].size();
    candidate->size = forms[candidate->column].size();
    candidate->compressed = true;
    candidate->payload = std::move(*compressed);
  }

  // Step 2: move out of line, largest first.
  while (total > kToastTupleThreshold && toast_rel != 0) {
    Candidate* candidate = largest([](const Candidate& c) {
      return c.size > kLengthWordSize + kToastPointerSize + kLengthWordSize;
    });
    if (!candidate) break;
    const std::string& raw = values[candidate->column].AsString();
    const std::string_view bytes = candidate->compressed ? std::string_view(candidate->payload)
                                                         : std::string_view(raw);
    const ToastPointer pointer = StoreExternalValue(
        pool, toast_rel, bytes, candidate->compressed, static_cast<uint32_t>(raw.size()), xid, cid);
    forms[candidate->column] = LengthWord(kExternalFlag, kToastPointerSize) + pointer.Serialize();
    total = total - candidate->size + forms[candidate->column].size();
    candidate->size = forms[candidate->column].size();
    candidate->payload.clear();
    stored.flags |= kTupleHasExternal;
  }

  stored.bytes.clear();
  EncodeRow(values, forms, stored.bytes);
  return stored;
}

}  // namespace granary::storage
