#include "engine/activity_registry.hpp"

#include <chrono>

namespace granary {

std::shared_ptr<ActivityRegistry::Entry> ActivityRegistry::Register(catalog::SessionActivity activity) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  activity.backend_id = id;
  std::shared_ptr<Entry> entry(new Entry(id, std::move(activity)));
  sessions_.emplace(id, entry);
  return entry;
}

void ActivityRegistry::Unregister(const Entry& entry) {
  std::lock_guard lock(mutex_);
  sessions_.erase(entry.id_);
}

std::vector<catalog::SessionActivity> ActivityRegistry::Sessions() const {
  std::lock_guard lock(mutex_);
  std::vector<catalog::SessionActivity> copies;
  copies.reserve(sessions_.size());
  for (const auto& [id, entry] : sessions_) {
    std::lock_guard entry_lock(entry->mutex_);
    copies.push_back(entry->activity_);
  }
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
