// ExecContext — what a running statement needs from its session and database.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "storage/vacuum/table_statistics.hpp"
#include "types/value.hpp"

namespace granary::executor {

struct ExecContext {
  storage::BufferPool& pool;
  storage::TransactionManager& transactions;
  storage::Snapshot snapshot;          // own_xid and command_id name the writer
  const std::vector<types::Value>& params;
  uint64_t rows_affected = 0;          // set by INSERT/UPDATE/DELETE
  // The transaction's per-table DML counts (autovacuum's statistics), or null.
  storage::PendingTableCounts* table_counts = nullptr;
  const std::atomic<bool>* cancel_requested = nullptr;  // checked between batches
  // Inside a correlated subquery: the enclosing row's values for its outer references.
  const std::vector<types::Value>* outer_values = nullptr;
  // Results of uncorrelated subqueries, computed once per statement (shared by the contexts
  // subqueries run in).
  std::shared_ptr<std::unordered_map<const void*, std::vector<types::Value>>> subquery_results =
      std::make_shared<std::unordered_map<const void*, std::vector<types::Value>>>();

  // Raises 57014 (query_canceled) when the statement was asked to stop.
  void CheckForCancel() const;
};

}  // namespace granary::executor
