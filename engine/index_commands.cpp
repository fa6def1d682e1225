// Index DDL: creating (and building) B-tree indexes, and dropping them.
#include "engine/index_commands.hpp"

#include "engine/foreign_keys.hpp"

#include "common/sqlstate.hpp"
#include "engine/alter_table.hpp"
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
  // CONCURRENTLY builds the index as without it, under ShareLock (PostgreSQL lets writes go on
  // and builds in several transactions, hence its rule on transaction blocks).
  if (stmt.concurrently && session.InTransactionBlock()) {
    throw Error(sqlstate::kActiveSqlTransaction, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
  }
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
    for (const parser::IndexElem& elem : stmt.including) keys.push_back(elem.column);
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

void CreateIndexOnTable(Session::Impl& session, const catalog::TableSchema& table,
                        const parser::CreateIndexStmt& stmt, planner::AnalyzeContext& context) {
  auto taken = [&](const std::string& candidate) {
    return session.db.catalog->RelationExists(table.namespace_oid, candidate, context.snapshot);
  };
  std::vector<std::string> keys;
  for (const parser::IndexElem& elem : stmt.elements) keys.push_back(KeyName(elem));
  for (const parser::IndexElem& elem : stmt.including) keys.push_back(elem.column);
  const std::string name = planner::ChooseIndexName(table, keys, "idx", taken);
  const std::string definition = planner::CanonicalIndexDefinition(stmt, name, table, context);
  AddIndex(session, table, name, stmt.unique, false, definition, context);
}

void CreateConstraintIndex(Session::Impl& session, const catalog::TableSchema& table,
                           const std::vector<std::string>& columns, bool primary,
                           const std::string& name, int location,
                           planner::AnalyzeContext& context, const std::vector<std::string>& including) {
  parser::CreateIndexStmt stmt;
  for (const std::string& column : including) {
    parser::IndexElem elem;
    elem.column = column;
    elem.location = location;
    stmt.including.push_back(std::move(elem));
  }
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
    // PostgreSQL names the index after its INCLUDE columns too.
    std::vector<std::string> key_names = columns;
    key_names.insert(key_names.end(), including.begin(), including.end());
    index_name = primary ? planner::ChooseIndexName(table, {}, "pkey", taken)
                         : planner::ChooseIndexName(table, key_names, "key", taken);
  }
  const std::string definition = planner::CanonicalIndexDefinition(stmt, index_name, table, context);
  AddIndex(session, table, index_name, true, primary, definition, context, true);
}

