// The views that depend on a table's primary key: PostgreSQL records a dependency of a view
// on a primary key constraint when the view's grouped query uses columns that are only
// grouped through that key (functional dependency, planner/analyze/grouping.hpp). Granary
// stores a view as its query text, so the dependency is found by binding each view's query
// and noting the keys it relies on.
#pragma once

#include <vector>

#include "engine/session_impl.hpp"

namespace granary {

// The views of the database whose queries rely on primary key `key_index_oid` (as seen
// under `snapshot`). Views whose queries no longer bind are skipped: they depend on nothing
// that binds today.
std::vector<catalog::TableSchema> ViewsDependingOnKey(Session::Impl& session,
                                                      catalog::Oid key_index_oid,
                                                      const storage::Snapshot& snapshot);

}  // namespace granary
