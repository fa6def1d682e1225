// Construction of the statements other than SELECT (see node_builder.hpp).
#include <algorithm>
#include <array>
#include <string_view>
#include <utility>
#include <variant>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/literals.hpp"
#include "parser/node_builder.hpp"
#include "parser/parse_context.hpp"

namespace granary::parser {
namespace {

// PostgreSQL's defGetBoolean(): no value, 0/1, or true/false/on/off in any case.
bool OptionBoolean(ParseContext& ctx, const GenericOption& option) {
  const GenericValue& value = option.value;
  switch (value.kind) {
    case GenericValueKind::kNone:
      return true;
    case GenericValueKind::kInteger:
      if (value.text == "0") return false;
      if (value.text == "1") return true;
      break;
    case GenericValueKind::kString:
    case GenericValueKind::kNumeric: {
      const std::string text = AsciiLower(value.text);
      if (text == "true" || text == "on") return true;
      if (text == "false" || text == "off") return false;
      break;
    }
  }
  ctx.ThrowErrorAt(sqlstate::kSyntaxError, option.name + " requires a Boolean value", -1);
}

// VACUUM options PostgreSQL 15 knows that Granary does not act on.
constexpr std::array<std::string_view, 6> kUnsupportedVacuumOptions = {
    "disable_page_skipping", "index_cleanup", "parallel", "process_toast", "skip_locked",
    "main"};

}  // namespace

StmtPtr MakeInsert(std::unique_ptr<RangeVar> table, InsertRest rest,
                   std::unique_ptr<OnConflictClause> on_conflict,
                   std::vector<ResTarget> returning) {
  auto stmt = std::make_unique<InsertStmt>();
  stmt->table = std::move(table);
  stmt->columns = std::move(rest.columns);
  stmt->source = std::move(rest.select);
  stmt->overriding = rest.overriding;
  stmt->on_conflict = std::move(on_conflict);
  stmt->returning = std::move(returning);
  return stmt;
}

StmtPtr MakeCreateSequence(std::unique_ptr<RangeVar> sequence, std::vector<SequenceOption> options,
                           bool temporary, bool if_not_exists) {
  auto stmt = std::make_unique<CreateSequenceStmt>();
  stmt->sequence = std::move(sequence);
  stmt->options = std::move(options);
  stmt->temporary = temporary;
  stmt->if_not_exists = if_not_exists;
  return stmt;
}

StmtPtr MakeAlterSequence(std::unique_ptr<RangeVar> sequence, std::vector<SequenceOption> options,
                          bool missing_ok) {
  auto stmt = std::make_unique<AlterSequenceStmt>();
  stmt->sequence = std::move(sequence);
  stmt->options = std::move(options);
  stmt->missing_ok = missing_ok;
  return stmt;
}

SequenceOption MakeSequenceOption(std::string name, int location, std::string value) {
  SequenceOption option;
  option.name = std::move(name);
  option.has_value = !value.empty();
  option.value = std::move(value);
  option.location = location;
  return option;
}

StmtPtr MakeUpdate(std::unique_ptr<RangeVar> table, std::vector<SetClause> set_clauses,
                   std::vector<TableRefPtr> from, WhereClause where,
                   std::vector<ResTarget> returning) {
  auto stmt = std::make_unique<UpdateStmt>();
  stmt->table = std::move(table);
  stmt->set_clauses = std::move(set_clauses);
  stmt->from = std::move(from);
  stmt->where = std::move(where.where);
  stmt->current_of = std::move(where.current_of);
  stmt->current_of_location = where.current_of_location;
  stmt->returning = std::move(returning);
  return stmt;
}

StmtPtr MakeDelete(std::unique_ptr<RangeVar> table, std::vector<TableRefPtr> using_tables,
                   WhereClause where, std::vector<ResTarget> returning) {
  auto stmt = std::make_unique<DeleteStmt>();
  stmt->table = std::move(table);
  stmt->using_tables = std::move(using_tables);
  stmt->where = std::move(where.where);
  stmt->current_of = std::move(where.current_of);
  stmt->current_of_location = where.current_of_location;
  stmt->returning = std::move(returning);
  return stmt;
}

StmtPtr MakeCreateTable(std::unique_ptr<RangeVar> table, TableElements elements,
                        bool temporary, bool if_not_exists, std::vector<RelOption> options) {
  auto stmt = std::make_unique<CreateTableStmt>();
  stmt->options = std::move(options);
  stmt->table = std::move(table);
  stmt->columns = std::move(elements.columns);
  stmt->table_constraints = std::move(elements.constraints);
  stmt->like_clauses = std::move(elements.like_clauses);
  stmt->temporary = temporary;
  stmt->if_not_exists = if_not_exists;
  return stmt;
}

void AddTableElement(TableElements& elements, TableElement element) {
  if (auto* column = std::get_if<ColumnDef>(&element)) {
    elements.columns.push_back(std::move(*column));
  } else if (auto* like = std::get_if<TableLikeClause>(&element)) {
    like->position = elements.columns.size();
    elements.like_clauses.push_back(std::move(*like));
  } else {
    elements.constraints.push_back(std::move(std::get<Constraint>(element)));
  }
}

Constraint MakeConstraint(ConstraintKind kind, int location) {
  Constraint constraint;
  constraint.kind = kind;
  constraint.location = location;
  return constraint;
}

Constraint MakeForeignKey(std::vector<std::string> columns,
                          std::unique_ptr<RangeVar> referenced_table,
                          std::vector<std::string> referenced_columns, int location) {
  Constraint constraint = MakeConstraint(ConstraintKind::kForeignKey, location);
  constraint.columns = std::move(columns);
  constraint.referenced_table = std::move(referenced_table);
  constraint.referenced_columns = std::move(referenced_columns);
  return constraint;
}

void SetKeyOptions(Constraint& constraint, char match, KeyActions actions, int attributes) {
  constraint.match = match;
  constraint.on_update = actions.update.action;
  constraint.update_set_columns = std::move(actions.update.columns);
  constraint.on_delete = actions.del.action;
  constraint.delete_set_columns = std::move(actions.del.columns);
  constraint.attributes = attributes;
}

void CheckConstraintAttributes(const ParseContext& ctx, const Constraint& constraint) {
  const char* kind = nullptr;
  switch (constraint.kind) {
    case ConstraintKind::kCheck: kind = "CHECK"; break;
    case ConstraintKind::kUnique: kind = "UNIQUE"; break;
    case ConstraintKind::kPrimaryKey: kind = "PRIMARY KEY"; break;
    case ConstraintKind::kForeignKey: kind = "FOREIGN KEY"; break;
    default: return;
  }
  const int attributes = constraint.attributes;
  auto refuse = [&](const char* what) {
    ctx.ThrowErrorAt(sqlstate::kFeatureNotSupported,
                     std::string(kind) + " constraints cannot be marked " + what, constraint.location);
  };
  const bool check = constraint.kind == ConstraintKind::kCheck;
  if (check && (attributes & (kConstraintDeferrable | kConstraintInitiallyDeferred)) != 0) refuse("DEFERRABLE");
  const bool key = constraint.kind == ConstraintKind::kUnique || constraint.kind == ConstraintKind::kPrimaryKey;
  if (key && (attributes & kConstraintNotValid) != 0) refuse("NOT VALID");
  if (!check && (attributes & kConstraintNoInherit) != 0) refuse("NO INHERIT");
}

Constraint MakeGeneratedColumn(const ParseContext& ctx, bool always, ExprPtr expr, int location,
                               int when_location) {
  // The grammar cannot tell ALWAYS from BY DEFAULT here without conflicts (IDENTITY takes
  // both), so BY DEFAULT is refused afterwards, as in PostgreSQL's gram.y.
  if (!always) {
    ctx.ThrowErrorAt(sqlstate::kSyntaxError, "for a generated column, GENERATED ALWAYS must be specified",
                     when_location);
  }
  Constraint constraint = MakeConstraint(ConstraintKind::kGenerated, location);
  constraint.generated_always = true;
  constraint.expr = std::move(expr);
  return constraint;
}

StmtPtr WithIncluded(StmtPtr stmt, std::vector<IndexElem> including) {
  stmt->As<CreateIndexStmt>().including = std::move(including);
  return stmt;
}

StmtPtr OnMaterializedView(StmtPtr stmt) {
  stmt->As<AlterTableStmt>().materialized_view = true;
  return stmt;
}

StmtPtr MakeRefreshMatView(std::unique_ptr<RangeVar> view, bool concurrent, bool skip_data) {
  auto stmt = std::make_unique<RefreshMatViewStmt>();
  stmt->view = std::move(view);
  stmt->concurrent = concurrent;
  stmt->skip_data = skip_data;
  return stmt;
}

StmtPtr MakeCreateIndex(bool unique, bool if_not_exists, std::string name,
                        std::unique_ptr<RangeVar> table, std::string access_method,
                        std::vector<IndexElem> elements, ExprPtr where) {
  auto stmt = std::make_unique<CreateIndexStmt>();
  stmt->unique = unique;
  stmt->if_not_exists = if_not_exists;
  stmt->name = std::move(name);
  stmt->table = std::move(table);
  stmt->access_method = std::move(access_method);
  stmt->elements = std::move(elements);
  stmt->where = std::move(where);
  return stmt;
}

IndexElem MakeIndexElem(std::string column, ExprPtr expr, SortDirection direction,
                        NullsOrder nulls, int location) {
  IndexElem elem;
  elem.column = std::move(column);
  elem.expr = std::move(expr);
  elem.direction = direction;
  elem.nulls = nulls;
  elem.location = location;
  return elem;
}

std::vector<std::string> OperatorClassCollation(ParseContext& ctx, std::vector<std::string> collation,
                                                const std::vector<std::string>& opclass, int location) {
  if (opclass.empty()) return collation;
  // PostgreSQL 15's btree operator classes for the types Granary has (pg_opclass).
  static const char* const kOrdering[] = {
      "bool_ops",      "bpchar_ops",   "bytea_ops",       "char_ops",    "date_ops",      "float4_ops",
      "float8_ops",    "int2_ops",     "int4_ops",        "int8_ops",    "interval_ops",  "name_ops",
      "numeric_ops",   "oid_ops",      "text_ops",        "time_ops",    "timestamp_ops", "timestamptz_ops",
      "timetz_ops",    "uuid_ops",     "varchar_ops",     "jsonb_ops",   "array_ops",     "enum_ops",
      "record_ops",    "tid_ops",      "integer_ops",     "float_ops"};
  static const char* const kPattern[] = {"text_pattern_ops", "varchar_pattern_ops", "bpchar_pattern_ops"};
  const bool qualified_ok = opclass.size() == 1 || (opclass.size() == 2 && opclass[0] == "pg_catalog");
  const std::string& name = opclass.back();
  auto known = [&](const auto& names) {
    return std::any_of(std::begin(names), std::end(names), [&](const char* known_name) { return name == known_name; });
  };
  if (qualified_ok && known(kOrdering)) return collation;
  if (qualified_ok && known(kPattern)) return collation.empty() ? std::vector<std::string>{"C"} : collation;
  std::string shown;
  for (size_t i = 0; i < opclass.size(); ++i) shown += (i ? "." : "") + opclass[i];
  ctx.ThrowErrorAt(sqlstate::kUndefinedObject,
                   "operator class \"" + shown + "\" does not exist for access method \"btree\"", location);
}

StmtPtr MakeCreateView(bool or_replace, std::unique_ptr<RangeVar> view,
                       std::vector<std::string> columns, std::unique_ptr<SelectStmt> query) {
  auto stmt = std::make_unique<CreateViewStmt>();
  stmt->or_replace = or_replace;
  stmt->view = std::move(view);
  stmt->columns = std::move(columns);
  stmt->query = std::move(query);
  return stmt;
}

StmtPtr MakeDrop(ObjectType type, std::vector<std::vector<std::string>> names, bool if_exists,
                 bool cascade) {
  auto stmt = std::make_unique<DropStmt>();
  stmt->object_type = type;
  stmt->names = std::move(names);
  stmt->if_exists = if_exists;
  stmt->cascade = cascade;
  return stmt;
}

StmtPtr MakeTransaction(TransactionKind kind, std::string savepoint_name, bool chain) {
  auto stmt = std::make_unique<TransactionStmt>();
  stmt->transaction_kind = kind;
  stmt->savepoint_name = std::move(savepoint_name);
  stmt->chain = chain;
  return stmt;
}

StmtPtr MakeBegin(TransactionModes modes) {
  auto stmt = std::make_unique<TransactionStmt>();
  stmt->transaction_kind = TransactionKind::kBegin;
  stmt->isolation_level = std::move(modes.isolation_level);
  stmt->read_only = modes.read_only;
  stmt->deferrable = modes.deferrable;
  return stmt;
}

TransactionModes MergeTransactionModes(TransactionModes first, TransactionModes second) {
  if (!second.isolation_level.empty()) first.isolation_level = std::move(second.isolation_level);
  if (second.read_only) first.read_only = second.read_only;
  if (second.deferrable) first.deferrable = second.deferrable;
  first.count += second.count;
  return first;
}

SetRest TransactionModesToSet(ParseContext& ctx, TransactionModes modes, bool session_default,
                              int location) {
  (void)ctx;
  (void)location;
  const std::string prefix = session_default ? "default_" : "";
  std::vector<std::pair<std::string, std::vector<std::string>>> settings;
  if (!modes.isolation_level.empty()) {
    settings.push_back({prefix + "transaction_isolation", {std::move(modes.isolation_level)}});
  }
  if (modes.read_only) settings.push_back({prefix + "transaction_read_only", {*modes.read_only ? "on" : "off"}});
  if (modes.deferrable) settings.push_back({prefix + "transaction_deferrable", {*modes.deferrable ? "on" : "off"}});
  SetRest rest{settings.front().first, std::move(settings.front().second), false, {}};
  rest.more.assign(std::make_move_iterator(settings.begin() + 1), std::make_move_iterator(settings.end()));
  rest.transaction_statement = !session_default;
  return rest;
}

StmtPtr MakeExplain(StmtPtr statement, bool analyze, bool verbose) {
  auto stmt = std::make_unique<ExplainStmt>();
  stmt->statement = std::move(statement);
  stmt->analyze = analyze;
  stmt->verbose = verbose;
  return stmt;
}

StmtPtr MakeExplainWithOptions(ParseContext& ctx, std::vector<GenericOption> options,
                               StmtPtr statement) {
  auto stmt = std::make_unique<ExplainStmt>();
  stmt->statement = std::move(statement);
  bool timing_set = false;
  for (const GenericOption& option : options) {
    if (option.name == "analyze") {
      stmt->analyze = OptionBoolean(ctx, option);
    } else if (option.name == "verbose") {
      stmt->verbose = OptionBoolean(ctx, option);
    } else if (option.name == "costs") {
      stmt->costs = OptionBoolean(ctx, option);
    } else if (option.name == "timing") {
      stmt->timing = OptionBoolean(ctx, option);
      timing_set = true;
    } else if (option.name == "summary") {
      stmt->summary = OptionBoolean(ctx, option);
    } else if (option.name == "settings") {
      OptionBoolean(ctx, option);  // no planner setting can be changed, so nothing to show
    } else if (option.name == "buffers" || option.name == "wal") {
      if (OptionBoolean(ctx, option)) {
        ctx.ThrowErrorAt(sqlstate::kFeatureNotSupported,
                         "EXPLAIN option \"" + option.name + "\" is not supported", option.location);
      }
    } else if (option.name == "format") {
      const std::string format = AsciiLower(option.value.text);
      if (format == "xml" || format == "json" || format == "yaml") {
        ctx.ThrowErrorAt(sqlstate::kFeatureNotSupported, "EXPLAIN format \"" + format + "\" is not supported",
                         option.location);
      }
      if (format != "text") {
        ctx.ThrowErrorAt(sqlstate::kInvalidParameterValue,
                         "unrecognized value for EXPLAIN option \"format\": \"" + option.value.text + "\"",
                         option.location);
      }
    } else {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError,
                       "unrecognized EXPLAIN option \"" + option.name + "\"", option.location);
    }
  }
  if (stmt->timing && timing_set && !stmt->analyze) {
    ctx.ThrowErrorAt(sqlstate::kInvalidParameterValue, "EXPLAIN option TIMING requires ANALYZE", -1);
  }
  return stmt;
}

