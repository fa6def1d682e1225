// ExtendedQuery — the extended query protocol of one session: named and unnamed prepared
// statements (Parse, Describe 'S', Close 'S'; named ones are the session's, shared with SQL's
// PREPARE and EXECUTE) and portals (Bind, Describe 'P', Execute with a
// row limit and PortalSuspended, Close 'P'), and Sync, as PostgreSQL's postgres.c runs them.
// A cursor DECLAREd in SQL is a portal too: Describe 'P', Execute and Close 'P' reach it.
//
// Statements run in the session's implicit transaction, started by the first Bind or Execute
// after a Sync and committed by the Sync; a Bind of a SELECT takes the snapshot it will run
// under (PostgreSQL's PortalStart). Rows leave as they are produced (RowStream), so an error
// midway follows the rows before it. A portal over a SELECT whose first Execute has a row limit
// streams (PostgreSQL's PORTAL_ONE_SELECT): it is opened as the session's portal
// (PreparedStatement::OpenPortal), and each Execute runs its plan only as far as the rows it
// returns. Any other portal runs its statement completely at its first Execute (results are
// materialised; DML ... RETURNING always does, as PostgreSQL's PORTAL_ONE_RETURNING) and
// hands out rows from there. Portals end as in PostgreSQL: the unnamed one at the next Bind
// of the unnamed portal, a named one at Close, every one at the end of its transaction (a
// Sync outside a transaction block ends the implicit one).
//
// Errors are thrown as granary::Error; the caller answers with ErrorResponse, fails the
// transaction (Session::FailTransaction) and skips messages until Sync.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/protocol/frontend_messages.hpp"
#include "server/query_session.hpp"

namespace granary::server {

class ExtendedQuery {
 public:
  explicit ExtendedQuery(QuerySession& session) : session_(session) {}

  void Parse(const protocol::ParseMessage& message, Reply& reply);
  void Bind(const protocol::BindMessage& message, Reply& reply);
  void Describe(const protocol::TargetMessage& message, Reply& reply);
  void Execute(const protocol::ExecuteMessage& message, Reply& reply);
  void Close(const protocol::TargetMessage& message, Reply& reply);
  // Ends the implicit transaction and writes ReadyForQuery.
  void Sync(Reply& reply);
  // A simple Query arrived: it commits what the extended messages before it did, as
  // PostgreSQL's exec_simple_query does.
  void EndImplicitTransaction();

 private:
  struct Statement {
    std::shared_ptr<PreparedStatement> prepared;
  };
  struct Portal {
    BoundStatement bound;  // the statement, its parameters and its snapshot (Bind's)
    const PreparedStatement& prepared() const { return bound.statement(); }
    std::vector<int16_t> result_formats;
    std::optional<Result> result;  // after the first Execute, when not streaming
    size_t next_row = 0;
    // Opened as the session's portal of the same name: rows come from Session::FetchPortal.
    bool streaming = false;
  };

  // The unnamed statement, or a handle to the session's named one (26000 when absent).
  Statement FindStatement(const std::string& name);
  Portal& FindPortal(const std::string& name);
  // Execute of a streaming portal (opened by this Execute when `open`).
  void ExecuteStreaming(const std::string& name, Portal& portal, int32_t max_rows, bool open, Reply& reply);
  // Up to `max_rows` rows (0: all) of the session's portal or cursor `name` in `formats`, then
  // PortalSuspended or CommandComplete; `expected`: the columns a Describe announced, or null.
  void FetchRows(const std::string& name, const std::vector<int16_t>& formats,
                 const std::vector<ColumnInfo>* expected, int32_t max_rows, Reply& reply);
  // Whether `name` is a cursor of the session that is none of these portals: one DECLAREd in
  // SQL, which Describe and Execute reach as a portal (one name space, as in PostgreSQL).
  bool IsSqlCursor(const std::string& name);
  // 25P02 in a failed transaction block when a Describe would answer RowDescription.
  void RefuseRowDescriptionInFailedBlock(bool returns_rows);
  // Forgets the portal `name` when it streamed and the session has closed it; true when
  // there is (now) no portal of that name.
  bool Forget(const std::string& name);
  // Drops the portal `name`, closing the session's portal when it streams.
  void DropPortal(const std::string& name);
  void StartImplicitTransaction();

  QuerySession& session_;
  // The unnamed statement; named ones are the session's (Session::PrepareNamed), shared
  // with SQL's PREPARE / EXECUTE / DEALLOCATE.
  std::optional<Statement> unnamed_;
  std::unordered_map<std::string, Portal> portals_;
  bool implicit_transaction_ = false;
};

}  // namespace granary::server
