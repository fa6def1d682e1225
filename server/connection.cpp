// A client connection: socket I/O on the strand, messages on the worker pool.
#include "server/connection.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <optional>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "common/blocking_region.hpp"
#include "common/sqlstate.hpp"
#include "server/protocol/framing.hpp"

namespace granary::server {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaximumRead = 1 << 20;
constexpr size_t kKeepBufferCapacity = 64 * 1024;
constexpr auto kFinalWriteGrace = std::chrono::seconds(1);

PeerInfo PeerOf(const asio::ip::tcp::socket& socket) {
  PeerInfo peer;
  error_code error;
  const asio::ip::tcp::endpoint endpoint = socket.remote_endpoint(error);
  if (error) return peer;
  asio::ip::address address = endpoint.address();
  peer.port = endpoint.port();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  peer.host = address.to_string();
  if (auto parsed = auth::IpAddress::Parse(peer.host)) peer.address = *parsed;
  return peer;
}

bool IsCancelRequest(const protocol::Frame& frame) {
  return frame.type == 0 && frame.payload.size() >= 4 &&
         protocol::ReadInt32(frame.payload) == protocol::kCancelRequestCode;
}

}  // namespace

Connection::Connection(ServerContext& server, asio::ip::tcp::socket socket,
                       WorkerPool& workers)
    : server_(server), socket_(std::move(socket)), timer_(socket_.get_executor()), workers_(workers) {}

Connection::~Connection() = default;

void Connection::Start() {
  id_ = server_.registry.Track(weak_from_this());
  error_code ignored;
  socket_.non_blocking(true, ignored);
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  backend_ = std::make_unique<Backend>(server_, PeerOf(socket_), id_);
  authentication_deadline_ = std::chrono::steady_clock::now() +
                             std::chrono::milliseconds(server_.authentication_timeout_ms.load());
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    self->ArmTimer();
    self->WaitForInput();
  });
}

// ---------------------------------------------------------------- reading (strand)

void Connection::WaitForInput() {
  if (reading_ || input_closed_ || socket_closed_) return;
  {
    std::lock_guard lock(mutex_);
    if (inbox_bytes_ > kInboxLimit || closing_) {
      strand_wanted_after_job_ = true;  // AfterJob resumes
      return;
    }
  }
  reading_ = true;
  socket_.async_wait(asio::ip::tcp::socket::wait_read,
                     [self = shared_from_this()](const error_code& error) { self->OnReadable(error); });
}

void Connection::OnReadable(const error_code& error) {
  reading_ = false;
  if (socket_closed_) return;
  if (error) {
    OnPeerGone();
    return;
  }
  // Read until the socket is drained, through a scratch buffer: sizing the read with
  // FIONREAD would cost a system call per message.
  thread_local std::array<char, kReadChunk> scratch;
  error_code read_error;
  size_t received = 0;
  bool got_bytes = false;
  do {
    received = socket_.read_some(asio::buffer(scratch), read_error);
    if (read_error) break;
    input_.append(scratch.data(), received);
    got_bytes = true;
  } while (received == scratch.size() && input_.size() < kMaximumRead);
  const bool drained = read_error == asio::error::would_block || read_error == asio::error::try_again;
  if (read_error && !drained) {
    if (got_bytes) FrameInput();  // what came before the end still runs
    OnPeerGone();
    return;
  }
  if (!got_bytes) {
    WaitForInput();
    return;
  }
  FrameInput();
  ArmTimer();
  WaitForInput();
}

