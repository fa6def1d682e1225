// The simple query protocol over Session::ExecuteScript.
#include "server/simple_query.hpp"

#include <exception>
#include <functional>

#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"

namespace granary::server {
namespace {

using ScriptStep = std::function<void(const std::function<void(Result&)>&)>;

// Runs (part of) a script, writing each result; true when it stopped in COPY FROM STDIN.
bool RunScriptStep(QuerySession& session, Reply& reply, const ScriptStep& step,
                   bool empty_if_nothing_ran) {
  size_t statements = 0;
  const std::vector<int16_t> text_format;
  // A FETCH from a BINARY cursor answers in binary, as PostgreSQL's exec_simple_query.
  const std::vector<int16_t> binary_format{1};
  try {
    step([&](Result& result) {
      ++statements;
      session.AppendResult(reply, result, result.binary_cursor() ? binary_format : text_format, true);
      reply.FlushIfLarge();
    });
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
      [&](const std::function<void(Result&)>& on_result) {
        session.session().ExecuteScript(sql, on_result);
      },
      true);
}

bool ContinueSimpleQuery(QuerySession& session, Reply& reply) {
  return RunScriptStep(
      session, reply,
      [&](const std::function<void(Result&)>& on_result) {
        Result done = session.session().CopyDone();
        session.AppendResult(reply, done, {}, false);
        session.session().ResumeScript(on_result);
      },
      false);
}

}  // namespace granary::server
