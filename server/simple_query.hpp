// The simple query protocol: one Query message, any number of statements.
#pragma once

#include <string_view>

#include "server/query_session.hpp"

namespace granary::server {

// Runs `sql` as PostgreSQL's exec_simple_query does: the statements form one implicit
// transaction (unless they manage their own); each statement's RowDescription, DataRows and
// CommandComplete are written as soon as it completes; the first error is written as an
// ErrorResponse and ends the string; a string with no statements gets EmptyQueryResponse;
// ReadyForQuery follows in every case.
//
// A COPY FROM STDIN stops the string after its CopyInResponse: RunSimpleQuery then returns
// true (no ReadyForQuery yet) and the caller feeds the client's CopyData to the session;
// after CopyDone, ContinueSimpleQuery writes the COPY's CommandComplete and runs the rest of
// the string the same way.
bool RunSimpleQuery(QuerySession& session, std::string_view sql, Reply& reply);
bool ContinueSimpleQuery(QuerySession& session, Reply& reply);

}  // namespace granary::server
