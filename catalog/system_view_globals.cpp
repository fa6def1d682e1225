// Rows of the pg_catalog views that are not about relations: roles, databases, tablespaces,
// settings, collations, sessions (pg_stat_activity), prepared statements, comments
// (pg_description, pg_shdescription), pg_proc over the built-in functions, and the views
// that are empty because Granary has nothing they describe (pg_inherits, pg_policy, ...).
#include "catalog/system_view_rows.hpp"

#include "catalog/catalog_functions.hpp"
#include "types/functions/builtin_functions.hpp"
#include "types/functions/parameter_names.hpp"

namespace granary::catalog::views {
namespace {

using types::Value;

std::vector<CatalogRow> RoleRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& role : catalog.roles) {
    const bool superuser = role[pg_authid::kSuperuser].AsBool();
    rows.push_back(RowBuilder(SystemView::kRoles)
                       .Set("rolname", role[pg_authid::kName])
                       .Bool("rolsuper", superuser)
                       .Bool("rolinherit", true)
                       .Bool("rolcreaterole", superuser)
                       .Bool("rolcreatedb", superuser)
                       .Set("rolcanlogin", role[pg_authid::kCanLogin])
                       .Bool("rolreplication", superuser)
                       .Int("rolconnlimit", -1)
                       .Text("rolpassword", "********")
                       .Bool("rolbypassrls", superuser)
                       .Set("oid", role[pg_authid::kOid])
                       .Take());
  }
  for (const PredefinedRole& role : PredefinedRoles()) {
    rows.push_back(RowBuilder(SystemView::kRoles)
                       .Text("rolname", std::string(role.name))
                       .Bool("rolsuper", false)
                       .Bool("rolinherit", true)
                       .Bool("rolcreaterole", false)
                       .Bool("rolcreatedb", false)
                       .Bool("rolcanlogin", false)
                       .Bool("rolreplication", false)
                       .Int("rolconnlimit", -1)
                       .Text("rolpassword", "********")
                       .Bool("rolbypassrls", false)
                       .Int("oid", role.oid)
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> UserRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& role : catalog.roles) {
    if (!role[pg_authid::kCanLogin].AsBool()) continue;
    const bool superuser = role[pg_authid::kSuperuser].AsBool();
    rows.push_back(RowBuilder(SystemView::kUser)
                       .Set("usename", role[pg_authid::kName])
                       .Set("usesysid", role[pg_authid::kOid])
                       .Bool("usecreatedb", superuser)
                       .Bool("usesuper", superuser)
                       .Bool("userepl", superuser)
                       .Bool("usebypassrls", superuser)
                       .Text("passwd", "********")
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> DatabaseRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const DatabaseEntry& database : KnownDatabases()) {
    rows.push_back(RowBuilder(SystemView::kDatabase)
                       .Int("oid", database.oid)
                       .Text("datname", std::string(database.name))
                       .Int("datdba", catalog.OwnerOid())
                       .Int("encoding", 6)  // UTF8
                       .Text("datlocprovider", "c")
                       .Bool("datistemplate", false)
                       .Bool("datallowconn", true)
                       .Int("datconnlimit", -1)
                       .Int("dattablespace", 1663)
                       .Text("datcollate", "C")
                       .Text("datctype", "C")
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> TablespaceRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  rows.push_back(RowBuilder(SystemView::kTablespace).Int("oid", 1663).Text("spcname", "pg_default")
                     .Int("spcowner", catalog.OwnerOid()).Take());
  rows.push_back(RowBuilder(SystemView::kTablespace).Int("oid", 1664).Text("spcname", "pg_global")
                     .Int("spcowner", catalog.OwnerOid()).Take());
  return rows;
}

std::vector<CatalogRow> SettingRows(const SystemViewEnvironment& environment) {
  std::vector<CatalogRow> rows;
  for (const std::vector<std::string>& setting : environment.Settings()) {
    // name, value, description, base-unit value, unit, type, range, boot and reset values,
    // enum values, context, hidden (SessionSettings::ShowAll).
    if (setting.size() > 12 && !setting[12].empty()) continue;
    RowBuilder row(SystemView::kSettings);
    row.Text("name", setting[0])
        .Text("setting", setting[3])
        .Text("category", "")
        .Text("short_desc", setting[2])
        .Text("context", setting.size() > 11 ? setting[11] : "user")
        .Text("vartype", setting[5])
        .Text("source", "session")
        .Text("boot_val", setting[8])
        .Text("reset_val", setting[9])
        .Bool("pending_restart", false);
    if (!setting[4].empty()) row.Text("unit", setting[4]);
    if (!setting[6].empty()) row.Text("min_val", setting[6]).Text("max_val", setting[7]);
    if (setting.size() > 10 && !setting[10].empty()) row.Text("enumvals", setting[10]);
    rows.push_back(row.Take());
  }
  return rows;
}

std::vector<CatalogRow> CollationRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const types::CollationDefinition& collation : catalog.Collations()) {
    RowBuilder builder(SystemView::kCollation);
    builder.Int("oid", collation.oid)
        .Text("collname", collation.name)
        .Int("collnamespace", collation.namespace_oid)
        .Int("collowner", catalog.OwnerOid())
        .Text("collprovider", std::string(1, collation.provider))
        .Bool("collisdeterministic", collation.deterministic)
        .Int("collencoding", collation.encoding);
    if (collation.provider == 'c') builder.Text("collcollate", collation.collate).Text("collctype", collation.collate);
    if (collation.provider == 'i') builder.Text("colliculocale", collation.icu_locale);
    rows.push_back(builder.Take());
  }
  return rows;
}

std::vector<CatalogRow> ActivityRows(const CatalogSnapshot& catalog,
                                     const SystemViewEnvironment& environment) {
  std::vector<CatalogRow> rows;
  for (const SessionActivity& session : environment.Sessions()) {
    RowBuilder builder(SystemView::kStatActivity);
    for (const DatabaseEntry& database : KnownDatabases()) {
      if (database.name == session.database) builder.Int("datid", database.oid);
    }
    for (const CatalogRow& role : catalog.roles) {
      if (role[pg_authid::kName].AsString() == session.user) builder.Set("usesysid", role[pg_authid::kOid]);
    }
    builder.Text("datname", session.database)
        .Int("pid", session.pid)
        .Text("usename", session.user)
        .Text("application_name", session.application_name)
        .Int("client_port", session.client_port)
        .Set("backend_start", Value::Timestamp(session.backend_start))
        .Set("state_change", Value::Timestamp(session.state_change))
        .Text("state", session.state)
        .Text("query", session.query)
        .Text("backend_type", "client backend");
    if (!session.client_address.empty()) builder.Text("client_addr", session.client_address);
    if (session.query_start) builder.Set("query_start", Value::Timestamp(*session.query_start));
    if (session.transaction_start) builder.Set("xact_start", Value::Timestamp(*session.transaction_start));
    if (session.state == "idle") builder.Text("wait_event_type", "Client").Text("wait_event", "ClientRead");
    rows.push_back(builder.Take());
  }
  return rows;
}

// parameter_types is regtype[] in PostgreSQL: here its array output text.
std::vector<CatalogRow> PreparedStatementRows(const SystemViewEnvironment& environment) {
  std::vector<CatalogRow> rows;
  for (const PreparedStatementInfo& statement : environment.PreparedStatements()) {
    std::string types = "{";
    for (size_t i = 0; i < statement.parameter_types.size(); ++i) {
      if (i > 0) types += ',';
      const std::string& name = statement.parameter_types[i];
      types += name.find(' ') == std::string::npos ? name : "\"" + name + "\"";
    }
    types += '}';
    rows.push_back(RowBuilder(SystemView::kPreparedStatements)
                       .Text("name", statement.name)
                       .Text("statement", statement.statement)
                       .Set("prepare_time", Value::TimestampTz(statement.prepare_time))
                       .Text("parameter_types", types)
                       .Bool("from_sql", statement.from_sql)
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> CursorRows(const SystemViewEnvironment& environment) {
  std::vector<CatalogRow> rows;
  for (const CursorInfo& cursor : environment.Cursors()) {
    rows.push_back(RowBuilder(SystemView::kCursors)
                       .Text("name", cursor.name)
                       .Text("statement", cursor.statement)
                       .Bool("is_holdable", cursor.is_holdable)
                       .Bool("is_binary", cursor.is_binary)
                       .Bool("is_scrollable", cursor.is_scrollable)
                       .Set("creation_time", Value::TimestampTz(cursor.creation_time))
                       .Take());
  }
  return rows;
}

}  // namespace

// A system table's rows shown as a view with the same columns: each value in the view's
// column type (oids are int8 in the tables).
std::vector<CatalogRow> Conformed(SystemView view, const std::vector<CatalogRow>& rows) {
  const TableSchema& schema = SystemViewSchema(view);
  std::vector<CatalogRow> out;
  for (const CatalogRow& row : rows) {
    RowBuilder builder(view);
    for (size_t i = 0; i < row.size() && i < schema.columns.size(); ++i) builder.Set(schema.columns[i].name, row[i]);
    out.push_back(builder.Take());
  }
  return out;
}

std::vector<std::pair<Oid, const types::FunctionSignature*>> BuiltinProcedures() {
  // Oids from 8000 up, in table order: stable for a given build, below the first oid of user
  // objects (16384).
  std::vector<std::pair<Oid, const types::FunctionSignature*>> procedures;
  Oid next = 8000;
  for (const types::FunctionSignature* signature : types::AllFunctions()) procedures.emplace_back(next++, signature);
  for (const types::FunctionSignature* signature : AllCatalogFunctions()) procedures.emplace_back(next++, signature);
  return procedures;
}

namespace {

// An array's text form: {a,b} with elements quoted where array_out quotes them.
std::string ArrayText(const std::vector<std::string>& elements) {
  std::string text = "{";
  for (size_t i = 0; i < elements.size(); ++i) {
    const std::string& element = elements[i];
    bool quote = element.empty() || element == "NULL";
    for (char c : element) quote = quote || c == ',' || c == '"' || c == '\\' || c == '{' || c == '}' || c == ' ';
    if (i > 0) text += ',';
    if (!quote) {
      text += element;
      continue;
    }
    text += '"';
    for (char c : element) {
      if (c == '"' || c == '\\') text += '\\';
      text += c;
    }
    text += '"';
  }
  return text + "}";
}

// provariadic: the element type of a VARIADIC parameter (the last input), else 0.
int64_t VariadicElementOid(const FunctionSchema& function) {
  if (function.arg_modes.find('v') == std::string::npos || function.arg_types.empty()) return 0;
  const std::optional<types::TypeId> array = types::TypeIdFromOid(function.arg_types.back());
  const std::optional<types::TypeId> element = array ? types::ElementTypeOf(*array) : std::nullopt;
  return element ? types::InfoOf(*element).oid : 0;
}

// A user-defined SQL function's row, in PostgreSQL's columns.
CatalogRow UserProcRow(const FunctionSchema& function) {
  std::string argument_types;
  for (const uint32_t oid : function.arg_types) {
    if (!argument_types.empty()) argument_types += ' ';
    argument_types += std::to_string(oid);
  }
  RowBuilder builder(SystemView::kProc);
  builder.Int("oid", function.oid)
      .Text("proname", function.name)
      .Int("pronamespace", function.namespace_oid)
      .Int("proowner", function.owner)
      .Int("prolang", function.language)
      .Set("procost", Value::Float4(static_cast<float>(function.cost)))
      .Set("prorows", Value::Float4(static_cast<float>(function.rows)))
      .Int("provariadic", VariadicElementOid(function))
      .Int("prosupport", 0)
      .Text("prokind", "f")
      .Bool("prosecdef", false)
      .Bool("proleakproof", function.leakproof)
      .Bool("proisstrict", function.strict)
      .Bool("proretset", function.returns_set)
      .Text("provolatile", std::string(1, function.volatility))
      .Text("proparallel", std::string(1, function.parallel))
      .Int("pronargs", static_cast<int64_t>(function.arg_types.size()))
      .Int("pronargdefaults", static_cast<int64_t>(function.arg_defaults.size()))
      .Int("prorettype", function.return_type)
      .Text("proargtypes", argument_types)
      .Text("prosrc", function.source);
  if (!function.all_arg_types.empty()) {
    std::vector<std::string> oids;
    for (const uint32_t oid : function.all_arg_types) oids.push_back(std::to_string(oid));
    builder.Text("proallargtypes", ArrayText(oids));
    std::vector<std::string> modes;
    for (const char mode : function.arg_modes) modes.emplace_back(1, mode);
    builder.Text("proargmodes", ArrayText(modes));
  }
  if (!function.arg_names.empty()) builder.Text("proargnames", ArrayText(function.arg_names));
  return builder.Take();
}

std::vector<CatalogRow> ProcRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const auto& [oid, signature] : BuiltinProcedures()) {
    std::string argument_types;
    for (const types::TypeId argument : signature->arguments) {
      if (!argument_types.empty()) argument_types += ' ';
      argument_types += std::to_string(types::InfoOf(argument).oid);
    }
    RowBuilder builder(SystemView::kProc);
    // proargnames of the overload with as many arguments as PostgreSQL's named signature.
    for (const types::ParameterNames* named : types::FindParameterNames(signature->name)) {
      if (named->names.size() != signature->arguments.size()) continue;
      builder.Text("proargnames", ArrayText(std::vector<std::string>(named->names.begin(), named->names.end())));
      break;
    }
    rows.push_back(builder
                       .Int("oid", oid)
                       .Text("proname", std::string(signature->name))
                       .Int("pronamespace", kPgCatalogNamespace)
                       .Int("proowner", catalog.OwnerOid())
                       .Int("prolang", 12)  // internal
                       .Set("procost", Value::Float4(1))
                       .Set("prorows", Value::Float4(0))
                       .Int("provariadic", 0)
                       .Int("prosupport", 0)
                       .Text("prokind", "f")
                       .Bool("prosecdef", false)
                       .Bool("proleakproof", false)
                       .Bool("proisstrict", signature->strict)
                       .Bool("proretset", false)
                       .Text("provolatile", "v")
                       .Text("proparallel", "s")
                       .Int("pronargs", static_cast<int64_t>(signature->arguments.size()))
                       .Int("pronargdefaults", 0)
                       .Int("prorettype", types::InfoOf(signature->result).oid)
                       .Text("proargtypes", argument_types)
                       .Text("prosrc", std::string(signature->name))
                       .Take());
  }
  for (const FunctionSchema& function : catalog.functions) rows.push_back(UserProcRow(function));
  return rows;
}

// pg_language: the languages functions may be written in (PostgreSQL 15's rows; the handler
// functions' oids are PostgreSQL's too, though no such pg_proc rows exist here).
std::vector<CatalogRow> LanguageRows() {
  struct Language {
    Oid oid;
    const char* name;
    bool procedural;
    bool trusted;
  };
  static const Language kLanguages[] = {
      {12, "internal", false, false}, {13, "c", false, false}, {kSqlLanguageOid, "sql", false, true},
      {kPlpgsqlLanguageOid, "plpgsql", true, true}};
  std::vector<CatalogRow> rows;
  for (const Language& language : kLanguages) {
    rows.push_back(RowBuilder(SystemView::kLanguage)
                       .Int("oid", language.oid)
                       .Text("lanname", language.name)
                       .Int("lanowner", 10)
                       .Bool("lanispl", language.procedural)
                       .Bool("lanpltrusted", language.trusted)
                       .Take());
  }
  return rows;
}

}  // namespace

std::vector<CatalogRow> GlobalViewRows(SystemView view, const CatalogSnapshot& catalog,
                                       const SystemViewEnvironment& environment) {
  switch (view) {
    case SystemView::kRoles: return RoleRows(catalog);
    case SystemView::kUser: return UserRows(catalog);
    case SystemView::kDatabase: return DatabaseRows(catalog);
    case SystemView::kTablespace: return TablespaceRows(catalog);
    case SystemView::kSettings: return SettingRows(environment);
    case SystemView::kCollation: return CollationRows(catalog);
    case SystemView::kStatActivity: return ActivityRows(catalog, environment);
    case SystemView::kProc: return ProcRows(catalog);
    case SystemView::kLanguage: return LanguageRows();
    case SystemView::kPreparedStatements: return PreparedStatementRows(environment);
    case SystemView::kCursors: return CursorRows(environment);
    case SystemView::kDescription: return Conformed(view, catalog.descriptions);  // the table's columns
    case SystemView::kSharedDescription: return Conformed(view, catalog.shared_descriptions);
    default: return {};  // pg_inherits: no inheritance yet
  }
}

}  // namespace granary::catalog::views
