// Expression node construction for the grammar (see node_builder.hpp).
#include <algorithm>
#include <initializer_list>
#include <utility>

#include "common/sqlstate.hpp"
#include "parser/node_builder.hpp"
#include "parser/parse_context.hpp"

namespace granary::parser {
namespace {

template <typename Node>
std::unique_ptr<Node> New(int location) {
  auto node = std::make_unique<Node>();
  node->location = location;
  return node;
}

int MaxDepth(const ParseContext& ctx, std::initializer_list<const Expr*> exprs) {
  int depth = 0;
  for (const Expr* expr : exprs) depth = std::max(depth, ctx.DepthOf(expr));
  return depth;
}

// Records `node` one level above its deepest child and returns it as an ExprPtr.
template <typename Node>
ExprPtr Finish(ParseContext& ctx, std::unique_ptr<Node> node, int child_depth) {
  ctx.RecordDepth(node.get(), child_depth + 1);
  return node;
}

bool IsNumericConstant(const Expr& expr) {
  if (expr.kind != ExprKind::kConstant) return false;
  const auto kind = expr.As<ConstantExpr>().constant_kind;
  return kind == ConstantKind::kInteger || kind == ConstantKind::kDecimal;
}

ExprPtr MakeBoolOp(ParseContext& ctx, BoolOp op, ExprPtr left, ExprPtr right, int location) {
  if (left->kind == ExprKind::kBool && left->As<BoolExpr>().op == op) {
    auto& chain = left->As<BoolExpr>();
    const int depth = std::max(ctx.DepthOf(&chain), ctx.DepthOf(right.get()) + 1);
    chain.args.push_back(std::move(right));
    ctx.RecordDepth(&chain, depth);
    return left;
  }
  auto node = New<BoolExpr>(location);
  node->op = op;
  const int depth = MaxDepth(ctx, {left.get(), right.get()});
  node->args.push_back(std::move(left));
  node->args.push_back(std::move(right));
  return Finish(ctx, std::move(node), depth);
}

}  // namespace

ExprPtr MakeConstant(ConstantKind kind, std::string text, int location) {
  auto node = New<ConstantExpr>(location);
  node->constant_kind = kind;
  node->text = std::move(text);
  return node;
}

ExprPtr MakeNumericConstant(std::string text, int location) {
  const bool digits_only = std::all_of(text.begin(), text.end(),
                                       [](char c) { return c >= '0' && c <= '9'; });
  return MakeConstant(digits_only ? ConstantKind::kInteger : ConstantKind::kDecimal,
                      std::move(text), location);
}

ExprPtr MakeBoolConstant(bool value, int location) {
  auto node = New<ConstantExpr>(location);
  node->constant_kind = ConstantKind::kBool;
  node->bool_value = value;
  return node;
}

ExprPtr MakeBitStringConstant(ParseContext& ctx, std::string text, int location) {
  // bit_in reads the "b" / "x" prefix itself; the length is what the literal spells.
  const bool hex = text[0] == 'x';
  const auto digits = static_cast<int64_t>(text.size() - 1);
  TypeName type = MakeTypeName("bit", location);
  type.modifiers = {hex ? digits * 4 : digits};
  return MakeStringCast(ctx, std::move(text), location, std::move(type), location);
}

ExprPtr MakeStringCast(ParseContext& ctx, std::string text, int text_location, TypeName type,
                       int location) {
  auto node = New<TypeCastExpr>(location);
  node->arg = MakeConstant(ConstantKind::kString, std::move(text), text_location);
  node->type = std::move(type);
  return Finish(ctx, std::move(node), 1);
}

ExprPtr MakeParamRef(int number, int location) {
  auto node = New<ParamRefExpr>(location);
  node->number = number;
  return node;
}

ExprPtr MakeDefault(int location) { return New<DefaultExpr>(location); }

ExprPtr MakeStar(int location) { return New<StarExpr>(location); }

ExprPtr MakeColumnRef(ParseContext& ctx, std::string first, std::vector<Indirection> rest,
                      int location) {
  // Subscripts after the name apply to the column: a[1], t.a[1:2].
  size_t names_end = 0;
  while (names_end < rest.size() && !rest[names_end].subscript) ++names_end;
  if (names_end < rest.size()) {
    std::vector<Indirection> subscripts;
    for (size_t i = names_end; i < rest.size(); ++i) subscripts.push_back(std::move(rest[i]));
    rest.resize(names_end);
    ExprPtr column = MakeColumnRef(ctx, std::move(first), std::move(rest), location);
    return MakeSubscripts(ctx, std::move(column), std::move(subscripts));
  }
  std::vector<std::string> names;
  names.reserve(rest.size() + 1);
  names.push_back(std::move(first));
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (!rest[i].star) {
      names.push_back(std::move(rest[i].name));
      continue;
    }
    // We only allow '*' at the end of a column reference.
    if (i + 1 != rest.size()) ctx.ThrowSyntaxError("improper use of \"*\"");
    auto star = New<StarExpr>(location);
    star->qualifier = std::move(names);
    return star;
  }
  auto node = New<ColumnRefExpr>(location);
  node->names = std::move(names);
  return node;
}

