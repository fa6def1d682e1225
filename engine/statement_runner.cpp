// ExecuteStatement: analyze -> plan -> execute for one statement inside a transaction; the
// utility statements (EXPLAIN, SET/SHOW, CHECKPOINT) are dispatched from here too.
#include "catalog/catalog_functions.hpp"
#include <chrono>
#include <cstdio>

#include "common/sqlstate.hpp"
#include "engine/analyze_command.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "engine/alter_table.hpp"
#include "engine/cluster_command.hpp"
#include "engine/comment_command.hpp"
#include "engine/copy_command.hpp"
#include "engine/create_table_as.hpp"
#include "engine/materialized_views.hpp"
#include "engine/cursors.hpp"
#include "engine/ddl.hpp"
#include "engine/foreign_keys.hpp"
#include "engine/index_commands.hpp"
#include "engine/lock_command.hpp"
#include "engine/plan_cache.hpp"
#include "engine/prepare_commands.hpp"
#include "engine/read_only_checks.hpp"
#include "engine/role_commands.hpp"
#include "engine/collation_commands.hpp"
#include "engine/function_commands.hpp"
#include "engine/schema_commands.hpp"
#include "engine/sequence_commands.hpp"
#include "engine/session_impl.hpp"
#include "engine/statement_runner.hpp"
#include "engine/plpgsql/pl_routine_caller.hpp"

#include "catalog/catalog_functions.hpp"
#include "engine/statement_services.hpp"
#include "engine/type_commands.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/instrumentation.hpp"
#include "executor/operators/operator.hpp"
#include "executor/spill/temp_file_space.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/finalize/constant_folding.hpp"
#include "planner/optimize/optimizer.hpp"
#include "planner/optimize/parallel_aggregate.hpp"
#include "planner/range_table.hpp"

