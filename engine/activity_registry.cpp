#include "engine/activity_registry.hpp"

#include <chrono>

namespace granary {

uint64_t ActivityRegistry::Register(catalog::SessionActivity activity) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  sessions_.emplace(id, std::move(activity));
  return id;
}

void ActivityRegistry::Unregister(uint64_t id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void ActivityRegistry::Update(uint64_t id,
                              const std::function<void(catalog::SessionActivity&)>& change) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it != sessions_.end()) change(it->second);
}

std::vector<catalog::SessionActivity> ActivityRegistry::Sessions() const {
  std::lock_guard lock(mutex_);
  std::vector<catalog::SessionActivity> copies;
  copies.reserve(sessions_.size());
  for (const auto& [id, activity] : sessions_) copies.push_back(activity);
  return copies;
}

int64_t ActivityRegistry::Now() {
  // 946684800 seconds from the Unix epoch to 2000-01-01.
  constexpr int64_t kPostgresEpochMicroseconds = 946684800LL * 1000000;
  const auto since_unix = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return since_unix.count() - kPostgresEpochMicroseconds;
}

}  // namespace granary
