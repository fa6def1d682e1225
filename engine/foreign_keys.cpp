// FOREIGN KEY definition and enforcement (foreign_keys.hpp has the design).
#include "engine/foreign_keys.hpp"

#include <map>
#include <memory>
#include <set>

#include "common/sqlstate.hpp"
#include "engine/statement_runner.hpp"
#include "engine/statement_services.hpp"
#include "engine/table_storage.hpp"
#include "executor/operators/operator.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/index_definition.hpp"
#include "types/value_ops.hpp"

namespace granary {
namespace {

using catalog::ForeignKey;
using catalog::TableSchema;
using executor::ForeignKeyEvent;
using types::Type;
using types::Value;

std::string Qualified(const std::string& schema, const std::string& name) {
  return catalog::QuoteName(schema) + "." + catalog::QuoteName(name);
}

// "a = $1 AND b = $2", numbering from `first`.
std::string KeyConditions(const std::vector<std::string>& columns, size_t first) {
  std::string text;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text += " AND ";
    text += catalog::QuoteName(columns[i]) + " = $" + std::to_string(first + i);
  }
  return text;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) text += (i > 0 ? ", " : "") + names[i];
  return text;
}

std::string KeyValues(const std::vector<Value>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    text += (i > 0 ? ", " : "") + (values[i].is_null() ? std::string("null") : types::ToText(values[i]));
  }
  return text;
}

std::vector<Value> Pick(const std::vector<Value>& row, const std::vector<size_t>& columns) {
  std::vector<Value> values;
  values.reserve(columns.size());
  for (size_t column : columns) values.push_back(column < row.size() ? row[column] : Value::Null());
  return values;
}

std::vector<Type> PickTypes(const TableSchema& table, const std::vector<size_t>& columns) {
  std::vector<Type> result;
  for (size_t column : columns) result.push_back(table.columns[column].type);
  return result;
}

bool KeyChanged(const std::vector<size_t>& columns, const std::vector<Value>& old_row,
                const std::vector<Value>& new_row) {
  for (size_t column : columns) {
    if (column >= old_row.size() || column >= new_row.size()) return true;
    const Value& a = old_row[column];
    const Value& b = new_row[column];
    if (a.is_null() != b.is_null()) return true;
    if (!a.is_null() && types::Compare(a, b) != 0) return true;
  }
  return false;
}

Error ReferencingViolation(const ForeignKey& key, const std::string& schema, const std::string& table) {
  return Error(sqlstate::kForeignKeyViolation, "insert or update on table \"" + table +
                                                   "\" violates foreign key constraint \"" +
                                                   key.name + "\"")
      .WithTable(schema, table)
      .WithConstraint(key.name);
}

// Runs the statements that enforce foreign keys, each under a new command id and a fresh
// snapshot, with the session's locks (never restarting: the statement they serve has
// written already). Plans are kept per SQL text for the enforcer's lifetime.
class Enforcer {
 public:
  Enforcer(Session::Impl& session, const storage::Snapshot& base) : session_(session), base_(base) {
    if (session.locks().active()) {
      locks_ = session.locks();
      locks_.catalog_version = nullptr;
    }
  }

  void Run(executor::ForeignKeyEvents& events);
  // 23503 unless the referenced row of `row` (a row of the referencing table) exists.
  void CheckReferencing(const TableSchema& table, const ForeignKey& key, const std::vector<Value>& row);
  // Statements run under `snapshot` instead of a fresh one each (validation of existing rows),
  // and no check is deferred.
  void UseFixedSnapshot(const storage::Snapshot& snapshot) { fixed_ = snapshot; }

