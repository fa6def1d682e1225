// Rows of information_schema.tables, columns, schemata, referential_constraints,
// table_constraints, key_column_usage and constraint_column_usage (SQL standard views, with
// PostgreSQL 15's values for its types).
#include "catalog/system_view_rows.hpp"
#include "types/collation.hpp"

#include <algorithm>
#include <cctype>

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
      const types::Type type{types::TypeFromOid(type_oid).value_or(types::Type{TypeId::kText, -1}).id,
                             static_cast<int32_t>(attribute[pg_attribute::kTypmod].AsInt())};
      // An enum is USER-DEFINED, named by its own schema and name.
      const types::EnumTypeDefinition* user_type = nullptr;
      for (const types::EnumTypeDefinition& candidate : catalog.enum_types) {
        if (candidate.oid == type_oid) user_type = &candidate;
      }
      const int64_t number = attribute[pg_attribute::kNumber].AsInt();
      RowBuilder builder(SystemView::kColumns);
      // A collation other than the default: its name (the LEFT JOIN on pg_collation).
      if (attribute.size() > pg_attribute::kCollation && !attribute[pg_attribute::kCollation].is_null()) {
        const auto collation = static_cast<uint32_t>(attribute[pg_attribute::kCollation].AsInt());
        if (collation != 0 && collation != types::kDefaultCollationOid) {
          for (const types::CollationDefinition& definition : catalog.Collations()) {
            if (definition.oid != collation) continue;
            builder.Text("collation_catalog", database)
                .Text("collation_schema", catalog.NamespaceName(definition.namespace_oid))
                .Text("collation_name", definition.name);
          }
        }
      }
      builder.Text("table_catalog", database)
          .Text("table_schema", schema)
          .Set("table_name", relation[pg_class::kName])
          .Set("column_name", attribute[pg_attribute::kName])
          .Int("ordinal_position", number)
          .Text("is_nullable", attribute[pg_attribute::kNotNull].AsBool() ? "NO" : "YES")
          .Text("data_type", user_type != nullptr ? "USER-DEFINED" : DataType(type.id))
          .Text("udt_catalog", database)
          .Text("udt_schema", user_type != nullptr ? user_type->schema : "pg_catalog")
          .Text("udt_name", user_type != nullptr ? user_type->name : std::string(types::InfoOf(type.id).name))
          .Text("dtd_identifier", std::to_string(number))
          .Text("is_self_referencing", "NO")
          .Text("is_identity", "NO")
          .Text("identity_cycle", "NO")
          .Text("is_updatable", kind == "r" ? "YES" : "NO");
      // A stored generated column shows its expression as generation_expression, not as
      // its default.
      const bool generated = attribute.size() > pg_attribute::kGenerated &&
                             !attribute[pg_attribute::kGenerated].is_null() &&
                             attribute[pg_attribute::kGenerated].AsString() == "s";
      builder.Text("is_generated", generated ? "ALWAYS" : "NEVER");
      for (const CatalogRow& column_default : catalog.defaults) {
        if (static_cast<Oid>(column_default[pg_attrdef::kRelation].AsInt()) == oid &&
            column_default[pg_attrdef::kNumber].AsInt() == number) {
          builder.Set(generated ? "generation_expression" : "column_default", column_default[pg_attrdef::kSource]);
        }
      }
      if (type.id == TypeId::kText || type.id == TypeId::kVarchar || type.id == TypeId::kBpchar) {
        const std::optional<int> length =
            type.id == TypeId::kBpchar ? type.BpcharLength() : type.VarcharLength();
        if (length) builder.Int("character_maximum_length", *length);
        // Four bytes per character in UTF8, and at most a 1 GB value.
        builder.Int("character_octet_length", length ? *length * 4 : 1073741824);
      }
      SetNumericFacts(builder, type);
      if (type.id == TypeId::kDate) builder.Int("datetime_precision", 0);
      if (type.id == TypeId::kTimestamp || type.id == TypeId::kTimestampTz || type.id == TypeId::kTime ||
          type.id == TypeId::kTimeTz || type.id == TypeId::kInterval) {
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

// A constraint as the constraint views see it: its table, its columns (attnums, in key
// order), and for a foreign key the referenced table, columns and unique index.
struct ConstraintFacts {
  const CatalogRow* row = nullptr;
  std::string type;  // contype
  Oid table = 0;
  std::string schema;
  std::string table_name;
  std::vector<int64_t> columns;
  ForeignKey key;  // type "f"
};

std::vector<int64_t> IndexColumns(const CatalogSnapshot& catalog, int64_t index_oid, Oid table) {
  for (const CatalogRow& index : catalog.indexes) {
    if (index[pg_index::kIndex].AsInt() != index_oid) continue;
    IndexKeys keys = ParseIndexDefinition(index[pg_index::kDefinition].AsString(), catalog.ColumnNames(table));
    keys.columns.resize(keys.key_count);  // INCLUDE columns are no part of the constraint
    return keys.columns;
  }
  return {};
}

std::vector<ConstraintFacts> Constraints(const CatalogSnapshot& catalog) {
  std::vector<ConstraintFacts> all;
  for (const CatalogRow& row : catalog.constraints) {
    ConstraintFacts facts;
    facts.row = &row;
    facts.type = row[pg_constraint::kType].AsString();
    facts.table = static_cast<Oid>(row[pg_constraint::kRelation].AsInt());
    const CatalogRow* table = catalog.FindClass(facts.table);
    if (table == nullptr) continue;
    facts.schema = catalog.NamespaceName(static_cast<Oid>((*table)[pg_class::kNamespace].AsInt()));
    facts.table_name = (*table)[pg_class::kName].AsString();
    if (facts.type == "f") {
      facts.key = ForeignKey::Decode(row[pg_constraint::kSource].AsString());
      for (size_t column : facts.key.columns) facts.columns.push_back(static_cast<int64_t>(column) + 1);
    } else if (facts.type == "p" || facts.type == "u") {
      facts.columns = IndexColumns(catalog, std::stoll(row[pg_constraint::kSource].AsString()), facts.table);
    }
    all.push_back(std::move(facts));
  }
  return all;
}

RowBuilder& ConstraintName(RowBuilder& builder, const std::string& database, const ConstraintFacts& facts) {
  return builder.Text("constraint_catalog", database)
      .Text("constraint_schema", facts.schema)
      .Set("constraint_name", (*facts.row)[pg_constraint::kName]);
}

// PRIMARY KEY, UNIQUE, FOREIGN KEY and CHECK constraints, and each NOT NULL column of a
// table as the CHECK constraint PostgreSQL 15 shows for it (named
// namespaceoid_tableoid_attnum_not_null).
std::vector<CatalogRow> TableConstraintRows(const CatalogSnapshot& catalog, const std::string& database) {
  std::vector<CatalogRow> rows;
  for (const ConstraintFacts& facts : Constraints(catalog)) {
    const char* type = facts.type == "p" ? "PRIMARY KEY" : facts.type == "u" ? "UNIQUE"
                       : facts.type == "f" ? "FOREIGN KEY" : "CHECK";
    RowBuilder builder(SystemView::kTableConstraints);
    ConstraintName(builder, database, facts)
        .Text("table_catalog", database)
        .Text("table_schema", facts.schema)
        .Text("table_name", facts.table_name)
        .Text("constraint_type", type)
        .Text("is_deferrable", "NO")
        .Text("initially_deferred", "NO")
        .Text("enforced", "YES");
    if (facts.type == "u") builder.Text("nulls_distinct", "YES");
    rows.push_back(builder.Take());
  }
  for (const CatalogRow& relation : catalog.classes) {
    if (relation[pg_class::kKind].AsString() != "r") continue;
    const Oid oid = static_cast<Oid>(relation[pg_class::kOid].AsInt());
    const Oid namespace_oid = static_cast<Oid>(relation[pg_class::kNamespace].AsInt());
    const std::string schema = catalog.NamespaceName(namespace_oid);
    for (const CatalogRow& attribute : catalog.attributes) {
      if (static_cast<Oid>(attribute[pg_attribute::kRelation].AsInt()) != oid) continue;
      if (!attribute[pg_attribute::kNotNull].AsBool() || attribute[pg_attribute::kNumber].AsInt() <= 0) continue;
      rows.push_back(RowBuilder(SystemView::kTableConstraints)
                         .Text("constraint_catalog", database)
                         .Text("constraint_schema", schema)
                         .Text("constraint_name", std::to_string(namespace_oid) + "_" + std::to_string(oid) + "_" +
                                                      std::to_string(attribute[pg_attribute::kNumber].AsInt()) +
                                                      "_not_null")
                         .Text("table_catalog", database)
                         .Text("table_schema", schema)
                         .Set("table_name", relation[pg_class::kName])
                         .Text("constraint_type", "CHECK")
                         .Text("is_deferrable", "NO")
                         .Text("initially_deferred", "NO")
                         .Text("enforced", "YES")
                         .Take());
    }
  }
  return rows;
}

// The columns of PRIMARY KEY, UNIQUE and FOREIGN KEY constraints, in key order; a foreign
// key column's position_in_unique_constraint is its referenced column's position in the
// referenced index.
std::vector<CatalogRow> KeyColumnUsageRows(const CatalogSnapshot& catalog, const std::string& database) {
  std::vector<CatalogRow> rows;
  for (const ConstraintFacts& facts : Constraints(catalog)) {
    if (facts.type != "p" && facts.type != "u" && facts.type != "f") continue;
    const std::map<int64_t, std::string> names = catalog.ColumnNames(facts.table);
    std::vector<int64_t> referenced_index;
    if (facts.type == "f") referenced_index = IndexColumns(catalog, facts.key.index_oid, facts.key.referenced_oid);
    for (size_t i = 0; i < facts.columns.size(); ++i) {
      const auto name = names.find(facts.columns[i]);
      if (name == names.end()) continue;  // an expression key
      RowBuilder builder(SystemView::kKeyColumnUsage);
      ConstraintName(builder, database, facts)
          .Text("table_catalog", database)
          .Text("table_schema", facts.schema)
          .Text("table_name", facts.table_name)
          .Text("column_name", name->second)
          .Int("ordinal_position", static_cast<int64_t>(i) + 1);
      if (facts.type == "f" && i < facts.key.referenced_columns.size()) {
        const int64_t referenced = static_cast<int64_t>(facts.key.referenced_columns[i]) + 1;
        for (size_t j = 0; j < referenced_index.size(); ++j) {
          if (referenced_index[j] == referenced) builder.Int("position_in_unique_constraint", static_cast<int64_t>(j) + 1);
        }
      }
      rows.push_back(builder.Take());
    }
  }
  return rows;
}

// The identifiers of a CHECK expression's text outside string literals (lower-cased unless
// double-quoted): the candidates for the columns it reads.
std::vector<std::string> Identifiers(const std::string& text) {
  std::vector<std::string> words;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\'') {
      for (++i; i < text.size(); ++i) {
        if (text[i] == '\'' && (i + 1 >= text.size() || text[i + 1] != '\'')) break;
        if (text[i] == '\'') ++i;
      }
      ++i;
    } else if (c == '"') {
      std::string word;
      for (++i; i < text.size(); ++i) {
        if (text[i] == '"' && (i + 1 >= text.size() || text[i + 1] != '"')) break;
        if (text[i] == '"') ++i;
        word.push_back(text[i]);
      }
      ++i;
      words.push_back(word);
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::string word;
      while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '$')) {
        word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++]))));
      }
      words.push_back(word);
    } else {
      ++i;
    }
  }
  return words;
}

