// Granary's C++ embedding API.
//
//   auto db = granary::Database::Open("./data");
//   granary::Session session = db.Connect();
//   session.Execute("CREATE TABLE t (id int PRIMARY KEY, name text)");
//   session.Execute("INSERT INTO t VALUES ($1, $2)", 1, "ada");
//   for (const granary::Row& row : session.Execute("SELECT id, name FROM t")) {
//     std::cout << row.GetInt64(0) << ' ' << row.GetString(1) << '\n';
//   }
//
// Ownership and lifetime: a Database owns the open data directory; Sessions, prepared
// statements and results must not outlive the Database they came from. Handles are movable,
// not copyable. Errors are thrown as granary::Error (error.hpp) carrying the SQLSTATE.
//
// Thread-safety: a Database may be shared by many threads; each Session must be used by one
// thread at a time (Session::Cancel excepted). Results are independent values once returned.
//
// Network clients: Database::Serve (granary/server.hpp) accepts PostgreSQL clients on a TCP
// port; the server runs each connection's statements through a Session of this API.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "granary/error.hpp"

namespace granary {

struct OpenOptions {
  // Size of the buffer pool (PostgreSQL's shared_buffers); rounded down to whole 8 KiB pages,
  // at least 16 pages.
  size_t buffer_pool_bytes = 128u << 20;
  // Create and initialise the directory when it does not exist.
  bool create_if_missing = false;
  // Longest time between automatic checkpoints (PostgreSQL's checkpoint_timeout). Recovery
  // after a crash replays the WAL written since the last checkpoint.
  uint32_t checkpoint_timeout_seconds = 300;
  // WAL kept on disk before a checkpoint is forced (PostgreSQL's max_wal_size, a soft limit):
  // a checkpoint starts when half of it has been written since the last one.
  uint64_t max_wal_size_bytes = uint64_t{1} << 30;
  // Autovacuum (PostgreSQL's settings of the same names): a background thread wakes every
  // naptime and vacuums each table whose dead tuples exceed
  // threshold + scale_factor x live tuples.
  bool autovacuum = true;
  uint32_t autovacuum_naptime_ms = 60000;
  uint64_t autovacuum_vacuum_threshold = 50;
  double autovacuum_vacuum_scale_factor = 0.2;
};

// What Database::VerifyStorage found: every block of every relation file read from disk and
// its checksum and layout checked.
struct StorageCheck {
  uint64_t relation_files = 0;
  uint64_t pages = 0;
  std::vector<std::string> problems;  // one line per bad page or file; empty when all is well
  bool ok() const { return problems.empty(); }
};

// Counters of the write-ahead log since the database was opened (PostgreSQL's pg_stat_wal).
struct WalStatistics {
  uint64_t records = 0;
  uint64_t full_page_images = 0;
  uint64_t bytes = 0;
  uint64_t writes = 0;   // write calls
  uint64_t syncs = 0;    // fdatasync calls: one serves every commit waiting for it
  uint64_t commits = 0;  // commit records written (transactions that changed something)
  uint64_t checkpoints = 0;
};

// A statement parameter: NULL, a boolean, an integer, a double, or text. Text parameters are
// typed like PostgreSQL's untyped literals: they take the type the statement needs there.
// Binary parameters carry PostgreSQL's binary format of the parameter's type (as the
// protocol's Bind sends it) and are decoded by that type's receive function.
class Param {
 public:
  // PostgreSQL's binary (send) format of whatever type the statement gives this parameter;
  // a type it cannot be received as raises 22P03 / 08P01 at Execute.
  static Param Binary(std::string bytes) {
    Param param;
    param.kind_ = Kind::kBinary;
    param.text_ = std::move(bytes);
    return param;
  }

  Param() = default;  // NULL
  Param(std::nullptr_t) {}
  Param(bool value) : kind_(Kind::kBool), int_(value) {}
  Param(int value) : kind_(Kind::kInt), int_(value) {}
  Param(long value) : kind_(Kind::kInt), int_(value) {}
  Param(long long value) : kind_(Kind::kInt), int_(value) {}
  Param(double value) : kind_(Kind::kDouble), double_(value) {}
  Param(std::string_view value) : kind_(Kind::kText), text_(value) {}
  Param(const char* value) : kind_(value ? Kind::kText : Kind::kNull), text_(value ? value : "") {}
  Param(const std::string& value) : kind_(Kind::kText), text_(value) {}
  template <typename T>
  Param(const std::optional<T>& value) : Param(value ? Param(*value) : Param()) {}

