// The registry of connections: session slots, backend keys, shutdown.
#include "server/connection_registry.hpp"

#include <cstring>

#include "auth/crypto.hpp"

namespace granary::server {

uint64_t ConnectionRegistry::Track(std::weak_ptr<ConnectionHandle> connection) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  connections_.emplace(id, Entry{std::move(connection), {}});
  return id;
}

void ConnectionRegistry::Untrack(uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  by_process_id_.erase(it->second.key.process_id);
  connections_.erase(it);
  if (connections_.empty()) empty_.notify_all();
}

bool ConnectionRegistry::TryAddSession() {
  std::lock_guard lock(mutex_);
  if (sessions_ >= max_sessions_) return false;
  ++sessions_;
  return true;
}

void ConnectionRegistry::RemoveSession() {
  std::lock_guard lock(mutex_);
  --sessions_;
}

BackendKey ConnectionRegistry::AssignKey(uint64_t id) {
  const std::string random = auth::RandomBytes(sizeof(int32_t));
  BackendKey key;
  std::memcpy(&key.secret_key, random.data(), sizeof key.secret_key);
  std::lock_guard lock(mutex_);
  // Process ids count up and skip ones still in use, so a key names one live connection.
  do {
    key.process_id = next_process_id_;
    next_process_id_ = next_process_id_ == INT32_MAX ? 1 : next_process_id_ + 1;
  } while (by_process_id_.count(key.process_id) != 0);
  by_process_id_[key.process_id] = id;
  const auto it = connections_.find(id);
  if (it != connections_.end()) it->second.key = key;
  return key;
}

void ConnectionRegistry::Cancel(const BackendKey& key) {
  std::shared_ptr<ConnectionHandle> target;
  {
    std::lock_guard lock(mutex_);
    const auto id = by_process_id_.find(key.process_id);
    if (id == by_process_id_.end()) return;
    const auto it = connections_.find(id->second);
    if (it == connections_.end() || it->second.key.secret_key != key.secret_key) return;
    target = it->second.connection.lock();
  }
  if (target) target->CancelStatement();
}

std::shared_ptr<ConnectionHandle> ConnectionRegistry::FindProcess(int32_t process_id) {
  std::lock_guard lock(mutex_);
  const auto id = by_process_id_.find(process_id);
  if (id == by_process_id_.end()) return nullptr;
  const auto it = connections_.find(id->second);
  return it == connections_.end() ? nullptr : it->second.connection.lock();
}

std::vector<std::shared_ptr<ConnectionHandle>> ConnectionRegistry::LiveConnections() {
  std::vector<std::shared_ptr<ConnectionHandle>> live;
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : connections_) {
    if (auto connection = entry.connection.lock()) live.push_back(std::move(connection));
  }
  return live;
}

size_t ConnectionRegistry::tracked() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void ConnectionRegistry::WaitUntilEmpty() {
  std::unique_lock lock(mutex_);
  empty_.wait(lock, [this] { return connections_.empty(); });
}

}  // namespace granary::server