ExprPtr MakeOperator(ParseContext& ctx, std::string name, ExprPtr left, ExprPtr right,
                     int location) {
  auto node = New<OperatorExpr>(location);
  node->name = std::move(name);
  const int depth = MaxDepth(ctx, {left.get(), right.get()});
  node->left = std::move(left);
  node->right = std::move(right);
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeNamedArg(ParseContext& ctx, std::string name, ExprPtr arg, int location) {
  auto node = New<NamedArgExpr>(location);
  node->name = std::move(name);
  const int depth = MaxDepth(ctx, {arg.get()});
  node->arg = std::move(arg);
  return Finish(ctx, std::move(node), depth);
}

std::string NegateNumber(std::string text) {
  if (!text.empty() && text[0] == '-') return text.substr(1);
  return "-" + text;
}

ExprPtr MakeNegation(ParseContext& ctx, ExprPtr arg, int location) {
  if (IsNumericConstant(*arg)) {
    auto& constant = arg->As<ConstantExpr>();
    constant.text = NegateNumber(std::move(constant.text));
    constant.location = location;
    return arg;
  }
  return MakeOperator(ctx, "-", nullptr, std::move(arg), location);
}

ExprPtr MakeAnd(ParseContext& ctx, ExprPtr left, ExprPtr right, int location) {
  return MakeBoolOp(ctx, BoolOp::kAnd, std::move(left), std::move(right), location);
}

ExprPtr MakeOr(ParseContext& ctx, ExprPtr left, ExprPtr right, int location) {
  return MakeBoolOp(ctx, BoolOp::kOr, std::move(left), std::move(right), location);
}

ExprPtr MakeNot(ParseContext& ctx, ExprPtr arg, int location) {
  auto node = New<BoolExpr>(location);
  node->op = BoolOp::kNot;
  const int depth = ctx.DepthOf(arg.get());
  node->args.push_back(std::move(arg));
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeNullTest(ParseContext& ctx, ExprPtr arg, bool is_not, int location) {
  auto node = New<NullTestExpr>(location);
  const int depth = ctx.DepthOf(arg.get());
  node->arg = std::move(arg);
  node->is_not = is_not;
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeBooleanTest(ParseContext& ctx, ExprPtr arg, BooleanTestKind test, bool is_not,
                        int location) {
  auto node = New<BooleanTestExpr>(location);
  const int depth = ctx.DepthOf(arg.get());
  node->arg = std::move(arg);
  node->test = test;
  node->is_not = is_not;
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeTypeCast(ParseContext& ctx, ExprPtr arg, TypeName type, int location) {
  auto node = New<TypeCastExpr>(location);
  const int depth = ctx.DepthOf(arg.get());
  node->arg = std::move(arg);
  node->type = std::move(type);
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeCollate(ParseContext& ctx, ExprPtr arg, std::vector<std::string> collation, int location) {
  auto node = New<CollateExpr>(location);
  const int depth = ctx.DepthOf(arg.get());
  node->arg = std::move(arg);
  node->collation = std::move(collation);
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeGroupingSet(ParseContext& ctx, GroupingSetKind kind, ExprList content, int location) {
  auto node = New<GroupingSetExpr>(location);
  const int depth = ctx.DepthOf(content);
  node->set_kind = kind;
  node->content = std::move(content);
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeBetween(ParseContext& ctx, ExprPtr arg, ExprPtr low, ExprPtr high, bool negated,
                    bool symmetric, int location) {
  auto node = New<BetweenExpr>(location);
  const int depth = MaxDepth(ctx, {arg.get(), low.get(), high.get()});
  node->arg = std::move(arg);
  node->low = std::move(low);
  node->high = std::move(high);
  node->negated = negated;
  node->symmetric = symmetric;
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeLike(ParseContext& ctx, ExprPtr arg, ExprPtr pattern, ExprPtr escape,
                 bool negated, bool case_insensitive, int location) {
  auto node = New<LikeExpr>(location);
  const int depth = MaxDepth(ctx, {arg.get(), pattern.get(), escape.get()});
  node->arg = std::move(arg);
  node->pattern = std::move(pattern);
  node->escape = std::move(escape);
  node->negated = negated;
  node->case_insensitive = case_insensitive;
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeSimilar(ParseContext& ctx, ExprPtr arg, ExprPtr pattern, ExprPtr escape,
                    bool negated, int location) {
  ExprList args;
  args.push_back(std::move(pattern));
  if (escape != nullptr) args.push_back(std::move(escape));
  ExprPtr regex = MakeSqlFunction(ctx, "similar_to_escape", std::move(args), location);
  return MakeOperator(ctx, negated ? "!~" : "~", std::move(arg), std::move(regex), location);
}

ExprPtr MakeIn(ParseContext& ctx, ExprPtr arg, InTarget target, bool negated, int location) {
  if (target.select != nullptr) {
    ExprPtr in = MakeSubquery(ctx, SubqueryKind::kIn, std::move(arg), "=",
                              std::move(target.select), location);
    return negated ? MakeNot(ctx, std::move(in), location) : std::move(in);
  }
  auto node = New<InListExpr>(location);
  const int depth = std::max(ctx.DepthOf(arg.get()), ctx.DepthOf(target.list));
  node->arg = std::move(arg);
  node->list = std::move(target.list);
  node->negated = negated;
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeSubquery(ParseContext& ctx, SubqueryKind kind, ExprPtr test_expr,
                     std::string operator_name, std::unique_ptr<SelectStmt> select,
                     int location) {
  auto node = New<SubqueryExpr>(location);
  node->subquery_kind = kind;
  const int select_depth = SelectDepth(ctx, *select);
  ctx.RecordDepth(select.get(), select_depth);
  const int depth = std::max(ctx.DepthOf(test_expr.get()), select_depth);
  node->test_expr = std::move(test_expr);
  node->operator_name = std::move(operator_name);
  node->select = std::move(select);
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeCase(ParseContext& ctx, ExprPtr arg, std::vector<CaseWhen> whens,
                 ExprPtr else_result, int location) {
  auto node = New<CaseExpr>(location);
  int depth = MaxDepth(ctx, {arg.get(), else_result.get()});
  for (const CaseWhen& when : whens) {
    depth = std::max(depth, MaxDepth(ctx, {when.condition.get(), when.result.get()}));
  }
  node->arg = std::move(arg);
  node->whens = std::move(whens);
  node->else_result = std::move(else_result);
  return Finish(ctx, std::move(node), depth);
}

std::unique_ptr<FuncCallExpr> NewFuncCall(std::vector<std::string> name, ExprList args,
                                          int location) {
  auto node = New<FuncCallExpr>(location);
  node->name = std::move(name);
  node->args = std::move(args);
  return node;
}

std::unique_ptr<WindowDef> MakeFrameExtent(ParseContext& ctx, FrameBound start,
                                           std::optional<FrameBound> end, int start_location,
                                           int end_location) {
  auto fail = [&](const char* message, int location) {
    ctx.ThrowErrorAt(sqlstate::kWindowingError, message, location);
  };
  if (start.kind == FrameBoundKind::kUnboundedFollowing)
    fail("frame start cannot be UNBOUNDED FOLLOWING", start_location);
  if (!end) {
    if (start.kind == FrameBoundKind::kFollowing) {
      fail("frame starting from following row cannot end with current row", start_location);
    }
    end = FrameBound{FrameBoundKind::kCurrentRow, nullptr, start.location};
  }
  if (end->kind == FrameBoundKind::kUnboundedPreceding)
    fail("frame end cannot be UNBOUNDED PRECEDING", end_location);
  if (start.kind == FrameBoundKind::kCurrentRow && end->kind == FrameBoundKind::kPreceding) {
    fail("frame starting from current row cannot have preceding rows", end_location);
  }
  if (start.kind == FrameBoundKind::kFollowing &&
      (end->kind == FrameBoundKind::kPreceding || end->kind == FrameBoundKind::kCurrentRow)) {
    fail("frame starting from following row cannot have preceding rows", end_location);
  }
  auto window = std::make_unique<WindowDef>();
  window->frame_start = std::move(start);
  window->frame_end = std::move(*end);
  return window;
}

ExprPtr FinishFuncCall(ParseContext& ctx, std::unique_ptr<FuncCallExpr> call, ExprPtr filter,
                       std::unique_ptr<WindowDef> over, std::vector<SortBy> within_group,
                       int within_location) {
  if (!within_group.empty()) {
    if (!call->order_by.empty()) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError,
                       "cannot use multiple ORDER BY clauses with WITHIN GROUP", within_location);
    }
    if (call->distinct) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError, "cannot use DISTINCT with WITHIN GROUP",
                       within_location);
    }
    call->within_group = std::move(within_group);
  }
  int depth = std::max(ctx.DepthOf(call->args), ctx.DepthOf(filter.get()));
  for (const SortBy& sort : call->order_by) depth = std::max(depth, ctx.DepthOf(sort.expr.get()));
  for (const SortBy& sort : call->within_group) depth = std::max(depth, ctx.DepthOf(sort.expr.get()));
  if (over) {
    depth = std::max(depth, ctx.DepthOf(over->partition_by));
    for (const SortBy& sort : over->order_by) depth = std::max(depth, ctx.DepthOf(sort.expr.get()));
    depth = std::max({depth, ctx.DepthOf(over->frame_start.offset.get()),
                      ctx.DepthOf(over->frame_end.offset.get())});
  }
  call->filter = std::move(filter);
  call->over = std::move(over);
  return Finish(ctx, std::move(call), depth);
}

ExprPtr MakeSqlFunction(ParseContext& ctx, std::string name, ExprList args, int location) {
  return FinishFuncCall(ctx, NewFuncCall({std::move(name)}, std::move(args), location), nullptr);
}

ExprPtr MakeSubscripts(ParseContext& ctx, ExprPtr base, std::vector<Indirection> steps) {
  if (steps.empty()) return base;
  const int location = base->location;
  // Consecutive subscripts make one SubscriptExpr; `.name` and `.*` select fields of what
  // comes before them.
  std::unique_ptr<SubscriptExpr> subscripts;
  int depth = ctx.DepthOf(base.get());
  const auto flush = [&] {
    if (!subscripts) return;
    subscripts->base = std::move(base);
    base = Finish(ctx, std::move(subscripts), depth);
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    Indirection& step = steps[i];
    if (!step.subscript) {
      if (step.star && i + 1 != steps.size()) ctx.ThrowSyntaxError("improper use of \"*\"");
      flush();
      auto select = New<FieldSelectExpr>(location);
      select->arg = std::move(base);
      select->field = step.star ? std::string() : std::move(step.name);
      select->star = step.star;
      base = Finish(ctx, std::move(select), depth);
      continue;
    }
    if (!subscripts) subscripts = New<SubscriptExpr>(location);
    depth = std::max({depth, ctx.DepthOf(step.lower.get()), ctx.DepthOf(step.upper.get())});
    subscripts->subscripts.push_back(Subscript{std::move(step.lower), std::move(step.upper), step.slice});
  }
  flush();
  return base;
}

ExprPtr MakeRow(ParseContext& ctx, ExprList args, bool explicit_row, int location) {
  auto node = New<RowExpr>(location);
  const int depth = ctx.DepthOf(args);
  node->args = std::move(args);
  node->explicit_row = explicit_row;
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeOverlaps(ParseContext& ctx, ExprPtr left, ExprPtr right, int location) {
  ExprList args;
  for (ExprPtr* row : {&left, &right}) {
    ExprList& members = (*row)->As<RowExpr>().args;
    if (members.size() != 2) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError,
                       std::string("wrong number of parameters on ") + (row == &left ? "left" : "right") +
                           " side of OVERLAPS expression",
                       (*row)->location);
    }
    for (ExprPtr& member : members) args.push_back(std::move(member));
  }
  return MakeSqlFunction(ctx, "overlaps", std::move(args), location);
}

ExprPtr GroupingElementOf(ParseContext& ctx, ExprPtr expr) {
  // GROUP BY (a, b): PostgreSQL's implicit row, which grouping reads as a list of keys.
  if (expr->kind != ExprKind::kRow || expr->As<RowExpr>().explicit_row) return expr;
  const int location = expr->location;
  return MakeGroupingSet(ctx, GroupingSetKind::kList, std::move(expr->As<RowExpr>().args), location);
}

SetClause MakeElementSetClause(ParseContext& ctx, std::string column, std::vector<Indirection> steps,
                               ExprPtr value, int location) {
  SetClause clause{std::move(column), std::move(value), location};
  for (Indirection& step : steps) {
    if (!step.subscript) {
      ctx.ThrowErrorAt(sqlstate::kDatatypeMismatch,
                       "cannot assign to field \"" + step.name + "\" of column \"" + clause.column +
                           "\" because its type is not a composite type",
                       step.location);
    }
    if (step.slice) {
      ctx.ThrowErrorAt(sqlstate::kFeatureNotSupported, "assignment to an array slice is not supported",
                       step.location);
    }
    clause.subscripts.push_back(std::move(step.lower));
  }
  return clause;
}

ExprPtr MakeArrayConstructor(ParseContext& ctx, ExprList elements, bool nested, int location) {
  auto node = New<ArrayExpr>(location);
  const int depth = ctx.DepthOf(elements);
  node->elements = std::move(elements);
  node->nested = nested;
  return Finish(ctx, std::move(node), depth);
}

ExprPtr MakeArraySubquery(ParseContext& ctx, std::unique_ptr<SelectStmt> select, int location) {
  auto node = New<ArrayExpr>(location);
  const int select_depth = SelectDepth(ctx, *select);
  ctx.RecordDepth(select.get(), select_depth);
  node->select = std::move(select);
  return Finish(ctx, std::move(node), select_depth);
}

ExprPtr MakeArrayComparison(ParseContext& ctx, SubqueryKind kind, ExprPtr left,
                            std::string operator_name, ExprPtr array, int location) {
  auto node = New<ArrayComparisonExpr>(location);
  const int depth = MaxDepth(ctx, {left.get(), array.get()});
  node->all = kind == SubqueryKind::kAll;
  node->operator_name = std::move(operator_name);
  node->left = std::move(left);
  node->array = std::move(array);
  return Finish(ctx, std::move(node), depth);
}

std::vector<std::string> MakeQualifiedFuncName(ParseContext& ctx, std::string first,
                                               std::vector<Indirection> rest) {
  std::vector<std::string> names;
  names.push_back(std::move(first));
  for (Indirection& step : rest) {
    if (step.star || step.subscript) ctx.ThrowSyntaxError("syntax error");
    names.push_back(std::move(step.name));
  }
  return names;
}

}  // namespace granary::parser