  enum class Kind { kNull, kBool, kInt, kDouble, kText, kBinary };
  Kind kind() const { return kind_; }
  int64_t int_value() const { return int_; }
  double double_value() const { return double_; }
  const std::string& text_value() const { return text_; }  // text, or binary bytes

 private:
  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double double_ = 0;
  std::string text_;
};

struct ColumnInfo {
  std::string name;
  uint32_t type_oid = 0;     // PostgreSQL type OID (23 int4, 25 text, 1700 numeric, ...)
  int32_t type_modifier = -1;
  int16_t type_length = -1;  // pg_type.typlen: 4 for integer, -1 for variable length
  std::string type_name;     // format_type() spelling: "integer", "character varying(20)"
};

class Result;

// One row of a Result; valid while the Result lives.
class Row {
 public:
  size_t size() const;
  bool IsNull(size_t column) const;
  // Typed getters convert like PostgreSQL's casts would; reading NULL raises 22004
  // (null_value_not_allowed) — use IsNull or the Optional getters.
  bool GetBool(size_t column) const;
  int64_t GetInt64(size_t column) const;
  double GetDouble(size_t column) const;
  // The value's text exactly as PostgreSQL prints it (numeric scale, dates ISO, t/f).
  std::string GetString(size_t column) const;
  // Appends the value in PostgreSQL's binary format (its type's send function: big-endian
  // integers, numeric_send digits, days/microseconds since 2000-01-01 for dates and
  // timestamps), as the protocol's binary result format carries it. NULL raises 22004.
  void AppendBinary(size_t column, std::string& out) const;
  std::optional<int64_t> GetOptionalInt64(size_t column) const;
  std::optional<double> GetOptionalDouble(size_t column) const;
  std::optional<std::string> GetOptionalString(size_t column) const;

 private:
  friend class Result;
  Row(const Result* result, size_t index) : result_(result), index_(index) {}
  const Result* result_;
  size_t index_;
};

// The outcome of one statement: its command tag and, for statements returning rows, the
// columns and every row (materialised).
class Result {
 public:
  Result();
  ~Result();
  Result(Result&&) noexcept;
  Result& operator=(Result&&) noexcept;

  // "SELECT 3", "INSERT 0 5", "UPDATE 2", "CREATE TABLE", "BEGIN", ...
  const std::string& command_tag() const;
  // Rows inserted/updated/deleted/selected, as in the tag.
  uint64_t affected_rows() const;
  bool returns_rows() const;  // true for SELECT/VALUES/RETURNING/SHOW/EXPLAIN
  const std::vector<ColumnInfo>& columns() const;
  size_t row_count() const;
  Row row(size_t index) const;
  // Notices and warnings the statement raised (severity kNotice or kWarning), for example
  // NOTICE `table "t" does not exist, skipping`.
  const std::vector<Error>& notices() const;
  // True for the rows of a FETCH from a cursor declared BINARY: the simple query protocol
  // sends them in binary format (PostgreSQL's exec_simple_query does so).
  bool binary_cursor() const;

  // COPY. kIn: a COPY ... FROM STDIN that has started and waits for its data (see
  // Session::CopyData); command_tag() is empty until CopyDone returns the final Result.
  // kOut: a COPY ... TO STDOUT, finished; its rows are copy_row(0..copy_row_count()-1).
  enum class CopyDirection { kNone, kIn, kOut };
  CopyDirection copy_direction() const;
  // What CopyInResponse / CopyOutResponse announce: columns per row, and binary format.
  size_t copy_column_count() const;
  bool copy_binary() const;
  // COPY TO STDOUT output, one row at a time (text or CSV with its line end; the header line
  // is row 0 when HEADER was given).
  size_t copy_row_count() const;
  std::string_view copy_row(size_t index) const;

