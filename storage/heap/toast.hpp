// TOAST — out-of-line storage of large values (after PostgreSQL's access/common/toast_*.c,
// access/heap/heaptoast.c and detoast.c).
//
// A row is stored as it is when its encoding is at most kToastTupleThreshold bytes. A larger
// row has its text, varchar and bytea values worked on, largest first, until it fits:
//   1. each value of more than 32 bytes is compressed in line (zlib, kept only when it saves
//      at least 25%: toast_compression.hpp);
//   2. then each value still larger than a pointer is moved out of line: its bytes (the
//      compressed ones if step 1 compressed it) are cut into chunks of kToastChunkSize and
//      inserted as ordinary rows of the table's toast relation by the row's own transaction,
//      and the row keeps a 27-byte pointer.
// Values are limited to 1 GiB - 5 bytes (types/varlena_limits.hpp); a row that still does
// not fit a page after all that raises 54000 from HeapFile::Insert.
//
// Toast relation rows: (chunk_id int8, chunk_seq int4, chunk_next tid, chunk_data bytea),
// encoded by row_codec. Chunks are inserted last to first so that each can name the next
// one; the pointer names the first. Reading a value follows the chain by tuple id, so the
// toast relation needs no index (PostgreSQL's has one on (chunk_id, chunk_seq)); every chunk
// is checked against the pointer (value id, sequence number, size) and anything that does
// not match raises XX001.
//
// Visibility: chunks are fetched by tuple id without a snapshot test, as PostgreSQL reads
// toast with SnapshotToast: the row that points at them decides. A row's chunks are inserted
// by the transaction that inserts the row and deleted (xmax) by the transaction, and command,
// that deletes or updates it, so rollback revives them together, and vacuum (when it comes)
// can remove them when the row is gone.
//
// Formats (little endian):
//   external pointer payload (length word 0x80000000 | 27):
//     flags u8 (bit 0: the chunks hold zlib data), raw size u32, stored size u32,
//     toast relation u32, value id u64, first chunk block u32, slot u16
//   compressed in-line payload (length word 0x40000000 | n): raw size u32, zlib stream
//
// Thread-safety: functions are thread-safe; chunk inserts and deletes latch one toast page at
// a time exclusively (heap_file.hpp), reads latch one page shared. No latch is held across
// calls, so the latch order of storage/README.md is unchanged.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "storage/heap/heap_file.hpp"
#include "types/value.hpp"

namespace granary::storage {

// Rows whose encoding exceeds this many bytes are toasted (PostgreSQL's TOAST_TUPLE_THRESHOLD
// is about 2 KB: a quarter of a page).
inline constexpr size_t kToastTupleThreshold = 2032;
// Bytes of value data per chunk (TOAST_MAX_CHUNK_SIZE): four chunk rows fill a page. A
// chunk tuple is the 40-byte tuple header, a 25-byte row prefix (null bitmap, chunk_id,
// chunk_seq, chunk_next, the data's length word) and the data: 2025 bytes, 2032 with item
// alignment, and four of those plus their item ids fit the 8168 bytes after the page header.
inline constexpr size_t kToastChunkSize = 1960;
inline constexpr size_t kToastPointerSize = 27;
// TupleHeader::flags: the row holds at least one out-of-line pointer.
inline constexpr uint16_t kTupleHasExternal = 0x0001;
// Number of columns of a toast relation row.
inline constexpr uint16_t kToastAttributeCount = 4;

struct ToastPointer {
  bool compressed = false;
  uint32_t raw_size = 0;     // bytes of the value
  uint32_t stored_size = 0;  // bytes held by its chunks
  RelFileNumber toast_rel = 0;
  uint64_t value_id = 0;
  TupleId first_chunk;

  uint32_t ChunkCount() const;
  std::string Serialize() const;
  // XX001 if the payload is not a pointer.
  static ToastPointer Parse(std::span<const std::byte> payload);
};

// A row ready for HeapFile::Insert.
struct StoredRow {
  std::string bytes;
  uint16_t flags = 0;  // kTupleHasExternal when a value went out of line
};

// Encodes `values` for a heap whose toast relation is `toast_rel` (0: the table has none, and
// no value may go out of line), compressing and storing values out of line as described
// above. Chunks are inserted with (xid, cid). 54000 for a value over 1 GiB - 5 bytes.
StoredRow EncodeRowForStorage(const std::vector<types::Value>& values, BufferPool& pool,
                              RelFileNumber toast_rel, Xid xid, CommandId cid);

// Stores `stored` (already compressed when `compressed`) as chunks; returns the pointer.
ToastPointer StoreExternalValue(BufferPool& pool, RelFileNumber toast_rel, std::string_view stored,
                                bool compressed, uint32_t raw_size, Xid xid, CommandId cid);
// Reads back the value an external pointer payload names (decompressed). XX001 for a
// missing, foreign, out-of-order or wrongly sized chunk, or corrupt compressed data.
std::string FetchExternalValue(BufferPool& pool, std::span<const std::byte> pointer_payload);
// The value of a compressed in-line payload. XX001 if it is damaged.
std::string DecompressInlineValue(std::span<const std::byte> payload);
// Marks the chunks of every out-of-line value of the row at `tid` in `heap` (whose columns
// are `column_types`) deleted by (xid, cid). `tuple_flags` are the row's header flags (as
// HeapFile::MarkDeleted returns them): nothing is read unless they have kTupleHasExternal.
void DeleteExternalValues(HeapFile& heap, TupleId tid, uint16_t tuple_flags,
                          const std::vector<types::Type>& column_types, Xid xid, CommandId cid);

}  // namespace granary::storage
