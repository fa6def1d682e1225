// Raw AST: utility statements: transaction control, PREPARE / EXECUTE / DEALLOCATE, cursors,
// EXPLAIN, SET / RESET / SHOW, COPY, LOCK, TRUNCATE, CHECKPOINT, SET CONSTRAINTS, VACUUM and
// ANALYZE. Part of the raw syntax tree described in ast.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parser/ast_expr.hpp"
#include "parser/ast_select.hpp"
#include "parser/ast_stmt.hpp"
#include "parser/ast_type.hpp"

namespace granary::parser {

enum class TransactionKind {
  kBegin,  // BEGIN [WORK|TRANSACTION], START TRANSACTION
  kCommit, // COMMIT, END
  kRollback,
  kSavepoint,
  kRelease,
  kRollbackTo,
};

struct TransactionStmt : Stmt {
  TransactionStmt() : Stmt(StmtKind::kTransaction) {}
  TransactionKind transaction_kind = TransactionKind::kBegin;
  std::string savepoint_name;
  std::string isolation_level;  // "read committed", ... ; empty when not given
  std::optional<bool> read_only;
  std::optional<bool> deferrable;
  bool chain = false;  // COMMIT / ROLLBACK AND CHAIN
};

// PREPARE name [(type, ...)] AS statement. The statement (SELECT, VALUES, INSERT, UPDATE
// or DELETE) carries its own span.
struct PrepareStmt : Stmt {
  PrepareStmt() : Stmt(StmtKind::kPrepare) {}
  std::string name;
  std::vector<TypeName> parameter_types;
  StmtPtr statement;
};

// EXECUTE name [(argument, ...)].
struct ExecuteStmt : Stmt {
  ExecuteStmt() : Stmt(StmtKind::kExecute) {}
  std::string name;
  ExprList arguments;
};

// DEALLOCATE [PREPARE] name | ALL.
struct DeallocateStmt : Stmt {
  DeallocateStmt() : Stmt(StmtKind::kDeallocate) {}
  std::string name;  // empty for ALL
  bool all = false;
};

// DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR
// [{WITH | WITHOUT} HOLD] FOR query. The options are kept as written (PostgreSQL's
// CURSOR_OPT_* bits); contradictions are the analyser's 42P11.
struct DeclareCursorStmt : Stmt {
  DeclareCursorStmt() : Stmt(StmtKind::kDeclareCursor) {}
  std::string name;
  bool binary = false;
  bool scroll = false;
  bool no_scroll = false;
  bool asensitive = false;
  bool insensitive = false;
  bool hold = false;
  std::unique_ptr<SelectStmt> query;
};

// FETCH / MOVE [direction] [FROM | IN] name, in PostgreSQL's FetchStmt form: FORWARD and
// BACKWARD with a count (kAll for ALL), ABSOLUTE and RELATIVE with a position. NEXT is
// FORWARD 1, PRIOR BACKWARD 1, FIRST ABSOLUTE 1, LAST ABSOLUTE -1.
enum class FetchDirection { kForward, kBackward, kAbsolute, kRelative };
struct FetchStmt : Stmt {
  static constexpr int64_t kAll = INT64_MAX;
  FetchStmt() : Stmt(StmtKind::kFetch) {}
  std::string name;
  FetchDirection direction = FetchDirection::kForward;
  int64_t count = 1;
  bool move = false;
  // A protocol Execute of the portal (Session::FetchPortal), not the SQL statement: its rows
  // leave as the plan produces them, so those before an error are sent (PostgreSQL's
  // PORTAL_ONE_SELECT), where a failing SQL FETCH sends none (PORTAL_UTIL_SELECT).
  bool protocol_execute = false;
};

// CLOSE name | CLOSE ALL.
struct ClosePortalStmt : Stmt {
  ClosePortalStmt() : Stmt(StmtKind::kClosePortal) {}
  std::string name;  // empty for ALL
  bool all = false;
};

// EXPLAIN [ANALYZE] [VERBOSE] statement, or EXPLAIN (option, ...) statement. COSTS (on by
// default) prints each node's estimated costs, rows and width.
struct ExplainStmt : Stmt {
  ExplainStmt() : Stmt(StmtKind::kExplain) {}
  bool analyze = false;
  bool verbose = false;
  bool costs = true;
  bool timing = true;                // per-node times (with ANALYZE)
  std::optional<bool> summary;       // Planning/Execution Time; default: ANALYZE
  StmtPtr statement;
};

// SET [SESSION|LOCAL] name {TO|=} value[, ...] | SET name TO DEFAULT | RESET name | RESET ALL
// SET TIME ZONE x is name "timezone".
struct VariableSetStmt : Stmt {
  VariableSetStmt() : Stmt(StmtKind::kVariableSet) {}
  std::string name;               // lower-cased; "all" with reset for RESET ALL
  std::vector<std::string> values; // each value's text (strings unquoted, numbers as written)
  bool local = false;
  bool reset = false;             // RESET or SET ... TO DEFAULT
  bool reset_command = false;     // RESET itself (its command tag is RESET, SET's is SET)
  // SET TRANSACTION ISOLATION LEVEL ..., READ ONLY, DEFERRABLE: the settings after the first.
  std::vector<std::pair<std::string, std::vector<std::string>>> more;
  // SET TRANSACTION ...: outside a transaction block it only warns (SET transaction_isolation
  // and set_config do not).
  bool transaction_statement = false;
};

struct VariableShowStmt : Stmt {
  VariableShowStmt() : Stmt(StmtKind::kVariableShow) {}
  std::string name;  // lower-cased; "all" for SHOW ALL
};

// One option of COPY, in PostgreSQL's DefElem form: the old syntax (CSV, HEADER, DELIMITER
// 'x', FORCE QUOTE (a, b), ...) becomes the same options as WITH (FORMAT csv, HEADER, ...).
enum class CopyOptionKind { kNone, kString, kNumber, kStar, kList };
struct CopyOption {
  std::string name;             // lower-case: "format", "header", "delimiter", "force_quote", ...
  CopyOptionKind kind = CopyOptionKind::kNone;
  std::string value;            // kString / kNumber
  std::vector<std::string> list;  // kList
  int location = -1;
};

// COPY table [(columns)] FROM/TO {'file' | PROGRAM 'cmd' | STDIN | STDOUT} [WITH] options
// [WHERE condition], or COPY (query) TO ...
struct CopyStmt : Stmt {
  CopyStmt() : Stmt(StmtKind::kCopy) {}
  std::unique_ptr<RangeVar> table;  // null for COPY (query)
  std::vector<std::string> columns;
  StmtPtr query;                    // COPY (query) TO; the query carries its own span
  bool is_from = false;
  bool is_program = false;
  std::optional<std::string> filename;  // nullopt for STDIN / STDOUT
  std::vector<CopyOption> options;
  ExprPtr where;                    // COPY FROM ... WHERE
};

// LOCK [TABLE] name [, ...] [IN mode MODE] [NOWAIT]. `mode` is 1..8, PostgreSQL's table lock
// modes weakest first (ACCESS SHARE .. ACCESS EXCLUSIVE, the default).
struct LockStmt : Stmt {
  LockStmt() : Stmt(StmtKind::kLock) {}
  std::vector<std::unique_ptr<RangeVar>> tables;
  int mode = 8;
  bool nowait = false;
};

// TRUNCATE [TABLE] name [, ...] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]
struct TruncateStmt : Stmt {
  TruncateStmt() : Stmt(StmtKind::kTruncate) {}
  std::vector<std::unique_ptr<RangeVar>> tables;
  bool restart_identity = false;
  bool cascade = false;
};

// REINDEX [(VERBOSE)] {INDEX | TABLE | SCHEMA | DATABASE | SYSTEM} [CONCURRENTLY] name.
enum class ReindexTarget { kIndex, kTable, kSchema, kDatabase, kSystem };
struct ReindexStmt : Stmt {
  ReindexStmt() : Stmt(StmtKind::kReindex) {}
  ReindexTarget target = ReindexTarget::kIndex;
  std::vector<std::string> name;  // qualified for INDEX and TABLE
  bool concurrently = false;
  bool verbose = false;
  int location = -1;  // of the name
};

// CLUSTER [VERBOSE] [table [USING index]], CLUSTER (VERBOSE) ..., and the older CLUSTER index
// ON table. No table: every table of the database with a clustered index.
struct ClusterStmt : Stmt {
  ClusterStmt() : Stmt(StmtKind::kCluster) {}
  std::unique_ptr<RangeVar> table;  // null: every clustered table
  std::string index;                // empty: the table's clustered index
  bool verbose = false;
  int location = -1;  // of the table
};

// DO [LANGUAGE name] 'code': an anonymous PL/pgSQL block, run once (language "" when not
// given: plpgsql).
struct DoStmt : Stmt {
  DoStmt() : Stmt(StmtKind::kDo) {}
  std::string code;
  std::string language;
};

// CHECKPOINT: write every dirty page and a checkpoint record now.
struct CheckpointStmt : Stmt {
  CheckpointStmt() : Stmt(StmtKind::kCheckpoint) {}
};

// SET CONSTRAINTS {ALL | name [, ...]} {DEFERRED | IMMEDIATE}
struct SetConstraintsStmt : Stmt {
  SetConstraintsStmt() : Stmt(StmtKind::kSetConstraints) {}
  std::vector<std::vector<std::string>> names;  // each possibly schema-qualified; empty: ALL
  bool deferred = false;
};

// One table a VACUUM or ANALYZE names, with the columns it lists (`t (a, b)`; none: all).
struct VacuumRelation {
  std::unique_ptr<RangeVar> relation;
  std::vector<std::string> columns;
  int location = -1;
};

// VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [table [(columns)], ...] or VACUUM (option, ...)
// [table, ...]; ANALYZE [VERBOSE] [table [(columns)], ...] or ANALYZE (option, ...) [...]
// (PostgreSQL's VacuumStmt with is_vacuumcmd false: `vacuum` is false and `analyze` true).
// Options are checked by the builder: unknown ones are 42601, ones PostgreSQL has but Granary
// does not (FULL, ...) 0A000 when the statement runs.
struct VacuumStmt : Stmt {
  VacuumStmt() : Stmt(StmtKind::kVacuum) {}
  bool vacuum = true;  // false for ANALYZE
  bool verbose = false;
  bool full = false;
  bool freeze = false;
  bool analyze = false;
  bool truncate = true;
  std::string unsupported_option;  // a known PostgreSQL option not supported: 0A000 at run time
  std::vector<std::unique_ptr<RangeVar>> relations;  // empty: every table
  std::vector<std::vector<std::string>> columns;     // per relation: the columns listed
};

}  // namespace granary::parser
