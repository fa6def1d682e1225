// The simple query protocol over Session::ExecuteScript.
#include "server/simple_query.hpp"

#include <exception>

#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"

namespace granary::server {

void RunSimpleQuery(QuerySession& session, std::string_view sql, Reply& reply) {
  size_t statements = 0;
  const std::vector<int16_t> text_format;
  try {
    session.session().ExecuteScript(sql, [&](Result& result) {
      ++statements;
      session.AppendResult(reply, result, text_format, true);
      reply.FlushIfLarge();
    });
    if (statements == 0) protocol::AppendEmptyQueryResponse(reply.bytes());
  } catch (const Error& error) {
    protocol::AppendErrorResponse(reply.bytes(), error);
  } catch (const std::exception& error) {
    protocol::AppendErrorResponse(reply.bytes(), Error(sqlstate::kInternalError, error.what()));
  }
  protocol::AppendReadyForQuery(reply.bytes(), session.transaction_status());
}

}  // namespace granary::server