void Connection::FrameInput() {
  std::vector<Message> messages;
  size_t consumed = 0;
  try {
    while (!input_closed_) {
      const std::optional<protocol::Frame> frame =
          protocol::TakeFrame(std::string_view(input_).substr(consumed), phase_);
      if (!frame) break;
      if (IsCancelRequest(*frame)) input_closed_ = true;  // nothing may follow it
      messages.push_back(Message{frame->type, std::string(frame->payload)});
      phase_ = protocol::PhaseAfter(*frame, phase_);
      consumed += frame->size;
    }
  } catch (const Error& error) {
    // The stream cannot be framed any further: what came before still runs, then FATAL.
    messages.push_back(Message{kFramingError, error.message()});
    input_closed_ = true;
  }
  input_.erase(0, consumed);
  if (input_closed_) input_.clear();
  if (input_.empty() && input_.capacity() > kKeepBufferCapacity) std::string().swap(input_);
  if (messages.empty()) return;
  bool post = false;
  {
    std::lock_guard lock(mutex_);
    for (Message& message : messages) {
      inbox_bytes_ += message.payload.size();
      inbox_.push_back(std::move(message));
    }
    post = ClaimJobLocked();
  }
  if (post) PostJob();
}

void Connection::OnPeerGone() {
  input_closed_ = true;
  CancelStatement();
  bool ending = false;
  {
    std::lock_guard lock(mutex_);
    ending = close_after_flush_;
  }
  if (!input_.empty() && !ending) {
    // The client stopped in the middle of a message.
    input_.clear();
    EndWithFatal(sqlstate::kProtocolViolation, "incomplete message from client");
    return;
  }
  CloseSocket();
}

// ---------------------------------------------------------------- messages (worker)

bool Connection::ClaimJobLocked() {
  if (job_running_ || closing_ || inbox_.empty() || outbox_.size() > kOutboxLimit) return false;
  job_running_ = true;
  return true;
}

void Connection::PostJob() {
  // On a pool thread (the one that read the message) the statement runs here and now: one
  // wake-up per statement instead of a hand-over to another thread. PostJob is called from
  // the strand's handlers, so a job run here holds the strand until it ends.
  WorkerPool::Job job = [self = shared_from_this()] { self->RunJob(); };
  job_on_strand_.store(true, std::memory_order_relaxed);
  const bool ran = workers_.RunHere(job);
  job_on_strand_.store(false, std::memory_order_relaxed);
  if (!ran) workers_.Post(std::move(job));
}

void Connection::RunJob() {
  Reply reply(this);
  while (true) {
    Message message;
    {
      std::lock_guard lock(mutex_);
      if (closing_ || inbox_.empty() || outbox_.size() > kOutboxLimit) {
        job_running_ = false;
        break;
      }
      message = std::move(inbox_.front());
      inbox_.pop_front();
      inbox_bytes_ -= message.payload.size();
    }
    Backend::Next next = Backend::Next::kClose;
    if (message.type == kFramingError) {
      Backend::AppendFatal(reply.bytes(), Error(sqlstate::kProtocolViolation, message.payload));
    } else {
      next = backend_->Handle(message.type, message.payload, reply);
    }
    bool flush = false;
    {
      std::lock_guard lock(mutex_);
      outbox_ += reply.bytes();
      if (next == Backend::Next::kClose) {
        close_after_flush_ = true;
        closing_ = true;
      }
      flush = inbox_.empty() || closing_ || outbox_.size() >= Reply::kFlushThreshold;
    }
    reply.bytes().clear();
    if (flush && !WriteFromWorker()) {
      asio::post(socket_.get_executor(), [self = shared_from_this()] { self->StartWrite(); });
    }
  }
  if (NeedsStrandAfterJob()) {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->AfterJob(); });
  }
}

