// COPY FROM STDIN and COPY TO STDOUT, and with a server file or program.
#include "engine/copy_command.hpp"

#include "engine/statement_services.hpp"

#include <algorithm>
#include <set>

#include "catalog/search_path.hpp"
#include "common/sqlstate.hpp"
#include "engine/copy_server_file.hpp"
#include "engine/statement_runner.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/operators/batch_source.hpp"
#include "executor/operators/modify_table.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/optimize/optimizer.hpp"
#include "types/value_ops.hpp"

namespace granary {
namespace {

using types::Value;

// PostgreSQL shows at most 100 bytes of a value or line in error context, then "...".
constexpr size_t kMaxContextBytes = 100;

std::string Clip(std::string_view text) {
  if (text.size() <= kMaxContextBytes) return std::string(text);
  size_t cut = kMaxContextBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  return std::string(text.substr(0, cut)) + "...";
}

std::string QualifiedName(const catalog::TableSchema& table) {
  return planner::QuoteIdentifier(table.schema_name) + "." + planner::QuoteIdentifier(table.name);
}

// The columns a COPY names (all when none are listed): 42703 unknown, 42701 repeated.
std::vector<size_t> TargetColumns(const catalog::TableSchema& table,
                                  const std::vector<std::string>& names) {
  std::vector<size_t> targets;
  // Generated columns are neither copied out nor in (PostgreSQL's CopyGetAttnums): their
  // values come from the other columns.
  if (names.empty()) {
    for (size_t i = 0; i < table.columns.size(); ++i) {
      if (table.columns[i].generated == 0) targets.push_back(i);
    }
    return targets;
  }
  std::set<size_t> seen;
  for (const std::string& name : names) {
    const std::optional<size_t> index = table.ColumnIndex(name);
    if (!index) {
      throw Error(sqlstate::kUndefinedColumn,
                  "column \"" + name + "\" of relation \"" + table.name + "\" does not exist");
    }
    if (table.columns[*index].generated != 0) {
      throw Error(sqlstate::kInvalidColumnReference, "column \"" + name + "\" is a generated column")
          .WithDetail("Generated columns cannot be used in COPY.");
    }
    if (!seen.insert(*index).second) {
      throw Error(sqlstate::kDuplicateColumn, "column \"" + name + "\" specified more than once");
    }
    targets.push_back(*index);
  }
  return targets;
}

// FORCE_QUOTE / FORCE_NOT_NULL / FORCE_NULL columns as flags per copied column; 42P10 for a
// column the COPY does not copy.
std::vector<bool> ForcedColumns(const std::vector<std::string>& forced, const char* option,
                                const std::vector<std::string>& copied,
                                const catalog::TableSchema* table = nullptr) {
  std::vector<bool> flags(copied.size(), false);
  for (const std::string& name : forced) {
    if (table != nullptr && !table->ColumnIndex(name)) {
      throw Error(sqlstate::kUndefinedColumn,
                  "column \"" + name + "\" of relation \"" + table->name + "\" does not exist");
    }
    bool found = false;
    for (size_t i = 0; i < copied.size(); ++i) {
      if (copied[i] == name) flags[i] = found = true;
    }
    if (!found) {
      throw Error(sqlstate::kInvalidColumnReference,
                  std::string(option) + " column \"" + name + "\" not referenced by COPY");
    }
  }
  return flags;
}

// COPY to or from a server file or program: superusers only, as in PostgreSQL.
void CheckServerFileAllowed(Session::Impl& session, const parser::CopyStmt& stmt) {
  if (!stmt.filename) return;
  if (session.settings.Show("is_superuser") == "on") return;
  if (stmt.is_program) {
    throw Error(sqlstate::kInsufficientPrivilege,
                "must be superuser or have privileges of the pg_execute_server_program role to "
                "COPY to or from an external program")
        .WithHint("Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.");
  }
  throw Error(sqlstate::kInsufficientPrivilege,
              stmt.is_from ? "must be superuser or have privileges of the pg_read_server_files "
                             "role to COPY from a file"
                           : "must be superuser or have privileges of the pg_write_server_files "
                             "role to COPY to a file")
      .WithHint("Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.");
}

// COPY TO a server file writes the rows in pieces of about this size.
constexpr size_t kServerFileChunk = 1 << 20;

// The binary format's fixed parts (PostgreSQL's "PGCOPY\n\377\r\n\0", flags, header
// extension length; the trailer is a field count of -1).
void AppendBinaryHeader(std::string& out) {
  out.append("PGCOPY\n\377\r\n\0", 11);
  out.append(8, '\0');
}

void AppendInt(std::string& out, uint32_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

Result CopyTo(Session::Impl& session, const parser::CopyStmt& stmt, planner::AnalyzeContext& context,
              const std::vector<Value>& params) {
  const CopyOptions options = ProcessCopyOptions(stmt.options, false);
  std::vector<parser::StmtPtr> parsed;  // owns the SELECT of COPY table TO
  const parser::Stmt* query = stmt.query.get();
  std::string sql;
  std::vector<std::string> names;
  std::optional<catalog::TableSchema> source_table;
  if (query == nullptr) {
    source_table = planner::LookupTable(*stmt.table, context);
    const catalog::TableSchema& table = *source_table;
    if (table.kind == 'v' || table.kind == 'm') {
      throw Error(sqlstate::kWrongObjectType, std::string("cannot copy from ") +
                                                  (table.kind == 'm' ? "materialized view" : "view") + " \"" +
                                                  table.name + "\"")
          .WithHint("Try the COPY (SELECT ...) TO variant.");
    }
    if (table.kind == 'S') {
      throw Error(sqlstate::kWrongObjectType, "cannot copy from sequence \"" + table.name + "\"")
          .WithHint("Try the COPY (SELECT ...) TO variant.");
    }
    const std::vector<size_t> targets = TargetColumns(table, stmt.columns);
    sql = "SELECT ";
    for (size_t i = 0; i < targets.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += planner::QuoteIdentifier(table.columns[targets[i]].name);
      names.push_back(table.columns[targets[i]].name);
    }
    if (targets.empty()) sql += "FROM";  // keeps the statement valid: SELECT FROM t
    sql += (targets.empty() ? " " : " FROM ") + QualifiedName(table);
    parsed = parser::Parse(sql);
    query = parsed.front().get();
  } else if (query->kind != parser::StmtKind::kSelect) {
    bool has_returning = false;
    if (query->kind == parser::StmtKind::kInsert) has_returning = !query->As<parser::InsertStmt>().returning.empty();
    if (query->kind == parser::StmtKind::kUpdate) has_returning = !query->As<parser::UpdateStmt>().returning.empty();
    if (query->kind == parser::StmtKind::kDelete) has_returning = !query->As<parser::DeleteStmt>().returning.empty();
    if (!has_returning) throw Error(sqlstate::kFeatureNotSupported, "COPY query must have a RETURNING clause");
  }
  CheckServerFileAllowed(session, stmt);
  std::unique_ptr<CopyServerFile> target;
  if (stmt.filename) target = CopyServerFile::Open(stmt, session.db.directory->path());
  std::vector<types::Type> no_param_types;
  planner::AnalyzeContext query_context{context.catalog, context.snapshot,
                                        parsed.empty() ? context.sql : std::string_view(sql),
                                        parsed.empty() ? context.param_types : no_param_types};
  query_context.search_path = context.search_path;
  query_context.database = context.database;
  const PlannedStatement planned = PlanStatement(*query, query_context);
  if (names.empty()) names = planned.plan->output_names;
  const std::vector<bool> force_quote =
      options.force_quote_all ? std::vector<bool>(names.size(), true)
                              : ForcedColumns(options.force_quote, "FORCE_QUOTE", names,
                                              source_table ? &*source_table : nullptr);

  Result result;
  Result::Impl& out = result.impl();
  out.copy_direction = Result::CopyDirection::kOut;
  out.copy_column_count = names.size();
  out.copy_binary = options.format == CopyFormat::kBinary;
  auto end_row = [&] { out.copy_row_ends.push_back(out.copy_data.size()); };
  std::vector<std::string> texts(names.size());
  std::vector<const std::string*> pointers(names.size());
  if (out.copy_binary) {
    AppendBinaryHeader(out.copy_data);
    end_row();
  } else if (options.header) {
    for (size_t i = 0; i < names.size(); ++i) pointers[i] = &names[i];
    AppendCopyRow(options, pointers, {}, out.copy_data);
    end_row();
  }

  executor::ExecContext exec{*session.db.pool, *session.db.transactions,
                             session.ExecutionSnapshot(context.snapshot), params};
  AttachSessionState(session, exec, session.locks().active() ? &session.locks() : nullptr);
  StatementServices services(session, context.snapshot, exec.locks);
  services.Attach(exec);
  executor::OperatorPtr root = executor::BuildOperator(*planned.plan, exec);
  executor::Batch batch;
  uint64_t rows = 0;
  while (root->Next(batch)) {
    for (size_t row = 0; row < batch.row_count; ++row) {
      if (out.copy_binary) {
        AppendInt(out.copy_data, static_cast<uint32_t>(names.size()), 2);
        for (size_t c = 0; c < names.size(); ++c) {
          const Value& value = batch.columns[c][row];
          if (value.is_null()) {
            AppendInt(out.copy_data, 0xFFFFFFFFu, 4);
            continue;
          }
          const size_t length_at = out.copy_data.size();
          AppendInt(out.copy_data, 0, 4);
          types::AppendBinary(value, out.copy_data);
          const auto length = static_cast<uint32_t>(out.copy_data.size() - length_at - 4);
          std::string length_bytes;
          AppendInt(length_bytes, length, 4);
          out.copy_data.replace(length_at, 4, length_bytes);
        }
      } else {
        for (size_t c = 0; c < names.size(); ++c) {
          const Value& value = batch.columns[c][row];
          if (value.is_null()) {
            pointers[c] = nullptr;
          } else {
            texts[c] = types::ToText(value);
            pointers[c] = &texts[c];
          }
        }
        AppendCopyRow(options, pointers, force_quote, out.copy_data);
      }
      end_row();
      ++rows;
      if (target && out.copy_data.size() >= kServerFileChunk) {
        target->Write(out.copy_data);
        out.copy_data.clear();
        out.copy_row_ends.clear();
      }
    }
  }
  if (out.copy_binary) {
    AppendInt(out.copy_data, 0xFFFF, 2);
    end_row();
  }
  if (target) {
    target->Write(out.copy_data);
    target->Close();
    result = Result();  // nothing goes to the client but the command tag
  }
  result.impl().affected_rows = rows;
  result.impl().command_tag = "COPY " + std::to_string(rows);
  return result;
}

Result CopyFrom(Session::Impl& session, const parser::CopyStmt& stmt, planner::AnalyzeContext& context) {
  const CopyOptions options = ProcessCopyOptions(stmt.options, true);
  const catalog::TableSchema table =
      planner::LookupTable(*stmt.table, context, storage::LockMode::kRowExclusive);
  // A read-only transaction may still fill its own temporary tables, as in PostgreSQL.
  if (!catalog::IsTempSchemaName(table.schema_name)) session.RequireReadWrite("COPY FROM");
  if (table.kind == 'v') {
    throw Error(sqlstate::kWrongObjectType, "cannot copy to view \"" + table.name + "\"")
        .WithHint("To enable copying to a view, provide an INSTEAD OF INSERT trigger.");
  }
  if (table.kind == 'S') {
    throw Error(sqlstate::kWrongObjectType, "cannot copy to sequence \"" + table.name + "\"");
  }
  if (table.kind == 'm') {
    throw Error(sqlstate::kWrongObjectType, "cannot copy to materialized view \"" + table.name + "\"");
  }
  if (table.namespace_oid == catalog::kPgCatalogNamespace) {
    throw Error(sqlstate::kInsufficientPrivilege,
                "permission denied: \"" + table.name + "\" is a system catalog");
  }
  const std::vector<size_t> targets = TargetColumns(table, stmt.columns);
  CheckServerFileAllowed(session, stmt);
  if (options.freeze && !session.CreatedInTransaction(table.relfile)) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "cannot perform COPY FREEZE because the table was not created or truncated in the "
                "current subtransaction");
  }
  // WHERE sees whole rows: the rows then carry every column, defaults filled in here.
  std::unique_ptr<CopyFilter> filter;
  std::vector<size_t> inserted = targets;
  if (stmt.where) {
    filter = std::make_unique<CopyFilter>();
    std::string where_sql;
    std::vector<parser::StmtPtr> where_parsed;
    std::vector<types::Type> no_param_types;
    std::unique_ptr<planner::BoundQuery> where_query;
    try {
      // The condition is bound over the table as the WHERE of a query built here.
      where_sql = "SELECT FROM " + QualifiedName(table) + " WHERE " + planner::ExprToSql(*stmt.where);
      where_parsed = parser::Parse(where_sql);
      planner::AnalyzeContext where_context{context.catalog, context.snapshot, where_sql, no_param_types};
      where_context.search_path = context.search_path;
      where_context.database = context.database;
      where_query = planner::BindSelect(where_parsed.front()->As<parser::SelectStmt>(), where_context);
    } catch (const Error& error) {
      // Positions would point into the statement built here, not the user's.
      if (error.sqlstate() == sqlstate::kFeatureNotSupported &&
          error.message().find("subquer") != std::string::npos) {
        throw Error(sqlstate::kFeatureNotSupported, "cannot use subquery in COPY FROM WHERE condition");
      }
      Error copy = error;
      copy.WithPosition(0);
      throw copy;
    }
    filter->where = std::move(where_query->where);
    bool has_subquery = false;
    filter->where->Walk([&](const planner::BoundExpr& node) {
      has_subquery = has_subquery || node.kind == planner::BoundKind::kSubquery;
    });
    if (has_subquery) {
      throw Error(sqlstate::kFeatureNotSupported, "cannot use subquery in COPY FROM WHERE condition");
    }
    inserted.clear();
    filter->defaults.resize(table.columns.size());
    for (size_t c = 0; c < table.columns.size(); ++c) {
      inserted.push_back(c);
      if (std::find(targets.begin(), targets.end(), c) == targets.end()) {
        filter->defaults[c] = planner::BindColumnDefault(table.columns[c], context, &table.schema_name);
      }
    }
  }
  // The rows go through INSERT INTO t (columns) VALUES ($1, ..., $n): its plan supplies the
  // defaults, constraints and indexes; the VALUES node is replaced by the parsed batches.
  std::string sql = "INSERT INTO " + QualifiedName(table) + " (";
  std::string values = "VALUES (";
  for (size_t i = 0; i < inserted.size(); ++i) {
    if (i > 0) {
      sql += ", ";
      values += ", ";
    }
    sql += planner::QuoteIdentifier(table.columns[inserted[i]].name);
    // A generated column (in the whole rows a WHERE sees) is computed by the INSERT.
    values += table.columns[inserted[i]].generated != 0 ? "DEFAULT" : "$" + std::to_string(i + 1);
  }
  // COPY writes the values it is given, GENERATED ALWAYS identity columns included, as in
  // PostgreSQL (whose COPY does not go through the rewriter's identity check).
  sql += inserted.empty() ? "" : ") OVERRIDING SYSTEM VALUE " + values + ")";
  if (inserted.empty()) sql = "INSERT INTO " + QualifiedName(table) + " DEFAULT VALUES";
  std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
  std::vector<types::Type> param_types(inserted.size(), types::Type{types::TypeId::kUnknown, -1});
  planner::AnalyzeContext insert_context{context.catalog, context.snapshot, sql, param_types};
  insert_context.search_path = context.search_path;
  insert_context.database = context.database;
  const std::unique_ptr<planner::BoundInsert> bound =
      planner::BindInsert(parsed.front()->As<parser::InsertStmt>(), insert_context);
  planner::PlanPtr plan = planner::PlanInsert(*bound);

