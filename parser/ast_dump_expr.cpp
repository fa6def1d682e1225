// S-expression rendering of expressions, sort keys, windows and type names (see
// ast_dump.hpp).
#include "parser/ast_dumper.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace granary::parser::dump {

void Dumper::Sorts(const std::vector<SortBy>& sorts) {
  out_ += '(';
  for (std::size_t i = 0; i < sorts.size(); ++i) {
    if (i > 0) Space();
    const SortBy& sort = sorts[i];
    const bool plain = sort.direction == SortDirection::kDefault &&
                       sort.nulls == NullsOrder::kDefault;
    if (plain) {
      Expression(*sort.expr);
      continue;
    }
    Open("sort ");
    Expression(*sort.expr);
    if (sort.direction == SortDirection::kAscending) Text(" asc");
    if (sort.direction == SortDirection::kDescending) Text(" desc");
    if (sort.nulls == NullsOrder::kFirst) Text(" nulls-first");
    if (sort.nulls == NullsOrder::kLast) Text(" nulls-last");
    Close();
  }
  out_ += ')';
}

void Dumper::Constant(const ConstantExpr& constant) {
  switch (constant.constant_kind) {
    case ConstantKind::kInteger:
    case ConstantKind::kDecimal:
      Text(constant.text);
      return;
    case ConstantKind::kString:
      Quoted(constant.text);
      return;
    case ConstantKind::kBool:
      Text(constant.bool_value ? "true" : "false");
      return;
    case ConstantKind::kNull:
      Text("null");
      return;
  }
}

void Dumper::Function(const FuncCallExpr& call) {
  Open("call ");
  Names(call.name);
  Flag(call.distinct, "distinct");
  if (call.star) Text(" *");
  for (size_t i = 0; i < call.args.size(); ++i) {
    Space();
    if (call.variadic && i + 1 == call.args.size()) Text("variadic ");
    Expression(*call.args[i]);
  }
  if (!call.order_by.empty()) {
    Key("order-by");
    Sorts(call.order_by);
  }
  if (!call.within_group.empty()) {
    Key("within-group");
    Sorts(call.within_group);
  }
  MaybeExpr("filter", call.filter);
  if (call.over) {
    Key("over");
    Window(*call.over);
  }
  Close();
}

void Dumper::Window(const WindowDef& window) {
  Open("window");
  if (!window.name.empty()) {
    Key("name");
    Text(window.name);
  }
  if (!window.existing.empty()) {
    Key("existing");
    Text(window.existing);
  }
  for (const ExprPtr& key : window.partition_by) {
    Space();
    Expression(*key);
  }
  if (!window.order_by.empty()) {
    Key("order-by");
    Sorts(window.order_by);
  }
  if (window.frame_mode != FrameMode::kDefault) {
    static const char* kModes[] = {"", "rows", "range", "groups"};
    static const char* kBounds[] = {"unbounded-preceding", "preceding", "current-row", "following",
                                    "unbounded-following"};
    Key("frame");
    Text(kModes[static_cast<int>(window.frame_mode)]);
    for (const FrameBound* bound : {&window.frame_start, &window.frame_end}) {
      Space();
      Text(kBounds[static_cast<int>(bound->kind)]);
      if (bound->offset) {
        Space();
        Expression(*bound->offset);
      }
    }
  }
  Close();
}

void Dumper::Subquery(const SubqueryExpr& subquery) {
  switch (subquery.subquery_kind) {
    case SubqueryKind::kScalar:
      Open("subquery ");
      break;
    case SubqueryKind::kExists:
      Open("exists ");
      break;
    case SubqueryKind::kIn:
      Open("in-subquery ");
      break;
    case SubqueryKind::kAny:
      Open("any ");
      break;
    case SubqueryKind::kAll:
      Open("all ");
      break;
  }
  if (subquery.subquery_kind == SubqueryKind::kAny ||
      subquery.subquery_kind == SubqueryKind::kAll) {
    Text(subquery.operator_name);
    Space();
  }
  if (subquery.test_expr != nullptr) {
    Expression(*subquery.test_expr);
    Space();
  }
  Select(*subquery.select);
  Close();
}

