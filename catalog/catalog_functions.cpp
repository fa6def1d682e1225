// Catalog functions (see the header): one declarative table of signatures, and their
// implementations over the system tables and the session's environment.
#include "catalog/catalog_functions.hpp"

#include <algorithm>
#include <cctype>

#include "catalog/catalog.hpp"
#include "catalog/system_view_rows.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/page/page.hpp"

namespace granary::catalog {
namespace {

using types::TypeId;
using types::Value;

constexpr TypeId kOid = TypeId::kInt8;
constexpr TypeId kText = TypeId::kText;
constexpr TypeId kBool = TypeId::kBool;
constexpr TypeId kInt4 = TypeId::kInt4;

struct Entry {
  types::FunctionSignature signature;
  CatalogFunction function;
};

types::FunctionSignature Signature(std::string_view name, std::vector<TypeId> arguments,
                                   TypeId result, bool strict = true) {
  return types::FunctionSignature{name, std::move(arguments), result, nullptr, strict};
}

const std::vector<Entry>& Entries() {
  using F = CatalogFunction;
  static const std::vector<Entry> entries = {
      {Signature("pg_get_userbyid", {kOid}, kText), F::kGetUserById},
      {Signature("pg_relation_is_publishable", {kOid}, kBool), F::kRelationIsPublishable},
      {Signature("pg_function_is_visible", {kOid}, kBool), F::kFunctionIsVisible},
      {Signature("pg_get_function_result", {kOid}, kText), F::kFunctionResult},
      {Signature("pg_get_function_arguments", {kOid}, kText), F::kFunctionArguments},
      {Signature("pg_get_functiondef", {kOid}, kText), F::kFunctionDef},
      {Signature("pg_get_statisticsobjdef_columns", {kOid}, kText), F::kStatisticsObjDefColumns},
      {Signature("pg_table_is_visible", {kOid}, kBool), F::kTableIsVisible},
      {Signature("pg_type_is_visible", {kOid}, kBool), F::kTypeIsVisible},
      {Signature("pg_get_indexdef", {kOid}, kText), F::kGetIndexDef},
      {Signature("pg_get_indexdef", {kOid, kInt4, kBool}, kText), F::kGetIndexColumn},
      {Signature("pg_get_constraintdef", {kOid}, kText), F::kGetConstraintDef},
      {Signature("pg_get_constraintdef", {kOid, kBool}, kText), F::kGetConstraintDef},
      {Signature("pg_get_expr", {kText, kOid}, kText), F::kGetExpr},
      {Signature("pg_get_expr", {kText, kOid, kBool}, kText), F::kGetExpr},
      {Signature("pg_get_viewdef", {kOid}, kText), F::kGetViewDef},
      {Signature("pg_get_viewdef", {kOid, kBool}, kText), F::kGetViewDef},
      {Signature("obj_description", {kOid}, kText), F::kObjDescription},
      {Signature("obj_description", {kOid, kText}, kText), F::kObjDescription},
      {Signature("col_description", {kOid, kInt4}, kText), F::kColDescription},
      {Signature("shobj_description", {kOid, kText}, kText), F::kShobjDescription},
      {Signature("has_table_privilege", {kText, kText}, kBool), F::kHasTablePrivilege},
      {Signature("has_table_privilege", {kOid, kText}, kBool), F::kHasTablePrivilege},
      {Signature("has_table_privilege", {kText, kText, kText}, kBool), F::kHasUserTablePrivilege},
      {Signature("has_table_privilege", {kText, kOid, kText}, kBool), F::kHasUserTablePrivilege},
      {Signature("has_schema_privilege", {kText, kText}, kBool), F::kHasSchemaPrivilege},
      {Signature("has_schema_privilege", {kOid, kText}, kBool), F::kHasSchemaPrivilege},
      {Signature("has_schema_privilege", {kText, kText, kText}, kBool), F::kHasUserSchemaPrivilege},
      {Signature("has_database_privilege", {kText, kText}, kBool), F::kHasDatabasePrivilege},
      {Signature("has_database_privilege", {kOid, kText}, kBool), F::kHasDatabasePrivilege},
      {Signature("has_database_privilege", {kText, kText, kText}, kBool), F::kHasUserDatabasePrivilege},
      {Signature("to_regclass", {kText}, TypeId::kRegclass), F::kToRegclass},
      {Signature("current_user", {}, kText), F::kCurrentUser},
      {Signature("session_user", {}, kText), F::kCurrentUser},
      {Signature("current_role", {}, kText), F::kCurrentUser},
      {Signature("user", {}, kText), F::kCurrentUser},
      {Signature("current_database", {}, kText), F::kCurrentDatabase},
      {Signature("pg_backend_pid", {}, kInt4), F::kBackendPid},
      {Signature("pg_cancel_backend", {kInt4}, kBool), F::kCancelBackend},
      {Signature("pg_terminate_backend", {kInt4}, kBool), F::kTerminateBackend},
      {Signature("pg_terminate_backend", {kInt4, TypeId::kInt8}, kBool), F::kTerminateBackend},
      {Signature("pg_reload_conf", {}, kBool), F::kReloadConf},
      {Signature("pg_sleep", {TypeId::kFloat8}, TypeId::kVoid), F::kSleep},
      {Signature("pg_sleep_for", {TypeId::kInterval}, TypeId::kVoid), F::kSleepFor},
      {Signature("pg_sleep_until", {TypeId::kTimestampTz}, TypeId::kVoid), F::kSleepUntil},
      {Signature("pg_stat_force_next_flush", {}, TypeId::kVoid), F::kStatisticsNoOp},
      {Signature("pg_stat_clear_snapshot", {}, TypeId::kVoid), F::kStatisticsNoOp},
      {Signature("txid_current", {}, TypeId::kInt8), F::kTxidCurrent},
      {Signature("txid_current_if_assigned", {}, TypeId::kInt8), F::kTxidCurrentIfAssigned},
      {Signature("current_catalog", {}, kText), F::kCurrentDatabase},
      {Signature("current_schema", {}, kText), F::kCurrentSchema},
      {Signature("current_schemas", {kBool}, kText), F::kCurrentSchemas},
      {Signature("current_setting", {kText}, kText), F::kCurrentSetting},
      {Signature("current_setting", {kText, kBool}, kText), F::kCurrentSetting},
      {Signature("set_config", {kText, kText, kBool}, kText, false), F::kSetConfig},
      {Signature("pg_encoding_to_char", {kInt4}, kText), F::kEncodingToChar},
      {Signature("format_type", {kOid, kInt4}, kText, false), F::kFormatType},
      {Signature("pg_relation_size", {TypeId::kRegclass}, TypeId::kInt8), F::kRelationSize},
      {Signature("pg_table_size", {TypeId::kRegclass}, TypeId::kInt8), F::kTableSize},
      {Signature("pg_total_relation_size", {TypeId::kRegclass}, TypeId::kInt8), F::kTotalRelationSize},
      {Signature("pg_database_size", {TypeId::kName}, TypeId::kInt8), F::kDatabaseSize},
      {Signature("pg_database_size", {kOid}, TypeId::kInt8), F::kDatabaseSize},
  };
  return entries;
}

Oid OidArgument(const Value& value) { return static_cast<Oid>(value.AsInt()); }

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

// A privilege list as has_*_privilege takes it ("select, insert with grant option"): 22023
// for a privilege type the object kind does not have. Granary has no GRANT yet: every role
// holds every privilege, so only the spelling is checked.
void CheckPrivileges(const std::string& list, std::initializer_list<std::string_view> allowed) {
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    const std::string item = Trim(std::string_view(list).substr(start, comma - start));
    std::string name = Lower(item);
    const std::string grant = " with grant option";
    if (name.size() > grant.size() && name.ends_with(grant)) name = Trim(name.substr(0, name.size() - grant.size()));
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw Error(sqlstate::kInvalidParameterValue, "unrecognized privilege type: \"" + item + "\"");
    }
    start = comma + 1;
  }
}

