// New relation files for a table: TRUNCATE and table rewrites.
#include "engine/table_storage.hpp"

#include "common/sqlstate.hpp"
#include "engine/index_commands.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/heap/row_codec.hpp"
#include "storage/heap/toast.hpp"

namespace granary {
namespace {

// New files for the table, its toast relation and its indexes, registered for removal at
// abort; the old ones are removed at commit. Of the catalog only the toast relation's pg_class
// rows are written: the table's own rows are the caller's (WriteCatalog).
catalog::TableSchema WithNewFiles(Session::Impl& session, catalog::TableSchema table,
                                  const storage::Snapshot& snapshot) {
  session.DropFileOnCommit(table.relfile);
  table.relfile = session.db.catalog->CreateRelationFile(snapshot);
  session.DropFileOnAbort(table.relfile);
  if (table.toast_relfile != 0) session.DropFileOnCommit(table.toast_relfile);
  session.db.catalog->DropToastRelation(table, snapshot, snapshot.command_id);
  if (session.db.catalog->EnsureToastRelation(table, snapshot, snapshot.command_id)) {
    session.DropFileOnAbort(table.toast_relfile);
  }
  for (catalog::IndexSchema& index : table.indexes) {
    session.DropFileOnCommit(index.relfile);
    index.relfile = session.db.catalog->CreateRelationFile(snapshot);
    session.DropFileOnAbort(index.relfile);
  }
  return table;
}

void WriteCatalog(Session::Impl& session, const catalog::TableSchema& table,
                  const storage::Snapshot& snapshot) {
  session.db.catalog->UpdateTable(table, snapshot, snapshot.command_id);
  for (const catalog::IndexSchema& index : table.indexes) {
    session.db.catalog->UpdateIndex(table, index, snapshot, snapshot.command_id);
  }
  session.MarkCatalogChanged();
}

}  // namespace

catalog::TableSchema TruncateStorage(Session::Impl& session, const catalog::TableSchema& table,
                                     planner::AnalyzeContext& context) {
  catalog::TableSchema truncated = WithNewFiles(session, table, context.snapshot);
  WriteCatalog(session, truncated, context.snapshot);
  for (const catalog::IndexSchema& index : truncated.indexes) {
    BuildIndex(session, truncated, index, context);  // an empty tree
  }
  return truncated;
}

void ForEachRow(Session::Impl& session, const catalog::TableSchema& table,
                const planner::AnalyzeContext& context,
                const std::function<void(std::vector<types::Value>& row)>& visit) {
  storage::HeapFile heap(*session.db.pool, table.relfile);
  // Rows as a snapshot taken after the table lock sees them (the catalog snapshot may be
  // older than commits the lock waited for).
  storage::HeapFile::Scan scan(heap, *session.db.transactions, session.ExecutionSnapshot(context.snapshot));
  const std::vector<types::Type> types = table.ColumnTypes();
  std::vector<storage::HeapTuple> tuples;
  std::vector<types::Value> row;
  ++session.table_counts[table.relfile].seq_scans;
  while (scan.NextBatch(tuples, 256)) {
    session.table_counts[table.relfile].seq_tuples_read += tuples.size();
    for (const storage::HeapTuple& tuple : tuples) {
      storage::DecodeRow(std::as_bytes(std::span(tuple.data)), types, row,
                         tuple.header.attribute_count, session.db.pool.get());
      visit(row);
    }
    tuples.clear();
    if (session.cancel_requested.load(std::memory_order_relaxed)) {
      throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    }
  }
}

catalog::TableSchema RewriteTable(Session::Impl& session, const catalog::TableSchema& old_table,
                                  catalog::TableSchema updated, const RowTransform& transform,
                                  planner::AnalyzeContext& context) {
  const storage::Snapshot& snapshot = context.snapshot;
  updated.relfile = old_table.relfile;
  for (catalog::IndexSchema& index : updated.indexes) {
    for (const catalog::IndexSchema& old_index : old_table.indexes) {
      if (old_index.oid == index.oid) index.relfile = old_index.relfile;
    }
  }
  // Indexes `updated` no longer has (dropped with a column) lose their files too.
  for (const catalog::IndexSchema& old_index : old_table.indexes) {
    bool kept = false;
    for (const catalog::IndexSchema& index : updated.indexes) kept = kept || index.oid == old_index.oid;
    if (!kept) session.DropFileOnCommit(old_index.relfile);
  }
  catalog::TableSchema rewritten = WithNewFiles(session, std::move(updated), snapshot);
  storage::HeapFile target(*session.db.pool, rewritten.relfile);
  ForEachRow(session, old_table, context, [&](std::vector<types::Value>& row) {
    const std::vector<types::Value> new_row = transform(row);
    // Values come out of the old toast relation whole and go into the new one (or in line).
    const storage::StoredRow stored = storage::EncodeRowForStorage(
        new_row, *session.db.pool, rewritten.toast_relfile, snapshot.own_xid, snapshot.command_id);
    target.Insert(std::as_bytes(std::span(stored.bytes)), static_cast<uint16_t>(new_row.size()),
                  snapshot.own_xid, snapshot.command_id, stored.flags);
  });
  WriteCatalog(session, rewritten, snapshot);
  for (const catalog::IndexSchema& index : rewritten.indexes) {
    BuildIndex(session, rewritten, index, context);
  }
  return rewritten;
}

}  // namespace granary
