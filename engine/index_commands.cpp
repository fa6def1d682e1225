// Index DDL: creating (and building) B-tree indexes, and dropping them.
#include "engine/index_commands.hpp"

#include "engine/foreign_keys.hpp"

#include "common/sqlstate.hpp"
#include "engine/ddl.hpp"
#include "executor/index_maintenance.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/index_definition.hpp"
#include "storage/btree/btree.hpp"
#include "storage/heap/row_codec.hpp"

namespace granary {

// Adds an entry for every tuple version some transaction may still see: everything but the
// versions whose inserting transaction aborted (PostgreSQL indexes recently-dead tuples too).
// Only versions not yet deleted take part in the unique check.
void BuildIndex(Session::Impl& session, const catalog::TableSchema& table,
                const catalog::IndexSchema& index, planner::AnalyzeContext& context) {
  storage::BufferPool& pool = *session.db.pool;
  storage::TransactionManager& transactions = *session.db.transactions;
  storage::BTree::Create(pool, index.relfile, index.name);
  const planner::BoundIndex bound = planner::BindIndex(table, index, context);
  const std::vector<types::Value> no_params;
  executor::ExecContext exec{pool, transactions, context.snapshot, no_params};
  storage::HeapFile heap(pool, table.relfile);
  const std::vector<types::Type> column_types = table.ColumnTypes();
  const storage::BlockNumber blocks = pool.storage().NumBlocks(table.relfile);
  storage::HeapTuple tuple;
  executor::Batch batch;
  // The build reads the table as a sequential scan would, and counts as one (as in
  // PostgreSQL, whose index builds scan the heap with a sequential scan).
  storage::TableCounts& counts = session.table_counts[table.relfile];
  ++counts.seq_scans;
  for (storage::BlockNumber block = 0; block < blocks; ++block) {
    storage::SlotNumber slots = 0;
    {
      storage::PageGuard page = pool.Fetch(table.relfile, block, storage::LatchMode::kShared);
      slots = page.page().ItemCount();
    }
    for (storage::SlotNumber slot = 1; slot <= slots; ++slot) {
      const storage::TupleId tid{block, slot};
      if (!heap.Fetch(tid, tuple)) continue;
      ++counts.seq_tuples_read;
      const storage::Xid xmin = tuple.header.xmin;
      if (!context.snapshot.IsOwn(xmin) && xmin != storage::kBootstrapXid &&
          transactions.Status(xmin) == storage::XidStatus::kAborted) {
        continue;
      }
      const storage::Xid xmax = tuple.header.xmax;
      const bool deleted = xmax != storage::kInvalidXid &&
                           (context.snapshot.IsOwn(xmax) ||
                            transactions.Status(xmax) == storage::XidStatus::kCommitted);
      std::vector<types::Value> row;
      storage::DecodeRow(std::as_bytes(std::span(tuple.data)), column_types, row,
                         tuple.header.attribute_count, &pool);
      batch.Reset(row.size());
      batch.AppendRow(std::move(row));
      try {
        executor::InsertIndexEntry(bound, table, batch, 0, tid, exec, !deleted);
      } catch (Error& error) {
        if (error.sqlstate() != sqlstate::kUniqueViolation) throw;
        std::string detail = error.detail();
        const std::string exists = "already exists.";
        if (detail.size() >= exists.size()) detail.replace(detail.size() - exists.size(), exists.size(), "is duplicated.");
        throw Error(sqlstate::kUniqueViolation, "could not create unique index \"" + index.name + "\"")
            .WithDetail(detail)
            .WithTable(table.schema_name, table.name)
            .WithConstraint(index.name);
      }
    }
  }
}

namespace {

// Registers and builds an index whose canonical definition is `definition`.
void AddIndex(Session::Impl& session, const catalog::TableSchema& table, const std::string& name,
              bool unique, bool primary, const std::string& definition,
              planner::AnalyzeContext& context, bool constraint = false) {
  catalog::IndexSchema index;
  index.name = name;
  index.unique = unique;
  index.primary = primary;
  index.constraint = constraint;
  index.definition = definition;
  index = session.db.catalog->CreateIndex(table, index, context.snapshot, context.snapshot.command_id);
  session.DropFileOnAbort(index.relfile);
  session.MarkCatalogChanged();
  BuildIndex(session, table, index, context);
}

std::string KeyName(const parser::IndexElem& elem) {
  if (!elem.expr) return elem.column;
  const std::string name = planner::FigureColumnName(*elem.expr);
  return name == "?column?" ? "expr" : name;
}

}  // namespace

Result CreateIndex(Session::Impl& session, const parser::CreateIndexStmt& stmt,
                   planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "CREATE INDEX";
  // ShareLock: no row changes while the index is built from the table.
  const catalog::TableSchema table = planner::LookupTable(*stmt.table, context, storage::LockMode::kShare);
  if (table.kind == 'S') {
    throw Error(sqlstate::kWrongObjectType, "cannot create index on relation \"" + table.name + "\"")
        .WithDetail("This operation is not supported for sequences.");
  }
  if (!stmt.name.empty()) LockRelationName(context, table.namespace_oid, stmt.name);
  auto taken = [&](const std::string& candidate) {
    return session.db.catalog->RelationExists(table.namespace_oid, candidate, context.snapshot);
  };
  std::string name = stmt.name;
  if (name.empty()) {
    std::vector<std::string> keys;
    for (const parser::IndexElem& elem : stmt.elements) keys.push_back(KeyName(elem));
    name = planner::ChooseIndexName(table, keys, "idx", taken);
  } else if (taken(name)) {
    if (stmt.if_not_exists) {
      result.impl().notices.push_back(Error(sqlstate::kDuplicateTable,
                                            "relation \"" + name + "\" already exists, skipping",
                                            Severity::kNotice));
      return result;
    }
    throw Error(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists");
  }
  const std::string definition = planner::CanonicalIndexDefinition(stmt, name, table, context);
  AddIndex(session, table, name, stmt.unique, false, definition, context);
  return result;
}

void CreateConstraintIndex(Session::Impl& session, const catalog::TableSchema& table,
                           const std::vector<std::string>& columns, bool primary,
                           const std::string& name, int location,
                           planner::AnalyzeContext& context) {
  parser::CreateIndexStmt stmt;
  stmt.unique = true;
  stmt.table = std::make_unique<parser::RangeVar>();
  stmt.table->schema = table.schema_name;
  stmt.table->name = table.name;
  for (const std::string& column : columns) {
    parser::IndexElem elem;
    elem.column = column;
    elem.location = location;
    stmt.elements.push_back(std::move(elem));
  }
  std::string index_name = name;
  if (index_name.empty()) {
    auto taken = [&](const std::string& candidate) {
      return session.db.catalog->RelationExists(table.namespace_oid, candidate, context.snapshot);
    };
    index_name = primary ? planner::ChooseIndexName(table, {}, "pkey", taken)
                         : planner::ChooseIndexName(table, columns, "key", taken);
  }
  const std::string definition = planner::CanonicalIndexDefinition(stmt, index_name, table, context);
  AddIndex(session, table, index_name, true, primary, definition, context, true);
}

Result DropIndexes(Session::Impl& session, const parser::DropStmt& stmt,
                   planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "DROP INDEX";
  std::vector<std::pair<catalog::TableSchema, catalog::IndexSchema>> indexes;
  for (const std::vector<std::string>& name : stmt.names) {
    const auto [schema, relation_name] = planner::SplitObjectName(name, context);
    if (!DropTargetSchemaExists(session, schema, stmt.if_exists, result, context)) continue;
    auto found = session.db.catalog->FindIndex(schema, relation_name, context.SearchPath(), context.snapshot);
    if (!found) {
      if (stmt.if_exists) {
        result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                              "index \"" + name.back() + "\" does not exist, skipping",
                                              Severity::kNotice));
        continue;
      }
      throw Error(sqlstate::kUndefinedObject, "index \"" + name.back() + "\" does not exist");
    }
    const auto& [table, index] = *found;
    if (index.primary || index.constraint) {
      throw Error(sqlstate::kDependentObjectsStillExist,
                  "cannot drop index " + index.name + " because constraint " + index.name +
                      " on table " + table.name + " requires it")
          .WithHint("You can drop constraint " + index.name + " on table " + table.name + " instead.");
    }
    // Every lock before the first change: taking one may restart the statement.
    if (context.locks) {
      context.locks->LockRelation(table.oid, storage::LockMode::kAccessExclusive, table.name);
    }
    indexes.push_back(*found);
  }
  // Foreign keys whose referenced key the index enforces depend on it.
  std::vector<catalog::ForeignKey> dependents;
  for (const auto& [table, index] : indexes) {
    std::vector<catalog::ForeignKey> mine;
    for (const catalog::ForeignKey& key : table.referenced_by) {
      if (key.index_oid == index.oid) mine.push_back(key);
    }
    if (!stmt.cascade) ReportDependentKeys(mine, "index " + index.name, "index " + index.name, false, result);
    dependents.insert(dependents.end(), mine.begin(), mine.end());
  }
  ReportDependentKeys(dependents, "", "", true, result);
  for (const catalog::ForeignKey& key : dependents) {
    session.db.catalog->DropConstraint(key.oid, context.snapshot, context.snapshot.command_id);
  }
  for (const auto& [table, index] : indexes) {
    session.db.catalog->DropIndex(index, context.snapshot, context.snapshot.command_id);
    session.DropFileOnCommit(index.relfile);
  }
  session.MarkCatalogChanged();
  return result;
}

}  // namespace granary
