// Index entries for new tuple versions, with unique checks.
#include "executor/index_maintenance.hpp"

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree.hpp"

namespace granary::executor {
namespace {

using storage::TupleLiveness;

// kDead, or kDeadToAll when no snapshot there is or will be sees the tuple (so the unique
// check may mark its entry dead for good).
TupleLiveness DeadFor(const storage::HeapTuple& tuple, const ExecContext& context) {
  storage::TransactionManager& transactions = context.transactions;
  return transactions.VacuumStateOf(tuple.header, transactions.RemovalHorizon()) ==
                 storage::TransactionManager::VacuumVerdict::kDead
             ? TupleLiveness::kDeadToAll
             : TupleLiveness::kDead;
}

// The state of the heap tuple behind an existing index entry, for the unique check.
TupleLiveness Liveness(storage::HeapFile& heap, storage::TupleId tid, const ExecContext& context) {
  storage::HeapTuple tuple;
  switch (heap.FetchSlot(tid, tuple)) {
    case storage::HeapFile::SlotContent::kDead: return TupleLiveness::kDeadToAll;
    case storage::HeapFile::SlotContent::kNothing: return TupleLiveness::kDead;
    case storage::HeapFile::SlotContent::kTuple: break;
  }
  auto status = [&](storage::Xid xid) { return context.transactions.Status(xid); };
  const storage::Xid xmin = tuple.header.xmin;
  if (!context.snapshot.IsOwn(xmin) && xmin != storage::kBootstrapXid) {
    const storage::XidStatus inserted = status(xmin);
    if (inserted == storage::XidStatus::kAborted) return TupleLiveness::kDeadToAll;
    if (inserted == storage::XidStatus::kInProgress) return TupleLiveness::kInProgress;
  }
  const storage::Xid xmax = tuple.header.xmax;
  if (xmax == storage::kInvalidXid) return TupleLiveness::kLive;
  if (context.snapshot.IsOwn(xmax)) return TupleLiveness::kDead;
  switch (status(xmax)) {
    case storage::XidStatus::kAborted: return TupleLiveness::kLive;
    case storage::XidStatus::kCommitted: return DeadFor(tuple, context);
    case storage::XidStatus::kInProgress: return TupleLiveness::kInProgress;
  }
  return TupleLiveness::kLive;
}

// The running transaction that keeps the tuple's fate open: its inserter, else its deleter.
storage::Xid Blocker(storage::HeapFile& heap, storage::TupleId tid, const ExecContext& context) {
  storage::HeapTuple tuple;
  if (!heap.Fetch(tid, tuple)) return storage::kInvalidXid;
  for (storage::Xid xid : {tuple.header.xmin, tuple.header.xmax}) {
    if (xid >= storage::kFirstNormalXid && !context.snapshot.IsOwn(xid) &&
        context.transactions.Status(xid) == storage::XidStatus::kInProgress) {
      return xid;
    }
  }
  return storage::kInvalidXid;
}

}  // namespace

std::optional<std::string> EncodeIndexKey(const planner::BoundIndex& index, const Batch& batch,
                                          size_t row, const ExecContext& context, bool& has_null,
                                          std::vector<types::Value>* values_out) {
  if (index.predicate && !EvaluatePredicate(*index.predicate, batch, row, context)) return std::nullopt;
  std::vector<types::Value> values;
  std::vector<types::KeyColumn> columns;
  values.reserve(index.keys.size());
  columns.reserve(index.keys.size());
  has_null = false;
  for (const planner::IndexKey& key : index.keys) {
    types::Value value = Evaluate(*key.expr, batch, row, context);
    if (!value.is_null() && value.type() != key.column.type.id) {
      value = types::Cast(value, key.column.type, types::CastContext::kImplicit);
    }
    has_null = has_null || value.is_null();
    values.push_back(std::move(value));
    columns.push_back(key.column);
  }
  std::string encoded;
  types::EncodeKey(values, columns, encoded);
  if (values_out != nullptr) *values_out = std::move(values);
  return encoded;
}

void InsertIndexEntry(const planner::BoundIndex& index, const catalog::TableSchema& table,
                      const Batch& batch, size_t row, storage::TupleId tid,
                      const ExecContext& context, bool check_unique) {
  bool has_null = false;
  std::vector<types::Value> values;
  const std::optional<std::string> key = EncodeIndexKey(index, batch, row, context, has_null, &values);
  if (!key) return;
  const std::string& encoded = *key;
  storage::BTree tree(context.pool, index.schema.relfile, index.schema.name);
  // NULLs never collide in a unique index (NULLS DISTINCT).
  if (!index.schema.unique || has_null || !check_unique) {
    tree.Insert(encoded, tid);
    return;
  }
  storage::HeapFile heap(context.pool, table.relfile);
  storage::UniqueCheck check;
  check.constraint_name = index.schema.name;
  check.liveness = [&](storage::TupleId other) { return Liveness(heap, other, context); };
  check.wait = [&](storage::TupleId other) {
    if (context.locks == nullptr) {
      throw Error(sqlstate::kLockNotAvailable,
                  "could not obtain lock on row in relation \"" + table.name + "\"")
          .WithDetail("Another open transaction holds a row with the same key in index \"" +
                      index.schema.name + "\".");
    }
    // Wait for the transaction that inserted or deleted the other row; the check then runs
    // again and sees how it ended.
    const storage::Xid blocker = Blocker(heap, other, context);
    if (blocker != storage::kInvalidXid) context.locks->WaitForTransaction(blocker, table.name);
  };
  check.describe_key = [&](std::string_view) {
    std::string names;
    std::string shown;
    for (size_t i = 0; i < index.keys.size(); ++i) {
      names += (i ? ", " : "") + index.keys[i].name;
      shown += (i ? ", " : "") + types::ToText(values[i]);
    }
    return "(" + names + ")=(" + shown + ")";
  };
  tree.InsertUnique(encoded, tid, check);
}

std::optional<storage::TupleId> FindConflict(const planner::BoundIndex& index,
                                             const catalog::TableSchema& table, const Batch& batch,
                                             size_t row, const ExecContext& context) {
  bool has_null = false;
  const std::optional<std::string> key = EncodeIndexKey(index, batch, row, context, has_null);
  if (!key || has_null) return std::nullopt;
  storage::BTree tree(context.pool, index.schema.relfile, index.schema.name);
  storage::HeapFile heap(context.pool, table.relfile);
  for (;;) {
    bool waited = false;
    for (const storage::TupleId tid : tree.Lookup(*key)) {
      switch (Liveness(heap, tid, context)) {
        case TupleLiveness::kLive: return tid;
        case TupleLiveness::kDead:
        case TupleLiveness::kDeadToAll: continue;
        case TupleLiveness::kInProgress: {
          if (context.locks == nullptr) {
            throw Error(sqlstate::kLockNotAvailable,
                        "could not obtain lock on row in relation \"" + table.name + "\"");
          }
          const storage::Xid blocker = Blocker(heap, tid, context);
          if (blocker != storage::kInvalidXid) context.locks->WaitForTransaction(blocker, table.name);
          waited = true;
          break;
        }
      }
      if (waited) break;
    }
    if (!waited) return std::nullopt;
  }
}

void InsertIndexEntries(const std::vector<std::shared_ptr<const planner::BoundIndex>>& indexes,
                        const catalog::TableSchema& table, const Batch& batch, size_t row,
                        storage::TupleId tid, const ExecContext& context) {
  for (const auto& index : indexes) InsertIndexEntry(*index, table, batch, row, tid, context, true);
}

}  // namespace granary::executor
