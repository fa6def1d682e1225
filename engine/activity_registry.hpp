// ActivityRegistry — what every session of a database is doing, for pg_stat_activity.
//
// Each session registers when it connects and leaves when it closes; it reports the start
// and end of each statement (state and query text) to its own entry.
// Thread-safety: thread-safe. Each entry has its own mutex, so a session reporting a
// statement (twice per statement, from every session) touches only its entry and never
// waits for the others; the registry's mutex guards the set of entries, taken to register,
// to leave and to list them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "catalog/system_views.hpp"

namespace granary {

class ActivityRegistry {
 public:
  // One session's entry.
  class Entry {
   public:
    // Applies `change` to the entry under its mutex.
    template <typename Change>
    void Update(Change&& change) {
      std::lock_guard lock(mutex_);
      change(activity_);
    }

   private:
    friend class ActivityRegistry;
    explicit Entry(uint64_t id, catalog::SessionActivity activity) : id_(id), activity_(std::move(activity)) {}
    const uint64_t id_;
    std::mutex mutex_;
    catalog::SessionActivity activity_;
  };

  // Registers a session; the entry stays listed until Unregister.
  std::shared_ptr<Entry> Register(catalog::SessionActivity activity);
  void Unregister(const Entry& entry);
  // Every session, in connection order.
  std::vector<catalog::SessionActivity> Sessions() const;

  // Microseconds since 2000-01-01 UTC (PostgreSQL's timestamp epoch), now.
  static int64_t Now();

 private:
  mutable std::mutex mutex_;  // before any entry's mutex
  std::map<uint64_t, std::shared_ptr<Entry>> sessions_;
  uint64_t next_id_ = 1;
};

}  // namespace granary