StmtPtr MakeComment(ObjectType type, std::vector<std::string> name, std::string constraint_name,
                    std::optional<std::string> text, int location) {
  auto stmt = std::make_unique<CommentStmt>();
  stmt->object_type = type;
  stmt->name = std::move(name);
  stmt->constraint_name = std::move(constraint_name);
  stmt->text = std::move(text);
  stmt->location = location;
  return stmt;
}

StmtPtr MakeCreateTableAs(std::unique_ptr<RangeVar> table, std::vector<std::string> columns,
                          std::vector<RelOption> options, StmtPtr query, bool temporary,
                          bool if_not_exists, bool with_data) {
  auto stmt = std::make_unique<CreateTableAsStmt>();
  stmt->table = std::move(table);
  stmt->columns = std::move(columns);
  stmt->options = std::move(options);
  stmt->query = std::move(query);
  stmt->temporary = temporary;
  stmt->if_not_exists = if_not_exists;
  stmt->with_data = with_data;
  return stmt;
}

std::unique_ptr<IntoClause> MakeIntoClause(std::unique_ptr<RangeVar> table, bool temporary,
                                           const Location& span) {
  auto into = std::make_unique<IntoClause>();
  into->table = std::move(table);
  into->temporary = temporary;
  into->location = span.begin;
  into->end = span.end;
  return into;
}

