// Canonical index definitions and their binding.
#include "planner/analyze/index_definition.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "planner/analyze/scope.hpp"

namespace granary::planner {
namespace {

Scope TableColumnsScope(const catalog::TableSchema& table) {
  Scope scope;
  ScopeEntry entry;
  entry.alias = table.name;
  entry.schema = table.schema_name;
  for (const catalog::ColumnSchema& column : table.columns) {
    entry.column_names.push_back(column.name);
    entry.column_types.push_back(column.type);
  }
  scope.Add(std::move(entry));
  return scope;
}

bool NullsFirst(const parser::IndexElem& elem) {
  if (elem.nulls == parser::NullsOrder::kDefault) return elem.direction == parser::SortDirection::kDescending;
  return elem.nulls == parser::NullsOrder::kFirst;
}

}  // namespace

std::string CanonicalIndexDefinition(const parser::CreateIndexStmt& stmt, const std::string& name,
                                     const catalog::TableSchema& table, AnalyzeContext& context) {
  if (!stmt.access_method.empty() && stmt.access_method != "btree") {
    throw context.ErrorAt(sqlstate::kUndefinedObject,
                          "access method \"" + stmt.access_method + "\" does not exist",
                          stmt.table->location);
  }
  std::string text = std::string("CREATE ") + (stmt.unique ? "UNIQUE " : "") + "INDEX " +
                     QuoteIdentifier(name) + " ON " + QuoteIdentifier(table.schema_name) + "." +
                     QuoteIdentifier(table.name) + " USING btree (";
  for (size_t i = 0; i < stmt.elements.size(); ++i) {
    const parser::IndexElem& elem = stmt.elements[i];
    if (i > 0) text += ", ";
    if (elem.expr) {
      // PostgreSQL's pg_get_indexdef parenthesises an expression key unless it is a bare
      // function call; the stored text is what it shows.
      const bool function_call = elem.expr->kind == parser::ExprKind::kFuncCall;
      text += function_call ? ExprToSql(*elem.expr) : "(" + ExprToSql(*elem.expr) + ")";
    } else {
      if (!table.ColumnIndex(elem.column)) {
        throw context.ErrorAt(sqlstate::kUndefinedColumn,
                              "column \"" + elem.column + "\" does not exist", elem.location);
      }
      text += QuoteIdentifier(elem.column);
    }
    if (!elem.collation.empty()) {
      // Checked now (42704, 42804) so that the stored definition always binds.
      std::string name;
      for (const std::string& part : elem.collation) name += (name.empty() ? "" : ".") + QuoteIdentifier(part);
      LookupCollation(elem.collation, elem.location, context);
      if (!elem.expr) {
        const types::Type column_type = table.columns[*table.ColumnIndex(elem.column)].type;
        ApplyCollation(column_type, elem.collation, elem.location, context);
      }
      text += " COLLATE " + name;
    }
    const bool descending = elem.direction == parser::SortDirection::kDescending;
    if (descending) text += " DESC";
    if (NullsFirst(elem) != descending) text += NullsFirst(elem) ? " NULLS FIRST" : " NULLS LAST";
  }
  text += ")";
  // INCLUDE columns: stored in the definition (pg_get_indexdef shows them) but no part of
  // the B-tree's key, which is all the index keeps (see index_definition.hpp).
  for (size_t i = 0; i < stmt.including.size(); ++i) {
    const parser::IndexElem& elem = stmt.including[i];
    if (elem.expr) {
      throw context.ErrorAt(sqlstate::kFeatureNotSupported, "expressions are not supported in included columns",
                            elem.location);
    }
    if (!table.ColumnIndex(elem.column)) {
      throw context.ErrorAt(sqlstate::kUndefinedColumn, "column \"" + elem.column + "\" does not exist",
                            elem.location);
    }
    text += (i == 0 ? " INCLUDE (" : ", ") + QuoteIdentifier(elem.column);
  }
  if (!stmt.including.empty()) text += ")";
  // ExprToSql parenthesises operators as PostgreSQL's deparse does: `WHERE (b IS NOT NULL)`.
  if (stmt.where) text += " WHERE " + ExprToSql(*stmt.where);
  return text;
}

BoundIndex BindIndex(const catalog::TableSchema& table, const catalog::IndexSchema& index,
                     AnalyzeContext& context) {
  std::vector<parser::StmtPtr> parsed = parser::Parse(index.definition);
  const auto& stmt = parsed.front()->As<parser::CreateIndexStmt>();
  std::vector<types::Type> no_params;
  AnalyzeContext index_context{context.catalog, context.snapshot, index.definition, no_params};
  index_context.search_path = context.search_path;
  index_context.database = context.database;
  const Scope scope = TableColumnsScope(table);
  ExprBinder binder(index_context, scope, nullptr, "index expressions");

  BoundIndex bound;
  bound.schema = index;
  for (const parser::IndexElem& elem : stmt.elements) {
    IndexKey key;
    if (elem.expr) {
      key.expr = binder.Bind(*elem.expr);
      key.name = ExprToSql(*elem.expr);
    } else {
      parser::ColumnRefExpr ref;
      ref.names = {elem.column};
      ref.location = elem.location;
      key.expr = binder.Bind(ref);
      key.name = elem.column;
      key.table_column = key.expr->index;
    }
    if (key.expr->type.id == types::TypeId::kUnknown) key.expr->type = types::Type{types::TypeId::kText, -1};
    if (types::IsArray(key.expr->type.id)) {
      // Keys are encoded in memcmp order (types/key_encoding.hpp), which has no form for
      // arrays yet.
      throw Error(sqlstate::kFeatureNotSupported,
                  "indexes on columns of type " + types::FormatType(key.expr->type) + " are not supported");
    }
    if (key.expr->type.id == types::TypeId::kJson) {
      // json has no btree operator class in PostgreSQL (no equality, no ordering).
      throw Error(sqlstate::kUndefinedObject,
                  "data type json has no default operator class for access method \"btree\"")
          .WithHint("You must specify an operator class for the index or define a default "
                    "operator class for the data type.");
    }
    // The key's collation: its COLLATE clause, else the column's or expression's.
    const types::Type key_type = ApplyCollation(types::Type{key.expr->type.id, -1, key.expr->type.collation},
                                                elem.collation, elem.location, index_context);
    key.column = types::KeyColumn{key_type,
                                  elem.direction == parser::SortDirection::kDescending,
                                  NullsFirst(elem)};
    bound.keys.push_back(std::move(key));
  }
  if (stmt.where) bound.predicate = binder.BindCondition(*stmt.where, "WHERE");
  return bound;
}

std::vector<std::shared_ptr<const BoundIndex>> BindIndexes(const catalog::TableSchema& table,
                                                           AnalyzeContext& context) {
  if (context.relation_cache != nullptr) {
    if (auto cached = context.relation_cache->FindIndexes(context.catalog_version, table.oid)) {
      return *cached;
    }
  }
  std::vector<std::shared_ptr<const BoundIndex>> indexes;
  for (const catalog::IndexSchema& index : table.indexes) {
    indexes.push_back(std::make_shared<const BoundIndex>(BindIndex(table, index, context)));
  }
  if (context.relation_cache != nullptr) {
    context.relation_cache->StoreIndexes(context.catalog_version, table.oid, indexes);
  }
  return indexes;
}

std::string ChooseIndexName(const catalog::TableSchema& table,
                            const std::vector<std::string>& key_names, const std::string& suffix,
                            const std::function<bool(const std::string&)>& taken) {
  std::string base = table.name;
  for (const std::string& key : key_names) base += "_" + key;
  base += "_" + suffix;
  std::string name = base;
  for (int number = 1; taken(name); ++number) name = base + std::to_string(number);
  return name;
}

}  // namespace granary::planner
