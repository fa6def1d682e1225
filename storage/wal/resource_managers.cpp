// The resource manager table (see resource_managers.hpp).
#include "storage/wal/resource_managers.hpp"

#include <array>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree_wal.hpp"
#include "storage/buffer/relation_wal.hpp"
#include "storage/heap/heap_wal.hpp"
#include "storage/sequence/sequence_wal.hpp"
#include "storage/txn/clog_wal.hpp"
#include "storage/txn/xact_wal.hpp"
#include "storage/wal/xlog_wal.hpp"

namespace granary::storage {
namespace {

constexpr std::array<ResourceManagerInfo, kResourceManagerCount> kManagers = {{
    {"XLOG", xlog_wal::Redo, xlog_wal::Describe},
    {"Heap", heap_wal::Redo, heap_wal::Describe},
    {"CommitLog", clog_wal::Redo, clog_wal::Describe},
    {"Transaction", xact_wal::Redo, xact_wal::Describe},
    {"Relation", relation_wal::Redo, relation_wal::Describe},
    {"Btree", btree_wal::Redo, btree_wal::Describe},
    {"Sequence", sequence_wal::Redo, sequence_wal::Describe},
}};

}  // namespace

const ResourceManagerInfo& ResourceManagerFor(ResourceManager id) {
  const size_t index = static_cast<size_t>(id);
  if (index >= kManagers.size() || kManagers[index].redo == nullptr) {
    throw Error(sqlstate::kDataCorrupted,
                "WAL record has resource manager " + std::to_string(index) + ", which this version cannot replay");
  }
  return kManagers[index];
}

void RedoRecord(RedoContext& context, const WalRecord& record) {
  ResourceManagerFor(record.rmgr).redo(context, record);
}

std::string DescribeRecord(const WalRecord& record) {
  try {
    const ResourceManagerInfo& manager = ResourceManagerFor(record.rmgr);
    return std::string(manager.name) + ": " + manager.describe(record);
  } catch (const Error& error) {
    return "(" + error.message() + ")";
  }
}

}  // namespace granary::storage