StmtPtr MakePrepare(std::string name, std::vector<TypeName> parameter_types, StmtPtr statement) {
  auto stmt = std::make_unique<PrepareStmt>();
  stmt->name = std::move(name);
  stmt->parameter_types = std::move(parameter_types);
  stmt->statement = std::move(statement);
  return stmt;
}

StmtPtr MakeExecute(std::string name, ExprList arguments) {
  auto stmt = std::make_unique<ExecuteStmt>();
  stmt->name = std::move(name);
  stmt->arguments = std::move(arguments);
  return stmt;
}

StmtPtr MakeDeallocate(std::string name, bool all) {
  auto stmt = std::make_unique<DeallocateStmt>();
  stmt->name = std::move(name);
  stmt->all = all;
  return stmt;
}

StmtPtr MakeDeclareCursor(std::string name, std::unique_ptr<DeclareCursorStmt> options, bool hold,
                          std::unique_ptr<SelectStmt> query) {
  options->name = std::move(name);
  options->hold = hold;
  options->query = std::move(query);
  return options;
}

std::unique_ptr<FetchStmt> MakeFetch(FetchDirection direction, int64_t count, std::string name) {
  auto stmt = std::make_unique<FetchStmt>();
  if (count < 0 && (direction == FetchDirection::kForward || direction == FetchDirection::kBackward)) {
    direction = direction == FetchDirection::kForward ? FetchDirection::kBackward : FetchDirection::kForward;
    count = -count;
  }
  stmt->direction = direction;
  stmt->count = count;
  stmt->name = std::move(name);
  return stmt;
}

