// Rows of information_schema.tables, columns, schemata and referential_constraints (SQL
// standard views, with PostgreSQL 15's values for its types).
#include "catalog/system_view_rows.hpp"

#include "types/varlena_limits.hpp"

namespace granary::catalog::views {
namespace {

using types::TypeId;
using types::Value;

std::string RoleName(const CatalogSnapshot& catalog, Oid oid) {
  for (const CatalogRow& role : catalog.roles) {
    if (static_cast<Oid>(role[pg_authid::kOid].AsInt()) == oid) return role[pg_authid::kName].AsString();
  }
  for (const PredefinedRole& role : PredefinedRoles()) {
    if (role.oid == oid) return std::string(role.name);
  }
  return "";
}

bool Listed(const std::string& kind) { return kind == "r" || kind == "v"; }

std::vector<CatalogRow> TableRows(const CatalogSnapshot& catalog, const std::string& database) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.classes) {
    const std::string kind = row[pg_class::kKind].AsString();
    if (!Listed(kind)) continue;
    const Oid namespace_oid = static_cast<Oid>(row[pg_class::kNamespace].AsInt());
    rows.push_back(RowBuilder(SystemView::kTables)
                       .Text("table_catalog", database)
                       .Text("table_schema", catalog.NamespaceName(namespace_oid))
                       .Set("table_name", row[pg_class::kName])
                       .Text("table_type", kind == "r" ? "BASE TABLE" : "VIEW")
                       .Text("is_insertable_into", kind == "r" ? "YES" : "NO")
                       .Text("is_typed", "NO")
                       .Take());
  }
  return rows;
}

// The standard's data_type: format_type without the modifier.
std::string DataType(TypeId id) {
  if (id == TypeId::kTimestamp) return "timestamp without time zone";
  return types::FormatType(types::Type{id, -1});
}

void SetNumericFacts(RowBuilder& builder, const types::Type& type) {
  switch (type.id) {
    case TypeId::kInt2: builder.Int("numeric_precision", 16); break;
    case TypeId::kInt4: builder.Int("numeric_precision", 32); break;
    case TypeId::kInt8: builder.Int("numeric_precision", 64); break;
    case TypeId::kFloat4: builder.Int("numeric_precision", 24).Int("numeric_precision_radix", 2); return;
    case TypeId::kFloat8: builder.Int("numeric_precision", 53).Int("numeric_precision_radix", 2); return;
    case TypeId::kNumeric: {
      builder.Int("numeric_precision_radix", 10);
      if (const auto precision_scale = type.NumericPrecisionScale()) {
        builder.Int("numeric_precision", precision_scale->first).Int("numeric_scale", precision_scale->second);
      }
      return;
    }
    default: return;
  }
  builder.Int("numeric_precision_radix", 2).Int("numeric_scale", 0);
}

std::vector<CatalogRow> ColumnRows(const CatalogSnapshot& catalog, const std::string& database) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& relation : catalog.classes) {
    const std::string kind = relation[pg_class::kKind].AsString();
    if (!Listed(kind)) continue;
    const Oid oid = static_cast<Oid>(relation[pg_class::kOid].AsInt());
    const std::string schema = catalog.NamespaceName(static_cast<Oid>(relation[pg_class::kNamespace].AsInt()));
    for (const CatalogRow& attribute : catalog.attributes) {
      if (static_cast<Oid>(attribute[pg_attribute::kRelation].AsInt()) != oid) continue;
      const auto type_oid = static_cast<uint32_t>(attribute[pg_attribute::kTypeOid].AsInt());
      const types::Type type{types::TypeIdFromOid(type_oid).value_or(TypeId::kText),
                             static_cast<int32_t>(attribute[pg_attribute::kTypmod].AsInt())};
      const int64_t number = attribute[pg_attribute::kNumber].AsInt();
      RowBuilder builder(SystemView::kColumns);
      builder.Text("table_catalog", database)
          .Text("table_schema", schema)
          .Set("table_name", relation[pg_class::kName])
          .Set("column_name", attribute[pg_attribute::kName])
          .Int("ordinal_position", number)
          .Text("is_nullable", attribute[pg_attribute::kNotNull].AsBool() ? "NO" : "YES")
          .Text("data_type", DataType(type.id))
          .Text("udt_catalog", database)
          .Text("udt_schema", "pg_catalog")
          .Text("udt_name", std::string(types::InfoOf(type.id).name))
          .Text("dtd_identifier", std::to_string(number))
          .Text("is_self_referencing", "NO")
          .Text("is_identity", "NO")
          .Text("identity_cycle", "NO")
          .Text("is_generated", "NEVER")
          .Text("is_updatable", kind == "r" ? "YES" : "NO");
      for (const CatalogRow& column_default : catalog.defaults) {
        if (static_cast<Oid>(column_default[pg_attrdef::kRelation].AsInt()) == oid &&
            column_default[pg_attrdef::kNumber].AsInt() == number) {
          builder.Set("column_default", column_default[pg_attrdef::kSource]);
        }
      }
      if (type.id == TypeId::kText || type.id == TypeId::kVarchar) {
        const std::optional<int> length = type.VarcharLength();
        if (length) builder.Int("character_maximum_length", *length);
        // Four bytes per character in UTF8, and at most a 1 GB value.
        builder.Int("character_octet_length", length ? *length * 4 : 1073741824);
      }
      SetNumericFacts(builder, type);
      if (type.id == TypeId::kDate) builder.Int("datetime_precision", 0);
      if (type.id == TypeId::kTimestamp || type.id == TypeId::kTimestampTz ||
          type.id == TypeId::kInterval) {
        builder.Int("datetime_precision", type.SecondsPrecision().value_or(6));
      }
      rows.push_back(builder.Take());
    }
  }
  return rows;
}

