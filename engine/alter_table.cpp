// ALTER TABLE and its subcommands.
//
// Each subcommand reads the table as the previous one left it (a new command id per step,
// PostgreSQL's CommandCounterIncrement) and writes the catalog rows again. Changes that
// stored rows must reflect — a new column with a default, a dropped column, a new type —
// rewrite the table into new files (table_storage.hpp).
#include "engine/alter_table.hpp"

#include "engine/statement_services.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "catalog/system_column_names.hpp"
#include "catalog/reloptions.hpp"
#include "common/sqlstate.hpp"
#include "engine/cluster_command.hpp"
#include "engine/ddl.hpp"
#include "engine/foreign_keys.hpp"
#include "engine/index_commands.hpp"
#include "engine/sequence_commands.hpp"
#include "engine/table_storage.hpp"
#include "engine/view_dependencies.hpp"
#include "executor/expr/evaluator.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/generated_columns.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/query.hpp"

namespace granary {

std::string IndexDefinitionWithHead(const catalog::IndexSchema& index, const std::string& schema,
                                    const std::string& table) {
  const std::string marker = " USING btree (";
  const size_t keys = index.definition.find(marker);
  return std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
         planner::QuoteIdentifier(index.name) + " ON " + planner::QuoteIdentifier(schema) + "." +
         planner::QuoteIdentifier(table) + index.definition.substr(keys);
}

namespace {

using parser::AlterTableCmd;
using parser::AlterTableCmdKind;
using types::Value;

// The state of one ALTER TABLE: the table as the current step sees it.
class Alteration {
 public:
  Alteration(Session::Impl& session, planner::AnalyzeContext& context, catalog::TableSchema table,
             Result& result)
      : session_(session), base_(context), snapshot_(context.snapshot), table_(std::move(table)),
        result_(result) {}

  void Run(const AlterTableCmd& command);

 private:
  planner::AnalyzeContext Context() {
    planner::AnalyzeContext context{base_.catalog, snapshot_, base_.sql, base_.param_types};
    context.search_path = base_.search_path;
    context.database = base_.database;
    return context;
  }
  // The next step: a new command id, and the table re-read under it.
  void Advance();
  size_t RequireColumn(const std::string& name) const;
  void Notice(const std::string& message) {
    result_.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion, message, Severity::kNotice));
  }

  void AddColumn(const AlterTableCmd& command);
  void DropColumn(const AlterTableCmd& command);
  void DropViewsOnKey(const catalog::IndexSchema& index, bool cascade);
  void SetDefault(const AlterTableCmd& command);
  void SetNotNull(const AlterTableCmd& command, bool not_null);
  void AlterType(const AlterTableCmd& command);
  void AddConstraint(const parser::Constraint& constraint);
  void DropConstraint(const AlterTableCmd& command);
  void ValidateConstraint(const AlterTableCmd& command);
  void AddForeignKey(const parser::Constraint& constraint, const std::vector<std::string>& columns);
  // Drops the foreign keys in `keys` (their rows only).
  void DropForeignKeys(const std::vector<catalog::ForeignKey>& keys);
  // Before column `dropped` goes: its table's foreign keys on it are dropped; keys of other
  // tables referencing it are 2BP01 (dropped with CASCADE); the rest are renumbered.
  void ReworkForeignKeysForDroppedColumn(size_t dropped, bool cascade);
  // 42804 when column `column` of `updated` (its new type) no longer compares with the other
  // side of a foreign key it is part of.
  void CheckForeignKeyTypes(const catalog::TableSchema& updated, size_t column);
  void SetOptions(const AlterTableCmd& command, bool reset);
  void RenameTable(const AlterTableCmd& command);
  void RenameColumn(const AlterTableCmd& command);
  void RenameConstraint(const AlterTableCmd& command);
  void AddIdentity(const AlterTableCmd& command);
  void DropIdentity(const AlterTableCmd& command);
  // ALTER COLUMN c DROP EXPRESSION [IF EXISTS]: a generated column becomes a plain one,
  // keeping its values; 55000 for another column (a notice with IF EXISTS).
  void DropExpression(const AlterTableCmd& command);

  void WriteTable(catalog::TableSchema table) {
    // A text, varchar or bytea column added to a table without one needs a toast relation.
    if (session_.db.catalog->EnsureToastRelation(table, snapshot_, snapshot_.command_id)) {
      session_.DropFileOnAbort(table.toast_relfile);
    }
    session_.db.catalog->UpdateTable(table, snapshot_, snapshot_.command_id);
    session_.MarkCatalogChanged();
  }
  // 23502 when a visible row has NULL in column `column`.
  void CheckNoNulls(size_t column);
  // 23514 when a visible row violates the CHECK constraint `check` of `table_`.
  void CheckExistingRows(const catalog::CheckConstraint& check);
  // Rewrites the table as `updated`; `transform` maps old rows to new ones, after which NOT
  // NULL and every CHECK of `updated` are verified on the new row.
  void Rewrite(catalog::TableSchema updated, const RowTransform& transform);

  Session::Impl& session_;
  planner::AnalyzeContext& base_;
  const storage::Snapshot statement_snapshot_ = base_.snapshot;
  storage::Snapshot snapshot_;
  catalog::TableSchema table_;
  Result& result_;
};

void Alteration::Advance() {
  snapshot_ = session_.NextCommand(statement_snapshot_);
  std::optional<catalog::TableSchema> table =
      session_.db.catalog->FindTable(table_.schema_name, table_.name, base_.SearchPath(), snapshot_);
  if (table) table_ = std::move(*table);
}

size_t Alteration::RequireColumn(const std::string& name) const {
  const std::optional<size_t> index = table_.ColumnIndex(name);
  if (!index) {
    throw Error(sqlstate::kUndefinedColumn,
                "column \"" + name + "\" of relation \"" + table_.name + "\" does not exist");
  }
  return *index;
}

void Alteration::CheckNoNulls(size_t column) {
  ForEachRow(session_, table_, Context(), [&](std::vector<Value>& row) {
    if (column < row.size() && !row[column].is_null()) return;
    throw Error(sqlstate::kNotNullViolation, "column \"" + table_.columns[column].name +
                                                 "\" of relation \"" + table_.name +
                                                 "\" contains null values")
        .WithTable(table_.schema_name, table_.name)
        .WithColumn(table_.columns[column].name);
  });
}