 private:
  void ReferencedRowChanged(const TableSchema& table, const ForeignKey& key,
                            const std::vector<Value>& old_row, const std::vector<Value>* new_row);
  // Whether the check of `key` waits for the commit; notes it as pending when it does.
  bool Defer(const ForeignKey& key) {
    if (fixed_ || !session_.deferred_constraints.IsDeferred(key)) return false;
    session_.deferred_constraints.pending.emplace(key.oid, std::make_pair(key.table_schema, key.table_name));
    return true;
  }
  // Runs `sql`; returns the rows it returned (at most one when `first_row_only`) or, for
  // INSERT/UPDATE/DELETE, the rows it changed.
  // `transaction_snapshot`: under REPEATABLE READ, run with the transaction's snapshot (a
  // row changed since is 40001), as PostgreSQL checks a referencing row; otherwise, and for
  // everything else, with a fresh one (PostgreSQL's detectNewRows).
  uint64_t Execute(const std::string& sql, const std::vector<Value>& params,
                   const std::vector<Type>& param_types, bool first_row_only,
                   bool transaction_snapshot = false);

  Session::Impl& session_;
  const storage::Snapshot base_;
  std::optional<storage::Snapshot> fixed_;
  storage::LockContext locks_;
  std::map<std::string, std::unique_ptr<PlannedStatement>> plans_;
};

uint64_t Enforcer::Execute(const std::string& sql, const std::vector<Value>& params,
                           const std::vector<Type>& param_types, bool first_row_only,
                           bool transaction_snapshot) {
  storage::Snapshot snapshot;
  const bool repeatable_read = !fixed_ && transaction_snapshot && session_.RepeatableRead();
  if (fixed_) {
    snapshot = *fixed_;
  } else if (repeatable_read) {
    snapshot = session_.ExecutionSnapshot(session_.NextCommand(base_));
  } else {
    const storage::Snapshot next = session_.NextCommand(base_);
    snapshot = session_.db.transactions->TakeSnapshot(next.own_xid, next.command_id, next.own_ancestors);
  }
  const storage::LockContext* locks = locks_.active() ? &locks_ : nullptr;
  auto found = plans_.find(sql);
  if (found == plans_.end()) {
    found = plans_.emplace(sql, nullptr).first;
    std::vector<Type> types = param_types;
    planner::AnalyzeContext context{*session_.db.catalog, snapshot, found->first, types};
    context.locks = locks;
    try {
      const std::vector<parser::StmtPtr> statements = parser::Parse(found->first);
      found->second = std::make_unique<PlannedStatement>(PlanStatement(*statements.front(), context));
    } catch (...) {
      plans_.erase(found);
      throw;
    }
  }
  const PlannedStatement& planned = *found->second;
  executor::ExecContext exec{*session_.db.pool, *session_.db.transactions, snapshot, params};
  exec.cancel_requested = &session_.cancel_requested;
  exec.statement_deadline = session_.statement_deadline();
  exec.locks = locks;
  exec.transaction_snapshot = repeatable_read;
  exec.table_counts = &session_.table_counts;
  executor::ForeignKeyEvents nested;
  exec.foreign_key_events = &nested;
  StatementServices services(session_, snapshot, locks);
  services.Attach(exec);
  uint64_t rows = 0;
  {
    executor::OperatorPtr root = executor::BuildOperator(*planned.plan, exec);
    executor::Batch batch;
    while (root->Next(batch)) {
      rows += batch.row_count;
      if (first_row_only && rows > 0) break;
    }
  }
  if (!nested.events.empty()) Run(nested);
  return planned.tag_prefix == "SELECT" ? rows : exec.rows_affected;
}

void Enforcer::Run(executor::ForeignKeyEvents& events) {
  for (const ForeignKeyEvent& event : events.events) {
    const TableSchema& table = *event.table;
    if (event.kind != ForeignKeyEvent::Kind::kDelete) {
      for (const ForeignKey& key : table.foreign_keys) {
        if (event.kind == ForeignKeyEvent::Kind::kUpdate &&
            !KeyChanged(key.columns, event.old_row, event.new_row)) {
          continue;
        }
        CheckReferencing(table, key, event.new_row);
      }
    }
    if (event.kind == ForeignKeyEvent::Kind::kInsert) continue;
    for (const ForeignKey& key : table.referenced_by) {
      bool has_null = false;
      for (size_t column : key.referenced_columns) {
        has_null = has_null || column >= event.old_row.size() || event.old_row[column].is_null();
      }
      if (has_null) continue;
      if (event.kind == ForeignKeyEvent::Kind::kUpdate) {
        if (!KeyChanged(key.referenced_columns, event.old_row, event.new_row)) continue;
        ReferencedRowChanged(table, key, event.old_row, &event.new_row);
      } else {
        ReferencedRowChanged(table, key, event.old_row, nullptr);
      }
    }
  }
}