void CheckRole(Catalog& catalog, const std::string& name, const storage::Snapshot& snapshot) {
  if (catalog.FindRole(name, snapshot)) return;
  for (const PredefinedRole& role : PredefinedRoles()) {
    if (role.name == name) return;
  }
  throw Error(sqlstate::kUndefinedObject, "role \"" + name + "\" does not exist");
}

// A relation name as to_regclass and has_table_privilege take it: "name", "schema.name" or
// "database.schema.name", identifiers folded to lower case unless double-quoted.
std::vector<std::string> SplitQualifiedName(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      if (quoted && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return parts;
}

// One element of a text array in array output form: quoted when empty, NULL, or holding a
// character array syntax gives a meaning to.
std::string ArrayElementText(const std::string& text) {
  bool quote = text.empty() || Lower(text) == "null";
  for (const char c : text) {
    quote = quote || c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || c == ' ' ||
            c == '\t' || c == '\n';
  }
  if (!quote) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<NamespaceName> AllNamespaces(const views::CatalogSnapshot& tables) {
  std::vector<NamespaceName> all;
  for (const CatalogRow& row : tables.namespaces) {
    all.push_back({static_cast<Oid>(row[pg_namespace::kOid].AsInt()), row[pg_namespace::kName].AsString()});
  }
  return all;
}

// The oid of a relation of any kind (table, view, index) named by `text` and found along the
// session's search path, or nullopt. A schema that does not exist is 3F000 when
// `missing_schema_ok` is false (regclass input), nullopt otherwise (to_regclass).
std::optional<Oid> ResolveRelation(const views::CatalogSnapshot& tables,
                                   const SystemViewEnvironment& environment, std::string_view text,
                                   bool missing_schema_ok = false) {
  std::vector<std::string> parts = SplitQualifiedName(text);
  if (parts.size() > 3) {
    throw Error(sqlstate::kSyntaxError, "improper relation name (too many dotted names): " + std::string(text));
  }
  if (parts.size() == 3 && parts[0] != environment.CurrentDatabase()) {
    throw Error(sqlstate::kFeatureNotSupported,
                "cross-database references are not implemented: \"" + parts[0] + "." + parts[1] + "." +
                    parts[2] + "\"");
  }
  const std::string& name = parts.back();
  std::vector<Oid> path;
  if (parts.size() == 1) {
    for (const NamespaceName& entry :
         ResolveSearchPath(environment.CurrentSearchPath(), AllNamespaces(tables)).namespaces) {
      path.push_back(entry.oid);
    }
  } else {
    const std::string& schema = parts[parts.size() - 2];
    for (const CatalogRow& row : tables.namespaces) {
      if (row[pg_namespace::kName].AsString() == schema) path.push_back(static_cast<Oid>(row[pg_namespace::kOid].AsInt()));
    }
    if (path.empty()) {
      if (missing_schema_ok) return std::nullopt;
      throw Error(sqlstate::kInvalidSchemaName, "schema \"" + schema + "\" does not exist");
    }
  }
  for (Oid namespace_oid : path) {
    for (const CatalogRow& row : tables.classes) {
      if (row[pg_class::kName].AsString() == name &&
          static_cast<Oid>(row[pg_class::kNamespace].AsInt()) == namespace_oid) {
        return static_cast<Oid>(row[pg_class::kOid].AsInt());
      }
    }
  }
  return std::nullopt;
}

std::string KeyList(const views::CatalogSnapshot& tables, Oid relation, const std::string& definition) {
  const std::map<int64_t, std::string> names = tables.ColumnNames(relation);
  const views::IndexKeys keys = views::ParseIndexDefinition(definition, names);
  std::string list;
  size_t expression = 0;
  for (size_t i = 0; i < keys.columns.size(); ++i) {
    const int64_t column = keys.columns[i];
    // pg_get_constraintdef's form: UNIQUE (a) INCLUDE (b).
    list += i == keys.key_count ? ") INCLUDE (" : i > 0 ? ", " : "";
    list += column > 0 ? names.at(column) : keys.expressions[expression++];
  }
  return list;
}

Value TableIsVisible(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment,
                     Oid oid);

// `text` without one pair of parentheses that encloses all of it ("(a > 0)" -> "a > 0"), as
// pg_get_constraintdef's pretty form prints a CHECK condition; other text as it is.
std::string WithoutOuterParentheses(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return text;
  int depth = 0;
  char quote = 0;  // inside a string literal or quoted identifier (a doubled quote reopens it)
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return text;  // the first one closes before the end
  }
  return text.substr(1, text.size() - 2);
}

Value ConstraintDefinition(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment,
                           Oid oid, bool pretty) {
  for (const CatalogRow& row : tables.constraints) {
    if (OidArgument(row[pg_constraint::kOid]) != oid) continue;
    const std::string type = row[pg_constraint::kType].AsString();
    const std::string source = row[pg_constraint::kSource].AsString();
    if (type == "c") {
      const Value& validated = row[pg_constraint::kValidated];
      const Value& no_inherit = row[pg_constraint::kNoInherit];
      return Value::Text("CHECK (" + (pretty ? WithoutOuterParentheses(source) : source) + ")" +
                         (!no_inherit.is_null() && no_inherit.AsBool() ? " NO INHERIT" : "") +
                         (!validated.is_null() && !validated.AsBool() ? " NOT VALID" : ""));
    }
    const Oid relation = OidArgument(row[pg_constraint::kRelation]);
    if (type == "f") {
      ForeignKey key = ForeignKey::Decode(source);
      const std::map<int64_t, std::string> names = tables.ColumnNames(relation);
      const std::map<int64_t, std::string> referenced = tables.ColumnNames(key.referenced_oid);
      for (size_t column : key.columns) key.column_names.push_back(names.at(static_cast<int64_t>(column) + 1));
      for (size_t column : key.referenced_columns) {
        key.referenced_column_names.push_back(referenced.at(static_cast<int64_t>(column) + 1));
      }
      const CatalogRow* referenced_class = tables.FindClass(key.referenced_oid);
      if (referenced_class == nullptr) return Value::Null(kText);
      key.referenced_name = (*referenced_class)[pg_class::kName].AsString();
      key.referenced_schema = tables.NamespaceName(OidArgument((*referenced_class)[pg_class::kNamespace]));
      const Value visible = TableIsVisible(tables, environment, key.referenced_oid);
      return Value::Text(key.Definition(!visible.is_null() && visible.AsBool()));
    }
    for (const CatalogRow& index : tables.indexes) {
      if (std::to_string(index[pg_index::kIndex].AsInt()) != source) continue;
      const std::string keys = KeyList(tables, relation, index[pg_index::kDefinition].AsString());
      return Value::Text((type == "p" ? "PRIMARY KEY (" : "UNIQUE (") + keys + ")");
    }
  }
  return Value::Null(kText);
}

Value TableIsVisible(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment,
                     Oid oid);

// pg_get_indexdef(index, column, pretty): column 0 is the whole definition, whose table name
// the pretty form leaves unqualified when the table is visible; column n is the n-th key.
Value IndexColumn(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment, Oid oid,
                  int64_t column, bool pretty) {
  for (const CatalogRow& row : tables.indexes) {
    if (OidArgument(row[pg_index::kIndex]) != oid) continue;
    const std::string& definition = row[pg_index::kDefinition].AsString();
    const Oid relation = OidArgument(row[pg_index::kRelation]);
    if (column == 0) {
      const CatalogRow* table = tables.FindClass(relation);
      const Value visible = TableIsVisible(tables, environment, relation);
      const std::string schema = table ? tables.NamespaceName(OidArgument((*table)[pg_class::kNamespace])) : "";
      if (!pretty || !table || visible.is_null() || !visible.AsBool()) {
        // The session's own temporary schema is shown as pg_temp, as PostgreSQL's
        // get_namespace_name_or_temp does.
        const std::string own_temp = " ON " + environment.CurrentSearchPath().temp_schema + ".";
        const size_t at = definition.find(own_temp);
        if (!table || !IsTempSchemaName(schema) || at == std::string::npos) return Value::Text(definition);
        return Value::Text(std::string(definition).replace(at, own_temp.size(), " ON pg_temp."));
      }
      const std::string qualifier = " ON " + schema + ".";
      std::string text = definition;
      const size_t at = text.find(qualifier);
      if (at != std::string::npos) text.replace(at, qualifier.size(), " ON ");
      return Value::Text(text);
    }
    const std::map<int64_t, std::string> names = tables.ColumnNames(relation);
    const views::IndexKeys keys = views::ParseIndexDefinition(definition, names);
    if (column < 0 || column > static_cast<int64_t>(keys.columns.size())) return Value::Text("");
    size_t expression = 0;
    for (int64_t i = 0; i + 1 < column; ++i) expression += keys.columns[i] == 0 ? 1 : 0;
    const int64_t number = keys.columns[column - 1];
    return Value::Text(number > 0 ? names.at(number) : keys.expressions[expression]);
  }
  return Value::Null(kText);
}

Value TableIsVisible(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment,
                     Oid oid) {
  const CatalogRow* relation = tables.FindClass(oid);
  if (!relation) return Value::Null(kBool);
  const Oid namespace_oid = OidArgument((*relation)[pg_class::kNamespace]);
  const std::string& name = (*relation)[pg_class::kName].AsString();
  // Visible when its namespace is on the path and no namespace before it has a relation of
  // the same name (PostgreSQL's RelationIsVisible).
  for (const NamespaceName& entry :
       ResolveSearchPath(environment.CurrentSearchPath(), AllNamespaces(tables)).namespaces) {
    if (entry.oid == namespace_oid) return Value::Bool(true);
    for (const CatalogRow& row : tables.classes) {
      if (OidArgument(row[pg_class::kNamespace]) == entry.oid && row[pg_class::kName].AsString() == name) {
        return Value::Bool(false);
      }
    }
  }
  return Value::Bool(false);
}

// pg_type_is_visible: built-in types always; an enum when its namespace is on the path and
// no namespace before it has an enum of the same name (PostgreSQL's TypeIsVisible).
Value TypeIsVisible(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment, Oid oid) {
  if (types::TypeIdFromOid(oid)) return Value::Bool(true);
  const types::EnumTypeDefinition* type = nullptr;
  for (const types::EnumTypeDefinition& candidate : tables.enum_types) {
    if (candidate.oid == oid) type = &candidate;
  }
  if (type == nullptr) return Value::Null(kBool);
  for (const NamespaceName& entry :
       ResolveSearchPath(environment.CurrentSearchPath(), AllNamespaces(tables)).namespaces) {
    if (entry.oid == type->namespace_oid) return Value::Bool(true);
    for (const types::EnumTypeDefinition& other : tables.enum_types) {
      if (other.namespace_oid == entry.oid && other.name == type->name) return Value::Bool(false);
    }
  }
  return Value::Bool(false);
}

int64_t RelationBytes(Catalog& catalog, const CatalogRow* relation) {
  if (!relation || (*relation)[pg_class::kKind].AsString() == "v") return 0;
  return catalog.RelationBytes(static_cast<storage::RelFileNumber>((*relation)[pg_class::kRelfile].AsInt()));
}

// pg_table_size: the relation and its out-of-line values (pg_class's toast column holds the
// toast relation's file).
int64_t TableBytes(Catalog& catalog, const CatalogRow* relation) {
  int64_t total = RelationBytes(catalog, relation);
  const Value& toast = (*relation)[pg_class::kToastRelid];
  if (!toast.is_null() && toast.AsInt() != 0) {
    total += catalog.RelationBytes(static_cast<storage::RelFileNumber>(toast.AsInt()));
  }
  return total;
}

Value TotalRelationSize(Catalog& catalog, const views::CatalogSnapshot& tables, Oid oid) {
  const CatalogRow* relation = tables.FindClass(oid);
  if (!relation) return Value::Null(TypeId::kInt8);
  int64_t total = TableBytes(catalog, relation);
  for (const CatalogRow& index : tables.indexes) {
    if (OidArgument(index[pg_index::kRelation]) == oid) {
      total += RelationBytes(catalog, tables.FindClass(OidArgument(index[pg_index::kIndex])));
    }
  }
  return Value::Int8(total);
}

Value FormatType(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Null(kText);
  const std::optional<types::Type> found = types::TypeFromOid(OidArgument(args[0]));
  if (!found) return Value::Text("???");
  // An enum's (internal) typmod is its oid, which TypeFromOid put there.
  if (found->id == TypeId::kEnum || found->id == TypeId::kEnumArray) return Value::Text(types::FormatType(*found));
  const std::optional<TypeId> type = found->id;
  const int32_t typmod = args[1].is_null() ? -1 : static_cast<int32_t>(args[1].AsInt());
  // bpchar with a given typmod of -1 is not character (which means character(1)): it is
  // shown as bpchar so that the text reads back as the same type.
  if (!args[1].is_null() && typmod < 0 && (*type == TypeId::kBpchar || *type == TypeId::kBpcharArray)) {
    return Value::Text(*type == TypeId::kBpchar ? "bpchar" : "bpchar[]");
  }
  return Value::Text(types::FormatType(types::Type{*type, typmod}));
}

// The oid of the system catalog named `name` ('pg_class', ...), as the text argument of
// obj_description and shobj_description names it; nullopt for another name (those
// functions then return NULL, as PostgreSQL's SQL definitions do).
std::optional<Oid> CatalogClassOid(const std::string& name) {
  static const std::pair<std::string_view, Oid> kCatalogs[] = {
      {"pg_class", kRelationClassOid},        {"pg_namespace", kNamespaceClassOid},
      {"pg_constraint", kConstraintClassOid}, {"pg_authid", kRoleClassOid},
      {"pg_database", kDatabaseClassOid},     {"pg_attribute", 1249},
      {"pg_type", 1247},                      {"pg_proc", 1255},
      {"pg_index", 2610},                     {"pg_attrdef", 2604},
      {"pg_rewrite", 2618},                   {"pg_am", 2601},
      {"pg_collation", 3456},                 {"pg_tablespace", 1213},
      {"pg_description", 2609},               {"pg_shdescription", 2396},
  };
  for (const auto& [catalog_name, oid] : kCatalogs) {
    if (catalog_name == name) return oid;
  }
  return std::nullopt;
}

// obj_description(oid [, catalog]), col_description(table, column),
// shobj_description(oid, catalog): the comments of COMMENT ON.
Value Description(CatalogFunction function, std::span<const Value> args, Catalog& catalog,
                  const storage::Snapshot& snapshot) {
  std::optional<std::string> text;
  const Oid oid = OidArgument(args[0]);
  if (function == CatalogFunction::kColDescription) {
    text = catalog.FindComment(oid, kRelationClassOid, static_cast<int32_t>(args[1].AsInt()), snapshot);
  } else if (args.size() == 2) {
    const std::optional<Oid> class_oid = CatalogClassOid(args[1].AsString());
    if (!class_oid) return Value::Null(kText);
    text = function == CatalogFunction::kShobjDescription ? catalog.FindSharedComment(oid, *class_oid, snapshot)
                                                          : catalog.FindComment(oid, *class_oid, 0, snapshot);
  } else {
    // The deprecated one-argument form: the object's comment in whichever catalog.
    for (const CatalogRow& row : catalog.ReadSystemTable(SystemTable::kDescription, snapshot)) {
      if (static_cast<Oid>(row[pg_description::kObject].AsInt()) == oid && row[pg_description::kSubId].AsInt() == 0) {
        text = row[pg_description::kDescription].AsString();
        break;
      }
    }
  }
  return text ? Value::Text(*text) : Value::Null(kText);
}

Value UserName(const views::CatalogSnapshot& tables, Oid oid) {
  for (const CatalogRow& role : tables.roles) {
    if (OidArgument(role[pg_authid::kOid]) == oid) return role[pg_authid::kName];
  }
  for (const PredefinedRole& role : PredefinedRoles()) {
    if (role.oid == oid) return Value::Text(std::string(role.name));
  }
  return Value::Text("unknown (OID=" + std::to_string(oid) + ")");
}

}  // namespace

