// The WAL record format: encoding round trips, page images with holes, and the CRC catching
// any damaged byte.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "storage/page/page.hpp"
#include "storage/wal/wal_record.hpp"

using namespace granary::storage;

namespace {

std::vector<std::byte> Bytes(const std::string& text) {
  const auto span = std::as_bytes(std::span(text));
  return {span.begin(), span.end()};
}

struct TestPage {
  TestPage() {
    Page page(bytes.data());
    page.Init(PageKind::kHeap);
    for (int i = 0; i < 20; ++i) {
      const std::string item = "item number " + std::to_string(i);
      REQUIRE(page.AddItem(std::as_bytes(std::span(item))));
    }
    page.set_lsn(0x1234);
  }
  alignas(8) std::array<std::byte, kPageSize> bytes{};
};

WalRecord Decode(std::vector<std::byte> encoded, Lsn lsn) {
  encoded.resize(WalRecordLength(encoded));
  std::string problem;
  std::optional<WalRecord> record = DecodeWalRecord(std::move(encoded), lsn, &problem);
  INFO(problem);
  REQUIRE(record);
  return std::move(*record);
}

}  // namespace

TEST_CASE("a record without blocks round-trips", "[storage][wal]") {
  const std::vector<std::byte> main = Bytes("commit payload");
  std::vector<std::byte> out;
  const size_t length = EncodeWalRecord(
      WalRecordInput{ResourceManager::kTransaction, 0x10, 4711, {}, main}, 0xABCDEF, {}, out);
  REQUIRE(length % kWalAlignment == 0);
  REQUIRE(out.size() == length);
  REQUIRE(WalRecordLength(out) == kWalRecordHeaderSize + main.size());

  const WalRecord record = Decode(out, kFirstLsn + 64);
  CHECK(record.lsn == kFirstLsn + 64);
  CHECK(record.end_lsn == kFirstLsn + 64 + length);
  CHECK(record.xid == 4711);
  CHECK(record.prev_lsn == 0xABCDEF);
  CHECK(record.rmgr == ResourceManager::kTransaction);
  CHECK(record.info == 0x10);
  CHECK(record.blocks.empty());
  CHECK(std::vector<std::byte>(record.main.begin(), record.main.end()) == main);
}

TEST_CASE("a page image leaves out the hole and restores the page exactly", "[storage][wal]") {
  TestPage page;
  const std::vector<std::byte> main = Bytes("delta");
  const std::array<WalBlockRef, 2> blocks = {
      WalBlockRef{16390, 7, page.bytes.data(), false, false},
      WalBlockRef{16391, 9, page.bytes.data(), true, false}};
  const std::array<bool, 2> images = {true, false};
  std::vector<std::byte> out;
  EncodeWalRecord(WalRecordInput{ResourceManager::kHeap, 0, 5, blocks, main}, kFirstLsn, images, out);
  // Much less than a page: the free middle of the page is not stored.
  const Page view(page.bytes.data());
  REQUIRE(WalRecordLength(out) < kPageSize - (view.upper() - view.lower()) + 200);

  const WalRecord record = Decode(out, kFirstLsn + 4096);
  REQUIRE(record.blocks.size() == 2);
  const WalBlock& first = record.blocks[0];
  CHECK(first.rel == 16390);
  CHECK(first.block == 7);
  CHECK(first.has_image);
  CHECK_FALSE(first.will_init);
  CHECK(first.hole_offset == view.lower());
  CHECK(first.hole_length == view.upper() - view.lower());
  std::array<std::byte, kPageSize> restored;
  restored.fill(std::byte{0xEE});
  first.RestoreImage(restored.data());
  CHECK(std::memcmp(restored.data(), page.bytes.data(), kPageSize) == 0);

  const WalBlock& second = record.blocks[1];
  CHECK(second.rel == 16391);
  CHECK(second.block == 9);
  CHECK_FALSE(second.has_image);
  CHECK(second.will_init);
  CHECK(std::vector<std::byte>(record.main.begin(), record.main.end()) == main);
}

TEST_CASE("a page with a nonsensical header is imaged whole", "[storage][wal]") {
  std::array<std::byte, kPageSize> garbage;
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<std::byte>(i * 31 + 7);
  const WalBlockRef block{1, 0, garbage.data(), false, true};
  const bool image = true;
  std::vector<std::byte> out;
  EncodeWalRecord(WalRecordInput{ResourceManager::kXlog, 0x20, 0, std::span(&block, 1), {}},
                  0, std::span(&image, 1), out);
  const WalRecord record = Decode(out, kFirstLsn);
  std::array<std::byte, kPageSize> restored{};
  record.blocks[0].RestoreImage(restored.data());
  CHECK(restored == garbage);
}

TEST_CASE("the CRC catches a damaged byte anywhere in the record", "[storage][wal]") {
  TestPage page;
  const std::vector<std::byte> main = Bytes("some main data to protect");
  const WalBlockRef block{16390, 3, page.bytes.data(), false, false};
  const bool image = true;
  std::vector<std::byte> out;
  EncodeWalRecord(WalRecordInput{ResourceManager::kHeap, 0, 9, std::span(&block, 1), main}, 77,
                  std::span(&image, 1), out);
  out.resize(WalRecordLength(out));
  // Every byte except the length field (a changed length is caught as a length mismatch).
  for (size_t position = 4; position < out.size(); position += 13) {
    std::vector<std::byte> damaged = out;
    damaged[position] ^= std::byte{0x40};
    std::string problem;
    INFO("byte " << position);
    CHECK_FALSE(DecodeWalRecord(damaged, kFirstLsn, &problem));
    CHECK(problem == "incorrect record checksum");
  }
  std::vector<std::byte> longer = out;
  longer.push_back(std::byte{0});
  std::string problem;
  CHECK_FALSE(DecodeWalRecord(longer, kFirstLsn, &problem));
  CHECK(problem == "invalid record length");
}

TEST_CASE("LSNs print as PostgreSQL prints them", "[storage][wal]") {
  CHECK(FormatLsn(0) == "0/0");
  CHECK(FormatLsn(kFirstLsn) == "0/1000000");
  CHECK(FormatLsn((uint64_t{0x1A} << 32) | 0x2B3C4D5E) == "1A/2B3C4D5E");
}