void Enforcer::CheckReferencing(const TableSchema& table, const ForeignKey& key,
                                const std::vector<Value>& row) {
  if (Defer(key)) return;
  const std::vector<Value> values = Pick(row, key.columns);
  size_t nulls = 0;
  for (const Value& value : values) nulls += value.is_null() ? 1 : 0;
  if (nulls == values.size()) return;
  if (nulls > 0) {
    if (key.match != 'f') return;  // MATCH SIMPLE: a NULL column means no check
    throw ReferencingViolation(key, table.schema_name, table.name)
        .WithDetail("MATCH FULL does not allow mixing of null and nonnull key values.");
  }
  const std::string sql = "SELECT 1 FROM " + Qualified(key.referenced_schema, key.referenced_name) +
                          " WHERE " + KeyConditions(key.referenced_column_names, 1) + " FOR KEY SHARE";
  if (Execute(sql, values, PickTypes(table, key.columns), true, true) > 0) return;
  throw ReferencingViolation(key, table.schema_name, table.name)
      .WithDetail("Key (" + JoinNames(key.column_names) + ")=(" + KeyValues(values) +
                  ") is not present in table \"" + key.referenced_name + "\".");
}

void Enforcer::ReferencedRowChanged(const TableSchema& table, const ForeignKey& key,
                                    const std::vector<Value>& old_row,
                                    const std::vector<Value>* new_row) {
  const std::vector<Value> old_key = Pick(old_row, key.referenced_columns);
  const std::vector<Type> key_types = PickTypes(table, key.referenced_columns);
  const std::string referencing = Qualified(key.table_schema, key.table_name);
  const std::string where = " WHERE " + KeyConditions(key.column_names, 1);
  const char action = new_row != nullptr ? key.on_update : key.on_delete;
  switch (action) {
    case 'c': {
      if (new_row == nullptr) {
        Execute("DELETE FROM " + referencing + where, old_key, key_types, false);
        return;
      }
      // UPDATE referencing SET a = $1, b = $2 WHERE a = $3 AND b = $4
      std::vector<Value> params = Pick(*new_row, key.referenced_columns);
      std::vector<Type> types = key_types;
      std::string sets;
      for (size_t i = 0; i < key.column_names.size(); ++i) {
        sets += (i > 0 ? ", " : "") + catalog::QuoteName(key.column_names[i]) + " = $" + std::to_string(i + 1);
      }
      params.insert(params.end(), old_key.begin(), old_key.end());
      types.insert(types.end(), key_types.begin(), key_types.end());
      Execute("UPDATE " + referencing + " SET " + sets + " WHERE " +
                  KeyConditions(key.column_names, key.column_names.size() + 1),
              params, types, false);
      return;
    }
    case 'n':
    case 'd': {
      std::vector<size_t> targets = key.columns;
      if (new_row == nullptr && !key.delete_set_columns.empty()) targets = key.delete_set_columns;
      std::string sets;
      for (size_t target : targets) {
        for (size_t i = 0; i < key.columns.size(); ++i) {
          if (key.columns[i] != target) continue;
          sets += (sets.empty() ? "" : ", ") + catalog::QuoteName(key.column_names[i]) +
                  (action == 'n' ? " = NULL" : " = DEFAULT");
        }
      }
      Execute("UPDATE " + referencing + " SET " + sets + where, old_key, key_types, false);
      return;
    }
    default: {
      // NO ACTION: nothing to do when another row now has the old key (PostgreSQL's
      // ri_Check_Pk_Match); RESTRICT does not look, and is never deferred.
      if (action == 'a' && Defer(key)) return;
      if (action == 'a') {
        const std::string same = "SELECT 1 FROM " + Qualified(table.schema_name, table.name) + " WHERE " +
                                 KeyConditions(key.referenced_column_names, 1) + " FOR KEY SHARE";
        if (Execute(same, old_key, key_types, true) > 0) return;
      }
      if (Execute("SELECT 1 FROM " + referencing + where + " FOR KEY SHARE", old_key, key_types, true) == 0) {
        return;
      }
      throw Error(sqlstate::kForeignKeyViolation,
                  "update or delete on table \"" + table.name + "\" violates foreign key constraint \"" +
                      key.name + "\" on table \"" + key.table_name + "\"")
          .WithDetail("Key (" + JoinNames(key.referenced_column_names) + ")=(" + KeyValues(old_key) +
                      ") is still referenced from table \"" + key.table_name + "\".")
          .WithTable(key.table_schema, key.table_name)
          .WithConstraint(key.name);
    }
  }
}

