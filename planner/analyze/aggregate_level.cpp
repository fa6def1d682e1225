// The query level an aggregate call belongs to (PostgreSQL's agglevelsup).
//
// After PostgreSQL's check_agg_arguments: an aggregate is evaluated by the nearest query
// whose columns its arguments (with ORDER BY and FILTER) read, or by the query it is written
// in when they read none. So in `SELECT (SELECT max(t.x) FROM u) FROM t` max aggregates t's
// rows, once for t as a whole, and the subquery reads the result like an outer column. An
// aggregate nested in the arguments counts with its own level; one of the same level is
// 42803 `aggregate function calls cannot be nested`, raised when the inner call is bound by
// the binder of that level. Departure: column references inside a sub-select of the
// arguments do not count (PostgreSQL adjusts their level by the sub-select's depth).
#include <functional>

#include "planner/analyze/expr_binder.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::planner {
namespace {

using Visit = std::function<void(const parser::Expr&)>;

void VisitIf(const parser::ExprPtr& expr, const Visit& visit) {
  if (expr) visit(*expr);
}

void VisitAll(const parser::ExprList& list, const Visit& visit) {
  for (const parser::ExprPtr& expr : list) VisitIf(expr, visit);
}

// Calls `visit` on each expression directly below `expr`, but not inside sub-selects.
void ForEachChild(const parser::Expr& expr, const Visit& visit) {
  using parser::ExprKind;
  switch (expr.kind) {
    case ExprKind::kOperator: {
      const auto& op = expr.As<parser::OperatorExpr>();
      VisitIf(op.left, visit);
      VisitIf(op.right, visit);
      return;
    }
    case ExprKind::kBool: VisitAll(expr.As<parser::BoolExpr>().args, visit); return;
    case ExprKind::kNullTest: VisitIf(expr.As<parser::NullTestExpr>().arg, visit); return;
    case ExprKind::kBooleanTest: VisitIf(expr.As<parser::BooleanTestExpr>().arg, visit); return;
    case ExprKind::kFuncCall: {
      // A window call's arguments and FILTER; its window belongs to its own query.
      const auto& call = expr.As<parser::FuncCallExpr>();
      VisitAll(call.args, visit);
      for (const parser::SortBy& key : call.order_by) VisitIf(key.expr, visit);
      for (const parser::SortBy& key : call.within_group) VisitIf(key.expr, visit);
      VisitIf(call.filter, visit);
      return;
    }
    case ExprKind::kTypeCast: VisitIf(expr.As<parser::TypeCastExpr>().arg, visit); return;
    case ExprKind::kCollate: VisitIf(expr.As<parser::CollateExpr>().arg, visit); return;
    case ExprKind::kInList: {
      const auto& in = expr.As<parser::InListExpr>();
      VisitIf(in.arg, visit);
      VisitAll(in.list, visit);
      return;
    }
    case ExprKind::kBetween: {
      const auto& between = expr.As<parser::BetweenExpr>();
      VisitIf(between.arg, visit);
      VisitIf(between.low, visit);
      VisitIf(between.high, visit);
      return;
    }
    case ExprKind::kLike: {
      const auto& like = expr.As<parser::LikeExpr>();
      VisitIf(like.arg, visit);
      VisitIf(like.pattern, visit);
      VisitIf(like.escape, visit);
      return;
    }
    case ExprKind::kCase: {
      const auto& when = expr.As<parser::CaseExpr>();
      VisitIf(when.arg, visit);
      for (const parser::CaseWhen& branch : when.whens) {
        VisitIf(branch.condition, visit);
        VisitIf(branch.result, visit);
      }
      VisitIf(when.else_result, visit);
      return;
    }
    case ExprKind::kSubquery: VisitIf(expr.As<parser::SubqueryExpr>().test_expr, visit); return;
    case ExprKind::kArray: VisitAll(expr.As<parser::ArrayExpr>().elements, visit); return;
    case ExprKind::kSubscript: {
      const auto& subscript = expr.As<parser::SubscriptExpr>();
      VisitIf(subscript.base, visit);
      for (const parser::Subscript& step : subscript.subscripts) {
        VisitIf(step.lower, visit);
        VisitIf(step.upper, visit);
      }
      return;
    }
    case ExprKind::kArrayComparison: {
      const auto& comparison = expr.As<parser::ArrayComparisonExpr>();
      VisitIf(comparison.left, visit);
      VisitIf(comparison.array, visit);
      return;
    }
    case ExprKind::kRow: VisitAll(expr.As<parser::RowExpr>().args, visit); return;
    case ExprKind::kFieldSelect: VisitIf(expr.As<parser::FieldSelectExpr>().arg, visit); return;
    case ExprKind::kGroupingSet: VisitAll(expr.As<parser::GroupingSetExpr>().content, visit); return;
    case ExprKind::kConstant:
    case ExprKind::kColumnRef:
    case ExprKind::kStar:
    case ExprKind::kParamRef:
    case ExprKind::kDefault:
      return;
  }
}

// An aggregate call (not one with OVER, which is a window function call).
bool IsAggregateCall(const parser::Expr& expr) {
  if (expr.kind != parser::ExprKind::kFuncCall) return false;
  const auto& call = expr.As<parser::FuncCallExpr>();
  if (call.over) return false;
  if (call.name.size() > 1 && call.name.front() != "pg_catalog") return false;
  const std::string& name = call.name.back();
  return types::IsAggregateName(name) || types::IsOrderedSetAggregateName(name) ||
         (types::IsHypotheticalSetAggregateName(name) && !call.within_group.empty());
}

}  // namespace

