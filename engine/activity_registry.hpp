// ActivityRegistry — what every session of a database is doing, for pg_stat_activity.
//
// Each session registers when it connects and leaves when it closes; it reports the start
// and end of each statement (state and query text). Readers get a copy of every entry.
// Thread-safety: thread-safe (one mutex, held only to copy or change an entry).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "catalog/system_views.hpp"

namespace granary {

class ActivityRegistry {
 public:
  // Registers a session; returns its entry's id.
  uint64_t Register(catalog::SessionActivity activity);
  void Unregister(uint64_t id);
  // Applies `change` to the entry under the registry's mutex.
  void Update(uint64_t id, const std::function<void(catalog::SessionActivity&)>& change);
  // Every session, in connection order.
  std::vector<catalog::SessionActivity> Sessions() const;

  // Microseconds since 2000-01-01 UTC (PostgreSQL's timestamp epoch), now.
  static int64_t Now();

 private:
  mutable std::mutex mutex_;
  std::map<uint64_t, catalog::SessionActivity> sessions_;
  uint64_t next_id_ = 1;
};

}  // namespace granary
