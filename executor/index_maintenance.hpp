// Index maintenance: the entries a new heap tuple version needs in each index of its table,
// and the unique check that goes with them.
//
// Every version gets its own entries (no HOT yet); DELETE adds nothing and removes nothing:
// scans check visibility in the heap, and vacuum will remove entries of dead versions.
// Unique checks judge existing entries by their heap tuples (PostgreSQL's dirty-snapshot
// rule): live or being inserted by this transaction -> 23505; dead -> fine; changed by
// another open transaction -> 55P03, since waiting for it needs the lock manager.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "planner/analyze/index_definition.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

// The key row `row` of `batch` (the table's columns first) has in `index`, encoded as the
// tree stores it, with the key values in `values` when given; nullopt when the row fails a
// partial index's predicate (it has no entry). `has_null` says whether a key value is NULL.
std::optional<std::string> EncodeIndexKey(const planner::BoundIndex& index, const Batch& batch,
                                          size_t row, const ExecContext& context, bool& has_null,
                                          std::vector<types::Value>* values = nullptr);

// INSERT ... ON CONFLICT's pre-check (PostgreSQL's ExecCheckIndexConstraints): a tuple whose
// key in the unique `index` equals that of row `row` of `batch` and that is live by the
// unique check's rule (committed or this transaction's, not deleted), after waiting for any
// transaction still inserting or deleting such a tuple; nullopt when there is none, the row
// has no entry (partial index) or its key has a NULL. 55P03 where waits are impossible.
std::optional<storage::TupleId> FindConflict(const planner::BoundIndex& index,
                                             const catalog::TableSchema& table, const Batch& batch,
                                             size_t row, const ExecContext& context);

// Adds the entries for the tuple `tid` whose column values are row `row` of `batch`
// (columns 0..n-1 are the table's). Raises 23505 on a unique violation.
void InsertIndexEntries(const std::vector<std::shared_ptr<const planner::BoundIndex>>& indexes,
                        const catalog::TableSchema& table, const Batch& batch, size_t row,
                        storage::TupleId tid, const ExecContext& context);

// Adds one tuple's entries to one index (CREATE INDEX builds with it too); `check_unique`
// is false for tuple versions already dead to everyone.
void InsertIndexEntry(const planner::BoundIndex& index, const catalog::TableSchema& table,
                      const Batch& batch, size_t row, storage::TupleId tid,
                      const ExecContext& context, bool check_unique);

}  // namespace granary::executor
