// The extended query protocol: prepared statements, portals, Sync.
#include "server/extended_query.hpp"

#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"

namespace granary::server {
namespace {

constexpr int16_t kTextFormat = 0;
constexpr int16_t kBinaryFormat = 1;

void CheckFormatCodes(const std::vector<int16_t>& formats) {
  for (int16_t format : formats) {
    if (format != kTextFormat && format != kBinaryFormat) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "unsupported format code: " + std::to_string(format));
    }
  }
}

std::string StatementLabel(const std::string& name) {
  return name.empty() ? "unnamed prepared statement" : "prepared statement \"" + name + "\"";
}

// The tag of an Execute that returned `rows` rows of a SELECT-like result, or the statement's
// own tag otherwise (PostgreSQL counts the rows of this Execute, not of the portal).
std::string RowsTag(const Result& result, size_t rows) {
  const std::string& tag = result.command_tag();
  const size_t space = tag.find(' ');
  if (space == std::string::npos) return tag;
  return tag.substr(0, space) + " " + std::to_string(rows);
}

}  // namespace

ExtendedQuery::Statement ExtendedQuery::FindStatement(const std::string& name) {
  if (!name.empty()) {
    // Named statements live in the session, shared with SQL's PREPARE (26000 when absent).
    return Statement{std::make_shared<PreparedStatement>(session_.session().FindPrepared(name))};
  }
  if (!unnamed_) throw Error(sqlstate::kInvalidSqlStatementName, "unnamed prepared statement does not exist");
  return *unnamed_;
}

bool ExtendedQuery::Forget(const std::string& name) {
  const auto it = portals_.find(name);
  if (it == portals_.end()) return true;
  // A streaming portal ends with its transaction (COMMIT or ROLLBACK in a query string
  // included) or with SQL's CLOSE: the session no longer has it.
  if (!it->second.streaming || session_.session().PortalOpen(name)) return false;
  portals_.erase(it);
  return true;
}

ExtendedQuery::Portal& ExtendedQuery::FindPortal(const std::string& name) {
  Forget(name);
  const auto it = portals_.find(name);
  if (it == portals_.end()) {
    throw Error(sqlstate::kInvalidCursorName, "portal \"" + name + "\" does not exist");
  }
  return it->second;
}

void ExtendedQuery::StartImplicitTransaction() {
  if (implicit_transaction_) return;
  session_.session().StartImplicitTransaction();
  implicit_transaction_ = true;
}

void ExtendedQuery::EndImplicitTransaction() {
  if (!implicit_transaction_) return;
  implicit_transaction_ = false;
  session_.session().EndImplicitTransaction();
}

void ExtendedQuery::Parse(const protocol::ParseMessage& message, Reply& reply) {
  if (message.statement.empty()) {
    unnamed_.reset();  // replaced even when the new one fails, as in PostgreSQL
    unnamed_ = Statement{std::make_shared<PreparedStatement>(
        session_.session().Prepare(message.query, message.parameter_types))};
  } else {
    session_.session().PrepareNamed(message.statement, message.query, message.parameter_types);
  }
  protocol::AppendParseComplete(reply.bytes());
}

void ExtendedQuery::Bind(const protocol::BindMessage& message, Reply& reply) {
  const Statement statement = FindStatement(message.statement);
  const PreparedStatement& prepared = *statement.prepared;
  const size_t parameter_count = message.parameters.size();
  const size_t format_count = message.parameter_formats.size();
  if (format_count > 1 && format_count != parameter_count) {
    throw Error(sqlstate::kProtocolViolation,
                "bind message has " + std::to_string(format_count) + " parameter formats but " +
                    std::to_string(parameter_count) + " parameters");
  }
  if (parameter_count != prepared.parameter_count()) {
    throw Error(sqlstate::kProtocolViolation,
                "bind message supplies " + std::to_string(parameter_count) +
                    " parameters, but " + StatementLabel(message.statement) + " requires " +
                    std::to_string(prepared.parameter_count()));
  }
  CheckFormatCodes(message.parameter_formats);
  CheckFormatCodes(message.result_formats);
  const size_t result_format_count = message.result_formats.size();
  if (result_format_count > 1 && result_format_count != prepared.columns().size()) {
    throw Error(sqlstate::kProtocolViolation,
                "bind message has " + std::to_string(result_format_count) +
                    " result formats but query has " + std::to_string(prepared.columns().size()) +
                    " columns");
  }
  if (!message.portal.empty() &&
      (!Forget(message.portal) || session_.session().PortalOpen(message.portal))) {
    // Protocol portals and SQL cursors share one name space, as in PostgreSQL.
    throw Error(sqlstate::kDuplicateCursor, "cursor \"" + message.portal + "\" already exists");
  }
  // A Bind to the unnamed portal replaces it (and ends the plan it was running).
  if (message.portal.empty()) DropPortal(message.portal);

  std::vector<Param> params;
  params.reserve(parameter_count);
  for (size_t i = 0; i < parameter_count; ++i) {
    const std::optional<std::string>& value = message.parameters[i];
    if (!value) {
      params.emplace_back();
    } else if (protocol::FormatOf(message.parameter_formats, i) == kBinaryFormat) {
      params.push_back(Param::Binary(*value));
    } else {
      params.emplace_back(*value);
    }
  }
  // As PostgreSQL's exec_bind_message: the transaction starts here, and a SELECT's snapshot
  // is taken here.
  StartImplicitTransaction();
  Portal portal{statement.prepared->Bind(params)};
  portal.result_formats = message.result_formats;
  portals_[message.portal] = std::move(portal);
  protocol::AppendBindComplete(reply.bytes());
}

