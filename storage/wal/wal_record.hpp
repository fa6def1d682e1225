// The WAL record format: LSNs, resource managers, block references with full-page images,
// and the encoder/decoder every writer and reader of the log shares.
//
// An LSN is a byte position in the endless log; the log is cut into 16 MiB segment files and
// starts at kFirstLsn (segment 1), so LSN 0 means "none". A record is
//
//   header (32 bytes, little endian)
//      0 u32 total_length   header + block references + main data (without padding)
//      4 u32 crc            CRC32C of bytes [32, total_length), then of header bytes [0, 4)
//                           and [8, 32): everything but the CRC field itself
//      8 u64 xid            the transaction the change belongs to, 0 for none
//     16 u64 prev_lsn       start of the previous record (0 for the first one)
//     24 u8  resource manager id, 25 u8 info (the record kind within the manager),
//     26 u8  block_count, 27 u8 zero, 28 u32 main_length
//   block_count block references, each
//      0 u32 relfile, 4 u32 block, 8 u8 flags (1: has image, 2: will init), 9 u8 zero,
//     10 u16 hole_offset, 12 u16 hole_length, 14 u16 zero
//      then, with an image, the page without the hole [hole_offset, hole_offset+hole_length)
//   main data (main_length bytes), decoded by the resource manager
//   zero padding to the next multiple of 8: the next record starts there.
//
// A record's end LSN is where the next record starts; a page changed by a record carries that
// end LSN, so "flush the WAL up to the page LSN" makes the record durable.
// Thread-safety: free functions, no shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/buffer/storage_manager.hpp"
#include "storage/page/page.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage {

using Lsn = uint64_t;
inline constexpr Lsn kInvalidLsn = 0;
inline constexpr uint64_t kWalSegmentSize = uint64_t{16} << 20;
inline constexpr Lsn kFirstLsn = kWalSegmentSize;
inline constexpr size_t kWalRecordHeaderSize = 32;
inline constexpr size_t kWalBlockHeaderSize = 16;
inline constexpr size_t kWalAlignment = 8;
// Larger lengths in a header are treated as garbage (the end of the log).
inline constexpr uint32_t kMaxWalRecordLength = uint32_t{4} << 20;
inline constexpr size_t kMaxBlocksPerRecord = 4;

// Who can replay a record (PostgreSQL's RmgrId). Values are stored on disk: never renumber.
enum class ResourceManager : uint8_t {
  kXlog = 0,         // checkpoints, standalone page images
  kHeap = 1,         // heap tuple changes and heap page initialisation
  kClog = 2,         // commit log pages
  kTransaction = 3,  // commit and abort records
  kRelation = 4,     // relation file creation
  kBtree = 5,        // B+tree index pages
  kSequence = 6,     // sequence pages (last_value logged ahead)
};
inline constexpr uint8_t kResourceManagerCount = 7;

// "1/2A3F08" (high and low 32 bits in hex), as PostgreSQL prints LSNs.
std::string FormatLsn(Lsn lsn);

inline constexpr Lsn AlignLsn(Lsn lsn) { return (lsn + kWalAlignment - 1) & ~(kWalAlignment - 1); }

// A page a record changes, as handed to the writer: the page (latched exclusively by the
// caller, already changed) is copied into the record when the writer decides an image is needed.
struct WalBlockRef {
  RelFileNumber rel = 0;
  BlockNumber block = 0;
  const std::byte* page = nullptr;
  bool will_init = false;    // redo rebuilds the page from scratch: never needs an image
  bool force_image = false;  // always carry the image (a standalone page image record)
};

struct WalRecordInput {
  ResourceManager rmgr = ResourceManager::kXlog;
  uint8_t info = 0;
  Xid xid = kInvalidXid;
  std::span<const WalBlockRef> blocks;
  std::span<const std::byte> main;
};

// Appends the encoded record, padded to kWalAlignment, to `out`. `with_image[i]` says whether
// block i carries its page image. Returns the padded length.
size_t EncodeWalRecord(const WalRecordInput& input, Lsn prev_lsn,
                       std::span<const bool> with_image, std::vector<std::byte>& out);

// A decoded block reference; `image` points into the record's bytes.
struct WalBlock {
  RelFileNumber rel = 0;
  BlockNumber block = 0;
  bool will_init = false;
  bool has_image = false;
  uint16_t hole_offset = 0;
  uint16_t hole_length = 0;
  std::span<const std::byte> image;
  // Writes the image, with its hole zeroed, over kPageSize bytes at `page`.
  void RestoreImage(std::byte* page) const;
};

// Move-only: the spans point into `bytes`, whose buffer a move keeps and a copy would not.
struct WalRecord {
  WalRecord() = default;
  WalRecord(WalRecord&&) = default;
  WalRecord& operator=(WalRecord&&) = default;
  WalRecord(const WalRecord&) = delete;
  WalRecord& operator=(const WalRecord&) = delete;

  Lsn lsn = kInvalidLsn;      // where the record starts
  Lsn end_lsn = kInvalidLsn;  // where the next one starts
  Xid xid = kInvalidXid;
  Lsn prev_lsn = kInvalidLsn;
  ResourceManager rmgr = ResourceManager::kXlog;
  uint8_t info = 0;
  std::vector<WalBlock> blocks;
  std::span<const std::byte> main;
  std::vector<std::byte> bytes;  // owns everything the spans point at
};

// The total_length field of a record header (the first 4 of its kWalRecordHeaderSize bytes).
uint32_t WalRecordLength(std::span<const std::byte> header);

// Decodes a whole record (`bytes` holds exactly total_length bytes) found at `lsn`. Returns
// nullopt and a reason in *problem when the length, CRC or structure is wrong.
std::optional<WalRecord> DecodeWalRecord(std::vector<std::byte> bytes, Lsn lsn,
                                         std::string* problem);

}  // namespace granary::storage
