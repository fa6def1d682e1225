#include "engine/view_dependencies.hpp"

#include <algorithm>
#include <optional>

#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"

namespace granary {

std::vector<catalog::TableSchema> ViewsDependingOnKey(Session::Impl& session,
                                                      catalog::Oid key_index_oid,
                                                      const storage::Snapshot& snapshot) {
  std::vector<catalog::TableSchema> dependents;
  for (const catalog::TableSchema& listed : session.db.catalog->ListTables(snapshot, 'v')) {
    // The list carries names only: the query text comes with the full description.
    std::optional<catalog::TableSchema> found =
        session.db.catalog->FindTable(listed.schema_name, listed.name, catalog::SearchPath{}, snapshot);
    if (!found) continue;
    catalog::TableSchema& view = *found;
    std::vector<catalog::Oid> keys;
    std::vector<types::Type> param_types;
    planner::AnalyzeContext context{*session.db.catalog, snapshot, view.view_definition, param_types};
    context.statement_nesting = 1;
    context.key_dependencies = &keys;
    try {
      std::vector<parser::StmtPtr> parsed = parser::Parse(view.view_definition);
      if (parsed.size() != 1 || parsed.front()->kind != parser::StmtKind::kSelect) continue;
      planner::BindSelect(parsed.front()->As<parser::SelectStmt>(), context);
    } catch (const Error&) {
      continue;
    }
    if (std::find(keys.begin(), keys.end(), key_index_oid) != keys.end()) {
      dependents.push_back(std::move(view));
    }
  }
  return dependents;
}

}  // namespace granary