// Integer, floating-point, string and date/time types compare across their family
// (PostgreSQL's btree operator families integer_ops, float_ops, text_ops, datetime_ops).
int TypeFamily(types::TypeId id) {
  using types::TypeId;
  switch (id) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8: return 1;
    case TypeId::kFloat4:
    case TypeId::kFloat8: return 2;
    case TypeId::kText:
    case TypeId::kVarchar: return 3;
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return 4;
    default: return 0;
  }
}

// PostgreSQL's rule: an equality operator of the referenced column's operator family for
// the two types, or an implicit cast of the referencing type to the referenced one.
bool KeyTypesCompatible(types::TypeId referencing, types::TypeId referenced) {
  if (referencing == referenced) return true;
  if (TypeFamily(referencing) != 0 && TypeFamily(referencing) == TypeFamily(referenced)) return true;
  return planner::CanImplicitlyCast(referencing, referenced);
}

std::vector<size_t> ColumnPositions(const TableSchema& table, const std::vector<std::string>& names) {
  std::vector<size_t> positions;
  for (const std::string& name : names) {
    const std::optional<size_t> index = table.ColumnIndex(name);
    if (!index) {
      throw Error(sqlstate::kUndefinedColumn,
                  "column \"" + name + "\" referenced in foreign key constraint does not exist");
    }
    positions.push_back(*index);
  }
  return positions;
}

// The table columns of a unique, non-partial index on plain columns; nullopt otherwise.
std::optional<std::vector<size_t>> UniqueKeyColumns(const TableSchema& table,
                                                    const catalog::IndexSchema& index,
                                                    planner::AnalyzeContext& context) {
  if (!index.unique) return std::nullopt;
  const planner::BoundIndex bound = planner::BindIndex(table, index, context);
  if (bound.predicate) return std::nullopt;
  std::vector<size_t> columns;
  for (const planner::IndexKey& key : bound.keys) {
    if (!key.table_column) return std::nullopt;
    columns.push_back(*key.table_column);
  }
  return columns;
}

}  // namespace

void RunForeignKeyEvents(Session::Impl& session, const storage::Snapshot& statement_snapshot,
                         executor::ForeignKeyEvents& events) {
  if (events.events.empty()) return;
  Enforcer(session, statement_snapshot).Run(events);
}

bool ConstraintNameTaken(const TableSchema& table, const std::string& name) {
  for (const catalog::CheckConstraint& check : table.checks) {
    if (check.name == name) return true;
  }
  for (const catalog::IndexSchema& index : table.indexes) {
    if (index.constraint && index.name == name) return true;
  }
  for (const ForeignKey& key : table.foreign_keys) {
    if (key.name == name) return true;
  }
  return false;
}

