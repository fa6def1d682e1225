// CREATE TABLE ... (LIKE source [INCLUDING | EXCLUDING option ...]) (PostgreSQL's
// transformTableLikeClause): the source's columns are copied where the clause stands, with
// their types, collations and NOT NULL always, and with
//   DEFAULTS     their defaults (not those of identity or generated columns),
//   GENERATED    generation expressions (else a generated column becomes a plain one),
//   IDENTITY     identity, with a new sequence of the column's own,
//   CONSTRAINTS  CHECK constraints, under their own names,
//   INDEXES      primary key, unique constraint and plain indexes, under new names,
//   COMMENTS     the columns' comments.
// STORAGE, COMPRESSION and STATISTICS have nothing to copy in Granary.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "catalog/table_schema.hpp"
#include "engine/session_impl.hpp"
#include "parser/ast_ddl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// What a LIKE clause adds once the new table exists.
struct LikeCopies {
  catalog::TableSchema source;
  uint32_t options = 0;
  // Positions of the copied columns in the new table, parallel to the source's columns.
  std::vector<size_t> columns;
};

// Appends the columns of `like`'s source to `table` (42P01 no such relation, 42701 a name
// already in `names`, which gains the new ones) and its CHECK constraints with CONSTRAINTS.
// Identity columns (IDENTITY) keep `identity` with no default: the caller gives them
// sequences as it does its own.
LikeCopies AddLikeColumns(Session::Impl& session, const parser::TableLikeClause& like,
                          catalog::TableSchema& table, std::set<std::string>& names,
                          planner::AnalyzeContext& context);

// The indexes (INDEXES) and comments (COMMENTS) of the source, copied to `created`.
void CopyLikeObjects(Session::Impl& session, const catalog::TableSchema& created, const LikeCopies& copies,
                     planner::AnalyzeContext& context);

}  // namespace granary
