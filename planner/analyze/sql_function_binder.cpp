// SQL functions: call resolution and body binding (sql_function_binder.hpp).
#include "planner/analyze/sql_function_binder.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/scope.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

Type TypeOfOid(uint32_t oid) {
  const std::optional<TypeId> id = types::TypeIdFromOid(oid);
  return Type{id.value_or(TypeId::kUnknown), -1};
}

// A context for text that belongs to a function (its body, a parameter default): the
// caller's catalog, snapshot, locks and path, with the function's parameters in scope.
AnalyzeContext FunctionContext(AnalyzeContext& caller, std::string_view sql, std::vector<Type>& param_types,
                               const FunctionBodyScope* scope) {
  AnalyzeContext context{caller.catalog, caller.snapshot, sql, param_types};
  context.locks = caller.locks;
  context.relation_cache = caller.relation_cache;
  context.catalog_version = caller.catalog_version;
  context.search_path = caller.search_path;
  context.database = caller.database;
  context.locks_taken = caller.locks_taken;
  context.statement_nesting = caller.statement_nesting + 1;
  context.key_dependencies = caller.key_dependencies;
  context.function = scope;
  context.function_stack = caller.function_stack;
  context.creating_function = caller.creating_function;
  return context;
}

FunctionBodyScope ScopeOf(const catalog::FunctionSchema& function) {
  FunctionBodyScope scope;
  scope.name = function.name;
  scope.arg_names = function.InputNames();
  for (uint32_t oid : function.arg_types) scope.arg_types.push_back(TypeOfOid(oid));
  return scope;
}

// The body's statements; 0A000 for any that is not a query.
[[noreturn]] void RethrowInFunction(Error& error, const std::string& name);

std::vector<parser::StmtPtr> ParseBody(const catalog::FunctionSchema& function) {
  std::vector<parser::StmtPtr> statements;
  try {
    statements = parser::Parse(function.source);
  } catch (Error& error) {
    RethrowInFunction(error, function.name);
  }
  for (const parser::StmtPtr& statement : statements) {
    if (statement->kind != parser::StmtKind::kSelect) {
      throw Error(sqlstate::kFeatureNotSupported,
                  "SQL functions whose body has statements other than SELECT are not supported")
          .WithDetail("Function \"" + function.name + "\" cannot be created or called.");
    }
  }
  return statements;
}

std::string StatementText(const catalog::FunctionSchema& function, const parser::Stmt& statement) {
  return function.source.substr(static_cast<size_t>(statement.location), static_cast<size_t>(statement.length));
}

// The types the body's final statement must produce: the return type, or the OUT / TABLE
// columns' types.
std::vector<Type> ResultColumnTypes(const catalog::FunctionSchema& function) {
  std::vector<Type> types;
  const auto columns = function.OutputColumns();
  if (!function.ReturnsRecord()) {
    types.push_back(FunctionResultType(function));
  } else {
    for (const auto& [name, oid] : columns) types.push_back(TypeOfOid(oid));
  }
  return types;
}

// Errors raised in a body point into the function's text, not the statement's: they lose
// their position and name the function instead (PostgreSQL's CONTEXT line).
[[noreturn]] void RethrowInFunction(Error& error, const std::string& name) {
  error.WithPosition(0);
  if (error.context().empty()) error.WithContext("SQL function \"" + name + "\"");
  throw;
}

Type Resolved(Type type) { return type.id == TypeId::kUnknown ? Type{TypeId::kText, -1} : type; }

}  // namespace

Type FunctionResultType(const catalog::FunctionSchema& function) { return TypeOfOid(function.return_type); }

std::optional<UserFunctionCall> ResolveUserFunction(const std::string& schema, const std::string& name,
                                                    std::vector<BoundExprPtr>& args, int location,
                                                    AnalyzeContext& context) {
  std::vector<catalog::FunctionSchema> candidates;
  const catalog::FunctionSchema* creating = context.creating_function;
  if (creating != nullptr && creating->name == name && (schema.empty() || schema == creating->schema_name)) {
    candidates.push_back(*creating);
  }
  for (catalog::FunctionSchema& found :
       context.catalog.FindUserFunctions(schema, name, context.SearchPath(), context.snapshot)) {
    if (creating != nullptr && found.oid == creating->oid && creating->oid != 0) continue;  // OR REPLACE
    candidates.push_back(std::move(found));
  }
  const catalog::FunctionSchema* best = nullptr;
  int best_exact = -1;
  bool ambiguous = false;
  for (const catalog::FunctionSchema& candidate : candidates) {
    const size_t parameters = candidate.arg_types.size();
    if (args.size() > parameters || args.size() + candidate.arg_defaults.size() < parameters) continue;
    int exact = 0;
    bool usable = true;
    for (size_t i = 0; i < args.size() && usable; ++i) {
      const TypeId want = TypeOfOid(candidate.arg_types[i]).id;
      const TypeId have = args[i]->type.id;
      if (have == want) {
        ++exact;
      } else if (want == TypeId::kUnknown || !CanImplicitlyCast(have, want)) {
        usable = false;
      }
    }
    if (!usable) continue;
    if (best != nullptr && exact == best_exact && best->namespace_oid == candidate.namespace_oid) ambiguous = true;
    if (exact > best_exact) {
      best = &candidate;
      best_exact = exact;
      ambiguous = false;
    }
  }
  if (best == nullptr) return std::nullopt;
  if (ambiguous) {
    throw context
        .ErrorAt(sqlstate::kAmbiguousFunction, "function " + FunctionSignatureText(name, args) + " is not unique",
                 location)
        .WithHint("Could not choose a best candidate function. You might need to add explicit type casts.");
  }
  UserFunctionCall call;
  call.function = *best;
  const size_t parameters = best->arg_types.size();
  for (size_t i = 0; i < args.size(); ++i) {
    call.args.push_back(Coerce(std::move(args[i]), TypeOfOid(best->arg_types[i]), types::CastContext::kImplicit, context));
  }
  // Omitted arguments take their defaults, bound like the body (no columns in scope).
  const size_t first_default = parameters - best->arg_defaults.size();
  for (size_t i = call.args.size(); i < parameters; ++i) {
    const std::string text = "SELECT " + best->arg_defaults[i - first_default];
    std::vector<parser::StmtPtr> parsed = parser::Parse(text);
    std::vector<Type> param_types;
    AnalyzeContext default_context = FunctionContext(context, text, param_types, nullptr);
    Scope empty;
    ExprBinder binder(default_context, empty, nullptr, "DEFAULT expressions");
    const auto& select = parsed.front()->As<parser::SelectStmt>();
    BoundExprPtr value = binder.Bind(*select.targets.front().expr);
    call.args.push_back(Coerce(std::move(value), TypeOfOid(best->arg_types[i]), types::CastContext::kAssignment,
                               default_context));
  }
  return call;
}