void Alteration::CheckExistingRows(const catalog::CheckConstraint& check) {
  catalog::TableSchema probe = table_;
  probe.checks = {check};
  planner::AnalyzeContext context = Context();
  const planner::BoundChecks bound = planner::BindChecks(probe, context);
  const std::vector<Value> no_params;
  executor::ExecContext exec{*session_.db.pool, *session_.db.transactions, snapshot_, no_params};
  StatementServices services(session_, snapshot_, base_.locks);
  services.Attach(exec);
  executor::Batch batch;
  ForEachRow(session_, table_, context, [&](std::vector<Value>& row) {
    batch.Reset(row.size());
    batch.AppendRow(std::vector<Value>(row));
    const Value passed = executor::Evaluate(*bound.exprs[0], batch, 0, exec);
    if (passed.is_null() || passed.AsBool()) return;
    throw Error(sqlstate::kCheckViolation, "check constraint \"" + check.name + "\" of relation \"" +
                                               table_.name + "\" is violated by some row")
        .WithTable(table_.schema_name, table_.name)
        .WithConstraint(check.name);
  });
}

void Alteration::Rewrite(catalog::TableSchema updated, const RowTransform& transform) {
  planner::AnalyzeContext context = Context();
  // A NOT VALID check is not verified on the rows a rewrite copies, as in PostgreSQL: it
  // stays not validated.
  catalog::TableSchema validated_checks = updated;
  std::erase_if(validated_checks.checks, [](const catalog::CheckConstraint& check) { return !check.validated; });
  const planner::BoundChecks checks = planner::BindChecks(validated_checks, context);
  const std::vector<Value> no_params;
  executor::ExecContext exec{*session_.db.pool, *session_.db.transactions, snapshot_, no_params};
  StatementServices services(session_, snapshot_, base_.locks);
  services.Attach(exec);
  executor::Batch batch;
  const catalog::TableSchema target = updated;  // `updated` moves on below
  // Generated columns are computed afresh for every row copied (a new one is filled, one
  // whose type changed recomputed), as PostgreSQL's table rewrite does.
  const planner::BoundGenerated generated = planner::BindGenerated(target, context);
  auto verified = [&](std::vector<Value>& old_row) {
    std::vector<Value> row = transform(old_row);
    if (!generated.exprs.empty()) {
      batch.Reset(row.size());
      batch.AppendRow(std::vector<Value>(row));
      for (size_t i = 0; i < generated.exprs.size(); ++i) {
        row[generated.columns[i]] = executor::Evaluate(*generated.exprs[i], batch, 0, exec);
      }
    }
    for (size_t c = 0; c < row.size(); ++c) {
      if (!row[c].is_null() || !target.columns[c].not_null) continue;
      throw Error(sqlstate::kNotNullViolation, "column \"" + target.columns[c].name +
                                                   "\" of relation \"" + target.name +
                                                   "\" contains null values")
          .WithTable(target.schema_name, target.name)
          .WithColumn(target.columns[c].name);
    }
    if (!checks.exprs.empty()) {
      batch.Reset(row.size());
      batch.AppendRow(std::vector<Value>(row));
      for (size_t i = 0; i < checks.exprs.size(); ++i) {
        const Value passed = executor::Evaluate(*checks.exprs[i], batch, 0, exec);
        if (passed.is_null() || passed.AsBool()) continue;
        throw Error(sqlstate::kCheckViolation, "check constraint \"" + checks.names[i] +
                                                   "\" of relation \"" + target.name +
                                                   "\" is violated by some row")
            .WithTable(target.schema_name, target.name)
            .WithConstraint(checks.names[i]);
      }
    }
    return row;
  };
  // Table lock: AccessExclusiveLock
  RewriteTable(session_, table_, std::move(updated), verified, context);
}

