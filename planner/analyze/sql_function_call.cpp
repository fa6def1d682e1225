// ExprBinder::BindUserFunction: a call of a user-defined SQL function in an expression, bound
// as a subquery over the function's body whose outer values are the call's arguments
// (sql_function_binder.hpp). A set-returning function as a select-list entry of its own is
// unnest over the ARRAY of its rows, as the built-in set-returning calls there.
#include "common/sqlstate.hpp"
#include "planner/analyze/call_arguments.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/routine_call_binder.hpp"
#include "planner/analyze/sql_function_binder.hpp"
#include "planner/optimize/optimizer.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

BoundExprPtr MakeFunctionNode(BoundKind kind, Type type, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = kind;
  node->type = type;
  node->location = location;
  return node;
}

}  // namespace

BoundExprPtr ExprBinder::BindUserFunction(const parser::FuncCallExpr& expr, const std::string& schema,
                                          std::vector<BoundExprPtr>& args, bool set_function_here) {
  const std::string& name = expr.name.back();
  std::optional<UserFunctionCall> call =
      ResolveUserFunction(schema, name, args, expr.location, context_, CallArgumentNames(expr), expr.variadic);
  if (!call) return nullptr;
  const catalog::FunctionSchema& function = call->function;
  if (function.ReturnsRecord()) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           name + "() returns rows of several columns, which is supported only in FROM",
                           expr.location);
  }
  const Type result = FunctionResultType(function);
  if (function.returns_set && !set_function_here) throw SetFunctionRefusal(expr.location);
  if (context_.creating_function != nullptr) {
    // CREATE FUNCTION checks its body's types only: the call is not unfolded (its body may
    // be the function being made).
    BoundExprPtr placeholder = MakeConstant(types::Value::Null(result.id), result);
    placeholder->location = expr.location;
    return placeholder;
  }
  if (function.strict && !function.returns_set) {
    // A NULL constant argument gives NULL without the body, as PostgreSQL folds such calls.
    for (const BoundExprPtr& argument : call->args) {
      if (argument->kind != BoundKind::kConstant || !argument->constant.is_null()) continue;
      BoundExprPtr null = MakeConstant(types::Value::Null(result.id), result);
      null->location = expr.location;
      return null;
    }
  }
  if (function.IsPlpgsql()) {
    // Not inlined: the body runs for every row (routine_call_binder.hpp).
    BoundExprPtr call_node = MakeRoutineCall(function, std::move(call->args), result, function.returns_set, expr.location);
    if (!function.returns_set) return call_node;
    BoundExprPtr set = MakeFunctionNode(BoundKind::kSetFunction, result, expr.location);
    set->name = "unnest";
    set->args.push_back(std::move(call_node));
    return set;
  }
  std::unique_ptr<BoundQuery> query = BindFunctionBody(function, context_, !function.returns_set);
  auto info = std::make_shared<SubqueryInfo>();
  info->volatile_call = function.volatility == 'v';
  info->plan = std::shared_ptr<const PlanNode>(PlanQuery(*query));
  BoundExprPtr node = MakeFunctionNode(BoundKind::kSubquery, result, expr.location);
  node->name = name;
  for (BoundExprPtr& argument : call->args) node->args.push_back(std::move(argument));
  if (!function.returns_set) {
    info->mode = SubqueryMode::kScalar;
    node->subquery = std::move(info);
    return node;
  }
  const std::optional<TypeId> array = types::ArrayTypeOf(result.id);
  if (!array) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "set-returning functions of type " + types::FormatType(result) +
                               " are supported only in FROM",
                           expr.location);
  }
  info->mode = SubqueryMode::kArray;
  info->compare_type = result;
  node->type = Type{*array, -1};
  node->subquery = std::move(info);
  BoundExprPtr set = MakeFunctionNode(BoundKind::kSetFunction, result, expr.location);
  set->name = "unnest";
  set->args.push_back(std::move(node));
  return set;
}

}  // namespace granary::planner
