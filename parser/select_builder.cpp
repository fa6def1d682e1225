// SELECT and FROM node construction for the grammar (see node_builder.hpp).
#include <algorithm>
#include <utility>

#include "common/sqlstate.hpp"
#include "parser/node_builder.hpp"
#include "parser/parse_context.hpp"

namespace granary::parser {
namespace {

// The dotted name as written, for messages ("a.b.c.d").
std::string JoinNames(const std::string& first, const std::vector<Indirection>& rest) {
  std::string text = first;
  for (const Indirection& step : rest) {
    text += '.';
    text += step.name;
  }
  return text;
}

}  // namespace

int SelectDepth(const ParseContext& ctx, const SelectStmt& select) {
  int depth = std::max({ctx.DepthOf(select.distinct_on), ctx.DepthOf(select.group_by),
                        ctx.DepthOf(select.where.get()), ctx.DepthOf(select.having.get()),
                        ctx.DepthOf(select.left.get()), ctx.DepthOf(select.right.get()),
                        ctx.DepthOf(select.limit.get()), ctx.DepthOf(select.offset.get())});
  for (const ResTarget& target : select.targets) {
    depth = std::max(depth, ctx.DepthOf(target.expr.get()));
  }
  for (const TableRefPtr& item : select.from) depth = std::max(depth, ctx.DepthOf(item.get()));
  for (const ExprList& row : select.values) depth = std::max(depth, ctx.DepthOf(row));
  for (const SortBy& sort : select.order_by) depth = std::max(depth, ctx.DepthOf(sort.expr.get()));
  if (select.with) {
    for (const CommonTableExpr& cte : select.with->ctes) depth = std::max(depth, ctx.DepthOf(cte.query.get()));
  }
  return depth + 1;
}

std::unique_ptr<SelectStmt> MakeSimpleSelect(DistinctClause distinct,
                                             std::vector<ResTarget> targets,
                                             std::vector<TableRefPtr> from, ExprPtr where,
                                             GroupClause group_by, ExprPtr having) {
  auto select = std::make_unique<SelectStmt>();
  select->distinct = distinct.distinct;
  select->distinct_on = std::move(distinct.on);
  select->targets = std::move(targets);
  select->from = std::move(from);
  select->where = std::move(where);
  select->group_by = std::move(group_by.items);
  select->group_by_distinct = group_by.distinct;
  select->having = std::move(having);
  return select;
}

std::unique_ptr<SelectStmt> MakeValues(ExprList first_row) {
  auto select = std::make_unique<SelectStmt>();
  select->values.push_back(std::move(first_row));
  return select;
}

std::unique_ptr<SelectStmt> MakeTableSelect(std::unique_ptr<RangeVar> table, int location) {
  auto select = std::make_unique<SelectStmt>();
  select->targets.push_back(ResTarget{MakeStar(location), std::string(), location});
  select->from.push_back(std::move(table));
  return select;
}

std::unique_ptr<SelectStmt> MakeSetOperation(ParseContext& ctx, SetOperation op, bool all,
                                             std::unique_ptr<SelectStmt> left,
                                             std::unique_ptr<SelectStmt> right) {
  ctx.RecordDepth(left.get(), SelectDepth(ctx, *left));
  ctx.RecordDepth(right.get(), SelectDepth(ctx, *right));
  auto select = std::make_unique<SelectStmt>();
  select->set_op = op;
  select->all = all;
  select->left = std::move(left);
  select->right = std::move(right);
  return select;
}

void InsertSelectOptions(ParseContext& ctx, SelectStmt& select, std::vector<SortBy> order_by,
                         SelectLimit limit) {
  if (!order_by.empty()) {
    if (!select.order_by.empty()) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "multiple ORDER BY clauses not allowed",
                       order_by.front().location);
    }
    select.order_by = std::move(order_by);
  }
  if (limit.has_offset) {
    if (select.offset != nullptr) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "multiple OFFSET clauses not allowed",
                       limit.offset_location);
    }
    select.offset = std::move(limit.offset);
  }
  if (limit.has_limit) {
    if (select.limit != nullptr) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "multiple LIMIT clauses not allowed",
                       limit.limit_location);
    }
    select.limit = std::move(limit.limit);
    select.limit_with_ties = limit.with_ties;
    select.with_ties_location = limit.with_ties_location;
    if (limit.with_ties && select.order_by.empty()) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "WITH TIES cannot be specified without ORDER BY clause",
                       limit.with_ties_location);
    }
  }
}

