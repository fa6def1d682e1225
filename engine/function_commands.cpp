// SQL functions: CREATE [OR REPLACE] FUNCTION, DROP FUNCTION, ALTER FUNCTION.
#include "engine/plpgsql/pl_routine_caller.hpp"
#include "engine/function_commands.hpp"

#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/scope.hpp"
#include "planner/analyze/sql_function_binder.hpp"
#include "parser/parser.hpp"

namespace granary {
namespace {

using parser::FunctionParameterMode;
using types::Type;
using types::TypeId;

constexpr uint32_t kRecordOid = catalog::kRecordTypeOid;

Result Tagged(std::string tag) {
  Result result;
  result.impl().command_tag = std::move(tag);
  return result;
}

void Notice(Result& result, std::string message) {
  result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion, std::move(message), Severity::kNotice));
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

uint32_t OidOf(const Type& type) { return types::InfoOf(type.id).oid; }

std::string SchemaOf(const std::vector<std::string>& name) {
  return name.size() >= 2 ? name[name.size() - 2] : std::string();
}

// f(integer, text): how PostgreSQL's messages name a function by its argument types.
std::string Signature(const std::string& name, const std::vector<uint32_t>& arg_types) {
  std::string text = name + "(";
  for (size_t i = 0; i < arg_types.size(); ++i) {
    const std::optional<TypeId> id = types::TypeIdFromOid(arg_types[i]);
    text += (i > 0 ? ", " : "") + (id ? types::FormatType(Type{*id, -1}) : std::to_string(arg_types[i]));
  }
  return text + ")";
}

// A type list as written in DROP FUNCTION (PostgreSQL's TypeNameListToString): the SQL
// spellings of built-in types the grammar maps (int, integer, ...) read pg_catalog.int4.
std::string WrittenTypes(const std::vector<parser::TypeName>& types) {
  static const std::set<std::string> kSystemNames = {"int2", "int4", "int8", "float4", "float8", "bool",
                                                      "numeric", "varchar", "bpchar", "timestamp",
                                                      "timestamptz", "time", "timetz", "interval", "bit"};
  std::string text;
  for (size_t i = 0; i < types.size(); ++i) {
    std::string name;
    for (const std::string& part : types[i].names) name += (name.empty() ? "" : ".") + part;
    if (types[i].names.size() == 1 && kSystemNames.count(name) != 0) name = "pg_catalog." + name;
    for (int bound = 0; bound < types[i].array_bounds; ++bound) name += "[]";
    text += (i > 0 ? "," : "") + name;
  }
  return text;
}

std::string Joined(const std::vector<std::string>& name) {
  std::string text;
  for (const std::string& part : name) text += (text.empty() ? "" : ".") + part;
  return text;
}

// The function DROP / ALTER FUNCTION names: by its argument types when given, else the only
// one of that name (42725 when there are several). nullopt when none exists.
std::optional<catalog::FunctionSchema> LookupFunction(Session::Impl& session, const parser::FunctionWithArgs& name,
                                                      planner::AnalyzeContext& context, bool missing_ok) {
  std::vector<catalog::FunctionSchema> found = session.db.catalog->FindUserFunctions(
      SchemaOf(name.name), name.name.back(), context.SearchPath(), context.snapshot);
  if (!name.has_args) {
    if (found.size() > 1) {
      throw Error(sqlstate::kAmbiguousFunction, "function name \"" + Joined(name.name) + "\" is not unique")
          .WithHint("Specify the argument list to select the function unambiguously.");
    }
    if (found.empty()) {
      if (missing_ok) return std::nullopt;
      throw Error(sqlstate::kUndefinedFunction, "could not find a function named \"" + Joined(name.name) + "\"");
    }
    return found.front();
  }
  std::vector<uint32_t> wanted;
  for (const parser::TypeName& type : name.arg_types) wanted.push_back(OidOf(planner::ResolveTypeName(type, context)));
  for (catalog::FunctionSchema& function : found) {
    if (function.arg_types == wanted) return function;
  }
  if (missing_ok) return std::nullopt;
  throw Error(sqlstate::kUndefinedFunction, "function " + Signature(Joined(name.name), wanted) + " does not exist");
}

// The function's options (language, volatility, strictness, ...) applied to `function`;
// 42601 for an option given twice.
void ApplyOptions(const std::vector<parser::FunctionOption>& options, catalog::FunctionSchema& function,
                  bool* rows_given) {
  std::set<std::string> seen;
  for (const parser::FunctionOption& option : options) {
    if (option.name != "as" && option.name != "language" && !seen.insert(option.name).second) {
      throw Error(sqlstate::kSyntaxError, "conflicting or redundant options");
    }
    if (option.name == "volatility") {
      function.volatility = option.value[0];
    } else if (option.name == "strict") {
      function.strict = option.value == "true";
    } else if (option.name == "leakproof") {
      function.leakproof = option.value == "true";
    } else if (option.name == "cost") {
      function.cost = std::stod(option.value);
      if (function.cost <= 0) throw Error(sqlstate::kInvalidParameterValue, "COST must be positive");
    } else if (option.name == "rows") {
      function.rows = std::stod(option.value);
      if (function.rows <= 0) throw Error(sqlstate::kInvalidParameterValue, "ROWS must be positive");
      if (rows_given != nullptr) *rows_given = true;
    } else if (option.name == "parallel") {
      const std::string value = Lower(option.value);
      if (value != "safe" && value != "restricted" && value != "unsafe") {
        throw Error(sqlstate::kInvalidParameterValue, "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");
      }
      function.parallel = value[0];
    } else if (option.name == "security" || option.name == "support" || option.name == "window") {
      if (option.name == "window") {
        throw Error(sqlstate::kFeatureNotSupported, "window functions written in SQL are not supported");
      }
      if (option.name == "support") {
        throw Error(sqlstate::kFeatureNotSupported, "SUPPORT functions are not supported");
      }
      if (option.value == "definer") {
        throw Error(sqlstate::kFeatureNotSupported, "SECURITY DEFINER functions are not supported");
      }
    }
  }
}

}  // namespace

