// CREATE/ALTER/DROP SEQUENCE and the sequences of SERIAL and identity columns (see
// sequence_commands.hpp).
#include "engine/sequence_commands.hpp"

#include "common/sqlstate.hpp"
#include "engine/ddl.hpp"
#include "engine/sequence_options.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/deparse.hpp"
#include "storage/sequence/sequence_file.hpp"

namespace granary {
namespace {

using types::Type;
using types::TypeId;

constexpr size_t kMaxIdentifierLength = 63;

Result Tagged(const char* tag) {
  Result result;
  result.impl().command_tag = tag;
  return result;
}

void Notice(Result& result, std::string_view sqlstate, std::string message) {
  result.impl().notices.push_back(Error(sqlstate, std::move(message), Severity::kNotice));
}

storage::SequenceFile FileOf(Session::Impl& session, const catalog::TableSchema& sequence) {
  return storage::SequenceFile(*session.db.pool, sequence.relfile, sequence.name);
}

// The namespace named by `schema`, or where the search path creates (CreationNamespace).
std::pair<catalog::Oid, std::string> ResolveNamespace(Session::Impl& session, const std::string& schema,
                                                      const std::string& name,
                                                      planner::AnalyzeContext& context, int location,
                                                      bool temporary = false) {
  parser::RangeVar range;
  range.schema = schema;
  range.name = name;
  range.location = location;
  const catalog::NamespaceName found = CreationNamespace(session, range, context, temporary);
  return {found.oid, found.name};
}

// OWNED BY table.column | NONE: the owner's oid and 1-based column (0, 0 for NONE).
std::pair<uint32_t, uint16_t> ResolveOwner(Session::Impl& session, const std::vector<std::string>& names,
                                           catalog::Oid sequence_namespace,
                                           planner::AnalyzeContext& context) {
  if (names.size() == 1 && names[0] == "none") return {0, 0};
  if (names.size() < 2) {
    throw Error(sqlstate::kSyntaxError, "invalid OWNED BY option")
        .WithHint("Specify OWNED BY table.column or OWNED BY NONE.");
  }
  const std::string schema = names.size() > 2 ? names[names.size() - 3] : "";
  const std::string& table_name = names[names.size() - 2];
  std::optional<catalog::TableSchema> table =
      session.db.catalog->FindTable(schema, table_name, context.SearchPath(), context.snapshot);
  if (!table) {
    throw Error(sqlstate::kUndefinedTable, "relation \"" + table_name + "\" does not exist");
  }
  if (table->kind != 'r') {
    const char* what = table->kind == 'v' ? "views" : "sequences";
    throw Error(sqlstate::kWrongObjectType,
                "sequence cannot be owned by relation \"" + table->name + "\"")
        .WithDetail(std::string("This operation is not supported for ") + what + ".");
  }
  if (table->namespace_oid != sequence_namespace) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "sequence must be in same schema as table it is linked to");
  }
  const std::optional<size_t> column = table->ColumnIndex(names.back());
  if (!column) {
    throw Error(sqlstate::kUndefinedColumn, "column \"" + names.back() + "\" of relation \"" +
                                                table->name + "\" does not exist");
  }
  return {table->oid, static_cast<uint16_t>(*column + 1)};
}

// Writes the catalog rows and the page of a new sequence.
catalog::TableSchema MakeSequence(Session::Impl& session, catalog::Oid namespace_oid,
                                  const std::string& schema, const std::string& name,
                                  const storage::SequenceOptions& options,
                                  planner::AnalyzeContext& context) {
  catalog::TableSchema sequence;
  sequence.kind = 'S';
  sequence.name = name;
  sequence.namespace_oid = namespace_oid;
  sequence.schema_name = schema;
  sequence.columns = {catalog::ColumnSchema{"last_value", Type{TypeId::kInt8, -1}, true, {}},
                      catalog::ColumnSchema{"log_cnt", Type{TypeId::kInt8, -1}, true, {}},
                      catalog::ColumnSchema{"is_called", Type{TypeId::kBool, -1}, true, {}}};
  catalog::TableSchema created = session.db.catalog->CreateTable(std::move(sequence), context.snapshot,
                                                                 context.snapshot.command_id);
  session.DropFileOnAbort(created.relfile);
  session.MarkCatalogChanged();
  FileOf(session, created).Create(options, context.snapshot.own_xid);
  return created;
}

void RemoveSequence(Session::Impl& session, const catalog::TableSchema& sequence,
                    planner::AnalyzeContext& context) {
  session.db.catalog->DropTable(sequence, context.snapshot, context.snapshot.command_id);
  session.DropFileOnCommit(sequence.relfile);
  session.MarkCatalogChanged();
}

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

