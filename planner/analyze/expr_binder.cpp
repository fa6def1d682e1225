// Expression binding.
#include "planner/analyze/enum_functions.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/expr_binder.hpp"

#include "catalog/catalog_functions.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/regclass.hpp"
#include "planner/analyze/sql_function_binder.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/optimize/optimizer.hpp"
#include "types/functions/aggregate_functions.hpp"
#include "types/functions/builtin_functions.hpp"
#include "types/functions/pattern_functions.hpp"
#include "types/functions/string_functions.hpp"
#include "types/functions/text_functions.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

// The type of NULLIF(a, b): a's type unless the `=` PostgreSQL chooses promotes a to b's type.
// Cross-type operators take the integers among themselves, real with double precision (and
// with anything numeric cast to real), and date with timestamp as they are; varchar compares
// as text; an untyped literal takes the other side's type.
Type NullIfType(const Type& left, const Type& right) {
  const Type text{TypeId::kText, -1};
  const auto as_text = [&](const Type& type) { return type.id == TypeId::kVarchar ? text : type; };
  const auto is_float = [](TypeId id) { return id == TypeId::kFloat4 || id == TypeId::kFloat8; };
  const auto is_datetime = [](TypeId id) { return id == TypeId::kDate || id == TypeId::kTimestamp; };
  if (left.id == TypeId::kUnknown) {
    return right.id == TypeId::kUnknown ? text : as_text(Type{right.id, -1});
  }
  if (left.id == right.id || right.id == TypeId::kUnknown ||
      (types::IsInteger(left.id) && types::IsInteger(right.id)) ||
      (is_float(left.id) && (types::IsNumericCategory(right.id) || is_float(right.id))) ||
      (is_datetime(left.id) && is_datetime(right.id))) {
    return as_text(left);
  }
  const std::optional<TypeId> common = CommonType(std::vector<TypeId>{left.id, right.id});
  return common ? as_text(Type{*common, -1}) : as_text(left);
}

const Type kBool{TypeId::kBool, -1};

BoundExprPtr MakeNode(BoundKind kind, Type type, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = kind;
  node->type = type;
  node->location = location;
  return node;
}

// A candidate's argument and result types with anyelement/anyarray resolved to concrete
// types for these arguments (PostgreSQL's enforce_generic_type_consistency): every
// anyelement argument and the element type of every anyarray argument must agree (untyped
// literals take the type the others fix); nullopt when they cannot.
struct ResolvedSignature {
  const types::FunctionSignature* signature = nullptr;
  std::vector<TypeId> arguments;
  TypeId result = TypeId::kUnknown;
};

std::optional<ResolvedSignature> ResolvePolymorphic(const types::FunctionSignature& candidate,
                                                    const std::vector<BoundExprPtr>& args) {
  ResolvedSignature resolved{&candidate, candidate.arguments, candidate.result};
  std::vector<TypeId> element_types;
  for (size_t i = 0; i < args.size(); ++i) {
    const TypeId have = args[i]->type.id;
    if (have == TypeId::kUnknown) continue;
    if (candidate.arguments[i] == TypeId::kAnyElement) {
      if (types::IsArray(have) || types::IsPseudoType(have)) return std::nullopt;
      element_types.push_back(have);
    } else if (candidate.arguments[i] == TypeId::kAnyArray) {
      const std::optional<TypeId> element = types::ElementTypeOf(have);
      if (!element) return std::nullopt;
      element_types.push_back(*element);
    }
  }
  bool polymorphic = false;
  for (TypeId id : candidate.arguments) polymorphic |= types::IsPseudoType(id);
  if (!polymorphic) return resolved;
  if (element_types.empty()) return std::nullopt;  // only untyped literals: undeterminable
  const std::optional<TypeId> element = CommonType(element_types);
  if (!element) return std::nullopt;
  const std::optional<TypeId> array = types::ArrayTypeOf(*element);
  if (!array) return std::nullopt;
  for (TypeId& id : resolved.arguments) {
    if (id == TypeId::kAnyElement) id = *element;
    if (id == TypeId::kAnyArray) id = *array;
  }
  if (resolved.result == TypeId::kAnyElement) resolved.result = *element;
  if (resolved.result == TypeId::kAnyArray) resolved.result = *array;
  return resolved;
}

// Overload choice after PostgreSQL's func_select_candidate, reduced to what the built-in
// table needs: every argument must cast implicitly; prefer the most exact matches, then the
// most arguments in the category's preferred type (float8, text).
std::optional<ResolvedSignature> ChooseOverload(
    const std::vector<const types::FunctionSignature*>& candidates,
    const std::vector<BoundExprPtr>& args) {
  std::optional<ResolvedSignature> best;
  int best_exact = -1;
  int best_preferred = -1;
  for (const types::FunctionSignature* candidate : candidates) {
    if (candidate->arguments.size() != args.size()) continue;
    std::optional<ResolvedSignature> resolved = ResolvePolymorphic(*candidate, args);
    if (!resolved) continue;
    int exact = 0;
    int preferred = 0;
    bool usable = true;
    for (size_t i = 0; i < args.size(); ++i) {
      const TypeId have = args[i]->type.id;
      const TypeId want = resolved->arguments[i];
      if (have == want) {
        ++exact;
      } else if (!CanImplicitlyCast(have, want)) {
        usable = false;
        break;
      } else if (want == TypeId::kFloat8 || want == TypeId::kText ||
                 want == TypeId::kTimestampTz || want == TypeId::kInterval) {
        ++preferred;
      }
    }
    if (!usable) continue;
    if (exact > best_exact || (exact == best_exact && preferred > best_preferred)) {
      best = std::move(resolved);
      best_exact = exact;
      best_preferred = preferred;
    }
  }
  return best;
}

}  // namespace

std::string FunctionSignatureText(const std::string& name, const std::vector<BoundExprPtr>& args) {
  std::string text = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) text += ", ";
    text += args[i]->type.id == TypeId::kUnknown ? "unknown" : types::FormatType(Type{args[i]->type.id, -1});
  }
  return text + ")";
}


ExprBinder::ExprBinder(AnalyzeContext& context, const Scope& scope,
                       std::vector<BoundAggregate>* aggregates, std::string clause)
    : context_(context), scope_(scope), aggregates_(aggregates), clause_(std::move(clause)) {}

BoundExprPtr ExprBinder::BindCondition(const parser::Expr& expr, const std::string& clause) {
  return ToBoolean(Bind(expr), clause);
}

