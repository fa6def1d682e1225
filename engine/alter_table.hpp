// ALTER TABLE: columns (ADD, DROP, RENAME, SET/DROP DEFAULT, SET/DROP NOT NULL, TYPE),
// constraints (ADD/DROP/RENAME CONSTRAINT: CHECK, PRIMARY KEY, UNIQUE), storage parameters
// (SET/RESET), RENAME TO.
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// Runs the subcommands in order, each seeing the catalog as the previous ones left it; all
// of them are one statement, undone together by an error or a rollback.
//
// Errors as PostgreSQL's: 42P01 unknown table (a notice with IF EXISTS), 42809 not a table,
// 42703 unknown column, 42701 column exists, 42704 unknown constraint, 42710 constraint
// exists, 42P16 a second primary key or DROP NOT NULL on a key column, 23502 existing NULLs
// for SET NOT NULL / PRIMARY KEY / a NOT NULL column added without a default, 23514 existing
// rows violating a new CHECK, 23505 duplicates for a new PRIMARY KEY / UNIQUE, 42804 a type
// change without an assignment cast, 22023 bad storage parameters, 0A000 FOREIGN KEY.
Result AlterTable(Session::Impl& session, const parser::AlterTableStmt& stmt,
                  planner::AnalyzeContext& context);

// `sql` with every identifier token equal to `from` (case-folded, or quoted exactly) that is
// not a function name replaced by `to`, quoted as needed; string literals are left alone.
// How RENAME COLUMN updates the SQL text the catalog keeps (CHECK conditions, index keys).
std::string RenameIdentifier(const std::string& sql, const std::string& from, const std::string& to);

// An index's stored definition with a new head: its own name and `schema`.`table` (after RENAME
// of the index, its table or the table's schema); the keys stay as they are.
std::string IndexDefinitionWithHead(const catalog::IndexSchema& index, const std::string& schema,
                                    const std::string& table);

}  // namespace granary