StmtPtr FinishFetch(std::unique_ptr<FetchStmt> fetch, bool move) {
  fetch->move = move;
  return fetch;
}

StmtPtr MakeClosePortal(std::string name, bool all) {
  auto stmt = std::make_unique<ClosePortalStmt>();
  stmt->name = std::move(name);
  stmt->all = all;
  return stmt;
}

StmtPtr MakeVariableSet(SetRest rest, bool local) {
  auto stmt = std::make_unique<VariableSetStmt>();
  stmt->name = AsciiLower(rest.name);
  stmt->values = std::move(rest.values);
  stmt->reset = rest.reset;
  stmt->local = local;
  stmt->more = std::move(rest.more);
  stmt->transaction_statement = rest.transaction_statement;
  return stmt;
}

StmtPtr MakeVariableReset(std::string name) {
  auto stmt = std::make_unique<VariableSetStmt>();
  stmt->name = AsciiLower(name);
  stmt->reset = true;
  stmt->reset_command = true;
  return stmt;
}

StmtPtr MakeVariableShow(std::string name) {
  auto stmt = std::make_unique<VariableShowStmt>();
  stmt->name = AsciiLower(name);
  return stmt;
}

// ---------------------------------------------------------------- roles

StmtPtr MakeCreateRole(std::string name, int name_location, std::vector<RoleOption> options,
                       bool is_user) {
  auto stmt = std::make_unique<CreateRoleStmt>();
  stmt->name = std::move(name);
  stmt->name_location = name_location;
  stmt->options = std::move(options);
  stmt->is_user = is_user;
  return stmt;
}