void AppendLocking(SelectStmt& select, std::vector<LockingClause> locking) {
  for (LockingClause& clause : locking) select.locking.push_back(std::move(clause));
}

LockingClause MakeLockingClause(LockStrength strength, std::vector<std::unique_ptr<RangeVar>> relations,
                                LockWaitPolicy wait_policy, int location) {
  LockingClause clause;
  clause.strength = strength;
  clause.relations = std::move(relations);
  clause.wait_policy = wait_policy;
  clause.location = location;
  return clause;
}

SelectLimit MergeSelectLimit(SelectLimit limit, SelectLimit offset) {
  limit.offset = std::move(offset.offset);
  limit.has_offset = offset.has_offset;
  limit.offset_location = offset.offset_location;
  return limit;
}

void SetSpan(Stmt& stmt, const Location& span) {
  if (span.empty()) return;
  stmt.location = span.begin;
  stmt.length = span.end - span.begin;
}

std::unique_ptr<RangeVar> MakeRangeVar(ParseContext& ctx, std::string first,
                                       std::vector<Indirection> rest, int location) {
  for (const Indirection& step : rest) {
    if (step.star || step.subscript) ctx.ThrowSyntaxError("syntax error");
  }
  if (rest.size() > 2) {
    ctx.ThrowErrorAt(sqlstate::kSyntaxError,
                     "improper qualified name (too many dotted names): " + JoinNames(first, rest),
                     location);
  }
  auto table = std::make_unique<RangeVar>();
  table->location = location;
  if (rest.empty()) {
    table->name = std::move(first);
  } else if (rest.size() == 2) {
    // database.schema.name: the analyzer checks that the database is the current one.
    table->catalog = std::move(first);
    table->schema = std::move(rest[0].name);
    table->name = std::move(rest[1].name);
  } else {
    table->schema = std::move(first);
    table->name = std::move(rest[0].name);
  }
  return table;
}

TableRefPtr MakeRelationRef(std::unique_ptr<RangeVar> table, std::optional<Alias> alias) {
  table->alias = std::move(alias);
  return table;
}

TableRefPtr MakeFunctionRef(ParseContext& ctx, std::unique_ptr<FuncCallExpr> call,
                            std::optional<Alias> alias, int location) {
  auto ref = std::make_unique<FunctionRef>();
  ref->location = location;
  ref->call = FinishFuncCall(ctx, std::move(call), nullptr);
  ref->alias = std::move(alias);
  return ref;
}

TableRefPtr MakeSubqueryRef(ParseContext& ctx, std::unique_ptr<SelectStmt> select,
                            std::optional<Alias> alias, bool lateral, int location) {
  // The SQL standard requires an alias for a derived table, and so does PostgreSQL 15.
  if (!alias) {
    if (!select->values.empty()) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "VALUES in FROM must have an alias", location,
                       "For example, FROM (VALUES ...) [AS] foo.");
    }
    ctx.ThrowErrorAt(sqlstate::kSyntaxError, "subquery in FROM must have an alias", location,
                     "For example, FROM (SELECT ...) [AS] foo.");
  }
  auto ref = std::make_unique<SubqueryRef>();
  ref->location = location;
  const int depth = SelectDepth(ctx, *select);
  ctx.RecordDepth(select.get(), depth);
  ref->select = std::move(select);
  ref->alias = std::move(alias);
  ref->lateral = lateral;
  ctx.RecordDepth(ref.get(), depth + 1);
  return ref;
}

TableRefPtr MakeJoin(ParseContext& ctx, JoinType type, bool natural, TableRefPtr left,
                     TableRefPtr right, JoinQualifier qualifier, int location) {
  auto join = std::make_unique<JoinRef>();
  join->location = location;
  join->join_type = type;
  join->natural = natural;
  const int depth = std::max({ctx.DepthOf(left.get()), ctx.DepthOf(right.get()),
                              ctx.DepthOf(qualifier.on.get())});
  join->left = std::move(left);
  join->right = std::move(right);
  join->condition = std::move(qualifier.on);
  join->using_columns = std::move(qualifier.using_columns);
  join->using_alias = std::move(qualifier.using_alias);
  ctx.RecordDepth(join.get(), depth + 1);
  return join;
}

}  // namespace granary::parser
