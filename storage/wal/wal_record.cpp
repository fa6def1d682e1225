// Encoding and decoding of WAL records (format in wal_record.hpp and storage/wal/README.md).
//
// The CRC covers the payload first and the header last (PostgreSQL's order), so a writer could
// checksum the payload before it knows prev_lsn; here the whole record is encoded under the
// insert lock, and the order only fixes the format.
#include "storage/wal/wal_record.hpp"

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "common/crc32c.hpp"
#include "storage/wal/wal_bytes.hpp"

namespace granary::storage {
namespace {

constexpr uint8_t kHasImage = 0x1;
constexpr uint8_t kWillInit = 0x2;
constexpr size_t kCrcOffset = 4;

struct Hole {
  uint16_t offset = 0;
  uint16_t length = 0;
};

// The gap between ItemIds and item data is all zeroes in a well-formed page and need not be
// stored (PostgreSQL's "hole" in backup blocks). A page whose header makes no sense is
// stored whole.
Hole PageHole(const std::byte* page) {
  const Page view(const_cast<std::byte*>(page));
  const size_t lower = view.lower();
  const size_t upper = view.upper();
  if (lower < 24 || lower > upper || upper > kPageSize) return {};
  return Hole{static_cast<uint16_t>(lower), static_cast<uint16_t>(upper - lower)};
}

uint32_t RecordCrc(std::span<const std::byte> record) {
  uint32_t crc = Crc32c(0, record.data() + kWalRecordHeaderSize,
                        record.size() - kWalRecordHeaderSize);
  crc = Crc32c(crc, record.data(), kCrcOffset);
  return Crc32c(crc, record.data() + kCrcOffset + 4, kWalRecordHeaderSize - kCrcOffset - 4);
}

}  // namespace

std::string FormatLsn(Lsn lsn) {
  char text[32];
  std::snprintf(text, sizeof(text), "%" PRIX32 "/%" PRIX32, static_cast<uint32_t>(lsn >> 32),
                static_cast<uint32_t>(lsn));
  return text;
}

size_t EncodeWalRecord(const WalRecordInput& input, Lsn prev_lsn,
                       std::span<const bool> with_image, std::vector<std::byte>& out) {
  const size_t start = out.size();
  out.resize(start + kWalRecordHeaderSize);
  ByteWriter writer(out);
  for (size_t i = 0; i < input.blocks.size(); ++i) {
    const WalBlockRef& block = input.blocks[i];
    const bool image = with_image[i];
    const Hole hole = image ? PageHole(block.page) : Hole{};
    writer.U32(block.rel);
    writer.U32(block.block);
    writer.U8(static_cast<uint8_t>((image ? kHasImage : 0) | (block.will_init ? kWillInit : 0)));
    writer.U8(0);
    writer.U16(hole.offset);
    writer.U16(hole.length);
    writer.U16(0);
    if (image) {
      writer.Bytes(std::span(block.page, hole.offset == 0 ? kPageSize : hole.offset));
      if (hole.offset != 0) {
        writer.Bytes(std::span(block.page + hole.offset + hole.length,
                               kPageSize - hole.offset - hole.length));
      }
    }
  }
  writer.Bytes(input.main);
  const size_t length = out.size() - start;
  std::byte* header = out.data() + start;
  StoreLittle(header + 0, length, 4);
  StoreLittle(header + 4, 0, 4);
  StoreLittle(header + 8, input.xid, 8);
  StoreLittle(header + 16, prev_lsn, 8);
  header[24] = static_cast<std::byte>(input.rmgr);
  header[25] = static_cast<std::byte>(input.info);
  header[26] = static_cast<std::byte>(input.blocks.size());
  header[27] = std::byte{0};
  StoreLittle(header + 28, input.main.size(), 4);
  StoreLittle(header + kCrcOffset, RecordCrc(std::span(header, length)), 4);
  out.resize(start + AlignLsn(length), std::byte{0});
  return out.size() - start;
}

void WalBlock::RestoreImage(std::byte* page) const {
  if (hole_length == 0 && hole_offset == 0) {
    std::memcpy(page, image.data(), kPageSize);
    return;
  }
  std::memcpy(page, image.data(), hole_offset);
  std::memset(page + hole_offset, 0, hole_length);
  std::memcpy(page + hole_offset + hole_length, image.data() + hole_offset,
              kPageSize - hole_offset - hole_length);
}

uint32_t WalRecordLength(std::span<const std::byte> header) {
  return static_cast<uint32_t>(LoadLittle(header.data(), 4));
}

std::optional<WalRecord> DecodeWalRecord(std::vector<std::byte> bytes, Lsn lsn,
                                         std::string* problem) {
  auto fail = [&](std::string reason) -> std::optional<WalRecord> {
    if (problem) *problem = std::move(reason);
    return std::nullopt;
  };
  if (bytes.size() < kWalRecordHeaderSize || WalRecordLength(bytes) != bytes.size()) {
    return fail("invalid record length");
  }
  if (LoadLittle(bytes.data() + kCrcOffset, 4) != RecordCrc(bytes)) {
    return fail("incorrect record checksum");
  }
  WalRecord record;
  record.lsn = lsn;
  record.end_lsn = lsn + AlignLsn(bytes.size());
  record.xid = LoadLittle(bytes.data() + 8, 8);
  record.prev_lsn = LoadLittle(bytes.data() + 16, 8);
  const uint8_t rmgr = std::to_integer<uint8_t>(bytes[24]);
  if (rmgr >= kResourceManagerCount) return fail("invalid resource manager id " + std::to_string(rmgr));
  record.rmgr = static_cast<ResourceManager>(rmgr);
  record.info = std::to_integer<uint8_t>(bytes[25]);
  const size_t block_count = std::to_integer<size_t>(bytes[26]);
  const size_t main_length = LoadLittle(bytes.data() + 28, 4);
  if (block_count > kMaxBlocksPerRecord) return fail("too many block references");

  size_t position = kWalRecordHeaderSize;
  for (size_t i = 0; i < block_count; ++i) {
    if (bytes.size() - position < kWalBlockHeaderSize) return fail("truncated block reference");
    const std::byte* at = bytes.data() + position;
    WalBlock block;
    block.rel = static_cast<RelFileNumber>(LoadLittle(at, 4));
    block.block = static_cast<BlockNumber>(LoadLittle(at + 4, 4));
    const uint8_t flags = std::to_integer<uint8_t>(at[8]);
    block.has_image = (flags & kHasImage) != 0;
    block.will_init = (flags & kWillInit) != 0;
    block.hole_offset = static_cast<uint16_t>(LoadLittle(at + 10, 2));
    block.hole_length = static_cast<uint16_t>(LoadLittle(at + 12, 2));
    position += kWalBlockHeaderSize;
    if (block.has_image) {
      if (size_t{block.hole_offset} + block.hole_length > kPageSize) return fail("invalid page image hole");
      const size_t image_length = kPageSize - block.hole_length;
      if (bytes.size() - position < image_length) return fail("truncated page image");
      block.image = std::span<const std::byte>(bytes.data() + position, image_length);
      position += image_length;
    }
    record.blocks.push_back(block);
  }
  if (bytes.size() - position != main_length) return fail("invalid main data length");
  record.main = std::span<const std::byte>(bytes.data() + position, main_length);
  // The spans point into the vector's heap buffer, which moving the vector does not relocate.
  record.bytes = std::move(bytes);
  return record;
}

}  // namespace granary::storage
