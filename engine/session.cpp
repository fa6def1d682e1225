// Session and PreparedStatement: the public statement API over Session::Impl.
#include <istream>
#include <ostream>

#include "common/sqlstate.hpp"
#include "engine/cursors.hpp"
#include "engine/plan_cache.hpp"
#include "engine/prepared_statements.hpp"
#include "engine/session_impl.hpp"
#include "parser/parser.hpp"
#include "types/value_ops.hpp"

namespace granary {
namespace {

// The type a parameter is received as: its statement's type, or text when undecided.
types::Type ReceiveType(const std::vector<types::Type>& param_types, size_t index) {
  if (index < param_types.size() && param_types[index].id != types::TypeId::kUnknown) {
    return param_types[index];
  }
  return types::Type{types::TypeId::kText, -1};
}

types::Value ToValue(const Param& param, const types::Type& binary_type, size_t index) {
  switch (param.kind()) {
    case Param::Kind::kNull: return types::Value::Null();
    case Param::Kind::kBool: return types::Value::Bool(param.int_value() != 0);
    case Param::Kind::kInt: return types::Value::Int8(param.int_value());
    case Param::Kind::kDouble: return types::Value::Float8(param.double_value());
    case Param::Kind::kText: return types::Value::Unknown(param.text_value());
    case Param::Kind::kBinary:
      try {
        return types::FromBinary(param.text_value(), binary_type);
      } catch (Error& error) {
        if (error.sqlstate() != sqlstate::kInvalidBinaryRepresentation) throw;
        // Name the parameter, as PostgreSQL's Bind does.
        throw Error(sqlstate::kInvalidBinaryRepresentation,
                    error.message() + " in bind parameter " + std::to_string(index + 1));
      }
  }
  return types::Value::Null();
}

// The parameters as values of the statement's parameter types where those are decided. Like
// PostgreSQL's Bind, a text parameter goes through its type's input function here, once (and
// fails here, 22P02, even if the statement would never read it), rather than in every row
// that reads it.
std::vector<types::Value> ToValues(const std::vector<Param>& params,
                                   const std::vector<types::Type>& param_types) {
  std::vector<types::Value> values;
  values.reserve(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    types::Value value = ToValue(params[i], ReceiveType(param_types, i), i);
    if (i < param_types.size() && param_types[i].id != types::TypeId::kUnknown && !value.is_null() &&
        value.type() != param_types[i].id) {
      // Without the modifier (assignment applies it), except an enum's, which names it.
      const bool enum_type = param_types[i].id == types::TypeId::kEnum || param_types[i].id == types::TypeId::kEnumArray;
      value = types::Cast(value, enum_type ? param_types[i] : types::Type{param_types[i].id, -1},
                          types::CastContext::kExplicit);
    }
    values.push_back(std::move(value));
  }
  return values;
}

// Parses `sql`, which must hold exactly one statement (42601 otherwise).
std::vector<parser::StmtPtr> ParseOne(std::string_view sql) {
  std::vector<parser::StmtPtr> statements = parser::Parse(sql);
  if (statements.size() > 1) {
    throw Error(sqlstate::kSyntaxError, "cannot insert multiple commands into a prepared statement");
  }
  return statements;
}

Result EmptyQuery() {
  Result result;
  result.impl().command_tag = "";
  return result;
}

// Marks a statement as running for Cancel, for as long as it lives.
class RunningStatement {
 public:
  // With `sql`, the statement is also reported to pg_stat_activity (COPY data is not a
  // statement of its own).
  explicit RunningStatement(Session::Impl& session, std::optional<std::string_view> sql = std::nullopt)
      : session_(session), reported_(sql.has_value()) {
    session_.cancel_requested.store(false);
    session_.statement_running.store(true);
    if (reported_) session_.ReportStatementStart(*sql);
  }
  ~RunningStatement() {
    session_.statement_running.store(false);
    if (reported_) session_.ReportStatementEnd();
  }
  RunningStatement(const RunningStatement&) = delete;
  RunningStatement& operator=(const RunningStatement&) = delete;