std::vector<CatalogRow> SchemaRows(const CatalogSnapshot& catalog, const std::string& database) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.namespaces) {
    const Oid oid = static_cast<Oid>(row[pg_namespace::kOid].AsInt());
    const Oid owner = catalog.NamespaceOwner(row);
    rows.push_back(RowBuilder(SystemView::kSchemata)
                       .Text("catalog_name", database)
                       .Set("schema_name", row[pg_namespace::kName])
                       .Text("schema_owner", RoleName(catalog, owner))
                       .Take());
  }
  return rows;
}

const char* RuleText(char action) {
  switch (action) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return "NO ACTION";
  }
}

// One row per foreign key; the unique constraint is the PRIMARY KEY or UNIQUE constraint
// owning the referenced index (NULL for a plain unique index, as in PostgreSQL).
std::vector<CatalogRow> ReferentialConstraintRows(const CatalogSnapshot& catalog, const std::string& database) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.constraints) {
    if (row[pg_constraint::kType].AsString() != "f") continue;
    const ForeignKey key = ForeignKey::Decode(row[pg_constraint::kSource].AsString());
    const CatalogRow* table = catalog.FindClass(static_cast<Oid>(row[pg_constraint::kRelation].AsInt()));
    const std::string schema =
        table ? catalog.NamespaceName(static_cast<Oid>((*table)[pg_class::kNamespace].AsInt())) : "";
    RowBuilder builder(SystemView::kReferentialConstraints);
    builder.Text("constraint_catalog", database)
        .Text("constraint_schema", schema)
        .Set("constraint_name", row[pg_constraint::kName])
        .Text("match_option", key.match == 'f' ? "FULL" : "NONE")
        .Text("update_rule", RuleText(key.on_update))
        .Text("delete_rule", RuleText(key.on_delete));
    for (const CatalogRow& unique : catalog.constraints) {
      const std::string type = unique[pg_constraint::kType].AsString();
      if ((type != "p" && type != "u") ||
          unique[pg_constraint::kSource].AsString() != std::to_string(key.index_oid)) {
        continue;
      }
      const CatalogRow* referenced = catalog.FindClass(key.referenced_oid);
      builder.Text("unique_constraint_catalog", database)
          .Text("unique_constraint_schema",
                referenced ? catalog.NamespaceName(static_cast<Oid>((*referenced)[pg_class::kNamespace].AsInt())) : "")
          .Set("unique_constraint_name", unique[pg_constraint::kName]);
    }
    rows.push_back(builder.Take());
  }
  return rows;
}

}  // namespace

std::vector<CatalogRow> InformationSchemaRows(SystemView view, const CatalogSnapshot& catalog,
                                              const SystemViewEnvironment& environment) {
  const std::string database = environment.CurrentDatabase();
  switch (view) {
    case SystemView::kTables: return TableRows(catalog, database);
    case SystemView::kColumns: return ColumnRows(catalog, database);
    case SystemView::kReferentialConstraints: return ReferentialConstraintRows(catalog, database);
    default: return SchemaRows(catalog, database);
  }
}

}  // namespace granary::catalog::views
