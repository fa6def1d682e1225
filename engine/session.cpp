// Session and PreparedStatement: the public statement API over Session::Impl.
#include "common/sqlstate.hpp"
#include "engine/session_impl.hpp"
#include "parser/parser.hpp"

namespace granary {
namespace {

types::Value ToValue(const Param& param) {
  switch (param.kind()) {
    case Param::Kind::kNull: return types::Value::Null();
    case Param::Kind::kBool: return types::Value::Bool(param.int_value() != 0);
    case Param::Kind::kInt: return types::Value::Int8(param.int_value());
    case Param::Kind::kDouble: return types::Value::Float8(param.double_value());
    case Param::Kind::kText: return types::Value::Unknown(param.text_value());
  }
  return types::Value::Null();
}

std::vector<types::Value> ToValues(const std::vector<Param>& params) {
  std::vector<types::Value> values;
  values.reserve(params.size());
  for (const Param& param : params) values.push_back(ToValue(param));
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

}  // namespace

struct PreparedStatement::Impl {
  Session::Impl* session = nullptr;
  std::string sql;
  std::vector<parser::StmtPtr> statement;  // zero or one
  std::vector<types::Type> param_types;
};

Session::Session() = default;
Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

Result Session::Execute(std::string_view sql, const std::vector<Param>& params) {
  std::vector<parser::StmtPtr> statements = ParseOne(sql);
  if (statements.empty()) return EmptyQuery();
  std::vector<types::Type> param_types;
  return impl_->Run(*statements.front(), sql, ToValues(params), param_types, false);
}

std::vector<Result> Session::ExecuteScript(std::string_view sql) {
  std::vector<parser::StmtPtr> statements = parser::Parse(sql);
  std::vector<Result> results;
  const std::vector<types::Value> no_params;
  try {
    for (const parser::StmtPtr& statement : statements) {
      std::vector<types::Type> param_types;
      results.push_back(impl_->Run(*statement, sql, no_params, param_types, true));
    }
  } catch (...) {
    impl_->AbortAfterScriptError();
    throw;
  }
  impl_->FinishScript();
  return results;
}

PreparedStatement Session::Prepare(std::string_view sql) {
  auto prepared = std::make_unique<PreparedStatement::Impl>();
  prepared->session = impl_.get();
  prepared->sql = std::string(sql);
  prepared->statement = ParseOne(prepared->sql);
  if (!prepared->statement.empty()) {
    // Analyse once now, to report errors early and to infer the parameter types.
    const parser::Stmt& statement = *prepared->statement.front();
    if (statement.kind == parser::StmtKind::kSelect || statement.kind == parser::StmtKind::kInsert ||
        statement.kind == parser::StmtKind::kUpdate || statement.kind == parser::StmtKind::kDelete) {
      impl_->Describe(statement, prepared->sql, prepared->param_types);
    }
  }
  return PreparedStatement(std::move(prepared));
}

void Session::Begin() { Execute("BEGIN"); }
void Session::Commit() { Execute("COMMIT"); }
void Session::Rollback() { Execute("ROLLBACK"); }
char Session::transaction_status() const { return impl_->TransactionStatus(); }

PreparedStatement::PreparedStatement() = default;
PreparedStatement::PreparedStatement(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PreparedStatement::~PreparedStatement() = default;
PreparedStatement::PreparedStatement(PreparedStatement&&) noexcept = default;
PreparedStatement& PreparedStatement::operator=(PreparedStatement&&) noexcept = default;

size_t PreparedStatement::parameter_count() const { return impl_->param_types.size(); }

std::vector<uint32_t> PreparedStatement::parameter_types() const {
  std::vector<uint32_t> oids;
  for (const types::Type& type : impl_->param_types) {
    oids.push_back(types::InfoOf(type.id == types::TypeId::kUnknown ? types::TypeId::kText : type.id).oid);
  }
  return oids;
}

Result PreparedStatement::Execute(const std::vector<Param>& params) {
  if (impl_->statement.empty()) return EmptyQuery();
  if (params.size() != impl_->param_types.size()) {
    throw Error(sqlstate::kProtocolViolation,
                "bind message supplies " + std::to_string(params.size()) +
                    " parameters, but prepared statement requires " +
                    std::to_string(impl_->param_types.size()));
  }
  std::vector<types::Type> param_types = impl_->param_types;
  return impl_->session->Run(*impl_->statement.front(), impl_->sql, ToValues(params), param_types,
                             false);
}

}  // namespace granary