std::unique_ptr<BoundQuery> BindFunctionBody(const catalog::FunctionSchema& function, AnalyzeContext& caller,
                                             bool scalar) {
  if (std::find(caller.function_stack.begin(), caller.function_stack.end(), function.oid) !=
      caller.function_stack.end()) {
    throw Error(sqlstate::kStatementTooComplex, "stack depth limit exceeded")
        .WithHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring "
                  "the platform's stack depth limit is adequate.");
  }
  std::vector<parser::StmtPtr> statements = ParseBody(function);
  if (statements.empty()) {
    throw Error(sqlstate::kInvalidFunctionDefinition,
                "return type mismatch in function declared to return " + types::FormatType(FunctionResultType(function)))
        .WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
  }
  // The final statement, read through a subquery in FROM so that the first row (LIMIT 1),
  // the STRICT test and the coercion to the result types apply to any query form.
  std::string text = "SELECT * FROM (" + StatementText(function, *statements.back()) + ") AS function_result";
  if (function.strict) {
    for (size_t i = 0; i < function.arg_types.size(); ++i) {
      text += (i == 0 ? " WHERE " : " AND ") + ("$" + std::to_string(i + 1)) + " IS NOT NULL";
    }
  }
  if (scalar) text += " LIMIT 1";
  try {
    std::vector<parser::StmtPtr> wrapped = parser::Parse(text);
    const FunctionBodyScope scope = ScopeOf(function);
    std::vector<Type> param_types;
    AnalyzeContext context = FunctionContext(caller, text, param_types, &scope);
    context.function_stack.push_back(function.oid);
    std::unique_ptr<BoundQuery> query = BindSelect(wrapped.front()->As<parser::SelectStmt>(), context);
    // The result columns take the declared types (assignment casts, as check_sql_fn_retval).
    const std::vector<Type> result = ResultColumnTypes(function);
    for (size_t i = 0; i < query->visible_targets && i < result.size(); ++i) {
      if (query->targets[i]->type == result[i]) continue;
      query->targets[i] = Coerce(std::move(query->targets[i]), result[i], types::CastContext::kAssignment, context);
    }
    return query;
  } catch (Error& error) {
    RethrowInFunction(error, function.name);
  }
}

void CheckFunctionBody(const catalog::FunctionSchema& function, AnalyzeContext& caller) {
  std::vector<parser::StmtPtr> statements = ParseBody(function);
  const Type declared = FunctionResultType(function);
  const std::string mismatch = "return type mismatch in function declared to return " + types::FormatType(declared);
  if (statements.empty()) {
    throw Error(sqlstate::kInvalidFunctionDefinition, mismatch)
        .WithDetail("Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
  }
  const FunctionBodyScope scope = ScopeOf(function);
  std::vector<Type> output;
  for (const parser::StmtPtr& statement : statements) {
    std::vector<Type> param_types;
    AnalyzeContext context = FunctionContext(caller, function.source, param_types, &scope);
    context.creating_function = &function;
    try {
      output = BindSelect(statement->As<parser::SelectStmt>(), context)->OutputTypes();
    } catch (Error& error) {
      RethrowInFunction(error, function.name);
    }
  }
  const std::vector<Type> result = ResultColumnTypes(function);
  if (!function.ReturnsRecord()) {
    if (output.size() != 1) {
      throw Error(sqlstate::kInvalidFunctionDefinition, mismatch)
          .WithDetail("Final statement must return exactly one column.");
    }
    const Type actual = Resolved(output[0]);
    if (actual.id != declared.id && !CanAssignmentCast(actual.id, declared.id)) {
      throw Error(sqlstate::kInvalidFunctionDefinition, mismatch)
          .WithDetail("Actual return type is " + types::FormatType(Type{actual.id, -1}) + ".");
    }
    return;
  }
  if (output.size() != result.size()) {
    throw Error(sqlstate::kInvalidFunctionDefinition, mismatch)
        .WithDetail(output.size() > result.size() ? "Final statement returns too many columns."
                                                  : "Final statement returns too few columns.");
  }
  for (size_t i = 0; i < result.size(); ++i) {
    const Type actual = Resolved(output[i]);
    if (actual.id != result[i].id && !CanAssignmentCast(actual.id, result[i].id)) {
      throw Error(sqlstate::kInvalidFunctionDefinition, mismatch)
          .WithDetail("Final statement returns " + types::FormatType(Type{actual.id, -1}) + " instead of " +
                      types::FormatType(result[i]) + " at column " + std::to_string(i + 1) + ".");
    }
  }
}

}  // namespace granary::planner
