// SelectBinder: JOIN items (ON, USING, NATURAL), their merged columns and PostgreSQL's
// checks on the recursive work table's side.
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

void SelectBinder::BindJoin(const parser::JoinRef& join, BoundFromItem& item) {
  const size_t first_entry = scope_.entries().size();
  const size_t merged_before = scope_.merged_count();
  const size_t computed_before = scope_.computed_count();
  BindJoinSides(join, item);
  if (!join.alias) return;
  // The USING aliases inside go with the tables they name.
  scope_.TruncateComputed(computed_before);
  ExposeJoinAlias(*join.alias, item, first_entry, merged_before);
}

void SelectBinder::RequireFreeAlias(const std::string& alias) {
  if (alias.empty()) return;  // (an entry an aliased JOIN hides)
  if (scope_.FindEntry(alias) != nullptr || scope_.FindJoinAlias(alias) != nullptr) {
    throw context_.ErrorAt(sqlstate::kDuplicateAlias, "table name \"" + alias + "\" specified more than once", -1);
  }
}

void SelectBinder::ExposeUsingAlias(const std::string& alias, const BoundFromItem& item) {
  RequireFreeAlias(alias);
  Scope::ComputedRelation relation;
  relation.alias = alias;
  relation.of_join = true;
  relation.qualified_only = true;
  for (const auto& [name, expr] : item.merged_columns) {
    relation.column_names.push_back(name);
    relation.columns.push_back(expr->Clone());
  }
  scope_.AddComputed(std::move(relation));
}

void SelectBinder::ExposeJoinAlias(const parser::Alias& alias, BoundFromItem& item, size_t first_entry,
                                   size_t merged_before) {
  item.alias = alias.name;  // also for FOR UPDATE OF
  Scope::ComputedRelation relation;
  relation.alias = alias.name;
  relation.of_join = true;
  for (auto& [expr, name] : ExpandItem(item)) {
    relation.columns.push_back(std::move(expr));
    relation.column_names.push_back(name);
  }
  if (alias.column_names.size() > relation.column_names.size()) {
    throw Error(sqlstate::kInvalidColumnReference,
                "join expression \"" + alias.name + "\" has " + std::to_string(relation.column_names.size()) +
                    " columns available but " + std::to_string(alias.column_names.size()) + " columns specified");
  }
  for (size_t i = 0; i < alias.column_names.size(); ++i) relation.column_names[i] = alias.column_names[i];
  // `SELECT *` shows the renamed columns (ExpandItem).
  item.column_names = relation.column_names;
  for (size_t entry = first_entry; entry < scope_.entries().size(); ++entry) scope_.HideInsideJoin(entry);
  scope_.TruncateMerged(merged_before);
  RequireFreeAlias(alias.name);
  scope_.AddComputed(std::move(relation));
}