StmtPtr MakeAlterRole(std::string name, int name_location, std::vector<RoleOption> options) {
  auto stmt = std::make_unique<AlterRoleStmt>();
  stmt->name = std::move(name);
  stmt->name_location = name_location;
  stmt->options = std::move(options);
  return stmt;
}

StmtPtr MakeDropRole(std::vector<std::string> names, bool if_exists) {
  auto stmt = std::make_unique<DropRoleStmt>();
  stmt->names = std::move(names);
  stmt->if_exists = if_exists;
  return stmt;
}

StmtPtr MakeCreateSchema(std::string name, std::string authorization, bool if_not_exists, int location) {
  auto stmt = std::make_unique<CreateSchemaStmt>();
  stmt->name = std::move(name);
  stmt->authorization = std::move(authorization);
  stmt->if_not_exists = if_not_exists;
  stmt->location = location;
  return stmt;
}

StmtPtr MakeCreateCollation(std::vector<std::string> name, bool if_not_exists, std::vector<RelOption> options,
                            std::vector<std::string> from, int location, int from_location) {
  auto stmt = std::make_unique<CreateCollationStmt>();
  stmt->name = std::move(name);
  stmt->if_not_exists = if_not_exists;
  stmt->options = std::move(options);
  stmt->from = std::move(from);
  stmt->location = location;
  stmt->from_location = from_location;
  return stmt;
}