void ExtendedQuery::Describe(const protocol::TargetMessage& message, Reply& reply) {
  const PreparedStatement* prepared = nullptr;
  std::vector<int16_t> formats;
  Statement statement;
  if (message.kind == 'S') {
    statement = FindStatement(message.name);
    prepared = statement.prepared.get();
    RefuseRowDescriptionInFailedBlock(prepared->returns_rows());
    protocol::AppendParameterDescription(reply.bytes(), prepared->parameter_types());
  } else if (IsSqlCursor(message.name)) {
    RefuseRowDescriptionInFailedBlock(true);
    // Its rows go out in text, a BINARY cursor's too: PostgreSQL's cursor portal has no
    // result formats of a Bind.
    protocol::AppendRowDescription(reply.bytes(), session_.session().PortalColumns(message.name), {});
    return;
  } else {
    const Portal& portal = FindPortal(message.name);
    prepared = &portal.prepared();
    formats = portal.result_formats;
    RefuseRowDescriptionInFailedBlock(prepared->returns_rows());
  }
  if (prepared->returns_rows()) {
    protocol::AppendRowDescription(reply.bytes(), prepared->columns(), formats);
  } else {
    protocol::AppendNoData(reply.bytes());
  }
}

void ExtendedQuery::DropPortal(const std::string& name) {
  const auto it = portals_.find(name);
  if (it == portals_.end()) return;
  const bool streaming = it->second.streaming;
  portals_.erase(it);
  if (streaming) session_.session().ClosePortal(name);
}

