// State shared by the binders while one statement is analysed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "granary/error.hpp"
#include "storage/lock/lock_context.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "types/type.hpp"
#include "types/value.hpp"

namespace granary::parser {
struct SelectStmt;
}  // namespace granary::parser

namespace granary::planner {

// PostgreSQL's HINT for 42883 when no function or operator overload takes the arguments.
inline constexpr const char* kNoFunctionMatchesHint =
    "No function matches the given name and argument types. You might need to add explicit type casts.";

class RelationCache;
struct CteScope;
struct FunctionBodyScope;

// A relation lock planning took, so that a cached plan can take it again before it runs.
struct RelationLock {
  uint64_t oid = 0;
  storage::LockMode mode;
  std::string name;
};

struct AnalyzeContext {
  catalog::Catalog& catalog;
  const storage::Snapshot& snapshot;
  std::string_view sql;                 // the statement text, for error positions
  std::vector<types::Type>& param_types;  // $n types: given by the caller or inferred here
  // PostgreSQL's custom plan (EXPLAIN EXECUTE): when set, $n binds as a constant holding
  // its value, already of the parameter's type.
  const std::vector<types::Value>* param_values = nullptr;
  // The select whose INTO clause the statement is running (SELECT ... INTO, which the engine
  // runs as CREATE TABLE AS); an INTO anywhere else raises 42601.
  const parser::SelectStmt* select_into = nullptr;
  // Relations found are locked through it (and the statement restarts if the catalog changed
  // meanwhile: storage::CatalogChanged); null when nothing is locked.
  const storage::LockContext* locks = nullptr;
  // Table descriptions and bound indexes shared across statements (relation_cache.hpp), valid
  // at `catalog_version`; null when the statement must read the catalog itself.
  RelationCache* relation_cache = nullptr;
  uint64_t catalog_version = 0;
  // The session's search_path for unqualified names (null: PostgreSQL's default path) and its
  // database, the only one a three-part name may name.
  const catalog::SearchPath* search_path = nullptr;
  std::string_view database;
  // When set, every relation lock taken while binding is recorded here (engine/plan_cache.hpp).
  std::vector<RelationLock>* locks_taken = nullptr;
  // The WITH items visible where binding is (innermost first, cte_scope.hpp); null when none.
  // A view's query binds with a context of its own, so it never sees the statement's items.
  const CteScope* ctes = nullptr;
  // How many expression subqueries (SubLinks) enclose the query being bound.
  int subquery_depth = 0;
  // How many statements enclose the one being bound (0: the top-level statement, the only
  // one whose WITH may hold INSERT/UPDATE/DELETE; a view's query starts at 1).
  int statement_nesting = 0;
  // When set, the primary keys (their index oids) that grouped queries relied on to use
  // columns ungrouped are recorded here (PostgreSQL's dependency of such a view on the
  // constraint; engine/view_dependencies.hpp). Views bound inside record theirs too.
  std::vector<catalog::Oid>* key_dependencies = nullptr;
  // The SQL function whose body is being bound (sql_function_binder.hpp): $n and parameter
  // names read its arguments. Null outside function bodies.
  const FunctionBodyScope* function = nullptr;
  // The user functions whose bodies enclose what is being bound, innermost last: a call to
  // one of them again is recursion, which binding cannot unfold (54001).
  std::vector<catalog::Oid> function_stack;
  // CREATE FUNCTION's check of its body: the function being made (which its body may call)
  // and no user function's body is bound, only its signature resolved.
  const catalog::FunctionSchema* creating_function = nullptr;

  // *search_path, or PostgreSQL's default ("$user", public) when none was given.
  const catalog::SearchPath& SearchPath() const;

  // An error pointing at byte `location` of the statement (no position when < 0).
  Error ErrorAt(std::string_view sqlstate, std::string message, int location) const;
};

}  // namespace granary::planner
