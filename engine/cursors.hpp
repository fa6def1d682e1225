// SQL cursors: DECLARE ... CURSOR, FETCH / MOVE and CLOSE (PostgreSQL's portalcmds.c and the
// cursor half of pquery.c), and the session's open cursors (pg_cursors).
//
// A cursor keeps its plan running: DECLARE plans the query and builds its operator tree
// under the statement's snapshot; each FETCH pulls only the rows it returns (plus the rest of
// the operator's current batch), so FETCH 100 over a large table never materialises the
// table. Rows are kept only when they may be read again: from DECLARE on for a SCROLL
// cursor, and for a cursor that is scrollable by default (its plan could run backward in
// PostgreSQL) from its first backward move, when the plan is run again from the start up to
// the current row (the same snapshot and parameters give the same rows). A WITH HOLD cursor
// is materialised when its transaction commits, as PostgreSQL's PersistHoldablePortal.
//
// The extended protocol's portals over a SELECT (PostgreSQL's PORTAL_ONE_SELECT) are cursors
// too (OpenPortal below): opened by a portal's first Execute with a row limit, fetched forward
// by each Execute, named as the portal (the unnamed portal is the cursor ""), closed by Close,
// by the next Bind of the unnamed portal, or with their transaction like any cursor. As in
// PostgreSQL, SQL cursors and protocol portals share one name space and pg_cursors.
//
// Position bookkeeping is PostgreSQL's: at_start / at_end / position (portalPos), moved by
// RunSelect (PortalRunSelect) and the direction logic of RunFetch (DoPortalRunFetch),
// including its rewinds, so every FETCH / MOVE count and every 55000 matches.
//
// Ownership: the session owns its cursors (SessionCursors); a cursor owns its plan, its
// execution context and operators. Thread-safety: the session's thread only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/system_views.hpp"
#include "engine/session_impl.hpp"
#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "types/oid_names.hpp"
#include "types/value.hpp"

namespace granary {

struct CursorExecution;  // cursors.cpp: the running plan
struct PlannedStatement;  // statement_runner.hpp

class Cursor {
 public:
  Cursor();
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  std::string name;
  std::string statement;  // the query string that declared it
  bool binary = false;
  bool holdable = false;
  bool scrollable = false;
  int64_t creation_time = 0;  // timestamptz microseconds
  // Declared by the running transaction (dropped if it aborts); the session's declaration
  // counter when it was declared (ROLLBACK TO drops the ones declared after the savepoint).
  bool in_transaction = true;
  // An error ended a FETCH / MOVE midway (inside a savepoint that was rolled back): the
  // cursor cannot be used again (55000).
  bool failed = false;
  uint64_t sequence = 0;
  std::vector<std::string> column_names;
  std::vector<types::Type> column_types;
  // The catalog names regclass/regproc result columns print as (null: none).
  std::shared_ptr<const types::OidNames> oid_names;

  // FETCH (`rows` receives the rows) or MOVE (`rows` null): the number of rows fetched or
  // moved over, as the command tag reports it. 55000 for a backward move of a NO SCROLL
  // cursor; errors of the running plan.
  uint64_t Fetch(Session::Impl& session, parser::FetchDirection direction, int64_t count,
                 std::vector<std::vector<types::Value>>* rows);
  // Reads every row into the cursor and ends its plan (WITH HOLD at commit).
  void Materialize(Session::Impl& session);
  bool running() const { return execution_ != nullptr; }
  // WHERE CURRENT OF on the table `table_oid`: the tuple id of the cursor's current row
  // (types::Value::Tid's packing), as PostgreSQL's execCurrentOf (cursor_current_of.cpp);
  // nullopt when the table gave the row nothing (a FOR UPDATE cursor's NULL row mark); 24000
  // when the cursor is held from a previous transaction, is not a simply updatable scan of
  // that table (nor has one FOR UPDATE / SHARE reference to it), or is not positioned on a
  // row.
  std::optional<int64_t> CurrentOf(catalog::Oid table_oid, const std::string& table_name) const;
  // The relation file of that table (WHERE CURRENT OF follows its update chains).
  storage::RelFileNumber updatable_relfile(catalog::Oid table_oid) const;

 private:
  friend Result DeclareCursor(Session::Impl&, const parser::DeclareCursorStmt&, std::string_view,
                              planner::AnalyzeContext&, const std::vector<types::Value>&);
  friend Result OpenPortal(Session::Impl&, const parser::SelectStmt&, std::string_view,
                           planner::AnalyzeContext&, const std::vector<types::Value>&, const std::string&);
  // Starts the planned `execution` under the statement's snapshot (DECLARE and OpenPortal):
  // the cursor's columns come from its plan.
  void Begin(Session::Impl& session, std::unique_ptr<CursorExecution> execution,
             const planner::AnalyzeContext& context, const std::vector<types::Value>& params);
  // Before Begin: when the plan is a simply updatable scan of one table, remembers the table
  // and makes the plan's rows carry that scan's ctid as a last column, which the cursor keeps
  // for WHERE CURRENT OF and never returns.
  void FindUpdatableScan(planner::PlanNode& plan);
  // FindUpdatableScan's answer for a FOR UPDATE / SHARE cursor: false when the plan is not
  // row locks under projections and LIMIT (cursor_current_of.cpp).
  bool FindRowMarks(planner::PlanNode& plan);
  using Rows = std::vector<std::vector<types::Value>>;
  // A row the executor moved onto: becomes the current row (its hidden ctid is taken off)
  // and goes to `rows` when given.
  void Emit(std::vector<types::Value> row, Rows* rows);

