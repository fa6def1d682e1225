// DECLARE / FETCH / MOVE / CLOSE: PostgreSQL's portalcmds.c, and PortalRunSelect,
// DoPortalRewind and DoPortalRunFetch of pquery.c over a plan that keeps running between
// statements (see cursors.hpp).
#include "engine/cursors.hpp"

#include <algorithm>
#include <shared_mutex>

#include "catalog/catalog_functions.hpp"
#include "common/sqlstate.hpp"
#include "engine/create_table_as.hpp"
#include "engine/read_only_checks.hpp"
#include "engine/statement_runner.hpp"
#include "engine/statement_services.hpp"
#include "executor/operators/operator.hpp"
#include "executor/spill/temp_file_space.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/optimize/optimizer.hpp"
#include "planner/optimize/parallel_aggregate.hpp"
#include "types/datetime_session.hpp"

namespace granary {

using types::Type;
using types::Value;

// The running plan of a cursor: what RunPlan (statement_runner.cpp) keeps on its stack,
// kept here between FETCHes. Members are declared in the order they depend on each other.
struct CursorExecution {
  PlannedStatement planned;
  std::vector<Value> params;
  storage::Snapshot catalog_snapshot;
  storage::Snapshot snapshot;  // the execution snapshot DECLARE took; a rerun uses it again
  types::ByteaOutput bytea_output = types::ByteaOutput::kHex;
  std::unique_ptr<StatementServices> services;
  std::unique_ptr<executor::ExecContext> context;
  std::shared_ptr<const types::OidNames> oid_names;
  executor::OperatorPtr root;
  executor::Batch batch;
  size_t next_row = 0;
  bool exhausted = false;