void Alteration::AddColumn(const AlterTableCmd& command) {
  const parser::ColumnDef& definition = *command.column;
  if (table_.ColumnIndex(definition.name)) {
    const std::string message = "column \"" + definition.name + "\" of relation \"" +
                                table_.name + "\" already exists";
    if (command.missing_ok) {
      Notice(message + ", skipping");
      return;
    }
    throw Error(sqlstate::kDuplicateColumn, message);
  }
  catalog::CheckNotSystemColumnName(definition.name);
  planner::AnalyzeContext context = Context();
  catalog::ColumnSchema column;
  column.name = definition.name;
  const std::optional<types::TypeId> serial = SerialColumnType(definition.type);
  column.type = serial ? types::Type{*serial, -1} : planner::ResolveTypeName(definition.type, context);
  planner::CheckColumnType(column.name, column.type);
  std::vector<const parser::Constraint*> checks;
  std::vector<const parser::Constraint*> keys;
  std::vector<const parser::Constraint*> foreign_keys;
  const parser::Constraint* identity = nullptr;
  const parser::Constraint* generated = nullptr;
  for (const parser::Constraint& constraint : definition.constraints) {
    CheckGenerationClause(constraint, generated, column.default_sql.has_value() || serial, identity != nullptr,
                          definition.name, table_.name, context);
    switch (constraint.kind) {
      case parser::ConstraintKind::kGenerated:
        generated = &constraint;
        column.generated = 's';
        break;
      case parser::ConstraintKind::kNotNull: column.not_null = true; break;
      case parser::ConstraintKind::kNull: column.not_null = false; break;
      case parser::ConstraintKind::kDefault:
        if (column.default_sql || serial) {
          throw Error(sqlstate::kSyntaxError, "multiple default values specified for column \"" +
                                                  definition.name + "\" of table \"" + table_.name + "\"");
        }
        column.default_sql = planner::ExprToSql(*constraint.expr);
        break;
      case parser::ConstraintKind::kIdentity:
        if (identity != nullptr) {
          throw Error(sqlstate::kSyntaxError, "multiple identity specifications for column \"" +
                                                  definition.name + "\" of table \"" + table_.name + "\"");
        }
        identity = &constraint;
        break;
      case parser::ConstraintKind::kCheck: checks.push_back(&constraint); break;
      case parser::ConstraintKind::kPrimaryKey:
      case parser::ConstraintKind::kUnique: keys.push_back(&constraint); break;
      case parser::ConstraintKind::kForeignKey: foreign_keys.push_back(&constraint); break;
      case parser::ConstraintKind::kCollate:
        column.type = planner::ApplyCollation(column.type, constraint.collation, constraint.location, context);
        break;
      case parser::ConstraintKind::kAttribute:
        if ((constraint.attributes & (parser::kConstraintDeferrable | parser::kConstraintInitiallyDeferred)) != 0) {
          throw Error(sqlstate::kFeatureNotSupported, "deferrable constraints are not supported");
        }
        break;
      default:
        throw Error(sqlstate::kFeatureNotSupported, "this constraint cannot be added with a column");
    }
  }
  if (identity != nullptr) {
    if (column.default_sql || serial) {
      throw Error(sqlstate::kSyntaxError, "both default and identity specified for column \"" +
                                              definition.name + "\" of table \"" + table_.name + "\"");
    }
    const types::TypeId id = column.type.id;
    if (id != types::TypeId::kInt2 && id != types::TypeId::kInt4 && id != types::TypeId::kInt8) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "identity column type must be smallint, integer, or bigint");
    }
    column.identity = identity->generated_always ? 'a' : 'd';
  }
  if (serial || identity != nullptr) {
    // The column's sequence first (owned by the column to be), so that the rewrite below
    // fills the existing rows from it.
    catalog::TableSchema with_column = table_;
    with_column.columns.push_back(column);
    const ColumnSequence sequence = PlanColumnSequence(
        session_, with_column, with_column.columns.size() - 1,
        identity ? identity->sequence_options : std::vector<parser::SequenceOption>{}, context);
    CreateColumnSequence(session_, with_column, sequence, context);
    column.default_sql = NextvalDefault(sequence);
    column.not_null = true;
    Advance();  // `context` reads through snapshot_, so it now sees the sequence
  }
  if (generated != nullptr) {
    catalog::TableSchema with_column = table_;
    with_column.columns.push_back(column);
    column.default_sql = planner::CheckGenerationExpression(with_column, with_column.columns.size() - 1,
                                                            *generated->expr, context);
  }
  catalog::TableSchema updated = table_;
  planner::BoundExprPtr default_value = planner::BindColumnDefault(column, context);
  // A default that is not a NULL constant fills the existing rows.
  const bool has_default = column.default_sql.has_value() &&
                           (default_value->kind != planner::BoundKind::kConstant ||
                            !default_value->constant.is_null());
  updated.columns.push_back(column);
  for (const parser::Constraint* check : checks) AddCheck(updated, *check, context);
  if (has_default || column.not_null || !checks.empty() || column.generated != 0) {
    // Existing rows get the default (evaluated per row, as PostgreSQL's rewrite does) and
    // must satisfy the new column's constraints.
    const std::vector<Value> no_params;
    executor::ExecContext exec{*session_.db.pool, *session_.db.transactions, snapshot_, no_params};
    StatementServices services(session_, snapshot_, base_.locks);
    services.Attach(exec);
    executor::Batch empty;
    empty.row_count = 1;
    Rewrite(std::move(updated), [&](std::vector<Value>& row) {
      std::vector<Value> new_row = std::move(row);
      new_row.push_back(has_default ? executor::Evaluate(*default_value, empty, 0, exec)
                                    : Value::Null(column.type.id));
      return new_row;
    });
  } else {
    WriteTable(updated);
  }
  for (const parser::Constraint* key : keys) {
    Advance();
    parser::Constraint constraint;
    constraint.kind = key->kind;
    constraint.name = key->name;
    constraint.columns = {definition.name};
    constraint.location = key->location;
    AddConstraint(constraint);
  }
  for (const parser::Constraint* key : foreign_keys) {
    Advance();
    AddForeignKey(*key, {definition.name});
  }
}

void Alteration::DropColumn(const AlterTableCmd& command) {
  const std::optional<size_t> found = table_.ColumnIndex(command.name);
  if (!found) {
    const std::string message = "column \"" + command.name + "\" of relation \"" + table_.name +
                                "\" does not exist";
    if (command.missing_ok) {
      Notice(message + ", skipping");
      return;
    }
    throw Error(sqlstate::kUndefinedColumn, message);
  }
  size_t dropped = *found;
  // Generated columns that read it: 2BP01, or dropped first with CASCADE (PostgreSQL's
  // dependency of the generated column on the columns its expression reads).
  for (;;) {
    planner::AnalyzeContext generated_context = Context();
    const std::optional<size_t> user = planner::GeneratedColumnUsing(table_, dropped, generated_context);
    if (!user || *user == dropped) break;
    const std::string dependent = "column " + table_.columns[*user].name + " of table " + table_.name;
    if (!command.cascade) {
      throw Error(sqlstate::kDependentObjectsStillExist,
                  "cannot drop column " + command.name + " of table " + table_.name +
                      " because other objects depend on it")
          .WithDetail(dependent + " depends on column " + command.name + " of table " + table_.name)
          .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
    Notice("drop cascades to " + dependent);
    AlterTableCmd drop_user;
    drop_user.kind = AlterTableCmdKind::kDropColumn;
    drop_user.name = table_.columns[*user].name;
    drop_user.cascade = true;
    DropColumn(drop_user);
    Advance();
    dropped = RequireColumn(command.name);
  }
  ReworkForeignKeysForDroppedColumn(dropped, command.cascade);
  planner::AnalyzeContext context = Context();
  // Its SERIAL or identity sequence goes with it; later columns' owners move down by one.
  DropColumnSequences(session_, table_, dropped, context);
  catalog::TableSchema updated = table_;
  updated.columns.erase(updated.columns.begin() + static_cast<std::ptrdiff_t>(dropped));
  // CHECK constraints and indexes that read the column go with it, as in PostgreSQL.
  auto reads_column = [&](const planner::BoundExpr& expr) {
    bool reads = false;
    expr.Walk([&](const planner::BoundExpr& node) {
      reads = reads || (node.kind == planner::BoundKind::kColumn && node.index == dropped);
    });
    return reads;
  };
  const planner::BoundChecks checks = planner::BindChecks(table_, context);
  updated.checks.clear();
  for (size_t i = 0; i < checks.exprs.size(); ++i) {
    if (!reads_column(*checks.exprs[i])) updated.checks.push_back(table_.checks[i]);
  }
  updated.indexes.clear();
  for (const catalog::IndexSchema& index : table_.indexes) {
    const planner::BoundIndex bound = planner::BindIndex(table_, index, context);
    bool reads = bound.predicate && reads_column(*bound.predicate);
    for (const planner::IndexKey& key : bound.keys) reads = reads || reads_column(*key.expr);
    // An INCLUDE column is no key but the index goes with it too, as in PostgreSQL.
    const std::vector<parser::StmtPtr> definition = parser::Parse(index.definition);
    for (const parser::IndexElem& elem : definition.front()->As<parser::CreateIndexStmt>().including) {
      reads = reads || elem.column == command.name;
    }
    if (reads) {
      session_.db.catalog->DropIndex(index, snapshot_, snapshot_.command_id);
    } else {
      updated.indexes.push_back(index);
    }
  }
  Rewrite(std::move(updated), [&](std::vector<Value>& row) {
    row.erase(row.begin() + static_cast<std::ptrdiff_t>(dropped));
    return std::move(row);
  });
}

// ALTER COLUMN c ADD GENERATED ... AS IDENTITY: the column gets an owned sequence and its
// nextval default. 55000 unless the column is NOT NULL, without a default and not already an
// identity column; 22023 for a type other than smallint, integer, bigint.
void Alteration::AddIdentity(const AlterTableCmd& command) {
  const size_t index = RequireColumn(command.name);
  catalog::TableSchema updated = table_;
  catalog::ColumnSchema& column = updated.columns[index];
  const std::string where = "column \"" + column.name + "\" of relation \"" + table_.name + "\"";
  if (!column.not_null) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                where + " must be declared NOT NULL before identity can be added");
  }
  if (column.identity != 0) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState, where + " is already an identity column");
  }
  if (column.default_sql) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState, where + " already has a default value");
  }
  const types::TypeId id = column.type.id;
  if (id != types::TypeId::kInt2 && id != types::TypeId::kInt4 && id != types::TypeId::kInt8) {
    throw Error(sqlstate::kInvalidParameterValue,
                "identity column type must be smallint, integer, or bigint");
  }
  planner::AnalyzeContext context = Context();
  const ColumnSequence sequence =
      PlanColumnSequence(session_, updated, index, command.constraint.sequence_options, context);
  CreateColumnSequence(session_, updated, sequence, context);
  column.identity = command.constraint.generated_always ? 'a' : 'd';
  column.default_sql = NextvalDefault(sequence);
  WriteTable(updated);
}

