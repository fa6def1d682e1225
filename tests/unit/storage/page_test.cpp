#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/page/page.hpp"

using granary::storage::ItemState;
using granary::storage::kPageSize;
using granary::storage::Page;
using granary::storage::PageKind;
using granary::storage::SlotNumber;

namespace {

struct PageBuffer {
  alignas(8) std::array<std::byte, kPageSize> bytes{};
  Page page() { return Page(bytes.data()); }
};

std::vector<std::byte> Bytes(const std::string& text) {
  std::vector<std::byte> out(text.size());
  if (!text.empty()) std::memcpy(out.data(), text.data(), text.size());
  return out;
}

std::string Text(std::span<const std::byte> bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace

TEST_CASE("a zeroed page is new and an initialised one is not", "[storage][page]") {
  PageBuffer buffer;
  REQUIRE(buffer.page().IsNew());
  REQUIRE(buffer.page().VerifyChecksum(7));
  buffer.page().Init(PageKind::kHeap);
  REQUIRE_FALSE(buffer.page().IsNew());
  REQUIRE(buffer.page().kind() == PageKind::kHeap);
  REQUIRE(buffer.page().ItemCount() == 0);
  REQUIRE(buffer.page().lsn() == 0);
  buffer.page().set_lsn(0x1234567890ULL);
  REQUIRE(buffer.page().lsn() == 0x1234567890ULL);
  // 8192 - 24 header - 4 ItemId, aligned down to 8.
  REQUIRE(buffer.page().FreeSpace() == 8160);
}

TEST_CASE("items are added, read back and keep their slot numbers", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kHeap);
  const auto first = page.AddItem(Bytes("alpha"));
  const auto second = page.AddItem(Bytes("beta"));
  const auto third = page.AddItem(Bytes(""));
  REQUIRE(first == SlotNumber{1});
  REQUIRE(second == SlotNumber{2});
  REQUIRE(third == SlotNumber{3});
  REQUIRE(page.ItemCount() == 3);
  REQUIRE(Text(page.Item(1)) == "alpha");
  REQUIRE(Text(page.Item(2)) == "beta");
  REQUIRE(page.Item(3).empty());
  REQUIRE(page.StateOf(1) == ItemState::kNormal);
  REQUIRE(page.StateOf(4) == ItemState::kUnused);  // beyond the array
  REQUIRE(page.StateOf(0) == ItemState::kUnused);
  // Each item takes its aligned size plus a 4-byte ItemId.
  REQUIRE(page.FreeSpace() == 8192 - 16 - (24 + 3 * 4) - 4);  // upper - lower - ItemId
}

TEST_CASE("a page fills up and refuses what does not fit", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kHeap);
  const std::vector<std::byte> item(100, std::byte{0x5A});
  size_t added = 0;
  while (page.FreeSpace() >= item.size()) {
    REQUIRE(page.AddItem(item).has_value());
    ++added;
  }
  // 104 bytes + 4-byte ItemId per item in 8168 bytes.
  REQUIRE(added == 8168 / 108);
  REQUIRE_FALSE(page.AddItem(item).has_value());
  const std::vector<std::byte> largest(page.FreeSpace(), std::byte{1});
  if (!largest.empty()) REQUIRE(page.AddItem(largest).has_value());
  REQUIRE(page.FreeSpace() == 0);

  PageBuffer empty;
  empty.page().Init(PageKind::kHeap);
  const std::vector<std::byte> too_big(8161, std::byte{2});
  REQUIRE_FALSE(empty.page().AddItem(too_big).has_value());
  const std::vector<std::byte> biggest(8160, std::byte{3});
  REQUIRE(empty.page().AddItem(biggest) == SlotNumber{1});
}

TEST_CASE("overwrite replaces an item in place when not longer", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kHeap);
  page.AddItem(Bytes("hello world"));
  REQUIRE(page.OverwriteItem(1, Bytes("HELLO")));
  REQUIRE(Text(page.Item(1)) == "HELLO");
  REQUIRE_FALSE(page.OverwriteItem(1, Bytes("much longer than before")));
  REQUIRE(Text(page.Item(1)) == "HELLO");
  REQUIRE_FALSE(page.OverwriteItem(2, Bytes("x")));  // no such item
}