void SelectBinder::BindJoinSides(const parser::JoinRef& join, BoundFromItem& item) {
  item.kind = BoundFromItem::Kind::kJoin;
  item.join_type = join.join_type;
  item.left = BindFromItem(*join.left);
  // A LATERAL item on the right of RIGHT or FULL JOIN must not read the left side (42P10);
  // it may read the FROM items before the JOIN (the JOIN is then lateral to them).
  const bool left_nullable = join.join_type == parser::JoinType::kRight || join.join_type == parser::JoinType::kFull;
  if (left_nullable) {
    wrong_join_columns_.emplace_back(item.left->column_offset, item.left->column_offset + item.left->column_count);
  }
  item.right = BindFromItem(*join.right);
  if (left_nullable) wrong_join_columns_.pop_back();
  RejectWorkTableOnNullableSide(item);

  std::vector<std::string> using_columns = join.using_columns;
  if (join.natural) {
    // NATURAL: every column name the two sides share, in the left side's order.
    const std::vector<std::pair<BoundExprPtr, std::string>> left = ExpandItem(*item.left);
    const std::vector<std::pair<BoundExprPtr, std::string>> right = ExpandItem(*item.right);
    for (const auto& [expr, name] : left) {
      for (const auto& [right_expr, right_name] : right) {
        if (right_name == name) {
          using_columns.push_back(name);
          break;
        }
      }
    }
  }
  ExprBinder binder = MakeBinder(scope_, nullptr, "JOIN conditions");
  binder.SetFirstVisibleColumn(item.left->column_offset);  // not the FROM items before the JOIN
  if (join.condition) item.condition = binder.BindCondition(*join.condition, "JOIN/ON");
  if (using_columns.empty()) return;

  auto all = std::make_unique<BoundExpr>();
  all->kind = BoundKind::kAnd;
  all->type = Type{TypeId::kBool, -1};
  for (const std::string& name : using_columns) {
    BoundExprPtr left = SideColumn(*item.left, name, join.location, "left");
    BoundExprPtr right = SideColumn(*item.right, name, join.location, "right");
    BoundExprPtr comparison =
        BindComparison("=", left->Clone(), right->Clone(), join.location, context_);
    // The merged column, typed like the comparison (the two sides' common type, as in
    // PostgreSQL): COALESCE of both sides for FULL JOIN, else the preserved side.
    BoundExprPtr merged;
    if (item.join_type == parser::JoinType::kFull) {
      merged = std::make_unique<BoundExpr>();
      merged->kind = BoundKind::kCoalesce;
      merged->type = comparison->args[0]->type;
      merged->args.push_back(comparison->args[0]->Clone());
      merged->args.push_back(comparison->args[1]->Clone());
    } else {
      merged = comparison->args[item.join_type == parser::JoinType::kRight ? 1 : 0]->Clone();
    }
    for (const BoundExprPtr* side : {&left, &right}) {
      if ((*side)->kind == BoundKind::kColumn) scope_.HideUnqualified((*side)->index);
    }
    scope_.AddMerged(name, *merged);
    item.merged_columns.emplace_back(name, std::move(merged));
    all->args.push_back(std::move(comparison));
  }
  item.condition = all->args.size() == 1 ? std::move(all->args[0]) : std::move(all);
  if (!join.using_alias.empty()) ExposeUsingAlias(join.using_alias, item);
}

// A recursive term's work table must not be NULL-extended by an outer join (42P19): its
// rows would not be the iteration's rows (PostgreSQL's checkWellFormedRecursion).
void SelectBinder::RejectWorkTableOnNullableSide(const BoundFromItem& join) {
  const bool left_nullable = join.join_type == parser::JoinType::kRight || join.join_type == parser::JoinType::kFull;
  const bool right_nullable = join.join_type == parser::JoinType::kLeft || join.join_type == parser::JoinType::kFull;
  for (const auto& [side, nullable] : {std::pair{join.left.get(), left_nullable}, std::pair{join.right.get(), right_nullable}}) {
    if (!nullable) continue;
    if (const BoundCte* cte = FindWorkTable(*side)) {
      throw context_.ErrorAt(sqlstate::kInvalidRecursion,
                             "recursive reference to query \"" + cte->name +
                                 "\" must not appear within an outer join",
                             cte->work_table_location);
    }
  }
}

const BoundCte* SelectBinder::FindWorkTable(const BoundFromItem& item) {
  if (item.kind == BoundFromItem::Kind::kWorkTable) return item.cte.get();
  if (item.kind != BoundFromItem::Kind::kJoin) return nullptr;
  if (const BoundCte* found = FindWorkTable(*item.left)) return found;
  return FindWorkTable(*item.right);
}

// The column `name` of one side of a USING join: a merged column of a nested join, or the
// single column of that name among the side's columns.
BoundExprPtr SelectBinder::SideColumn(const BoundFromItem& side, const std::string& name, int location,
                        const char* which) {
  BoundExprPtr found;
  for (auto& [expr, column_name] : ExpandItem(side)) {
    if (column_name != name) continue;
    if (found) {
      throw context_.ErrorAt(sqlstate::kAmbiguousColumn,
                             "common column name \"" + name + "\" appears more than once in " +
                                 which + " table",
                             location);
    }
    found = std::move(expr);
  }
  if (!found) {
    throw context_.ErrorAt(sqlstate::kUndefinedColumn,
                           "column \"" + name + "\" specified in USING clause does not exist in " +
                               which + " table",
                           location);
  }
  return found;
}

}  // namespace granary::planner
