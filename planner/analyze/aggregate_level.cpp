// The query level an aggregate call belongs to (PostgreSQL's agglevelsup).
//
// After PostgreSQL's check_agg_arguments: an aggregate is evaluated by the nearest query
// whose columns its arguments (with ORDER BY and FILTER) read, or by the query it is written
// in when they read none. So in `SELECT (SELECT max(t.x) FROM u) FROM t` max aggregates t's
// rows, once for t as a whole, and the subquery reads the result like an outer column. An
// aggregate nested in the arguments counts with its own level; one of the same level is
// 42803 `aggregate function calls cannot be nested`, raised when the inner call is bound by
// the binder of that level. Column references inside a sub-select of the arguments count
// too, relative to the sub-select's depth, as PostgreSQL's walker adjusts varlevelsup: in
// `SELECT (SELECT max((SELECT i.b FROM t i WHERE i.a = o.a))) FROM t o` max reads o's
// column and belongs to the outer query.
//
// The level is decided on the raw arguments, before they are bound, because the binder of
// that level must bind them. A reference inside a sub-select is therefore resolved by name
// against the FROM items of the sub-selects around it (SubselectNames): a table's columns
// come from the catalog, a FROM subquery's from its select list, a function's from its
// alias. Where a FROM item's columns cannot be known that way (a WITH item, a system view,
// a `*` in a FROM subquery, a function returning a row), an unqualified name is taken to be
// the sub-select's own, so the aggregate stays at the level it is written in.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "catalog/system_views.hpp"
#include "common/sqlstate.hpp"

#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/cte_scope.hpp"
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
    case ExprKind::kNamedArg: VisitIf(expr.As<parser::NamedArgExpr>().arg, visit); return;
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

// The sub-select of a sub-select expression or ARRAY(SELECT ...), or null.
const parser::SelectStmt* SubselectOf(const parser::Expr& expr) {
  if (expr.kind == parser::ExprKind::kSubquery) return expr.As<parser::SubqueryExpr>().select.get();
  if (expr.kind == parser::ExprKind::kArray) return expr.As<parser::ArrayExpr>().select.get();
  return nullptr;
}

}  // namespace

int ExprBinder::ReferenceLevel(const parser::ColumnRefExpr& ref) const {
  const bool found = (ref.names.size() == 1 && scope_.FindMerged(ref.names[0]) != nullptr) ||
                     scope_.TryResolve(ref.names, ref.location, context_) ||
                     scope_.FindComputed(ref.names) != nullptr ||
                     (ref.names.size() == 1 && scope_.FindJoinAlias(ref.names[0]) != nullptr) ||
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
  // `names`: the sub-selects around `node` inside `expr` (null: none). Within a sub-select
  // PostgreSQL's walker descends into aggregates too, and only references to this query or
  // enclosing ones count.
  std::function<void(const parser::Expr&, const SubselectNames*)> visit;
  std::function<void(const parser::SelectStmt&, const SubselectNames*)> visit_select;
  visit = [&](const parser::Expr& node, const SubselectNames* names) {
    if (node.kind == parser::ExprKind::kColumnRef) {
      const auto& ref = node.As<parser::ColumnRefExpr>();
      if (names == nullptr || !names->Resolves(ref)) note(ReferenceLevel(ref), node.location);
      return;
    }
    if (names == nullptr && IsAggregateCall(node)) {
      if (!columns_only) note(AggregateLevel(node.As<parser::FuncCallExpr>()), node.location);
      return;
    }
    if (const parser::SelectStmt* select = SubselectOf(node)) visit_select(*select, names);
    ForEachChild(node, [&](const parser::Expr& child) { visit(child, names); });
  };
  visit_select = [&](const parser::SelectStmt& select, const SubselectNames* parent) {
    const auto visit_in = [&](const parser::ExprPtr& part, const SubselectNames* names) {
      if (part) visit(*part, names);
    };
    if (select.set_op != parser::SetOperation::kNone) {
      visit_select(*select.left, parent);
      visit_select(*select.right, parent);
    }
    SubselectNames names(parent);
    if (select.with) {
      for (const parser::CommonTableExpr& item : select.with->ctes) names.cte_names.push_back(item.name);
    }
    for (const parser::ExprList& row : select.values) {
      for (const parser::ExprPtr& value : row) visit_in(value, parent);
    }
    std::function<void(const parser::TableRef&)> visit_from = [&](const parser::TableRef& ref) {
      switch (ref.kind) {
        case parser::TableRefKind::kRelation: break;
        case parser::TableRefKind::kSubquery: {
          // A LATERAL subquery also sees the FROM items before it.
          const auto& subquery = ref.As<parser::SubqueryRef>();
          visit_select(*subquery.select, subquery.lateral ? &names : parent);
          break;
        }
        case parser::TableRefKind::kFunction: visit_in(ref.As<parser::FunctionRef>().call, &names); break;
        case parser::TableRefKind::kJoin: {
          // Its sides are added as they are visited; an alias adds a name for their columns.
          const auto& join = ref.As<parser::JoinRef>();
          const size_t first_side = names.items.size();
          visit_from(*join.left);
          visit_from(*join.right);
          visit_in(join.condition, &names);
          if (!join.alias) return;
          SubselectNames::Item item;
          item.alias = join.alias->name;
          for (size_t i = first_side; i < names.items.size(); ++i) {
            const SubselectNames::Item& side = names.items[i];
            item.columns.insert(item.columns.end(), side.columns.begin(), side.columns.end());
            item.columns_known = item.columns_known && side.columns_known;
          }
          for (size_t i = 0; i < join.alias->column_names.size() && i < item.columns.size(); ++i) {
            item.columns[i] = join.alias->column_names[i];
          }
          names.items.push_back(std::move(item));
          return;
        }
      }
      AddFromItem(ref, names, names.items);
    };
    for (const parser::TableRefPtr& item : select.from) visit_from(*item);
    for (const parser::ResTarget& target : select.targets) visit_in(target.expr, &names);
    visit_in(select.where, &names);
    for (const parser::ExprPtr& key : select.group_by) visit_in(key, &names);
    visit_in(select.having, &names);
    for (const parser::ExprPtr& key : select.distinct_on) visit_in(key, &names);
    for (const parser::SortBy& key : select.order_by) visit_in(key.expr, &names);
    visit_in(select.limit, parent);
    visit_in(select.offset, parent);
  };
  visit(expr, nullptr);
  return lowest;
}

