// Giving a table new storage inside a transaction: TRUNCATE (empty files), the table
// rewrites of ALTER TABLE (ADD COLUMN with a default, DROP COLUMN, ALTER COLUMN TYPE), and
// the compactions of VACUUM FULL and CLUSTER.
//
// Both follow PostgreSQL's relfilenode swap: the table and each of its indexes get a new
// relation file, pg_class points at it, the old files are removed when the transaction
// commits and the new ones when it aborts (Session::Impl::DropFileOnCommit/DropFileOnAbort),
// so a rollback leaves the old contents untouched.
//
// Table lock: callers need AccessExclusiveLock on the table once the lock manager exists —
// until then other sessions' open transactions that wrote to the table lose those writes
// (PostgreSQL would make TRUNCATE wait for them).
#pragma once

#include <functional>
#include <vector>

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// Gives `table` and its indexes new, empty files; returns the table as the catalog now
// describes it.
catalog::TableSchema TruncateStorage(Session::Impl& session, const catalog::TableSchema& table,
                                     planner::AnalyzeContext& context);

// Gives `table` (as it should be described: REFRESH sets `populated`) and its indexes new
// files, lets `fill` write the table's rows into the new relation file (the table as given to
// it), then points the catalog at the new files and builds the indexes: REFRESH MATERIALIZED
// VIEW's swap. Returns the table as the catalog now describes it.
catalog::TableSchema ReplaceContents(Session::Impl& session, const catalog::TableSchema& table,
                                     const std::function<void(const catalog::TableSchema& fresh)>& fill,
                                     planner::AnalyzeContext& context);

// Maps a row of the old table (its values, one per old column) to the row of the new one;
// may raise (a failed cast, a NOT NULL or CHECK violation).
using RowTransform = std::function<std::vector<types::Value>(std::vector<types::Value>& old_row)>;

// Writes `updated` (same oid as `old_table`, new columns) to the catalog and copies every row
// of `old_table` visible to the context's snapshot through `transform` into new storage, then
// rebuilds `updated`'s indexes. `context.snapshot` must see the catalog as `old_table` is.
catalog::TableSchema RewriteTable(Session::Impl& session, const catalog::TableSchema& old_table,
                                  catalog::TableSchema updated, const RowTransform& transform,
                                  planner::AnalyzeContext& context);

// What CompactTable found (VACUUM FULL VERBOSE and CLUSTER VERBOSE report it).
struct CompactionReport {
  uint64_t removed = 0;        // versions no snapshot can see any more: left behind
  uint64_t kept = 0;           // versions copied
  uint64_t recently_dead = 0;  // of those, deleted but maybe still seen by an older snapshot
  storage::BlockNumber pages = 0;  // pages of the old file
};

// Gives `table` and its indexes new files that hold, packed, every row version some
// snapshot may still see, each with its own xmin and xmax, so that a snapshot older than the
// statement still sees the table as it was (VACUUM FULL and CLUSTER, which PostgreSQL makes
// MVCC-safe the same way), then builds the indexes again. With `order`, the versions are
// copied in the order of that index's entries (CLUSTER), else in the old file's order. The
// caller holds AccessExclusiveLock on the table, so no other transaction has a change to
// it in progress. Updated versions are not linked to their successors in the copy (nothing
// needs the link once no update of the table can be in progress).
catalog::TableSchema CompactTable(Session::Impl& session, const catalog::TableSchema& table,
                                  const catalog::IndexSchema* order, planner::AnalyzeContext& context,
                                  CompactionReport& report);

// Calls `visit` with every row of `table` visible to the context's snapshot (NOT NULL and
// CHECK validation of ALTER TABLE).
void ForEachRow(Session::Impl& session, const catalog::TableSchema& table,
                const planner::AnalyzeContext& context,
                const std::function<void(std::vector<types::Value>& row)>& visit);

}  // namespace granary