Result CreateSequence(Session::Impl& session, const parser::CreateSequenceStmt& stmt,
                      planner::AnalyzeContext& context) {
  Result result = Tagged("CREATE SEQUENCE");
  const auto [namespace_oid, schema] = ResolveNamespace(session, stmt.sequence->schema, stmt.sequence->name,
                                                        context, stmt.sequence->location, stmt.temporary);
  const std::string& name = stmt.sequence->name;
  LockRelationName(context, namespace_oid, name);
  if (session.db.catalog->RelationExists(namespace_oid, name, context.snapshot)) {
    if (stmt.if_not_exists) {
      Notice(result, sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists, skipping");
      return result;
    }
    throw context.ErrorAt(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists",
                          stmt.sequence->location);
  }
  for (const parser::SequenceOption& option : stmt.options) {
    if (option.name == "sequence_name") {
      throw context.ErrorAt(sqlstate::kSyntaxError, "invalid sequence option SEQUENCE NAME",
                            option.location);
    }
  }
  SequenceDefinition definition =
      ResolveSequenceOptions(stmt.options, std::nullopt, std::nullopt, std::nullopt, context);
  if (definition.owned_by) {
    const auto [owner, column] = ResolveOwner(session, *definition.owned_by, namespace_oid, context);
    definition.options.owner_relation = owner;
    definition.options.owner_column = column;
  }
  storage::SequenceOptions options = definition.options;
  const catalog::TableSchema created =
      MakeSequence(session, namespace_oid, schema, name, options, context);
  if (definition.restart && *definition.restart != options.start) {
    FileOf(session, created).Alter(options, definition.restart);
  }
  return result;
}

Result AlterSequence(Session::Impl& session, const parser::AlterSequenceStmt& stmt,
                     planner::AnalyzeContext& context) {
  Result result = Tagged("ALTER SEQUENCE");
  std::optional<catalog::TableSchema> sequence =
      session.db.catalog->FindTable(stmt.sequence->schema, stmt.sequence->name, context.SearchPath(),
                                    context.snapshot);
  if (!sequence) {
    if (stmt.missing_ok) {
      Notice(result, sqlstate::kSuccessfulCompletion,
             "relation \"" + stmt.sequence->name + "\" does not exist, skipping");
      return result;
    }
    throw context.ErrorAt(sqlstate::kUndefinedTable,
                          "relation \"" + stmt.sequence->name + "\" does not exist",
                          stmt.sequence->location);
  }
  if (sequence->kind != 'S') {
    throw Error(sqlstate::kWrongObjectType, "\"" + sequence->name + "\" is not a sequence");
  }
  if (context.locks != nullptr) {
    context.locks->LockRelation(sequence->oid, storage::LockMode::kShareRowExclusive, sequence->name);
  }
  for (const parser::SequenceOption& option : stmt.options) {
    if (option.name == "sequence_name") {
      throw context.ErrorAt(sqlstate::kSyntaxError, "invalid sequence option SEQUENCE NAME",
                            option.location);
    }
  }
  storage::SequenceFile file = FileOf(session, *sequence);
  const storage::SequenceState state = file.ReadState();
  SequenceDefinition definition =
      ResolveSequenceOptions(stmt.options, file.ReadOptions(), state.last_value, std::nullopt, context);
  if (definition.owned_by) {
    const auto [owner, column] =
        ResolveOwner(session, *definition.owned_by, sequence->namespace_oid, context);
    definition.options.owner_relation = owner;
    definition.options.owner_column = column;
  }
  file.Alter(definition.options, definition.restart);
  return result;
}

Result DropSequences(Session::Impl& session, const parser::DropStmt& stmt,
                     planner::AnalyzeContext& context) {
  Result result = Tagged("DROP SEQUENCE");
  std::vector<catalog::TableSchema> sequences;
  for (const std::vector<std::string>& name : stmt.names) {
    const auto [schema, relation_name] = planner::SplitObjectName(name, context);
    if (!schema.empty() && !session.db.catalog->FindNamespace(schema, context.snapshot)) {
      if (!stmt.if_exists) {
        throw Error(sqlstate::kInvalidSchemaName, "schema \"" + schema + "\" does not exist");
      }
      Notice(result, sqlstate::kSuccessfulCompletion, "schema \"" + schema + "\" does not exist, skipping");
      continue;
    }
    std::optional<catalog::TableSchema> sequence =
        session.db.catalog->FindTable(schema, relation_name, context.SearchPath(), context.snapshot);
    if (!sequence) {
      if (stmt.if_exists) {
        Notice(result, sqlstate::kSuccessfulCompletion,
               "sequence \"" + name.back() + "\" does not exist, skipping");
        continue;
      }
      throw Error(sqlstate::kUndefinedTable, "sequence \"" + name.back() + "\" does not exist");
    }
    if (sequence->kind != 'S') {
      throw Error(sqlstate::kWrongObjectType, "\"" + sequence->name + "\" is not a sequence")
          .WithHint(sequence->kind == 'v' ? "Use DROP VIEW to remove a view."
                                          : "Use DROP TABLE to remove a table.");
    }
    if (context.locks) {
      context.locks->LockRelation(sequence->oid, storage::LockMode::kAccessExclusive, sequence->name);
    }
    sequences.push_back(std::move(*sequence));
  }
  for (const catalog::TableSchema& sequence : sequences) {
    // A column default of the owning table that calls the sequence depends on it.
    const storage::SequenceOptions options = FileOf(session, sequence).ReadOptions();
    if (options.owner_relation != 0) {
      for (catalog::TableSchema& table : session.db.catalog->ListTables(context.snapshot)) {
        if (table.oid != options.owner_relation) continue;
        std::optional<catalog::TableSchema> owner =
            session.db.catalog->FindTable(table.schema_name, table.name, context.SearchPath(), context.snapshot);
        if (!owner || options.owner_column == 0 || options.owner_column > owner->columns.size()) break;
        catalog::ColumnSchema& column = owner->columns[options.owner_column - 1];
        // The default names the sequence bare (in public) or qualified (NextvalDefault).
        const std::string qualified =
            planner::QuoteIdentifier(sequence.schema_name) + "." + planner::QuoteIdentifier(sequence.name);
        const bool uses = column.default_sql &&
                          (column.default_sql->find(QuoteLiteral(sequence.name)) != std::string::npos ||
                           column.default_sql->find(QuoteLiteral(qualified)) != std::string::npos);
        if (column.identity != 0) {
          throw Error(sqlstate::kDependentObjectsStillExist,
                      "cannot drop sequence " + sequence.name + " because column " + column.name +
                          " of table " + owner->name + " requires it")
              .WithHint("You can drop column " + column.name + " of table " + owner->name +
                        " instead.");
        }
        if (!uses) break;
        const std::string what = "default value for column " + column.name + " of table " + owner->name;
        if (!stmt.cascade) {
          throw Error(sqlstate::kDependentObjectsStillExist,
                      "cannot drop sequence " + sequence.name +
                          " because other objects depend on it")
              .WithDetail(what + " depends on sequence " + sequence.name)
              .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
        }
        Notice(result, sqlstate::kSuccessfulCompletion, "drop cascades to " + what);
        column.default_sql.reset();
        session.db.catalog->UpdateTable(*owner, context.snapshot, context.snapshot.command_id);
        break;
      }
    }
    RemoveSequence(session, sequence, context);
  }
  return result;
}

std::optional<types::TypeId> SerialColumnType(const parser::TypeName& name) {
  if (name.names.size() != 1 || name.array_bounds != 0) return std::nullopt;
  const std::string& type = name.names[0];
  if (type == "serial" || type == "serial4") return TypeId::kInt4;
  if (type == "bigserial" || type == "serial8") return TypeId::kInt8;
  if (type == "smallserial" || type == "serial2") return TypeId::kInt2;
  return std::nullopt;
}

ColumnSequence PlanColumnSequence(Session::Impl& session, const catalog::TableSchema& table,
                                  size_t column, std::vector<parser::SequenceOption> options,
                                  planner::AnalyzeContext& context) {
  ColumnSequence sequence;
  sequence.column = column;
  sequence.schema = table.schema_name;
  for (auto it = options.begin(); it != options.end(); ++it) {
    if (it->name != "sequence_name") continue;
    const std::vector<std::string> names = it->names;
    sequence.name = names.back();
    if (names.size() > 1) sequence.schema = names[names.size() - 2];
    options.erase(it);
    break;
  }
  sequence.options = std::move(options);
  if (!sequence.name.empty()) return sequence;
  // PostgreSQL's ChooseRelationName: <table>_<column>_seq, shortened to 63 bytes by trimming
  // the longer of the two names, then a number until it is free.
  const catalog::Oid namespace_oid = table.namespace_oid;
  for (int suffix = 0;; ++suffix) {
    const std::string tail = "_seq" + (suffix == 0 ? std::string() : std::to_string(suffix));
    std::string first = table.name;
    std::string second = table.columns[column].name;
    while (first.size() + second.size() + 1 + tail.size() > kMaxIdentifierLength) {
      if (first.size() > second.size()) {
        first.pop_back();
      } else {
        second.pop_back();
      }
    }
    const std::string candidate = first + "_" + second + tail;
    if (!session.db.catalog->RelationExists(namespace_oid, candidate, context.snapshot) &&
        candidate != table.name) {
      sequence.name = candidate;
      return sequence;
    }
  }
}

std::string NextvalDefault(const ColumnSequence& sequence) {
  std::string name = planner::QuoteIdentifier(sequence.name);
  // A temporary table's sequence is named bare too: the session's temporary schema comes
  // first in its search path, and only the session uses the table.
  if (sequence.schema != "public" && !catalog::IsTempSchemaName(sequence.schema)) {
    name = planner::QuoteIdentifier(sequence.schema) + "." + name;
  }
  return "nextval(" + QuoteLiteral(name) + "::regclass)";
}

void CreateColumnSequence(Session::Impl& session, const catalog::TableSchema& table,
                          const ColumnSequence& sequence, planner::AnalyzeContext& context) {
  const auto [namespace_oid, schema] = ResolveNamespace(session, sequence.schema, sequence.name, context, -1);
  LockRelationName(context, namespace_oid, sequence.name);
  if (session.db.catalog->RelationExists(namespace_oid, sequence.name, context.snapshot)) {
    throw Error(sqlstate::kDuplicateTable, "relation \"" + sequence.name + "\" already exists");
  }
  SequenceDefinition definition = ResolveSequenceOptions(
      sequence.options, std::nullopt, std::nullopt, table.columns[sequence.column].type.id, context);
  if (definition.owned_by) {
    throw Error(sqlstate::kSyntaxError, "invalid sequence option OWNED BY");
  }
  definition.options.owner_relation = table.oid;
  definition.options.owner_column = static_cast<uint16_t>(sequence.column + 1);
  MakeSequence(session, namespace_oid, schema, sequence.name, definition.options, context);
}

std::vector<catalog::TableSchema> OwnedSequences(Session::Impl& session,
                                                 const catalog::TableSchema& table,
                                                 planner::AnalyzeContext& context, uint16_t column) {
  std::vector<catalog::TableSchema> owned;
  for (catalog::TableSchema& sequence : session.db.catalog->ListTables(context.snapshot, 'S')) {
    const storage::SequenceOptions options = FileOf(session, sequence).ReadOptions();
    if (options.owner_relation != table.oid) continue;
    if (column != 0 && options.owner_column != column) continue;
    owned.push_back(std::move(sequence));
  }
  return owned;
}

void DropOwnedSequences(Session::Impl& session, const catalog::TableSchema& table,
                        planner::AnalyzeContext& context, uint16_t column) {
  for (const catalog::TableSchema& sequence : OwnedSequences(session, table, context, column)) {
    if (context.locks) {
      context.locks->LockRelation(sequence.oid, storage::LockMode::kAccessExclusive, sequence.name);
    }
    RemoveSequence(session, sequence, context);
  }
}

void DropColumnSequences(Session::Impl& session, const catalog::TableSchema& table, size_t column,
                         planner::AnalyzeContext& context) {
  const auto number = static_cast<uint16_t>(column + 1);
  for (const catalog::TableSchema& sequence : OwnedSequences(session, table, context)) {
    storage::SequenceFile file = FileOf(session, sequence);
    storage::SequenceOptions options = file.ReadOptions();
    if (options.owner_column == number) {
      RemoveSequence(session, sequence, context);
    } else if (options.owner_column > number) {
      --options.owner_column;
      file.Alter(options, std::nullopt);
    }
  }
}

void RestartOwnedSequences(Session::Impl& session, const catalog::TableSchema& table,
                           planner::AnalyzeContext& context) {
  for (const catalog::TableSchema& sequence : OwnedSequences(session, table, context)) {
    storage::SequenceFile file = FileOf(session, sequence);
    const storage::SequenceOptions options = file.ReadOptions();
    file.Alter(options, options.start);
  }
}

void AlterColumnIdentity(Session::Impl& session, catalog::TableSchema& table, size_t column,
                         const std::vector<parser::SequenceOption>& options,
                         planner::AnalyzeContext& context) {
  catalog::ColumnSchema& target = table.columns[column];
  if (target.identity == 0) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "column \"" + target.name + "\" of relation \"" + table.name +
                    "\" is not an identity column");
  }
  const std::vector<catalog::TableSchema> owned =
      OwnedSequences(session, table, context, static_cast<uint16_t>(column + 1));
  if (owned.empty()) {
    throw Error(sqlstate::kInternalError, "identity column \"" + target.name + "\" has no sequence");
  }
  storage::SequenceFile file = FileOf(session, owned.front());
  const storage::SequenceState state = file.ReadState();
  std::vector<parser::SequenceOption> sequence_options;
  for (const parser::SequenceOption& option : options) {
    if (option.name == "generated") {
      target.identity = option.flag ? 'a' : 'd';
    } else {
      sequence_options.push_back(option);
    }
  }
  if (sequence_options.empty()) return;
  const storage::SequenceOptions existing = file.ReadOptions();
  SequenceDefinition definition =
      ResolveSequenceOptions(sequence_options, existing, state.last_value, std::nullopt, context);
  definition.options.owner_relation = existing.owner_relation;
  definition.options.owner_column = existing.owner_column;
  file.Alter(definition.options, definition.restart);
}

}  // namespace granary
