// SelectBinder: WHERE, VALUES lists and the select list (`*` expansion, window names).
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

void SelectBinder::BindWhere() {
  if (!select_.where) return;
  ExprBinder binder = MakeBinder(scope_, nullptr, "WHERE");
  query_->where = binder.BindCondition(*select_.where, "WHERE");
}

void SelectBinder::BindValues() {
  const size_t width = select_.values.front().size();
  std::vector<std::vector<BoundExprPtr>> columns(width);
  Scope empty;
  ExprBinder binder = MakeBinder(empty, nullptr, "VALUES");
  for (const parser::ExprList& row : select_.values) {
    if (row.size() != width) {
      throw context_.ErrorAt(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                             row.empty() ? -1 : row.front()->location);
    }
    for (size_t i = 0; i < width; ++i) columns[i].push_back(binder.Bind(*row[i]));
  }
  for (size_t i = 0; i < width; ++i) {
    const Type type = CoerceToCommonType(columns[i], "VALUES", context_);
    query_->input_types.push_back(type);
    query_->input_names.push_back("column" + std::to_string(i + 1));
  }
  query_->values_rows.resize(select_.values.size());
  for (size_t r = 0; r < select_.values.size(); ++r) {
    for (size_t i = 0; i < width; ++i) query_->values_rows[r].push_back(std::move(columns[i][r]));
  }
  ScopeEntry entry;
  entry.alias = "*VALUES*";
  for (size_t i = 0; i < width; ++i) {
    entry.column_names.push_back("column" + std::to_string(i + 1));
    entry.column_types.push_back(query_->input_types[i]);
    query_->targets.push_back(MakeColumn(i, query_->input_types[i]));
    query_->target_names.push_back(entry.column_names.back());
  }
  query_->visible_targets = width;
  scope_.Add(std::move(entry));
}

void SelectBinder::BindTargets() {
  CheckWindowNames();
  ExprBinder binder = MakeBinder(scope_, &query_->aggregates, "");
  binder.AllowWindows(&query_->windows, &select_.windows);
  for (const parser::ResTarget& target : select_.targets) {
    if (target.expr->kind == parser::ExprKind::kStar) {
      ExpandStar(target.expr->As<parser::StarExpr>(), target.expr->location);
      continue;
    }
    if (target.expr->kind == parser::ExprKind::kFieldSelect &&
        target.expr->As<parser::FieldSelectExpr>().star) {
      for (auto& [field, name] : binder.BindSelectFieldStar(target.expr->As<parser::FieldSelectExpr>())) {
        query_->targets.push_back(std::move(field));
        query_->target_names.push_back(name);
      }
      continue;
    }
    query_->targets.push_back(binder.BindSelectTarget(*target.expr));
    query_->target_names.push_back(target.alias.empty() ? FigureColumnName(*target.expr)
                                                         : target.alias);
  }
  query_->visible_targets = query_->targets.size();
  query_->distinct = select_.distinct && select_.distinct_on.empty();
  if (query_->distinct) {
    for (size_t i = 0; i < query_->targets.size(); ++i) {
      RequireOperator(query_->targets[i]->type.id, "equality", query_->targets[i]->location);
    }
  }

  try {
    BindGroupBy();
  } catch (const Error& error) {
    if (error.sqlstate() == sqlstate::kAmbiguousColumn) ReportOrderByAmbiguity();
    throw;
  }
  if (select_.having) {
    ExprBinder having_binder = MakeBinder(scope_, &query_->aggregates, "HAVING");
    query_->having = having_binder.BindCondition(*select_.having, "HAVING");
  }
  query_->aggregated = !query_->aggregates.empty() || !select_.group_by.empty() ||
                       query_->having != nullptr || ContainsGrouping();
  for (size_t i = 0; i < select_.windows.size(); ++i) binder.CheckWindowDefinition(i);
}

// 42P20 for a name the WINDOW clause defines twice.
void SelectBinder::CheckWindowNames() {
  for (size_t i = 0; i < select_.windows.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (select_.windows[j].name == select_.windows[i].name) {
        throw context_.ErrorAt(sqlstate::kWindowingError,
                               "window \"" + select_.windows[i].name + "\" is already defined",
                               select_.windows[i].location);
      }
    }
  }
}

void SelectBinder::ExpandStar(const parser::StarExpr& star, int location) {
  if (star.qualifier.empty()) {
    if (query_->from.empty()) {
      throw context_.ErrorAt(sqlstate::kSyntaxError,
                             "SELECT * with no tables specified is not valid", location);
    }
    for (const auto& item : query_->from) {
      for (auto& [expr, name] : ExpandItem(*item)) {
        expr->location = location;
        query_->targets.push_back(std::move(expr));
        query_->target_names.push_back(name);
      }
    }
    return;
  }
  if (const Scope::ComputedRelation* join = scope_.FindJoinAlias(star.qualifier.back())) {
    for (size_t i = 0; i < join->columns.size(); ++i) {
      BoundExprPtr column = join->columns[i]->Clone();
      column->location = location;
      query_->targets.push_back(std::move(column));
      query_->target_names.push_back(join->column_names[i]);
    }
    return;
  }
  const ScopeEntry* entry = scope_.FindEntry(star.qualifier.back());
  if (!entry) {
    throw context_.ErrorAt(sqlstate::kUndefinedTable,
                           "missing FROM-clause entry for table \"" + star.qualifier.back() + "\"",
                           location);
  }
  for (size_t i = 0; i + entry->system_columns < entry->column_names.size(); ++i) {
    auto column = MakeColumn(entry->offset + i, entry->column_types[i]);
    column->location = location;
    query_->targets.push_back(std::move(column));
    query_->target_names.push_back(entry->column_names[i]);
  }
}

}  // namespace granary::planner