// ALTER COLUMN c DROP IDENTITY [IF EXISTS]: the column keeps its values and loses its
// sequence and default.
void Alteration::DropIdentity(const AlterTableCmd& command) {
  const size_t index = RequireColumn(command.name);
  catalog::TableSchema updated = table_;
  catalog::ColumnSchema& column = updated.columns[index];
  if (column.identity == 0) {
    const std::string message = "column \"" + column.name + "\" of relation \"" + table_.name +
                                "\" is not an identity column";
    if (command.missing_ok) {
      Notice(message + ", skipping");
      return;
    }
    throw Error(sqlstate::kObjectNotInPrerequisiteState, message);
  }
  planner::AnalyzeContext context = Context();
  DropOwnedSequences(session_, table_, context, static_cast<uint16_t>(index + 1));
  column.identity = 0;
  column.default_sql.reset();
  WriteTable(updated);
}

void Alteration::DropExpression(const AlterTableCmd& command) {
  const size_t index = RequireColumn(command.name);
  catalog::TableSchema updated = table_;
  catalog::ColumnSchema& column = updated.columns[index];
  if (column.generated == 0) {
    const std::string message = "column \"" + column.name + "\" of relation \"" + table_.name +
                                "\" is not a stored generated column";
    if (command.missing_ok) {
      Notice(message + ", skipping");
      return;
    }
    throw Error(sqlstate::kObjectNotInPrerequisiteState, message);
  }
  column.generated = 0;
  column.default_sql.reset();
  WriteTable(updated);
}

