// The commit log page layout, shared by the transaction manager and commit log redo.
//
// The 24-byte page header, then 2 bits per xid; page p covers xids
// [p * kXidsPerClogPage, (p + 1) * kXidsPerClogPage). The bitmap is declared as the page's
// special space so that nothing mistakes it for free space.
#pragma once

#include <cstddef>
#include <cstdint>

#include "storage/page/page.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage::clog {

inline constexpr size_t kHeaderSize = 24;  // the page header; the bitmap follows it
inline constexpr Xid kXidsPerByte = 4;     // 2 bits each
inline constexpr Xid kXidsPerPage = (kPageSize - kHeaderSize) * kXidsPerByte;
inline constexpr uint8_t kStatusMask = 0x3;

inline BlockNumber BlockOf(Xid xid) { return static_cast<BlockNumber>(xid / kXidsPerPage); }

inline void InitPage(Page& page) { page.Init(PageKind::kClog, kPageSize - kHeaderSize); }

inline std::byte* ByteOf(Page& page, Xid xid) {
  return page.data() + kHeaderSize + (xid % kXidsPerPage) / kXidsPerByte;
}

inline unsigned ShiftOf(Xid xid) { return static_cast<unsigned>(xid % kXidsPerByte) * 2; }

inline uint8_t ReadBits(Page& page, Xid xid) {
  return static_cast<uint8_t>((std::to_integer<unsigned>(*ByteOf(page, xid)) >> ShiftOf(xid)) &
                              kStatusMask);
}

inline void WriteBits(Page& page, Xid xid, XidStatus status) {
  std::byte* byte = ByteOf(page, xid);
  const unsigned shift = ShiftOf(xid);
  const unsigned value = (std::to_integer<unsigned>(*byte) & ~(unsigned{kStatusMask} << shift)) |
                         (static_cast<unsigned>(status) << shift);
  *byte = static_cast<std::byte>(value);
}

}  // namespace granary::storage::clog