Value IndexDefinition(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment, Oid index) {
  return IndexColumn(tables, environment, index, 0, false);
}

std::vector<const types::FunctionSignature*> AllCatalogFunctions() {
  std::vector<const types::FunctionSignature*> all;
  for (const Entry& entry : Entries()) all.push_back(&entry.signature);
  return all;
}

std::vector<const types::FunctionSignature*> FindCatalogFunctions(std::string_view name) {
  std::vector<const types::FunctionSignature*> found;
  for (const Entry& entry : Entries()) {
    if (entry.signature.name == name) found.push_back(&entry.signature);
  }
  return found;
}

namespace {

// A name as quote_ident writes it: plain when it is a lower-case identifier, quoted else.
std::string QuoteName(const std::string& name) {
  bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    plain = plain && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_');
  }
  if (plain) return name;
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// regclass and regproc names from the system tables as one snapshot sees them, read at the
// first lookup (most statements never make one). Used by one thread at a time.
class SnapshotOidNames final : public types::OidNames {
 public:
  SnapshotOidNames(Catalog& catalog, const SystemViewEnvironment& environment,
                   const storage::Snapshot& snapshot)
      : catalog_(catalog), environment_(environment), snapshot_(snapshot) {}

  std::optional<std::string> RelationName(uint32_t oid) const override {
    const views::CatalogSnapshot& tables = Tables();
    const CatalogRow* relation = tables.FindClass(oid);
    if (!relation) return std::nullopt;
    std::string name = QuoteName((*relation)[pg_class::kName].AsString());
    const Value visible = TableIsVisible(tables, environment_, oid);
    if (visible.is_null() || !visible.AsBool()) {
      name = QuoteName(tables.NamespaceName(OidArgument((*relation)[pg_class::kNamespace]))) + "." + name;
    }
    return name;
  }
  std::optional<uint32_t> RelationOid(std::string_view name) const override {
    return ResolveRelation(Tables(), environment_, name, true);
  }
  std::optional<std::string> FunctionName(uint32_t oid) const override {
    for (const auto& [procedure, signature] : views::BuiltinProcedures()) {
      if (procedure == oid) return std::string(signature->name);
    }
    return std::nullopt;
  }
  std::optional<uint32_t> FunctionOid(std::string_view name) const override {
    if (name.substr(0, 11) == "pg_catalog.") name.remove_prefix(11);
    for (const auto& [procedure, signature] : views::BuiltinProcedures()) {
      if (signature->name == name) return procedure;
    }
    return std::nullopt;
  }

