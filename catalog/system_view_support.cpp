// Shared machinery of the system views: the row builder, the one scan of each system table,
// index definitions taken apart, and PostgreSQL's per-type pg_type facts.
#include "catalog/system_view_rows.hpp"

#include <algorithm>
#include <cctype>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/value_ops.hpp"

namespace granary::catalog::views {

using types::Type;
using types::TypeId;
using types::Value;

RowBuilder::RowBuilder(SystemView view) : schema_(SystemViewSchema(view)) {
  for (const ColumnSchema& column : schema_.columns) row_.push_back(Value::Null(column.type.id));
}

RowBuilder& RowBuilder::Set(std::string_view column, Value value) {
  const std::optional<size_t> index = schema_.ColumnIndex(column);
  if (!index) throw Error(sqlstate::kInternalError, "system view has no column " + std::string(column));
  const TypeId type = schema_.columns[*index].type.id;
  if (!value.is_null() && value.type() != type) {
    // Producers give oids as integers, names and "char" as text, arrays in their text form.
    if (types::IsInteger(type) || types::IsOidType(type)) {
      value = Value::OfInt(type, value.AsInt());
    } else if (type == TypeId::kName || type == TypeId::kChar || types::IsArray(type)) {
      value = types::FromText(value.AsString(), Type{type, -1});
    } else if (type == TypeId::kTimestampTz && value.type() == TypeId::kTimestamp) {
      value = value.Retag(type);  // the producers' timestamps are UTC
    }
  }
  row_[*index] = value.is_null() ? Value::Null(type) : std::move(value);
  return *this;
}

RowBuilder& RowBuilder::Text(std::string_view column, std::string text) {
  return Set(column, Value::Text(std::move(text)));
}
RowBuilder& RowBuilder::Bool(std::string_view column, bool value) {
  return Set(column, Value::Bool(value));
}
RowBuilder& RowBuilder::Int(std::string_view column, int64_t value) {
  return Set(column, Value::Int8(value));
}

CatalogRow RowBuilder::Take() { return std::move(row_); }

CatalogSnapshot::CatalogSnapshot(Catalog& catalog, const storage::Snapshot& snapshot)
    : namespaces(catalog.ReadSystemTable(SystemTable::kNamespace, snapshot)),
      classes(catalog.ReadSystemTable(SystemTable::kClass, snapshot)),
      attributes(catalog.ReadSystemTable(SystemTable::kAttribute, snapshot)),
      defaults(catalog.ReadSystemTable(SystemTable::kAttrDefault, snapshot)),
      constraints(catalog.ReadSystemTable(SystemTable::kConstraint, snapshot)),
      indexes(catalog.ReadSystemTable(SystemTable::kIndex, snapshot)),
      roles(catalog.ReadSystemTable(SystemTable::kAuthId, snapshot)),
      descriptions(catalog.ReadSystemTable(SystemTable::kDescription, snapshot)),
      shared_descriptions(catalog.ReadSystemTable(SystemTable::kSharedDescription, snapshot)),
      statistics(catalog.ReadSystemTable(SystemTable::kStatistic, snapshot)),
      functions(catalog.UserFunctions(snapshot)),
      enum_types(catalog.EnumTypes(snapshot)),
      enum_labels(catalog.ReadSystemTable(SystemTable::kEnum, snapshot)),
      collations(types::BuiltinCollations()) {
  for (types::CollationDefinition& collation : catalog.UserCollations(snapshot)) {
    collations.push_back(std::move(collation));
  }
  auto by_oid = [](const CatalogRow& a, const CatalogRow& b) { return a[0].AsInt() < b[0].AsInt(); };
  std::sort(namespaces.begin(), namespaces.end(), by_oid);
  std::sort(classes.begin(), classes.end(), by_oid);
  std::sort(roles.begin(), roles.end(), by_oid);
  std::sort(attributes.begin(), attributes.end(), [](const CatalogRow& a, const CatalogRow& b) {
    if (a[pg_attribute::kRelation].AsInt() != b[pg_attribute::kRelation].AsInt()) {
      return a[pg_attribute::kRelation].AsInt() < b[pg_attribute::kRelation].AsInt();
    }
    return a[pg_attribute::kNumber].AsInt() < b[pg_attribute::kNumber].AsInt();
  });
}

Oid CatalogSnapshot::OwnerOid() const {
  for (const CatalogRow& role : roles) {
    if (role[pg_authid::kSuperuser].AsBool()) return static_cast<Oid>(role[pg_authid::kOid].AsInt());
  }
  return 10;
}

Oid CatalogSnapshot::NamespaceOwner(const CatalogRow& row) const {
  const Oid oid = static_cast<Oid>(row[pg_namespace::kOid].AsInt());
  if (oid == kPublicNamespace) return PredefinedRoles().front().oid;
  const Oid owner = static_cast<Oid>(row[pg_namespace::kOwner].AsInt());
  return owner == 10 ? OwnerOid() : owner;
}

std::string CatalogSnapshot::NamespaceName(Oid oid) const {
  for (const CatalogRow& row : namespaces) {
    if (static_cast<Oid>(row[pg_namespace::kOid].AsInt()) == oid) return row[pg_namespace::kName].AsString();
  }
  return "";
}

const CatalogRow* CatalogSnapshot::FindClass(Oid oid) const {
  for (const CatalogRow& row : classes) {
    if (static_cast<Oid>(row[pg_class::kOid].AsInt()) == oid) return &row;
  }
  return nullptr;
}

std::map<int64_t, std::string> CatalogSnapshot::ColumnNames(Oid relation) const {
  std::map<int64_t, std::string> names;
  for (const CatalogRow& row : attributes) {
    if (static_cast<Oid>(row[pg_attribute::kRelation].AsInt()) == relation) {
      names[row[pg_attribute::kNumber].AsInt()] = row[pg_attribute::kName].AsString();
    }
  }
  return names;
}

namespace {

// An identifier as the canonical definition writes it (quoted when needed), unquoted; empty
// when `text` is not a lone identifier.
std::string Unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    std::string name;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      name += text[i];
      if (text[i] == '"') ++i;
    }
    return name;
  }
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80)) {
      return "";
    }
  }
  return std::string(text);
}