ForeignKey DefineForeignKey(Session::Impl& /*session*/, const TableSchema& table,
                            const parser::Constraint& constraint,
                            const std::vector<std::string>& columns, planner::AnalyzeContext& context,
                            int extra_attributes) {
  const int attributes = constraint.attributes | extra_attributes;
  if (constraint.match == 'p') {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "MATCH PARTIAL not yet implemented",
                          constraint.location);
  }
  if (!constraint.update_set_columns.empty()) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                          std::string("a column list with ") +
                              (constraint.on_update == 'n' ? "SET NULL" : "SET DEFAULT") +
                              " is only supported for ON DELETE actions",
                          constraint.location);
  }
  const bool initially_deferred = (attributes & parser::kConstraintInitiallyDeferred) != 0;
  if ((attributes & parser::kConstraintNotDeferrable) != 0) {
    if ((attributes & parser::kConstraintDeferrable) != 0) {
      throw context.ErrorAt(sqlstate::kSyntaxError, "conflicting constraint properties", constraint.location);
    }
    if (initially_deferred) {
      throw context.ErrorAt(sqlstate::kSyntaxError, "constraint declared INITIALLY DEFERRED must be DEFERRABLE",
                            constraint.location);
    }
  }
  if ((attributes & parser::kConstraintInitiallyImmediate) != 0 && initially_deferred) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "conflicting constraint properties", constraint.location);
  }
  // Table lock: ShareRowExclusiveLock on the referenced table, as PostgreSQL takes.
  const TableSchema referenced =
      planner::LookupTable(*constraint.referenced_table, context, storage::LockMode::kShareRowExclusive);
  if (referenced.kind != 'r') {
    throw Error(sqlstate::kWrongObjectType, "referenced relation \"" + referenced.name + "\" is not a table");
  }
  // A temporary table's rows vanish with its session: a permanent row must not depend on
  // them, and a temporary table may not hold up a permanent one (PostgreSQL's rule).
  const bool temporary = catalog::IsTempSchemaName(table.schema_name);
  if (temporary != catalog::IsTempSchemaName(referenced.schema_name)) {
    throw Error(sqlstate::kInvalidTableDefinition,
                temporary ? "constraints on temporary tables may reference only temporary tables"
                          : "constraints on permanent tables may reference only permanent tables");
  }
  ForeignKey key;
  key.table_oid = table.oid;
  key.table_schema = table.schema_name;
  key.table_name = table.name;
  key.referenced_oid = referenced.oid;
  key.referenced_schema = referenced.schema_name;
  key.referenced_name = referenced.name;
  key.columns = ColumnPositions(table, columns);
  key.column_names = columns;
  key.match = constraint.match;
  key.on_update = constraint.on_update;
  key.on_delete = constraint.on_delete;
  for (size_t column : ColumnPositions(table, constraint.delete_set_columns)) {
    bool part = false;
    for (size_t key_column : key.columns) part = part || key_column == column;
    if (!part) {
      throw Error(sqlstate::kInvalidColumnReference,
                  "column \"" + table.columns[column].name +
                      "\" referenced in ON DELETE SET action must be part of foreign key");
    }
    key.delete_set_columns.push_back(column);
  }
  if (constraint.referenced_columns.empty()) {
    for (const catalog::IndexSchema& index : referenced.indexes) {
      if (!index.primary) continue;
      key.referenced_columns = *UniqueKeyColumns(referenced, index, context);
      key.index_oid = index.oid;
    }
    if (key.index_oid == 0) {
      throw Error(sqlstate::kUndefinedObject,
                  "there is no primary key for referenced table \"" + referenced.name + "\"");
    }
  } else {
    key.referenced_columns = ColumnPositions(referenced, constraint.referenced_columns);
    const std::set<size_t> wanted(key.referenced_columns.begin(), key.referenced_columns.end());
    for (const catalog::IndexSchema& index : referenced.indexes) {
      const std::optional<std::vector<size_t>> columns = UniqueKeyColumns(referenced, index, context);
      if (!columns || columns->size() != key.referenced_columns.size()) continue;
      if (std::set<size_t>(columns->begin(), columns->end()) != wanted || wanted.size() != columns->size()) continue;
      key.index_oid = index.oid;
      break;
    }
    if (key.index_oid == 0) {
      throw Error(sqlstate::kInvalidForeignKey,
                  "there is no unique constraint matching given keys for referenced table \"" +
                      referenced.name + "\"");
    }
  }
  for (size_t column : key.referenced_columns) {
    key.referenced_column_names.push_back(referenced.columns[column].name);
  }
  if (key.columns.size() != key.referenced_columns.size()) {
    throw Error(sqlstate::kInvalidForeignKey,
                "number of referencing and referenced columns for foreign key disagree");
  }
  if (constraint.name.empty()) {
    std::string base = table.name;
    for (const std::string& name : columns) base += "_" + name;
    key.name = base + "_fkey";
    for (int suffix = 1; ConstraintNameTaken(table, key.name); ++suffix) {
      key.name = base + "_fkey" + std::to_string(suffix);
    }
  } else {
    if (ConstraintNameTaken(table, constraint.name)) {
      throw Error(sqlstate::kDuplicateObject, "constraint \"" + constraint.name + "\" for relation \"" +
                                                  table.name + "\" already exists");
    }
    key.name = constraint.name;
  }
  CheckKeyTypes(key, table, referenced);
  key.validated = (attributes & parser::kConstraintNotValid) == 0;
  key.deferrable = initially_deferred || (attributes & parser::kConstraintDeferrable) != 0;
  key.initially_deferred = initially_deferred;
  return key;
}