Result CreateFunction(Session::Impl& session, const parser::CreateFunctionStmt& stmt,
                      planner::AnalyzeContext& context) {
  if (stmt.procedure) throw Error(sqlstate::kFeatureNotSupported, "CREATE PROCEDURE is not supported");
  Result result = Tagged("CREATE FUNCTION");
  catalog::FunctionSchema function;
  function.name = stmt.name.back();
  // The language and the body.
  std::optional<std::string> language;
  std::optional<parser::FunctionOption> as;
  for (const parser::FunctionOption& option : stmt.options) {
    if (option.name == "language") {
      if (language) throw Error(sqlstate::kSyntaxError, "conflicting or redundant options");
      language = Lower(option.value);
    } else if (option.name == "as") {
      if (as) throw Error(sqlstate::kSyntaxError, "conflicting or redundant options");
      as = option;
    }
  }
  if (!language) {
    if (!stmt.has_sql_body) throw Error(sqlstate::kInvalidFunctionDefinition, "no language specified");
    language = "sql";
  }
  if (*language == "c" || *language == "internal") {
    throw Error(sqlstate::kFeatureNotSupported, "language " + *language + " is not supported")
        .WithHint("Only LANGUAGE sql and plpgsql functions can be created.");
  }
  if (*language != "sql" && *language != "plpgsql") {
    throw Error(sqlstate::kUndefinedObject, "language \"" + *language + "\" does not exist");
  }
  const bool plpgsql = *language == "plpgsql";
  if (plpgsql) function.language = catalog::kPlpgsqlLanguageOid;
  if (plpgsql && stmt.has_sql_body) {
    throw Error(sqlstate::kInvalidFunctionDefinition, "inline SQL function body only valid for language SQL");
  }
  if (as && stmt.has_sql_body) throw Error(sqlstate::kInvalidFunctionDefinition, "duplicate function body specified");
  if (!as && !stmt.has_sql_body) throw Error(sqlstate::kInvalidFunctionDefinition, "no function body specified");
  if (as && !as->link.empty()) {
    throw Error(sqlstate::kInvalidFunctionDefinition, "only one AS item needed for language \"sql\"");
  }
  if (as) {
    function.source = as->value;
  } else {
    function.sql_body = true;
    for (const std::string& statement : stmt.sql_body) function.source += statement + ";\n";
  }
  bool rows_given = false;
  std::vector<parser::FunctionOption> options;
  for (const parser::FunctionOption& option : stmt.options) {
    if (option.name != "language" && option.name != "as") options.push_back(option);
  }
  ApplyOptions(options, function, &rows_given);

  // Parameters: the call's (IN, INOUT) and the result's (OUT, INOUT, TABLE).
  const catalog::NamespaceName target =
      session.db.catalog->CreationNamespace(SchemaOf(stmt.name), context.SearchPath(), context.snapshot);
  function.namespace_oid = target.oid;
  function.schema_name = target.name;
  std::vector<std::pair<std::string, uint32_t>> outputs;
  bool any_named = false;
  bool plain = true;
  bool seen_default = false;
  bool seen_variadic = false;
  std::set<std::string> names;
  for (const parser::FunctionParameter& parameter : stmt.parameters) {
    const Type type = planner::ResolveTypeName(parameter.type, context);
    const uint32_t oid = OidOf(type);
    const bool input = parameter.mode == FunctionParameterMode::kIn || parameter.mode == FunctionParameterMode::kInOut ||
                       parameter.mode == FunctionParameterMode::kVariadic;
    const bool output = parameter.mode != FunctionParameterMode::kIn && parameter.mode != FunctionParameterMode::kVariadic;
    if (parameter.mode == FunctionParameterMode::kVariadic) {
      // PostgreSQL's interpret_function_parameter_list: the last input, of an array type.
      if (!types::IsArray(type.id)) {
        throw Error(sqlstate::kInvalidFunctionDefinition, "VARIADIC parameter must be an array");
      }
      seen_variadic = true;
    } else if (input && seen_variadic) {
      throw Error(sqlstate::kInvalidFunctionDefinition, "VARIADIC parameter must be the last input parameter");
    }
    if (type.id == TypeId::kRecord) {
      throw Error(sqlstate::kFeatureNotSupported, "parameters of type record are not supported");
    }
    if (!parameter.name.empty()) {
      any_named = true;
      // PostgreSQL lets an OUT parameter share an IN parameter's name only; a simplification here.
      if (!names.insert(parameter.name).second) {
        throw Error(sqlstate::kInvalidFunctionDefinition,
                    "parameter name \"" + parameter.name + "\" used more than once");
      }
    }
    if (parameter.mode != FunctionParameterMode::kIn) plain = false;
    function.all_arg_types.push_back(oid);
    function.arg_modes += parameter.mode == FunctionParameterMode::kIn      ? 'i'
                          : parameter.mode == FunctionParameterMode::kOut   ? 'o'
                          : parameter.mode == FunctionParameterMode::kInOut ? 'b'
                          : parameter.mode == FunctionParameterMode::kVariadic ? 'v'
                                                                            : 't';
    function.arg_names.push_back(parameter.name);
    if (input) {
      function.arg_types.push_back(oid);
      if (parameter.default_expr) {
        seen_default = true;
        function.arg_defaults.push_back(parameter.default_text);
      } else if (seen_default) {
        throw Error(sqlstate::kInvalidFunctionDefinition,
                    "input parameters after one with a default value must also have defaults");
      }
    } else if (parameter.default_expr) {
      throw Error(sqlstate::kInvalidFunctionDefinition, "only input parameters can have default values");
    }
    if (output) outputs.emplace_back(parameter.name, oid);
  }
  if (!any_named) function.arg_names.clear();
  if (plain) {
    function.all_arg_types.clear();
    function.arg_modes.clear();
  }

  // The result type.
  function.returns_set = stmt.returns_set;
  if (stmt.has_return_type) {
    if (stmt.return_type.names.back() == "void" && stmt.return_type.array_bounds == 0 && !plpgsql) {
      throw Error(sqlstate::kFeatureNotSupported, "functions returning void are not supported");
    }
    const Type type = planner::ResolveTypeName(stmt.return_type, context);
    function.return_type = OidOf(type);
    if (outputs.size() > 1 && function.return_type != kRecordOid) {
      throw Error(sqlstate::kInvalidFunctionDefinition, "function result type must be record because of OUT parameters");
    }
    if (outputs.size() == 1 && function.return_type != outputs[0].second) {
      throw Error(sqlstate::kInvalidFunctionDefinition,
                  "function result type must be " + types::FormatType(Type{types::TypeIdFromOid(outputs[0].second).value_or(TypeId::kUnknown), -1}) +
                      " because of OUT parameters");
    }
  } else if (!outputs.empty()) {
    function.return_type = outputs.size() == 1 ? outputs[0].second : kRecordOid;
  } else {
    throw Error(sqlstate::kInvalidFunctionDefinition, "function result type must be specified");
  }
  if (function.return_type == kRecordOid && outputs.size() < 2) {
    throw Error(sqlstate::kFeatureNotSupported, "functions returning record without OUT columns are not supported");
  }
  if (rows_given && !function.returns_set) {
    throw Error(sqlstate::kInvalidParameterValue, "ROWS is not applicable when function does not return a set");
  }
  if (function.returns_set && !rows_given) function.rows = 1000;

  // An existing function of the same signature: replaced under OR REPLACE.
  const std::vector<catalog::FunctionSchema> existing =
      session.db.catalog->FindUserFunctions(target.name, function.name, context.SearchPath(), context.snapshot);
  for (const catalog::FunctionSchema& old : existing) {
    if (old.arg_types != function.arg_types) continue;
    if (!stmt.replace) {
      throw Error(sqlstate::kDuplicateFunction,
                  "function \"" + function.name + "\" already exists with same argument types");
    }
    if (old.return_type != function.return_type || old.returns_set != function.returns_set) {
      throw Error(sqlstate::kInvalidFunctionDefinition, "cannot change return type of existing function")
          .WithHint("Use DROP FUNCTION " + Signature(function.name, function.arg_types) + " first.");
    }
    if (old.OutputColumns() != function.OutputColumns()) {
      throw Error(sqlstate::kInvalidFunctionDefinition, "cannot change return type of existing function")
          .WithDetail("Row type defined by OUT parameters is different.")
          .WithHint("Use DROP FUNCTION " + Signature(function.name, function.arg_types) + " first.");
    }
    const std::vector<std::string> old_names = old.InputNames();
    const std::vector<std::string> new_names = function.InputNames();
    for (size_t i = 0; i < old_names.size() && i < new_names.size(); ++i) {
      if (!old_names[i].empty() && old_names[i] != new_names[i]) {
        throw Error(sqlstate::kInvalidFunctionDefinition, "cannot change name of input parameter \"" + old_names[i] + "\"")
            .WithHint("Use DROP FUNCTION " + Signature(function.name, function.arg_types) + " first.");
      }
    }
    if (function.arg_defaults.size() < old.arg_defaults.size()) {
      throw Error(sqlstate::kInvalidFunctionDefinition, "cannot remove parameter defaults from existing function")
          .WithHint("Use DROP FUNCTION " + Signature(function.name, function.arg_types) + " first.");
    }
    function.oid = old.oid;
    function.owner = old.owner;
  }
  if (function.oid == 0) {
    const std::string owner_name = session.settings.Show("session_authorization");
    const std::optional<catalog::RoleSchema> owner = session.db.catalog->FindRole(owner_name, context.snapshot);
    function.owner = owner ? owner->oid : 10;
  }

  // Defaults and the body are checked as PostgreSQL's validator does.
  for (size_t i = 0; i < function.arg_defaults.size(); ++i) {
    const std::string text = "SELECT " + function.arg_defaults[i];
    std::vector<parser::StmtPtr> parsed = parser::Parse(text);
    std::vector<Type> param_types;
    planner::AnalyzeContext default_context{context.catalog, context.snapshot, text, param_types};
    default_context.search_path = context.search_path;
    default_context.database = context.database;
    default_context.locks = context.locks;
    planner::Scope empty;
    planner::ExprBinder binder(default_context, empty, nullptr, "DEFAULT expressions");
    planner::BoundExprPtr value = binder.Bind(*parsed.front()->As<parser::SelectStmt>().targets.front().expr);
    const size_t index = function.arg_types.size() - function.arg_defaults.size() + i;
    const Type type{types::TypeIdFromOid(function.arg_types[index]).value_or(TypeId::kUnknown), -1};
    planner::Coerce(std::move(value), type, types::CastContext::kAssignment, default_context);
  }
  if (function.IsPlpgsql()) {
    plpgsql::ValidatePlpgsqlFunction(session, function, context.snapshot);
  } else {
    planner::CheckFunctionBody(function, context);
  }

  if (function.oid != 0) {
    session.db.catalog->UpdateFunction(function, context.snapshot, context.snapshot.command_id);
  } else {
    session.db.catalog->CreateFunction(function, context.snapshot, context.snapshot.command_id);
  }
  session.MarkCatalogChanged();
  return result;
}