  // (Re)starts the plan from its first row.
  void Start(Session::Impl& session) {
    root.reset();
    context.reset();
    services.reset();
    context = std::make_unique<executor::ExecContext>(*session.db.pool, *session.db.transactions, snapshot, params);
    context->cancel_requested = &session.cancel_requested;
    context->locks = session.locks().active() ? &session.locks() : nullptr;
    context->transaction_snapshot = session.RepeatableRead();
    context->table_counts = &session.table_counts;
    // Sorts and hash tables of a cursor spill as a statement's do (RunPlan).
    context->work_mem_bytes = static_cast<size_t>(session.settings.Kilobytes("work_mem")) * 1024;
    context->max_parallel_workers = static_cast<int>(session.settings.Real("max_parallel_workers"));
    context->hash_mem_multiplier = session.settings.Real("hash_mem_multiplier");
    context->temp_files = std::make_shared<executor::TempFileSpace>(
        storage::DefaultEnv(), executor::TempFileDirectory(session.db.directory->path()),
        session.settings.Kilobytes("temp_file_limit"));
    services = std::make_unique<StatementServices>(session, catalog_snapshot, context->locks);
    services->Attach(*context);
    oid_names = catalog::MakeOidNames(*session.db.catalog, *context->environment, catalog_snapshot, false);
    const types::ScopedByteaOutput scoped_bytea(bytea_output);
    const types::ScopedOidNames scoped_names(oid_names.get());
    root = executor::BuildOperator(*planned.plan, *context);
    batch = executor::Batch{};
    next_row = 0;
    exhausted = false;
  }
};

namespace {

// PostgreSQL's ExecSupportsBackwardScan for the plan shapes Granary builds: scans, VALUES,
// functions in FROM, WITH items and sorts can run backward; filters and projections are
// part of PostgreSQL's scan nodes; LIMIT and UNION ALL (Append) pass the question on;
// joins, aggregates, DISTINCT and windows cannot, nor a SELECT without FROM (a Result node).
bool SupportsBackwardScan(const planner::PlanNode& plan) {
  using planner::PlanKind;
  switch (plan.kind) {
    case PlanKind::kSeqScan:
    case PlanKind::kIndexScan:
    case PlanKind::kFunctionScan:
    case PlanKind::kCteScan:
    case PlanKind::kSort:
      return true;
    case PlanKind::kValues:
      // A single row (a SELECT without FROM, or VALUES of one row) is PostgreSQL's Result node.
      return plan.rows.size() != 1;
    case PlanKind::kFilter:
    case PlanKind::kProject:
    case PlanKind::kLimit:
    case PlanKind::kLockRows:
      return !plan.children.empty() && SupportsBackwardScan(*plan.children[0]);
    case PlanKind::kSetOperation:
      if (plan.set_op != parser::SetOperation::kUnion || !plan.set_all) return false;
      for (const planner::PlanPtr& child : plan.children) {
        if (!SupportsBackwardScan(*child)) return false;
      }
      return true;
    default:
      return false;
  }
}

bool ContainsKind(const planner::PlanNode& plan, planner::PlanKind kind) {
  if (plan.kind == kind) return true;
  for (const planner::PlanPtr& child : plan.children) {
    if (ContainsKind(*child, kind)) return true;
  }
  return false;
}

Error ScanForwardOnly() {
  return Error(sqlstate::kObjectNotInPrerequisiteState, "cursor can only scan forward")
      .WithHint("Declare it with SCROLL option to enable backward scan.");
}

}  // namespace

Cursor::Cursor() = default;
Cursor::~Cursor() = default;

// ---- the row source

std::optional<std::vector<Value>> Cursor::PullRow(Session::Impl& session) {
  CursorExecution& run = *execution_;
  if (run.exhausted) return std::nullopt;
  if (run.next_row >= run.batch.row_count) {
    run.context->statement_deadline = session.statement_deadline();
    const types::ScopedByteaOutput scoped_bytea(run.bytea_output);
    const types::ScopedOidNames scoped_names(run.oid_names.get());
    if (!run.root->Next(run.batch)) {
      run.exhausted = true;
      return std::nullopt;
    }
    run.next_row = 0;
  }
  std::vector<Value> row;
  row.reserve(run.batch.columns.size());
  for (auto& column : run.batch.columns) row.push_back(std::move(column[run.next_row]));
  ++run.next_row;
  return row;
}

void Cursor::StartKeepingRows(Session::Impl& session) {
  const uint64_t read = pulled_;
  execution_->Start(session);
  kept_.clear();
  pulled_ = 0;
  total_.reset();
  while (pulled_ < read) {
    std::optional<std::vector<Value>> row = PullRow(session);
    if (!row) break;
    kept_.push_back(std::move(*row));
    ++pulled_;
  }
  if (pulled_ < read) total_ = pulled_;  // the rerun found fewer rows: trust it
  keep_rows_ = true;
}

std::optional<std::vector<Value>> Cursor::RowAt(Session::Impl& session, uint64_t index) {
  if (keep_rows_ && index <= kept_.size()) return kept_[index - 1];
  if (total_ && index > *total_) return std::nullopt;
  if (!keep_rows_ && index <= pulled_) {
    StartKeepingRows(session);
    return RowAt(session, index);
  }
  if (execution_ == nullptr) return std::nullopt;
  while (pulled_ < index) {
    std::optional<std::vector<Value>> row = PullRow(session);
    if (!row) {
      total_ = pulled_;
      return std::nullopt;
    }
    ++pulled_;
    if (keep_rows_) {
      kept_.push_back(std::move(*row));
    } else if (pulled_ == index) {
      return row;
    }
  }
  return kept_[index - 1];
}

uint64_t Cursor::RunForward(Session::Impl& session, uint64_t count, Rows* rows) {
  uint64_t done = 0;
  while (count == 0 || done < count) {
    if (total_ && exec_position_ > *total_) break;
    std::optional<std::vector<Value>> row = RowAt(session, exec_position_ + 1);
    if (!row) {
      exec_position_ = *total_ + 1;
      break;
    }
    ++exec_position_;
    ++done;
    Emit(std::move(*row), rows);
  }
  return done;
}

uint64_t Cursor::RunBackward(Session::Impl& session, uint64_t count, Rows* rows) {
  uint64_t done = 0;
  while (count == 0 || done < count) {
    if (exec_position_ <= 1) {
      exec_position_ = 0;
      break;
    }
    --exec_position_;
    std::optional<std::vector<Value>> row = RowAt(session, exec_position_);
    ++done;
    if (row) Emit(std::move(*row), rows);
  }
  return done;
}

void Cursor::Emit(std::vector<Value> row, Rows* rows) {
  if (updatable_table_ != 0) {
    current_ctid_ = std::move(row.back());
    row.pop_back();
  }
  // The row marks' ctids (FindRowMarks), the last columns in row-mark order.
  for (size_t i = row_mark_tables_.size(); i-- > 0;) {
    row_mark_ctids_[i] = std::move(row.back());
    row.pop_back();
  }
  if (rows != nullptr) rows->push_back(std::move(row));
}

// ---- PostgreSQL's portal logic

uint64_t Cursor::RunSelect(Session::Impl& session, bool forward, int64_t count, Rows* rows) {
  const bool all = count == parser::FetchStmt::kAll;
  if (forward) {
    if (at_end_ || count <= 0) return 0;
    const uint64_t processed = RunForward(session, all ? 0 : static_cast<uint64_t>(count), rows);
    if (processed > 0) at_start_ = false;
    if (all || processed < static_cast<uint64_t>(count)) at_end_ = true;
    position_ += processed;
    return processed;
  }
  if (!scrollable) throw ScanForwardOnly();
  if (at_start_ || count <= 0) return 0;
  const uint64_t processed = RunBackward(session, all ? 0 : static_cast<uint64_t>(count), rows);
  if (processed > 0 && at_end_) {
    at_end_ = false;
    ++position_;
  }
  if (all || processed < static_cast<uint64_t>(count)) {
    at_start_ = true;
    position_ = 0;
  } else {
    position_ -= processed;
  }
  return processed;
}

void Cursor::Rewind() {
  if (at_start_ && !at_end_) return;
  if (!scrollable) throw ScanForwardOnly();
  exec_position_ = 0;
  at_start_ = true;
  at_end_ = false;
  position_ = 0;
}

uint64_t Cursor::Fetch(Session::Impl& session, parser::FetchDirection direction, int64_t count, Rows* rows) {
  using parser::FetchDirection;
  const int64_t kAll = parser::FetchStmt::kAll;
  bool forward = true;
  switch (direction) {
    case FetchDirection::kForward:
    case FetchDirection::kBackward:
      forward = direction == FetchDirection::kForward;
      break;
    case FetchDirection::kAbsolute:
      if (count > 0) {
        // Rewind and advance count - 1 rows, unless the target is nearer from here.
        if (static_cast<uint64_t>(count - 1) <= position_ / 2) {
          Rewind();
          if (count > 1) RunSelect(session, true, count - 1, nullptr);
        } else {
          int64_t pos = static_cast<int64_t>(position_);
          if (at_end_) ++pos;
          if (count <= pos) {
            RunSelect(session, false, pos - count + 1, nullptr);
          } else if (count > pos + 1) {
            RunSelect(session, true, count - pos - 1, nullptr);
          }
        }
        return RunSelect(session, true, 1, rows);
      }
      if (count < 0) {
        RunSelect(session, true, kAll, nullptr);
        if (count < -1) RunSelect(session, false, -count - 1, nullptr);
        return RunSelect(session, false, 1, rows);
      }
      Rewind();
      return 0;
    case FetchDirection::kRelative:
      if (count > 0) {
        if (count > 1) RunSelect(session, true, count - 1, nullptr);
        return RunSelect(session, true, 1, rows);
      }
      if (count < 0) {
        if (count < -1) RunSelect(session, false, -count - 1, nullptr);
        return RunSelect(session, false, 1, rows);
      }
      forward = true;
      break;
  }
  if (count == 0) {
    // Re-fetch the current row, if any (MOVE 0 only says whether there is one).
    const bool on_row = !at_start_ && !at_end_;
    if (rows == nullptr) return on_row ? 1 : 0;
    if (!on_row) return 0;
    RunSelect(session, false, 1, nullptr);
    count = 1;
    forward = true;
  }
  if (!forward && count == kAll && rows == nullptr) {
    // MOVE BACKWARD ALL is a rewind.
    uint64_t moved = position_;
    if (moved > 0 && !at_end_) --moved;
    Rewind();
    return moved;
  }
  return RunSelect(session, forward, count, rows);
}

void Cursor::Materialize(Session::Impl& session) {
  if (execution_ == nullptr) return;
  if (!keep_rows_) StartKeepingRows(session);
  while (!total_) RowAt(session, kept_.size() + 1);
  execution_.reset();
}

// ---- the session's cursors

Cursor* SessionCursors::Find(const std::string& name) {
  const auto it = cursors_.find(name);
  return it == cursors_.end() ? nullptr : it->second.get();
}

Cursor& SessionCursors::Get(const std::string& name) {
  Cursor* cursor = Find(name);
  if (cursor == nullptr) throw Error(sqlstate::kInvalidCursorName, "cursor \"" + name + "\" does not exist");
  return *cursor;
}

void SessionCursors::Add(std::unique_ptr<Cursor> cursor) {
  const std::string name = cursor->name;
  if (!cursors_.emplace(name, std::move(cursor)).second) {
    throw Error(sqlstate::kDuplicateCursor, "cursor \"" + name + "\" already exists");
  }
}

void SessionCursors::Close(const std::string& name) {
  if (cursors_.erase(name) == 0) {
    throw Error(sqlstate::kInvalidCursorName, "cursor \"" + name + "\" does not exist");
  }
}

void SessionCursors::PreCommit(Session::Impl& session) {
  for (auto it = cursors_.begin(); it != cursors_.end();) {
    Cursor& cursor = *it->second;
    if (!cursor.holdable) {
      it = cursors_.erase(it);
      continue;
    }
    cursor.Materialize(session);
    cursor.in_transaction = false;
    ++it;
  }
}

void SessionCursors::EndTransaction() {
  std::erase_if(cursors_, [](const auto& entry) { return entry.second->in_transaction || entry.second->running(); });
  for (auto& [name, cursor] : cursors_) cursor->in_transaction = false;
}

void SessionCursors::RollbackTo(uint64_t mark) {
  std::erase_if(cursors_, [mark](const auto& entry) {
    return entry.second->in_transaction && entry.second->sequence >= mark;
  });
}

std::vector<catalog::CursorInfo> SessionCursors::List() const {
  std::vector<catalog::CursorInfo> list;
  for (const auto& [name, cursor] : cursors_) {
    list.push_back({name, cursor->statement, cursor->holdable, cursor->binary, cursor->scrollable,
                    cursor->creation_time});
  }
  return list;
}

// ---- the statements

namespace {

std::unique_ptr<CursorExecution> PlanCursor(Session::Impl& session, const parser::Stmt& query,
                                            planner::AnalyzeContext& context) {
  auto execution = std::make_unique<CursorExecution>();
  execution->bytea_output = session.settings.ByteaOutput();
  const types::ScopedByteaOutput scoped_bytea(execution->bytea_output);
  execution->planned = PlanCursorQuery(query, context);
  return execution;
}

}  // namespace

PlannedStatement PlanCursorQuery(const parser::Stmt& query, planner::AnalyzeContext& context) {
  if (query.kind != parser::StmtKind::kSelect) return PlanStatement(query, context);
  // Planned for its first rows, as PostgreSQL plans a cursor (planner::PlanQuery).
  auto bound = planner::BindSelect(query.As<parser::SelectStmt>(), context);
  planner::PlanPtr plan = planner::PlanQuery(*bound, true);
  planner::UseParallelAggregate(plan);
  return {std::move(plan), "SELECT", false};
}

void Cursor::Begin(Session::Impl& session, std::unique_ptr<CursorExecution> execution,
                   const planner::AnalyzeContext& context, const std::vector<Value>& params) {
  const planner::PlanNode& plan = *execution->planned.plan;
  creation_time = types::ClockTimestamp();
  sequence = session.cursors->NextSequence();
  column_names = plan.output_names;
  column_types = plan.output_types;
  // The hidden ctids (FindUpdatableScan): the scan's, or one per row mark.
  const size_t hidden = (updatable_table_ != 0 ? 1 : 0) + row_mark_tables_.size();
  column_names.resize(column_names.size() - hidden);
  column_types.resize(column_types.size() - hidden);
  execution->params = params;
  execution->catalog_snapshot = context.snapshot;
  execution->snapshot = session.ExecutionSnapshot(context.snapshot);
  execution->Start(session);
  for (const Type& type : column_types) {
    const types::TypeId id = types::ElementTypeOf(type.id).value_or(type.id);
    if (id == types::TypeId::kRegclass || id == types::TypeId::kRegproc) {
      oid_names = catalog::MakeOidNames(*session.db.catalog, *execution->context->environment,
                                        context.snapshot, true);
      break;
    }
  }
  execution_ = std::move(execution);
}

Result DeclareCursor(Session::Impl& session, const parser::DeclareCursorStmt& declare, std::string_view sql,
                     planner::AnalyzeContext& context, const std::vector<Value>& params) {
  if (!declare.hold && !session.InTransactionBlock()) {
    throw Error(sqlstate::kNoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks");
  }
  if (session.cursors->Find(declare.name) != nullptr) {
    throw Error(sqlstate::kDuplicateCursor, "cursor \"" + declare.name + "\" already exists");
  }
  if (declare.scroll && declare.no_scroll) {
    throw Error(sqlstate::kInvalidCursorDefinition, "cannot specify both SCROLL and NO SCROLL");
  }
  if (declare.asensitive && declare.insensitive) {
    throw Error(sqlstate::kInvalidCursorDefinition, "cannot specify both ASENSITIVE and INSENSITIVE");
  }
  if (const parser::SelectStmt* into = FindSelectInto(*declare.query)) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "SELECT ... INTO is not allowed here", into->into->location);
  }
  std::unique_ptr<CursorExecution> execution = PlanCursor(session, *declare.query, context);
  const planner::PlanNode& plan = *execution->planned.plan;
  if (ContainsKind(plan, planner::PlanKind::kModifyingCtes)) {
    throw Error(sqlstate::kFeatureNotSupported, "DECLARE CURSOR must not contain data-modifying statements in WITH");
  }
  const bool locks_rows = ContainsKind(plan, planner::PlanKind::kLockRows);
  if (locks_rows) {
    if (declare.hold) {
      throw Error(sqlstate::kFeatureNotSupported, "DECLARE CURSOR WITH HOLD ... FOR UPDATE is not supported")
          .WithDetail("Holdable cursors must be READ ONLY.");
    }
    if (declare.scroll) {
      throw Error(sqlstate::kFeatureNotSupported, "DECLARE SCROLL CURSOR ... FOR UPDATE is not supported")
          .WithDetail("Scrollable cursors must be READ ONLY.");
    }
    if (declare.insensitive) {
      throw Error(sqlstate::kInvalidCursorDefinition, "DECLARE INSENSITIVE CURSOR ... FOR UPDATE is not valid")
          .WithDetail("Insensitive cursors must be READ ONLY.");
    }
  }
  if (std::optional<std::string> command = PlanWriteCommand(plan)) session.RequireReadWrite(*command);

