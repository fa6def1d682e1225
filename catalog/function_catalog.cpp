// User-defined functions in the pg_proc system table: lookup by name along the search path,
// create, replace, drop. Rows are read and written under the caller's snapshot like every
// catalog row, so CREATE FUNCTION is transactional and survives restarts through the log.
#include <sstream>

#include "catalog/catalog.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/type.hpp"

namespace granary::catalog {
namespace {

using types::Value;

constexpr char kSeparator = '\x1f';

std::string JoinOids(const std::vector<uint32_t>& oids) {
  std::string text;
  for (size_t i = 0; i < oids.size(); ++i) text += (i > 0 ? " " : "") + std::to_string(oids[i]);
  return text;
}

std::vector<uint32_t> SplitOids(const std::string& text) {
  std::vector<uint32_t> oids;
  std::istringstream in(text);
  uint64_t oid = 0;
  while (in >> oid) oids.push_back(static_cast<uint32_t>(oid));
  return oids;
}

std::string JoinTexts(const std::vector<std::string>& texts) {
  std::string joined;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) joined += kSeparator;
    joined += texts[i];
  }
  return joined;
}

std::vector<std::string> SplitTexts(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(kSeparator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

Value NullableText(const std::string& text, bool present) { return present ? Value::Text(text) : Value::Null(types::TypeId::kText); }

FunctionSchema FunctionFromRow(const CatalogRow& row) {
  FunctionSchema function;
  function.oid = static_cast<Oid>(row[pg_proc::kOid].AsInt());
  function.name = row[pg_proc::kName].AsString();
  function.namespace_oid = static_cast<Oid>(row[pg_proc::kNamespace].AsInt());
  function.owner = static_cast<Oid>(row[pg_proc::kOwner].AsInt());
  function.language = static_cast<Oid>(row[pg_proc::kLanguage].AsInt());
  const std::string volatility = row[pg_proc::kVolatility].AsString();
  function.volatility = volatility.empty() ? 'v' : volatility[0];
  function.strict = row[pg_proc::kStrict].AsBool();
  function.returns_set = row[pg_proc::kReturnsSet].AsBool();
  function.return_type = static_cast<uint32_t>(row[pg_proc::kReturnType].AsInt());
  function.arg_types = SplitOids(row[pg_proc::kArgTypes].AsString());
  if (!row[pg_proc::kAllArgTypes].is_null()) function.all_arg_types = SplitOids(row[pg_proc::kAllArgTypes].AsString());
  if (!row[pg_proc::kArgModes].is_null()) function.arg_modes = row[pg_proc::kArgModes].AsString();
  if (!row[pg_proc::kArgNames].is_null()) function.arg_names = SplitTexts(row[pg_proc::kArgNames].AsString());
  if (!row[pg_proc::kArgDefaults].is_null()) function.arg_defaults = SplitTexts(row[pg_proc::kArgDefaults].AsString());
  function.source = row[pg_proc::kSource].AsString();
  function.sql_body = row[pg_proc::kSqlBody].AsBool();
  function.cost = row[pg_proc::kCost].AsDouble();
  function.rows = row[pg_proc::kRows].AsDouble();
  function.leakproof = row[pg_proc::kLeakproof].AsBool();
  const std::string parallel = row[pg_proc::kParallel].AsString();
  function.parallel = parallel.empty() ? 'u' : parallel[0];
  return function;
}

CatalogRow RowOf(const FunctionSchema& function) {
  return {Value::Int8(function.oid),
          Value::Text(function.name),
          Value::Int8(function.namespace_oid),
          Value::Int8(function.owner),
          Value::Int8(function.language),
          Value::Text(std::string(1, function.volatility)),
          Value::Bool(function.strict),
          Value::Bool(function.returns_set),
          Value::Int8(function.return_type),
          Value::Text(JoinOids(function.arg_types)),
          NullableText(JoinOids(function.all_arg_types), !function.all_arg_types.empty()),
          NullableText(function.arg_modes, !function.arg_modes.empty()),
          NullableText(JoinTexts(function.arg_names), !function.arg_names.empty()),
          NullableText(JoinTexts(function.arg_defaults), !function.arg_defaults.empty()),
          Value::Text(function.source),
          Value::Bool(function.sql_body),
          Value::Float8(function.cost),
          Value::Float8(function.rows),
          Value::Bool(function.leakproof),
          Value::Text(std::string(1, function.parallel))};
}

std::string TypeText(uint32_t oid) {
  const std::optional<types::TypeId> id = types::TypeIdFromOid(oid);
  return id ? types::FormatType(types::Type{*id, -1}) : std::to_string(oid);
}

// A name as an identifier in SQL text: quoted unless lower-case letters, digits and _.
std::string Identifier(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (plain) return name;
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string Number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

std::string FunctionArgumentsText(const FunctionSchema& function) {
  std::string text;
  const bool modes = !function.arg_modes.empty();
  const size_t count = modes ? function.all_arg_types.size() : function.arg_types.size();
  size_t input = 0;
  const size_t first_default = function.arg_types.size() - function.arg_defaults.size();
  for (size_t i = 0; i < count; ++i) {
    const char mode = modes ? function.arg_modes[i] : 'i';
    if (mode == 't') continue;
    if (!text.empty()) text += ", ";
    if (mode == 'o') text += "OUT ";
    if (mode == 'b') text += "INOUT ";
    if (mode == 'v') text += "VARIADIC ";
    if (i < function.arg_names.size() && !function.arg_names[i].empty()) text += Identifier(function.arg_names[i]) + " ";
    text += TypeText(modes ? function.all_arg_types[i] : function.arg_types[i]);
    if (mode == 'i' || mode == 'b' || mode == 'v') {
      if (input >= first_default) text += " DEFAULT " + function.arg_defaults[input - first_default];
      ++input;
    }
  }
  return text;
}

std::string FunctionResultText(const FunctionSchema& function) {
  if (function.arg_modes.find('t') != std::string::npos) {
    std::string columns;
    for (size_t i = 0; i < function.arg_modes.size(); ++i) {
      if (function.arg_modes[i] != 't') continue;
      if (!columns.empty()) columns += ", ";
      columns += Identifier(function.arg_names[i]) + " " + TypeText(function.all_arg_types[i]);
    }
    return "TABLE(" + columns + ")";
  }
  return (function.returns_set ? "SETOF " : "") + TypeText(function.return_type);
}

std::string FunctionDefinitionText(const FunctionSchema& function, const std::string& schema_name) {
  std::string text = "CREATE OR REPLACE FUNCTION " + Identifier(schema_name) + "." + Identifier(function.name) + "(" +
                     FunctionArgumentsText(function) + ")\n RETURNS " + FunctionResultText(function) +
                     (function.IsPlpgsql() ? "\n LANGUAGE plpgsql\n" : "\n LANGUAGE sql\n");
  std::string options;
  if (function.volatility == 'i') options += " IMMUTABLE";
  if (function.volatility == 's') options += " STABLE";
  if (function.strict) options += " STRICT";
  if (function.leakproof) options += " LEAKPROOF";
  if (function.parallel == 's') options += " PARALLEL SAFE";
  if (function.parallel == 'r') options += " PARALLEL RESTRICTED";
  if (function.cost != 100) options += " COST " + Number(function.cost);
  if (function.rows > 0 && function.rows != 1000) options += " ROWS " + Number(function.rows);
  if (!options.empty()) text += options + "\n";
  if (function.sql_body) return text + "BEGIN ATOMIC\n " + function.source + "END\n";
  return text + "AS $function$" + function.source + "$function$\n";
}

std::vector<FunctionSchema> Catalog::UserFunctions(const storage::Snapshot& snapshot) {
  std::vector<FunctionSchema> functions;
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kProc).Scan(snapshot)) {
    functions.push_back(FunctionFromRow(row));
  }
  return functions;
}

std::vector<FunctionSchema> Catalog::FindUserFunctions(std::string_view schema, std::string_view name,
                                                       const SearchPath& path, const storage::Snapshot& snapshot) {
  std::vector<FunctionSchema> found;
  std::vector<FunctionSchema> functions;
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kProc).Scan(snapshot)) {
    if (row[pg_proc::kName].AsString() == name) functions.push_back(FunctionFromRow(row));
  }
  if (functions.empty()) return found;
  for (const NamespaceName& namespace_name : LookupNamespaces(schema, path, snapshot)) {
    for (const FunctionSchema& function : functions) {
      if (function.namespace_oid != namespace_name.oid) continue;
      found.push_back(function);
      found.back().schema_name = namespace_name.name;
    }
  }
  return found;
}

FunctionSchema Catalog::CreateFunction(FunctionSchema function, const storage::Snapshot& snapshot,
                                       storage::CommandId cid) {
  if (function.oid == 0) function.oid = AllocateOid();
  SystemTableAccess(pool_, transactions_, SystemTable::kProc).Insert(RowOf(function), snapshot.own_xid, cid);
  return function;
}

void Catalog::DropFunction(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess functions(pool_, transactions_, SystemTable::kProc);
  for (const auto& [tid, row] : functions.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_proc::kOid].AsInt()) == oid) functions.Delete(tid, snapshot.own_xid, cid);
  }
  DeleteComments(kProcedureClassOid, {oid}, snapshot, cid);
}

void Catalog::UpdateFunction(const FunctionSchema& function, const storage::Snapshot& snapshot,
                             storage::CommandId cid) {
  SystemTableAccess functions(pool_, transactions_, SystemTable::kProc);
  for (const auto& [tid, row] : functions.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_proc::kOid].AsInt()) == function.oid) functions.Delete(tid, snapshot.own_xid, cid);
  }
  functions.Insert(RowOf(function), snapshot.own_xid, cid);
}

}  // namespace granary::catalog