  std::optional<std::string> UserTypeName(uint32_t oid) const override {
    const views::CatalogSnapshot& tables = Tables();
    for (const types::EnumTypeDefinition& type : tables.enum_types) {
      if (type.oid != oid) continue;
      const Value visible = TypeIsVisible(tables, environment_, oid);
      if (!visible.is_null() && visible.AsBool()) return QuoteName(type.name);
      return QuoteName(type.schema) + "." + QuoteName(type.name);
    }
    return std::nullopt;
  }
  std::optional<uint32_t> UserTypeOid(std::string_view name) const override {
    // A possibly qualified, possibly quoted name: the enum found along the path.
    std::vector<std::string> parts;
    std::string part;
    bool quoted = false;
    for (char c : name) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        parts.push_back(std::move(part));
        part.clear();
      } else {
        part.push_back(quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
    }
    parts.push_back(std::move(part));
    if (parts.size() > 2) return std::nullopt;
    const std::string schema = parts.size() == 2 ? parts[0] : "";
    const views::CatalogSnapshot& tables = Tables();
    for (const NamespaceName& entry :
         ResolveSearchPath(environment_.CurrentSearchPath(), AllNamespaces(tables)).namespaces) {
      if (!schema.empty() && entry.name != schema) continue;
      for (const types::EnumTypeDefinition& type : tables.enum_types) {
        if (type.namespace_oid == entry.oid && type.name == parts.back()) return type.oid;
      }
    }
    if (!schema.empty()) {
      for (const types::EnumTypeDefinition& type : tables.enum_types) {
        if (type.schema == schema && type.name == parts.back()) return type.oid;
      }
    }
    return std::nullopt;
  }