  class Iterator {
   public:
    Row operator*() const { return result_->row(index_); }
    Iterator& operator++() { ++index_; return *this; }
    bool operator!=(const Iterator& other) const { return index_ != other.index_; }
   private:
    friend class Result;
    Iterator(const Result* result, size_t index) : result_(result), index_(index) {}
    const Result* result_;
    size_t index_;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, row_count()); }

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Receives the rows of a statement while it runs, as PostgreSQL's DestReceiver does: the
// protocol server writes them to the client as they are produced, so a large result is never
// held whole and an error midway comes after the rows before it.
//
// Which statements stream: a SELECT (not SELECT ... INTO) and FETCH; every other statement
// (DML ... RETURNING included, as PostgreSQL runs those to completion first) returns its rows
// in its Result. A statement that streams calls Rows between batches of its plan (every
// 1,024 rows at most); rows left in the returned Result (a statement's last batch) follow
// the ones handed over, and its command tag counts them all. A SELECT whose plan fails before
// its first row calls Rows once without rows (its columns only) before the error is thrown,
// as PostgreSQL describes a result before running the plan.
class RowSink {
 public:
  virtual ~RowSink() = default;
  // `rows` is the statement's Result so far: its columns, the rows produced since the last
  // call, and the notices raised since then. Both are dropped when Rows returns. An
  // exception thrown from Rows ends the statement as an error of its own would.
  virtual void Rows(const Result& rows) = 0;
};

class Session;
class BoundStatement;

// A parsed and analysed statement with $n parameters, executable many times.
class PreparedStatement {
 public:
  PreparedStatement();
  ~PreparedStatement();
  PreparedStatement(PreparedStatement&&) noexcept;
  PreparedStatement& operator=(PreparedStatement&&) noexcept;

  size_t parameter_count() const;
  // PostgreSQL type OIDs given or inferred for each parameter (text where nothing decided).
  std::vector<uint32_t> parameter_types() const;
  // The result columns Execute returns, known without executing: a SELECT's (from its plan),
  // SHOW's and EXPLAIN's; empty with returns_rows() false for every other statement.
  bool returns_rows() const;
  const std::vector<ColumnInfo>& columns() const;
  Result Execute(const std::vector<Param>& params = {});
  // Whether OpenPortal can run the statement as a portal that streams: a SELECT that is not
  // SELECT ... INTO and has no data-modifying WITH (PostgreSQL's PORTAL_ONE_SELECT).
  bool streams() const;
  // Opens the statement (streams() true; 0A000 otherwise) as the portal `name` in the running
  // transaction — a block, or the implicit one (Session::StartImplicitTransaction); 25P01
  // outside both. Its plan starts under a snapshot and locks taken now, and runs only as far
  // as Session::FetchPortal takes rows. The portal is a cursor of the session (listed by
  // pg_cursors; SQL's FETCH and CLOSE reach it): 42P03 when a cursor of that name is open. It
  // lives until Session::ClosePortal, CLOSE, or the end of its transaction. Errors as Execute.
  void OpenPortal(std::string_view name, const std::vector<Param>& params);
  // The protocol's Bind (PostgreSQL's exec_bind_message and PortalStart): the parameters are
  // received now (08P01 for a wrong count, 22P03 for a bad binary value), and 25P02 in a
  // failed transaction block (transaction control excepted). Inside a transaction (a block,
  // or the implicit one after Session::StartImplicitTransaction, which Bind then starts) a
  // statement that streams() also takes its snapshot now: in READ COMMITTED a row another
  // session commits between Bind and Execute is not seen. When its plan from an earlier
  // execution is still current, the relation locks that plan needs are taken first (55P03,
  // 40P01 and 57014 are then the Bind's errors), so a TRUNCATE or DROP in another session
  // waits for the transaction rather than coming in between Bind and Execute.
  BoundStatement Bind(const std::vector<Param>& params);
  template <typename... Args>
  Result operator()(Args&&... args) {
    return Execute(std::vector<Param>{Param(std::forward<Args>(args))...});
  }

  struct Impl;

