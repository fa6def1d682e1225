// Message dispatch for one connection.
#include "server/backend.hpp"

#include <cstdio>
#include <exception>

#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"
#include "server/protocol/frontend_messages.hpp"
#include "server/simple_query.hpp"

namespace granary::server {

Backend::Backend(ServerContext& server, PeerInfo peer, uint64_t connection_id)
    : server_(server),
      connection_id_(connection_id),
      startup_(std::make_unique<StartupPhase>(server, std::move(peer))) {}

Backend::~Backend() {
  cancel_target_.store(nullptr);
  extended_.reset();
  session_.reset();  // rolls back an open transaction
  if (holds_session_slot_) server_.registry.RemoveSession();
}

void Backend::AppendFatal(std::string& out, const Error& error) {
  protocol::AppendErrorResponse(out, error, Severity::kFatal);
}

void Backend::CancelStatement() {
  if (Session* session = cancel_target_.load()) session->Cancel();
}

Backend::Next Backend::Handle(char type, std::string_view payload, Reply& reply) {
  try {
    if (startup_) return HandleStartup(type, payload, reply);
    return HandleQueryMessage(type, payload, reply);
  } catch (const Error& error) {
    // Errors reaching here end the connection: startup failures, unframeable messages.
    AppendFatal(reply.bytes(), error);
    return Next::kClose;
  } catch (const std::exception& error) {
    AppendFatal(reply.bytes(), Error(sqlstate::kInternalError, error.what()));
    return Next::kClose;
  }
}

Backend::Next Backend::HandleStartup(char type, std::string_view payload, Reply& reply) {
  const StartupPhase::Step step = startup_->Handle(type, payload, reply.bytes());
  if (step == StartupPhase::Step::kContinue) return Next::kContinue;
  if (step == StartupPhase::Step::kClose) return Next::kClose;

  const StartupResult& result = startup_->result();
  SessionOptions options;
  options.user = result.user;
  options.superuser = result.superuser;
  options.settings = result.settings;
  options.database = result.database;
  options.client_address = startup_->peer().host;
  options.client_port = startup_->peer().port;
  // The backend key is what pg_stat_activity shows as pid; it is assigned before the
  // session exists so that the session can report it.
  const BackendKey key = server_.registry.AssignKey(connection_id_);
  options.process_id = key.process_id;
  Session session;
  try {
    session = server_.database.Connect(options);
  } catch (const Error& error) {
    throw Error(error.sqlstate(), error.message(), Severity::kFatal).WithDetail(error.detail());
  }
  startup_->ReleaseSlotOwnership();
  holds_session_slot_ = true;
  startup_.reset();
  session_ = std::make_unique<QuerySession>(std::move(session));
  extended_ = std::make_unique<ExtendedQuery>(*session_);
  cancel_target_.store(&session_->session());

  session_->ReportAllParameters(reply.bytes());
  protocol::AppendBackendKeyData(reply.bytes(), key.process_id, key.secret_key);
  protocol::AppendReadyForQuery(reply.bytes(), session_->transaction_status());
  ready_status_.store(session_->transaction_status());
  return Next::kContinue;
}

Backend::Next Backend::HandleQueryMessage(char type, std::string_view payload, Reply& reply) {
  // PostgreSQL's SocketBackend: Sync and Terminate end a skip after an extended-protocol
  // error; every other message is skipped until then.
  if (copy_in_ != CopyIn::kNone) {
    const Next next = HandleCopyMessage(type, payload, reply);
    ready_status_.store(session_->transaction_status());
    return next;
  }
  if (type == 'S' || type == 'X') skipping_until_sync_ = false;
  if (skipping_until_sync_) return Next::kContinue;
  switch (type) {
    case 'X':
      return Next::kClose;
    case 'Q': {
      std::string sql;
      try {
        sql = protocol::DecodeQuery(payload);
      } catch (const Error& error) {
        protocol::AppendErrorResponse(reply.bytes(), error);
        protocol::AppendReadyForQuery(reply.bytes(), session_->transaction_status());
        break;
      }
      extended_->EndImplicitTransaction();
      if (RunSimpleQuery(*session_, sql, reply)) copy_in_ = CopyIn::kSimple;
      break;
    }
    case 'S':
      try {
        protocol::DecodeEmpty(payload);
      } catch (const Error& error) {
        // As PostgreSQL: an error in Sync itself starts no skip; ReadyForQuery follows.
        protocol::AppendErrorResponse(reply.bytes(), error);
      }
      extended_->Sync(reply);
      break;
    case 'H':  // the connection sends what is buffered after each message anyway
    case 'P':
    case 'B':
    case 'D':
    case 'E':
    case 'C':
      HandleExtendedMessage(type, payload, reply);
      break;
    case 'd':
    case 'c':
    case 'f':
      break;  // COPY messages outside COPY are ignored, as the protocol specifies
    case 'F':
      protocol::AppendErrorResponse(reply.bytes(),
                                    Error(sqlstate::kFeatureNotSupported,
                                          "fastpath function calls are not supported"));
      protocol::AppendReadyForQuery(reply.bytes(), session_->transaction_status());
      break;
    default:
      throw Error(sqlstate::kProtocolViolation,
                  "invalid frontend message type " + std::to_string(static_cast<unsigned char>(type)));
  }
  ready_status_.store(session_->transaction_status());
  return Next::kContinue;
}

void Backend::HandleExtendedMessage(char type, std::string_view payload, Reply& reply) {
  try {
    switch (type) {
      case 'P': extended_->Parse(protocol::DecodeParse(payload), reply); break;
      case 'B': extended_->Bind(protocol::DecodeBind(payload), reply); break;
      case 'D': extended_->Describe(protocol::DecodeDescribe(payload), reply); break;
      case 'E':
        extended_->Execute(protocol::DecodeExecute(payload), reply);
        if (session_->session().copy_in_progress()) copy_in_ = CopyIn::kExtended;
        break;
      case 'C': extended_->Close(protocol::DecodeClose(payload), reply); break;
      case 'H': protocol::DecodeEmpty(payload); break;
      default: break;
    }
  } catch (const Error& error) {
    if (error.severity() >= Severity::kFatal) throw;
    protocol::AppendErrorResponse(reply.bytes(), error);
    FailAfterError();
  } catch (const std::exception& error) {
    protocol::AppendErrorResponse(reply.bytes(), Error(sqlstate::kInternalError, error.what()));
    FailAfterError();
  }
}

void Backend::FailAfterError() {
  skipping_until_sync_ = true;
  // As PostgreSQL, where every ERROR aborts the transaction: an error of the protocol's own
  // (an unknown portal or statement, a Bind that fails, a Parse) fails a block like a
  // statement's error, and rolls back the implicit transaction.
  session_->session().FailTransaction();
}

void Backend::EndCopyWithError(const Error& error, Reply& reply) {
  const CopyIn mode = copy_in_;
  copy_in_ = CopyIn::kNone;
  protocol::AppendErrorResponse(reply.bytes(), error);
  if (mode == CopyIn::kSimple) {
    protocol::AppendReadyForQuery(reply.bytes(), session_->transaction_status());
  } else {
    skipping_until_sync_ = true;
  }
}

Backend::Next Backend::HandleCopyMessage(char type, std::string_view payload, Reply& reply) {
  Session& session = session_->session();
  try {
    switch (type) {
      case 'd':
        session.CopyData(payload);
        return Next::kContinue;
      case 'c':
        protocol::DecodeEmpty(payload);
        if (copy_in_ == CopyIn::kSimple) {
          if (!ContinueSimpleQuery(*session_, reply)) copy_in_ = CopyIn::kNone;
        } else {
          copy_in_ = CopyIn::kNone;
          Result done = session.CopyDone();
          session_->AppendResult(reply, done, {}, false);
        }
        return Next::kContinue;
      case 'f':
        session.CopyFail(protocol::DecodeCopyFail(payload));
        return Next::kContinue;
      case 'H':
      case 'S':
        // Ignored for clients (libpq among them) that send them without noticing the COPY.
        return Next::kContinue;
      case 'X':
        return Next::kClose;  // the session's destructor rolls the COPY back
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(type));
        const Error unexpected(sqlstate::kProtocolViolation,
                               std::string("unexpected message type ") + hex + " during COPY from stdin");
        try {
          session.CopyFail(unexpected.message());
        } catch (const Error&) {  // NOLINT(bugprone-empty-catch): the protocol error is reported
        }
        // As PostgreSQL: the message was taken as COPY data, so the client and the server no
        // longer agree on where messages start; the connection ends.
        protocol::AppendErrorResponse(reply.bytes(), unexpected);
        AppendFatal(reply.bytes(), Error(sqlstate::kProtocolViolation,
                                         "terminating connection because protocol synchronization was lost"));
        return Next::kClose;
      }
    }
  } catch (const Error& error) {
    if (error.severity() >= Severity::kFatal) throw;
    EndCopyWithError(error, reply);
  } catch (const std::exception& error) {
    if (session.copy_in_progress()) {
      try {
        session.CopyFail(error.what());
      } catch (const Error&) {  // NOLINT(bugprone-empty-catch): the original error is reported
      }
    }
    EndCopyWithError(Error(sqlstate::kInternalError, error.what()), reply);
  }
  return Next::kContinue;
}

}  // namespace granary::server