  // PostgreSQL's PortalRunSelect and DoPortalRewind over the row source below.
  uint64_t RunSelect(Session::Impl& session, bool forward, int64_t count, Rows* rows);
  void Rewind();
  // The executor's direction of travel: `exec_position_` is the row last returned (0 before
  // the first, total_ + 1 after the last); 0 for `count` is every row.
  uint64_t RunForward(Session::Impl& session, uint64_t count, Rows* rows);
  uint64_t RunBackward(Session::Impl& session, uint64_t count, Rows* rows);
  // Row `index` (1-based), or nullopt past the end.
  std::optional<std::vector<types::Value>> RowAt(Session::Impl& session, uint64_t index);
  // The next row from the plan, or nullopt when it is exhausted.
  std::optional<std::vector<types::Value>> PullRow(Session::Impl& session);
  // Runs the plan again from the start, keeping the rows already read.
  void StartKeepingRows(Session::Impl& session);

  bool at_start_ = true;
  bool at_end_ = false;
  uint64_t position_ = 0;
  uint64_t exec_position_ = 0;
  std::unique_ptr<CursorExecution> execution_;
  bool keep_rows_ = false;
  Rows kept_;                     // rows 1..kept_.size(), when keep_rows_
  uint64_t pulled_ = 0;           // rows taken from the plan so far
  std::optional<uint64_t> total_;  // the number of rows, once the plan is exhausted
  // WHERE CURRENT OF: the table of a simply updatable scan (0: the cursor is none), whose
  // ctid ends every row of the plan; the ctid of the row the executor last moved onto.
  catalog::Oid updatable_table_ = 0;
  storage::RelFileNumber updatable_relfile_ = 0;
  // The tables a FOR UPDATE / SHARE cursor locks rows of (PostgreSQL finds the current row
  // of those through its row marks).
  std::vector<catalog::Oid> locked_tables_;
  std::optional<types::Value> current_ctid_;
  // A FOR UPDATE / SHARE cursor (FindRowMarks): the table of each row mark, and the ctid each
  // locked for the current row (NULL when it locked none), which end every row of the plan.
  std::vector<catalog::Oid> row_mark_tables_;
  std::vector<storage::RelFileNumber> row_mark_relfiles_;
  std::vector<types::Value> row_mark_ctids_;
};

// The session's open cursors, by name.
class SessionCursors {
 public:
  Cursor* Find(const std::string& name);
  // 34000 when there is none.
  Cursor& Get(const std::string& name);
  // 42P03 when the name is taken.
  void Add(std::unique_ptr<Cursor> cursor);
  void Close(const std::string& name);  // 34000 when there is none
  void CloseAll() { cursors_.clear(); }
  // Before the commit record: WITH HOLD cursors are materialised and kept, the others closed.
  void PreCommit(Session::Impl& session);
  // The transaction ended: every cursor it declared or still running goes.
  void EndTransaction();
  // ROLLBACK TO: the cursors declared after the savepoint (sequence >= mark) go.
  void RollbackTo(uint64_t mark);
  uint64_t NextSequence() { return ++sequence_; }
  uint64_t sequence() const { return sequence_ + 1; }
  std::vector<catalog::CursorInfo> List() const;

 private:
  std::map<std::string, std::unique_ptr<Cursor>> cursors_;
  uint64_t sequence_ = 0;
};

// DECLARE name ... CURSOR ... FOR query: 25P01 outside a transaction block without WITH
// HOLD, 42P03 for a name in use, 42P11 / 0A000 / 42601 for the option combinations and
// queries PostgreSQL's transformDeclareCursorStmt refuses.
Result DeclareCursor(Session::Impl& session, const parser::DeclareCursorStmt& declare, std::string_view sql,
                     planner::AnalyzeContext& context, const std::vector<types::Value>& params);
// A cursor's query planned as DECLARE plans it (a SELECT for its first rows, as
// cursor_tuple_fraction says); also what EXPLAIN DECLARE shows.
PlannedStatement PlanCursorQuery(const parser::Stmt& query, planner::AnalyzeContext& context);
// Whether a prepared statement runs as a protocol portal that streams: a SELECT that is not
// SELECT ... INTO and has no data-modifying WITH item (PostgreSQL's PORTAL_ONE_SELECT; a WITH
// that writes is PORTAL_ONE_MOD_SELECT, run to completion at the first Execute).
bool StreamsAsPortal(const parser::Stmt& stmt);
// The protocol's portal `name` over `select` (StreamsAsPortal), opened by its first Execute:
// a cursor that is not scrollable, in the running transaction (a block or the protocol's
// implicit transaction; 25P01 outside both), its plan started under the statement's snapshot
// and locks. 42P03 when a cursor of that name is open.
Result OpenPortal(Session::Impl& session, const parser::SelectStmt& select, std::string_view sql,
                  planner::AnalyzeContext& context, const std::vector<types::Value>& params,
                  const std::string& name);
// FETCH / MOVE: 34000 for an unknown cursor. With `sink`, a forward FETCH hands its rows to
// it a batch (kBatchSize rows) at a time as they are read (RowSink); the last batch stays in
// the Result. When the plan fails during a protocol Execute (FetchStmt::protocol_execute), the
// rows read before the error go to `sink` first.
Result FetchCursor(Session::Impl& session, const parser::FetchStmt& fetch, RowSink* sink = nullptr);
// CLOSE name | ALL: 34000 for an unknown cursor.
Result CloseCursor(Session::Impl& session, const parser::ClosePortalStmt& close);

}  // namespace granary