std::string_view StripSuffix(std::string_view text, std::string_view suffix) {
  if (text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix) {
    return text.substr(0, text.size() - suffix.size());
  }
  return text;
}

}  // namespace

IndexKeys ParseIndexDefinition(std::string_view definition,
                               const std::map<int64_t, std::string>& column_names) {
  IndexKeys keys;
  const size_t open = definition.find(" USING btree (");
  if (open == std::string_view::npos) return keys;
  size_t i = open + std::string_view(" USING btree (").size();
  std::vector<std::string_view> elements;
  size_t start = i;
  int depth = 0;
  bool quoted = false;
  for (; i < definition.size(); ++i) {
    const char c = definition[i];
    if (c == '\'' || c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')' && depth-- == 0) break;
    if (c == ',' && depth == 0) {
      elements.push_back(definition.substr(start, i - start));
      start = i + 2;
    }
  }
  elements.push_back(definition.substr(start, i - start));
  std::string_view rest = i < definition.size() ? definition.substr(i + 1) : "";
  // INCLUDE (columns): plain column names, stored after the keys.
  std::vector<std::string_view> included;
  if (rest.starts_with(" INCLUDE (")) {
    const size_t close = rest.find(')');
    std::string_view list = rest.substr(10, close - 10);
    for (size_t comma; (comma = list.find(", ")) != std::string_view::npos; list.remove_prefix(comma + 2)) {
      included.push_back(list.substr(0, comma));
    }
    included.push_back(list);
    rest.remove_prefix(close + 1);
  }
  if (rest.starts_with(" WHERE ")) keys.predicate = std::string(rest.substr(7));
  for (std::string_view element : elements) {
    // indoption's bits: 1 DESC, 2 NULLS FIRST (the default of DESC).
    const bool nulls_first = element.ends_with(" NULLS FIRST");
    const bool nulls_last = element.ends_with(" NULLS LAST");
    element = StripSuffix(element, " NULLS FIRST");
    element = StripSuffix(element, " NULLS LAST");
    const bool descending = element.ends_with(" DESC");
    element = StripSuffix(element, " DESC");
    keys.options.push_back((descending ? 1 : 0) | ((nulls_first || (descending && !nulls_last)) ? 2 : 0));
    const std::string name = Unquote(element);
    int64_t number = 0;
    for (const auto& [attnum, column] : column_names) {
      if (!name.empty() && column == name) number = attnum;
    }
    keys.columns.push_back(number);
    if (number == 0) keys.expressions.emplace_back(element);
  }
  keys.key_count = keys.columns.size();
  for (std::string_view element : included) {
    const std::string name = Unquote(element);
    int64_t number = 0;
    for (const auto& [attnum, column] : column_names) {
      if (column == name) number = attnum;
    }
    keys.columns.push_back(number);
  }
  return keys;
}