Result DropIndexes(Session::Impl& session, const parser::DropStmt& stmt,
                   planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "DROP INDEX";
  if (stmt.concurrently) {
    if (stmt.names.size() > 1) {
      throw Error(sqlstate::kFeatureNotSupported, "DROP INDEX CONCURRENTLY does not support dropping multiple objects");
    }
    if (stmt.cascade) throw Error(sqlstate::kFeatureNotSupported, "DROP INDEX CONCURRENTLY does not support CASCADE");
    if (session.InTransactionBlock()) {
      throw Error(sqlstate::kActiveSqlTransaction, "DROP INDEX CONCURRENTLY cannot run inside a transaction block");
    }
  }
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

namespace granary {
namespace {

// Builds `index` again in a new file; the old one is removed at commit (PostgreSQL's
// reindex_index, which also gives the index a new relfilenode).
void RebuildIndex(Session::Impl& session, const catalog::TableSchema& table, const catalog::IndexSchema& index,
                  planner::AnalyzeContext& context) {
  const storage::Snapshot& snapshot = context.snapshot;
  catalog::IndexSchema rebuilt = index;
  session.DropFileOnCommit(index.relfile);
  rebuilt.relfile = session.db.catalog->CreateRelationFile(snapshot);
  session.DropFileOnAbort(rebuilt.relfile);
  session.CarryStatisticsOnCommit(index.relfile, rebuilt.relfile, /*truncated=*/false);
  session.db.catalog->UpdateIndex(table, rebuilt, snapshot, snapshot.command_id);
  session.MarkCatalogChanged();
  BuildIndex(session, table, rebuilt, context);
}

void RebuildTableIndexes(Session::Impl& session, const catalog::TableSchema& table, planner::AnalyzeContext& context) {
  for (const catalog::IndexSchema& index : table.indexes) {
    if (context.locks) context.locks->LockRelation(index.oid, storage::LockMode::kAccessExclusive, index.name);
  }
  for (const catalog::IndexSchema& index : table.indexes) RebuildIndex(session, table, index, context);
}

// A table found by listing the catalog, looked up again by name to take its ShareLock (and
// see it as of the lock), then its indexes rebuilt.
void RebuildListedTable(Session::Impl& session, const catalog::TableSchema& listed, planner::AnalyzeContext& context) {
  parser::RangeVar name;
  name.schema = listed.schema_name;
  name.name = listed.name;
  RebuildTableIndexes(session, planner::LookupTable(name, context, storage::LockMode::kShare), context);
}

std::unique_ptr<parser::RangeVar> RangeVarOf(const parser::ReindexStmt& stmt) {
  auto name = std::make_unique<parser::RangeVar>();
  if (stmt.name.size() > 1) name->schema = stmt.name[stmt.name.size() - 2];
  name->name = stmt.name.back();
  name->location = stmt.location;
  return name;
}

std::string TargetWord(parser::ReindexTarget target) {
  switch (target) {
    case parser::ReindexTarget::kSchema: return "SCHEMA";
    case parser::ReindexTarget::kDatabase: return "DATABASE";
    case parser::ReindexTarget::kSystem: return "SYSTEM";
    default: return "";
  }
}

}  // namespace

std::optional<Result> RenameIndex(Session::Impl& session, const parser::AlterTableStmt& stmt,
                                  planner::AnalyzeContext& context) {
  const parser::RangeVar& name = *stmt.table;
  const auto found = session.db.catalog->FindIndex(name.schema, name.name, context.SearchPath(), context.snapshot);
  if (!found) return std::nullopt;
  Result result;
  result.impl().command_tag = "ALTER INDEX";
  const auto& [table, index] = *found;
  if (context.locks) context.locks->LockRelation(index.oid, storage::LockMode::kAccessExclusive, index.name);
  catalog::IndexSchema renamed = index;
  renamed.name = stmt.commands.front().new_name;
  renamed.definition = IndexDefinitionWithHead(renamed, table.schema_name, table.name);
  session.db.catalog->UpdateIndex(table, renamed, context.snapshot, context.snapshot.command_id);  // 42P07
  session.MarkCatalogChanged();
  return result;
}

Result Reindex(Session::Impl& session, const parser::ReindexStmt& stmt, planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "REINDEX";
  const bool many_tables = stmt.target != parser::ReindexTarget::kIndex && stmt.target != parser::ReindexTarget::kTable;
  // PostgreSQL's PreventInTransactionBlock: these run a transaction per table there.
  if (session.InTransactionBlock() && (many_tables || stmt.concurrently)) {
    const std::string what = stmt.concurrently ? "REINDEX CONCURRENTLY" : "REINDEX " + TargetWord(stmt.target);
    throw Error(sqlstate::kActiveSqlTransaction, what + " cannot run inside a transaction block");
  }
  switch (stmt.target) {
    case parser::ReindexTarget::kIndex: {
      const auto [schema, name] = planner::SplitObjectName(stmt.name, context);
      const auto found = session.db.catalog->FindIndex(schema, name, context.SearchPath(), context.snapshot);
      if (!found) {
        // 42P01 for no relation of that name, 42809 for one that is not an index.
        const catalog::TableSchema other = planner::LookupTable(*RangeVarOf(stmt), context);
        throw Error(sqlstate::kWrongObjectType, "\"" + other.name + "\" is not an index");
      }
      const auto& [table, index] = *found;
      if (context.locks) {
        context.locks->LockRelation(table.oid, storage::LockMode::kShare, table.name);
        context.locks->LockRelation(index.oid, storage::LockMode::kAccessExclusive, index.name);
      }
      RebuildIndex(session, table, index, context);
      return result;
    }
    case parser::ReindexTarget::kTable: {
      const auto [schema, name] = planner::SplitObjectName(stmt.name, context);
      if (session.db.catalog->FindIndex(schema, name, context.SearchPath(), context.snapshot)) {
        throw Error(sqlstate::kWrongObjectType, "\"" + name + "\" is not a table or materialized view");
      }
      const catalog::TableSchema table = planner::LookupTable(*RangeVarOf(stmt), context, storage::LockMode::kShare);
      if (table.kind != 'r') {
        throw Error(sqlstate::kWrongObjectType, "\"" + table.name + "\" is not a table or materialized view");
      }
      if (table.indexes.empty()) {
        result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                              "table \"" + table.name + "\" has no indexes to reindex",
                                              Severity::kNotice));
      }
      RebuildTableIndexes(session, table, context);
      return result;
    }
    case parser::ReindexTarget::kSchema: {
      const std::optional<catalog::Oid> schema = session.db.catalog->FindNamespace(stmt.name.back(), context.snapshot);
      if (!schema) throw Error(sqlstate::kInvalidSchemaName, "schema \"" + stmt.name.back() + "\" does not exist");
      for (const catalog::TableSchema& listed : session.db.catalog->NamespaceRelations(*schema, context.snapshot)) {
        if (listed.kind != 'r') continue;
        RebuildListedTable(session, listed, context);
      }
      return result;
    }
    case parser::ReindexTarget::kDatabase:
    case parser::ReindexTarget::kSystem: {
      if (stmt.name.back() != session.database) {
        throw Error(sqlstate::kFeatureNotSupported, "can only reindex the currently open database");
      }
      // The system catalogs have no B-tree indexes of their own: REINDEX SYSTEM has nothing
      // to do; REINDEX DATABASE rebuilds the indexes of every table outside pg_catalog and
      // other sessions' temporary schemas.
      if (stmt.target == parser::ReindexTarget::kSystem) return result;
      const std::string own_temp = context.SearchPath().temp_schema;
      for (const catalog::TableSchema& listed : session.db.catalog->ListTables(context.snapshot)) {
        if (listed.schema_name == "pg_catalog" || listed.schema_name == "information_schema") continue;
        if (catalog::IsTempSchemaName(listed.schema_name) && listed.schema_name != own_temp) continue;
        RebuildListedTable(session, listed, context);
      }
      return result;
    }
  }
  return result;
}

}  // namespace granary