bool Connection::WriteFromWorker() {
  std::lock_guard lock(mutex_);
  if (write_in_flight_ || fd_closed_) return write_in_flight_;  // OnWritten sends the rest
  while (!outbox_.empty()) {
    const ssize_t sent = ::send(socket_.native_handle(), outbox_.data(), outbox_.size(),
                                MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;  // full or failed: the strand's write waits or sees the error
    outbox_.erase(0, static_cast<size_t>(sent));
  }
  if (outbox_.capacity() > kKeepBufferCapacity) std::string().swap(outbox_);
  return true;
}

bool Connection::NeedsStrandAfterJob() {
  std::lock_guard lock(mutex_);
  // backend_ is read under the mutex: once the job has ended, Cleanup may take it.
  const bool authenticating = backend_ && backend_->ReadyStatus() == 0;
  // Without idle timeouts an authenticated session's timer stays disarmed, and reading was
  // re-armed when the messages arrived, so the strand has nothing to do unless it asked.
  const bool wanted = strand_wanted_after_job_ || closing_ || terminate_pending_ || fd_closed_ ||
                      !outbox_.empty() || authenticating || server_.idle_session_timeout_ms.load() > 0 ||
                      server_.idle_in_transaction_session_timeout_ms.load() > 0;
  strand_wanted_after_job_ = false;
  return wanted;
}

void Connection::Send(std::string& bytes) {
  {
    std::lock_guard lock(mutex_);
    outbox_ += bytes;
  }
  bytes.clear();
  // The job sends what the socket takes now (a job running on the strand would otherwise
  // hold every byte until it ends), and waits while more than kOutboxLimit bytes are left.
  if (WriteFromWorker()) return;
  WaitForOutboxRoom();
  bool left = false;
  {
    std::lock_guard lock(mutex_);
    left = !outbox_.empty();
  }
  if (left) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->StartWrite(); });
}

void Connection::WaitForOutboxRoom() {
  constexpr int kPollMilliseconds = 100;
  std::optional<BlockingRegion> blocking;
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (outbox_.size() <= kOutboxLimit || fd_closed_) return;
      // A strand write owns the socket: a job holding the strand cannot wait for its end
      // (the outbox grows past the limit then); any other job waits for it.
      if (write_in_flight_ && job_on_strand_.load(std::memory_order_relaxed)) return;
    }
    // The client reads slower than the statement produces: wait as PostgreSQL's backend
    // blocks in send, with the thread in a blocking region so the pool runs others meanwhile.
    if (!blocking) blocking.emplace();
    pollfd writable{socket_.native_handle(), POLLOUT, 0};
    ::poll(&writable, 1, kPollMilliseconds);
    WriteFromWorker();
  }
}

