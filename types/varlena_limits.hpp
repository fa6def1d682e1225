// The size limit of variable-length values (text, varchar, bytea), PostgreSQL's MaxAllocSize.
//
// PostgreSQL keeps every datum in one palloc'd chunk of at most MaxAllocSize (1 GiB - 1)
// bytes, 4 of which are the varlena header, so a value holds at most 1 GiB - 5 bytes.
// Granary keeps the same limit so that every value it stores can be dumped into and read
// back by PostgreSQL, and so that the out-of-line format (storage/heap/toast.hpp) can use
// the top two bits of a 32-bit length word as flags.
#pragma once

#include <cstddef>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::types {

inline constexpr size_t kMaxAllocSize = 0x3FFFFFFF;         // PostgreSQL's MaxAllocSize
inline constexpr size_t kVarlenaHeaderSize = 4;             // VARHDRSZ
inline constexpr size_t kMaxValueBytes = kMaxAllocSize - kVarlenaHeaderSize;

// Raises 54000 (program_limit_exceeded) `invalid memory alloc request size N` (N counting
// the 4-byte header, as PostgreSQL's palloc reports it) when a value of `bytes` bytes would
// exceed the limit. PostgreSQL raises this message with XX000 from palloc; a user can cause
// it (text || text), so Granary reports it as the limit it is.
inline void CheckValueSize(size_t bytes) {
  if (bytes <= kMaxValueBytes) return;
  throw Error(sqlstate::kProgramLimitExceeded,
              "invalid memory alloc request size " + std::to_string(bytes + kVarlenaHeaderSize));
}

}  // namespace granary::types
