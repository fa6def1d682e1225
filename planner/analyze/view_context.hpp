// The context a view's query binds in: the view's own text (for error positions) and the
// search path it was made with, sharing the statement's catalog, snapshot, locks and caches.
// The tables the view reads are locked like the view (PostgreSQL's AcquireRewriteLocks), so
// that no DROP or TRUNCATE of them runs while the statement uses them.
#pragma once

#include "catalog/table_schema.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary::planner {

struct ViewContext {
  catalog::SearchPath path;
  AnalyzeContext context;

  ViewContext(const catalog::TableSchema& view, AnalyzeContext& outer)
      : context{outer.catalog, outer.snapshot, view.view_definition, outer.param_types} {
    context.locks = outer.locks;
    context.search_path = outer.search_path;
    if (view.view_search_path) {
      path = catalog::SearchPath::FromSetting(*view.view_search_path, "");
      context.search_path = &path;
    }
    context.database = outer.database;
    context.relation_cache = outer.relation_cache;
    context.catalog_version = outer.catalog_version;
    context.locks_taken = outer.locks_taken;
    context.statement_nesting = 1;  // a view's WITH is never the top-level statement's
    context.key_dependencies = outer.key_dependencies;
  }
  ViewContext(const ViewContext&) = delete;
  ViewContext& operator=(const ViewContext&) = delete;
};

}  // namespace granary::planner