  std::vector<std::string> copied;
  for (size_t index : targets) copied.push_back(table.columns[index].name);
  ForcedColumns(options.force_not_null, "FORCE_NOT_NULL", copied, &table);
  ForcedColumns(options.force_null, "FORCE_NULL", copied, &table);

  std::unique_ptr<CopyServerFile> source;
  if (stmt.filename) source = CopyServerFile::Open(stmt, session.db.directory->path());
  session.copy_in = std::make_unique<CopyInState>(session, options, table, targets,
                                                  std::move(plan), context.snapshot, std::move(filter));
  session.copy_in->server_file = std::move(source);
  Result result;
  result.impl().copy_direction = Result::CopyDirection::kIn;
  result.impl().copy_column_count = targets.size();
  result.impl().copy_binary = options.format == CopyFormat::kBinary;
  return result;
}

}  // namespace

Result Copy(Session::Impl& session, const parser::CopyStmt& stmt, planner::AnalyzeContext& context,
            const std::vector<Value>& params) {
  if (stmt.is_from) return CopyFrom(session, stmt, context);
  return CopyTo(session, stmt, context, params);
}

CopyInState::CopyInState(Session::Impl& session, CopyOptions options, catalog::TableSchema table,
                         std::vector<size_t> targets, planner::PlanPtr insert_plan,
                         const storage::Snapshot& snapshot, std::unique_ptr<CopyFilter> filter)
    : session_(session),
      options_(std::move(options)),
      table_(std::move(table)),
      targets_(std::move(targets)),
      filter_(std::move(filter)),
      plan_(std::move(insert_plan)),
      exec_{*session.db.pool, *session.db.transactions, session.ExecutionSnapshot(snapshot), no_params_},
      reader_(options_),
      header_pending_(options_.header) {
  exec_.cancel_requested = &session.cancel_requested;
  exec_.locks = session.locks().active() ? &session.locks() : nullptr;
  exec_.transaction_snapshot = session.RepeatableRead();
  exec_.table_counts = &session.table_counts;
  exec_.foreign_key_events = &foreign_key_events_;
  services_ = std::make_unique<StatementServices>(session, snapshot, exec_.locks);
  services_->Attach(exec_);
  std::vector<std::string> copied;
  for (size_t index : targets_) {
    types_.push_back(table_.columns[index].type);
    copied.push_back(table_.columns[index].name);
  }
  force_not_null_ = ForcedColumns(options_.force_not_null, "FORCE_NOT_NULL", copied);
  force_null_ = ForcedColumns(options_.force_null, "FORCE_NULL", copied);
  auto source = std::make_unique<executor::BatchSource>(*plan_->children[0], exec_);
  source_ = source.get();
  insert_ = std::make_unique<executor::InsertRows>(*plan_, exec_, std::move(source));
  batch_.Reset(filter_ ? table_.columns.size() : targets_.size());
}