StmtPtr MakeCreateEnum(std::vector<std::string> name, std::vector<std::string> labels, int location) {
  auto stmt = std::make_unique<CreateEnumStmt>();
  stmt->name = std::move(name);
  stmt->labels = std::move(labels);
  stmt->location = location;
  return stmt;
}

StmtPtr MakeAlterEnumAdd(std::vector<std::string> name, bool if_not_exists, std::string value,
                         std::optional<std::string> neighbor, bool before, int location) {
  auto stmt = std::make_unique<AlterEnumStmt>();
  stmt->name = std::move(name);
  stmt->if_not_exists = if_not_exists;
  stmt->new_value = std::move(value);
  stmt->neighbor = std::move(neighbor);
  stmt->before = before;
  stmt->location = location;
  return stmt;
}

StmtPtr MakeAlterEnumRename(std::vector<std::string> name, std::string old_value, std::string new_value,
                            int location) {
  auto stmt = std::make_unique<AlterEnumStmt>();
  stmt->name = std::move(name);
  stmt->old_value = std::move(old_value);
  stmt->new_value = std::move(new_value);
  stmt->location = location;
  return stmt;
}

StmtPtr MakeRenameSchema(std::string name, std::string new_name) {
  auto stmt = std::make_unique<RenameSchemaStmt>();
  stmt->name = std::move(name);
  stmt->new_name = std::move(new_name);
  return stmt;
}

RoleOption MakeRoleOption(std::string name, int location) {
  RoleOption option;
  option.name = std::move(name);
  option.location = location;
  return option;
}

RoleOption MakePasswordOption(std::optional<std::string> password, int location) {
  RoleOption option = MakeRoleOption("password", location);
  option.password = std::move(password);
  return option;
}

RoleOption RejectUnencryptedPassword(ParseContext& ctx, int location) {
  ctx.ThrowErrorAt(sqlstate::kFeatureNotSupported, "UNENCRYPTED PASSWORD is no longer supported",
                   location, "Remove UNENCRYPTED to store the password in encrypted form instead.");
}

RoleOption MakeRoleIdentOption(ParseContext& ctx, const std::string& word, int location) {
  // PostgreSQL's AlterOptRoleElem: each attribute and its NO- form.
  static constexpr std::pair<std::string_view, std::string_view> kAttributes[] = {
      {"superuser", "superuser"},       {"createrole", "createrole"},
      {"replication", "isreplication"}, {"createdb", "createdb"},
      {"login", "canlogin"},            {"bypassrls", "bypassrls"},
      {"inherit", "inherit"},
  };
  for (const auto& [word_form, option_name] : kAttributes) {
    if (word == word_form || (word.size() > 2 && word.substr(0, 2) == "no" &&
                              word.substr(2) == word_form)) {
      RoleOption option = MakeRoleOption(std::string(option_name), location);
      option.value = word == word_form;
      return option;
    }
  }
  ctx.ThrowErrorAt(sqlstate::kSyntaxError, "unrecognized role option \"" + word + "\"", location);
}

std::string CheckRoleName(ParseContext& ctx, std::string name, int location) {
  if (name == "public" || name == "none") {
    ctx.ThrowErrorAt(sqlstate::kReservedName, "role name \"" + name + "\" is reserved", location);
  }
  return name;
}

StmtPtr MakeCheckpoint() { return std::make_unique<CheckpointStmt>(); }

// DO's items (PostgreSQL's dostmt_opt_list): the code once, LANGUAGE once (42601 otherwise).
StmtPtr MakeDo(std::vector<std::pair<std::string, std::string>> items) {
  auto stmt = std::make_unique<DoStmt>();
  bool has_code = false;
  bool has_language = false;
  for (auto& [name, value] : items) {
    bool& seen = name == "as" ? has_code : has_language;
    if (seen) throw granary::Error(sqlstate::kSyntaxError, "conflicting or redundant options");
    seen = true;
    (name == "as" ? stmt->code : stmt->language) = std::move(value);
  }
  if (!has_code) throw granary::Error(sqlstate::kSyntaxError, "no inline code specified");
  return stmt;
}

StmtPtr MarkConcurrent(StmtPtr stmt) {
  if (stmt->kind == StmtKind::kCreateIndex) stmt->As<CreateIndexStmt>().concurrently = true;
  if (stmt->kind == StmtKind::kDrop) stmt->As<DropStmt>().concurrently = true;
  return stmt;
}