Result DropFunctions(Session::Impl& session, const parser::DropFunctionStmt& stmt, planner::AnalyzeContext& context) {
  Result result = Tagged("DROP FUNCTION");
  std::vector<catalog::FunctionSchema> dropped;
  for (const parser::FunctionWithArgs& name : stmt.functions) {
    std::optional<catalog::FunctionSchema> found = LookupFunction(session, name, context, stmt.if_exists);
    if (!found) {
      Notice(result, "function " + Joined(name.name) + "(" + WrittenTypes(name.arg_types) + ") does not exist, skipping");
      continue;
    }
    dropped.push_back(std::move(*found));
  }
  for (const catalog::FunctionSchema& function : dropped) {
    session.db.catalog->DropFunction(function.oid, context.snapshot, context.snapshot.command_id);
  }
  if (!dropped.empty()) session.MarkCatalogChanged();
  return result;
}

catalog::FunctionSchema FindNamedFunction(Session::Impl& session, const parser::FunctionWithArgs& name,
                                          planner::AnalyzeContext& context) {
  return *LookupFunction(session, name, context, false);
}

Result AlterFunction(Session::Impl& session, const parser::AlterFunctionStmt& stmt, planner::AnalyzeContext& context) {
  Result result = Tagged("ALTER FUNCTION");
  catalog::FunctionSchema function = *LookupFunction(session, stmt.function, context, false);
  const auto check_free = [&](const catalog::FunctionSchema& moved) {
    for (const catalog::FunctionSchema& other : session.db.catalog->FindUserFunctions(
             moved.schema_name, moved.name, context.SearchPath(), context.snapshot)) {
      if (other.oid != moved.oid && other.arg_types == moved.arg_types) {
        throw Error(sqlstate::kDuplicateFunction, "function " + Signature(moved.name, moved.arg_types) +
                                                      " already exists in schema \"" + moved.schema_name + "\"");
      }
    }
  };
  switch (stmt.action) {
    case parser::AlterFunctionAction::kRename:
      function.name = stmt.new_name;
      check_free(function);
      break;
    case parser::AlterFunctionAction::kOwner: {
      const std::optional<catalog::RoleSchema> owner = session.db.catalog->FindRole(stmt.new_name, context.snapshot);
      if (!owner) throw Error(sqlstate::kUndefinedObject, "role \"" + stmt.new_name + "\" does not exist");
      function.owner = owner->oid;
      break;
    }
    case parser::AlterFunctionAction::kSetSchema: {
      const std::optional<catalog::Oid> schema = session.db.catalog->FindNamespace(stmt.new_name, context.snapshot);
      if (!schema) throw Error(sqlstate::kInvalidSchemaName, "schema \"" + stmt.new_name + "\" does not exist");
      function.namespace_oid = *schema;
      function.schema_name = stmt.new_name;
      check_free(function);
      break;
    }
    case parser::AlterFunctionAction::kOptions: {
      bool rows_given = false;
      ApplyOptions(stmt.options, function, &rows_given);
      if (rows_given && !function.returns_set) {
        throw Error(sqlstate::kInvalidParameterValue, "ROWS is not applicable when function does not return a set");
      }
      break;
    }
  }
  session.db.catalog->UpdateFunction(function, context.snapshot, context.snapshot.command_id);
  session.MarkCatalogChanged();
  return result;
}

}  // namespace granary
