// What planning reads from the catalog for nearly every statement — a table's description by
// name and its bound indexes — kept for all sessions while the catalog does not change.
//
// Entries belong to one catalog version (the database's counter, bumped by every commit that
// changed the catalog, after the commit is visible and before its locks are released). A
// statement looks up and stores under the version it read before taking its catalog
// snapshot, so what it stores is at least as new as that version; an entry of an older
// version is never returned, and the first store of a newer version empties the cache. A
// statement that used a stale entry finds out when it locks the relation (the lock context
// compares versions and restarts the statement), exactly as one that read the catalog itself.
//
// A session whose transaction changed the catalog (its own rows not yet committed) must not
// use the cache: its lookups see rows no one else sees.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog/statistics.hpp"
#include "catalog/table_schema.hpp"

namespace granary::planner {

struct BoundIndex;
using BoundIndexes = std::vector<std::shared_ptr<const BoundIndex>>;

class RelationCache {
 public:
  // The table `schema`.`name` (schema empty: the search path) as found at `version`.
  std::shared_ptr<const catalog::TableSchema> FindTable(uint64_t version, std::string_view schema,
                                                        std::string_view name) const;
  void StoreTable(uint64_t version, std::string_view schema, std::string_view name,
                  catalog::TableSchema table);

  // The bound indexes of the table with oid `table` at `version` (BoundIndexes are immutable
  // once bound, so plans of all sessions may share them).
  std::shared_ptr<const BoundIndexes> FindIndexes(uint64_t version, catalog::Oid table) const;
  void StoreIndexes(uint64_t version, catalog::Oid table, BoundIndexes indexes);

  // The planner statistics of table `table` at `version` (ANALYZE changes the catalog
  // version); a null pointer inside the entry: the table was never analyzed.
  using StatisticsEntry = std::shared_ptr<const catalog::RelationStatistics>;
  std::optional<StatisticsEntry> FindStatistics(uint64_t version, catalog::Oid table) const;
  void StoreStatistics(uint64_t version, catalog::Oid table, StatisticsEntry statistics);

 private:
  // Under the exclusive lock: false when `version` is older than the cache's (nothing to
  // store); empties the cache when it is newer or the cache is full.
  bool PrepareStore(uint64_t version);

  // A database with very many tables keeps at most this many of each kind of entry.
  static constexpr size_t kMaxEntries = 4096;

  mutable std::shared_mutex mutex_;
  uint64_t version_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const catalog::TableSchema>> tables_;
  std::unordered_map<catalog::Oid, std::shared_ptr<const BoundIndexes>> indexes_;
  std::unordered_map<catalog::Oid, StatisticsEntry> statistics_;
};

}  // namespace granary::planner
