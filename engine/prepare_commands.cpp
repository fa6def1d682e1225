// PREPARE, EXECUTE and DEALLOCATE: PostgreSQL's commands/prepare.c over the session's named
// prepared statements.
#include "engine/prepare_commands.hpp"

#include "common/sqlstate.hpp"
#include "engine/statement_services.hpp"
#include "executor/expr/evaluator.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"

namespace granary {

using types::Type;
using types::TypeId;
using types::Value;

void NamedStatements::Add(const std::string& name, NamedStatement statement) {
  if (statements_.count(name) != 0) {
    throw Error(sqlstate::kDuplicatePreparedStatement, "prepared statement \"" + name + "\" already exists");
  }
  statements_.emplace(name, std::move(statement));
}

const NamedStatement& NamedStatements::Find(const std::string& name) const {
  const auto it = statements_.find(name);
  if (it == statements_.end()) {
    throw Error(sqlstate::kInvalidSqlStatementName, "prepared statement \"" + name + "\" does not exist");
  }
  return it->second;
}

void AnalyzePrepared(Session::Impl& session, PreparedStatement::Impl& prepared,
                     const storage::Snapshot& snapshot, bool require_types) {
  const StatementShape shape = PlanOnly(session, *prepared.statement, prepared.sql, snapshot, prepared.param_types);
  if (require_types) {
    for (size_t i = 0; i < prepared.param_types.size(); ++i) {
      if (prepared.param_types[i].id == TypeId::kUnknown) {
        throw Error(sqlstate::kIndeterminateDatatype,
                    "could not determine data type of parameter $" + std::to_string(i + 1));
      }
    }
  }
  if (shape.returns_rows) prepared.description.impl().SetColumns(shape.names, shape.types);
  prepared.plan.result_types = shape.types;
}

Result Prepare(Session::Impl& session, const parser::PrepareStmt& prepare, std::string_view sql,
               planner::AnalyzeContext& context) {
  if (session.named_statements.entries().count(prepare.name) != 0) {
    throw Error(sqlstate::kDuplicatePreparedStatement,
                "prepared statement \"" + prepare.name + "\" already exists");
  }
  auto prepared = std::make_shared<PreparedStatement::Impl>();
  prepared->session = &session;
  prepared->sql = std::string(sql);
  for (const parser::TypeName& name : prepare.parameter_types) {
    Type type = planner::ResolveTypeName(name, context);
    prepared->param_types.push_back(Type{type.id, -1});
  }
  // The statement keeps a parse tree of its own: the one this PREPARE came from belongs to
  // the query string's caller. Parsing the same text again finds the same PREPARE at the
  // same offset.
  prepared->parsed = parser::Parse(prepared->sql);
  for (const parser::StmtPtr& stmt : prepared->parsed) {
    if (stmt && stmt->kind == parser::StmtKind::kPrepare && stmt->location == prepare.location) {
      prepared->statement = stmt->As<parser::PrepareStmt>().statement.get();
    }
  }
  if (prepared->statement == nullptr) {
    throw Error(sqlstate::kInternalError, "PREPARE statement not found in its query string");
  }
  AnalyzePrepared(session, *prepared, context.snapshot, /*require_types=*/true);
  session.named_statements.Add(prepare.name, NamedStatement{std::move(prepared), types::ClockTimestamp(), true});
  Result result;
  result.impl().command_tag = "PREPARE";
  return result;
}

namespace {

// PostgreSQL's EXPR_KIND_EXECUTE_PARAMETER: no subqueries (aggregates and window functions
// are refused by the binder, which gets no lists for them).
void RejectSubqueries(const planner::BoundExpr& expr, planner::AnalyzeContext& context) {
  if (expr.kind == planner::BoundKind::kSubquery) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "cannot use subquery in EXECUTE parameter",
                          expr.location);
  }
  for (const planner::BoundExprPtr& arg : expr.args) {
    if (arg) RejectSubqueries(*arg, context);
  }
}

}  // namespace

ExecuteTarget ResolveExecute(Session::Impl& session, const parser::ExecuteStmt& execute,
                             planner::AnalyzeContext& context, const storage::Snapshot& snapshot) {
  const NamedStatement& named = session.named_statements.Find(execute.name);
  ExecuteTarget target;
  target.statement = named.statement.get();
  const std::vector<Type>& types = target.statement->param_types;
  // As PostgreSQL: the arguments of a statement without parameters are not even looked at.
  if (types.empty()) return target;
  if (execute.arguments.size() != types.size()) {
    throw Error(sqlstate::kSyntaxError,
                "wrong number of parameters for prepared statement \"" + execute.name + "\"")
        .WithDetail("Expected " + std::to_string(types.size()) + " parameters but got " +
                    std::to_string(execute.arguments.size()) + ".");
  }
  const planner::Scope no_columns;
  planner::ExprBinder binder(context, no_columns, nullptr, "EXECUTE parameters");
  std::vector<planner::BoundExprPtr> arguments;
  for (size_t i = 0; i < types.size(); ++i) {
    planner::BoundExprPtr argument = binder.Bind(*execute.arguments[i]);
    RejectSubqueries(*argument, context);
    if (!planner::CanAssignmentCast(argument->type.id, types[i].id)) {
      throw context
          .ErrorAt(sqlstate::kDatatypeMismatch,
                   "parameter $" + std::to_string(i + 1) + " of type " + types::FormatType(argument->type) +
                       " cannot be coerced to the expected type " + types::FormatType(types[i]),
                   execute.arguments[i]->location)
          .WithHint("You will need to rewrite or cast the expression.");
    }
    arguments.push_back(planner::Coerce(std::move(argument), types[i], types::CastContext::kAssignment, context));
  }
  const std::vector<Value> no_params;
  executor::ExecContext exec{*session.db.pool, *session.db.transactions, session.ExecutionSnapshot(snapshot),
                             no_params};
  AttachSessionState(session, exec, context.locks);
  StatementServices services(session, snapshot, context.locks);
  services.Attach(exec);
  const executor::Batch no_rows;
  for (const planner::BoundExprPtr& argument : arguments) {
    target.params.push_back(executor::Evaluate(*argument, no_rows, 0, exec));
  }
  return target;
}

Result Execute(Session::Impl& session, const parser::ExecuteStmt& execute,
               planner::AnalyzeContext& context, const storage::Snapshot& snapshot) {
  ExecuteTarget target = ResolveExecute(session, execute, context, snapshot);
  PreparedStatement::Impl& prepared = *target.statement;
  std::vector<Type> param_types = prepared.param_types;
  return ExecuteStatement(session, *prepared.statement, prepared.sql, snapshot, target.params, param_types,
                          &prepared.plan);
}

Result Deallocate(Session::Impl& session, const parser::DeallocateStmt& deallocate) {
  Result result;
  if (deallocate.all) {
    session.named_statements.Clear();
    result.impl().command_tag = "DEALLOCATE ALL";
    return result;
  }
  if (!session.named_statements.Remove(deallocate.name)) {
    throw Error(sqlstate::kInvalidSqlStatementName,
                "prepared statement \"" + deallocate.name + "\" does not exist");
  }
  result.impl().command_tag = "DEALLOCATE";
  return result;
}

}  // namespace granary