 private:
  Session::Impl& session_;
  bool reported_;
};

types::Type TypeFromOid(uint32_t oid, size_t index) {
  if (oid == 0) return types::Type{types::TypeId::kUnknown, -1};
  // A built-in type, or an enum (its oid is the typmod, types/enum.hpp).
  const std::optional<types::Type> type = types::TypeFromOid(oid);
  if (!type) {
    throw Error(sqlstate::kFeatureNotSupported,
                "parameter $" + std::to_string(index + 1) + " has type with OID " +
                    std::to_string(oid) + ", which is not supported yet");
  }
  return *type;
}

}  // namespace

Session::Session() = default;
Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Result Session::Execute(std::string_view sql, const std::vector<Param>& params) {
  std::vector<parser::StmtPtr> statements = ParseOne(sql);
  if (statements.empty()) return EmptyQuery();
  std::vector<types::Type> param_types;
  RunningStatement running(*impl_, sql);
  return impl_->Run(*statements.front(), sql, ToValues(params, param_types), param_types,
                    impl_->implicit_transaction);
}

namespace {

// Runs a script's statements from `script->next` on; after a COPY FROM STDIN the script
// pauses (kept in the session) until ResumeScript.
void RunScript(Session::Impl& impl, std::unique_ptr<Session::Impl::PausedScript> script,
               const std::function<void(Result&)>& on_result, RowSink* sink) {
  const std::vector<types::Value> no_params;
  struct ScriptFlag {
    bool& flag;
    ~ScriptFlag() { flag = false; }
  } script_flag{impl.multi_statement_script};
  impl.multi_statement_script = script->statements.size() > 1;
  try {
    while (script->next < script->statements.size()) {
      const parser::Stmt& statement = *script->statements[script->next++];
      std::vector<types::Type> param_types;
      Result result;
      {
        RunningStatement running(impl, script->sql);
        result = impl.Run(statement, script->sql, no_params, param_types, true, nullptr, nullptr, sink);
      }
      const bool waits_for_data = result.copy_direction() == Result::CopyDirection::kIn;
      on_result(result);
      if (waits_for_data) {
        impl.paused_script = std::move(script);
        return;
      }
    }
  } catch (...) {
    impl.AbortAfterScriptError();
    throw;
  }
  if (!impl.implicit_transaction) impl.FinishScript();
}

}  // namespace

void Session::ExecuteScript(std::string_view sql, const std::function<void(Result&)>& on_result) {
  auto script = std::make_unique<Impl::PausedScript>();
  script->sql = std::string(sql);
  script->statements = parser::Parse(script->sql);
  RunScript(*impl_, std::move(script), on_result, nullptr);
}

void Session::ExecuteScript(std::string_view sql, const std::function<void(Result&)>& on_result,
                            RowSink* sink) {
  auto script = std::make_unique<Impl::PausedScript>();
  script->sql = std::string(sql);
  script->statements = parser::Parse(script->sql);
  RunScript(*impl_, std::move(script), on_result, sink);
}

void Session::ResumeScript(const std::function<void(Result&)>& on_result, RowSink* sink) {
  if (!impl_->paused_script || impl_->copy_in) return;
  RunScript(*impl_, std::move(impl_->paused_script), on_result, sink);
}

void Session::CopyData(std::string_view data) {
  RunningStatement running(*impl_);
  try {
    impl_->CopyData(data);
  } catch (...) {
    impl_->paused_script.reset();
    throw;
  }
}

Result Session::CopyDone() {
  RunningStatement running(*impl_);
  try {
    return impl_->CopyDone();
  } catch (...) {
    impl_->paused_script.reset();
    throw;
  }
}

void Session::CopyFail(std::string_view message) {
  impl_->paused_script.reset();
  impl_->CopyFail(message);
}

bool Session::copy_in_progress() const { return impl_->copy_in != nullptr; }

Result Session::CopyFrom(std::string_view sql, std::istream& input) {
  Result started = Execute(sql);
  if (started.copy_direction() != Result::CopyDirection::kIn) {
    throw Error(sqlstate::kWrongObjectType, "CopyFrom needs a COPY ... FROM STDIN statement");
  }
  std::string chunk(64 * 1024, '\0');
  while (input) {
    input.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const std::streamsize got = input.gcount();
    if (got <= 0) break;
    CopyData(std::string_view(chunk.data(), static_cast<size_t>(got)));
  }
  if (input.bad()) {
    CopyFail("could not read the input stream");
  }
  return CopyDone();
}

Result Session::CopyFrom(std::string_view sql, std::string_view data) {
  Result started = Execute(sql);
  if (started.copy_direction() != Result::CopyDirection::kIn) {
    throw Error(sqlstate::kWrongObjectType, "CopyFrom needs a COPY ... FROM STDIN statement");
  }
  CopyData(data);
  return CopyDone();
}

Result Session::CopyTo(std::string_view sql, std::ostream& output) {
  Result result = Execute(sql);
  if (result.copy_direction() != Result::CopyDirection::kOut) {
    if (result.copy_direction() == Result::CopyDirection::kIn) CopyFail("CopyTo needs COPY ... TO STDOUT");
    throw Error(sqlstate::kWrongObjectType, "CopyTo needs a COPY ... TO STDOUT statement");
  }
  for (size_t i = 0; i < result.copy_row_count(); ++i) {
    const std::string_view row = result.copy_row(i);
    output.write(row.data(), static_cast<std::streamsize>(row.size()));
  }
  return result;
}

std::vector<Result> Session::ExecuteScript(std::string_view sql) {
  std::vector<Result> results;
  ExecuteScript(sql, [&results](Result& result) { results.push_back(std::move(result)); });
  return results;
}

namespace {

std::shared_ptr<PreparedStatement::Impl> PrepareStatement(Session::Impl& session, std::string_view sql,
                                                          const std::vector<uint32_t>& parameter_type_oids) {
  auto prepared = std::make_shared<PreparedStatement::Impl>();
  prepared->session = &session;
  prepared->sql = std::string(sql);
  for (size_t i = 0; i < parameter_type_oids.size(); ++i) {
    prepared->param_types.push_back(TypeFromOid(parameter_type_oids[i], i));
  }
  prepared->parsed = ParseOne(prepared->sql);
  if (prepared->parsed.empty()) return prepared;
  prepared->statement = prepared->parsed.front().get();
  // Transaction control is not analysed: COMMIT and ROLLBACK must be preparable in a failed
  // transaction, where Describe raises 25P02 for everything else (as PostgreSQL's Parse).
  if (prepared->statement->kind != parser::StmtKind::kTransaction) {
    // Analyse once now, to report errors early, infer the parameter types and describe the
    // result columns.
    const StatementShape shape = session.Describe(*prepared->statement, prepared->sql, prepared->param_types);
    if (shape.returns_rows) prepared->description.impl().SetColumns(shape.names, shape.types);
  }
  return prepared;
}

}  // namespace

PreparedStatement Session::Prepare(std::string_view sql,
                                   const std::vector<uint32_t>& parameter_type_oids) {
  return PreparedStatement(PrepareStatement(*impl_, sql, parameter_type_oids));
}

PreparedStatement Session::PrepareNamed(std::string_view name, std::string_view sql,
                                        const std::vector<uint32_t>& parameter_type_oids) {
  const std::string key(name);
  if (impl_->named_statements.entries().count(key) != 0) {
    throw Error(sqlstate::kDuplicatePreparedStatement, "prepared statement \"" + key + "\" already exists");
  }
  std::shared_ptr<PreparedStatement::Impl> prepared = PrepareStatement(*impl_, sql, parameter_type_oids);
  impl_->named_statements.Add(key, NamedStatement{prepared, types::ClockTimestamp(), false});
  return PreparedStatement(std::move(prepared));
}

PreparedStatement Session::FindPrepared(std::string_view name) {
  return PreparedStatement(impl_->named_statements.Find(std::string(name)).statement);
}

void Session::ClosePrepared(std::string_view name) { impl_->named_statements.Remove(std::string(name)); }

Result Session::FetchPortal(std::string_view name, uint64_t max_rows, RowSink* sink) {
  parser::FetchStmt fetch;
  fetch.name = std::string(name);
  fetch.protocol_execute = true;
  const Cursor* cursor = impl_->cursors->Find(fetch.name);
  if (cursor == nullptr) throw Error(sqlstate::kInvalidCursorName, "portal \"" + fetch.name + "\" does not exist");
  fetch.count = max_rows == 0 || max_rows >= static_cast<uint64_t>(parser::FetchStmt::kAll)
                    ? parser::FetchStmt::kAll
                    : static_cast<int64_t>(max_rows);
  const std::string sql = cursor->statement;
  std::vector<types::Type> param_types;
  RunningStatement running(*impl_, sql);
  Result result = impl_->Run(fetch, sql, {}, param_types, /*in_script=*/true, nullptr, nullptr, sink);
  result.impl().command_tag = "SELECT " + std::to_string(result.affected_rows());
  return result;
}

void Session::ClosePortal(std::string_view name) {
  const std::string key(name);
  if (impl_->cursors->Find(key) != nullptr) impl_->cursors->Close(key);
}

bool Session::PortalOpen(std::string_view name) const { return impl_->cursors->Find(std::string(name)) != nullptr; }

std::vector<ColumnInfo> Session::PortalColumns(std::string_view name) const {
  const std::string key(name);
  const Cursor* cursor = impl_->cursors->Find(key);
  if (cursor == nullptr) throw Error(sqlstate::kInvalidCursorName, "portal \"" + key + "\" does not exist");
  Result::Impl description;
  description.SetColumns(cursor->column_names, cursor->column_types);
  return description.columns;
}

void Session::FailTransaction() { impl_->FailTransaction(); }

void Session::Begin() { Execute("BEGIN"); }
void Session::Commit() { Execute("COMMIT"); }
void Session::Rollback() { Execute("ROLLBACK"); }
char Session::transaction_status() const { return impl_->TransactionStatus(); }

void Session::Cancel() {
  if (impl_->statement_running.load()) {
    impl_->cancel_requested.store(true);
  } else if (impl_->copy_waiting.load()) {
    impl_->copy_cancel_requested.store(true);  // the COPY fails when its next data arrives
  }
}

std::string Session::Setting(std::string_view name) const { return impl_->settings.Show(name); }
uint64_t Session::SettingsGeneration() const { return impl_->settings.generation(); }

void Session::StartImplicitTransaction() { impl_->implicit_transaction = true; }

void Session::EndImplicitTransaction() {
  impl_->implicit_transaction = false;
  impl_->FinishScript();
}

PreparedStatement::PreparedStatement() = default;
PreparedStatement::PreparedStatement(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedStatement::~PreparedStatement() = default;
PreparedStatement::PreparedStatement(PreparedStatement&&) noexcept = default;
PreparedStatement& PreparedStatement::operator=(PreparedStatement&&) noexcept = default;

size_t PreparedStatement::parameter_count() const { return impl_->param_types.size(); }

std::vector<uint32_t> PreparedStatement::parameter_types() const {
  std::vector<uint32_t> oids;
  for (const types::Type& type : impl_->param_types) {
    oids.push_back(type.id == types::TypeId::kUnknown ? types::InfoOf(types::TypeId::kText).oid : types::TypeOid(type));
  }
  return oids;
}

bool PreparedStatement::returns_rows() const { return impl_->description.returns_rows(); }

const std::vector<ColumnInfo>& PreparedStatement::columns() const {
  return impl_->description.columns();
}

bool PreparedStatement::streams() const {
  return impl_->statement != nullptr && StreamsAsPortal(*impl_->statement);
}

void PreparedStatement::OpenPortal(std::string_view name, const std::vector<Param>& params) {
  if (!streams()) throw Error(sqlstate::kFeatureNotSupported, "only a SELECT can be opened as a portal that streams");
  if (params.size() != impl_->param_types.size()) {
    throw Error(sqlstate::kProtocolViolation,
                "bind message supplies " + std::to_string(params.size()) +
                    " parameters, but prepared statement requires " +
                    std::to_string(impl_->param_types.size()));
  }
  const std::string portal(name);
  std::vector<types::Type> param_types = impl_->param_types;
  RunningStatement running(*impl_->session, impl_->sql);
  impl_->session->Run(*impl_->statement, impl_->sql, ToValues(params, impl_->param_types), param_types,
                      /*in_script=*/true, nullptr, &portal);
}

struct BoundStatement::Impl {
  PreparedStatement statement;
  std::vector<types::Value> params;
  // The Bind's snapshot and the transaction it belongs to (PreparedStatement::Bind).
  std::optional<std::pair<storage::Xid, storage::Snapshot>> snapshot;

  // The snapshot for a run starting now: the Bind's, once, in its own transaction only.
  std::optional<storage::Snapshot> TakeSnapshot() {
    if (!snapshot) return std::nullopt;
    const bool same_transaction = snapshot->first == statement.impl_->session->transaction_xid();
    std::optional<storage::Snapshot> taken;
    if (same_transaction) taken = std::move(snapshot->second);
    snapshot.reset();
    return taken;
  }
};

BoundStatement PreparedStatement::Bind(const std::vector<Param>& params) {
  if (params.size() != impl_->param_types.size()) {
    throw Error(sqlstate::kProtocolViolation,
                "bind message supplies " + std::to_string(params.size()) +
                    " parameters, but prepared statement requires " +
                    std::to_string(impl_->param_types.size()));
  }
  Session::Impl& session = *impl_->session;
  const bool transaction_control = impl_->statement != nullptr && impl_->statement->kind == parser::StmtKind::kTransaction;
  if (!transaction_control) session.CheckNotFailed();
  BoundStatement bound;
  bound.impl_ = std::make_unique<BoundStatement::Impl>();
  bound.impl_->statement = PreparedStatement(impl_);
  bound.impl_->params = ToValues(params, impl_->param_types);
  if (streams()) bound.impl_->snapshot = session.BoundSnapshot(*impl_->statement, impl_->sql, impl_->param_types, impl_->plan);
  return bound;
}

BoundStatement::BoundStatement() = default;
BoundStatement::~BoundStatement() = default;
BoundStatement::BoundStatement(BoundStatement&&) noexcept = default;
BoundStatement& BoundStatement::operator=(BoundStatement&&) noexcept = default;

const PreparedStatement& BoundStatement::statement() const { return impl_->statement; }

Result BoundStatement::Execute(RowSink* sink) {
  PreparedStatement::Impl& prepared = *impl_->statement.impl_;
  if (prepared.statement == nullptr) return EmptyQuery();
  const std::optional<storage::Snapshot> snapshot = impl_->TakeSnapshot();
  std::vector<types::Type> param_types = prepared.param_types;
  RunningStatement running(*prepared.session, prepared.sql);
  return prepared.session->Run(*prepared.statement, prepared.sql, impl_->params, param_types,
                               prepared.session->implicit_transaction, &prepared.plan, nullptr, sink,
                               snapshot ? &*snapshot : nullptr);
}

void BoundStatement::OpenPortal(std::string_view name) {
  PreparedStatement::Impl& prepared = *impl_->statement.impl_;
  if (!impl_->statement.streams()) {
    throw Error(sqlstate::kFeatureNotSupported, "only a SELECT can be opened as a portal that streams");
  }
  const std::optional<storage::Snapshot> snapshot = impl_->TakeSnapshot();
  const std::string portal(name);
  std::vector<types::Type> param_types = prepared.param_types;
  RunningStatement running(*prepared.session, prepared.sql);
  prepared.session->Run(*prepared.statement, prepared.sql, impl_->params, param_types,
                        /*in_script=*/true, nullptr, &portal, nullptr, snapshot ? &*snapshot : nullptr);
}

Result PreparedStatement::Execute(const std::vector<Param>& params) {
  if (impl_->statement == nullptr) return EmptyQuery();
  if (params.size() != impl_->param_types.size()) {
    throw Error(sqlstate::kProtocolViolation,
                "bind message supplies " + std::to_string(params.size()) +
                    " parameters, but prepared statement requires " +
                    std::to_string(impl_->param_types.size()));
  }
  std::vector<types::Type> param_types = impl_->param_types;
  RunningStatement running(*impl_->session, impl_->sql);
  return impl_->session->Run(*impl_->statement, impl_->sql,
                             ToValues(params, impl_->param_types), param_types,
                             impl_->session->implicit_transaction, &impl_->plan);
}

}  // namespace granary