BoundExprPtr ExprBinder::ToBoolean(BoundExprPtr expr, const std::string& construct) {
  if (expr->type.id == TypeId::kBool) return expr;
  if (expr->type.id == TypeId::kUnknown) {
    return Coerce(std::move(expr), kBool, types::CastContext::kImplicit, context_);
  }
  throw context_.ErrorAt(sqlstate::kDatatypeMismatch,
                         "argument of " + construct + " must be type boolean, not type " +
                             types::FormatType(Type{expr->type.id, -1}),
                         expr->location);
}

BoundExprPtr ExprBinder::BindSelectTarget(const parser::Expr& expr) {
  set_function_allowed_ = true;
  in_select_entry_ = true;
  try {
    BoundExprPtr bound = Bind(expr);
    in_select_entry_ = false;
    return bound;
  } catch (...) {
    in_select_entry_ = false;
    throw;
  }
}

Error ExprBinder::SetFunctionRefusal(int location) const {
  constexpr const char* kMoveHint = "You might be able to move the set-returning function into a LATERAL FROM item.";
  if (in_select_entry_ && inside_aggregate_) {
    return context_.ErrorAt(sqlstate::kFeatureNotSupported,
                            "aggregate function calls cannot contain set-returning function calls", location)
        .WithHint(kMoveHint);
  }
  if (in_select_entry_ && set_function_barrier_ != nullptr) {
    const std::string barrier = set_function_barrier_;
    return context_.ErrorAt(sqlstate::kFeatureNotSupported,
                            barrier == "window" ? "window function calls cannot contain set-returning function calls"
                                                : "set-returning functions are not allowed in " + barrier,
                            location)
        .WithHint(kMoveHint);
  }
  return context_.ErrorAt(sqlstate::kFeatureNotSupported,
                          clause_.empty() ? "set-returning functions are supported only in a select list"
                                          : "set-returning functions are not allowed in " + clause_,
                          location);
}

BoundExprPtr ExprBinder::Bind(const parser::Expr& expr) {
  // The outermost call derives the collations of the whole tree (collation_assign.hpp).
  ++bind_depth_;
  BoundExprPtr bound;
  try {
    bound = BindNode(expr);
  } catch (...) {
    --bind_depth_;
    throw;
  }
  if (--bind_depth_ == 0) AssignCollations(*bound, context_);
  return bound;
}

BoundExprPtr ExprBinder::BindDetached(const parser::Expr& expr) {
  BoundExprPtr bound = Bind(expr);
  AssignCollations(*bound, context_);
  return bound;
}

BoundExprPtr ExprBinder::BindNode(const parser::Expr& expr) {
  const bool set_function_allowed = std::exchange(set_function_allowed_, false);
  set_function_here_ = expr.kind == parser::ExprKind::kFuncCall &&
                       (set_function_allowed ||
                        (in_select_entry_ && set_function_barrier_ == nullptr && !inside_aggregate_));
  switch (expr.kind) {
    case parser::ExprKind::kRow: return BindRow(expr.As<parser::RowExpr>());
    case parser::ExprKind::kFieldSelect:
      return BindFieldSelect(expr.As<parser::FieldSelectExpr>(), set_function_allowed);
    case parser::ExprKind::kNamedArg:
      // BindFunction takes a call's named arguments apart; any other place has none.
      throw context_.ErrorAt(sqlstate::kSyntaxError, "named argument is not allowed here", expr.location);
    case parser::ExprKind::kConstant: return BindConstant(expr.As<parser::ConstantExpr>());
    case parser::ExprKind::kColumnRef: {
      const auto& ref = expr.As<parser::ColumnRefExpr>();
      if (BoundExprPtr bound = TryBindColumn(ref)) return bound;
      if (BoundExprPtr row = TryBindWholeRowAnyLevel(ref)) return row;
      scope_.Resolve(ref.names, expr.location, context_);  // raises the not-found error
      throw context_.ErrorAt(sqlstate::kUndefinedColumn, "column does not exist", expr.location);
    }
    case parser::ExprKind::kStar: {
      // `t.*` inside an expression is t's whole row, as `t` is (json_agg(t.*)).
      const auto& star = expr.As<parser::StarExpr>();
      if (star.qualifier.size() == 1) {
        parser::ColumnRefExpr ref;
        ref.names = star.qualifier;
        ref.location = expr.location;
        if (BoundExprPtr row = TryBindWholeRowAnyLevel(ref)) return row;
      }
      throw context_.ErrorAt(sqlstate::kSyntaxError, "row expansion via \"*\" is not supported here",
                             expr.location);
    }
    case parser::ExprKind::kParamRef: {
      const int number = expr.As<parser::ParamRefExpr>().number;
      if (context_.function != nullptr) {
        // $n in a SQL function's body: the call's n-th argument.
        if (number < 1 || static_cast<size_t>(number) > context_.function->arg_types.size()) {
          throw context_.ErrorAt(sqlstate::kUndefinedParameter,
                                 "there is no parameter $" + std::to_string(number), expr.location);
        }
        return FunctionArgument(static_cast<size_t>(number - 1), expr.location);
      }
      if (number < 1 || number > 65535) {
        throw context_.ErrorAt(sqlstate::kUndefinedParameter,
                               "there is no parameter $" + std::to_string(number), expr.location);
      }
      if (context_.param_types.size() < static_cast<size_t>(number)) {
        context_.param_types.resize(number, Type{TypeId::kUnknown, -1});
      }
      if (context_.param_values != nullptr && static_cast<size_t>(number) <= context_.param_values->size()) {
        BoundExprPtr constant = MakeNode(BoundKind::kConstant, context_.param_types[number - 1], expr.location);
        constant->constant = (*context_.param_values)[number - 1];
        return constant;
      }
      BoundExprPtr param = MakeNode(BoundKind::kParam, context_.param_types[number - 1], expr.location);
      param->index = static_cast<size_t>(number - 1);
      return param;
    }
    case parser::ExprKind::kOperator: return BindOperator(expr.As<parser::OperatorExpr>());
    case parser::ExprKind::kBool: return BindBool(expr.As<parser::BoolExpr>());
    case parser::ExprKind::kNullTest: {
      const auto& test = expr.As<parser::NullTestExpr>();
      BoundExprPtr node = MakeNode(BoundKind::kIsNull, kBool, expr.location);
      node->negated = test.is_not;
      node->args.push_back(Bind(*test.arg));
      return node;
    }
    case parser::ExprKind::kBooleanTest: {
      const auto& test = expr.As<parser::BooleanTestExpr>();
      BoundExprPtr node = MakeNode(BoundKind::kBooleanTest, kBool, expr.location);
      node->negated = test.is_not;
      node->boolean_test = static_cast<BooleanTest>(test.test);
      const char* names[] = {"IS TRUE", "IS FALSE", "IS UNKNOWN"};
      node->args.push_back(ToBoolean(Bind(*test.arg), names[static_cast<int>(test.test)]));
      return node;
    }
    case parser::ExprKind::kFuncCall: return BindFunction(expr.As<parser::FuncCallExpr>());
    case parser::ExprKind::kTypeCast: return BindTypeCast(expr.As<parser::TypeCastExpr>());
    case parser::ExprKind::kCollate: return BindCollate(expr.As<parser::CollateExpr>());
    case parser::ExprKind::kInList: return BindInList(expr.As<parser::InListExpr>());
    case parser::ExprKind::kBetween: return BindBetween(expr.As<parser::BetweenExpr>());
    case parser::ExprKind::kLike: return BindLike(expr.As<parser::LikeExpr>());
    case parser::ExprKind::kCase: return BindCase(expr.As<parser::CaseExpr>());
    case parser::ExprKind::kSubquery: return BindSubquery(expr.As<parser::SubqueryExpr>());
    case parser::ExprKind::kArray: return BindArray(expr.As<parser::ArrayExpr>());
    case parser::ExprKind::kSubscript: return BindSubscript(expr.As<parser::SubscriptExpr>());
    case parser::ExprKind::kArrayComparison:
      return BindArrayComparison(expr.As<parser::ArrayComparisonExpr>());
    case parser::ExprKind::kDefault:
      throw context_.ErrorAt(sqlstate::kSyntaxError, "DEFAULT is not allowed in this context",
                             expr.location);
    case parser::ExprKind::kGroupingSet:
      break;  // GROUP BY's own items, expanded by the select binder
  }
  throw context_.ErrorAt(sqlstate::kInternalError, "unrecognized expression", expr.location);
}

