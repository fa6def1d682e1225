// Sequences as relations: CREATE/ALTER/DROP SEQUENCE, the sequences of SERIAL and identity
// columns, and what happens to them with their table (DROP TABLE, TRUNCATE ... RESTART
// IDENTITY, ALTER TABLE ... ALTER COLUMN ... RESTART).
//
// A sequence is a pg_class row of relkind 'S' with the columns last_value, log_cnt and
// is_called, and a one-page relation file (storage/sequence/) holding its options and
// state. Creating and dropping it are transactional like a table's; changes of its state
// and options (nextval, setval, ALTER SEQUENCE, RESTART) are not — a departure from
// PostgreSQL for ALTER SEQUENCE, which gives the sequence a new relation file.
// Ownership (OWNED BY, SERIAL, identity) is kept on the sequence's page (owner table oid and
// column number), not in a pg_depend catalog.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// 42P07 name taken (a notice with IF NOT EXISTS); option errors of ResolveSequenceOptions;
// OWNED BY errors (42601, 42P01, 42809, 42703, 55000).
Result CreateSequence(Session::Impl& session, const parser::CreateSequenceStmt& stmt,
                      planner::AnalyzeContext& context);
// 42P01 unknown sequence (a notice with IF EXISTS), 42809 not a sequence.
Result AlterSequence(Session::Impl& session, const parser::AlterSequenceStmt& stmt,
                     planner::AnalyzeContext& context);
// DROP SEQUENCE [IF EXISTS] names [CASCADE]. 2BP01 when a column's default uses an owned
// sequence and CASCADE is not given (CASCADE drops that default).
Result DropSequences(Session::Impl& session, const parser::DropStmt& stmt,
                     planner::AnalyzeContext& context);

// SERIAL, BIGSERIAL, SMALLSERIAL (and serial4, serial8, serial2): the integer type they stand
// for, or nullopt for any other type name.
std::optional<types::TypeId> SerialColumnType(const parser::TypeName& name);

// The sequence of a SERIAL or identity column `column` of `table` (not created yet): chooses
// its name (<table>_<column>_seq, made unique; SEQUENCE NAME for identity), and returns it
// with its options; the column's type gives the sequence's.
struct ColumnSequence {
  std::string schema;
  std::string name;
  std::vector<parser::SequenceOption> options;
  size_t column = 0;
};
ColumnSequence PlanColumnSequence(Session::Impl& session, const catalog::TableSchema& table,
                                  size_t column, std::vector<parser::SequenceOption> options,
                                  planner::AnalyzeContext& context);
// The column default that calls the sequence: nextval('name'::regclass).
std::string NextvalDefault(const ColumnSequence& sequence);
// Creates the planned sequence, owned by column `sequence.column` of `table` (created).
void CreateColumnSequence(Session::Impl& session, const catalog::TableSchema& table,
                          const ColumnSequence& sequence, planner::AnalyzeContext& context);

// The sequences owned by `table` (all columns, or one 1-based column), as the context's
// snapshot sees them.
std::vector<catalog::TableSchema> OwnedSequences(Session::Impl& session,
                                                 const catalog::TableSchema& table,
                                                 planner::AnalyzeContext& context,
                                                 uint16_t column = 0);
// Deletes the catalog rows of `table`'s owned sequences; their files go at commit.
void DropOwnedSequences(Session::Impl& session, const catalog::TableSchema& table,
                        planner::AnalyzeContext& context, uint16_t column = 0);
// ALTER TABLE ... DROP COLUMN (0-based `column`): drops the column's owned sequences and
// renumbers the owners of the later columns' sequences.
void DropColumnSequences(Session::Impl& session, const catalog::TableSchema& table, size_t column,
                         planner::AnalyzeContext& context);
// TRUNCATE ... RESTART IDENTITY: every owned sequence back to its START.
void RestartOwnedSequences(Session::Impl& session, const catalog::TableSchema& table,
                           planner::AnalyzeContext& context);
// ALTER TABLE ... ALTER COLUMN c RESTART [WITH n] | SET GENERATED ... | SET option: changes
// the identity sequence of column `column` (0-based); SET GENERATED changes `table` (the
// caller writes it). 55000 when the column is not an identity column.
void AlterColumnIdentity(Session::Impl& session, catalog::TableSchema& table, size_t column,
                         const std::vector<parser::SequenceOption>& options,
                         planner::AnalyzeContext& context);

}  // namespace granary