  const views::CatalogSnapshot& Tables() const {
    if (!tables_) tables_.emplace(catalog_, snapshot_);
    return *tables_;
  }

 private:
  // What name resolution needs of the session, copied: a result keeps this object after
  // its statement (and perhaps its session) ended.
  class Environment final : public SystemViewEnvironment {
   public:
    explicit Environment(const SystemViewEnvironment& session)
        : user_(session.CurrentUser()), database_(session.CurrentDatabase()),
          search_path_(session.CurrentSearchPath()) {}
    std::vector<SessionActivity> Sessions() const override { return {}; }
    std::vector<std::vector<std::string>> Settings() const override { return {}; }
    std::string CurrentUser() const override { return user_; }
    std::string CurrentDatabase() const override { return database_; }
    SearchPath CurrentSearchPath() const override { return search_path_; }
    int32_t BackendPid() const override { return 0; }
    // Only names are resolved through this copy; no expression runs against it.
    std::string SetConfig(const std::string&, const std::optional<std::string>&, bool) const override {
      throw Error(sqlstate::kInternalError, "set_config outside a session");
    }

   private:
    std::string user_;
    std::string database_;
    SearchPath search_path_;
  };

  Catalog& catalog_;
  Environment environment_;
  storage::Snapshot snapshot_;
  mutable std::optional<views::CatalogSnapshot> tables_;
};

}  // namespace