BoundExprPtr ExprBinder::TryBindColumn(const parser::ColumnRefExpr& ref) {
  bool ambiguous = false;
  if (const BoundExpr* computed = scope_.FindComputed(ref.names, &ambiguous)) {
    // A view column of the statement's target (updatable_view.hpp) or an aliased JOIN's
    // column; another relation's column of that name makes the unqualified name ambiguous.
    if (ambiguous || (ref.names.size() == 1 && (scope_.TryResolve(ref.names, ref.location, context_) ||
                                                scope_.FindMerged(ref.names[0]) != nullptr))) {
      throw context_.ErrorAt(sqlstate::kAmbiguousColumn,
                             "column reference \"" + ref.names[0] + "\" is ambiguous", ref.location);
    }
    BoundExprPtr bound = computed->Clone();
    bound->location = ref.location;
    return bound;
  }
  if (ref.names.size() == 1) {
    if (const BoundExpr* merged = scope_.FindMerged(ref.names[0])) {
      // Another relation's column of that name (joined later, or beside the join in FROM)
      // makes the unqualified name ambiguous, as in PostgreSQL.
      if (scope_.TryResolve(ref.names, ref.location, context_)) {
        throw context_.ErrorAt(sqlstate::kAmbiguousColumn,
                               "column reference \"" + ref.names[0] + "\" is ambiguous",
                               ref.location);
      }
      BoundExprPtr bound = merged->Clone();
      bound->location = ref.location;
      size_t column = SIZE_MAX;
      bound->Walk([&](const BoundExpr& node) {
        if (node.kind == BoundKind::kColumn) column = std::min(column, node.index);
      });
      if (column != SIZE_MAX && Forbidden(column)) RejectFromReference(ref, column);
      return bound;
    }
  }
  if (std::optional<ResolvedColumn> column = scope_.TryResolve(ref.names, ref.location, context_)) {
    if (Forbidden(column->index)) RejectFromReference(ref, column->index);
    BoundExprPtr bound = MakeColumn(column->index, column->type);
    bound->location = ref.location;
    return bound;
  }
  if (!outer_) {
    // In a SQL function's body, a name no column has may be a parameter's: `name` or
    // `function.name` (columns take precedence, as in PostgreSQL).
    const FunctionBodyScope* function = context_.function;
    if (function == nullptr || ref.names.size() > 2) return nullptr;
    if (ref.names.size() == 2 && ref.names[0] != function->name) return nullptr;
    for (size_t i = 0; i < function->arg_names.size(); ++i) {
      if (!function->arg_names[i].empty() && function->arg_names[i] == ref.names.back()) {
        return FunctionArgument(i, ref.location);
      }
    }
    return nullptr;
  }
  BoundExprPtr outer = outer_->TryBindColumn(ref);
  if (!outer) return nullptr;
  return OuterReference(std::move(outer), ref.location);
}

BoundExprPtr ExprBinder::FunctionArgument(size_t index, int location) {
  // The body's outermost query reads the arguments as its outer values 0..n-1 (the call
  // supplies them in order); a subquery inside reads them through the levels between.
  if (outer_ != nullptr) return OuterReference(outer_->FunctionArgument(index, location), location);
  BoundExprPtr reference = MakeNode(BoundKind::kOuterRef, context_.function->arg_types[index], location);
  reference->index = index;
  return reference;
}

BoundExprPtr ExprBinder::OuterReference(BoundExprPtr outer, int location) {
  // A correlated reference: the enclosing row supplies the value as argument `index`.
  size_t index = 0;
  while (index < outer_arguments_->size() && !(*outer_arguments_)[index]->Equals(*outer)) ++index;
  const types::Type type = outer->type;
  if (index == outer_arguments_->size()) outer_arguments_->push_back(std::move(outer));
  BoundExprPtr reference = MakeNode(BoundKind::kOuterRef, type, location);
  reference->index = index;
  return reference;
}

bool ExprBinder::Forbidden(size_t column) const {
  if (from_visibility_ == FromVisibility::kHidden || column < first_visible_column_) return true;
  return InWrongJoin(column);
}

bool ExprBinder::InWrongJoin(size_t column) const {
  return from_visibility_ == FromVisibility::kVisible && column >= first_visible_column_ &&
         std::any_of(wrong_join_.begin(), wrong_join_.end(),
                     [column](const auto& range) { return column >= range.first && column < range.second; });
}

