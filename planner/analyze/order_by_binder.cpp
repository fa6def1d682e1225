// SelectBinder: ORDER BY keys (output-column references, 42P10, DISTINCT's rules).
#include "planner/analyze/select_binder.hpp"

#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/table_estimates.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/grouping.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/locking.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "planner/analyze/sql_function_binder.hpp"

namespace granary::planner {

using types::Type;
using types::TypeId;

// PostgreSQL transforms ORDER BY before GROUP BY, so when both name an ambiguous column
// the error points into ORDER BY. Called when GROUP BY raised 42702: binds the ORDER BY
// keys that are not output references on the side (no aggregates or windows are kept) and
// raises their ambiguity error if there is one; otherwise returns, and the caller rethrows.
void SelectBinder::ReportOrderByAmbiguity() {
  for (const parser::SortBy& sort_by : select_.order_by) {
    std::vector<BoundAggregate> scratch;
    try {
      if (FindOutputReference(*sort_by.expr, "ORDER BY")) continue;
      MakeBinder(scope_, &scratch, "ORDER BY").Bind(*sort_by.expr);
    } catch (const Error& error) {
      if (error.sqlstate() == sqlstate::kAmbiguousColumn) throw;
    }
  }
}

// `ORDER BY 2` / `GROUP BY name_of_output_column`: the select-list entry meant, or null.
const BoundExpr* SelectBinder::FindOutputReference(const parser::Expr& key, const char* clause) {
  if (key.kind == parser::ExprKind::kConstant &&
      key.As<parser::ConstantExpr>().constant_kind == parser::ConstantKind::kInteger) {
    const int64_t position = std::stoll(key.As<parser::ConstantExpr>().text);
    if (position < 1 || position > static_cast<int64_t>(query_->visible_targets)) {
      throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                             std::string(clause) + " position " + std::to_string(position) +
                                 " is not in select list",
                             key.location);
    }
    return query_->targets[position - 1].get();
  }
  if (key.kind != parser::ExprKind::kColumnRef) return nullptr;
  const auto& names = key.As<parser::ColumnRefExpr>().names;
  if (names.size() != 1) return nullptr;
  const bool is_input_column = [&] {
    for (const ScopeEntry& entry : scope_.entries()) {
      for (const std::string& column : entry.column_names) {
        if (column == names[0]) return true;
      }
    }
    return false;
  }();
  // ORDER BY prefers output names; GROUP BY prefers input columns (as PostgreSQL).
  if (is_input_column && std::string(clause) == "GROUP BY") return nullptr;
  const BoundExpr* match = nullptr;
  for (size_t i = 0; i < query_->visible_targets; ++i) {
    if (query_->target_names[i] != names[0]) continue;
    if (match && !match->Equals(*query_->targets[i])) {
      throw context_.ErrorAt(sqlstate::kAmbiguousColumn,
                             std::string(clause) + " \"" + names[0] + "\" is ambiguous",
                             key.location);
    }
    match = query_->targets[i].get();
  }
  return match;
}

// json and void have no equality or ordering operator, xid no ordering operator: grouping,
// DISTINCT and ORDER BY on them are 42883, as PostgreSQL's get_sort_group_operators reports them.
void SelectBinder::RequireOperator(TypeId type, std::string_view which, int location) {
  if (!LacksComparison(type) && !(type == TypeId::kXid && which == "ordering")) return;
  Error error = context_.ErrorAt(sqlstate::kUndefinedFunction,
                                 "could not identify an " + std::string(which) + " operator for type " +
                                     types::FormatType(Type{type, -1}),
                                 location);
  if (which == "ordering") error.WithHint("Use an explicit ordering operator or modify the query.");
  throw error;
}

void SelectBinder::BindOrderBy() {
  for (const parser::ExprPtr& key : select_.distinct_on) query_->distinct_on.push_back(TargetIndexFor(*key));
  for (const parser::SortBy& sort_by : select_.order_by) {
    SortKey key;
    key.descending = sort_by.direction == parser::SortDirection::kDescending;
    key.nulls_first = sort_by.nulls == parser::NullsOrder::kDefault
                          ? key.descending
                          : sort_by.nulls == parser::NullsOrder::kFirst;
    key.column = TargetIndexFor(*sort_by.expr);
    RequireOperator(query_->targets[key.column]->type.id, "ordering", sort_by.expr->location);
    RequireSortCollation(*query_->targets[key.column], context_);
    key.collation = query_->targets[key.column]->type.collation;
    query_->sort.push_back(key);
  }
  // DISTINCT ON keeps the first row of each group in ORDER BY order, so ORDER BY must
  // begin with the DISTINCT ON expressions.
  const size_t keys = query_->distinct_on.size();
  if (keys > 0 && !query_->sort.empty()) {
    std::vector<size_t> leading;
    for (size_t i = 0; i < std::min(keys, query_->sort.size()); ++i) leading.push_back(query_->sort[i].column);
    std::vector<size_t> wanted = query_->distinct_on;
    std::sort(leading.begin(), leading.end());
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    leading.erase(std::unique(leading.begin(), leading.end()), leading.end());
    if (!std::includes(leading.begin(), leading.end(), wanted.begin(), wanted.end()) &&
        !std::includes(wanted.begin(), wanted.end(), leading.begin(), leading.end())) {
      throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                             "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                             select_.distinct_on.front()->location);
    }
  }
}

size_t SelectBinder::TargetIndexFor(const parser::Expr& expr) {
  if (const BoundExpr* target = FindOutputReference(expr, "ORDER BY")) {
    for (size_t i = 0; i < query_->targets.size(); ++i) {
      if (query_->targets[i].get() == target) return i;
    }
  }
  ExprBinder binder = MakeBinder(scope_, query_->values_rows.empty() ? &query_->aggregates : nullptr,
                    "ORDER BY");
  binder.AllowWindows(&query_->windows, &select_.windows);
  const size_t aggregates_before = query_->aggregates.size();
  BoundExprPtr bound = binder.Bind(expr);
  if (query_->aggregates.size() != aggregates_before && !query_->aggregated) {
    query_->aggregated = true;
  }
  bound->Walk([&](const BoundExpr& node) {
    if (node.kind == BoundKind::kGroupingRef) query_->aggregated = true;
  });
  for (size_t i = 0; i < query_->targets.size(); ++i) {
    if (query_->targets[i]->Equals(*bound)) return i;
  }
  if (query_->distinct) {
    throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                           "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                           expr.location);
  }
  query_->targets.push_back(std::move(bound));
  query_->target_names.push_back("?sort?");
  return query_->targets.size() - 1;
}

}  // namespace granary::planner