  auto cursor = std::make_unique<Cursor>();
  cursor->name = declare.name;
  cursor->statement = std::string(sql);
  cursor->binary = declare.binary;
  cursor->holdable = declare.hold;
  cursor->scrollable = declare.scroll || (!declare.no_scroll && !locks_rows && SupportsBackwardScan(plan));
  cursor->FindUpdatableScan(*execution->planned.plan);
  cursor->Begin(session, std::move(execution), context, params);
  // SCROLL keeps every row from the start (PostgreSQL materialises such a plan too).
  cursor->keep_rows_ = declare.scroll;
  session.cursors->Add(std::move(cursor));
  Result result;
  result.impl().command_tag = "DECLARE CURSOR";
  return result;
}

bool StreamsAsPortal(const parser::Stmt& stmt) {
  if (stmt.kind != parser::StmtKind::kSelect) return false;
  const auto& select = stmt.As<parser::SelectStmt>();
  if (FindSelectInto(select) != nullptr) return false;
  // Data-modifying WITH items are allowed only at the top level (PostgreSQL, and the analyzer).
  if (select.with) {
    for (const parser::CommonTableExpr& item : select.with->ctes) {
      if (item.query->kind != parser::StmtKind::kSelect) return false;
    }
  }
  return true;
}

Result OpenPortal(Session::Impl& session, const parser::SelectStmt& select, std::string_view sql,
                  planner::AnalyzeContext& context, const std::vector<Value>& params, const std::string& name) {
  if (!session.InTransactionBlock() && !session.implicit_transaction) {
    throw Error(sqlstate::kNoActiveSqlTransaction, "a portal can only be opened in a transaction");
  }
  if (session.cursors->Find(name) != nullptr) {
    throw Error(sqlstate::kDuplicateCursor, "cursor \"" + name + "\" already exists");
  }
  std::unique_ptr<CursorExecution> execution = PlanCursor(session, select, context);
  if (std::optional<std::string> command = PlanWriteCommand(*execution->planned.plan)) {
    session.RequireReadWrite(*command);
  }
  auto cursor = std::make_unique<Cursor>();
  cursor->name = name;
  cursor->statement = std::string(sql);
  cursor->FindUpdatableScan(*execution->planned.plan);
  cursor->Begin(session, std::move(execution), context, params);
  session.cursors->Add(std::move(cursor));
  Result result;
  result.impl().command_tag = "SELECT";
  return result;
}

