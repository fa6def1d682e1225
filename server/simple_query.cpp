// The simple query protocol over Session::ExecuteScript.
#include "server/simple_query.hpp"

#include <exception>
#include <functional>

#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"

namespace granary::server {
namespace {

using ScriptStep = std::function<void(const std::function<void(Result&)>&, RowSink&)>;

// Runs (part of) a script, writing each result (its rows as they are produced); true when it
// stopped in COPY FROM STDIN.
bool RunScriptStep(QuerySession& session, Reply& reply, const ScriptStep& step,
                   bool empty_if_nothing_ran) {
  size_t statements = 0;
  // A FETCH from a BINARY cursor answers in binary, as PostgreSQL's exec_simple_query.
  RowStream rows(reply, {}, /*simple_query=*/true);
  try {
    step(
        [&](Result& result) {
          ++statements;
          session.AppendResult(reply, result, rows.FormatsFor(result), !rows.described());
          rows.Reset();
          reply.FlushIfLarge();
        },
        rows);
    if (session.session().copy_in_progress()) return true;
    if (statements == 0 && empty_if_nothing_ran) protocol::AppendEmptyQueryResponse(reply.bytes());
  } catch (const Error& error) {
    protocol::AppendErrorResponse(reply.bytes(), error);
  } catch (const std::exception& error) {
    protocol::AppendErrorResponse(reply.bytes(), Error(sqlstate::kInternalError, error.what()));
  }
  // A script's implicit transaction that failed has undone its SETs; one that committed has
  // dropped its SET LOCALs.
  session.ReportChangedParameters(reply.bytes());
  protocol::AppendReadyForQuery(reply.bytes(), session.transaction_status());
  return false;
}

}  // namespace

bool RunSimpleQuery(QuerySession& session, std::string_view sql, Reply& reply) {
  return RunScriptStep(
      session, reply,
      [&](const std::function<void(Result&)>& on_result, RowSink& rows) {
        session.session().ExecuteScript(sql, on_result, &rows);
      },
      true);
}

bool ContinueSimpleQuery(QuerySession& session, Reply& reply) {
  return RunScriptStep(
      session, reply,
      [&](const std::function<void(Result&)>& on_result, RowSink& rows) {
        Result done = session.session().CopyDone();
        session.AppendResult(reply, done, {}, false);
        session.session().ResumeScript(on_result, &rows);
      },
      false);
}

}  // namespace granary::server