// The columns each constraint uses: a key's own columns, a foreign key's referenced columns
// (of the referenced table), a CHECK constraint's columns.
std::vector<CatalogRow> ConstraintColumnUsageRows(const CatalogSnapshot& catalog, const std::string& database) {
  std::vector<CatalogRow> rows;
  for (const ConstraintFacts& facts : Constraints(catalog)) {
    Oid table = facts.table;
    std::vector<int64_t> columns = facts.columns;
    if (facts.type == "f") {
      table = facts.key.referenced_oid;
      columns.clear();
      for (size_t column : facts.key.referenced_columns) columns.push_back(static_cast<int64_t>(column) + 1);
    }
    const std::map<int64_t, std::string> names = catalog.ColumnNames(table);
    if (facts.type == "c") {
      const std::vector<std::string> words = Identifiers((*facts.row)[pg_constraint::kSource].AsString());
      for (const auto& [number, name] : names) {
        if (std::find(words.begin(), words.end(), name) != words.end()) columns.push_back(number);
      }
    }
    const CatalogRow* relation = catalog.FindClass(table);
    if (relation == nullptr) continue;
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    for (int64_t column : columns) {
      const auto name = names.find(column);
      if (name == names.end()) continue;
      RowBuilder builder(SystemView::kConstraintColumnUsage);
      builder.Text("table_catalog", database)
          .Text("table_schema", catalog.NamespaceName(static_cast<Oid>((*relation)[pg_class::kNamespace].AsInt())))
          .Set("table_name", (*relation)[pg_class::kName])
          .Text("column_name", name->second);
      ConstraintName(builder, database, facts);
      rows.push_back(builder.Take());
    }
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
    case SystemView::kTableConstraints: return TableConstraintRows(catalog, database);
    case SystemView::kKeyColumnUsage: return KeyColumnUsageRows(catalog, database);
    case SystemView::kConstraintColumnUsage: return ConstraintColumnUsageRows(catalog, database);
    default: return SchemaRows(catalog, database);
  }
}

}  // namespace granary::catalog::views
