// Connection — one client socket: reading and framing bytes on an I/O thread, running its
// messages on a worker, writing replies back, idle timers, and its end.
//
// Threads: socket I/O and timers run on the connection's strand (an I/O thread); messages run
// on the worker pool, one job per connection at a time, handed over through a small queue
// under `mutex_`. A job takes messages until the queue is empty and then gives its worker
// back, so an idle or slow client never holds a worker: its input waits on the socket and its
// output in `outbox_`. Reading pauses while more than kInboxLimit bytes of messages wait, and
// a job pauses while more than kOutboxLimit bytes of replies are unsent, so a client that
// sends without reading cannot make the server buffer without bound.
//
// Lifetime: shared_ptr owned by pending handlers and jobs; the registry holds a weak_ptr.
// When the socket closes, the Backend (and with it the session, which rolls back) is
// destroyed on a worker after any running job, then the connection is untracked.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "server/backend.hpp"
#include "server/protocol/framing.hpp"
#include "server/connection_registry.hpp"
#include "server/reply.hpp"
#include "server/server_context.hpp"
#include "server/worker_pool.hpp"

namespace granary::server {

class Connection : public ConnectionHandle,
                   public ReplySink,
                   public std::enable_shared_from_this<Connection> {
 public:
  static constexpr size_t kInboxLimit = 1 << 20;
  static constexpr size_t kOutboxLimit = 4 << 20;

  // `socket` must use a strand of the I/O context as its executor.
  Connection(ServerContext& server, boost::asio::ip::tcp::socket socket,
             WorkerPool& workers);
  ~Connection() override;

  void Start();
  void CancelStatement() override;
  void Terminate() override;
  void Send(std::string& bytes) override;

 private:
  struct Message {
    char type = 0;  // 0: untyped startup packet; kFramingError: `payload` is the error
    std::string payload;
  };
  static constexpr char kFramingError = '\xff';

  // Strand.
  void WaitForInput();
  void OnReadable(const boost::system::error_code& error);
  void FrameInput();
  void StartWrite();
  void OnWritten(const boost::system::error_code& error);
  void AfterJob();
  void ArmTimer();
  void OnTimer(const boost::system::error_code& error, uint64_t generation);
  void EndWithFatal(std::string_view sqlstate, std::string message);
  void CloseSocket();
  void OnPeerGone();
  // Any thread, with `mutex_` held: whether a job must be started (the caller starts it with
  // PostJob once the mutex is released).
  bool ClaimJobLocked();
  void PostJob();
  // Any thread, with `mutex_` held.
  void ScheduleCleanupLocked();
  // Worker.
  void RunJob();
  // Sends the outbox from the worker when no strand write is in flight, sparing the strand a
  // hop per reply; false when bytes remain for the strand to write.
  bool WriteFromWorker();
  // Worker, in the middle of a reply (Send): returns once no more than kOutboxLimit bytes are
  // unsent (or the socket has closed), sending them itself as the socket takes them.
  void WaitForOutboxRoom();
  // Whether the strand must run AfterJob (resume reading, re-arm a timer, write, close).
  bool NeedsStrandAfterJob();
  void Cleanup();

  ServerContext& server_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  WorkerPool& workers_;
  uint64_t id_ = 0;

  // Strand only.
  std::string input_;
  protocol::FramingPhase phase_ = protocol::FramingPhase::kStartup;
  bool reading_ = false;
  bool input_closed_ = false;  // EOF, a framing error, or a CancelRequest: read no more
  bool socket_closed_ = false;
  std::string write_buffer_;
  uint64_t timer_generation_ = 0;
  bool timer_pending_ = false;  // ArmTimer's wait is armed and has not completed
  std::chrono::steady_clock::time_point authentication_deadline_;

  // Shared between the strand and the job, under mutex_.
  std::mutex mutex_;
  std::deque<Message> inbox_;
  size_t inbox_bytes_ = 0;
  std::string outbox_;
  bool job_running_ = false;
  bool write_in_flight_ = false;           // the strand's async_write owns write_buffer_
  bool fd_closed_ = false;                 // CloseSocket closed the descriptor
  bool strand_wanted_after_job_ = false;   // reading paused or a timer skipped during a job
  bool close_after_flush_ = false;  // the backend ended the session
  bool closing_ = false;            // no more messages are run
  bool cleanup_scheduled_ = false;
  bool terminate_pending_ = false;  // shutdown arrived while a job ran
  std::unique_ptr<Backend> backend_;
  // The running job was started by a strand handler on its own thread (PostJob), so the
  // strand runs nothing else until it ends.
  std::atomic<bool> job_on_strand_{false};
};

}  // namespace granary::server