void CheckKeyTypes(const ForeignKey& key, const TableSchema& table, const TableSchema& referenced) {
  for (size_t i = 0; i < key.columns.size(); ++i) {
    const types::TypeId from = table.columns[key.columns[i]].type.id;
    const types::TypeId to = referenced.columns[key.referenced_columns[i]].type.id;
    if (KeyTypesCompatible(from, to)) continue;
    throw Error(sqlstate::kDatatypeMismatch,
                "foreign key constraint \"" + key.name + "\" cannot be implemented")
        .WithDetail("Key columns \"" + table.columns[key.columns[i]].name + "\" and \"" +
                    referenced.columns[key.referenced_columns[i]].name +
                    "\" are of incompatible types: " + types::FormatType(Type{from, -1}) + " and " +
                    types::FormatType(Type{to, -1}) + ".");
  }
}

void ReportDependentKeys(const std::vector<ForeignKey>& dependents, const std::string& what,
                         const std::string& object, bool cascade, Result& result) {
  if (dependents.empty()) return;
  std::string detail;
  for (const ForeignKey& key : dependents) {
    if (!detail.empty()) detail += "\n";
    detail += (cascade ? "drop cascades to constraint " : "constraint ") + key.name + " on table " +
              key.table_name + (cascade ? "" : " depends on " + object);
  }
  if (!cascade) {
    throw Error(sqlstate::kDependentObjectsStillExist,
                "cannot drop " + what + " because other objects depend on it")
        .WithDetail(detail)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  if (dependents.size() == 1) {
    result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion, detail, Severity::kNotice));
  } else {
    result.impl().notices.push_back(
        Error(sqlstate::kSuccessfulCompletion,
              "drop cascades to " + std::to_string(dependents.size()) + " other objects", Severity::kNotice)
            .WithDetail(detail));
  }
}

void ValidateForeignKey(Session::Impl& session, const TableSchema& table, const ForeignKey& key,
                        const storage::Snapshot& snapshot) {
  Enforcer enforcer(session, snapshot);
  enforcer.UseFixedSnapshot(snapshot);
  std::vector<Type> types;
  planner::AnalyzeContext context{*session.db.catalog, snapshot, "", types};
  ForEachRow(session, table, context, [&](std::vector<Value>& row) {
    enforcer.CheckReferencing(table, key, row);
  });
}

