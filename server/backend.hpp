// Backend — the protocol state of one connection, fed one message at a time: the startup
// phase until the client is authenticated, then the session's simple and extended query
// protocols (PostgreSQL's PostgresMain loop, without the loop: the connection drives it).
//
// Thread-safety: Handle runs on one worker at a time; CancelStatement and ReadyStatus may be
// called from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <string_view>

#include "server/extended_query.hpp"
#include "server/query_session.hpp"
#include "server/reply.hpp"
#include "server/server_context.hpp"
#include "server/startup.hpp"

namespace granary::server {

class Backend {
 public:
  enum class Next { kContinue, kClose };

  Backend(ServerContext& server, PeerInfo peer, uint64_t connection_id);
  ~Backend();
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // One message: `type` 0 for an untyped startup packet. Replies go to `reply`. kClose after
  // Terminate, a FATAL error (already written) or a CancelRequest.
  Next Handle(char type, std::string_view payload, Reply& reply);
  // A message that could not be framed (08P01): written as FATAL.
  static void AppendFatal(std::string& out, const Error& error);

  void CancelStatement();
  // 'I', 'T', 'E' once the session is ready for queries; 0 while starting up.
  char ReadyStatus() const { return ready_status_.load(); }

 private:
  Next HandleStartup(char type, std::string_view payload, Reply& reply);
  Next HandleQueryMessage(char type, std::string_view payload, Reply& reply);
  void HandleExtendedMessage(char type, std::string_view payload, Reply& reply);
  // After an extended-protocol message failed: skip until Sync, and fail the transaction.
  void FailAfterError();
  // Copy-in mode (PostgreSQL's CopyGetData): CopyData feeds the COPY, CopyDone ends it,
  // CopyFail abandons it (57014); Flush and Sync are ignored; any other message is 08P01
  // and ends it.
  Next HandleCopyMessage(char type, std::string_view payload, Reply& reply);
  // An error ended the COPY: ErrorResponse, then ReadyForQuery (simple Query) or the skip
  // until Sync (extended protocol).
  void EndCopyWithError(const Error& error, Reply& reply);

  ServerContext& server_;
  const uint64_t connection_id_;
  std::unique_ptr<StartupPhase> startup_;
  std::unique_ptr<QuerySession> session_;
  std::unique_ptr<ExtendedQuery> extended_;
  bool holds_session_slot_ = false;
  bool skipping_until_sync_ = false;
  // A COPY FROM STDIN waiting for CopyData, started by a simple Query or by Execute.
  enum class CopyIn { kNone, kSimple, kExtended };
  CopyIn copy_in_ = CopyIn::kNone;
  std::atomic<Session*> cancel_target_{nullptr};
  std::atomic<char> ready_status_{0};
};

}  // namespace granary::server
