// Table lookup for statements: names checked against the current database, schemas along the
// search path, the relation locked for the transaction.
#include <optional>
#include <string>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/table_estimates.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/grouping.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/locking.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "planner/analyze/sql_function_binder.hpp"

namespace granary::planner {

void CheckDatabaseName(std::string_view database, std::string_view schema, std::string_view name,
                       const AnalyzeContext& context, int location) {
  if (database.empty() || database == context.database) return;
  throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                        "cross-database references are not implemented: \"" + std::string(database) +
                            "." + std::string(schema) + "." + std::string(name) + "\"",
                        location);
}

std::pair<std::string, std::string> SplitObjectName(const std::vector<std::string>& names,
                                                    const AnalyzeContext& context) {
  if (names.size() > 3) {
    std::string joined;
    for (const std::string& part : names) joined += (joined.empty() ? "" : ".") + part;
    throw Error(sqlstate::kSyntaxError, "improper qualified name (too many dotted names): " + joined);
  }
  if (names.size() == 3) CheckDatabaseName(names[0], names[1], names[2], context, -1);
  return {names.size() > 1 ? names[names.size() - 2] : "", names.back()};
}

catalog::TableSchema LookupTable(const parser::RangeVar& name, AnalyzeContext& context,
                                 storage::LockMode mode, bool in_query) {
  CheckDatabaseName(name.catalog, name.schema, name.name, context, name.location);
  const std::string shown = name.schema.empty() ? name.name : name.schema + "." + name.name;
  // Cached by schema, or for an unqualified name by the search path it was found along
  // (schema names cannot start with \x01).
  const std::string schema(context.SearchPath().Schema(name.schema));
  const std::string scope = schema.empty() ? "\x01" + context.SearchPath().Key() : schema;
  std::optional<catalog::TableSchema> table;
  if (context.relation_cache != nullptr) {
    if (auto cached = context.relation_cache->FindTable(context.catalog_version, scope, name.name)) {
      table = *cached;
    }
  }
  if (!table) {
    if (!schema.empty() && !context.catalog.FindNamespace(schema, context.snapshot)) {
      if (in_query) {
        throw context.ErrorAt(sqlstate::kUndefinedTable, "relation \"" + shown + "\" does not exist",
                              name.location);
      }
      throw context.ErrorAt(sqlstate::kInvalidSchemaName,
                            "schema \"" + name.schema + "\" does not exist", name.location);
    }
    table = context.catalog.FindTable(name.schema, name.name, context.SearchPath(), context.snapshot);
    if (table && context.relation_cache != nullptr) {
      context.relation_cache->StoreTable(context.catalog_version, scope, name.name, *table);
    }
  }
  if (!table) {
    throw context.ErrorAt(sqlstate::kUndefinedTable, "relation \"" + shown + "\" does not exist",
                          name.location);
  }
  // Another session's temporary table is named only by its schema; its rows are that
  // session's alone (PostgreSQL keeps them in local buffers).
  // (A path of no session, such as a view's, reaches only what its creator could.)
  const std::string& own_temp = context.SearchPath().temp_schema;
  if (in_query && !own_temp.empty() && catalog::IsTempSchemaName(table->schema_name) &&
      table->schema_name != own_temp) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "cannot access temporary tables of other sessions",
                          name.location);
  }
  if (context.locks != nullptr) context.locks->LockRelation(table->oid, mode, table->name);
  if (context.locks_taken != nullptr) context.locks_taken->push_back({table->oid, mode, table->name});
  return *table;
}

}  // namespace granary::planner