void Connection::AfterJob() {
  bool terminate = false;
  {
    std::lock_guard lock(mutex_);
    if (socket_closed_) {
      if (!job_running_) ScheduleCleanupLocked();
      return;
    }
    terminate = terminate_pending_ && !job_running_;
    terminate_pending_ = terminate_pending_ && !terminate;
  }
  if (terminate) {
    EndWithFatal(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
    return;
  }
  StartWrite();
  WaitForInput();
  ArmTimer();
}

// ---------------------------------------------------------------- writing (strand)

void Connection::StartWrite() {
  if (socket_closed_) return;
  bool close = false;
  {
    std::lock_guard lock(mutex_);
    if (write_in_flight_) return;
    if (outbox_.empty()) {
      close = close_after_flush_ && !job_running_;
    } else {
      write_buffer_.swap(outbox_);
      write_in_flight_ = true;
    }
  }
  if (close) {
    CloseSocket();
    return;
  }
  if (!write_in_flight_) return;
  asio::async_write(socket_, asio::buffer(write_buffer_),
                    [self = shared_from_this()](const error_code& error, size_t) {
                      self->OnWritten(error);
                    });
}

void Connection::OnWritten(const error_code& error) {
  {
    std::lock_guard lock(mutex_);
    write_in_flight_ = false;
  }
  if (socket_closed_) return;
  if (error) {
    OnPeerGone();
    return;
  }
  write_buffer_.clear();
  if (write_buffer_.capacity() > kKeepBufferCapacity) std::string().swap(write_buffer_);
  bool post = false;
  {
    std::lock_guard lock(mutex_);
    post = ClaimJobLocked();  // a job paused while the outbox was full
  }
  if (post) PostJob();
  StartWrite();
}

// ---------------------------------------------------------------- timers and the end (strand)

void Connection::ArmTimer() {
  if (socket_closed_ || input_closed_) return;
  {
    std::lock_guard lock(mutex_);
    if (job_running_ || !inbox_.empty() || closing_) {
      // Not idle: AfterJob re-arms, when there is a timer to change. Without idle timeouts
      // (NeedsStrandAfterJob checks those) a running statement needs none, which spares the
      // strand a hop after every statement.
      if (!job_running_ || closing_ || timer_pending_ || !input_.empty()) strand_wanted_after_job_ = true;
      return;
    }
  }
  const char status = backend_->ReadyStatus();
  std::chrono::steady_clock::time_point deadline;
  if (status == 0) {
    deadline = authentication_deadline_;
  } else {
    // Waiting for the rest of a message is bounded like authentication; waiting for the
    // next one by the idle timeouts.
    const int milliseconds = !input_.empty()  ? server_.authentication_timeout_ms.load()
                             : status == 'I' ? server_.idle_session_timeout_ms.load()
                                             : server_.idle_in_transaction_session_timeout_ms.load();
    ++timer_generation_;
    if (milliseconds <= 0) {
      if (timer_pending_) timer_.cancel();
      timer_pending_ = false;
      return;
    }
    deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
  }
  const uint64_t generation = ++timer_generation_;
  timer_.expires_at(deadline);
  timer_pending_ = true;
  timer_.async_wait([self = shared_from_this(), generation](const error_code& error) {
    self->OnTimer(error, generation);
  });
}

void Connection::OnTimer(const error_code& error, uint64_t generation) {
  if (generation == timer_generation_) timer_pending_ = false;
  if (error || generation != timer_generation_ || socket_closed_ || input_closed_) return;
  {
    std::lock_guard lock(mutex_);
    if (job_running_ || !inbox_.empty() || closing_) return;
  }
  const char status = backend_->ReadyStatus();
  if (status == 0) {
    EndWithFatal(sqlstate::kProtocolViolation, "canceling authentication due to timeout");
  } else if (!input_.empty()) {
    EndWithFatal(sqlstate::kProtocolViolation, "incomplete message from client");
  } else if (status == 'I') {
    EndWithFatal(sqlstate::kIdleSessionTimeout, "terminating connection due to idle-session timeout");
  } else {
    EndWithFatal(sqlstate::kIdleInTransactionSessionTimeout,
                 "terminating connection due to idle-in-transaction timeout");
  }
}

void Connection::EndWithFatal(std::string_view sqlstate, std::string message) {
  input_closed_ = true;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    close_after_flush_ = true;
    Backend::AppendFatal(outbox_, Error(sqlstate, std::move(message)));
  }
  StartWrite();
  // A client that does not read its last message is not waited for long.
  const uint64_t generation = ++timer_generation_;
  timer_.expires_after(kFinalWriteGrace);
  timer_.async_wait([self = shared_from_this(), generation](const error_code& error) {
    if (!error && generation == self->timer_generation_) self->CloseSocket();
  });
}

void Connection::CloseSocket() {
  if (socket_closed_) return;
  socket_closed_ = true;
  ++timer_generation_;
  timer_.cancel();
  std::lock_guard lock(mutex_);
  // Under the mutex: a worker writing a reply (WriteFromWorker) never sees a closed or reused
  // descriptor.
  fd_closed_ = true;
  error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  closing_ = true;
  if (!job_running_) ScheduleCleanupLocked();
}

void Connection::ScheduleCleanupLocked() {
  if (cleanup_scheduled_) return;
  cleanup_scheduled_ = true;
  workers_.Post([self = shared_from_this()] { self->Cleanup(); });
}

void Connection::Cleanup() {
  std::unique_ptr<Backend> backend;
  {
    std::lock_guard lock(mutex_);
    backend = std::move(backend_);
  }
  backend.reset();  // ends the session: an open transaction rolls back
  server_.registry.Untrack(id_);
}

// ---------------------------------------------------------------- from other threads

void Connection::CancelStatement() {
  std::lock_guard lock(mutex_);
  if (backend_) backend_->CancelStatement();
}

void Connection::Terminate() {
  // At once, not on the strand: a job running on the thread that read its message holds the
  // strand until the statement ends.
  CancelStatement();
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->socket_closed_) return;
    self->CancelStatement();
    {
      std::lock_guard lock(self->mutex_);
      self->closing_ = true;
      if (self->job_running_) {
        self->terminate_pending_ = true;
        return;
      }
    }
    self->EndWithFatal(sqlstate::kAdminShutdown, "terminating connection due to administrator command");
  });
}

}  // namespace granary::server