void ExprBinder::RejectFromReference(const parser::ColumnRefExpr& ref, size_t column) const {
  std::string table = ref.names.size() > 1 ? ref.names[ref.names.size() - 2] : std::string();
  if (table.empty()) {
    for (const ScopeEntry& entry : scope_.entries()) {
      if (column >= entry.offset && column < entry.offset + entry.column_names.size()) table = entry.alias;
    }
  }
  if (InWrongJoin(column)) {
    throw context_
        .ErrorAt(sqlstate::kInvalidColumnReference,
                 "invalid reference to FROM-clause entry for table \"" + table + "\"", ref.location)
        .WithDetail("The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
  }
  if (ref.names.size() == 1) {
    throw context_
        .ErrorAt(sqlstate::kUndefinedColumn, "column \"" + ref.names[0] + "\" does not exist", ref.location)
        .WithHint("There is a column named \"" + ref.names[0] + "\" in table \"" + table +
                  "\", but it cannot be referenced from this part of the query.");
  }
  throw context_
      .ErrorAt(sqlstate::kUndefinedTable,
               "invalid reference to FROM-clause entry for table \"" + table + "\"", ref.location)
      .WithHint("There is an entry for table \"" + table +
                "\", but it cannot be referenced from this part of the query.");
}

std::unique_ptr<BoundQuery> ExprBinder::BindSubselect(const parser::SelectStmt& select,
                                                      std::vector<BoundExprPtr>& arguments) {
  // WITH items see how deep they are referenced (a recursive self-reference must not be in
  // a subquery).
  ++context_.subquery_depth;
  std::unique_ptr<BoundQuery> query;
  try {
    query = BindSelect(select, context_, this, &arguments);
  } catch (...) {
    --context_.subquery_depth;
    throw;
  }
  --context_.subquery_depth;
  return query;
}

BoundExprPtr ExprBinder::BindSubquery(const parser::SubqueryExpr& expr) {
  auto info = std::make_shared<SubqueryInfo>();
  std::vector<BoundExprPtr> arguments;
  std::unique_ptr<BoundQuery> query = BindSubselect(*expr.select, arguments);
  const std::vector<Type> output = query->OutputTypes();
  BoundExprPtr node = MakeNode(BoundKind::kSubquery, kBool, expr.location);
  switch (expr.subquery_kind) {
    case parser::SubqueryKind::kExists: info->mode = SubqueryMode::kExists; break;
    case parser::SubqueryKind::kScalar:
      info->mode = SubqueryMode::kScalar;
      if (output.size() != 1) {
        throw context_.ErrorAt(sqlstate::kSyntaxError, "subquery must return only one column",
                               expr.location);
      }
      node->type = output[0].id == TypeId::kUnknown ? Type{TypeId::kText, -1} : output[0];
      break;
    case parser::SubqueryKind::kIn:
    case parser::SubqueryKind::kAny:
    case parser::SubqueryKind::kAll: {
      info->mode = expr.subquery_kind == parser::SubqueryKind::kAll ? SubqueryMode::kAll
                                                                   : SubqueryMode::kAny;
      info->operator_name = expr.subquery_kind == parser::SubqueryKind::kIn ? "=" : expr.operator_name;
      const size_t width =
          expr.test_expr->kind == parser::ExprKind::kRow ? expr.test_expr->As<parser::RowExpr>().args.size() : 1;
      if (output.size() != width) {
        throw context_.ErrorAt(sqlstate::kSyntaxError,
                               output.size() > width ? "subquery has too many columns"
                                                     : "subquery has too few columns",
                               expr.location);
      }
      if (expr.test_expr->kind == parser::ExprKind::kRow && width > 1) {
        for (BoundExprPtr& test : BindRowSubqueryTest(expr.test_expr->As<parser::RowExpr>(), info->operator_name,
                                                      output, *info, expr.location)) {
          node->args.push_back(std::move(test));
        }
        break;
      }
      const Type inner = output[0].id == TypeId::kUnknown ? Type{TypeId::kText, -1} : output[0];
      // ROW(x) op ANY (...) tests x, as PostgreSQL unpacks a row constructor on the left.
      const parser::Expr& test = expr.test_expr->kind == parser::ExprKind::kRow
                                     ? *expr.test_expr->As<parser::RowExpr>().args[0]
                                     : *expr.test_expr;
      BoundExprPtr test_value = Bind(test);
      BoundExprPtr comparison =
          test_value->type.id == TypeId::kRecord && inner.id == TypeId::kRecord
              ? BindRecordComparison(info->operator_name, std::move(test_value), MakeColumn(0, inner), expr.location)
              : BindComparison(info->operator_name, std::move(test_value), MakeColumn(0, inner), expr.location,
                               context_);
      if (!comparison) {
        throw context_.ErrorAt(sqlstate::kUndefinedFunction,
                               "operator does not exist: record " + info->operator_name + " record", expr.location);
      }
      info->compare = comparison->function;
      info->compare_type = comparison->args[1]->type;
      info->test_count = 1;
      node->args.push_back(std::move(comparison->args[0]));
      break;
    }
  }
  info->plan = std::shared_ptr<const PlanNode>(PlanQuery(*query));
  if (info->mode == SubqueryMode::kExists || info->mode == SubqueryMode::kAny) info->query = std::move(query);
  for (BoundExprPtr& argument : arguments) node->args.push_back(std::move(argument));
  node->subquery = std::move(info);
  return node;
}

BoundExprPtr ExprBinder::BindConstant(const parser::ConstantExpr& expr) {
  switch (expr.constant_kind) {
    case parser::ConstantKind::kInteger: {
      int64_t value = 0;
      const char* end = expr.text.data() + expr.text.size();
      const auto [ptr, error] = std::from_chars(expr.text.data(), end, value);
      if (error == std::errc() && ptr == end) {
        const bool fits_int4 = value >= INT32_MIN && value <= INT32_MAX;
        const Type type{fits_int4 ? TypeId::kInt4 : TypeId::kInt8, -1};
        BoundExprPtr node = MakeConstant(Value::OfInt(type.id, value), type);
        node->location = expr.location;
        return node;
      }
      [[fallthrough]];
    }
    case parser::ConstantKind::kDecimal: {
      const Type type{TypeId::kNumeric, -1};
      BoundExprPtr node = MakeConstant(Value::OfNumeric(types::Numeric::Parse(expr.text)), type);
      node->location = expr.location;
      return node;
    }
    case parser::ConstantKind::kString: {
      BoundExprPtr node = MakeConstant(Value::Unknown(expr.text), Type{TypeId::kUnknown, -1});
      node->location = expr.location;
      return node;
    }
    case parser::ConstantKind::kBool: {
      BoundExprPtr node = MakeConstant(Value::Bool(expr.bool_value), kBool);
      node->location = expr.location;
      return node;
    }
    case parser::ConstantKind::kNull: {
      BoundExprPtr node = MakeConstant(Value::Null(), Type{TypeId::kUnknown, -1});
      node->location = expr.location;
      return node;
    }
  }
  throw context_.ErrorAt(sqlstate::kInternalError, "unrecognized constant", expr.location);
}

BoundExprPtr ExprBinder::BindOperator(const parser::OperatorExpr& expr) {
  if (!expr.left) {
    // A sign in front of a numeric literal belongs to the literal, as PostgreSQL's grammar
    // folds it: -2147483648 is an int4 constant.
    if (expr.name == "-" && expr.right->kind == parser::ExprKind::kConstant) {
      const auto& literal = expr.right->As<parser::ConstantExpr>();
      if (literal.constant_kind == parser::ConstantKind::kInteger ||
          literal.constant_kind == parser::ConstantKind::kDecimal) {
        parser::ConstantExpr negated;
        negated.constant_kind = literal.constant_kind;
        negated.text = "-" + literal.text;
        negated.location = expr.location;
        return BindConstant(negated);
      }
    }
    return BindPrefixOperator(expr.name, Bind(*expr.right), expr.location, context_);
  }
  if (expr.left->kind == parser::ExprKind::kRow && expr.right->kind == parser::ExprKind::kRow &&
      (expr.name == "=" || expr.name == "<>" || expr.name == "<" || expr.name == "<=" ||
       expr.name == ">" || expr.name == ">=")) {
    return BindRowComparison(expr);
  }
  BoundExprPtr left = Bind(*expr.left);
  BoundExprPtr right = Bind(*expr.right);
  if (left->type.id == TypeId::kRecord && right->type.id == TypeId::kRecord) {
    if (BoundExprPtr comparison = BindRecordComparison(expr.name, left->Clone(), right->Clone(), expr.location)) {
      return comparison;
    }
  }
  if (expr.name == "IS DISTINCT FROM" || expr.name == "IS NOT DISTINCT FROM") {
    BoundExprPtr comparison =
        BindComparison("=", std::move(left), std::move(right), expr.location, context_);
    BoundExprPtr node = MakeNode(BoundKind::kDistinctFrom, kBool, expr.location);
    node->negated = expr.name == "IS NOT DISTINCT FROM";
    node->args.push_back(std::move(comparison->args[0]));
    node->args.push_back(std::move(comparison->args[1]));
    node->function = comparison->function;
    return node;
  }
  return BindBinaryOperator(expr.name, std::move(left), std::move(right), expr.location, context_);
}

BoundExprPtr ExprBinder::BindBool(const parser::BoolExpr& expr) {
  static const char* kNames[] = {"AND", "OR", "NOT"};
  const BoundKind kinds[] = {BoundKind::kAnd, BoundKind::kOr, BoundKind::kNot};
  BoundExprPtr node = MakeNode(kinds[static_cast<int>(expr.op)], kBool, expr.location);
  for (const parser::ExprPtr& arg : expr.args) {
    node->args.push_back(ToBoolean(Bind(*arg), kNames[static_cast<int>(expr.op)]));
  }
  return node;
}

BoundExprPtr ExprBinder::BindFunction(const parser::FuncCallExpr& expr) {
  const bool set_function_here = std::exchange(set_function_here_, false);
  const std::string& name = expr.name.back();
  if (expr.name.size() == 2 && expr.name.front() == "information_schema" && name == "_pg_expandarray") {
    std::vector<BoundExprPtr> args;
    for (const parser::ExprPtr& arg : expr.args) args.push_back(Bind(*arg));
    return BindExpandArray(expr, std::move(args), set_function_here);
  }
  for (const parser::ExprPtr& arg : expr.args) {
    if (arg->kind == parser::ExprKind::kNamedArg) return BindNamedCall(expr, set_function_here);
  }
  if (expr.name.size() > 1 && expr.name[expr.name.size() - 2] != "pg_catalog") {
    // A qualified name outside pg_catalog names a user function (3F000 for an unknown schema).
    std::vector<BoundExprPtr> args;
    for (const parser::ExprPtr& arg : expr.args) args.push_back(Bind(*arg));
    if (BoundExprPtr call = BindUserFunction(expr, expr.name[expr.name.size() - 2], args, set_function_here)) {
      return call;
    }
    throw context_
        .ErrorAt(sqlstate::kUndefinedFunction,
                 "function " + FunctionSignatureText(expr.name[expr.name.size() - 2] + "." + name, args) +
                     " does not exist",
                 expr.location)
        .WithHint(kNoFunctionMatchesHint);
  }
  if (types::IsOrderedSetAggregateName(name) || !expr.within_group.empty() ||
      (types::IsHypotheticalSetAggregateName(name) && !expr.over && !expr.args.empty())) {
    return BindOrderedSetAggregate(expr, name);
  }
  if (expr.over) return BindWindowFunction(expr, name);
  if (types::IsAggregateName(name)) return BindAggregate(expr, name);
  if (name == "grouping" && expr.name.size() == 1) return BindGrouping(expr);
  if (expr.star || expr.distinct || expr.filter || !expr.order_by.empty()) {
    // PostgreSQL's ParseFuncOrColumn checks in this order: *, DISTINCT, WITHIN GROUP,
    // ORDER BY, FILTER.
    const char* what = expr.star ? "*" : expr.distinct ? "DISTINCT" : !expr.order_by.empty() ? "ORDER BY" : "FILTER";
    throw context_.ErrorAt(sqlstate::kWrongObjectType,
                           std::string(what) + " specified, but " + name + " is not an aggregate function",
                           expr.location);
  }
  if (name == "coalesce" || name == "nullif" || name == "greatest" || name == "least") {
    return BindSpecialFunction(expr, name);
  }
  if (name == "pg_collation_for" && expr.args.size() == 1) {
    // COLLATION FOR (x): x's derived collation, quoted as generate_collation_name does;
    // 42804 for a type without one. Known when binding, so a constant.
    BoundExprPtr arg = Bind(*expr.args[0]);
    AssignCollations(*arg, context_);
    if (!types::IsCollatableType(arg->type.id)) {
      throw Error(sqlstate::kDatatypeMismatch,
                  "collations are not supported by type " + types::FormatType(Type{arg->type.id, -1}));
    }
    const uint32_t collation = types::ReportedCollation(arg->type.collation);
    const auto definition = types::FindCollation(collation);
    types::Value result = types::Value::Text(QuoteIdentifier(definition ? definition->name : std::to_string(collation)));
    BoundExprPtr constant = MakeNode(BoundKind::kConstant, Type{TypeId::kText, -1}, expr.location);
    constant->constant = std::move(result);
    return constant;
  }
  if (name == "nextval" || name == "currval" || name == "setval" || name == "lastval" ||
      name == "pg_get_serial_sequence") {
    return BindSequenceFunction(expr, name);
  }
  std::vector<BoundExprPtr> args;
  for (const parser::ExprPtr& arg : expr.args) args.push_back(Bind(*arg));
  return BindCallWithArguments(expr, name, std::move(args), set_function_here);
}

BoundExprPtr ExprBinder::BindCallWithArguments(const parser::FuncCallExpr& expr, const std::string& name,
                                               std::vector<BoundExprPtr> args, bool set_function_here) {
  if ((name == "unnest" && args.size() == 1) || name == "generate_series" ||
      (name == "pg_partition_ancestors" && args.size() == 1) || name == "regexp_matches" ||
      name == "regexp_split_to_table" || (FindJsonSetFunction(name) != nullptr && args.size() == 1)) {
    if (!set_function_here) throw SetFunctionRefusal(expr.location);
    return BindSetFunction(expr, name, std::move(args));
  }
  if (BoundExprPtr call = BindVariadicAny(expr, name, args)) return call;
  if (BoundExprPtr json = BindJsonFunction(name, args, expr.location, context_)) return json;
  if (BoundExprPtr enum_call = BindEnumFunction(name, args, expr.location, context_)) return enum_call;
  if (name == "pg_typeof" && args.size() == 1) {
    // The argument's type, known once bound: a regtype constant.
    BoundExprPtr type = MakeConstant(Value::OfInt(TypeId::kRegtype, types::TypeOid(args[0]->type)),
                                     Type{TypeId::kRegtype, -1});
    type->location = expr.location;
    return type;
  }
  std::vector<const types::FunctionSignature*> candidates = types::FindFunctions(name);
  const bool catalog_function = candidates.empty();
  if (catalog_function) candidates = catalog::FindCatalogFunctions(name);
  const std::optional<ResolvedSignature> resolved = ChooseOverload(candidates, args);
  if (!resolved) {
    if (BoundExprPtr call = BindUserFunction(expr, "", args, set_function_here)) return call;
    if (BoundExprPtr cast = BindFunctionStyleCast(expr, args)) return cast;
    throw context_
        .ErrorAt(sqlstate::kUndefinedFunction,
                 "function " + FunctionSignatureText(name, args) + " does not exist", expr.location)
        .WithHint(
            kNoFunctionMatchesHint);
  }
  const types::FunctionSignature* chosen = resolved->signature;
  for (size_t i = 0; i < args.size(); ++i) {
    // pg_relation_size('t'): an untyped literal for a regclass parameter is a relation name.
    if (resolved->arguments[i] == TypeId::kRegclass && args[i]->type.id == TypeId::kUnknown) {
      args[i] = RegclassIn(std::move(args[i]), expr.location);
      continue;
    }
    args[i] = Coerce(std::move(args[i]), Type{resolved->arguments[i], -1},
                     types::CastContext::kImplicit, context_);
  }
  if (catalog_function) {
    BoundExprPtr call = MakeNode(BoundKind::kCatalogCall, Type{resolved->result, -1}, expr.location);
    call->name = name;
    call->index = static_cast<size_t>(catalog::CatalogFunctionOf(chosen));
    call->strict = chosen->strict;
    call->args = std::move(args);
    return call;
  }
  return MakeCall(name, chosen->implementation, Type{resolved->result, -1}, std::move(args),
                  expr.location, chosen->strict);
}

// float8(x), int4('7'), text(1): a call of one argument named after a type (pg_type's name)
// that no function takes is a cast, as PostgreSQL's func_get_detail treats it (its cast
// functions are named after their target types, so both read alike); null if it is none.
BoundExprPtr ExprBinder::BindFunctionStyleCast(const parser::FuncCallExpr& expr, std::vector<BoundExprPtr>& args) {
  if (args.size() != 1 || expr.name.size() != 1) return nullptr;
  const std::string& name = expr.name.back();
  const std::optional<TypeId> target = types::LookupTypeName(name);
  if (!target || types::InfoOf(*target).name != name) return nullptr;
  const TypeId source = args[0]->type.id;
  // An untyped literal or parameter reads as the type; a record never becomes a string
  // this way.
  if (source != TypeId::kUnknown && (source == TypeId::kRecord || !types::CanCast(source, *target))) {
    return nullptr;
  }
  return Coerce(std::move(args[0]), Type{*target, -1}, types::CastContext::kExplicit, context_);
}

BoundExprPtr ExprBinder::BindSpecialFunction(const parser::FuncCallExpr& expr,
                                             const std::string& name) {
  std::vector<BoundExprPtr> args;
  {
    std::optional<SetFunctionBarrier> barrier;
    if (name == "coalesce") barrier.emplace(*this, "COALESCE");
    for (const parser::ExprPtr& arg : expr.args) args.push_back(Bind(*arg));
  }
  if (name == "nullif") {
    if (args.size() != 2) {
      throw context_.ErrorAt(sqlstate::kUndefinedFunction,
                             "function " + FunctionSignatureText(name, args) + " does not exist",
                             expr.location);
    }
    // NULLIF(a, b) is CASE WHEN a = b THEN NULL ELSE a END, typed like a as the = operator
    // takes it (PostgreSQL returns that operand).
    const Type result = NullIfType(args[0]->type, args[1]->type);
    BoundExprPtr comparison = BindComparison("=", args[0]->Clone(), std::move(args[1]),
                                             expr.location, context_);
    BoundExprPtr node = MakeNode(BoundKind::kNullIf, result, expr.location);
    node->args.push_back(Coerce(std::move(args[0]), result, types::CastContext::kImplicit, context_));
    node->args.push_back(MakeConstant(Value::Null(), result));
    node->args.push_back(std::move(comparison));
    return node;
  }
  const std::string construct = name == "coalesce" ? "COALESCE" : name == "greatest" ? "GREATEST" : "LEAST";
  const Type type = CoerceToCommonType(args, construct, context_);
  BoundExprPtr node = MakeNode(name == "coalesce" ? BoundKind::kCoalesce : BoundKind::kGreatest,
                               type, expr.location);
  node->negated = name == "least";
  node->args = std::move(args);
  return node;
}

BoundExprPtr ExprBinder::BindSequenceFunction(const parser::FuncCallExpr& expr,
                                              const std::string& name) {
  const Type text{TypeId::kText, -1};
  const Type bigint{TypeId::kInt8, -1};
  std::vector<BoundExprPtr> args;
  for (const parser::ExprPtr& arg : expr.args) {
    // 'name'::regclass (how column defaults spell it): the name as text.
    if (arg->kind == parser::ExprKind::kTypeCast) {
      const auto& cast = arg->As<parser::TypeCastExpr>();
      if (cast.type.names.size() == 1 && cast.type.names[0] == "regclass" &&
          cast.type.array_bounds == 0) {
        args.push_back(Bind(*cast.arg));
        continue;
      }
    }
    args.push_back(Bind(*arg));
  }
  // The argument types of each function: text for regclass.
  std::vector<Type> expected;
  if (name == "lastval") {
    expected = {};
  } else if (name == "setval") {
    expected = {text, bigint};
    if (args.size() == 3) expected.push_back(Type{TypeId::kBool, -1});
  } else if (name == "pg_get_serial_sequence") {
    expected = {text, text};
  } else {
    expected = {text};
  }
  bool matches = args.size() == expected.size();
  for (size_t i = 0; matches && i < args.size(); ++i) {
    const TypeId id = args[i]->type.id;
    if (expected[i].id == TypeId::kText) {
      matches = id == TypeId::kUnknown || types::IsString(id);
    } else if (expected[i].id == TypeId::kInt8) {
      matches = id == TypeId::kUnknown || id == TypeId::kInt2 || id == TypeId::kInt4 ||
                id == TypeId::kInt8;
    } else {
      matches = id == TypeId::kUnknown || id == TypeId::kBool;
    }
  }
  if (!matches) {
    throw context_
        .ErrorAt(sqlstate::kUndefinedFunction,
                 "function " + FunctionSignatureText(name, args) + " does not exist", expr.location)
        .WithHint(
            kNoFunctionMatchesHint);
  }
  // A sequence named by a literal is looked up now, as PostgreSQL resolves a regclass
  // constant while parsing: 42P01 for a relation that does not exist (whether it is a
  // sequence is checked when the call runs, as there).
  if (name != "lastval" && name != "pg_get_serial_sequence" && args[0]->kind == BoundKind::kConstant &&
      !args[0]->constant.is_null()) {
    const std::vector<std::string> names = ParseQualifiedName(args[0]->constant.AsString());
    const std::string schema = names.size() > 1 ? names[names.size() - 2] : "";
    if (names.size() == 3) {
      CheckDatabaseName(names[0], names[1], names[2], context_, expr.args[0]->location);
    }
    if (!schema.empty() && !context_.catalog.FindNamespace(context_.SearchPath().Schema(schema), context_.snapshot)) {
      throw context_.ErrorAt(sqlstate::kInvalidSchemaName, "schema \"" + schema + "\" does not exist",
                             expr.args[0]->location);
    }
    const std::optional<catalog::TableSchema> sequence =
        context_.catalog.FindTable(schema, names.back(), context_.SearchPath(), context_.snapshot);
    if (!sequence) {
      throw context_.ErrorAt(sqlstate::kUndefinedTable,
                             "relation \"" + (schema.empty() ? "" : schema + ".") + names.back() +
                                 "\" does not exist",
                             expr.args[0]->location);
    }
    // The relation is the one found now, as PostgreSQL resolves a regclass constant while
    // parsing: the call names it qualified, so running under another search_path (a cached
    // plan, a default) reaches the same sequence.
    args[0]->constant = types::Value::Text(QuoteIdentifier(sequence->schema_name) + "." +
                                           QuoteIdentifier(sequence->name));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    args[i] = Coerce(std::move(args[i]), expected[i], types::CastContext::kImplicit, context_);
  }
  BoundExprPtr node = MakeNode(BoundKind::kSequenceCall,
                               name == "pg_get_serial_sequence" ? text : bigint, expr.location);
  node->name = name;
  node->args = std::move(args);
  return node;
}

BoundExprPtr ExprBinder::BindTypeCast(const parser::TypeCastExpr& expr) {
  if (IsRegclassName(expr.type)) return BindRegclassCast(expr);
  const Type target = ResolveTypeName(expr.type, context_);
  BoundExprPtr arg = expr.arg->kind == parser::ExprKind::kArray
                         ? BindArray(expr.arg->As<parser::ArrayExpr>(), &target)
                         : Bind(*expr.arg);
  if (arg->location < 0 || expr.arg->kind == parser::ExprKind::kConstant) {
    // A typed literal's errors point at the literal, as in PostgreSQL.
    arg->location = expr.arg->location >= 0 ? expr.arg->location : expr.location;
  }
  if (target.id == TypeId::kRegtype && arg->kind == BoundKind::kConstant && !arg->constant.is_null() &&
      (arg->type.id == TypeId::kUnknown || types::IsString(arg->type.id))) {
    // 'mood'::regtype: regtypein knows the built-in types; an enum's name is found here,
    // along the search path, while binding (as the statement's catalog snapshot sees it).
    const std::string text = arg->constant.AsString();
    if (!types::LookupTypeName(text)) {
      const std::vector<std::string> names = ParseQualifiedName(text);
      if (!names.empty() && names.size() <= 2) {
        const std::string schema = names.size() == 2 ? names[0] : "";
        if (auto type = context_.catalog.FindEnumType(schema, names.back(), context_.SearchPath(), context_.snapshot)) {
          return MakeConstant(Value::OfInt(TypeId::kRegtype, type->oid), target);
        }
      }
    }
  }
  return Coerce(std::move(arg), target, types::CastContext::kExplicit, context_);
}

// x COLLATE name: the collation must exist (42704; a schema-qualified name is looked up in
// that schema) and x must be of a collatable type (42804); an untyped literal becomes text.
// The node is marked explicit for the collation derivation (collation_assign.hpp).
BoundExprPtr ExprBinder::BindCollate(const parser::CollateExpr& expr) {
  BoundExprPtr arg = Bind(*expr.arg);
  const uint32_t collation = LookupCollation(expr.collation, expr.location, context_);
  if (arg->type.id == TypeId::kUnknown) {
    arg = Coerce(std::move(arg), Type{TypeId::kText, -1}, types::CastContext::kImplicit, context_);
  }
  if (!types::IsCollatableType(arg->type.id)) {
    throw context_.ErrorAt(sqlstate::kDatatypeMismatch,
                           "collations are not supported by type " + types::FormatType(Type{arg->type.id, -1}),
                           expr.location);
  }
  arg->type.collation = collation == types::kDefaultCollationOid ? 0 : collation;
  arg->explicit_collation = true;
  arg->collation_location = expr.location;
  return arg;
}

bool ExprBinder::IsRegclassName(const parser::TypeName& type) {
  return type.array_bounds == 0 && type.modifiers.empty() && type.names.back() == "regclass" &&
         (type.names.size() == 1 || (type.names.size() == 2 && type.names.front() == "pg_catalog"));
}

// x::regclass: a relation name (text) resolved to the relation's oid through the search
// path when the statement runs (42P01 when there is none), or an oid taken as it is. A
// regclass prints as the relation's name.
BoundExprPtr ExprBinder::BindRegclassCast(const parser::TypeCastExpr& expr) {
  BoundExprPtr arg = Bind(*expr.arg);
  const Type regclass{TypeId::kRegclass, -1};
  if (types::IsInteger(arg->type.id) || types::IsOidType(arg->type.id)) {
    return Coerce(std::move(arg), regclass, types::CastContext::kExplicit, context_);
  }
  if (!types::IsString(arg->type.id) && arg->type.id != TypeId::kName) {
    throw context_.ErrorAt(sqlstate::kCannotCoerce,
                           "cannot cast type " + types::FormatType(Type{arg->type.id, -1}) + " to regclass",
                           expr.location);
  }
  return RegclassIn(std::move(arg), expr.location);
}

// regclassin over a name given as text (or an untyped literal), run when the statement runs.
BoundExprPtr ExprBinder::RegclassIn(BoundExprPtr name, int location) {
  BoundExprPtr call = MakeNode(BoundKind::kCatalogCall, Type{TypeId::kRegclass, -1}, location);
  call->name = "regclassin";
  call->index = static_cast<size_t>(catalog::CatalogFunction::kRegclassIn);
  call->args.push_back(Coerce(std::move(name), Type{TypeId::kText, -1}, types::CastContext::kImplicit, context_));
  return call;
}

BoundExprPtr ExprBinder::BindInList(const parser::InListExpr& expr) {
  // x IN (a, b, ...) is x = a OR x = b OR ..., which has the same three-valued result.
  std::vector<BoundExprPtr> items;
  items.push_back(Bind(*expr.arg));
  for (const parser::ExprPtr& item : expr.list) items.push_back(Bind(*item));
  CoerceToCommonType(items, "IN", context_);
  BoundExprPtr any = MakeNode(BoundKind::kOr, kBool, expr.location);
  for (size_t i = 1; i < items.size(); ++i) {
    any->args.push_back(BindComparison("=", items[0]->Clone(), std::move(items[i]),
                                       expr.location, context_));
  }
  BoundExprPtr result = any->args.size() == 1 ? std::move(any->args[0]) : std::move(any);
  if (!expr.negated) return result;
  BoundExprPtr negation = MakeNode(BoundKind::kNot, kBool, expr.location);
  negation->args.push_back(std::move(result));
  return negation;
}

BoundExprPtr ExprBinder::BindBetween(const parser::BetweenExpr& expr) {
  auto range = [&](BoundExprPtr value, BoundExprPtr low, BoundExprPtr high) {
    BoundExprPtr both = MakeNode(BoundKind::kAnd, kBool, expr.location);
    both->args.push_back(BindComparison(">=", value->Clone(), std::move(low), expr.location, context_));
    both->args.push_back(BindComparison("<=", std::move(value), std::move(high), expr.location, context_));
    return both;
  };
  BoundExprPtr value = Bind(*expr.arg);
  BoundExprPtr low = Bind(*expr.low);
  BoundExprPtr high = Bind(*expr.high);
  BoundExprPtr result;
  if (expr.symmetric) {
    result = MakeNode(BoundKind::kOr, kBool, expr.location);
    result->args.push_back(range(value->Clone(), low->Clone(), high->Clone()));
    result->args.push_back(range(std::move(value), std::move(high), std::move(low)));
  } else {
    result = range(std::move(value), std::move(low), std::move(high));
  }
  if (!expr.negated) return result;
  BoundExprPtr negation = MakeNode(BoundKind::kNot, kBool, expr.location);
  negation->args.push_back(std::move(result));
  return negation;
}

BoundExprPtr ExprBinder::BindLike(const parser::LikeExpr& expr) {
  const Type text{TypeId::kText, -1};
  std::vector<BoundExprPtr> args;
  args.push_back(Bind(*expr.arg));
  args.push_back(Bind(*expr.pattern));
  if (expr.escape) args.push_back(Bind(*expr.escape));
  for (BoundExprPtr& arg : args) {
    if (arg->type.id != TypeId::kUnknown && !types::IsString(arg->type.id) &&
        arg->type.id != TypeId::kName && arg->type.id != TypeId::kChar) {
      throw context_
          .ErrorAt(sqlstate::kUndefinedFunction,
                   "operator does not exist: " + types::FormatType(Type{args[0]->type.id, -1}) +
                       (expr.case_insensitive ? " ~~* " : " ~~ ") +
                       types::FormatType(Type{args[1]->type.id, -1}),
                   expr.location)
          .WithHint(
              "No operator matches the given name and argument types. You might need to add "
              "explicit type casts.");
    }
    // bpcharlike matches the padded value: a bpchar subject is not cast to text.
    if (&arg == &args.front() && arg->type.id == TypeId::kBpchar) continue;
    arg = Coerce(std::move(arg), text, types::CastContext::kImplicit, context_);
  }
  BoundExprPtr match = MakeCall(expr.case_insensitive ? "~~*" : "~~",
                                expr.case_insensitive ? types::CaseInsensitiveLike : types::Like,
                                kBool, std::move(args), expr.location);
  if (!expr.negated) return match;
  BoundExprPtr negation = MakeNode(BoundKind::kNot, kBool, expr.location);
  negation->args.push_back(std::move(match));
  return negation;
}

BoundExprPtr ExprBinder::BindCase(const parser::CaseExpr& expr) {
  std::optional<SetFunctionBarrier> barrier(std::in_place, *this, "CASE");
  BoundExprPtr subject = expr.arg ? Bind(*expr.arg) : nullptr;
  std::vector<BoundExprPtr> conditions;
  std::vector<BoundExprPtr> results;
  for (const parser::CaseWhen& when : expr.whens) {
    if (subject) {
      conditions.push_back(BindComparison("=", subject->Clone(), Bind(*when.condition),
                                          when.condition->location, context_));
    } else {
      conditions.push_back(ToBoolean(Bind(*when.condition), "CASE/WHEN"));
    }
    results.push_back(Bind(*when.result));
  }
  results.push_back(expr.else_result ? Bind(*expr.else_result)
                                     : MakeConstant(Value::Null(), Type{TypeId::kUnknown, -1}));
  barrier.reset();
  // PostgreSQL resolves the result type with the ELSE result first (transformCaseExpr), so
  // of two string types that cast to each other the ELSE's type wins.
  std::rotate(results.rbegin(), results.rbegin() + 1, results.rend());
  const Type type = CoerceToCommonType(results, "CASE", context_);
  std::rotate(results.begin(), results.begin() + 1, results.end());
  BoundExprPtr node = MakeNode(BoundKind::kCase, type, expr.location);
  for (size_t i = 0; i < conditions.size(); ++i) {
    node->args.push_back(std::move(conditions[i]));
    node->args.push_back(std::move(results[i]));
  }
  node->args.push_back(std::move(results.back()));
  return node;
}

}  // namespace granary::planner