void CheckDeferredKeys(Session::Impl& session, const storage::Snapshot& snapshot, bool all) {
  auto& pending = session.deferred_constraints.pending;
  for (auto entry = pending.begin(); entry != pending.end();) {
    const auto& [oid, table_name] = *entry;
    const std::optional<TableSchema> table =
        session.db.catalog->FindTable(table_name.first, table_name.second, catalog::SearchPath{}, snapshot);
    const ForeignKey* key = nullptr;
    if (table) {
      for (const ForeignKey& candidate : table->foreign_keys) {
        if (candidate.oid == oid) key = &candidate;
      }
    }
    if (key != nullptr && !all && session.deferred_constraints.IsDeferred(*key)) {
      ++entry;
      continue;
    }
    // Dropped since (with its table, or by ALTER TABLE): nothing left to check.
    if (key != nullptr) ValidateForeignKey(session, *table, *key, snapshot);
    entry = pending.erase(entry);
  }
}

Result SetConstraints(Session::Impl& session, const parser::SetConstraintsStmt& stmt,
                      planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "SET CONSTRAINTS";
  if (!session.InTransactionBlock()) {
    result.impl().notices.push_back(Error(sqlstate::kNoActiveSqlTransaction,
                                          "SET CONSTRAINTS can only be used in transaction blocks",
                                          Severity::kWarning));
  }
  auto& state = session.deferred_constraints;
  if (stmt.names.empty()) {
    state.all = stmt.deferred;
    state.named.clear();
  } else {
    const std::vector<catalog::CatalogRow> constraints =
        session.db.catalog->ReadSystemTable(catalog::SystemTable::kConstraint, context.snapshot);
    const std::vector<catalog::CatalogRow> classes =
        session.db.catalog->ReadSystemTable(catalog::SystemTable::kClass, context.snapshot);
    auto namespace_of = [&](catalog::Oid relation) -> catalog::Oid {
      for (const catalog::CatalogRow& row : classes) {
        if (static_cast<catalog::Oid>(row[catalog::pg_class::kOid].AsInt()) == relation) {
          return static_cast<catalog::Oid>(row[catalog::pg_class::kNamespace].AsInt());
        }
      }
      return 0;
    };
    std::vector<std::pair<catalog::Oid, bool>> changes;
    for (const std::vector<std::string>& names : stmt.names) {
      const auto [schema, name] = planner::SplitObjectName(names, context);
      // The named schema, or each schema of the search path in turn until one has the name
      // (PostgreSQL's AfterTriggerSetState).
      std::vector<catalog::NamespaceName> search;
      if (!schema.empty()) {
        const std::string_view actual = context.SearchPath().Schema(schema);
        const std::optional<catalog::Oid> oid = session.db.catalog->FindNamespace(actual, context.snapshot);
        if (!oid) throw Error(sqlstate::kInvalidSchemaName, "schema \"" + schema + "\" does not exist");
        search.push_back({*oid, std::string(actual)});
      } else {
        search = session.db.catalog->ResolveSearchPath(context.SearchPath(), context.snapshot).namespaces;
      }
      bool found = false;
      for (const catalog::NamespaceName& namespace_name : search) {
        for (const catalog::CatalogRow& row : constraints) {
          if (row[catalog::pg_constraint::kName].AsString() != name) continue;
          const auto relation = static_cast<catalog::Oid>(row[catalog::pg_constraint::kRelation].AsInt());
          if (namespace_of(relation) != namespace_name.oid) continue;
          found = true;
          const bool deferrable =
              row[catalog::pg_constraint::kType].AsString() == "f" &&
              ForeignKey::Decode(row[catalog::pg_constraint::kSource].AsString()).deferrable;
          if (!deferrable) {
            throw Error(sqlstate::kWrongObjectType, "constraint \"" + name + "\" is not deferrable");
          }
          changes.emplace_back(static_cast<catalog::Oid>(row[catalog::pg_constraint::kOid].AsInt()), stmt.deferred);
        }
        if (found) break;
      }
      if (!found) throw Error(sqlstate::kUndefinedObject, "constraint \"" + name + "\" does not exist");
    }
    for (const auto& [oid, deferred] : changes) state.named[oid] = deferred;
  }
  if (!stmt.deferred) CheckDeferredKeys(session, context.snapshot, /*all=*/false);
  return result;
}

}  // namespace granary
