// PlSpi (pl_spi.hpp): running a PL/pgSQL function's SQL inside the calling statement.
#include "engine/plpgsql/pl_spi.hpp"

#include "common/sqlstate.hpp"
#include "engine/read_only_checks.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"
#include "parser/parser.hpp"
#include "planner/finalize/constant_folding.hpp"

namespace granary::plpgsql {
namespace {

using types::Type;
using types::Value;

// The bound expressions of a plan that computes one row from its parameters alone (a
// SELECT of expressions without FROM), or nothing.
std::vector<const planner::BoundExpr*> SimpleExpressions(const planner::PlanNode& plan) {
  std::vector<const planner::BoundExpr*> found;
  const planner::PlanNode* node = &plan;
  if (node->kind == planner::PlanKind::kProject && node->children.size() == 1) {
    const planner::PlanNode& input = *node->children[0];
    if (input.kind != planner::PlanKind::kValues || input.rows.size() != 1 || !input.rows[0].empty()) return {};
    for (const planner::BoundExprPtr& expr : node->expressions) found.push_back(expr.get());
  } else if (node->kind == planner::PlanKind::kValues && node->rows.size() == 1) {
    for (const planner::BoundExprPtr& expr : node->rows[0]) found.push_back(expr.get());
  } else {
    return {};
  }
  for (const planner::BoundExpr* expr : found) {
    bool plain = true;
    expr->Walk([&](const planner::BoundExpr& node) {
      plain = plain && node.kind != planner::BoundKind::kColumn && node.kind != planner::BoundKind::kSubquery &&
              node.kind != planner::BoundKind::kSetFunction && node.kind != planner::BoundKind::kAggregateRef &&
              node.kind != planner::BoundKind::kWindowRef && node.kind != planner::BoundKind::kOuterRef;
    });
    if (!plain) return {};
  }
  return found;
}

bool Writes(const parser::Stmt& stmt) {
  return stmt.kind == parser::StmtKind::kInsert || stmt.kind == parser::StmtKind::kUpdate ||
         stmt.kind == parser::StmtKind::kDelete;
}

}  // namespace

PlSpi::PlSpi(Session::Impl& session, const storage::Snapshot& caller, bool volatile_function)
    : session_(session), caller_(caller), volatile_(volatile_function),
      locks_(session.locks().active() ? &session.locks() : nullptr) {}

PlSpi::~PlSpi() = default;

storage::Snapshot PlSpi::StatementSnapshot() {
  if (!volatile_) return caller_;
  const storage::Snapshot next = session_.NextCommand(caller_);
  const storage::Snapshot catalog_snapshot = session_.db.transactions->TakeSnapshot(
      session_.CurrentWriterXid(), next.command_id, session_.CurrentOwnAncestors());
  return session_.ExecutionSnapshot(catalog_snapshot);
}

void PlSpi::Plan(PlQuery& query, const std::vector<Type>& types, const storage::Snapshot& snapshot) {
  const uint64_t version = session_.db.catalog_version.load(std::memory_order_acquire);
  if (query.planned && query.planned_types == types && query.planned_version == version) return;
  if (query.statement == nullptr) {
    std::vector<parser::StmtPtr> statements = parser::Parse(query.text);
    query.statement = std::move(statements.front());
  }
  query.planned.reset();
  query.is_simple = false;
  query.simple.clear();
  const parser::StmtKind kind = query.statement->kind;
  const bool plannable = kind == parser::StmtKind::kSelect || Writes(*query.statement);
  if (!plannable) return;
  if (Writes(*query.statement) && !volatile_) {
    const char* command = kind == parser::StmtKind::kInsert ? "INSERT" : kind == parser::StmtKind::kUpdate ? "UPDATE" : "DELETE";
    throw Error(sqlstate::kFeatureNotSupported, std::string(command) + " is not allowed in a non-volatile function");
  }
  std::vector<Type> param_types = types;
  SessionAnalysis analysis(session_, snapshot, query.text, param_types);
  analysis.context.locks = locks_.get();
  const types::ScopedByteaOutput bytea_output(session_.settings.ByteaOutput());
  query.planned = std::make_unique<PlannedStatement>(PlanStatement(*query.statement, analysis.context));
  query.planned_types = types;
  query.planned_version = version;
  if (kind == parser::StmtKind::kSelect) {
    query.simple = SimpleExpressions(*query.planned->plan);
    query.is_simple = !query.simple.empty();
  }
}

PlRows PlSpi::Execute(const PlannedStatement& planned, const std::vector<Value>& params,
                      const storage::Snapshot& snapshot, size_t max_rows) {
  if (std::optional<std::string> command = PlanWriteCommand(*planned.plan)) session_.RequireReadWrite(*command);
  PlRows out;
  out.names = planned.plan->output_names;
  out.types = planned.plan->output_types;
  executor::ExecContext exec{*session_.db.pool, *session_.db.transactions, snapshot, params};
  AttachSessionState(session_, exec, locks_.get());
  exec.work_mem_bytes = static_cast<size_t>(session_.settings.Kilobytes("work_mem")) * 1024;
  executor::ForeignKeyEvents foreign_key_events;
  exec.foreign_key_events = &foreign_key_events;
  StatementServices services(session_, snapshot, locks_.get());
  services.Attach(exec);
  const bool is_select = planned.tag_prefix == "SELECT";
  {
    executor::OperatorPtr root = executor::BuildOperator(*planned.plan, exec);
    executor::Batch batch;
    while (root->Next(batch)) {
      for (size_t row = 0; row < batch.row_count; ++row) {
        ++out.processed;
        if (out.rows.size() >= max_rows) continue;
        std::vector<Value> values;
        values.reserve(out.types.size());
        for (size_t c = 0; c < out.types.size() && c < batch.columns.size(); ++c) values.push_back(batch.columns[c][row]);
        out.rows.push_back(std::move(values));
      }
    }
  }
  RunForeignKeyEvents(session_, snapshot, foreign_key_events);
  if (!is_select) out.processed = exec.rows_affected;
  return out;
}

PlRows PlSpi::RunUtility(const parser::Stmt& stmt, const std::string& sql, const std::vector<Value>& params,
                         const std::vector<Type>& types, const storage::Snapshot& snapshot) {
  if (stmt.kind == parser::StmtKind::kTransaction) {
    throw Error(sqlstate::kInvalidTransactionTermination, "invalid transaction termination");
  }
  std::vector<Type> param_types = types;
  Result result = ExecuteStatement(session_, stmt, sql, snapshot, params, param_types, nullptr);
  for (Error& notice : result.impl().notices) session_.statement_notices.push_back(std::move(notice));
  PlRows out;
  out.processed = result.impl().affected_rows;
  return out;
}

PlRows PlSpi::Run(PlQuery& query, const std::vector<Value>& params, const std::vector<Type>& types, size_t max_rows) {
  const storage::Snapshot snapshot = StatementSnapshot();
  Plan(query, types, snapshot);
  if (!query.planned) return RunUtility(*query.statement, query.text, params, types, snapshot);
  return Execute(*query.planned, params, snapshot, max_rows);
}

Value PlSpi::Evaluate(PlQuery& query, const std::vector<Value>& params, const std::vector<Type>& types, Type* type) {
  // A simple expression reads no table: the caller's snapshot serves (and no command id is
  // spent on it), as PostgreSQL's exec_eval_simple_expr.
  if (!query.is_simple || query.planned_types != types) Plan(query, types, caller_);
  if (query.is_simple) {
    if (query.simple.size() != 1) {
      throw Error(sqlstate::kSyntaxError,
                  "query \"" + query.text + "\" returned " + std::to_string(query.simple.size()) + " columns");
    }
    if (!simple_context_) {
      simple_context_ = std::make_unique<executor::ExecContext>(
          executor::ExecContext{*session_.db.pool, *session_.db.transactions, caller_, simple_params_});
      AttachSessionState(session_, *simple_context_, locks_.get());
      simple_services_ = std::make_unique<StatementServices>(session_, caller_, locks_.get());
      simple_services_->Attach(*simple_context_);
    }
    simple_params_ = params;
    static const executor::Batch kNoInput{{}, 1};
    if (type != nullptr) *type = query.planned->plan->output_types.at(0);
    return executor::Evaluate(*query.simple[0], kNoInput, 0, *simple_context_);
  }
  PlRows rows = Run(query, params, types, 2);
  if (rows.types.size() != 1) {
    throw Error(sqlstate::kSyntaxError,
                "query \"" + query.text + "\" returned " + std::to_string(rows.types.size()) + " columns");
  }
  if (rows.rows.size() > 1) {
    throw Error(sqlstate::kCardinalityViolation, "query \"" + query.text + "\" returned more than one row");
  }
  if (type != nullptr) *type = rows.types[0];
  if (rows.rows.empty()) return Value::Null(rows.types[0].id);
  return rows.rows[0][0];
}

PlRows PlSpi::RunDynamic(const std::string& sql, const std::vector<Value>& params, const std::vector<Type>& types,
                         size_t max_rows) {
  PlQuery query;
  query.text = sql;
  std::vector<parser::StmtPtr> statements = parser::Parse(sql);
  if (statements.size() != 1) {
    throw Error(sqlstate::kSyntaxError, "cannot insert multiple commands into a prepared statement");
  }
  query.statement = std::move(statements.front());
  return Run(query, params, types, max_rows);
}

std::pair<std::vector<std::string>, std::vector<Type>> PlSpi::Describe(const std::string& sql) {
  std::vector<parser::StmtPtr> statements = parser::Parse(sql);
  std::vector<Type> param_types;
  SessionAnalysis analysis(session_, caller_, sql, param_types);
  analysis.context.locks = locks_.get();
  const planner::ScopedFoldingErrorsDeferred folding_errors_deferred;
  const PlannedStatement planned = PlanStatement(*statements.front(), analysis.context);
  return {planned.plan->output_names, planned.plan->output_types};
}

}  // namespace granary::plpgsql
