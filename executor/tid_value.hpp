// The tuple id carried in a ctid column (types::Value::Tid) as a storage::TupleId: how
// UPDATE, DELETE and LockRows find the row version their input row came from.
#pragma once

#include <cstdint>

#include "storage/heap/heap_file.hpp"
#include "types/value.hpp"

namespace granary::executor {

inline storage::TupleId TidOf(const types::Value& ctid) {
  const auto packed = static_cast<uint64_t>(ctid.AsInt());
  return storage::TupleId{static_cast<storage::BlockNumber>(packed >> 16),
                          static_cast<storage::SlotNumber>(packed & 0xFFFF)};
}

}  // namespace granary::executor
