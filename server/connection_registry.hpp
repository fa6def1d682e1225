// ConnectionRegistry — the server's shared view of its connections: the session count that
// max_connections limits, the backend keys CancelRequests name, and the live connections
// that a fast shutdown must end.
//
// Thread-safety: every member is thread-safe (one mutex).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace granary::server {

// What a CancelRequest or a shutdown reaches: a connection, from any thread.
class ConnectionHandle {
 public:
  virtual ~ConnectionHandle() = default;
  // Cancels the statement running for this connection, if any.
  virtual void CancelStatement() = 0;
  // Ends the connection with FATAL 57P01 (fast shutdown).
  virtual void Terminate() = 0;
};

struct BackendKey {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};

class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(int max_sessions) : max_sessions_(max_sessions) {}

  // Every accepted connection, until it is gone; returns its id.
  uint64_t Track(std::weak_ptr<ConnectionHandle> connection);
  void Untrack(uint64_t id);
  // Reserves a session slot: false when max_connections sessions exist already.
  bool TryAddSession();
  void RemoveSession();
  // A fresh backend key (process id unique in this server, secret random) for `id`.
  BackendKey AssignKey(uint64_t id);
  // Cancels the statement of the connection holding `key` (a wrong secret does nothing).
  void Cancel(const BackendKey& key);
  // The connection whose backend key has `process_id` (pg_cancel_backend and
  // pg_terminate_backend name backends so), or null.
  std::shared_ptr<ConnectionHandle> FindProcess(int32_t process_id);
  // Every live connection (for shutdown) and how many there are.
  std::vector<std::shared_ptr<ConnectionHandle>> LiveConnections();
  size_t tracked() const;
  // Blocks until no connection is tracked.
  void WaitUntilEmpty();

 private:
  struct Entry {
    std::weak_ptr<ConnectionHandle> connection;
    BackendKey key;
  };

  const int max_sessions_;
  mutable std::mutex mutex_;
  std::condition_variable empty_;
  std::unordered_map<uint64_t, Entry> connections_;
  std::unordered_map<int32_t, uint64_t> by_process_id_;
  uint64_t next_id_ = 1;
  int32_t next_process_id_ = 1;
  int sessions_ = 0;
};

}  // namespace granary::server
