// Statistics and sizes of FROM tables for the cost model (see table_estimates.hpp).
#include "planner/analyze/table_estimates.hpp"

#include "planner/analyze/relation_cache.hpp"

namespace granary::planner {
namespace {

double PagesOf(catalog::Catalog& catalog, storage::RelFileNumber relfile) {
  return static_cast<double>(catalog.RelationBytes(relfile) / static_cast<int64_t>(storage::kPageSize));
}

}  // namespace

void BindTableEstimates(BoundFromItem& item, AnalyzeContext& context) {
  std::optional<RelationCache::StatisticsEntry> statistics;
  if (context.relation_cache != nullptr) {
    statistics = context.relation_cache->FindStatistics(context.catalog_version, item.table.oid);
  }
  if (!statistics) {
    std::optional<catalog::RelationStatistics> found = context.catalog.FindStatistics(item.table, context.snapshot);
    statistics = found ? std::make_shared<const catalog::RelationStatistics>(std::move(*found)) : nullptr;
    if (context.relation_cache != nullptr) {
      context.relation_cache->StoreStatistics(context.catalog_version, item.table.oid, *statistics);
    }
  }
  item.statistics = *statistics;
  item.pages = PagesOf(context.catalog, item.table.relfile);
  item.index_pages.clear();
  for (const auto& index : item.indexes) item.index_pages.push_back(PagesOf(context.catalog, index->schema.relfile));
}

}  // namespace granary::planner