 private:
  friend class Session;
  friend class BoundStatement;
  // Shared: a named statement's implementation is also kept by its session.
  explicit PreparedStatement(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// A prepared statement with its parameters (and snapshot) bound: the protocol's portal
// before its first Execute (PreparedStatement::Bind). It keeps its statement alive. The
// snapshot serves the first run only, and only in the transaction that took it.
class BoundStatement {
 public:
  BoundStatement();
  ~BoundStatement();
  BoundStatement(BoundStatement&&) noexcept;
  BoundStatement& operator=(BoundStatement&&) noexcept;

  const PreparedStatement& statement() const;
  // As PreparedStatement::Execute; a SELECT hands its rows to `sink` while it runs (RowSink).
  Result Execute(RowSink* sink = nullptr);
  // As PreparedStatement::OpenPortal.
  void OpenPortal(std::string_view name);

  struct Impl;

 private:
  friend class PreparedStatement;
  std::unique_ptr<Impl> impl_;
};

class Session {
 public:
  Session();
  ~Session();  // rolls back an open transaction
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  // Runs one statement (a trailing ';' is allowed) with parameters $1..$n.
  Result Execute(std::string_view sql, const std::vector<Param>& params);
  Result Execute(std::string_view sql) { return Execute(sql, std::vector<Param>{}); }
  template <typename First, typename... Rest>
    requires(!std::is_same_v<std::decay_t<First>, std::vector<Param>>)
  Result Execute(std::string_view sql, First&& first, Rest&&... rest) {
    return Execute(sql, std::vector<Param>{Param(std::forward<First>(first)),
                                           Param(std::forward<Rest>(rest))...});
  }
  // Runs a string of several statements like PostgreSQL's simple query protocol: outside an
  // explicit transaction block the statements form one implicit transaction. Returns one
  // Result per statement; stops at the first error and throws it.
  std::vector<Result> ExecuteScript(std::string_view sql);
  // The same, handing each statement's Result to `on_result` as soon as the statement has
  // completed, before the next one starts (an exception from `on_result` ends the script
  // like a statement error). A string without statements calls `on_result` never.
  void ExecuteScript(std::string_view sql, const std::function<void(Result&)>& on_result);
  // The same, a SELECT's or FETCH's rows going to `sink` while the statement runs (RowSink);
  // `on_result` then gets the statement's Result with the rows not yet handed over.
  void ExecuteScript(std::string_view sql, const std::function<void(Result&)>& on_result, RowSink* sink);

  // COPY in the embedding API: runs `sql`, a COPY ... FROM STDIN, with its data read from
  // `input` to its end (or taken from `data`), and returns its Result ("COPY n"); or a
  // COPY ... TO STDOUT (also COPY (query) TO STDOUT), writing its data to `output`. Errors as
  // for any statement: 22P04 bad format, 22P02 bad values (the error's context() names the
  // line and column), constraint violations, 57014 when cancelled.
  Result CopyFrom(std::string_view sql, std::istream& input);
  Result CopyFrom(std::string_view sql, std::string_view data);
  Result CopyTo(std::string_view sql, std::ostream& output);

  // The pieces the protocol's CopyData / CopyDone / CopyFail messages map to. A COPY ...
  // FROM STDIN run by Execute, ExecuteScript or a PreparedStatement returns a Result with
  // copy_direction() kIn and leaves the session waiting for data: CopyData feeds it (in any
  // pieces), CopyDone ends it and returns the COPY's Result, CopyFail abandons it with 57014
  // `COPY from stdin failed: <message>`. An error in CopyData or CopyDone ends the COPY like a
  // failed statement. While waiting, other statements raise 08P01.
  void CopyData(std::string_view data);
  Result CopyDone();
  void CopyFail(std::string_view message);
  bool copy_in_progress() const;
  // ExecuteScript stops after handing a kIn Result to on_result (the COPY waits for its data);
  // once CopyDone has returned, ResumeScript runs the rest of that script the same way
  // (nothing when no script was paused). An error from CopyData/CopyDone/CopyFail abandons
  // the rest of the script, as a statement error would.
  void ResumeScript(const std::function<void(Result&)>& on_result, RowSink* sink = nullptr);

  // Parses and analyses one statement. `parameter_type_oids[i]` fixes the type of $i+1 (0
  // leaves it to be inferred); 0A000 for a type Granary does not have.
  PreparedStatement Prepare(std::string_view sql,
                            const std::vector<uint32_t>& parameter_type_oids = {});
  // Named prepared statements, shared with SQL's PREPARE / EXECUTE / DEALLOCATE and listed
  // by pg_prepared_statements (from_sql false): PrepareNamed prepares as Prepare does and
  // keeps the statement under `name` (42P05 when the name is taken); FindPrepared returns a
  // handle to it (26000 when there is none); ClosePrepared forgets it (nothing when absent;
  // handles already returned stay usable).
  PreparedStatement PrepareNamed(std::string_view name, std::string_view sql,
                                 const std::vector<uint32_t>& parameter_type_oids = {});
  PreparedStatement FindPrepared(std::string_view name);
  void ClosePrepared(std::string_view name);

  // Asks the statement this session is running (on another thread) to stop: it fails with
  // 57014 `canceling statement due to user request` at its next batch; a COPY FROM STDIN
  // waiting for data fails so at its next CopyData or CopyDone. No effect when no statement
  // is running. Thread-safe; the only member that may be called concurrently.
  void Cancel();

  // A setting's current value as SHOW prints it ("15.0", "UTF8", "on"); 42704 for a name
  // that is not a setting.
  std::string Setting(std::string_view name) const;
  // Moves whenever a setting may have changed (so a caller can skip re-reading unchanged ones).
  uint64_t SettingsGeneration() const;

  // The extended query protocol's implicit transaction: after StartImplicitTransaction(),
  // statements run outside an explicit block share one transaction until
  // EndImplicitTransaction() commits it (an error rolls it back at once, as in a script).
  void StartImplicitTransaction();
  void EndImplicitTransaction();

  // Portals opened by PreparedStatement::OpenPortal. FetchPortal returns up to `max_rows`
  // further rows (0: all that are left), tagged "SELECT n" with n the rows of this call (as
  // the protocol's Execute reports them); running the plan further is a statement of its own
  // (statement_timeout, cancel, pg_stat_activity), and an error in it fails the transaction
  // like any statement's. 34000 when no portal `name` is open (closed, or ended with its
  // transaction); 55000 after an earlier fetch of it failed. ClosePortal closes it (nothing
  // when none is open); PortalOpen says whether one is.
  // With `sink`, the rows go to it while they are fetched (RowSink), so fetching every row of
  // a large portal holds a batch of them at a time.
  Result FetchPortal(std::string_view name, uint64_t max_rows, RowSink* sink = nullptr);
  void ClosePortal(std::string_view name);
  bool PortalOpen(std::string_view name) const;
  // The result columns of the open portal or cursor `name` — one DECLAREd in SQL included,
  // which FetchPortal reads like a portal (PostgreSQL's Describe of a cursor's portal); 34000
  // when none is open.
  std::vector<ColumnInfo> PortalColumns(std::string_view name) const;

  // An error outside any statement (the protocol's: an unknown portal, a Bind that fails)
  // ends the transaction as a statement's error would (PostgreSQL's AbortCurrentTransaction
  // after any ERROR): a block fails (25P02 until ROLLBACK), an implicit transaction is
  // rolled back. Nothing when no transaction is open.
  void FailTransaction();

  void Begin();
  void Commit();
  void Rollback();
  // 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block (as the protocol's
  // ReadyForQuery reports it).
  char transaction_status() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  friend class Database;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// How a session starts (Database::Connect).
struct SessionOptions {
  std::string user;       // shown as session_authorization; empty for an embedded session
  bool superuser = true;  // shown as is_superuser; only superusers may manage roles
  // Applied in order as SET would apply them (errors are thrown from Connect); they are the
  // values RESET and RESET ALL return to.
  std::vector<std::pair<std::string, std::string>> settings;
  // What pg_stat_activity and current_database() show: the database name the client asked
  // for (empty: "granary"), the backend's process id (its cancel key) and the client's
  // address and port (empty and -1 for a local session).
  std::string database;
  int32_t process_id = 0;
  std::string client_address;
  int32_t client_port = -1;
};

// A role as authentication sees it (pg_authid).
struct RoleInfo {
  std::string name;
  bool superuser = false;
  bool can_login = false;
  // A SCRAM-SHA-256 verifier or an md5 hash (never plain text); nullopt without a password.
  std::optional<std::string> password;
};

class Server;
struct ServeOptions;

class Database {
 public:
  // Opens the data directory at `path`. Errors: 58P01 when it does not exist (unless
  // create_if_missing) or is not a Granary directory; 55006 when another process has it open;
  // XX001 when its files are corrupt.
  static Database Open(const std::string& path, const OpenOptions& options = {});
  // Creates and initialises a new data directory (granary init).
  static void Create(const std::string& path);

  Database();
  ~Database();  // flushes everything and releases the directory
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;

  Session Connect();
  Session Connect(const SessionOptions& options);
  // The committed state of role `name`, as a transaction starting now would see it.
  std::optional<RoleInfo> FindRole(std::string_view name);
  // The data directory's path as given to Open.
  const std::string& path() const;
  // Takes a checkpoint now (the SQL command CHECKPOINT does the same).
  void Checkpoint();
  // Checkpoints, then reads every block of every relation file back from disk and checks its
  // checksum and page layout (`granary verify`).
  StorageCheck VerifyStorage();
  WalStatistics wal_statistics() const;
  // Takes a shutdown checkpoint and releases the directory; opening it again needs no
  // recovery. Sessions must not be used afterwards.
  void Close();

  // Starts accepting PostgreSQL clients on a TCP port with background threads and returns
  // at once; the returned Server stops them (granary/server.hpp, library granary_server).
  // The Database must outlive the Server.
  Server Serve(const ServeOptions& options);

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "0.1.0", and the PostgreSQL version the dialect follows ("15.0").
std::string_view Version();

}  // namespace granary