bool ExprBinder::NamesCte(const std::string& name, const SubselectNames& names) const {
  for (const SubselectNames* level = &names; level != nullptr; level = level->parent) {
    if (std::find(level->cte_names.begin(), level->cte_names.end(), name) != level->cte_names.end()) return true;
  }
  for (const CteScope* scope = context_.ctes; scope != nullptr; scope = scope->parent) {
    for (const parser::CommonTableExpr& item : scope->with.ctes) {
      if (item.name == name) return true;
    }
  }
  return false;
}

void ExprBinder::AddFromItem(const parser::TableRef& ref, const SubselectNames& names,
                             std::vector<SubselectNames::Item>& items) const {
  SubselectNames::Item item;
  const parser::Alias* alias = nullptr;
  switch (ref.kind) {
    case parser::TableRefKind::kRelation: {
      const auto& range = ref.As<parser::RangeVar>();
      alias = range.alias ? &*range.alias : nullptr;
      item.alias = alias ? alias->name : range.name;
      item.columns_known = false;
      if (range.schema.empty() && NamesCte(range.name, names)) break;
      if (catalog::FindSystemView(range.schema, range.name)) break;
      if (!range.catalog.empty()) break;
      if (const auto table = context_.catalog.FindTable(range.schema, range.name, context_.SearchPath(),
                                                        context_.snapshot)) {
        for (const catalog::ColumnSchema& column : table->columns) item.columns.push_back(column.name);
        // The system columns every table item exposes (kTableSystemColumns).
        for (const char* system : {"ctid", "xmin", "xmax"}) item.columns.push_back(system);
        item.columns_known = true;
      }
      break;
    }
    case parser::TableRefKind::kSubquery: {
      const auto& subquery = ref.As<parser::SubqueryRef>();
      alias = subquery.alias ? &*subquery.alias : nullptr;
      if (alias) item.alias = alias->name;
      const parser::SelectStmt* select = subquery.select.get();
      while (select->set_op != parser::SetOperation::kNone) select = select->left.get();
      if (!select->values.empty()) {
        for (size_t i = 0; i < select->values.front().size(); ++i) {
          item.columns.push_back("column" + std::to_string(i + 1));
        }
      }
      for (const parser::ResTarget& target : select->targets) {
        if (target.expr && target.expr->kind == parser::ExprKind::kStar) item.columns_known = false;
        item.columns.push_back(target.alias.empty() && target.expr ? FigureColumnName(*target.expr)
                                                                   : target.alias);
      }
      break;
    }
    case parser::TableRefKind::kFunction: {
      const auto& function = ref.As<parser::FunctionRef>();
      alias = function.alias ? &*function.alias : nullptr;
      const auto& call = function.call->As<parser::FuncCallExpr>();
      item.alias = alias ? alias->name : call.name.back();
      // generate_series and a one-argument unnest have one column, named like the item.
      const std::string& name = call.name.back();
      if (name == "generate_series" || (name == "unnest" && call.args.size() == 1)) {
        item.columns.push_back(item.alias);
      } else {
        item.columns_known = false;
      }
      break;
    }
    case parser::TableRefKind::kJoin: return;  // LowestLevel adds a join's sides
  }
  if (alias) {
    for (size_t i = 0; i < alias->column_names.size(); ++i) {
      if (i < item.columns.size()) {
        item.columns[i] = alias->column_names[i];
      } else {
        item.columns.push_back(alias->column_names[i]);
      }
    }
  }
  items.push_back(std::move(item));
}

bool ExprBinder::SubselectNames::Resolves(const parser::ColumnRefExpr& ref) const {
  for (const Item& item : items) {
    if (ref.names.size() >= 2) {
      if (item.alias == ref.names[ref.names.size() - 2]) return true;
      continue;
    }
    const std::string& name = ref.names.front();
    if (!item.columns_known || item.alias == name) return true;
    if (std::find(item.columns.begin(), item.columns.end(), name) != item.columns.end()) return true;
  }
  return parent != nullptr && parent->Resolves(ref);
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

void ExprBinder::CheckNestedInFilter(const parser::FuncCallExpr& call, int level) const {
  if (!call.filter) return;
  Visit visit = [&](const parser::Expr& node) {
    if (IsAggregateCall(node) && AggregateLevel(node.As<parser::FuncCallExpr>()) == level) {
      throw context_.ErrorAt(sqlstate::kGroupingError, "aggregate function calls cannot be nested",
                             node.location);
    }
    ForEachChild(node, visit);
  };
  visit(*call.filter);
}

}  // namespace granary::planner