StmtPtr MakeReindex(ParseContext& ctx, const std::vector<GenericOption>& options, ReindexTarget target,
                    bool concurrently, std::vector<std::string> name, int location) {
  auto stmt = std::make_unique<ReindexStmt>();
  stmt->target = target;
  stmt->concurrently = concurrently;
  stmt->name = std::move(name);
  stmt->location = location;
  for (const GenericOption& option : options) {
    if (option.name == "verbose") {
      stmt->verbose = OptionBoolean(ctx, option);
    } else if (option.name == "concurrently") {
      stmt->concurrently = OptionBoolean(ctx, option);
    } else {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "unrecognized REINDEX option \"" + option.name + "\"",
                       option.location);
    }
  }
  return stmt;
}


StmtPtr MakeCluster(ParseContext& ctx, const std::vector<GenericOption>& options, bool verbose,
                    std::unique_ptr<RangeVar> table, std::string index, int location) {
  auto stmt = std::make_unique<ClusterStmt>();
  stmt->verbose = verbose;
  stmt->table = std::move(table);
  stmt->index = std::move(index);
  stmt->location = location;
  for (const GenericOption& option : options) {
    if (option.name != "verbose") {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "unrecognized CLUSTER option \"" + option.name + "\"",
                       option.location);
    }
    stmt->verbose = OptionBoolean(ctx, option);
  }
  return stmt;
}

StmtPtr MakeCopy(ParseContext& ctx, bool binary, std::unique_ptr<RangeVar> table,
                 std::vector<std::string> columns, bool is_from, bool is_program,
                 std::optional<std::string> filename, std::vector<CopyOption> delimiter,
                 std::vector<CopyOption> options, ExprPtr where, int location) {
  if (where != nullptr && !is_from) {
    ctx.ThrowErrorAt(sqlstate::kSyntaxError, "WHERE clause not allowed with COPY TO",
                     where->location);
  }
  auto stmt = std::make_unique<CopyStmt>();
  stmt->table = std::move(table);
  stmt->columns = std::move(columns);
  stmt->is_from = is_from;
  stmt->is_program = is_program;
  stmt->filename = std::move(filename);
  // PostgreSQL's order: BINARY, then DELIMITERS, then the options list.
  if (binary) stmt->options.push_back(MakeCopyOption("format", "binary", location));
  for (CopyOption& option : delimiter) stmt->options.push_back(std::move(option));
  for (CopyOption& option : options) stmt->options.push_back(std::move(option));
  stmt->where = std::move(where);
  return stmt;
}

StmtPtr MakeCopyQuery(ParseContext& ctx, StmtPtr query, const Location& query_span,
                      bool is_program, std::optional<std::string> filename,
                      std::vector<CopyOption> options, int location) {
  (void)ctx;
  (void)location;
  auto stmt = std::make_unique<CopyStmt>();
  SetSpan(*query, query_span);
  stmt->query = std::move(query);
  stmt->is_program = is_program;
  stmt->filename = std::move(filename);
  stmt->options = std::move(options);
  return stmt;
}

CopyOption MakeCopyOption(std::string name, std::string value, int location) {
  CopyOption option;
  option.name = std::move(name);
  option.kind = CopyOptionKind::kString;
  option.value = std::move(value);
  option.location = location;
  return option;
}

CopyOption MakeCopyListOption(std::string name, std::vector<std::string> columns, int location) {
  CopyOption option;
  option.name = std::move(name);
  option.kind = CopyOptionKind::kList;
  option.list = std::move(columns);
  option.location = location;
  return option;
}

CopyOption MakeCopyStarOption(std::string name, int location) {
  CopyOption option;
  option.name = std::move(name);
  option.kind = CopyOptionKind::kStar;
  option.location = location;
  return option;
}

StmtPtr MakeLock(std::vector<std::unique_ptr<RangeVar>> tables, int mode, bool nowait) {
  auto stmt = std::make_unique<LockStmt>();
  stmt->tables = std::move(tables);
  stmt->mode = mode;
  stmt->nowait = nowait;
  return stmt;
}

StmtPtr MakeTruncate(std::vector<std::unique_ptr<RangeVar>> tables, bool restart_identity,
                     bool cascade) {
  auto stmt = std::make_unique<TruncateStmt>();
  stmt->tables = std::move(tables);
  stmt->restart_identity = restart_identity;
  stmt->cascade = cascade;
  return stmt;
}