std::shared_ptr<const types::OidNames> MakeOidNames(Catalog& catalog, const SystemViewEnvironment& environment,
                                                   const storage::Snapshot& snapshot, bool read_now) {
  auto names = std::make_shared<SnapshotOidNames>(catalog, environment, snapshot);
  if (read_now) names->Tables();
  return names;
}

CatalogFunction CatalogFunctionOf(const types::FunctionSignature* signature) {
  for (const Entry& entry : Entries()) {
    if (&entry.signature == signature) return entry.function;
  }
  throw Error(sqlstate::kInternalError, "not a catalog function");
}

Value CallCatalogFunction(CatalogFunction function, std::span<const Value> args, Catalog& catalog,
                          const SystemViewEnvironment& environment,
                          const storage::Snapshot& snapshot) {
  using F = CatalogFunction;
  switch (function) {
    case F::kCurrentUser: return Value::Text(environment.CurrentUser());
    case F::kCurrentDatabase: return Value::Text(environment.CurrentDatabase());
    case F::kBackendPid: return Value::Int4(environment.BackendPid());
    case F::kTxidCurrent:
    case F::kTxidCurrentIfAssigned: {
      const storage::Xid xid = snapshot.top_xid();
      if (xid != storage::kInvalidXid) return Value::Int8(static_cast<int64_t>(xid));
      if (function == F::kTxidCurrentIfAssigned) return Value::Null(TypeId::kInt8);
      return Value::Int8(static_cast<int64_t>(snapshot.xmax));
    }
    case F::kCancelBackend: return Value::Bool(environment.CancelBackend(static_cast<int32_t>(args[0].AsInt())));
    case F::kTerminateBackend: {
      const int64_t timeout_ms = args.size() > 1 ? args[1].AsInt() : 0;
      if (timeout_ms < 0) throw Error(sqlstate::kInvalidParameterValue, "\"timeout\" must not be negative");
      return Value::Bool(environment.TerminateBackend(static_cast<int32_t>(args[0].AsInt()), timeout_ms));
    }
    case F::kReloadConf: return Value::Bool(environment.ReloadConfiguration());
    case F::kCurrentSchema:
    case F::kCurrentSchemas: {
      // The path as resolved now: current_schema() is where CREATE would put a new relation
      // (NULL when nowhere); current_schemas(true) includes the implicit pg_catalog.
      const ResolvedSearchPath path =
          ResolveSearchPath(environment.CurrentSearchPath(),
                            AllNamespaces(views::CatalogSnapshot(catalog, snapshot)));
      if (function == F::kCurrentSchema) {
        const std::optional<NamespaceName> creation = path.CreationNamespace();
        return creation ? Value::Text(creation->name) : Value::Null(kText);
      }
      std::string list = "{";
      for (size_t i = args[0].AsBool() ? 0 : path.implicit_count; i < path.namespaces.size(); ++i) {
        if (list.size() > 1) list += ',';
        list += ArrayElementText(path.namespaces[i].name);
      }
      return Value::Text(list + "}");
    }
    case F::kCurrentSetting: {
      // SHOW's value; an unknown name is 42704 unless missing_ok, then NULL.
      const std::string name = Lower(args[0].AsString());
      for (const std::vector<std::string>& setting : environment.Settings()) {
        if (Lower(setting[0]) == name) return Value::Text(setting[1]);
      }
      if (args.size() > 1 && args[1].AsBool()) return Value::Null(kText);
      throw Error(sqlstate::kUndefinedObject, "unrecognized configuration parameter \"" + args[0].AsString() + "\"");
    }
    case F::kSetConfig: {
      // Not strict, as PostgreSQL's: a null value resets; a null name or is_local is 22004.
      if (args[0].is_null() || args[2].is_null()) {
        throw Error(sqlstate::kNullValueNotAllowed, "SET requires parameter name");
      }
      const std::optional<std::string> value =
          args[1].is_null() ? std::nullopt : std::optional<std::string>(args[1].AsString());
      return Value::Text(environment.SetConfig(args[0].AsString(), value, args[2].AsBool()));
    }
    case F::kStatisticsNoOp: return Value::OfInt(TypeId::kVoid, 0);
    case F::kEncodingToChar: return Value::Text(args[0].AsInt() == 6 ? "UTF8" : "");
    case F::kRelationIsPublishable: return Value::Bool(false);  // no publications
    case F::kFunctionIsVisible:
    case F::kFunctionResult:
    case F::kFunctionArguments:
    case F::kFunctionDef: {
      // A user-defined SQL function (pg_proc rows from 16384), or a built-in in pg_catalog.
      for (const FunctionSchema& user : catalog.UserFunctions(snapshot)) {
        if (user.oid != OidArgument(args[0])) continue;
        if (function == F::kFunctionIsVisible) return Value::Bool(true);
        if (function == F::kFunctionResult) return Value::Text(FunctionResultText(user));
        if (function == F::kFunctionArguments) return Value::Text(FunctionArgumentsText(user));
        return Value::Text(FunctionDefinitionText(user, catalog.NamespaceNameOf(user.namespace_oid, snapshot).value_or("")));
      }
      if (function == F::kFunctionDef) return Value::Null(kText);
      for (const auto& [procedure, signature] : views::BuiltinProcedures()) {
        if (procedure != OidArgument(args[0])) continue;
        if (function == F::kFunctionIsVisible) return Value::Bool(true);
        if (function == F::kFunctionResult) {
          return Value::Text(types::FormatType(types::Type{signature->result, -1}));
        }
        std::string arguments;
        for (const TypeId argument : signature->arguments) {
          arguments += (arguments.empty() ? "" : ", ") + types::FormatType(types::Type{argument, -1});
        }
        return Value::Text(arguments);
      }
      return Value::Null(function == F::kFunctionIsVisible ? kBool : kText);
    }
    case F::kStatisticsObjDefColumns: return Value::Null(kText);  // no extended statistics
    case F::kFormatType: return FormatType(args);
    case F::kGetExpr:
      // The pretty form drops the parentheses around the whole expression, as PostgreSQL's
      // (psql's \d shows `generated always as (a * b) stored`).
      if (args.size() > 2 && !args[2].is_null() && args[2].AsBool() && !args[0].is_null()) {
        return Value::Text(WithoutOuterParentheses(args[0].AsString()));
      }
      return args[0];
    case F::kObjDescription:
    case F::kColDescription:
    case F::kShobjDescription: return Description(function, args, catalog, snapshot);
    case F::kHasDatabasePrivilege:
    case F::kHasUserDatabasePrivilege: {
      if (function == F::kHasUserDatabasePrivilege) CheckRole(catalog, args[0].AsString(), snapshot);
      const Value& database = args[args.size() - 2];
      bool found = false;
      for (const DatabaseEntry& entry : KnownDatabases()) {
        found = found || (database.type() == kText ? entry.name == database.AsString()
                                                   : entry.oid == OidArgument(database));
      }
      if (!found && database.type() == kText) {
        throw Error(sqlstate::kInvalidCatalogName, "database \"" + database.AsString() + "\" does not exist");
      }
      CheckPrivileges(args.back().AsString(), {"create", "connect", "temporary", "temp"});
      return found ? Value::Bool(true) : Value::Null(kBool);
    }
    default: break;
  }
  const views::CatalogSnapshot tables(catalog, snapshot);
  switch (function) {
    case F::kGetUserById: return UserName(tables, OidArgument(args[0]));
    case F::kTableIsVisible: return TableIsVisible(tables, environment, OidArgument(args[0]));
    case F::kTypeIsVisible: return TypeIsVisible(tables, environment, OidArgument(args[0]));
    case F::kGetIndexDef: return IndexColumn(tables, environment, OidArgument(args[0]), 0, false);
    case F::kGetIndexColumn:
      return IndexColumn(tables, environment, OidArgument(args[0]), args[1].AsInt(), args[2].AsBool());
    case F::kGetConstraintDef:
      return ConstraintDefinition(tables, environment, OidArgument(args[0]),
                                  args.size() > 1 && !args[1].is_null() && args[1].AsBool());
    case F::kGetViewDef: {
      for (const CatalogRow& row : catalog.ReadSystemTable(SystemTable::kRewrite, snapshot)) {
        if (OidArgument(row[pg_rewrite::kRelation]) == OidArgument(args[0])) return row[pg_rewrite::kDefinition];
      }
      return Value::Null(kText);
    }
    case F::kRegclassIn: {
      const std::optional<Oid> oid = ResolveRelation(tables, environment, args[0].AsString());
      if (!oid) throw Error(sqlstate::kUndefinedTable, "relation \"" + args[0].AsString() + "\" does not exist");
      return Value::OfInt(TypeId::kRegclass, *oid);
    }
    case F::kCurrentOf: {
      const std::optional<int64_t> tid = environment.CurrentOf(args[0].AsString(), OidArgument(args[1]),
                                                               args[2].AsString(), snapshot);
      if (!tid) return Value::Null(TypeId::kTid);
      return Value::Tid(static_cast<uint32_t>(*tid >> 16), static_cast<uint16_t>(*tid & 0xFFFF));
    }
    case F::kToRegclass: {
      const std::optional<Oid> oid = ResolveRelation(tables, environment, args[0].AsString(), true);
      return oid ? Value::OfInt(TypeId::kRegclass, *oid) : Value::Null(TypeId::kRegclass);
    }
    case F::kHasTablePrivilege:
    case F::kHasUserTablePrivilege: {
      if (function == F::kHasUserTablePrivilege) CheckRole(catalog, args[0].AsString(), snapshot);
      const Value& table = args[args.size() - 2];
      bool found = false;
      if (table.type() == kText) {
        if (!ResolveRelation(tables, environment, table.AsString())) {
          throw Error(sqlstate::kUndefinedTable, "relation \"" + table.AsString() + "\" does not exist");
        }
        found = true;
      } else {
        found = tables.FindClass(OidArgument(table)) != nullptr;
      }
      CheckPrivileges(args.back().AsString(),
                      {"select", "insert", "update", "delete", "truncate", "references", "trigger"});
      return found ? Value::Bool(true) : Value::Null(kBool);
    }
    case F::kHasSchemaPrivilege:
    case F::kHasUserSchemaPrivilege: {
      if (function == F::kHasUserSchemaPrivilege) CheckRole(catalog, args[0].AsString(), snapshot);
      const Value& schema = args[args.size() - 2];
      bool found = false;
      for (const CatalogRow& row : tables.namespaces) {
        found = found || (schema.type() == kText ? row[pg_namespace::kName].AsString() == schema.AsString()
                                                 : OidArgument(row[pg_namespace::kOid]) == OidArgument(schema));
      }
      if (!found && schema.type() == kText) {
        throw Error(sqlstate::kInvalidSchemaName, "schema \"" + schema.AsString() + "\" does not exist");
      }
      CheckPrivileges(args.back().AsString(), {"create", "usage"});
      return found ? Value::Bool(true) : Value::Null(kBool);
    }
    case F::kRelationSize: {
      const CatalogRow* relation = tables.FindClass(OidArgument(args[0]));
      return relation ? Value::Int8(RelationBytes(catalog, relation)) : Value::Null(TypeId::kInt8);
    }
    case F::kTableSize: {
      const CatalogRow* relation = tables.FindClass(OidArgument(args[0]));
      return relation ? Value::Int8(TableBytes(catalog, relation)) : Value::Null(TypeId::kInt8);
    }
    case F::kTotalRelationSize: return TotalRelationSize(catalog, tables, OidArgument(args[0]));
    case F::kDatabaseSize: {
      // Both database names hold the same relations: each one's size is all of theirs.
      const bool by_name = args[0].type() == TypeId::kName || args[0].type() == kText;
      bool found = false;
      for (const DatabaseEntry& entry : KnownDatabases()) {
        found = found || (by_name ? entry.name == args[0].AsString() : entry.oid == OidArgument(args[0]));
      }
      if (!found && by_name) {
        throw Error(sqlstate::kInvalidCatalogName, "database \"" + args[0].AsString() + "\" does not exist");
      }
      if (!found) return Value::Null(TypeId::kInt8);
      int64_t total = 0;
      for (const CatalogRow& relation : tables.classes) {
        if (!relation[pg_class::kRelfile].is_null()) total += RelationBytes(catalog, &relation);
      }
      return Value::Int8(total);
    }
    default: throw Error(sqlstate::kInternalError, "unhandled catalog function");
  }
}

}  // namespace granary::catalog