int ExprBinder::ReferenceLevel(const parser::ColumnRefExpr& ref) const {
  const bool found = (ref.names.size() == 1 && scope_.FindMerged(ref.names[0]) != nullptr) ||
                     scope_.TryResolve(ref.names, ref.location, context_) ||
                     (ref.names.size() == 1 && scope_.FindEntry(ref.names[0]) != nullptr);  // a row
  // A FROM item a non-lateral subquery may not see counts nowhere: binding the reference
  // raises its error (42P01, 42703, 42P10).
  if (found) return from_visibility_ == FromVisibility::kVisible ? 0 : -1;
  if (outer_ == nullptr) return -1;
  const int level = outer_->ReferenceLevel(ref);
  return level < 0 ? -1 : level + 1;
}

ExprBinder::LevelFound ExprBinder::LowestLevel(const parser::Expr& expr, bool columns_only) const {
  LevelFound lowest;
  const auto note = [&](int found, int location) {
    if (found >= 0 && (lowest.level < 0 || found < lowest.level)) lowest = {found, location};
  };
  Visit visit = [&](const parser::Expr& node) {
    if (node.kind == parser::ExprKind::kColumnRef) {
      note(ReferenceLevel(node.As<parser::ColumnRefExpr>()), node.location);
    } else if (IsAggregateCall(node)) {
      if (!columns_only) note(AggregateLevel(node.As<parser::FuncCallExpr>()), node.location);
    } else {
      ForEachChild(node, visit);
    }
  };
  visit(expr);
  return lowest;
}

int ExprBinder::AggregateLevel(const parser::FuncCallExpr& call) const {
  int level = -1;
  const auto note = [&](const parser::ExprPtr& expr) {
    if (!expr) return;
    const int found = LowestLevel(*expr, false).level;
    if (found >= 0 && (level < 0 || found < level)) level = found;
  };
  // The aggregated arguments only: an ordered-set aggregate's direct arguments are
  // evaluated once per group and do not decide its level.
  if (call.within_group.empty()) {
    for (const parser::ExprPtr& arg : call.args) note(arg);
  }
  for (const parser::SortBy& key : call.order_by) note(key.expr);
  for (const parser::SortBy& key : call.within_group) note(key.expr);
  note(call.filter);
  return level < 0 ? 0 : level;
}

}  // namespace granary::planner
