// Prepared statements of a session: the implementation behind the public PreparedStatement
// handle, and the session's named statements, which SQL's PREPARE / EXECUTE / DEALLOCATE and
// the extended protocol's named Parse / Bind / Close share, as in PostgreSQL (one namespace;
// pg_prepared_statements lists both, from_sql telling them apart).
//
// A statement is parsed and analysed once, when prepared (parameter types inferred, result
// columns described); each execution reuses its cached plan (plan_cache.hpp) while valid.
// Prepared statements are not transactional: a ROLLBACK keeps a PREPARE and a DEALLOCATE.
//
// Thread-safety: owned by one session and used by its thread only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/plan_cache.hpp"
#include "granary/granary.hpp"
#include "parser/ast.hpp"
#include "types/type.hpp"

namespace granary {

struct PreparedStatement::Impl {
  Session::Impl* session = nullptr;
  // The whole query string the statement came from (positions in `statement` refer to it).
  std::string sql;
  std::vector<parser::StmtPtr> parsed;
  const parser::Stmt* statement = nullptr;  // inside `parsed`; null for an empty string
  std::vector<types::Type> param_types;
  Result description;  // columns only
  PlanSlot plan;
};

// A named prepared statement.
struct NamedStatement {
  std::shared_ptr<PreparedStatement::Impl> statement;
  int64_t prepare_time = 0;  // timestamptz microseconds
  bool from_sql = false;
};

class NamedStatements {
 public:
  // 42P05 `prepared statement "x" already exists`.
  void Add(const std::string& name, NamedStatement statement);
  // 26000 `prepared statement "x" does not exist`.
  const NamedStatement& Find(const std::string& name) const;
  // False when there was none of that name.
  bool Remove(const std::string& name) { return statements_.erase(name) != 0; }
  void Clear() { statements_.clear(); }
  const std::map<std::string, NamedStatement>& entries() const { return statements_; }

 private:
  std::map<std::string, NamedStatement> statements_;
};

// Parses nothing: analyses `prepared->statement` (already parsed, SELECT/INSERT/UPDATE/
// DELETE or a utility statement) under `snapshot`, completing its parameter types and
// describing its result columns; the cached plan's result types are fixed from here on.
// For SQL's PREPARE (`require_types`), a parameter whose type stays undecided raises 42P18
// `could not determine data type of parameter $n`.
void AnalyzePrepared(Session::Impl& session, PreparedStatement::Impl& prepared,
                     const storage::Snapshot& snapshot, bool require_types);

}  // namespace granary