void Dumper::Expression(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kConstant:
      Constant(expr.As<ConstantExpr>());
      return;
    case ExprKind::kColumnRef:
      Names(expr.As<ColumnRefExpr>().names);
      return;
    case ExprKind::kStar: {
      const auto& star = expr.As<StarExpr>();
      if (!star.qualifier.empty()) {
        Names(star.qualifier);
        Text(".");
      }
      Text("*");
      return;
    }
    case ExprKind::kParamRef:
      Text("$" + std::to_string(expr.As<ParamRefExpr>().number));
      return;
    case ExprKind::kOperator: {
      const auto& op = expr.As<OperatorExpr>();
      Open(op.name);
      if (op.left != nullptr) {
        Space();
        Expression(*op.left);
      }
      Space();
      Expression(*op.right);
      Close();
      return;
    }
    case ExprKind::kBool: {
      const auto& bool_expr = expr.As<BoolExpr>();
      static constexpr std::string_view kOps[] = {"and", "or", "not"};
      Open(kOps[static_cast<int>(bool_expr.op)]);
      for (const ExprPtr& arg : bool_expr.args) {
        Space();
        Expression(*arg);
      }
      Close();
      return;
    }
    case ExprKind::kNullTest: {
      const auto& test = expr.As<NullTestExpr>();
      Open(test.is_not ? "notnull " : "isnull ");
      Expression(*test.arg);
      Close();
      return;
    }
    case ExprKind::kBooleanTest: {
      const auto& test = expr.As<BooleanTestExpr>();
      static constexpr std::string_view kTests[] = {"true", "false", "unknown"};
      Open(test.is_not ? "is-not-" : "is-");
      Text(kTests[static_cast<int>(test.test)]);
      Space();
      Expression(*test.arg);
      Close();
      return;
    }
    case ExprKind::kFuncCall:
      Function(expr.As<FuncCallExpr>());
      return;
    case ExprKind::kTypeCast: {
      const auto& cast = expr.As<TypeCastExpr>();
      Open("cast ");
      Expression(*cast.arg);
      Space();
      Type(cast.type);
      Close();
      return;
    }
    case ExprKind::kCollate: {
      const auto& collate = expr.As<CollateExpr>();
      Open("collate ");
      Expression(*collate.arg);
      std::string name;
      for (const std::string& part : collate.collation) name += (name.empty() ? "" : ".") + part;
      out_ += " " + name;
      Close();
      return;
    }
    case ExprKind::kInList: {
      const auto& in = expr.As<InListExpr>();
      Open(in.negated ? "not-in " : "in ");
      Expression(*in.arg);
      Space();
      ExprList(in.list);
      Close();
      return;
    }
    case ExprKind::kBetween: {
      const auto& between = expr.As<BetweenExpr>();
      Open(between.negated ? "not-between" : "between");
      if (between.symmetric) Text("-symmetric");
      Space();
      Expression(*between.arg);
      Space();
      Expression(*between.low);
      Space();
      Expression(*between.high);
      Close();
      return;
    }
    case ExprKind::kLike: {
      const auto& like = expr.As<LikeExpr>();
      Open(like.negated ? "not-" : "");
      Text(like.case_insensitive ? "ilike " : "like ");
      Expression(*like.arg);
      Space();
      Expression(*like.pattern);
      MaybeExpr("escape", like.escape);
      Close();
      return;
    }
    case ExprKind::kCase: {
      const auto& case_expr = expr.As<CaseExpr>();
      Open("case");
      if (case_expr.arg != nullptr) {
        Space();
        Expression(*case_expr.arg);
      }
      for (const CaseWhen& when : case_expr.whens) {
        Text(" (when ");
        Expression(*when.condition);
        Space();
        Expression(*when.result);
        Close();
      }
      if (case_expr.else_result != nullptr) {
        Text(" (else ");
        Expression(*case_expr.else_result);
        Close();
      }
      Close();
      return;
    }
    case ExprKind::kSubquery:
      Subquery(expr.As<SubqueryExpr>());
      return;
    case ExprKind::kDefault:
      Text("default");
      return;
    case ExprKind::kGroupingSet: {
      const auto& set = expr.As<GroupingSetExpr>();
      static constexpr std::string_view kKinds[] = {"empty-set", "list", "rollup", "cube",
                                                    "grouping-sets"};
      Open(kKinds[static_cast<int>(set.set_kind)]);
      for (const ExprPtr& item : set.content) {
        Space();
        Expression(*item);
      }
      Close();
      return;
    }
    case ExprKind::kArray: {
      const auto& array = expr.As<ArrayExpr>();
      if (array.select) {
        Open("array-subquery ");
        Select(*array.select);
        Close();
        return;
      }
      Open(array.nested ? "row" : "array");
      for (const ExprPtr& element : array.elements) {
        Space();
        Expression(*element);
      }
      Close();
      return;
    }
    case ExprKind::kSubscript: {
      const auto& subscript = expr.As<SubscriptExpr>();
      Open("subscript ");
      Expression(*subscript.base);
      for (const Subscript& step : subscript.subscripts) {
        Text(step.slice ? " (slice " : " (index ");
        if (step.lower) Expression(*step.lower); else Text("-");
        if (step.slice) {
          Space();
          if (step.upper) Expression(*step.upper); else Text("-");
        }
        Close();
      }
      Close();
      return;
    }
    case ExprKind::kRow: {
      const auto& row = expr.As<RowExpr>();
      Open(row.explicit_row ? "row" : "implicit-row");
      for (const ExprPtr& arg : row.args) {
        Space();
        Expression(*arg);
      }
      Close();
      return;
    }
    case ExprKind::kFieldSelect: {
      const auto& select = expr.As<FieldSelectExpr>();
      Open("field ");
      Expression(*select.arg);
      Space();
      if (select.star) Text("*"); else Quoted(select.field);
      Close();
      return;
    }
    case ExprKind::kNamedArg: {
      const auto& named = expr.As<NamedArgExpr>();
      Open("named ");
      Quoted(named.name);
      Space();
      Expression(*named.arg);
      Close();
      return;
    }
    case ExprKind::kArrayComparison: {
      const auto& comparison = expr.As<ArrayComparisonExpr>();
      Open(comparison.all ? "all " : "any ");
      Quoted(comparison.operator_name);
      Space();
      Expression(*comparison.left);
      Space();
      Expression(*comparison.array);
      Close();
      return;
    }
  }
}

void Dumper::Type(const TypeName& type) {
  Names(type.names);
  if (!type.modifiers.empty()) {
    out_ += '(';
    for (std::size_t i = 0; i < type.modifiers.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += std::to_string(type.modifiers[i]);
    }
    out_ += ')';
  }
  for (int i = 0; i < type.array_bounds; ++i) out_ += "[]";
}

}  // namespace granary::parser::dump
