// Finding the WITH item a name in FROM refers to (cte_scope.hpp).
#include "planner/analyze/cte_scope.hpp"

#include "common/sqlstate.hpp"

namespace granary::planner {
namespace {

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

// The self-reference of the recursive item being bound: the work table where allowed.
CteLookup ReadSelf(const CteScope& scope, const parser::RangeVar& range, AnalyzeContext& context) {
  const std::string& name = scope.self->name;
  switch (scope.self_state) {
    case SelfReference::kNotUnion:
      throw context.ErrorAt(sqlstate::kInvalidRecursion,
                            "recursive query " + Quoted(name) +
                                " does not have the form non-recursive-term UNION [ALL] recursive-term",
                            scope.self->location);
    case SelfReference::kNonRecursiveTerm:
      throw context.ErrorAt(sqlstate::kInvalidRecursion,
                            "recursive reference to query " + Quoted(name) +
                                " must not appear within its non-recursive term",
                            range.location);
    case SelfReference::kRecursiveTerm: break;
  }
  // The work table holds one iteration's rows while the recursive term runs over them: it
  // cannot be read again by a subquery evaluated per row, nor twice (PostgreSQL's rules).
  if (context.subquery_depth > scope.self_depth) {
    throw context.ErrorAt(sqlstate::kInvalidRecursion,
                          "recursive reference to query " + Quoted(name) +
                              " must not appear within a subquery",
                          range.location);
  }
  if (scope.self_references > 0) {
    throw context.ErrorAt(sqlstate::kInvalidRecursion,
                          "recursive reference to query " + Quoted(name) +
                              " must not appear more than once",
                          range.location);
  }
  ++scope.self_references;
  scope.self->work_table_location = range.location;
  return CteLookup{scope.self, true};
}

// WITH RECURSIVE: an item of `scope` not bound yet is bound now; one being bound (and not
// the item reading itself) means mutual recursion, which PostgreSQL does not implement.
std::optional<CteLookup> FindLaterItem(const CteScope& scope, const parser::RangeVar& range,
                                       AnalyzeContext& context) {
  if (!scope.bind_item) return std::nullopt;
  for (size_t i = 0; i < scope.with.ctes.size(); ++i) {
    const parser::CommonTableExpr& item = scope.with.ctes[i];
    if (item.name != range.name) continue;
    switch (scope.item_states[i]) {
      case CteScope::ItemState::kBound: return std::nullopt;
      case CteScope::ItemState::kBinding:
        throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                              "mutual recursion between WITH items is not implemented", item.location);
      case CteScope::ItemState::kUnbound: break;
    }
    scope.bind_item(i);
    return CteLookup{scope.visible.back(), false};
  }
  return std::nullopt;
}

}  // namespace

std::optional<CteLookup> FindCte(const parser::RangeVar& range, AnalyzeContext& context) {
  if (!range.schema.empty()) return std::nullopt;
  bool inside_item = false;
  for (const CteScope* scope = context.ctes; scope != nullptr; scope = scope->parent) {
    for (const std::shared_ptr<BoundCte>& cte : scope->visible) {
      if (cte->name == range.name) return CteLookup{cte, false};
    }
    if (scope->self && scope->self->name == range.name) {
      // A nested item is materialised once per statement, so it cannot follow the
      // iterations of a work table.
      if (inside_item && scope->self_state == SelfReference::kRecursiveTerm) {
        throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                              "recursive reference to query " + Quoted(range.name) +
                                  " inside a nested WITH item is not supported yet",
                              range.location);
      }
      return ReadSelf(*scope, range, context);
    }
    if (std::optional<CteLookup> later = FindLaterItem(*scope, range, context)) return later;
    inside_item = inside_item || scope->binding_items;
  }
  return std::nullopt;
}

bool NamesHiddenCte(const parser::RangeVar& range, const AnalyzeContext& context) {
  if (!range.schema.empty()) return false;
  for (const CteScope* scope = context.ctes; scope != nullptr; scope = scope->parent) {
    for (const parser::CommonTableExpr& item : scope->with.ctes) {
      if (item.name == range.name) return true;
    }
  }
  return false;
}

}  // namespace granary::planner
