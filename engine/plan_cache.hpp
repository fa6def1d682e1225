// A prepared statement's plan kept between executions — PostgreSQL's generic cached plan.
//
// A plan is reused only at the catalog version it was made at (any committed catalog change
// makes the next execution plan again), with the bytea_output and TimeZone it folded
// constants under (a folded '2026-01-01'::timestamptz depends on the zone), under the
// search_path (and session user, for "$user") it resolved names along — as PostgreSQL's
// plancache re-plans when the search path changed — and only by a session whose transaction
// has not changed the catalog. Before each reuse the
// relation locks that planning took are taken again in the same order and modes; a catalog
// change that commits meanwhile restarts the statement (storage::CatalogChanged), which then
// plans afresh, exactly as an unprepared statement would.
//
// As in PostgreSQL, a new plan whose result columns differ from the first plan's fails with
// 0A000 "cached plan must not change result type": the client was told the columns when it
// prepared the statement.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/statement_runner.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "types/bytea.hpp"
#include "types/datetime_style.hpp"
#include "types/tz_database.hpp"
#include "types/type.hpp"

namespace granary {

struct CachedPlan {
  PlannedStatement planned;
  uint64_t catalog_version = 0;
  types::ByteaOutput bytea_output = types::ByteaOutput::kHex;
  const types::TimeZone* time_zone = nullptr;  // compared by identity: zones are cached
  std::shared_ptr<const types::TimeZone> time_zone_owner;
  types::DatetimeStyle datetime_style;  // constants cast to text at planning show its styles
  int extra_float_digits = 1;           // and its float digits
  std::string search_path;  // catalog::SearchPath::Key() of the path names were looked up in
  std::vector<planner::RelationLock> locks;
};

// Owned by one prepared statement; used by one session's thread at a time.
struct PlanSlot {
  std::shared_ptr<const CachedPlan> plan;
  std::optional<std::vector<types::Type>> result_types;  // of the first plan
};

}  // namespace granary