namespace granary {

using types::Type;
using types::TypeId;
using types::Value;

PlannedStatement PlanStatement(const parser::Stmt& stmt, planner::AnalyzeContext& context) {
  switch (stmt.kind) {
    case parser::StmtKind::kSelect: {
      auto query = planner::BindSelect(stmt.As<parser::SelectStmt>(), context);
      planner::PlanPtr plan = planner::PlanQuery(*query);
      planner::UseParallelAggregate(plan);
      return {std::move(plan), "SELECT", false, planner::RangeTableEntries(*query)};
    }
    case parser::StmtKind::kInsert: {
      auto insert = planner::BindInsert(stmt.As<parser::InsertStmt>(), context);
      return {planner::PlanInsert(*insert), "INSERT 0", false, planner::RangeTableEntries(*insert)};
    }
    case parser::StmtKind::kUpdate: {
      const auto& update_stmt = stmt.As<parser::UpdateStmt>();
      auto update = planner::BindUpdate(update_stmt, context);
      return {planner::PlanUpdate(*update), "UPDATE", !update_stmt.current_of.empty(),
              planner::RangeTableEntries(*update)};
    }
    case parser::StmtKind::kDelete: {
      const auto& delete_stmt = stmt.As<parser::DeleteStmt>();
      auto del = planner::BindDelete(delete_stmt, context);
      return {planner::PlanDelete(*del), "DELETE", !delete_stmt.current_of.empty(),
              planner::RangeTableEntries(*del)};
    }
    default:
      throw Error(sqlstate::kFeatureNotSupported, "this statement cannot be planned");
  }
}

namespace {

// Hands the rows `result` holds, and the notices raised so far, to `sink`, then drops them.
void DeliverRows(Session::Impl& session, Result& result, RowSink& sink) {
  Result::Impl& out = result.impl();
  out.notices.insert(out.notices.end(), std::make_move_iterator(session.statement_notices.begin()),
                     std::make_move_iterator(session.statement_notices.end()));
  session.statement_notices.clear();
  sink.Rows(result);
  out.rows.clear();
  out.notices.clear();
}

// WHERE CURRENT OF: the cursor's row is asked for once before the plan runs, as PostgreSQL's
// TidScan evaluates its CurrentOfExpr before reading a row, so an unknown or unpositioned
// cursor fails the statement even over an empty table (the scan's filter asks again per row).
void CheckCurrentOf(const planner::PlanNode& plan, const executor::ExecContext& context) {
  const auto visit = [&](const planner::BoundExpr& node) {
    if (node.kind == planner::BoundKind::kCatalogCall &&
        node.index == static_cast<size_t>(catalog::CatalogFunction::kCurrentOf)) {
      executor::Evaluate(node, executor::Batch{}, 0, context);
    }
  };
  if (plan.predicate) plan.predicate->Walk(visit);
  for (const planner::BoundExprPtr& expr : plan.expressions) expr->Walk(visit);
  for (const planner::PlanPtr& child : plan.children) CheckCurrentOf(*child, context);
}

// `instrumentation`: EXPLAIN ANALYZE's counters (every operator is counted and timed), or null.
// `sink`: a SELECT's rows go to it batch by batch, each before the plan is asked for the
// next (RowSink); the last batch stays in the Result.
Result RunPlan(Session::Impl& session, const PlannedStatement& planned,
               const storage::Snapshot& catalog_snapshot, const std::vector<Value>& params,
               executor::PlanInstrumentation* instrumentation = nullptr, RowSink* sink = nullptr) {
  if (std::optional<std::string> command = PlanWriteCommand(*planned.plan)) session.RequireReadWrite(*command);
  Result result;
  Result::Impl& out = result.impl();
  // bytea values cast to text while the statement runs, and later when its rows are
  // rendered, use the session's bytea_output.
  out.bytea_output = session.settings.ByteaOutput();
  out.time_zone = session.settings.TimeZone();
  out.datetime_style = types::SessionDatetimeStyle();
  out.extra_float_digits = types::CurrentExtraFloatDigits();
  const types::ScopedByteaOutput bytea_output(out.bytea_output);
  executor::ExecContext context{*session.db.pool, *session.db.transactions,
                                session.ExecutionSnapshot(catalog_snapshot), params};
  context.cancel_requested = &session.cancel_requested;
  context.statement_deadline = session.statement_deadline();
  context.locks = session.locks().active() ? &session.locks() : nullptr;
  context.transaction_snapshot = session.RepeatableRead();
  context.table_counts = &session.table_counts;
  context.instrumentation = instrumentation;
  context.work_mem_bytes = static_cast<size_t>(session.settings.Kilobytes("work_mem")) * 1024;
  context.max_parallel_workers = static_cast<int>(session.settings.Real("max_parallel_workers"));
  context.hash_mem_multiplier = session.settings.Real("hash_mem_multiplier");
  context.temp_files = std::make_shared<executor::TempFileSpace>(
      storage::DefaultEnv(), executor::TempFileDirectory(session.db.directory->path()),
      session.settings.Kilobytes("temp_file_limit"));
  StatementServices services(session, catalog_snapshot, context.locks);
  services.Attach(context);
  const std::shared_ptr<const types::OidNames> oid_names =
      catalog::MakeOidNames(*session.db.catalog, *context.environment, catalog_snapshot, false);
  const types::ScopedOidNames scoped_oid_names(oid_names.get());
  executor::ForeignKeyEvents foreign_key_events;
  context.foreign_key_events = &foreign_key_events;
  const bool is_select = planned.tag_prefix == "SELECT";
  const bool returns_rows = is_select || !planned.plan->returning.empty();
  if (returns_rows) out.SetColumns(planned.plan->output_names, planned.plan->output_types);
  for (const types::Type& type : out.column_types) {
    const types::TypeId id = types::ElementTypeOf(type.id).value_or(type.id);
    if (id == types::TypeId::kRegclass || id == types::TypeId::kRegproc) {
      out.oid_names = catalog::MakeOidNames(*session.db.catalog, *context.environment, catalog_snapshot, true);
      break;
    }
  }
  // Only a SELECT streams: DML ... RETURNING runs to completion first, as PostgreSQL's
  // PORTAL_ONE_RETURNING.
  if (!is_select) sink = nullptr;
  if (planned.current_of) CheckCurrentOf(*planned.plan, context);
  uint64_t delivered = 0;
  {
    executor::OperatorPtr root = executor::BuildOperator(*planned.plan, context);
    executor::Batch batch;
    for (;;) {
      if (sink != nullptr && !out.rows.empty()) {
        delivered += out.rows.size();
        DeliverRows(session, result, *sink);
      }
      try {
        if (!root->Next(batch)) break;
      } catch (const storage::CatalogChanged&) {
        // The statement cannot start over (RunStatement) once rows have left.
        if (delivered == 0) throw;
        throw Error(sqlstate::kSerializationFailure,
                    "could not finish the query: the catalog changed while its rows were being sent");
      } catch (const Error&) {
        // An error before the first row still follows the result's description, as
        // PostgreSQL's printtup sends RowDescription when ExecutorRun starts: the sink gets
        // the columns without rows first.
        if (sink != nullptr && delivered == 0) DeliverRows(session, result, *sink);
        throw;
      }
      for (size_t row = 0; row < batch.row_count; ++row) {
        std::vector<Value> values;
        values.reserve(batch.columns.size());
        for (auto& column : batch.columns) values.push_back(std::move(column[row]));
        out.rows.push_back(std::move(values));
      }
    }
  }
  // Foreign keys are checked, and their actions run, once the statement's changes are made.
  RunForeignKeyEvents(session, catalog_snapshot, foreign_key_events);
  out.affected_rows = is_select ? delivered + out.rows.size() : context.rows_affected;
  out.command_tag = planned.tag_prefix + " " + std::to_string(out.affected_rows);
  return result;
}

// A prepared statement's plan for a run now: its cached plan when still valid
// (plan_cache.hpp), with the relation locks that plan took when it was made, else a new one
// (which takes its locks while binding names), kept for the next run when the session may
// share plans.
std::shared_ptr<const CachedPlan> CurrentPlan(Session::Impl& session, const parser::Stmt& stmt,
                                              planner::AnalyzeContext& context, PlanSlot& slot) {
  const bool shareable = context.relation_cache != nullptr;
  const types::ByteaOutput bytea_output = session.settings.ByteaOutput();
  const std::shared_ptr<const types::TimeZone> time_zone = session.settings.TimeZone();
  const types::DatetimeStyle datetime_style = types::SessionDatetimeStyle();
  const int extra_float_digits = types::CurrentExtraFloatDigits();
  const std::string search_path = context.SearchPath().Key();
  if (shareable && slot.plan && slot.plan->catalog_version == context.catalog_version &&
      slot.plan->bytea_output == bytea_output && slot.plan->time_zone == time_zone.get() &&
      slot.plan->datetime_style == datetime_style && slot.plan->extra_float_digits == extra_float_digits &&
      slot.plan->search_path == search_path) {
    // Hold the plan: a restart (CatalogChanged) from a lock below replaces the slot's.
    std::shared_ptr<const CachedPlan> plan = slot.plan;
    if (context.locks != nullptr) {
      for (const planner::RelationLock& lock : plan->locks) {
        context.locks->LockRelation(lock.oid, lock.mode, lock.name);
      }
    }
    return plan;
  }
  auto plan = std::make_shared<CachedPlan>();
  context.locks_taken = &plan->locks;
  plan->planned = PlanStatement(stmt, context);
  context.locks_taken = nullptr;
  plan->catalog_version = context.catalog_version;
  plan->bytea_output = bytea_output;
  plan->time_zone = time_zone.get();
  plan->datetime_style = datetime_style;
  plan->extra_float_digits = extra_float_digits;
  plan->time_zone_owner = time_zone;
  plan->search_path = search_path;
  const std::vector<Type>& types = plan->planned.plan->output_types;
  if (!slot.result_types) {
    slot.result_types = types;
  } else if (*slot.result_types != types) {
    slot.plan.reset();
    throw Error(sqlstate::kFeatureNotSupported, "cached plan must not change result type");
  }
  if (shareable) {
    slot.plan = plan;
  } else {
    slot.plan.reset();
  }
  return plan;
}

Result RunPrepared(Session::Impl& session, const parser::Stmt& stmt, planner::AnalyzeContext& context,
                   PlanSlot& slot, const storage::Snapshot& catalog_snapshot,
                   const std::vector<Value>& params, RowSink* sink) {
  const std::shared_ptr<const CachedPlan> plan = CurrentPlan(session, stmt, context, slot);
  return RunPlan(session, plan->planned, catalog_snapshot, params, nullptr, sink);
}

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string Milliseconds(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.3f ms", value);
  return buffer;
}

// EXPLAIN [ANALYZE]: with ANALYZE the statement runs (in the statement's transaction, so
// INSERT/UPDATE/DELETE change rows as in PostgreSQL) with every operator counted and timed,
// and its rows are discarded.
Result Explain(Session::Impl& session, const parser::ExplainStmt& explain,
               planner::AnalyzeContext& context, const std::vector<Value>& params) {
  const auto planning_start = std::chrono::steady_clock::now();
  PlannedStatement planned;
  std::vector<Value> run_params = params;
  if (explain.statement->kind == parser::StmtKind::kExecute) {
    // EXPLAIN EXECUTE: the prepared statement planned with its arguments as constants (as
    // PostgreSQL's custom plans are).
    const ExecuteTarget target =
        ResolveExecute(session, explain.statement->As<parser::ExecuteStmt>(), context, context.snapshot);
    std::vector<Type> param_types = target.statement->param_types;
    planner::AnalyzeContext custom{context.catalog, context.snapshot, target.statement->sql, param_types};
    custom.locks = context.locks;
    custom.param_values = &target.params;
    planned = PlanStatement(*target.statement->statement, custom);
    run_params = target.params;
  } else if (explain.statement->kind == parser::StmtKind::kDeclareCursor) {
    // EXPLAIN DECLARE: the cursor's plan (for its first rows); no cursor is opened, and with
    // ANALYZE the query runs to its end, as in PostgreSQL.
    planned = PlanCursorQuery(*explain.statement->As<parser::DeclareCursorStmt>().query, context);
  } else {
    planned = PlanStatement(*explain.statement, context);
  }
  const double planning_ms = MillisecondsSince(planning_start);

  planner::ExplainOptions options;
  options.costs = explain.costs;
  options.qualify_columns = planned.range_table_entries > 1;
  executor::PlanInstrumentation instrumentation(explain.timing);
  double execution_ms = 0;
  if (explain.analyze) {
    const auto execution_start = std::chrono::steady_clock::now();
    RunPlan(session, planned, context.snapshot, run_params, &instrumentation);
    execution_ms = MillisecondsSince(execution_start);
    options.analyze = true;
    options.timing = explain.timing;
    options.actuals = [&instrumentation](const planner::PlanNode& node) -> std::optional<planner::ExplainActuals> {
      const executor::NodeActuals* actuals = instrumentation.Find(&node);
      if (actuals == nullptr) return std::nullopt;
      return planner::ExplainActuals{actuals->loops, actuals->rows, actuals->startup_ms, actuals->total_ms,
                                     actuals->details};
    };
    options.removed = [&instrumentation](const planner::BoundExpr& predicate) -> uint64_t {
      const executor::NodeActuals* actuals = instrumentation.Find(&predicate);
      return actuals == nullptr ? 0 : actuals->removed;
    };
  }
  Result result;
  Result::Impl& out = result.impl();
  out.SetColumns({"QUERY PLAN"}, {Type{TypeId::kText, -1}});
  std::vector<std::string> lines = planner::ExplainPlan(*planned.plan, options);
  if (explain.summary.value_or(explain.analyze)) {
    lines.push_back("Planning Time: " + Milliseconds(planning_ms));
    if (explain.analyze) lines.push_back("Execution Time: " + Milliseconds(execution_ms));
  }
  for (std::string& line : lines) out.rows.push_back({Value::Text(std::move(line))});
  out.command_tag = "EXPLAIN";
  return result;
}

Result SetOrShow(Session::Impl& session, const parser::Stmt& stmt) {
  Result result;
  Result::Impl& out = result.impl();
  if (stmt.kind == parser::StmtKind::kVariableSet) {
    const auto& set = stmt.As<parser::VariableSetStmt>();
    if (set.local && !session.InTransactionBlock()) {
      // As PostgreSQL: still applied, to a transaction that ends with this statement (or
      // with the extended protocol's Sync).
      out.notices.push_back(Error(sqlstate::kNoActiveSqlTransaction,
                                  "SET LOCAL can only be used in transaction blocks", Severity::kWarning));
    }
    if (set.reset) {
      session.settings.Reset(set.name, set.local);
      out.command_tag = set.reset_command ? "RESET" : "SET";
      return result;
    }
    const auto source = set.transaction_statement ? SettingSource::kSetTransaction
                                                  : SettingSource::kSet;
    ApplySetting(session, set.name, set.values, set.local, source, result);
    for (const auto& [name, values] : set.more) ApplySetting(session, name, values, set.local, source, result);
    out.command_tag = "SET";
    return result;
  }
  const auto& show = stmt.As<parser::VariableShowStmt>();
  const Type text{TypeId::kText, -1};
  if (show.name == "all") {
    out.SetColumns({"name", "setting", "description"}, {text, text, text});
    for (auto& row : session.settings.ShowAll()) {
      if (!row[12].empty()) continue;  // GUC_NO_SHOW_ALL
      out.rows.push_back({Value::Text(row[0]), Value::Text(row[1]), Value::Text(row[2])});
    }
  } else {
    out.SetColumns({session.settings.DisplayName(show.name)}, {text});
    out.rows.push_back({Value::Text(session.settings.Show(show.name))});
  }
  out.command_tag = "SHOW";
  return result;
}

}  // namespace

// The session's planner settings, read once per change of its settings: every statement
// needs them, and they are some twenty lookups.
planner::CostParameters CostParametersOf(Session::Impl& session) {
  const SessionSettings& settings = session.settings;
  if (session.cost_parameters && session.cost_parameters->first == settings.generation()) {
    return session.cost_parameters->second;
  }
  planner::CostParameters costs;
  costs.seq_page_cost = settings.Real("seq_page_cost");
  costs.random_page_cost = settings.Real("random_page_cost");
  costs.cpu_tuple_cost = settings.Real("cpu_tuple_cost");
  costs.cpu_index_tuple_cost = settings.Real("cpu_index_tuple_cost");
  costs.cpu_operator_cost = settings.Real("cpu_operator_cost");
  costs.enable_seqscan = settings.Boolean("enable_seqscan");
  costs.enable_indexscan = settings.Boolean("enable_indexscan");
  costs.enable_hashjoin = settings.Boolean("enable_hashjoin");
  costs.enable_nestloop = settings.Boolean("enable_nestloop");
  costs.enable_sort = settings.Boolean("enable_sort");
  costs.enable_mergejoin = settings.Boolean("enable_mergejoin");
  costs.enable_hashagg = settings.Boolean("enable_hashagg");
  costs.enable_material = settings.Boolean("enable_material");
  costs.enable_indexonlyscan = settings.Boolean("enable_indexonlyscan");
  costs.enable_bitmapscan = settings.Boolean("enable_bitmapscan");
  costs.join_collapse_limit = static_cast<int>(settings.Real("join_collapse_limit"));
  costs.from_collapse_limit = static_cast<int>(settings.Real("from_collapse_limit"));
  costs.max_parallel_workers_per_gather = static_cast<int>(settings.Real("max_parallel_workers_per_gather"));
  costs.parallel_setup_cost = settings.Real("parallel_setup_cost");
  costs.parallel_tuple_cost = settings.Real("parallel_tuple_cost");
  costs.min_parallel_table_scan_size = static_cast<double>(settings.Kilobytes("min_parallel_table_scan_size")) / 8.0;
  costs.hash_mem_bytes =
      static_cast<double>(settings.Kilobytes("work_mem")) * 1024.0 * settings.Real("hash_mem_multiplier");
  session.cost_parameters.emplace(settings.generation(), costs);
  return costs;
}

SessionAnalysis::SessionAnalysis(Session::Impl& session, const storage::Snapshot& snapshot, std::string_view sql,
                std::vector<types::Type>& param_types)
    : costs(CostParametersOf(session)),
      cost_scope(costs),
      search_path(session.SearchPath()),
      context{*session.db.catalog, snapshot, sql, param_types} {
  context.search_path = &search_path;
  context.database = session.database;
  if (session.locks().active()) context.locks = &session.locks();
}

StatementShape PlanOnly(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                        const storage::Snapshot& snapshot, std::vector<Type>& param_types) {
  planner::AnalyzeContext context{*session.db.catalog, snapshot, sql, param_types};
  const planner::CostParameters costs = CostParametersOf(session);
  const planner::CostParametersScope cost_scope(costs);
  // Constant folding's errors (1/0) belong to running the statement, as in PostgreSQL.
  const planner::ScopedFoldingErrorsDeferred folding_errors_deferred;
  const catalog::SearchPath search_path = session.SearchPath();
  context.search_path = &search_path;
  context.database = session.database;
  const Type text{TypeId::kText, -1};
  switch (stmt.kind) {
    case parser::StmtKind::kSelect: {
      // SELECT ... INTO is CREATE TABLE AS: no rows come back.
      if (FindSelectInto(stmt.As<parser::SelectStmt>()) != nullptr) return {};
      const PlannedStatement planned = PlanStatement(stmt, context);
      return {true, planned.plan->output_names, planned.plan->output_types};
    }
    case parser::StmtKind::kInsert:
    case parser::StmtKind::kUpdate:
    case parser::StmtKind::kDelete: {
      const PlannedStatement planned = PlanStatement(stmt, context);
      if (planned.plan->returning.empty()) return {};
      return {true, planned.plan->output_names, planned.plan->output_types};
    }
    case parser::StmtKind::kExplain: {
      // Analysing the explained statement infers its parameters' types ($1 in a Parse of
      // EXPLAIN SELECT ... WHERE id = $1), as PostgreSQL's Parse does.
      const parser::Stmt& explained = *stmt.As<parser::ExplainStmt>().statement;
      switch (explained.kind) {
        case parser::StmtKind::kSelect:
        case parser::StmtKind::kInsert:
        case parser::StmtKind::kUpdate:
        case parser::StmtKind::kDelete: PlanOnly(session, explained, sql, snapshot, param_types); break;
        default: break;
      }
      return {true, {"QUERY PLAN"}, {text}};
    }
    case parser::StmtKind::kExecute: {
      // The prepared statement's columns (26000 when there is none).
      const NamedStatement& named = session.named_statements.Find(stmt.As<parser::ExecuteStmt>().name);
      const Result::Impl& description = named.statement->description.impl();
      if (!description.returns_rows) return {};
      std::vector<std::string> names;
      for (const ColumnInfo& column : description.columns) names.push_back(column.name);
      return {true, names, description.column_types};
    }
    case parser::StmtKind::kFetch: {
      // PostgreSQL's UtilityTupleDescriptor: the cursor's columns; nothing for MOVE or a
      // cursor that does not exist (yet).
      const auto& fetch = stmt.As<parser::FetchStmt>();
      const Cursor* cursor = fetch.move ? nullptr : session.cursors->Find(fetch.name);
      if (cursor == nullptr) return {};
      return {true, cursor->column_names, cursor->column_types};
    }
    case parser::StmtKind::kVariableShow: {
      const std::string& name = stmt.As<parser::VariableShowStmt>().name;
      if (name == "all") return {true, {"name", "setting", "description"}, {text, text, text}};
      return {true, {session.settings.DisplayName(name)}, {text}};
    }
    default:
      return {};
  }
}

Result ExecuteStatement(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                        const storage::Snapshot& snapshot, const std::vector<Value>& params,
                        std::vector<Type>& param_types, PlanSlot* plan_slot, const std::string* portal,
                        RowSink* sink) {
  SessionAnalysis analysis(session, snapshot, sql, param_types);
  planner::AnalyzeContext& context = analysis.context;
  if (std::optional<std::string> command = UtilityWriteCommand(stmt)) session.RequireReadWrite(*command);
  if (portal != nullptr) {
    session.UseRelationCache(context);
    return OpenPortal(session, stmt.As<parser::SelectStmt>(), sql, context, params, *portal);
  }
  switch (stmt.kind) {
    case parser::StmtKind::kCreateTable:
      return CreateTable(session, stmt.As<parser::CreateTableStmt>(), context);
    case parser::StmtKind::kCreateTableAs:
      if (stmt.As<parser::CreateTableAsStmt>().materialized) {
        return CreateMaterializedView(session, stmt.As<parser::CreateTableAsStmt>(), sql, context);
      }
      return CreateTableAs(session, stmt.As<parser::CreateTableAsStmt>(), sql, context, params);
    case parser::StmtKind::kRefreshMatView:
      return RefreshMaterializedView(session, stmt.As<parser::RefreshMatViewStmt>(), context);
    case parser::StmtKind::kDrop: return Drop(session, stmt.As<parser::DropStmt>(), context);
    case parser::StmtKind::kComment: return Comment(session, stmt.As<parser::CommentStmt>(), context);
    case parser::StmtKind::kLock: return LockTables(session, stmt.As<parser::LockStmt>(), context);
    case parser::StmtKind::kVacuum: {
      const auto& vacuum = stmt.As<parser::VacuumStmt>();
      if (vacuum.vacuum && vacuum.full) return VacuumFullTable(session, vacuum, context);
      return RunAnalyze(session, vacuum, context);
    }
    case parser::StmtKind::kCluster: return Cluster(session, stmt.As<parser::ClusterStmt>(), context);
    case parser::StmtKind::kTruncate:
      return Truncate(session, stmt.As<parser::TruncateStmt>(), context);
    case parser::StmtKind::kReindex: return Reindex(session, stmt.As<parser::ReindexStmt>(), context);
    case parser::StmtKind::kAlterTable:
      return AlterTable(session, stmt.As<parser::AlterTableStmt>(), context);
    case parser::StmtKind::kCopy:
      return Copy(session, stmt.As<parser::CopyStmt>(), context, params);
    case parser::StmtKind::kExplain: return Explain(session, stmt.As<parser::ExplainStmt>(), context, params);
    case parser::StmtKind::kPrepare: return Prepare(session, stmt.As<parser::PrepareStmt>(), sql, context);
    case parser::StmtKind::kExecute:
      return granary::Execute(session, stmt.As<parser::ExecuteStmt>(), context, snapshot);
    case parser::StmtKind::kDeallocate: return Deallocate(session, stmt.As<parser::DeallocateStmt>());
    case parser::StmtKind::kDeclareCursor:
      return DeclareCursor(session, stmt.As<parser::DeclareCursorStmt>(), sql, context, params);
    case parser::StmtKind::kFetch: return FetchCursor(session, stmt.As<parser::FetchStmt>(), sink);
    case parser::StmtKind::kClosePortal: return CloseCursor(session, stmt.As<parser::ClosePortalStmt>());
    case parser::StmtKind::kVariableSet:
    case parser::StmtKind::kVariableShow: return SetOrShow(session, stmt);
    case parser::StmtKind::kCreateSequence:
      return CreateSequence(session, stmt.As<parser::CreateSequenceStmt>(), context);
    case parser::StmtKind::kAlterSequence:
      return AlterSequence(session, stmt.As<parser::AlterSequenceStmt>(), context);
    case parser::StmtKind::kCreateView:
      return CreateView(session, stmt.As<parser::CreateViewStmt>(), context);
    case parser::StmtKind::kCreateIndex:
      return CreateIndex(session, stmt.As<parser::CreateIndexStmt>(), context);
    case parser::StmtKind::kCreateSchema:
      return CreateSchema(session, stmt.As<parser::CreateSchemaStmt>(), context);
    case parser::StmtKind::kCreateCollation:
      return CreateCollation(session, stmt.As<parser::CreateCollationStmt>(), context);
    case parser::StmtKind::kCreateEnum: return CreateEnum(session, stmt.As<parser::CreateEnumStmt>(), context);
    case parser::StmtKind::kAlterEnum: return AlterEnum(session, stmt.As<parser::AlterEnumStmt>(), context);
    case parser::StmtKind::kCreateFunction:
      return CreateFunction(session, stmt.As<parser::CreateFunctionStmt>(), context);
    case parser::StmtKind::kDropFunction:
      return DropFunctions(session, stmt.As<parser::DropFunctionStmt>(), context);
    case parser::StmtKind::kAlterFunction:
      return AlterFunction(session, stmt.As<parser::AlterFunctionStmt>(), context);
    case parser::StmtKind::kRenameSchema:
      return RenameSchema(session, stmt.As<parser::RenameSchemaStmt>(), context);
    case parser::StmtKind::kCreateRole:
      return CreateRole(session, stmt.As<parser::CreateRoleStmt>(), context);
    case parser::StmtKind::kAlterRole:
      return AlterRole(session, stmt.As<parser::AlterRoleStmt>(), context);
    case parser::StmtKind::kDropRole:
      return DropRole(session, stmt.As<parser::DropRoleStmt>(), context);
    case parser::StmtKind::kSetConstraints:
      return SetConstraints(session, stmt.As<parser::SetConstraintsStmt>(), context);
    case parser::StmtKind::kDo: return plpgsql::RunDoBlock(session, stmt.As<parser::DoStmt>(), snapshot);
    case parser::StmtKind::kCheckpoint: {
      session.db.checkpointer->Run(storage::CheckpointReason::kRequested);
      Result result;
      result.impl().command_tag = "CHECKPOINT";
      return result;
    }
    case parser::StmtKind::kTransaction:
      throw Error(sqlstate::kInternalError, "transaction statements are handled by the session");
    default: {
      if (stmt.kind == parser::StmtKind::kSelect) {
        const auto& select = stmt.As<parser::SelectStmt>();
        if (const parser::SelectStmt* into = FindSelectInto(select)) {
          return SelectInto(session, select, *into, sql, context, params);
        }
      }
      // Constant casts of bytea to text are folded while planning.
      const types::ScopedByteaOutput bytea_output(session.settings.ByteaOutput());
      session.UseRelationCache(context);
      if (plan_slot != nullptr) return RunPrepared(session, stmt, context, *plan_slot, snapshot, params, sink);
      const PlannedStatement planned = PlanStatement(stmt, context);
      return RunPlan(session, planned, snapshot, params, nullptr, sink);
    }
  }
}

void PlanAtBind(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                const storage::Snapshot& catalog_snapshot, std::vector<Type>& param_types, PlanSlot& slot) {
  SessionAnalysis analysis(session, catalog_snapshot, sql, param_types);
  const types::ScopedByteaOutput bytea_output(session.settings.ByteaOutput());
  session.UseRelationCache(analysis.context);
  CurrentPlan(session, stmt, analysis.context, slot);
}

void ApplySetting(Session::Impl& session, const std::string& name, const std::vector<std::string>& values,
                  bool local, SettingSource source, Result& result) {
  const std::string display_name = session.settings.DisplayName(name);
  if (display_name == "transaction_isolation") {
    session.SetTransactionIsolation(values, source, result);
  } else if (display_name == "transaction_read_only") {
    session.SetTransactionReadOnly(values, local, source, result);
  } else {
    session.settings.Set(name, values, local);
  }
}

}  // namespace granary
