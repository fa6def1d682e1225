// Index definitions: the canonical CREATE INDEX text the catalog stores, and its binding to
// key expressions over the table's columns.
//
// The catalog keeps an index as the statement that would create it (like pg_get_indexdef),
// so keys may be columns or expressions and the catalog needs no expression storage of its
// own. Binding parses that text and binds each key and the predicate over the table's row.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.hpp"
#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"
#include "types/key_encoding.hpp"

namespace granary::planner {

struct IndexKey {
  BoundExprPtr expr;          // over the table's columns
  types::KeyColumn column;    // type and order of the key column
  std::string name;           // the column name, or the expression's text (error details)
  std::optional<size_t> table_column;  // set when the key is a plain column
};

struct BoundIndex {
  catalog::IndexSchema schema;
  std::vector<IndexKey> keys;
  BoundExprPtr predicate;  // partial index; null when absent
};

// "CREATE [UNIQUE ]INDEX name ON schema.table USING btree (keys)[ INCLUDE (columns)][ WHERE
// (predicate)]". INCLUDE columns are kept in the definition only: the B-tree holds the keys
// (BindIndex binds those alone), so uniqueness is on the keys, scans use the keys, and an
// index-only scan never reads an included column from the index (it reads the table).
// Raises 42703 for unknown columns and 0A000 for access methods other than btree.
std::string CanonicalIndexDefinition(const parser::CreateIndexStmt& stmt, const std::string& name,
                                     const catalog::TableSchema& table, AnalyzeContext& context);

BoundIndex BindIndex(const catalog::TableSchema& table, const catalog::IndexSchema& index,
                     AnalyzeContext& context);
std::vector<std::shared_ptr<const BoundIndex>> BindIndexes(const catalog::TableSchema& table,
                                                           AnalyzeContext& context);

// PostgreSQL's default index name: table_column[_column...]_idx (or _key for unique
// constraints, _pkey for primary keys), made unique with a number if taken.
std::string ChooseIndexName(const catalog::TableSchema& table,
                            const std::vector<std::string>& key_names, const std::string& suffix,
                            const std::function<bool(const std::string&)>& taken);

}  // namespace granary::planner
