// PlSpi — how a PL/pgSQL function runs SQL inside the calling statement's transaction
// (PostgreSQL's SPI). One per function call.
//
// Snapshots (PostgreSQL's rule): a VOLATILE function's statements each run under a new
// command id of the calling statement and a fresh snapshot, so they see what the calling
// statement wrote before the call (and, in READ COMMITTED, what committed meanwhile); a
// STABLE or IMMUTABLE function's run under the caller's snapshot. Writes go under the
// session's innermost subtransaction (an EXCEPTION block's). Locks are taken through the
// calling statement's lock context without its restart check (foreign_keys.hpp QuietLocks):
// a statement that has written cannot start over.
//
// Plans are cached in each PlQuery for the parameter types they were made with. A plan that
// is a single row computed from the parameters alone is evaluated directly from its bound
// expressions, without building an executor tree (the common `x := x + 1`).
//
// Errors: those of the statements run; 0A000 for a write in a non-volatile function.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/foreign_keys.hpp"
#include "engine/plpgsql/pl_function.hpp"
#include "engine/session_impl.hpp"
#include "engine/statement_services.hpp"

namespace granary::plpgsql {

struct PlRows {
  std::vector<std::string> names;
  std::vector<types::Type> types;
  std::vector<std::vector<types::Value>> rows;
  uint64_t processed = 0;  // rows returned (SELECT) or changed (INSERT / UPDATE / DELETE)
};

class PlSpi {
 public:
  PlSpi(Session::Impl& session, const storage::Snapshot& caller, bool volatile_function);
  ~PlSpi();
  PlSpi(const PlSpi&) = delete;
  PlSpi& operator=(const PlSpi&) = delete;

  // Runs `query` with `params` (of `types`); keeps up to `max_rows` rows.
  PlRows Run(PlQuery& query, const std::vector<types::Value>& params, const std::vector<types::Type>& types,
             size_t max_rows = SIZE_MAX);
  // The single value of a compiled expression (SELECT expr): 42601 for several columns,
  // 21000 for several rows; NULL for none.
  types::Value Evaluate(PlQuery& query, const std::vector<types::Value>& params, const std::vector<types::Type>& types,
                        types::Type* type = nullptr);
  // Runs SQL text made at run time (EXECUTE): parsed and planned each time.
  PlRows RunDynamic(const std::string& sql, const std::vector<types::Value>& params,
                    const std::vector<types::Type>& types, size_t max_rows = SIZE_MAX);
  // The output columns of `sql` (planned, not run): type resolution of declarations.
  std::pair<std::vector<std::string>, std::vector<types::Type>> Describe(const std::string& sql);

  Session::Impl& session() { return session_; }

 private:
  storage::Snapshot StatementSnapshot();
  void Plan(PlQuery& query, const std::vector<types::Type>& types, const storage::Snapshot& snapshot);
  PlRows Execute(const PlannedStatement& planned, const std::vector<types::Value>& params,
                 const storage::Snapshot& snapshot, size_t max_rows);
  PlRows RunUtility(const parser::Stmt& stmt, const std::string& sql, const std::vector<types::Value>& params,
                    const std::vector<types::Type>& types, const storage::Snapshot& snapshot);

  Session::Impl& session_;
  const storage::Snapshot caller_;
  const bool volatile_;
  QuietLocks locks_;
  // Simple expressions: one context for the whole call, its parameters refilled each time.
  std::vector<types::Value> simple_params_;
  std::unique_ptr<executor::ExecContext> simple_context_;
  std::unique_ptr<StatementServices> simple_services_;
};

}  // namespace granary::plpgsql