void Alteration::SetDefault(const AlterTableCmd& command) {
  const size_t index = RequireColumn(command.name);
  catalog::TableSchema updated = table_;
  catalog::ColumnSchema& column = updated.columns[index];
  if (column.generated != 0) {
    Error error(sqlstate::kSyntaxError, "column \"" + column.name + "\" of relation \"" +
                                            table_.name + "\" is a generated column");
    if (!command.expr) error.WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.");
    throw error;
  }
  if (column.identity != 0) {
    Error error(sqlstate::kSyntaxError, "column \"" + column.name + "\" of relation \"" +
                                            table_.name + "\" is an identity column");
    if (!command.expr) error.WithHint("Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
    throw error;
  }
  if (command.expr) {
    column.default_sql = planner::ExprToSql(*command.expr);
    planner::AnalyzeContext context = Context();
    planner::BindColumnDefault(column, context);  // refuse a default that can never work
  } else {
    column.default_sql.reset();
  }
  WriteTable(updated);
}

void Alteration::SetNotNull(const AlterTableCmd& command, bool not_null) {
  const size_t index = RequireColumn(command.name);
  catalog::TableSchema updated = table_;
  if (!not_null) {
    for (const catalog::IndexSchema& key : table_.indexes) {
      if (!key.primary) continue;
      planner::AnalyzeContext context = Context();
      const planner::BoundIndex bound = planner::BindIndex(table_, key, context);
      for (const planner::IndexKey& part : bound.keys) {
        if (part.table_column == index) {
          throw Error(sqlstate::kInvalidTableDefinition,
                      "column \"" + command.name + "\" is in a primary key");
        }
      }
    }
  } else if (!table_.columns[index].not_null) {
    CheckNoNulls(index);
  }
  updated.columns[index].not_null = not_null;
  WriteTable(updated);
}

void Alteration::AlterType(const AlterTableCmd& command) {
  const size_t index = RequireColumn(command.name);
  planner::AnalyzeContext context = Context();
  if (const std::optional<size_t> user = planner::GeneratedColumnUsing(table_, index, context)) {
    throw Error(sqlstate::kFeatureNotSupported, "cannot alter type of a column used by a generated column")
        .WithDetail("Column \"" + command.name + "\" is used by generated column \"" +
                    table_.columns[*user].name + "\".");
  }
  const types::Type new_type = planner::ApplyCollation(planner::ResolveTypeName(command.type, context),
                                                       command.collation, command.collation_location, context);
  planner::CheckColumnType(command.name, new_type);
  // The new value: USING's expression, or the column under an assignment cast, bound as a
  // query over the table so that it can read any column.
  const std::string source = command.expr ? planner::ExprToSql(*command.expr)
                                          : planner::QuoteIdentifier(command.name);
  const std::string sql = "SELECT " + source + " FROM " + planner::QuoteIdentifier(table_.schema_name) +
                          "." + planner::QuoteIdentifier(table_.name);
  std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
  std::vector<types::Type> no_param_types;
  planner::AnalyzeContext query_context{base_.catalog, snapshot_, sql, no_param_types};
  query_context.search_path = base_.search_path;
  query_context.database = base_.database;
  std::unique_ptr<planner::BoundQuery> query =
      planner::BindSelect(parsed.front()->As<parser::SelectStmt>(), query_context);
  planner::BoundExprPtr converted;
  const types::Type old_type = query->targets[0]->type;
  try {
    // Strings convert to other types only explicitly (PostgreSQL's I/O conversion casts).
    if (!command.expr && types::IsString(old_type.id) && !types::IsString(new_type.id)) {
      throw Error(sqlstate::kDatatypeMismatch, "no assignment cast");
    }
    converted = planner::Coerce(std::move(query->targets[0]), new_type,
                                types::CastContext::kAssignment, query_context);
  } catch (const Error& error) {
    if (command.expr) throw;
    const std::string type_name = types::FormatType(new_type);
    throw Error(sqlstate::kDatatypeMismatch, "column \"" + command.name +
                                                 "\" cannot be cast automatically to type " + type_name)
        .WithHint("You might need to specify \"USING " + command.name + "::" + type_name + "\".");
  }
  catalog::TableSchema updated = table_;
  updated.columns[index].type = new_type;
  CheckForeignKeyTypes(updated, index);
  if (updated.columns[index].default_sql) {
    planner::BindColumnDefault(updated.columns[index], context);
  }
  const std::vector<Value> no_params;
  executor::ExecContext exec{*session_.db.pool, *session_.db.transactions, snapshot_, no_params};
  StatementServices services(session_, snapshot_, base_.locks);
  services.Attach(exec);
  executor::Batch batch;
  Rewrite(std::move(updated), [&](std::vector<Value>& row) {
    batch.Reset(row.size() + planner::kTableSystemColumns);
    std::vector<Value> input = row;
    input.push_back(Value::Null(types::TypeId::kTid));  // the scan's system columns
    input.push_back(Value::Null(types::TypeId::kXid));
    input.push_back(Value::Null(types::TypeId::kXid));
    batch.AppendRow(std::move(input));
    row[index] = executor::Evaluate(*converted, batch, 0, exec);
    return std::move(row);
  });
}

void Alteration::AddConstraint(const parser::Constraint& constraint) {
  planner::AnalyzeContext context = Context();
  switch (constraint.kind) {
    case parser::ConstraintKind::kCheck: {
      catalog::TableSchema updated = table_;
      for (const catalog::IndexSchema& index : table_.indexes) {
        if (index.constraint && index.name == constraint.name) {
          throw Error(sqlstate::kDuplicateObject, "constraint \"" + constraint.name +
                                                      "\" for relation \"" + table_.name +
                                                      "\" already exists");
        }
      }
      AddCheck(updated, constraint, context);
      // NOT VALID: rows written from now on are checked, the existing ones only by a later
      // VALIDATE CONSTRAINT (CREATE TABLE ignores it, as there are no rows yet).
      if ((constraint.attributes & parser::kConstraintNotValid) != 0) {
        updated.checks.back().validated = false;
      } else {
        CheckExistingRows(updated.checks.back());
      }
      WriteTable(updated);
      return;
    }
    case parser::ConstraintKind::kPrimaryKey:
    case parser::ConstraintKind::kUnique: {
      // Unique checks at commit are not implemented (foreign keys may be deferred).
      if ((constraint.attributes & (parser::kConstraintDeferrable | parser::kConstraintInitiallyDeferred)) != 0) {
        throw Error(sqlstate::kFeatureNotSupported, "deferrable constraints are not supported");
      }
      const bool primary = constraint.kind == parser::ConstraintKind::kPrimaryKey;
      for (const catalog::IndexSchema& index : table_.indexes) {
        if (primary && index.primary) {
          throw Error(sqlstate::kInvalidTableDefinition,
                      "multiple primary keys for table \"" + table_.name + "\" are not allowed");
        }
      }
      for (const catalog::ForeignKey& key : table_.foreign_keys) {
        if (!constraint.name.empty() && key.name == constraint.name) {
          throw Error(sqlstate::kDuplicateObject, "constraint \"" + constraint.name +
                                                      "\" for relation \"" + table_.name +
                                                      "\" already exists");
        }
      }
      for (const catalog::CheckConstraint& check : table_.checks) {
        if (!constraint.name.empty() && check.name == constraint.name) {
          throw Error(sqlstate::kDuplicateObject, "constraint \"" + constraint.name +
                                                      "\" for relation \"" + table_.name +
                                                      "\" already exists");
        }
      }
      catalog::TableSchema updated = table_;
      for (const std::string& name : constraint.columns) {
        const std::optional<size_t> index = table_.ColumnIndex(name);
        if (!index) {
          throw Error(sqlstate::kUndefinedColumn, "column \"" + name + "\" named in key does not exist");
        }
        if (primary && !table_.columns[*index].not_null) {
          CheckNoNulls(*index);
          updated.columns[*index].not_null = true;
        }
      }
      if (primary) {
        WriteTable(updated);
        Advance();
      }
      // Table lock: AccessExclusiveLock (PostgreSQL takes ShareLock to build the index)
      planner::AnalyzeContext index_context = Context();
      CreateConstraintIndex(session_, table_, constraint.columns, primary, constraint.name,
                            constraint.location, index_context, constraint.including);
      return;
    }
    case parser::ConstraintKind::kForeignKey: AddForeignKey(constraint, constraint.columns); return;
    default:
      throw Error(sqlstate::kFeatureNotSupported, "this constraint cannot be added by ALTER TABLE");
  }
}

void Alteration::AddForeignKey(const parser::Constraint& constraint,
                               const std::vector<std::string>& columns) {
  planner::AnalyzeContext context = Context();
  const QuietLocks locks(base_.locks);
  context.locks = locks.get();
  catalog::ForeignKey key = DefineForeignKey(session_, table_, constraint, columns, context);
  // Existing rows are checked unless NOT VALID (then VALIDATE CONSTRAINT checks them).
  if (key.validated) ValidateForeignKey(session_, table_, key, snapshot_);
  session_.db.catalog->WriteForeignKey(std::move(key), snapshot_, snapshot_.command_id);
  session_.MarkCatalogChanged();
}

void Alteration::DropForeignKeys(const std::vector<catalog::ForeignKey>& keys) {
  for (const catalog::ForeignKey& key : keys) {
    session_.db.catalog->DropConstraint(key.oid, snapshot_, snapshot_.command_id);
  }
  if (!keys.empty()) session_.MarkCatalogChanged();
}

void Alteration::ReworkForeignKeysForDroppedColumn(size_t dropped, bool cascade) {
  auto uses = [&](const std::vector<size_t>& columns) {
    for (size_t column : columns) {
      if (column == dropped) return true;
    }
    return false;
  };
  std::vector<catalog::ForeignKey> dependents;
  for (const catalog::ForeignKey& key : table_.referenced_by) {
    if (key.table_oid != table_.oid && uses(key.referenced_columns)) dependents.push_back(key);
  }
  ReportDependentKeys(dependents,
                      "column " + table_.columns[dropped].name + " of table " + table_.name,
                      "column " + table_.columns[dropped].name + " of table " + table_.name, cascade,
                      result_);
  DropForeignKeys(dependents);
  std::map<catalog::Oid, catalog::ForeignKey> keys;  // the rest, once each (self-references)
  for (const catalog::ForeignKey& key : table_.foreign_keys) keys[key.oid] = key;
  for (const catalog::ForeignKey& key : table_.referenced_by) {
    if (key.table_oid != table_.oid && !uses(key.referenced_columns)) keys[key.oid] = key;
  }
  auto shift = [&](std::vector<size_t>& columns) {
    for (size_t& column : columns) column -= column > dropped ? 1 : 0;
  };
  for (auto& [oid, key] : keys) {
    const bool own = key.table_oid == table_.oid;
    if ((own && uses(key.columns)) || (key.referenced_oid == table_.oid && uses(key.referenced_columns))) {
      DropForeignKeys({key});
      continue;
    }
    if (own) shift(key.columns);
    if (own) shift(key.delete_set_columns);
    if (key.referenced_oid == table_.oid) shift(key.referenced_columns);
    session_.db.catalog->WriteForeignKey(key, snapshot_, snapshot_.command_id);
    session_.MarkCatalogChanged();
  }
}

void Alteration::CheckForeignKeyTypes(const catalog::TableSchema& updated, size_t column) {
  auto other = [&](const std::string& schema, const std::string& name) {
    std::optional<catalog::TableSchema> table = session_.db.catalog->FindTable(schema, name, catalog::SearchPath{}, snapshot_);
    if (!table || table->oid == updated.oid) return updated;
    return std::move(*table);
  };
  for (const catalog::ForeignKey& key : updated.foreign_keys) {
    if (std::find(key.columns.begin(), key.columns.end(), column) == key.columns.end()) continue;
    CheckKeyTypes(key, updated, other(key.referenced_schema, key.referenced_name));
  }
  for (const catalog::ForeignKey& key : updated.referenced_by) {
    if (std::find(key.referenced_columns.begin(), key.referenced_columns.end(), column) ==
        key.referenced_columns.end()) {
      continue;
    }
    CheckKeyTypes(key, other(key.table_schema, key.table_name), updated);
  }
}

void Alteration::ValidateConstraint(const AlterTableCmd& command) {
  for (const catalog::ForeignKey& key : table_.foreign_keys) {
    if (key.name != command.name) continue;
    if (key.validated) return;
    ValidateForeignKey(session_, table_, key, snapshot_);
    catalog::ForeignKey validated = key;
    validated.validated = true;
    session_.db.catalog->WriteForeignKey(std::move(validated), snapshot_, snapshot_.command_id);
    session_.MarkCatalogChanged();
    return;
  }
  for (size_t i = 0; i < table_.checks.size(); ++i) {
    if (table_.checks[i].name != command.name) continue;
    if (table_.checks[i].validated) return;
    CheckExistingRows(table_.checks[i]);
    catalog::TableSchema updated = table_;
    updated.checks[i].validated = true;
    WriteTable(updated);
    return;
  }
  for (const catalog::IndexSchema& index : table_.indexes) {
    if (index.constraint && index.name == command.name) {
      throw Error(sqlstate::kWrongObjectType, "constraint \"" + command.name + "\" of relation \"" +
                                                  table_.name + "\" is not a foreign key or check constraint");
    }
  }
  throw Error(sqlstate::kUndefinedObject, "constraint \"" + command.name + "\" of relation \"" +
                                              table_.name + "\" does not exist");
}

void Alteration::DropConstraint(const AlterTableCmd& command) {
  catalog::TableSchema updated = table_;
  for (size_t i = 0; i < updated.checks.size(); ++i) {
    if (updated.checks[i].name != command.name) continue;
    updated.checks.erase(updated.checks.begin() + static_cast<std::ptrdiff_t>(i));
    WriteTable(updated);
    return;
  }
  for (const catalog::ForeignKey& key : table_.foreign_keys) {
    if (key.name != command.name) continue;
    DropForeignKeys({key});
    return;
  }
  for (const catalog::IndexSchema& index : table_.indexes) {
    if (!index.constraint || index.name != command.name) continue;
    // Foreign keys whose referenced key this is depend on it.
    std::vector<catalog::ForeignKey> dependents;
    for (const catalog::ForeignKey& key : table_.referenced_by) {
      if (key.index_oid == index.oid) dependents.push_back(key);
    }
    ReportDependentKeys(dependents, "constraint " + index.name + " on table " + table_.name,
                        "index " + index.name, command.cascade, result_);
    DropForeignKeys(dependents);
    if (index.primary) DropViewsOnKey(index, command.cascade);
    session_.db.catalog->DropIndex(index, snapshot_, snapshot_.command_id);
    session_.DropFileOnCommit(index.relfile);
    session_.MarkCatalogChanged();
    return;
  }
  const std::string message =
      "constraint \"" + command.name + "\" of relation \"" + table_.name + "\" does not exist";
  if (command.missing_ok) {
    Notice(message + ", skipping");
    return;
  }
  throw Error(sqlstate::kUndefinedObject, message);
}

// Views that use columns grouped only through primary key `index` depend on it: 2BP01, or
// with CASCADE they are dropped, as PostgreSQL does.
void Alteration::DropViewsOnKey(const catalog::IndexSchema& index, bool cascade) {
  const std::vector<catalog::TableSchema> views = ViewsDependingOnKey(session_, index.oid, snapshot_);
  if (views.empty()) return;
  std::string detail;
  for (const catalog::TableSchema& view : views) {
    detail += (detail.empty() ? "" : "\n") + std::string(cascade ? "drop cascades to view " : "view ") +
              view.name + (cascade ? "" : " depends on constraint " + index.name + " on table " + table_.name);
  }
  if (!cascade) {
    throw Error(sqlstate::kDependentObjectsStillExist,
                "cannot drop constraint " + index.name + " on table " + table_.name +
                    " because other objects depend on it")
        .WithDetail(detail)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  if (views.size() == 1) {
    Notice(detail);
  } else {
    result_.impl().notices.push_back(
        Error(sqlstate::kSuccessfulCompletion,
              "drop cascades to " + std::to_string(views.size()) + " other objects", Severity::kNotice)
            .WithDetail(detail));
  }
  for (const catalog::TableSchema& view : views) {
    if (base_.locks) base_.locks->LockRelation(view.oid, storage::LockMode::kAccessExclusive, view.name);
    session_.db.catalog->DropTable(view, snapshot_, snapshot_.command_id);
  }
}

void Alteration::SetOptions(const AlterTableCmd& command, bool reset) {
  catalog::TableSchema updated = table_;
  updated.reloptions = catalog::ApplyTableOptions(table_.reloptions, RelOptionInputs(command.options), reset);
  WriteTable(updated);
}


void Alteration::RenameTable(const AlterTableCmd& command) {
  if (session_.db.catalog->RelationExists(table_.namespace_oid, command.new_name, snapshot_)) {
    throw Error(sqlstate::kDuplicateTable, "relation \"" + command.new_name + "\" already exists");
  }
  catalog::TableSchema updated = table_;
  updated.name = command.new_name;
  WriteTable(updated);
  for (catalog::IndexSchema index : table_.indexes) {
    index.definition = IndexDefinitionWithHead(index, updated.schema_name, updated.name);
    session_.db.catalog->UpdateIndex(updated, index, snapshot_, snapshot_.command_id);
  }
  table_.name = updated.name;
}

void Alteration::RenameColumn(const AlterTableCmd& command) {
  const std::optional<size_t> index = table_.ColumnIndex(command.name);
  if (!index) {
    throw Error(sqlstate::kUndefinedColumn, "column \"" + command.name + "\" does not exist");
  }
  if (table_.ColumnIndex(command.new_name)) {
    throw Error(sqlstate::kDuplicateColumn, "column \"" + command.new_name + "\" of relation \"" +
                                                table_.name + "\" already exists");
  }
  catalog::CheckNotSystemColumnName(command.new_name);
  catalog::TableSchema updated = table_;
  updated.columns[*index].name = command.new_name;
  for (catalog::CheckConstraint& check : updated.checks) {
    check.sql = RenameIdentifier(check.sql, command.name, command.new_name);
  }
  for (catalog::ColumnSchema& column : updated.columns) {
    if (column.generated != 0 && column.default_sql) {
      column.default_sql = RenameIdentifier(*column.default_sql, command.name, command.new_name);
    }
  }
  WriteTable(updated);
  for (catalog::IndexSchema index_schema : table_.indexes) {
    const size_t keys = index_schema.definition.find(" USING btree (");
    index_schema.definition =
        index_schema.definition.substr(0, keys) +
        RenameIdentifier(index_schema.definition.substr(keys), command.name, command.new_name);
    session_.db.catalog->UpdateIndex(updated, index_schema, snapshot_, snapshot_.command_id);
  }
}

void Alteration::RenameConstraint(const AlterTableCmd& command) {
  auto taken = [&](const std::string& name) { return ConstraintNameTaken(table_, name); };
  if (!taken(command.name)) {
    throw Error(sqlstate::kUndefinedObject, "constraint \"" + command.name + "\" for table \"" +
                                                table_.name + "\" does not exist");
  }
  if (taken(command.new_name)) {
    throw Error(sqlstate::kDuplicateObject, "constraint \"" + command.new_name +
                                                "\" for relation \"" + table_.name +
                                                "\" already exists");
  }
  catalog::TableSchema updated = table_;
  for (catalog::CheckConstraint& check : updated.checks) {
    if (check.name != command.name) continue;
    check.name = command.new_name;
    WriteTable(updated);
    return;
  }
  for (catalog::ForeignKey key : table_.foreign_keys) {
    if (key.name != command.name) continue;
    key.name = command.new_name;
    session_.db.catalog->WriteForeignKey(std::move(key), snapshot_, snapshot_.command_id);
    session_.MarkCatalogChanged();
    return;
  }
  for (catalog::IndexSchema index : table_.indexes) {
    if (!index.constraint || index.name != command.name) continue;
    index.name = command.new_name;  // the index is renamed with its constraint
    index.definition = IndexDefinitionWithHead(index, table_.schema_name, table_.name);
    session_.db.catalog->UpdateIndex(table_, index, snapshot_, snapshot_.command_id);
    session_.MarkCatalogChanged();
  }
}

void Alteration::Run(const AlterTableCmd& command) {
  switch (command.kind) {
    case AlterTableCmdKind::kAddColumn: AddColumn(command); break;
    case AlterTableCmdKind::kDropColumn: DropColumn(command); break;
    case AlterTableCmdKind::kSetDefault: SetDefault(command); break;
    case AlterTableCmdKind::kSetNotNull: SetNotNull(command, true); break;
    case AlterTableCmdKind::kDropNotNull: SetNotNull(command, false); break;
    case AlterTableCmdKind::kAlterType: AlterType(command); break;
    case AlterTableCmdKind::kAddConstraint: AddConstraint(command.constraint); break;
    case AlterTableCmdKind::kDropConstraint: DropConstraint(command); break;
    case AlterTableCmdKind::kValidateConstraint: ValidateConstraint(command); break;
    case AlterTableCmdKind::kSetOptions: SetOptions(command, false); break;
    case AlterTableCmdKind::kResetOptions: SetOptions(command, true); break;
    case AlterTableCmdKind::kRenameTable: RenameTable(command); break;
    case AlterTableCmdKind::kRenameColumn: RenameColumn(command); break;
    case AlterTableCmdKind::kRenameConstraint: RenameConstraint(command); break;
    case AlterTableCmdKind::kAddIdentity: AddIdentity(command); break;
    case AlterTableCmdKind::kDropIdentity: DropIdentity(command); break;
    case AlterTableCmdKind::kDropExpression: DropExpression(command); break;
    case AlterTableCmdKind::kClusterOn:
    case AlterTableCmdKind::kSetWithoutCluster: {
      planner::AnalyzeContext context = Context();
      SetClusteredIndex(session_, table_, command.name, context);
      break;
    }
    case AlterTableCmdKind::kAlterIdentity: {
      catalog::TableSchema updated = table_;
      planner::AnalyzeContext context = Context();
      AlterColumnIdentity(session_, updated, RequireColumn(command.name), command.sequence_options,
                          context);
      WriteTable(std::move(updated));
      break;
    }
  }
  Advance();
}

bool IsIdentifierStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsIdentifierPart(char c) {
  return IsIdentifierStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

}  // namespace

std::string RenameIdentifier(const std::string& sql, const std::string& from, const std::string& to) {
  std::string out;
  size_t i = 0;
  auto followed_by_paren = [&](size_t end) {
    while (end < sql.size() && std::isspace(static_cast<unsigned char>(sql[end]))) ++end;
    return end < sql.size() && sql[end] == '(';
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'') {  // a string literal ('' inside it)
      size_t end = i + 1;
      while (end < sql.size()) {
        if (sql[end] == '\'' && end + 1 < sql.size() && sql[end + 1] == '\'') {
          end += 2;
        } else if (sql[end] == '\'') {
          break;
        } else {
          ++end;
        }
      }
      out.append(sql, i, end + 1 - i);
      i = end + 1;
    } else if (c == '"') {
      size_t end = i + 1;
      std::string name;
      while (end < sql.size()) {
        if (sql[end] == '"' && end + 1 < sql.size() && sql[end + 1] == '"') {
          name += '"';
          end += 2;
        } else if (sql[end] == '"') {
          break;
        } else {
          name += sql[end++];
        }
      }
      if (name == from && !followed_by_paren(end + 1)) {
        out += planner::QuoteIdentifier(to);
      } else {
        out.append(sql, i, end + 1 - i);
      }
      i = end + 1;
    } else if (IsIdentifierStart(c) && (i == 0 || !IsIdentifierPart(sql[i - 1]))) {
      size_t end = i;
      std::string folded;
      while (end < sql.size() && IsIdentifierPart(sql[end])) {
        folded += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[end])));
        ++end;
      }
      if (folded == from && !followed_by_paren(end)) {
        out += planner::QuoteIdentifier(to);
      } else {
        out.append(sql, i, end - i);
      }
      i = end;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

Result AlterTable(Session::Impl& session, const parser::AlterTableStmt& stmt,
                  planner::AnalyzeContext& context) {
  Result result;
  const bool rename = stmt.commands.size() == 1 &&
                      (stmt.commands[0].kind == AlterTableCmdKind::kRenameTable ||
                       stmt.commands[0].kind == AlterTableCmdKind::kRenameColumn ||
                       stmt.commands[0].kind == AlterTableCmdKind::kRenameConstraint);
  result.impl().command_tag = stmt.index               ? "ALTER INDEX"
                              : stmt.materialized_view ? "ALTER MATERIALIZED VIEW"
                                                       : "ALTER TABLE";
  if (stmt.index) {
    if (std::optional<Result> renamed = RenameIndex(session, stmt, context)) return std::move(*renamed);
  }
  std::optional<catalog::TableSchema> table =
      session.db.catalog->FindTable(stmt.table->schema, stmt.table->name, context.SearchPath(), context.snapshot);
  if (!table) {
    if (stmt.missing_ok) {
      result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                            "relation \"" + stmt.table->name +
                                                "\" does not exist, skipping",
                                            Severity::kNotice));
      return result;
    }
    throw context.ErrorAt(sqlstate::kUndefinedTable,
                          "relation \"" + stmt.table->name + "\" does not exist",
                          stmt.table->location);
  }
  if (stmt.materialized_view && table->kind != 'm') {
    throw Error(sqlstate::kWrongObjectType, "\"" + table->name + "\" is not a materialized view");
  }
  // A view is renamed here; a materialized view's name and columns too (its query names its
  // own sources, not its columns).
  const bool renames_view = rename && table->kind == 'v' && stmt.commands[0].kind == AlterTableCmdKind::kRenameTable;
  const bool renames_matview = rename && table->kind == 'm' &&
                               stmt.commands[0].kind != AlterTableCmdKind::kRenameConstraint;
  if (table->kind != 'r' && !renames_view && !renames_matview) {
    throw Error(sqlstate::kWrongObjectType, "\"" + table->name + "\" is not a table");
  }
  if (table->namespace_oid == catalog::kPgCatalogNamespace) {
    throw Error(sqlstate::kInsufficientPrivilege,
                "permission denied: \"" + table->name + "\" is a system catalog");
  }
  // Table lock: AccessExclusiveLock (PostgreSQL takes a weaker one for a few subcommands:
  // SET (fillfactor) ShareUpdateExclusiveLock, ADD CONSTRAINT ... CHECK ShareRowExclusiveLock)
  if (context.locks != nullptr) {
    context.locks->LockRelation(table->oid, storage::LockMode::kAccessExclusive, table->name);
  }
  Alteration alteration(session, context, std::move(*table), result);
  for (const AlterTableCmd& command : stmt.commands) alteration.Run(command);
  return result;
}

}  // namespace granary
