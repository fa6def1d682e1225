// SelectBinder: functions in FROM (generate_series, unnest, the json set-returning
// functions, user functions), implicitly LATERAL.
#include "planner/analyze/select_binder.hpp"

#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/table_estimates.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/call_arguments.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/generate_series.hpp"
#include "planner/analyze/grouping.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/locking.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "planner/analyze/routine_call_binder.hpp"
#include "planner/analyze/sql_function_binder.hpp"

namespace granary::planner {

using types::Type;
using types::TypeId;

// A function in FROM: generate_series over integers, numeric or timestamps (generate_series.hpp).
// Its single column is named like the function, or like the alias when the alias gives no
// column names, as PostgreSQL names a scalar function's column.
void SelectBinder::BindFunction(const parser::FunctionRef& ref, BoundFromItem& item) {
  const auto& call = ref.call->As<parser::FuncCallExpr>();
  const std::string name = call.name.back();
  std::vector<Type> arg_types;
  // Functions in FROM are implicitly LATERAL: the arguments may read the FROM items
  // before this one (and an enclosing query's row); those values become lateral_args.
  ExprBinder from_binder = MakeBinder(scope_, nullptr, "");
  from_binder.SetFromVisibility(ExprBinder::FromVisibility::kVisible, wrong_join_columns_);
  Scope empty;
  ExprBinder binder(context_, empty, nullptr, "functions in FROM");
  binder.SetOuter(&from_binder, &item.lateral_args);
  std::vector<BoundExprPtr> args;
  for (const parser::ExprPtr& arg : call.args) args.push_back(binder.Bind(ArgumentValue(*arg)));
  if (name == "unnest" && call.name.size() <= 2 && !args.empty()) {
    BindUnnest(ref, item, std::move(args));
    return;
  }
  if (const JsonSetFunction* json = FindJsonSetFunction(name); json && call.name.size() <= 2) {
    BindJsonSetFunction(ref, item, *json, std::move(args));
    return;
  }
  std::optional<Type> series;
  if (name == "generate_series" && call.name.size() <= 2) series = GenerateSeriesType(args);
  if (!series && BindUserFunctionItem(ref, call, item)) return;
  if (!series) {
    std::string signature = name + "(";
    for (size_t i = 0; i < args.size(); ++i) {
      signature += (i > 0 ? ", " : "") + types::FormatType(args[i]->type.id == TypeId::kUnknown
                                                                ? Type{TypeId::kText, -1} : args[i]->type);
    }
    throw context_.ErrorAt(sqlstate::kUndefinedFunction,
                           "function " + signature + ") does not exist", ref.location)
        .WithHint(name == "generate_series"
                      ? kNoFunctionMatchesHint
                      : "Only generate_series is supported as a function in FROM yet.");
  }
  const Type type = *series;
  item.kind = BoundFromItem::Kind::kFunction;
  item.function_name = name;
  item.function_type = type;
  CoerceGenerateSeriesArgs(args, type, context_);
  item.function_args = std::move(args);
  ScopeEntry entry;
  entry.alias = ref.alias ? ref.alias->name : name;
  entry.column_names = {ref.alias && ref.alias->column_names.empty() ? ref.alias->name : name};
  entry.column_types = {type};
  if (ref.alias && !ref.alias->column_names.empty()) RenameColumns(entry, *ref.alias, ref.location);
  item.alias = entry.alias;
  item.column_names = entry.column_names;
  AddToScope(std::move(entry));
}

// A user-defined SQL function in FROM (sql_function_binder.hpp): a LATERAL subquery over
// its body whose outer values, the call's arguments, read the FROM items before it. Its
// columns are the OUT / TABLE columns, or one named like the function (or the alias).
// False when no user function takes the arguments.
bool SelectBinder::BindUserFunctionItem(const parser::FunctionRef& ref, const parser::FuncCallExpr& call, BoundFromItem& item) {
  item.lateral_args.clear();
  ExprBinder binder = MakeBinder(scope_, nullptr, "functions in FROM");
  binder.SetFromVisibility(ExprBinder::FromVisibility::kVisible, wrong_join_columns_);
  CheckArgumentNames(call, context_);
  std::vector<BoundExprPtr> args;
  for (const parser::ExprPtr& arg : call.args) args.push_back(binder.Bind(ArgumentValue(*arg)));
  const std::string schema = call.name.size() > 1 ? call.name[call.name.size() - 2] : "";
  std::optional<UserFunctionCall> resolved = ResolveUserFunction(
      schema, call.name.back(), args, ref.location, context_, CallArgumentNames(call), call.variadic);
  if (!resolved) return false;
  const catalog::FunctionSchema& function = resolved->function;
  if (function.IsPlpgsql()) {
    BindRoutineItem(ref, function, std::move(resolved->args), item);
    return true;
  }
  item.kind = BoundFromItem::Kind::kSubquery;
  item.lateral_args = std::move(resolved->args);
  item.subquery = BindFunctionBody(function, context_, false);
  ScopeEntry entry;
  entry.alias = ref.alias ? ref.alias->name : function.name;
  const auto columns = function.OutputColumns();
  if (columns.size() == 1 && !columns.front().first.empty()) {
    entry.column_names = {columns.front().first};
  } else if (!function.ReturnsRecord()) {
    entry.column_names = {ref.alias && ref.alias->column_names.empty() ? ref.alias->name : function.name};
  } else {
    for (const auto& column : columns) entry.column_names.push_back(column.first);
  }
  entry.column_types = item.subquery->OutputTypes();
  entry.column_names.resize(entry.column_types.size());
  if (ref.alias && !ref.alias->column_names.empty()) RenameColumns(entry, *ref.alias, ref.location);
  item.alias = entry.alias;
  item.column_names = entry.column_names;
  AddToScope(std::move(entry));
  return true;
}

// A PL/pgSQL function in FROM: an unnest function scan over the array of its rows
// (routine_call_binder.hpp), whose call reads the arguments as lateral values. One column,
// named like the OUT / TABLE column, else like the function or its alias.
void SelectBinder::BindRoutineItem(const parser::FunctionRef& ref, const catalog::FunctionSchema& function,
                                   std::vector<BoundExprPtr> args, BoundFromItem& item) {
  if (function.ReturnsRecord()) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "PL/pgSQL functions returning several columns are not supported in FROM yet",
                           ref.location);
  }
  const Type result = FunctionResultType(function);
  std::vector<BoundExprPtr> outer;
  for (size_t i = 0; i < args.size(); ++i) {
    auto read = std::make_unique<BoundExpr>();
    read->kind = BoundKind::kOuterRef;
    read->index = i;
    read->type = args[i]->type;
    outer.push_back(std::move(read));
  }
  item.lateral_args = std::move(args);
  item.function_args.clear();
  item.function_args.push_back(MakeRoutineCall(function, std::move(outer), result, /*as_set=*/true, ref.location));
  ScopeEntry entry;
  entry.alias = ref.alias ? ref.alias->name : function.name;
  const auto columns = function.OutputColumns();
  if (columns.size() == 1 && !columns.front().first.empty()) {
    entry.column_names = {columns.front().first};
  } else {
    entry.column_names = {ref.alias && ref.alias->column_names.empty() ? ref.alias->name : function.name};
  }
  entry.column_types = {result};
  FinishUnnestItem(ref, item, std::move(entry));
}

