// S-expression rendering of SELECT: select lists, FROM items, WITH (see ast_dump.hpp).
#include "parser/ast_dumper.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace granary::parser::dump {

void Dumper::Targets(const std::vector<ResTarget>& targets) {
  out_ += '(';
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (i > 0) Space();
    if (targets[i].alias.empty()) {
      Expression(*targets[i].expr);
    } else {
      Open("as ");
      Expression(*targets[i].expr);
      Space();
      Text(targets[i].alias);
      Close();
    }
  }
  out_ += ')';
}

void Dumper::TableRefs(const std::vector<TableRefPtr>& refs) {
  out_ += '(';
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (i > 0) Space();
    Table(*refs[i]);
  }
  out_ += ')';
}

void Dumper::AliasSuffix(const std::optional<Alias>& alias) {
  if (!alias) return;
  Key("alias");
  Text(alias->name);
  if (!alias->column_names.empty()) NameList(alias->column_names);
}

void Dumper::Table(const TableRef& ref) {
  switch (ref.kind) {
    case TableRefKind::kRelation: {
      const auto& range = ref.As<RangeVar>();
      if (range.sample) {
        Open("tablesample ");
        if (!range.schema.empty()) Text(range.schema + ".");
        Text(range.name);
        AliasSuffix(range.alias);
        Space();
        Names(range.sample->method);
        Space();
        ExprList(range.sample->args);
        MaybeExpr("repeatable", range.sample->repeatable);
        Close();
        return;
      }
      if (!range.alias) {
        if (!range.schema.empty()) Text(range.schema + ".");
        Text(range.name);
        return;
      }
      Open("rel ");
      if (!range.schema.empty()) Text(range.schema + ".");
      Text(range.name);
      AliasSuffix(range.alias);
      Close();
      return;
    }
    case TableRefKind::kJoin: {
      const auto& join = ref.As<JoinRef>();
      static constexpr std::string_view kTypes[] = {"inner", "left", "right", "full", "cross"};
      Open("join ");
      if (join.natural) Text("natural-");
      Text(kTypes[static_cast<int>(join.join_type)]);
      Space();
      Table(*join.left);
      Space();
      Table(*join.right);
      MaybeExpr("on", join.condition);
      if (!join.using_columns.empty()) {
        Key("using");
        NameList(join.using_columns);
        if (!join.using_alias.empty()) {
          Key("using-alias");
          Text(join.using_alias);
        }
      }
      AliasSuffix(join.alias);
      Close();
      return;
    }
    case TableRefKind::kSubquery: {
      const auto& subquery = ref.As<SubqueryRef>();
      Open(subquery.lateral ? "lateral " : "subquery ");
      Select(*subquery.select);
      AliasSuffix(subquery.alias);
      Close();
      return;
    }
    case TableRefKind::kFunction: {
      const auto& function = ref.As<FunctionRef>();
      Open("function ");
      Expression(*function.call);
      AliasSuffix(function.alias);
      Close();
      return;
    }
  }
}

void Dumper::Select(const SelectStmt& select) {
  if (select.set_op != SetOperation::kNone) {
    static constexpr std::string_view kOps[] = {"", "union", "intersect", "except"};
    Open(kOps[static_cast<int>(select.set_op)]);
    if (select.all) Text(" all");
    Space();
    Select(*select.left);
    Space();
    Select(*select.right);
  } else if (!select.values.empty()) {
    Open("values");
    for (const auto& row : select.values) {
      Space();
      ExprList(row);
    }
  } else {
    Open("select");
    Flag(select.distinct && select.distinct_on.empty(), "distinct");
    if (!select.distinct_on.empty()) {
      Key("distinct-on");
      ExprList(select.distinct_on);
    }
    Key("targets");
    Targets(select.targets);
    if (select.into) {
      Key(select.into->temporary ? "into-temporary" : "into");
      Table(*select.into->table);
    }
    if (!select.from.empty()) {
      Key("from");
      TableRefs(select.from);
    }
    MaybeExpr("where", select.where);
    if (!select.group_by.empty()) {
      Key(select.group_by_distinct ? "group-by-distinct" : "group-by");
      ExprList(select.group_by);
    }
    MaybeExpr("having", select.having);
  }
  if (!select.order_by.empty()) {
    Key("order-by");
    Sorts(select.order_by);
  }
  MaybeExpr(select.limit_with_ties ? "limit-with-ties" : "limit", select.limit);
  MaybeExpr("offset", select.offset);
  for (const LockingClause& clause : select.locking) {
    static constexpr std::string_view kStrengths[] = {"key-share", "share", "no-key-update", "update"};
    static constexpr std::string_view kPolicies[] = {"", "skip-locked", "nowait"};
    Space();
    Open("for");
    Space();
    Text(kStrengths[static_cast<int>(clause.strength)]);
    for (const auto& table : clause.relations) {
      Space();
      Table(*table);
    }
    Flag(clause.wait_policy != LockWaitPolicy::kBlock, kPolicies[static_cast<int>(clause.wait_policy)]);
    Close();
  }
  With(select.with);
  Close();
}

// :with [recursive] ((name (columns) :materialized|:not-materialized query) ...)
void Dumper::With(const std::unique_ptr<WithClause>& with) {
  if (!with) return;
  Key("with");
  if (with->recursive) Text("recursive ");
  out_ += '(';
  for (std::size_t i = 0; i < with->ctes.size(); ++i) {
    const CommonTableExpr& cte = with->ctes[i];
    if (i > 0) Space();
    Open(cte.name);
    if (!cte.column_names.empty()) {
      Space();
      NameList(cte.column_names);
    }
    Flag(cte.materialized == CteMaterialize::kAlways, "materialized");
    Flag(cte.materialized == CteMaterialize::kNever, "not-materialized");
    Space();
    Statement(*cte.query);
    Close();
  }
  out_ += ')';
}

}  // namespace granary::parser::dump