TEST_CASE("compaction reclaims dead items and keeps live slots", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kHeap);
  for (int i = 0; i < 10; ++i) page.AddItem(Bytes(std::string(200, static_cast<char>('a' + i))));
  const size_t free_before = page.FreeSpace();
  for (SlotNumber slot : {2, 5, 6, 9}) page.SetState(slot, ItemState::kDead);
  REQUIRE(page.FreeSpace() == free_before);  // dead items keep their storage until compaction
  page.Compact();
  REQUIRE(page.FreeSpace() == free_before + 4 * 200);
  REQUIRE(page.ItemCount() == 10);
  for (SlotNumber slot : {2, 5, 6, 9}) REQUIRE(page.StateOf(slot) == ItemState::kUnused);
  for (SlotNumber slot : {1, 3, 4, 7, 8, 10}) {
    REQUIRE(page.StateOf(slot) == ItemState::kNormal);
    REQUIRE(Text(page.Item(slot)) == std::string(200, static_cast<char>('a' + slot - 1)));
  }
}

TEST_CASE("unused slots are handed out again", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kHeap);
  for (int i = 0; i < 5; ++i) page.AddItem(Bytes("item" + std::to_string(i)));
  page.SetState(3, ItemState::kDead);
  page.Compact();
  REQUIRE(page.AddItem(Bytes("reused")) == SlotNumber{3});
  REQUIRE(Text(page.Item(3)) == "reused");
  REQUIRE(page.AddItem(Bytes("fresh")) == SlotNumber{6});
  REQUIRE(page.ItemCount() == 6);
  page.SetState(1, ItemState::kUnused);
  REQUIRE(page.AddItem(Bytes("again")) == SlotNumber{1});
  REQUIRE(Text(page.Item(2)) == "item1");
}

TEST_CASE("special space sits at the end of the page", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kBtree, 16);
  REQUIRE(page.Special().size() == 16);
  REQUIRE(page.Special().data() == buffer.bytes.data() + kPageSize - 16);
  REQUIRE(page.FreeSpace() == 8160 - 16);
  page.Init(PageKind::kBtree, 13);  // rounded up to the alignment
  REQUIRE(page.Special().size() == 16);
}

TEST_CASE("checksums detect changed bytes and misplaced pages", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kHeap);
  page.AddItem(Bytes("checksummed"));
  page.SetChecksum(42);
  REQUIRE(page.VerifyChecksum(42));
  REQUIRE_FALSE(page.VerifyChecksum(43));
  REQUIRE(page.ComputeChecksum(42) != page.ComputeChecksum(43));
  for (size_t offset : {size_t{0}, size_t{13}, size_t{100}, kPageSize - 1}) {
    buffer.bytes[offset] ^= std::byte{0x01};
    REQUIRE_FALSE(page.VerifyChecksum(42));
    buffer.bytes[offset] ^= std::byte{0x01};
    REQUIRE(page.VerifyChecksum(42));
  }
  // Setting a checksum on a never-initialised page leaves it all zeroes.
  PageBuffer fresh;
  fresh.page().SetChecksum(3);
  REQUIRE(fresh.page().IsNew());
}

TEST_CASE("a corrupt item pointer raises XX001 instead of reading out of bounds",
          "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kHeap);
  page.AddItem(Bytes("data"));
  // ItemId 1 lives at offset 24: point it past the end of the page.
  const uint32_t bad = (8190u & 0x7FFF) | (1u << 15) | (100u << 17);
  std::memcpy(buffer.bytes.data() + 24, &bad, sizeof(bad));
  try {
    (void)page.Item(1);
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    REQUIRE(error.sqlstate() == granary::sqlstate::kDataCorrupted);
  }
}

TEST_CASE("items inserted at a slot shift the later ItemIds up", "[storage][page]") {
  PageBuffer buffer;
  Page page = buffer.page();
  page.Init(PageKind::kBtree, 16);
  REQUIRE(page.InsertItemAt(1, Bytes("c")));
  REQUIRE(page.InsertItemAt(1, Bytes("a")));
  REQUIRE(page.InsertItemAt(2, Bytes("b")));
  REQUIRE(page.InsertItemAt(4, Bytes("d")));
  REQUIRE(page.ItemCount() == 4);
  CHECK(Text(page.Item(1)) == "a");
  CHECK(Text(page.Item(2)) == "b");
  CHECK(Text(page.Item(3)) == "c");
  CHECK(Text(page.Item(4)) == "d");
  CHECK(page.Special().size() == 16);
  try {
    page.InsertItemAt(6, Bytes("x"));
    FAIL("slot past the end accepted");
  } catch (const granary::Error& error) {
    CHECK(error.sqlstate() == granary::sqlstate::kInternalError);
  }
  // Fill the page: the last insert that fits leaves less than one more item of room.
  const std::vector<std::byte> item(500, std::byte{7});
  while (page.InsertItemAt(2, item)) {
  }
  CHECK(page.FreeSpace() < item.size());
  CHECK(Text(page.Item(1)) == "a");
  CHECK(Text(page.Item(page.ItemCount())) == "d");
}
