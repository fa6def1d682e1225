// The WITH items a query can see while it is bound, and how a name in FROM finds one.
//
// Scopes nest like the statements that carry WITH clauses: a WithScope is pushed onto
// AnalyzeContext::ctes while its statement (and everything inside it: subqueries in FROM and
// in expressions, later WITH items) is bound, and popped after, so the innermost item of a
// name wins and an item shadows a table of the same name, as in PostgreSQL.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

class ExprBinder;

// Where the recursive item being bound may read itself.
enum class SelfReference {
  kNonRecursiveTerm,  // the left side of its UNION: 42P19
  kRecursiveTerm,     // the right side: the work table, once, not in a subquery or outer join
  kNotUnion,          // its query is no UNION: 42P19 "does not have the form ..."
};

// One WITH clause's items while its statement is bound.
struct CteScope {
  CteScope(const parser::WithClause& with_clause, const CteScope* parent_scope)
      : with(with_clause), parent(parent_scope) {}

  const parser::WithClause& with;
  const CteScope* parent;
  std::vector<std::shared_ptr<BoundCte>> visible;  // the items bound so far
  // The recursive item whose own query is being bound (null: none), where it may read
  // itself, the subquery depth of its query, and how often the recursive term read it.
  std::shared_ptr<BoundCte> self;
  SelfReference self_state = SelfReference::kNotUnion;
  int self_depth = 0;
  mutable int self_references = 0;
  // While the items themselves are bound (not the statement after them).
  bool binding_items = false;
  // WITH RECURSIVE: each item's state (kUnbound, kBinding, kBound), and how to bind item i
  // when a reference reaches it before its turn (PostgreSQL orders the items by their
  // references, so an item may read a later one).
  enum class ItemState { kUnbound, kBinding, kBound };
  std::vector<ItemState> item_states;
  std::function<void(size_t)> bind_item;
  // Whether the clause belongs to the top-level statement (data-modifying items allowed),
  // and its data-modifying items' plans.
  bool top_level = false;
  std::vector<std::shared_ptr<const CtePlan>> modifying;
  // The binder of the query enclosing the clause's statement and its correlation list, as
  // that statement's own binders have them (null at the top level).
  ExprBinder* outer = nullptr;
  std::vector<BoundExprPtr>* outer_arguments = nullptr;
};

// Binds a statement's WITH clause (null: none) and keeps its items visible to everything
// bound while this object lives (the statement the clause belongs to).
// Every statement binder holds one for its whole binding (with or without a WITH clause),
// which is how statement_nesting counts the statements around a WITH.
class WithBinding {
 public:
  WithBinding(const parser::WithClause* with, AnalyzeContext& context, ExprBinder* outer = nullptr,
              std::vector<BoundExprPtr>* outer_arguments = nullptr);
  ~WithBinding() {
    context_.ctes = saved_;
    --context_.statement_nesting;
  }
  WithBinding(const WithBinding&) = delete;
  WithBinding& operator=(const WithBinding&) = delete;

  // The plans of the clause's data-modifying items, which the statement must run.
  std::vector<std::shared_ptr<const CtePlan>> modifying_ctes() const {
    return scope_ ? scope_->modifying : std::vector<std::shared_ptr<const CtePlan>>{};
  }

 private:
  AnalyzeContext& context_;
  const CteScope* saved_;
  std::optional<CteScope> scope_;
};

struct CteLookup {
  std::shared_ptr<BoundCte> cte;
  bool work_table = false;  // the recursive self-reference
};

// The WITH item an unqualified name in FROM refers to, innermost scope first; nullopt when
// none. A recursive self-reference where it may not appear raises 42P19 (at the reference,
// or at the item for a query that is no UNION).
std::optional<CteLookup> FindCte(const parser::RangeVar& range, AnalyzeContext& context);

// Whether `range` names a WITH item that exists but cannot be referenced here (a later item
// of a non-recursive WITH, or the item itself): PostgreSQL adds a detail and hint to 42P01.
bool NamesHiddenCte(const parser::RangeVar& range, const AnalyzeContext& context);

// Binds the items of `with` into `scope` in order (each sees the ones before it; with
// RECURSIVE an item also sees itself, and an item referenced before its turn is bound
// then). Raises 42712 for a repeated name, 42P10 for too many column names, 0A000 for a
// data-modifying item outside the top-level statement, and recursion's 42P19/42804/0A000.
void BindWithClause(const parser::WithClause& with, CteScope& scope, AnalyzeContext& context);

}  // namespace granary::planner