void ExtendedQuery::RefuseRowDescriptionInFailedBlock(bool returns_rows) {
  // As PostgreSQL's exec_describe_*_message: describing result columns may need catalog
  // lookups, which a failed transaction cannot do; NoData needs none.
  if (returns_rows && session_.transaction_status() == 'E') {
    throw Error(sqlstate::kInFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
  }
}

bool ExtendedQuery::IsSqlCursor(const std::string& name) {
  Forget(name);
  return portals_.find(name) == portals_.end() && session_.session().PortalOpen(name);
}

void ExtendedQuery::ExecuteStreaming(const std::string& name, Portal& portal, int32_t max_rows, bool open,
                                     Reply& reply) {
  if (open) {
    portal.bound.OpenPortal(name);
    portal.streaming = true;
  }
  FetchRows(name, portal.result_formats, open ? &portal.prepared().columns() : nullptr, max_rows, reply);
}

void ExtendedQuery::FetchRows(const std::string& name, const std::vector<int16_t>& formats,
                              const std::vector<ColumnInfo>* expected, int32_t max_rows, Reply& reply) {
  RowStream rows(reply, formats, /*simple_query=*/false, expected);
  const Result result =
      session_.session().FetchPortal(name, max_rows > 0 ? static_cast<uint64_t>(max_rows) : 0, &rows);
  if (expected != nullptr && !SameShape(*expected, result.columns())) {
    throw Error(sqlstate::kFeatureNotSupported, "cached plan must not change result type");
  }
  QuerySession::AppendNotices(reply.bytes(), result);
  QuerySession::AppendRows(reply, result, formats, 0, result.row_count());
  const uint64_t count = result.affected_rows();  // the rows sent before these included
  // As PostgreSQL: reaching the limit suspends the portal even when no rows are left.
  if (max_rows > 0 && count == static_cast<uint64_t>(max_rows)) {
    protocol::AppendPortalSuspended(reply.bytes());
  } else {
    protocol::AppendCommandComplete(reply.bytes(), result.command_tag());
  }
}

void ExtendedQuery::Execute(const protocol::ExecuteMessage& message, Reply& reply) {
  if (IsSqlCursor(message.portal)) {
    // A cursor DECLAREd in SQL runs as a portal, from where FETCH and MOVE left it, in text
    // (as Describe announced). A WITH HOLD one may be read outside a block: the Execute then
    // starts the implicit transaction, as any Execute does in PostgreSQL.
    StartImplicitTransaction();
    FetchRows(message.portal, {}, nullptr, message.max_rows, reply);
    return;
  }
  Portal& portal = FindPortal(message.portal);
  if (portal.streaming) {
    ExecuteStreaming(message.portal, portal, message.max_rows, /*open=*/false, reply);
    return;
  }
  size_t streamed = 0;  // rows this Execute sent while its statement ran
  if (!portal.result) {
    StartImplicitTransaction();
    if (message.max_rows > 0 && portal.prepared().streams()) {
      // Only a first Execute with a row limit opens a portal that streams: one without runs
      // to completion at once either way, and does so faster as a statement (its plan is
      // cached); its rows still leave as they are produced.
      ExecuteStreaming(message.portal, portal, message.max_rows, /*open=*/true, reply);
      return;
    }
    RowStream rows(reply, portal.result_formats, /*simple_query=*/false, &portal.prepared().columns());
    // Rows pass through the stream only without a limit: with one, the statement (DML ...
    // RETURNING, a WITH that writes) runs to completion and Executes page through its rows.
    Result result = portal.bound.Execute(message.max_rows > 0 ? nullptr : &rows);
    streamed = rows.sent();
    if (result.copy_direction() == Result::CopyDirection::kIn) {
      // The data follows as CopyData; the Backend ends the COPY at CopyDone.
      protocol::AppendCopyInResponse(reply.bytes(), result.copy_binary(), result.copy_column_count());
      return;
    }
    if (result.command_tag().empty()) {  // an empty query string
      portal.result = std::move(result);
      protocol::AppendEmptyQueryResponse(reply.bytes());
      return;
    }
    if (result.returns_rows() && !SameShape(portal.prepared().columns(), result.columns())) {
      throw Error(sqlstate::kFeatureNotSupported, "cached plan must not change result type");
    }
    QuerySession::AppendNotices(reply.bytes(), result);
    portal.result = std::move(result);
  } else if (portal.result->command_tag().empty()) {
    protocol::AppendEmptyQueryResponse(reply.bytes());
    return;
  }
  const Result& result = *portal.result;
  if (result.copy_direction() == Result::CopyDirection::kOut) QuerySession::AppendCopyOut(reply, result);
  if (!result.returns_rows()) {
    protocol::AppendCommandComplete(reply.bytes(), result.command_tag());
    if (QuerySession::MayChangeSettings(result.command_tag())) {
      session_.ReportChangedParameters(reply.bytes());
    }
    return;
  }
  const size_t remaining = result.row_count() - portal.next_row;
  const size_t count = message.max_rows > 0 ? std::min<size_t>(remaining, message.max_rows) : remaining;
  QuerySession::AppendRows(reply, result, portal.result_formats, portal.next_row,
                           portal.next_row + count);
  portal.next_row += count;
  // As PostgreSQL: reaching the limit suspends the portal even when no rows are left; the
  // next Execute then completes it with "SELECT 0".
  if (message.max_rows > 0 && count == static_cast<size_t>(message.max_rows)) {
    protocol::AppendPortalSuspended(reply.bytes());
  } else {
    protocol::AppendCommandComplete(reply.bytes(), RowsTag(result, streamed + count));
  }
}

void ExtendedQuery::Close(const protocol::TargetMessage& message, Reply& reply) {
  if (message.kind == 'S') {
    if (message.name.empty()) {
      unnamed_.reset();
    } else {
      session_.session().ClosePrepared(message.name);
    }
  } else {
    DropPortal(message.name);
    // A cursor DECLAREd in SQL is a portal too (one name space, as in PostgreSQL).
    session_.session().ClosePortal(message.name);
  }
  protocol::AppendCloseComplete(reply.bytes());
}

void ExtendedQuery::Sync(Reply& reply) {
  try {
    EndImplicitTransaction();
  } catch (const Error& error) {
    protocol::AppendErrorResponse(reply.bytes(), error);
  }
  // The implicit transaction's end drops SET LOCALs, or undoes SETs when it failed.
  session_.ReportChangedParameters(reply.bytes());
  if (session_.transaction_status() == 'I') portals_.clear();
  protocol::AppendReadyForQuery(reply.bytes(), session_.transaction_status());
}

}  // namespace granary::server