namespace {

// A forward FETCH of `count` rows (kAll: every one left) read kBatchSize rows at a time, each
// batch handed to `sink` before the next is read. Reading in pieces leaves the cursor where
// one read would: it reaches its end when a piece comes back short.
uint64_t FetchForwardInBatches(Session::Impl& session, Cursor& cursor, int64_t count, Result& result,
                               RowSink& sink) {
  const bool all = count == parser::FetchStmt::kAll;
  const auto piece_size = static_cast<int64_t>(executor::kBatchSize);
  uint64_t fetched = 0;
  for (;;) {
    const int64_t left = all ? piece_size : count - static_cast<int64_t>(fetched);
    const int64_t piece = std::min(left, piece_size);
    const uint64_t got = cursor.Fetch(session, parser::FetchDirection::kForward, piece, &result.impl().rows);
    fetched += got;
    if (got < static_cast<uint64_t>(piece) || (!all && fetched >= static_cast<uint64_t>(count))) break;
    result.impl().notices.insert(result.impl().notices.end(),
                                 std::make_move_iterator(session.statement_notices.begin()),
                                 std::make_move_iterator(session.statement_notices.end()));
    session.statement_notices.clear();
    sink.Rows(result);
    result.impl().rows.clear();
    result.impl().notices.clear();
  }
  return fetched;
}

Result FetchRows(Session::Impl& session, Cursor& cursor, const parser::FetchStmt& fetch, RowSink* sink) {
  Result result;
  Result::Impl& out = result.impl();
  if (fetch.move) {
    const uint64_t moved = cursor.Fetch(session, fetch.direction, fetch.count, nullptr);
    out.command_tag = "MOVE " + std::to_string(moved);
    out.affected_rows = moved;
    return result;
  }
  out.bytea_output = session.settings.ByteaOutput();
  out.time_zone = session.settings.TimeZone();
  out.datetime_style = types::SessionDatetimeStyle();
  out.extra_float_digits = types::CurrentExtraFloatDigits();
  out.binary_cursor = cursor.binary;
  out.SetColumns(cursor.column_names, cursor.column_types);
  out.oid_names = cursor.oid_names;
  const bool in_batches = sink != nullptr && fetch.direction == parser::FetchDirection::kForward &&
                          fetch.count > static_cast<int64_t>(executor::kBatchSize);
  uint64_t fetched = 0;
  try {
    fetched = in_batches ? FetchForwardInBatches(session, cursor, fetch.count, result, *sink)
                         : cursor.Fetch(session, fetch.direction, fetch.count, &out.rows);
  } catch (const Error&) {
    // A protocol Execute's rows read before the error leave first: PostgreSQL sends each row
    // of a PORTAL_ONE_SELECT portal as the plan produces it. (A SQL FETCH fills a tuplestore
    // first there and sends nothing when it fails; here the batches a long FETCH already
    // handed to `sink` stay sent, the rows of its last piece do not.)
    if (sink != nullptr && fetch.protocol_execute && !out.rows.empty()) {
      out.notices.insert(out.notices.end(), std::make_move_iterator(session.statement_notices.begin()),
                         std::make_move_iterator(session.statement_notices.end()));
      session.statement_notices.clear();
      sink->Rows(result);
    }
    throw;
  }
  out.command_tag = "FETCH " + std::to_string(fetched);
  out.affected_rows = fetched;
  return result;
}

}  // namespace

Result FetchCursor(Session::Impl& session, const parser::FetchStmt& fetch, RowSink* sink) {
  Cursor& cursor = session.cursors->Get(fetch.name);
  if (cursor.failed) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState, "portal \"" + fetch.name + "\" cannot be run");
  }
  try {
    return FetchRows(session, cursor, fetch, sink);
  } catch (...) {
    cursor.failed = true;
    throw;
  }
}

Result CloseCursor(Session::Impl& session, const parser::ClosePortalStmt& close) {
  if (close.all) {
    session.cursors->CloseAll();
  } else {
    session.cursors->Close(close.name);
  }
  Result result;
  result.impl().command_tag = "CLOSE CURSOR";
  return result;
}

}  // namespace granary
