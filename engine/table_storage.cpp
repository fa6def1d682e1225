// New relation files for a table: TRUNCATE, table rewrites and compaction.
#include "engine/table_storage.hpp"

#include "common/sqlstate.hpp"
#include "engine/index_commands.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/heap/row_codec.hpp"
#include "storage/btree/btree.hpp"
#include "storage/heap/toast.hpp"

namespace granary {
namespace {

// New files for the table, its toast relation and its indexes, registered for removal at
// abort; the old ones are removed at commit, when the statistics follow the new files (a
// truncation's without its live and dead row counts). Of the catalog only the toast relation's pg_class
// rows are written: the table's own rows are the caller's (WriteCatalog).
catalog::TableSchema WithNewFiles(Session::Impl& session, catalog::TableSchema table,
                                  const storage::Snapshot& snapshot, bool truncated) {
  session.DropFileOnCommit(table.relfile);
  const storage::RelFileNumber old_relfile = table.relfile;
  table.relfile = session.db.catalog->CreateRelationFile(snapshot);
  session.DropFileOnAbort(table.relfile);
  session.CarryStatisticsOnCommit(old_relfile, table.relfile, truncated);
  if (table.toast_relfile != 0) session.DropFileOnCommit(table.toast_relfile);
  session.db.catalog->DropToastRelation(table, snapshot, snapshot.command_id);
  if (session.db.catalog->EnsureToastRelation(table, snapshot, snapshot.command_id)) {
    session.DropFileOnAbort(table.toast_relfile);
  }
  for (catalog::IndexSchema& index : table.indexes) {
    session.DropFileOnCommit(index.relfile);
    const storage::RelFileNumber old_index_relfile = index.relfile;
    index.relfile = session.db.catalog->CreateRelationFile(snapshot);
    session.DropFileOnAbort(index.relfile);
    session.CarryStatisticsOnCommit(old_index_relfile, index.relfile, truncated);
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
  catalog::TableSchema truncated = WithNewFiles(session, table, context.snapshot, /*truncated=*/true);
  WriteCatalog(session, truncated, context.snapshot);
  for (const catalog::IndexSchema& index : truncated.indexes) {
    BuildIndex(session, truncated, index, context);  // an empty tree
  }
  return truncated;
}

catalog::TableSchema ReplaceContents(Session::Impl& session, const catalog::TableSchema& table,
                                     const std::function<void(const catalog::TableSchema& fresh)>& fill,
                                     planner::AnalyzeContext& context) {
  catalog::TableSchema fresh = WithNewFiles(session, table, context.snapshot, /*truncated=*/true);
  fill(fresh);
  WriteCatalog(session, fresh, context.snapshot);
  for (const catalog::IndexSchema& index : fresh.indexes) BuildIndex(session, fresh, index, context);
  return fresh;
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
  catalog::TableSchema rewritten = WithNewFiles(session, std::move(updated), snapshot, /*truncated=*/false);
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

namespace {

// Copies the row versions of one table into the new files of a compaction.
class VersionCopier {
 public:
  VersionCopier(Session::Impl& session, const catalog::TableSchema& from, const catalog::TableSchema& to,
                CompactionReport& report)
      : session_(session),
        pool_(*session.db.pool),
        transactions_(*session.db.transactions),
        source_(pool_, from.relfile),
        target_(pool_, to.relfile),
        toast_relfile_(to.toast_relfile),
        column_types_(from.ColumnTypes()),
        horizon_(transactions_.RemovalHorizon()),
        report_(report) {
    report_.pages = pool_.storage().NumBlocks(from.relfile);
    copied_.resize(report_.pages);
  }

  // Copies the version at `tid` unless it was copied already, is gone, or no snapshot can
  // see it any more.
  void Copy(storage::TupleId tid) {
    if (tid.block >= copied_.size()) return;
    std::vector<bool>& slots = copied_[tid.block];
    if (slots.size() < tid.slot + 1u) slots.resize(tid.slot + 1u);
    if (slots[tid.slot]) return;
    slots[tid.slot] = true;
    if (!source_.Fetch(tid, tuple_)) return;
    const storage::TupleHeader& header = tuple_.header;
    const auto verdict = transactions_.VacuumStateOf(header, horizon_);
    if (verdict == storage::TransactionManager::VacuumVerdict::kDead) {
      ++report_.removed;
      return;
    }
    ++report_.kept;
    const std::span<const std::byte> bytes = std::as_bytes(std::span(tuple_.data));
    storage::TupleId copy;
    uint16_t flags = header.flags;
    if ((header.flags & storage::kTupleHasExternal) == 0) {
      copy = target_.Insert(bytes, header.attribute_count, header.xmin, header.cmin, header.flags);
    } else {
      // Out-of-line values move to the new toast relation, their chunks inserted (and below
      // deleted) by the version's own transactions, as toast.hpp requires.
      storage::DecodeRow(bytes, column_types_, row_, header.attribute_count, &pool_);
      const storage::StoredRow stored =
          storage::EncodeRowForStorage(row_, pool_, toast_relfile_, header.xmin, header.cmin);
      flags = stored.flags;
      copy = target_.Insert(std::as_bytes(std::span(stored.bytes)), static_cast<uint16_t>(row_.size()),
                            header.xmin, header.cmin, stored.flags);
    }
    // A deletion that rolled back is dropped; a committed one, or this transaction's own,
    // is kept with its command id.
    if (header.xmax == storage::kInvalidXid ||
        transactions_.Status(header.xmax) == storage::XidStatus::kAborted) {
      return;
    }
    if (verdict == storage::TransactionManager::VacuumVerdict::kRecentlyDead) ++report_.recently_dead;
    target_.MarkDeleted(copy, header.xmax, header.cmax);
    storage::DeleteExternalValues(target_, copy, flags, column_types_, header.xmax, header.cmax);
  }

  // Copies every version of the old file not copied yet, in file order.
  void CopyRest() {
    for (storage::BlockNumber block = 0; block < report_.pages; ++block) {
      storage::SlotNumber slots = 0;
      {
        storage::PageGuard page = pool_.Fetch(source_.rel(), block, storage::LatchMode::kShared);
        slots = page.page().ItemCount();
      }
      for (storage::SlotNumber slot = 1; slot <= slots; ++slot) Copy({block, slot});
      CheckCancel();
    }
  }

  void CheckCancel() const {
    if (session_.cancel_requested.load(std::memory_order_relaxed)) {
      throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    }
  }

 private:
  Session::Impl& session_;
  storage::BufferPool& pool_;
  storage::TransactionManager& transactions_;
  storage::HeapFile source_;
  storage::HeapFile target_;
  storage::RelFileNumber toast_relfile_;
  const std::vector<types::Type> column_types_;
  const storage::Xid horizon_;
  CompactionReport& report_;
  // Per old page, which slots were visited (an index may list a version more than once
  // while an entry waits for vacuum).
  std::vector<std::vector<bool>> copied_;
  storage::HeapTuple tuple_;
  std::vector<types::Value> row_;
};

}  // namespace

catalog::TableSchema CompactTable(Session::Impl& session, const catalog::TableSchema& table,
                                  const catalog::IndexSchema* order, planner::AnalyzeContext& context,
                                  CompactionReport& report) {
  catalog::TableSchema compacted = WithNewFiles(session, table, context.snapshot, /*truncated=*/false);
  VersionCopier copier(session, table, compacted, report);
  if (order != nullptr) {
    // Every version that may still be seen has an entry (vacuum removes entries only for
    // versions dead to all), so the index lists them all; the file pass after it is a
    // safety net that finds nothing to copy.
    ++session.table_counts[order->relfile].index_scans;
    storage::BTree tree(*session.db.pool, order->relfile, order->name);
    storage::BTreeScan scan(tree);
    scan.SeekFirst();
    storage::IndexEntry entry;
    for (uint64_t entries = 0; scan.Next(entry); ++entries) {
      copier.Copy(entry.tid);
      if (entries % 1024 == 0) copier.CheckCancel();
    }
  } else {
    ++session.table_counts[table.relfile].seq_scans;
  }
  copier.CopyRest();
  WriteCatalog(session, compacted, context.snapshot);
  for (const catalog::IndexSchema& index : compacted.indexes) {
    BuildIndex(session, compacted, index, context);
  }
  return compacted;
}

}  // namespace granary
