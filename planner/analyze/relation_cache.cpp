// The shared cache of table descriptions and bound indexes.
#include "planner/analyze/relation_cache.hpp"

#include <mutex>

namespace granary::planner {
namespace {

// Schema names cannot contain NUL, so the key is unambiguous.
std::string TableKey(std::string_view schema, std::string_view name) {
  std::string key(schema);
  key += '\0';
  key += name;
  return key;
}

}  // namespace

std::shared_ptr<const catalog::TableSchema> RelationCache::FindTable(uint64_t version,
                                                                     std::string_view schema,
                                                                     std::string_view name) const {
  std::shared_lock lock(mutex_);
  if (version != version_) return nullptr;
  const auto found = tables_.find(TableKey(schema, name));
  return found == tables_.end() ? nullptr : found->second;
}

void RelationCache::StoreTable(uint64_t version, std::string_view schema, std::string_view name,
                               catalog::TableSchema table) {
  auto entry = std::make_shared<const catalog::TableSchema>(std::move(table));
  std::unique_lock lock(mutex_);
  if (!PrepareStore(version)) return;
  tables_[TableKey(schema, name)] = std::move(entry);
}

std::shared_ptr<const BoundIndexes> RelationCache::FindIndexes(uint64_t version,
                                                               catalog::Oid table) const {
  std::shared_lock lock(mutex_);
  if (version != version_) return nullptr;
  const auto found = indexes_.find(table);
  return found == indexes_.end() ? nullptr : found->second;
}

void RelationCache::StoreIndexes(uint64_t version, catalog::Oid table, BoundIndexes indexes) {
  auto entry = std::make_shared<const BoundIndexes>(std::move(indexes));
  std::unique_lock lock(mutex_);
  if (!PrepareStore(version)) return;
  indexes_[table] = std::move(entry);
}

std::optional<RelationCache::StatisticsEntry> RelationCache::FindStatistics(uint64_t version,
                                                                          catalog::Oid table) const {
  std::shared_lock lock(mutex_);
  if (version != version_) return std::nullopt;
  const auto found = statistics_.find(table);
  if (found == statistics_.end()) return std::nullopt;
  return found->second;
}

void RelationCache::StoreStatistics(uint64_t version, catalog::Oid table, StatisticsEntry statistics) {
  std::unique_lock lock(mutex_);
  if (!PrepareStore(version)) return;
  statistics_[table] = std::move(statistics);
}

bool RelationCache::PrepareStore(uint64_t version) {
  if (version < version_) return false;
  if (version > version_ || tables_.size() >= kMaxEntries || indexes_.size() >= kMaxEntries ||
      statistics_.size() >= kMaxEntries) {
    tables_.clear();
    indexes_.clear();
    statistics_.clear();
    version_ = version;
  }
  return true;
}

}  // namespace granary::planner