StmtPtr MakeAlterTable(std::unique_ptr<RangeVar> table, bool missing_ok,
                       std::vector<AlterTableCmd> commands) {
  auto stmt = std::make_unique<AlterTableStmt>();
  stmt->table = std::move(table);
  stmt->missing_ok = missing_ok;
  stmt->commands = std::move(commands);
  return stmt;
}

AlterTableCmd MakeAlterCmd(AlterTableCmdKind kind, std::string name, int location) {
  AlterTableCmd command;
  command.kind = kind;
  command.name = std::move(name);
  command.location = location;
  return command;
}

AlterTableCmd MakeAddColumn(ColumnDef column, bool if_not_exists, int location) {
  AlterTableCmd command = MakeAlterCmd(AlterTableCmdKind::kAddColumn, column.name, location);
  command.column = std::make_unique<ColumnDef>(std::move(column));
  command.missing_ok = if_not_exists;
  return command;
}

StmtPtr MakeRenameTable(std::unique_ptr<RangeVar> table, bool missing_ok, AlterTableCmdKind kind,
                        std::string name, std::string new_name, int location) {
  AlterTableCmd command = MakeAlterCmd(kind, std::move(name), location);
  command.new_name = std::move(new_name);
  std::vector<AlterTableCmd> commands;
  commands.push_back(std::move(command));
  return MakeAlterTable(std::move(table), missing_ok, std::move(commands));
}

StmtPtr MakeRenameIndex(std::unique_ptr<RangeVar> index, bool missing_ok, std::string new_name, int location) {
  StmtPtr stmt = MakeRenameTable(std::move(index), missing_ok, AlterTableCmdKind::kRenameTable, "",
                                 std::move(new_name), location);
  stmt->As<AlterTableStmt>().index = true;
  return stmt;
}

namespace {

void SetVacuumRelations(VacuumStmt& stmt, std::vector<VacuumRelation> relations) {
  for (VacuumRelation& relation : relations) {
    stmt.relations.push_back(std::move(relation.relation));
    stmt.columns.push_back(std::move(relation.columns));
  }
}

}  // namespace

StmtPtr MakeVacuum(bool full, bool freeze, bool verbose, bool analyze,
                   std::vector<VacuumRelation> relations) {
  auto stmt = std::make_unique<VacuumStmt>();
  stmt->full = full;
  stmt->freeze = freeze;
  stmt->verbose = verbose;
  stmt->analyze = analyze;
  SetVacuumRelations(*stmt, std::move(relations));
  return stmt;
}

StmtPtr MakeAnalyze(bool verbose, std::vector<VacuumRelation> relations) {
  auto stmt = std::make_unique<VacuumStmt>();
  stmt->vacuum = false;
  stmt->analyze = true;
  stmt->verbose = verbose;
  SetVacuumRelations(*stmt, std::move(relations));
  return stmt;
}

StmtPtr MakeVacuumWithOptions(ParseContext& ctx, const std::vector<GenericOption>& options,
                              std::vector<VacuumRelation> relations, bool vacuum) {
  auto stmt = std::make_unique<VacuumStmt>();
  stmt->vacuum = vacuum;
  stmt->analyze = !vacuum;
  SetVacuumRelations(*stmt, std::move(relations));
  for (const GenericOption& option : options) {
    if (option.name == "verbose") {
      stmt->verbose = OptionBoolean(ctx, option);
    } else if (!vacuum) {
      if (option.name != "skip_locked") {
        ctx.ThrowErrorAt(sqlstate::kSyntaxError,
                         "unrecognized ANALYZE option \"" + option.name + "\"", option.location);
      }
      if (stmt->unsupported_option.empty()) stmt->unsupported_option = option.name;
    } else if (option.name == "analyze") {
      stmt->analyze = OptionBoolean(ctx, option);
    } else if (option.name == "full") {
      stmt->full = OptionBoolean(ctx, option);
    } else if (option.name == "freeze") {
      stmt->freeze = OptionBoolean(ctx, option);
    } else if (option.name == "truncate") {
      stmt->truncate = OptionBoolean(ctx, option);
    } else if (std::find(kUnsupportedVacuumOptions.begin(), kUnsupportedVacuumOptions.end(),
                         option.name) != kUnsupportedVacuumOptions.end()) {
      if (stmt->unsupported_option.empty()) stmt->unsupported_option = option.name;
    } else {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError,
                       "unrecognized VACUUM option \"" + option.name + "\"", option.location);
    }
  }
  return stmt;
}

}  // namespace granary::parser
