// The table of resource managers: for each id stored in a record header, its name, its one
// redo function and a one-line description for `granary waldump` (PostgreSQL's rmgrlist.h).
// Crash recovery today — and physical backup and replication later — replay records through
// this table only, so there is one redo path for all three.
#pragma once

#include <string>
#include <string_view>

#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage {

struct ResourceManagerInfo {
  std::string_view name;
  void (*redo)(RedoContext& context, const WalRecord& record);
  std::string (*describe)(const WalRecord& record);
};

// Raises XX001 for an id without a manager (kBtree, until B+trees exist).
const ResourceManagerInfo& ResourceManagerFor(ResourceManager id);

// Applies one record through its manager.
void RedoRecord(RedoContext& context, const WalRecord& record);
// "Heap: INSERT rel 16390 tid (0,3) 52 bytes" (never throws: damage is described instead).
std::string DescribeRecord(const WalRecord& record);

}  // namespace granary::storage
