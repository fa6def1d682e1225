// SQL functions: call resolution and body binding (sql_function_binder.hpp).
#include "planner/analyze/sql_function_binder.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/call_arguments.hpp"
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

namespace {

// How a call's arguments fill a candidate's parameters: `slots[p]` is the argument that
// supplies parameter p (-1: its default). With `expanded`, the candidate is variadic and
// the arguments from `slots.back()` on are the elements of its array parameter
// (PostgreSQL's expanded variadic form).
struct CandidateMatch {
  std::vector<int> slots;
  bool expanded = false;
};

// The candidate's variadic parameter's element type, if its last input is VARIADIC.
std::optional<Type> VariadicElement(const catalog::FunctionSchema& function) {
  if (function.arg_modes.empty() || function.arg_types.empty()) return std::nullopt;
  size_t last_input = std::string::npos;
  for (size_t i = 0; i < function.arg_modes.size(); ++i) {
    const char mode = function.arg_modes[i];
    if (mode == 'i' || mode == 'b' || mode == 'v') last_input = i;
  }
  if (last_input == std::string::npos || function.arg_modes[last_input] != 'v') return std::nullopt;
  const std::optional<TypeId> element = types::ElementTypeOf(TypeOfOid(function.arg_types.back()).id);
  if (!element) return std::nullopt;
  return Type{*element, -1};
}

// Whether `candidate` takes the call (PostgreSQL's FuncnameGetCandidates with
// expand_variadic: a variadic function is matched in its expanded form unless the call
// says VARIADIC).
std::optional<CandidateMatch> MatchCandidate(const catalog::FunctionSchema& candidate, size_t arg_count,
                                             const std::vector<std::string>& arg_names, bool variadic_call) {
  const std::optional<Type> element = VariadicElement(candidate);
  if (variadic_call && !element) return std::nullopt;
  const size_t parameters = candidate.arg_types.size();
  const size_t named = static_cast<size_t>(
      std::count_if(arg_names.begin(), arg_names.end(), [](const std::string& n) { return !n.empty(); }));
  if (element && !variadic_call && arg_count >= parameters && named == 0) {
    CandidateMatch match;
    match.expanded = true;
    for (size_t p = 0; p < parameters; ++p) match.slots.push_back(static_cast<int>(p));
    return match;
  }
  std::optional<std::vector<int>> slots =
      MatchCallArguments(candidate.InputNames(), candidate.arg_defaults.size(), arg_count, arg_names);
  if (!slots) return std::nullopt;
  // The variadic parameter is given by name or as an array only with VARIADIC.
  if (element && !variadic_call && slots->back() >= 0) return std::nullopt;
  return CandidateMatch{std::move(*slots), false};
}

}  // namespace

std::optional<UserFunctionCall> ResolveUserFunction(const std::string& schema, const std::string& name,
                                                    std::vector<BoundExprPtr>& args, int location,
                                                    AnalyzeContext& context, const std::vector<std::string>& arg_names,
                                                    bool variadic_call) {
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
  CandidateMatch best_match;
  int best_exact = -1;
  bool ambiguous = false;
  for (const catalog::FunctionSchema& candidate : candidates) {
    std::optional<CandidateMatch> match = MatchCandidate(candidate, args.size(), arg_names, variadic_call);
    if (!match) continue;
    const std::optional<Type> element = VariadicElement(candidate);
    int exact = 0;
    bool usable = true;
    // The parameter type each argument must cast to.
    for (size_t i = 0; i < args.size() && usable; ++i) {
      TypeId want = TypeId::kUnknown;
      for (size_t p = 0; p < match->slots.size(); ++p) {
        if (match->slots[p] == static_cast<int>(i)) want = TypeOfOid(candidate.arg_types[p]).id;
      }
      if (match->expanded && i + 1 >= match->slots.size()) want = element->id;
      const TypeId have = args[i]->type.id;
      if (have == want) {
        ++exact;
      } else if (want == TypeId::kUnknown || !CanImplicitlyCast(have, want)) {
        usable = false;
      }
    }
    if (!usable) continue;
    bool better = exact > best_exact;
    if (best != nullptr && exact == best_exact) {
      // A plain candidate beats a variadic one taking the same arguments (PostgreSQL drops
      // the expanded form then).
      if (best_match.expanded && !match->expanded) {
        better = true;
      } else if (!best_match.expanded && match->expanded) {
        continue;
      } else if (best->namespace_oid == candidate.namespace_oid) {
        ambiguous = true;
      }
    }
    if (better) {
      best = &candidate;
      best_match = std::move(*match);
      best_exact = exact;
      ambiguous = false;
    }
  }
  if (best == nullptr) return std::nullopt;
  if (ambiguous) {
    throw context
        .ErrorAt(sqlstate::kAmbiguousFunction,
                 "function " + CallSignatureText(name, args, arg_names) + " is not unique", location)
        .WithHint("Could not choose a best candidate function. You might need to add explicit type casts.");
  }
  UserFunctionCall call;
  call.function = *best;
  const size_t parameters = best->arg_types.size();
  const size_t first_default = parameters - best->arg_defaults.size();
  for (size_t p = 0; p < parameters; ++p) {
    const Type type = TypeOfOid(best->arg_types[p]);
    if (best_match.expanded && p + 1 == parameters) {
      // The expanded variadic arguments become the elements of one array.
      const Type element = *VariadicElement(*best);
      auto array = std::make_unique<BoundExpr>();
      array->kind = BoundKind::kArray;
      array->type = type;
      array->location = location;
      for (size_t i = p; i < args.size(); ++i) {
        array->args.push_back(Coerce(std::move(args[i]), element, types::CastContext::kImplicit, context));
      }
      call.args.push_back(std::move(array));
      continue;
    }
    const int slot = best_match.slots[p];
    if (slot >= 0) {
      call.args.push_back(
          Coerce(std::move(args[static_cast<size_t>(slot)]), type, types::CastContext::kImplicit, context));
      continue;
    }
    // An omitted argument takes its default, bound like the body (no columns in scope).
    const std::string text = "SELECT " + best->arg_defaults[p - first_default];
    std::vector<parser::StmtPtr> parsed = parser::Parse(text);
    std::vector<Type> param_types;
    AnalyzeContext default_context = FunctionContext(context, text, param_types, nullptr);
    Scope empty;
    ExprBinder binder(default_context, empty, nullptr, "DEFAULT expressions");
    const auto& select = parsed.front()->As<parser::SelectStmt>();
    BoundExprPtr value = binder.Bind(*select.targets.front().expr);
    call.args.push_back(Coerce(std::move(value), type, types::CastContext::kAssignment, default_context));
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