std::string VectorText(const std::vector<int64_t>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i > 0 ? " " : "") + std::to_string(values[i]);
  return text;
}

std::string ArrayText(const std::vector<int64_t>& values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) text += (i > 0 ? "," : "") + std::to_string(values[i]);
  return text + "}";
}

char TypeAlign(TypeId id) {
  switch (id) {
    case TypeId::kBool: case TypeId::kUuid: return 'c';
    case TypeId::kInt2: case TypeId::kTid: return 's';
    case TypeId::kInt8: case TypeId::kFloat8: case TypeId::kTimestamp: case TypeId::kTimestampTz:
    case TypeId::kTime: case TypeId::kTimeTz: case TypeId::kInterval: case TypeId::kRecord: return 'd';
    default: return 'i';
  }
}

char TypeStorage(TypeId id) {
  if (types::IsArray(id)) return 'x';
  switch (id) {
    case TypeId::kText: case TypeId::kVarchar: case TypeId::kBpchar: case TypeId::kBytea:
    case TypeId::kJson: case TypeId::kJsonb: case TypeId::kRecord: return 'x';
    case TypeId::kNumeric: return 'm';  // compressed in line before moved out (PostgreSQL's main)
    default: return 'p';
  }
}

char TypeCategory(TypeId id) {
  if (id == TypeId::kRecordArray) return 'P';
  if (types::IsArray(id)) return 'A';
  switch (id) {
    case TypeId::kOid: case TypeId::kRegclass: case TypeId::kRegtype: case TypeId::kRegproc:
      return 'N';
    case TypeId::kName: return 'S';
    case TypeId::kAnyElement: case TypeId::kAnyArray: case TypeId::kRecord: case TypeId::kVoid: return 'P';
    case TypeId::kBool: return 'B';
    case TypeId::kInt2: case TypeId::kInt4: case TypeId::kInt8: case TypeId::kFloat4:
    case TypeId::kFloat8: case TypeId::kNumeric: return 'N';
    case TypeId::kText: case TypeId::kVarchar: case TypeId::kBpchar: return 'S';
    case TypeId::kDate: case TypeId::kTimestamp: case TypeId::kTimestampTz: case TypeId::kTime:
    case TypeId::kTimeTz: return 'D';
    case TypeId::kInterval: return 'T';
    case TypeId::kEnum: return 'E';
    case TypeId::kUnknown: return 'X';
    default: return 'U';
  }
}

Oid TypeCollation(TypeId id) {
  if (id == TypeId::kName) return 950;  // "C"
  if (const std::optional<TypeId> element = types::ElementTypeOf(id)) id = *element;
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar ? 100 : 0;
}

}  // namespace granary::catalog::views
