// Transaction ids and command ids: the vocabulary shared by transactions, heap tuples and the
// write-ahead log.
#pragma once

#include <cstdint>

namespace granary::storage {

using Xid = uint64_t;
using CommandId = uint32_t;
inline constexpr Xid kInvalidXid = 0;
inline constexpr Xid kBootstrapXid = 1;  // always committed: catalog rows made by init
inline constexpr Xid kFirstNormalXid = 3;

enum class XidStatus : uint8_t { kInProgress = 0, kCommitted = 1, kAborted = 2 };

}  // namespace granary::storage
