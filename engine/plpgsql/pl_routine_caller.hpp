// The engine's side of PL/pgSQL: the RoutineCaller a statement's kRoutineCall nodes use
// (executor/routine_caller.hpp), the session's cache of compiled functions, DO blocks and
// CREATE FUNCTION's check of a body.
//
// A function is compiled (pl_function.hpp) the first time a session calls it, and kept with
// its cached plans in the session's PlFunctionCache while the catalog version stays the one
// it was compiled at and the transaction has not changed the catalog itself (then each
// statement compiles it afresh). Calls nest up to kMaxCallDepth deep (54001 beyond, where
// PostgreSQL's max_stack_depth would stop an unbounded recursion).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "catalog/function_schema.hpp"
#include "engine/session_impl.hpp"
#include "executor/routine_caller.hpp"

namespace granary::plpgsql {

struct PlFunction;  // pl_function.hpp

class PlFunctionCache {
 public:
  std::map<catalog::Oid, std::shared_ptr<PlFunction>> functions;
  uint64_t catalog_version = 0;
  int depth = 0;  // calls running now (nested)
};

class PlRoutineCaller final : public executor::RoutineCaller {
 public:
  explicit PlRoutineCaller(Session::Impl& session) : session_(session) {}
  types::Value Call(uint32_t function_oid, std::vector<types::Value> args, const executor::ExecContext& caller) override;

 private:
  std::shared_ptr<PlFunction> Find(uint32_t function_oid, const storage::Snapshot& snapshot);

  Session::Impl& session_;
  std::map<catalog::Oid, std::shared_ptr<PlFunction>> statement_functions_;
};

// DO 'code' [LANGUAGE plpgsql], run under the statement's snapshot `snapshot`.
Result RunDoBlock(Session::Impl& session, const parser::DoStmt& stmt, const storage::Snapshot& snapshot);

// CREATE FUNCTION ... LANGUAGE plpgsql: the body parsed and its names, types and SQL checked
// as PostgreSQL's plpgsql_validator does (42601, 42704, ...).
void ValidatePlpgsqlFunction(Session::Impl& session, const catalog::FunctionSchema& function,
                             const storage::Snapshot& snapshot);

}  // namespace granary::plpgsql