// unnest(array [, array ...]) in FROM: one column per array, of its element type, named
// unnest (or by the alias); rows up to the longest array, shorter ones padded with NULLs.
void SelectBinder::BindUnnest(const parser::FunctionRef& ref, BoundFromItem& item, std::vector<BoundExprPtr> args) {
  ScopeEntry entry;
  entry.alias = ref.alias ? ref.alias->name : "unnest";
  for (BoundExprPtr& arg : args) {
    if (!types::IsArray(arg->type.id)) {
      throw context_.ErrorAt(sqlstate::kUndefinedFunction,
                             "function unnest(" +
                                 (arg->type.id == TypeId::kUnknown ? std::string("unknown")
                                                                   : types::FormatType(arg->type)) +
                                 ") does not exist",
                             ref.location)
          .WithHint(kNoFunctionMatchesHint);
    }
    const Type element{*types::ElementTypeOf(arg->type.id), arg->type.typmod};
    entry.column_names.push_back(args.size() == 1 && ref.alias && ref.alias->column_names.empty()
                                     ? ref.alias->name
                                     : "unnest");
    entry.column_types.push_back(element);
    item.function_args.push_back(std::move(arg));
  }
  FinishUnnestItem(ref, item, std::move(entry));
}

// Makes `item` the unnest function scan whose columns `entry` names, after the alias's
// column names, and brings it into scope.
void SelectBinder::FinishUnnestItem(const parser::FunctionRef& ref, BoundFromItem& item, ScopeEntry entry) {
  item.kind = BoundFromItem::Kind::kFunction;
  item.function_name = "unnest";
  item.function_type = entry.column_types.front();
  if (ref.alias && !ref.alias->column_names.empty()) RenameColumns(entry, *ref.alias, ref.location);
  item.alias = entry.alias;
  item.column_names = entry.column_names;
  item.function_column_types = entry.column_types;
  AddToScope(std::move(entry));
}

// A json set-returning function in FROM: unnest over the arrays of its columns (one for
// json(b)_array_elements and json(b)_object_keys, key and value for json(b)_each), named
// as PostgreSQL names them ("value", "key"; a scalar result like its function or alias).
void SelectBinder::BindJsonSetFunction(const parser::FunctionRef& ref, BoundFromItem& item,
                         const JsonSetFunction& json, std::vector<BoundExprPtr> args) {
  if (args.size() != 1) {
    std::string signature = std::string(json.name) + "(";
    for (size_t i = 0; i < args.size(); ++i) {
      signature += (i > 0 ? ", " : "") + (args[i]->type.id == TypeId::kUnknown
                                              ? std::string("unknown")
                                              : types::FormatType(args[i]->type));
    }
    throw context_.ErrorAt(sqlstate::kUndefinedFunction, "function " + signature + ") does not exist",
                           ref.location)
        .WithHint(kNoFunctionMatchesHint);
  }
  ScopeEntry entry;
  entry.alias = ref.alias ? ref.alias->name : std::string(json.name);
  for (size_t i = 0; i < json.columns.size(); ++i) {
    std::string column(json.columns[i]);
    if (column.empty()) column = ref.alias && ref.alias->column_names.empty() ? ref.alias->name : std::string(json.name);
    entry.column_names.push_back(column);
    entry.column_types.push_back(Type{json.column_types[i], -1});
  }
  item.function_args = JsonSetArrays(json, std::move(args[0]), ref.location, context_);
  FinishUnnestItem(ref, item, std::move(entry));
}

}  // namespace granary::planner