CopyInState::~CopyInState() = default;

std::string CopyInState::LineContext(uint64_t line, std::string_view text, bool with_text) const {
  std::string context = "COPY " + table_.name + ", line " + std::to_string(line);
  if (with_text) context += ": \"" + Clip(text) + "\"";
  return context;
}

void CopyInState::Feed(std::string_view data) {
  if (options_.format == CopyFormat::kBinary) {
    try {
      binary_reader_.Feed(data);
    } catch (Error& error) {
      if (binary_reader_.header_done()) error.WithContext(LineContext(binary_reader_.row_number(), {}, false));
      throw;
    }
  } else {
    reader_.Feed(data);
  }
  ReadRows();
}

uint64_t CopyInState::Finish() {
  reader_.Finish();
  binary_reader_.Finish();
  ReadRows();
  InsertBatch();
  return exec_.rows_affected;
}

void CopyInState::ReadRows() {
  while (options_.format == CopyFormat::kBinary) {
    try {
      if (!binary_reader_.NextRow(fields_, targets_.size())) return;
    } catch (Error& error) {
      if (!binary_reader_.header_done()) throw;  // header errors have no line, as in PostgreSQL
      std::string context = LineContext(binary_reader_.row_number(), {}, false);
      const int field = binary_reader_.current_field();
      if (field >= 0 && static_cast<size_t>(field) < targets_.size()) {
        context += ", column " + table_.columns[targets_[static_cast<size_t>(field)]].name;
      }
      error.WithContext(std::move(context));
      throw;
    }
    AddRow();
    if (batch_.row_count >= executor::kBatchSize) InsertBatch();
  }
  while (true) {
    try {
      if (!reader_.NextRow(fields_)) return;
    } catch (Error& error) {
      if (error.context().empty()) {
        error.WithContext(LineContext(reader_.line_number(), reader_.line(), reader_.line_valid()));
      }
      throw;
    }
    if (header_pending_) {
      header_pending_ = false;
      if (options_.header_match) {
        if (fields_.size() != targets_.size()) {
          throw Error(sqlstate::kBadCopyFileFormat,
                      "wrong number of fields in header line: got " + std::to_string(fields_.size()) +
                          ", expected " + std::to_string(targets_.size()))
              .WithContext(LineContext(reader_.line_number(), reader_.line(), true));
        }
        for (size_t i = 0; i < fields_.size(); ++i) {
          const std::string& expected = table_.columns[targets_[i]].name;
          if (fields_[i].is_null) {
            throw Error(sqlstate::kBadCopyFileFormat,
                        "column name mismatch in header line field " + std::to_string(i + 1) +
                            ": got null value (\"" + options_.null_string + "\"), expected \"" +
                            expected + "\"")
                .WithContext(LineContext(reader_.line_number(), reader_.line(), true));
          }
          if (fields_[i].value != expected) {
            throw Error(sqlstate::kBadCopyFileFormat,
                        "column name mismatch in header line field " + std::to_string(i + 1) +
                            ": got \"" + fields_[i].value + "\", expected \"" + expected + "\"")
                .WithContext(LineContext(reader_.line_number(), reader_.line(), true));
          }
        }
      }
      continue;
    }
    AddRow();
    if (batch_.row_count >= executor::kBatchSize) InsertBatch();
  }
}

void CopyInState::AddRow() {
  const bool binary = options_.format == CopyFormat::kBinary;
  const uint64_t line = binary ? binary_reader_.row_number() : reader_.line_number();
  // An empty line is one empty field; with no columns to fill it is an empty row.
  const size_t field_count = targets_.empty() && fields_.size() == 1 && fields_[0].value.empty() &&
                                     !fields_[0].quoted && !fields_[0].is_null
                                 ? 0
                                 : fields_.size();
  if (field_count > targets_.size()) {
    throw Error(sqlstate::kBadCopyFileFormat, "extra data after last expected column")
        .WithContext(LineContext(line, reader_.line(), true));
  }
  for (size_t i = 0; i < targets_.size(); ++i) {
    const std::string& name = table_.columns[targets_[i]].name;
    if (i >= field_count) {
      throw Error(sqlstate::kBadCopyFileFormat, "missing data for column \"" + name + "\"")
          .WithContext(LineContext(line, reader_.line(), true));
    }
    CopyField& field = fields_[i];
    bool is_null = field.is_null;
    if (options_.csv()) {
      if (is_null && force_not_null_[i]) {
        is_null = false;
        field.value = options_.null_string;
      } else if (!is_null && force_null_[i] && field.value == options_.null_string) {
        is_null = true;
      }
    }
    if (i == 0) converted_.clear();
    if (is_null) {
      converted_.push_back(Value::Null(types_[i].id));
      continue;
    }
    try {
      converted_.push_back(binary ? types::FromBinary(field.value, types_[i])
                                  : types::FromText(field.value, types_[i]));
    } catch (Error& error) {
      // Binary values are not shown: there is nothing readable to show.
      error.WithContext("COPY " + table_.name + ", line " + std::to_string(line) + ", column " + name +
                        (binary ? "" : ": \"" + Clip(field.value) + "\""));
      throw;
    }
  }
  if (!filter_) {
    for (size_t i = 0; i < targets_.size(); ++i) batch_.columns[i].push_back(std::move(converted_[i]));
    ++batch_.row_count;
  } else {
    // The whole row: the data's values, defaults for the rest; then the condition (with a
    // NULL system columns after the columns, as the condition was bound over a scan).
    const size_t width = table_.columns.size();
    std::vector<Value> row(width);
    for (size_t i = 0; i < targets_.size(); ++i) row[targets_[i]] = std::move(converted_[i]);
    const executor::Batch no_input;
    executor::Batch one_row;
    one_row.row_count = 1;
    for (size_t c = 0; c < width; ++c) {
      if (filter_->defaults[c]) row[c] = executor::Evaluate(*filter_->defaults[c], one_row, 0, exec_);
    }
    scratch_.Reset(width + planner::kTableSystemColumns);
    std::vector<Value> probe = row;
    probe.push_back(Value::Null(types::TypeId::kTid));
    probe.push_back(Value::Null(types::TypeId::kXid));
    probe.push_back(Value::Null(types::TypeId::kXid));
    scratch_.AppendRow(std::move(probe));
    if (!executor::EvaluatePredicate(*filter_->where, scratch_, 0, exec_)) return;
    batch_.AppendRow(std::move(row));
  }
  batch_lines_.push_back(line);
  batch_texts_.emplace_back(binary ? std::string_view() : reader_.line());
}

void CopyInState::InsertBatch() {
  if (batch_.row_count == 0) return;
  const uint64_t before = exec_.rows_affected;
  source_->Supply(batch_);
  try {
    executor::Batch ignored;
    while (insert_->Next(ignored)) {
    }
  } catch (Error& error) {
    const size_t failed = static_cast<size_t>(exec_.rows_affected - before);
    if (failed < batch_lines_.size() && error.context().empty()) {
      // Unique violations are found when the row is already stored, as PostgreSQL's
      // buffered inserts find them: its context names the line only.
      const bool with_text =
          error.sqlstate() != sqlstate::kUniqueViolation && options_.format != CopyFormat::kBinary;
      error.WithContext(LineContext(batch_lines_[failed], batch_texts_[failed], with_text));
    }
    throw;
  }
  batch_.Reset(filter_ ? table_.columns.size() : targets_.size());
  batch_lines_.clear();
  batch_texts_.clear();
}

}  // namespace granary
