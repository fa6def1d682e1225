// Rows of the pg_catalog views over relations: pg_namespace, pg_class, pg_attribute,
// pg_attrdef, pg_type, pg_index, pg_am, pg_constraint (and the dispatch of every view).
#include "catalog/system_view_rows.hpp"

#include "types/array.hpp"

namespace granary::catalog {
namespace views {
namespace {

using types::TypeId;
using types::Value;

constexpr Oid kHeapAccessMethod = 2;
constexpr Oid kBtreeAccessMethod = 403;

std::vector<CatalogRow> NamespaceRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.namespaces) {
    const Oid oid = static_cast<Oid>(row[pg_namespace::kOid].AsInt());
    // public belongs to pg_database_owner, as in PostgreSQL 15.
    const Oid owner = catalog.NamespaceOwner(row);
    rows.push_back(RowBuilder(SystemView::kNamespace)
                       .Int("oid", oid)
                       .Set("nspname", row[pg_namespace::kName])
                       .Int("nspowner", owner)
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> ClassRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.classes) {
    const Oid oid = static_cast<Oid>(row[pg_class::kOid].AsInt());
    const Oid namespace_oid = static_cast<Oid>(row[pg_class::kNamespace].AsInt());
    const std::string kind = row[pg_class::kKind].AsString();
    int64_t columns = 0;
    for (const CatalogRow& attribute : catalog.attributes) {
      if (static_cast<Oid>(attribute[pg_attribute::kRelation].AsInt()) == oid) ++columns;
    }
    int64_t checks = 0;
    for (const CatalogRow& constraint : catalog.constraints) {
      if (static_cast<Oid>(constraint[pg_constraint::kRelation].AsInt()) == oid &&
          constraint[pg_constraint::kType].AsString() == "c") {
        ++checks;
      }
    }
    bool has_index = false;
    for (const CatalogRow& index : catalog.indexes) {
      has_index = has_index || static_cast<Oid>(index[pg_index::kRelation].AsInt()) == oid;
    }
    const Oid access_method = kind == "i" ? kBtreeAccessMethod : kind == "v" ? 0 : kHeapAccessMethod;
    const bool populated = row.size() <= pg_class::kPopulated || row[pg_class::kPopulated].is_null() ||
                           row[pg_class::kPopulated].AsBool();
    const bool user_table = kind == "r" && namespace_oid != kPgCatalogNamespace;
    // relpages and reltuples as of the last ANALYZE (pg_statistic's row 0); -1: never.
    int64_t pages = 0;
    double tuples = -1;
    for (const CatalogRow& statistic : catalog.statistics) {
      if (static_cast<Oid>(statistic[pg_statistic::kRelation].AsInt()) == oid &&
          statistic[pg_statistic::kNumber].AsInt() == 0) {
        pages = statistic[pg_statistic::kPages].AsInt();
        tuples = statistic[pg_statistic::kTuples].AsDouble();
      }
    }
    RowBuilder builder(SystemView::kClass);
    builder.Int("oid", oid)
        .Set("relname", row[pg_class::kName])
        .Int("relnamespace", namespace_oid)
        .Int("reltype", 0)
        .Int("reloftype", 0)
        .Int("relowner", catalog.OwnerOid())
        .Int("relam", access_method)
        .Int("relfilenode", kind == "v" ? 0 : row[pg_class::kRelfile].AsInt())
        .Int("reltablespace", 0)
        .Int("relpages", pages)
        .Set("reltuples", Value::Float4(tuples))
        .Int("relallvisible", 0)
        .Int("reltoastrelid", row[pg_class::kToastRelid].is_null() ? 0 : row[pg_class::kToastRelid].AsInt())
        .Bool("relhasindex", has_index)
        .Bool("relisshared", oid == SystemTableSchema(SystemTable::kAuthId).oid)
        .Text("relpersistence", IsTempSchemaName(catalog.NamespaceName(namespace_oid)) ? "t" : "p")
        .Text("relkind", kind)
        .Int("relnatts", kind == "i" ? 0 : columns)
        .Int("relchecks", checks)
        .Bool("relhasrules", kind == "v")
        .Bool("relhastriggers", false)
        .Bool("relhassubclass", false)
        .Bool("relrowsecurity", false)
        .Bool("relforcerowsecurity", false)
        .Bool("relispopulated", populated)
        .Text("relreplident", user_table ? "d" : "n")
        .Bool("relispartition", false)
        .Int("relrewrite", 0)
        .Set("reloptions", row[pg_class::kRelOptions]);
    rows.push_back(builder.Take());
  }
  return rows;
}

// One pg_attribute row: a column `number` of relation `relation` named `name`, of the type
// with oid `type_oid` and modifier `typmod`.
// `collation`: the column's own collation (pg_attribute's attcollation as stored), 0 or NULL
// for its type's default.
CatalogRow AttributeRow(const Value& relation, const Value& name, uint32_t type_oid, int64_t number,
                        const Value& typmod, const Value& not_null, const Value& has_default,
                        const Value& collation = Value(), const Value& generated = Value()) {
  const TypeId type = types::TypeFromOid(type_oid).value_or(types::Type{TypeId::kText, -1}).id;
  const types::TypeInfo& info = types::InfoOf(type);
  return RowBuilder(SystemView::kAttribute)
      .Set("attrelid", relation)
      .Set("attname", name)
      .Int("atttypid", type_oid)
      .Int("attstattarget", -1)
      .Int("attlen", info.length)
      .Int("attnum", number)
      .Int("attndims", 0)
      .Int("attcacheoff", -1)
      .Set("atttypmod", typmod)
      .Bool("attbyval", info.length > 0 && info.length <= 8)
      .Text("attalign", std::string(1, TypeAlign(type)))
      .Text("attstorage", std::string(1, TypeStorage(type)))
      .Text("attcompression", "")
      .Set("attnotnull", not_null)
      .Set("atthasdef", has_default)
      .Bool("atthasmissing", false)
      .Text("attidentity", "")
      .Text("attgenerated", generated.is_null() ? std::string() : generated.AsString())
      .Bool("attisdropped", false)
      .Bool("attislocal", true)
      .Int("attinhcount", 0)
      .Int("attcollation", !collation.is_null() && collation.AsInt() != 0 && TypeCollation(type) != 0
                               ? collation.AsInt()
                               : TypeCollation(type))
      .Take();
}

std::vector<CatalogRow> AttributeRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.attributes) {
    rows.push_back(AttributeRow(row[pg_attribute::kRelation], row[pg_attribute::kName],
                                static_cast<uint32_t>(row[pg_attribute::kTypeOid].AsInt()),
                                row[pg_attribute::kNumber].AsInt(), row[pg_attribute::kTypmod],
                                row[pg_attribute::kNotNull], row[pg_attribute::kHasDefault],
                                row.size() > pg_attribute::kCollation ? row[pg_attribute::kCollation] : Value(),
                                row.size() > pg_attribute::kGenerated ? row[pg_attribute::kGenerated] : Value()));
  }
  // An index's own columns (psql's \d of an index lists them): its key columns under the
  // table column's name and type, expressions as "expr" of type text.
  for (const CatalogRow& index : catalog.indexes) {
    const Oid table = static_cast<Oid>(index[pg_index::kRelation].AsInt());
    const IndexKeys keys = ParseIndexDefinition(index[pg_index::kDefinition].AsString(),
                                                catalog.ColumnNames(table));
    for (size_t i = 0; i < keys.columns.size(); ++i) {
      const CatalogRow* column = nullptr;
      for (const CatalogRow& row : catalog.attributes) {
        if (static_cast<Oid>(row[pg_attribute::kRelation].AsInt()) == table &&
            row[pg_attribute::kNumber].AsInt() == keys.columns[i]) {
          column = &row;
        }
      }
      const auto type_oid = column ? static_cast<uint32_t>((*column)[pg_attribute::kTypeOid].AsInt())
                                   : types::InfoOf(TypeId::kText).oid;
      rows.push_back(AttributeRow(index[pg_index::kIndex],
                                  column ? (*column)[pg_attribute::kName] : Value::Text("expr"), type_oid,
                                  static_cast<int64_t>(i + 1),
                                  column ? (*column)[pg_attribute::kTypmod] : Value::Int4(-1),
                                  Value::Bool(false), Value::Bool(false)));
    }
  }
  return rows;
}

std::vector<CatalogRow> AttrDefaultRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.defaults) {
    rows.push_back(RowBuilder(SystemView::kAttrDefault)
                       .Int("oid", 0)
                       .Set("adrelid", row[pg_attrdef::kRelation])
                       .Set("adnum", row[pg_attrdef::kNumber])
                       .Set("adbin", row[pg_attrdef::kSource])
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> TypeRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (auto id = static_cast<uint8_t>(TypeId::kBool); id <= static_cast<uint8_t>(TypeId::kTimeTzArray); ++id) {  // the last
    const TypeId type = static_cast<TypeId>(id);
    if (type == TypeId::kEnum || type == TypeId::kEnumArray) continue;  // per enum type, elsewhere
    const types::TypeInfo& info = types::InfoOf(type);
    const std::string name(info.name);
    const bool is_array = types::IsArray(type);
    const bool is_vector = type == TypeId::kInt2Vector || type == TypeId::kOidVector;
    const std::optional<TypeId> element = types::ElementTypeOf(type);
    const std::optional<TypeId> array = types::ArrayTypeOf(type);
    const std::string io_name = is_array && !is_vector                        ? "array"
                                : type == TypeId::kRecord || type == TypeId::kVoid ? name + "_"
                                                                                   : name;
    rows.push_back(RowBuilder(SystemView::kType)
                       .Int("oid", info.oid)
                       .Text("typname", name)
                       .Int("typnamespace", kPgCatalogNamespace)
                       .Int("typowner", catalog.OwnerOid())
                       .Int("typlen", info.length)
                       .Bool("typbyval", info.length > 0 && info.length <= 8)
                       .Text("typtype", types::IsPseudoType(type) || type == TypeId::kRecord || type == TypeId::kRecordArray ||
                                                   type == TypeId::kVoid
                                               ? "p"
                                               : "b")
                       .Text("typcategory", std::string(1, TypeCategory(type)))
                       .Bool("typispreferred", type == TypeId::kText || type == TypeId::kFloat8 ||
                                                   type == TypeId::kBool || type == TypeId::kTimestampTz ||
                                                   type == TypeId::kInterval)
                       .Bool("typisdefined", true)
                       .Text("typdelim", ",")
                       .Int("typrelid", 0)
                       .Text("typsubscript", is_array ? "array_subscript_handler" : "-")
                       .Int("typelem", element ? types::InfoOf(*element).oid : 0)
                       .Int("typarray", array ? types::InfoOf(*array).oid : 0)
                       .Text("typinput", io_name + "in")
                       .Text("typoutput", io_name + "out")
                       .Text("typalign", std::string(1, TypeAlign(type)))
                       .Text("typstorage", std::string(1, TypeStorage(type)))
                       .Bool("typnotnull", false)
                       .Int("typbasetype", 0)
                       .Int("typtypmod", -1)
                       .Int("typndims", 0)
                       .Int("typcollation", TypeCollation(type))
                       .Take());
  }
  // Each enum and its array type, as DefineEnum makes them.
  for (const types::EnumTypeDefinition& type : catalog.enum_types) {
    rows.push_back(RowBuilder(SystemView::kType)
                       .Int("oid", type.oid).Text("typname", type.name).Int("typnamespace", type.namespace_oid)
                       .Int("typowner", catalog.OwnerOid()).Int("typlen", 4).Bool("typbyval", true)
                       .Text("typtype", "e").Text("typcategory", "E").Bool("typispreferred", false)
                       .Bool("typisdefined", true).Text("typdelim", ",").Int("typrelid", 0)
                       .Text("typsubscript", "-").Int("typelem", 0).Int("typarray", type.array_oid)
                       .Text("typinput", "enum_in").Text("typoutput", "enum_out").Text("typalign", "i")
                       .Text("typstorage", "p").Bool("typnotnull", false).Int("typbasetype", 0)
                       .Int("typtypmod", -1).Int("typndims", 0).Int("typcollation", 0)
                       .Take());
    rows.push_back(RowBuilder(SystemView::kType)
                       .Int("oid", type.array_oid).Text("typname", "_" + type.name)
                       .Int("typnamespace", type.namespace_oid).Int("typowner", catalog.OwnerOid())
                       .Int("typlen", -1).Bool("typbyval", false).Text("typtype", "b").Text("typcategory", "A")
                       .Bool("typispreferred", false).Bool("typisdefined", true).Text("typdelim", ",")
                       .Int("typrelid", 0).Text("typsubscript", "array_subscript_handler").Int("typelem", type.oid)
                       .Int("typarray", 0).Text("typinput", "array_in").Text("typoutput", "array_out")
                       .Text("typalign", "i").Text("typstorage", "x").Bool("typnotnull", false)
                       .Int("typbasetype", 0).Int("typtypmod", -1).Int("typndims", 0).Int("typcollation", 0)
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> EnumRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.enum_labels) {
    rows.push_back(RowBuilder(SystemView::kEnum)
                       .Set("oid", row[pg_enum::kOid])
                       .Set("enumtypid", row[pg_enum::kTypeOid])
                       .Set("enumsortorder", Value::Float4(row[pg_enum::kSortOrder].AsDouble()))
                       .Set("enumlabel", row[pg_enum::kLabel])
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> IndexRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.indexes) {
    const Oid table = static_cast<Oid>(row[pg_index::kRelation].AsInt());
    const IndexKeys keys = ParseIndexDefinition(row[pg_index::kDefinition].AsString(),
                                                catalog.ColumnNames(table));
    std::string expressions;
    for (const std::string& expression : keys.expressions) {
      expressions += (expressions.empty() ? "" : ", ") + expression;
    }
    RowBuilder builder(SystemView::kIndex);
    builder.Set("indexrelid", row[pg_index::kIndex])
        .Int("indrelid", table)
        .Int("indnatts", static_cast<int64_t>(keys.columns.size()))
        .Int("indnkeyatts", static_cast<int64_t>(keys.key_count))
        .Set("indisunique", row[pg_index::kUnique])
        .Bool("indnullsnotdistinct", false)
        .Set("indisprimary", row[pg_index::kPrimary])
        .Bool("indisexclusion", false)
        .Bool("indimmediate", true)
        .Bool("indisclustered", !row[pg_index::kClustered].is_null() && row[pg_index::kClustered].AsBool())
        .Bool("indisvalid", true)
        .Bool("indcheckxmin", false)
        .Bool("indisready", true)
        .Bool("indislive", true)
        .Bool("indisreplident", false)
        .Text("indkey", VectorText(keys.columns))
        .Text("indoption", VectorText(keys.options));
    if (!expressions.empty()) builder.Text("indexprs", expressions);
    if (!keys.predicate.empty()) builder.Text("indpred", keys.predicate);
    rows.push_back(builder.Take());
  }
  return rows;
}

std::vector<CatalogRow> AccessMethodRows() {
  std::vector<CatalogRow> rows;
  rows.push_back(RowBuilder(SystemView::kAm).Int("oid", kHeapAccessMethod).Text("amname", "heap")
                     .Text("amhandler", "heap_tableam_handler").Text("amtype", "t").Take());
  rows.push_back(RowBuilder(SystemView::kAm).Int("oid", kBtreeAccessMethod).Text("amname", "btree")
                     .Text("amhandler", "bthandler").Text("amtype", "i").Take());
  return rows;
}

std::vector<CatalogRow> ConstraintRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.constraints) {
    const Oid table = static_cast<Oid>(row[pg_constraint::kRelation].AsInt());
    const std::string type = row[pg_constraint::kType].AsString();
    const CatalogRow* relation = catalog.FindClass(table);
    RowBuilder builder(SystemView::kConstraint);
    builder.Set("oid", row[pg_constraint::kOid])
        .Set("conname", row[pg_constraint::kName])
        .Int("connamespace", relation ? (*relation)[pg_class::kNamespace].AsInt() : 0)
        .Text("contype", type)
        .Bool("condeferrable", false)
        .Bool("condeferred", false)
        .Bool("convalidated", true)
        .Int("conrelid", table)
        .Int("contypid", 0)
        .Int("conindid", 0)
        .Int("conparentid", 0)
        .Int("confrelid", 0)
        .Text("confupdtype", " ")
        .Text("confdeltype", " ")
        .Text("confmatchtype", " ")
        .Bool("conislocal", true)
        .Int("coninhcount", 0)
        .Bool("connoinherit", false);
    if (type == "c") {
      const Value& validated = row[pg_constraint::kValidated];
      const Value& no_inherit = row[pg_constraint::kNoInherit];
      builder.Set("conbin", row[pg_constraint::kSource])
          .Bool("convalidated", validated.is_null() || validated.AsBool())
          .Bool("connoinherit", !no_inherit.is_null() && no_inherit.AsBool());
    } else if (type == "f") {
      const ForeignKey key = ForeignKey::Decode(row[pg_constraint::kSource].AsString());
      auto numbers = [](const std::vector<size_t>& columns) {
        std::vector<int64_t> values;
        for (size_t column : columns) values.push_back(static_cast<int64_t>(column) + 1);
        return values;
      };
      builder.Int("conindid", key.index_oid)
          .Int("confrelid", key.referenced_oid)
          .Text("confupdtype", std::string(1, key.on_update))
          .Text("confdeltype", std::string(1, key.on_delete))
          .Text("confmatchtype", std::string(1, key.match))
          .Bool("convalidated", key.validated)
          .Bool("condeferrable", key.deferrable)
          .Bool("condeferred", key.initially_deferred)
          .Text("conkey", ArrayText(numbers(key.columns)))
          .Text("confkey", ArrayText(numbers(key.referenced_columns)));
    } else {
      // PRIMARY KEY and UNIQUE: the source is the enforcing index's oid.
      const int64_t index_oid = std::stoll(row[pg_constraint::kSource].AsString());
      builder.Int("conindid", index_oid);
      for (const CatalogRow& index : catalog.indexes) {
        if (index[pg_index::kIndex].AsInt() != index_oid) continue;
        std::vector<int64_t> columns =
            ParseIndexDefinition(index[pg_index::kDefinition].AsString(), catalog.ColumnNames(table)).columns;
        const IndexKeys keys = ParseIndexDefinition(index[pg_index::kDefinition].AsString(), catalog.ColumnNames(table));
        columns.resize(keys.key_count);  // INCLUDE columns are no part of the constraint
        builder.Text("conkey", ArrayText(columns));
      }
    }
    rows.push_back(builder.Take());
  }
  return rows;
}

}  // namespace
}  // namespace views

namespace views {
namespace {

// pg_stats: one row per analyzed column.
std::vector<CatalogRow> StatsRows(const CatalogSnapshot& catalog) {
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : catalog.statistics) {
    const int64_t number = row[pg_statistic::kNumber].AsInt();
    if (number <= 0) continue;
    const Oid relation = static_cast<Oid>(row[pg_statistic::kRelation].AsInt());
    const CatalogRow* table = catalog.FindClass(relation);
    if (table == nullptr) continue;
    const std::map<int64_t, std::string> columns = catalog.ColumnNames(relation);
    const auto column = columns.find(number);
    if (column == columns.end()) continue;
    RowBuilder builder(SystemView::kStats);
    builder.Text("schemaname", catalog.NamespaceName(static_cast<Oid>((*table)[pg_class::kNamespace].AsInt())))
        .Set("tablename", (*table)[pg_class::kName])
        .Text("attname", column->second)
        .Bool("inherited", false)
        .Set("null_frac", Value::Float4(row[pg_statistic::kNullFraction].AsDouble()))
        .Int("avg_width", row[pg_statistic::kWidth].AsInt())
        .Set("n_distinct", Value::Float4(row[pg_statistic::kDistinct].AsDouble()))
        .Set("most_common_vals", row[pg_statistic::kCommonValues])
        .Set("histogram_bounds", row[pg_statistic::kHistogram]);
    if (!row[pg_statistic::kCommonFrequencies].is_null()) {
      builder.Set("most_common_freqs", types::ArrayFromText(row[pg_statistic::kCommonFrequencies].AsString(),
                                                           types::Type{TypeId::kFloat4Array, -1}));
    }
    if (!row[pg_statistic::kCorrelation].is_null()) {
      builder.Set("correlation", Value::Float4(row[pg_statistic::kCorrelation].AsDouble()));
    }
    rows.push_back(builder.Take());
  }
  return rows;
}

}  // namespace
}  // namespace views

std::vector<CatalogRow> SystemViewRows(SystemView view, Catalog& catalog,
                                       const SystemViewEnvironment& environment,
                                       const storage::Snapshot& snapshot) {
  const views::CatalogSnapshot tables(catalog, snapshot);
  switch (view) {
    case SystemView::kNamespace: return views::NamespaceRows(tables);
    case SystemView::kClass: return views::ClassRows(tables);
    case SystemView::kAttribute: return views::AttributeRows(tables);
    case SystemView::kAttrDefault: return views::AttrDefaultRows(tables);
    case SystemView::kType: return views::TypeRows(tables);
    case SystemView::kEnum: return views::EnumRows(tables);
    case SystemView::kIndex: return views::IndexRows(tables);
    case SystemView::kAm: return views::AccessMethodRows();
    case SystemView::kConstraint: return views::ConstraintRows(tables);
    case SystemView::kStats: return views::StatsRows(tables);
    case SystemView::kPgTables:
    case SystemView::kPgIndexes:
    case SystemView::kPgViews:
    case SystemView::kPgMatviews:
      return views::RelationListRows(view, tables, catalog, environment, snapshot);
    case SystemView::kTables:
    case SystemView::kColumns:
    case SystemView::kSchemata:
    case SystemView::kReferentialConstraints:
    case SystemView::kTableConstraints:
    case SystemView::kKeyColumnUsage:
    case SystemView::kConstraintColumnUsage:
      return views::InformationSchemaRows(view, tables, environment);
    case SystemView::kLocks:
    case SystemView::kSequences:
    case SystemView::kStatDatabase:
    case SystemView::kStatAllTables:
    case SystemView::kStatUserTables:
    case SystemView::kStatSysTables:
    case SystemView::kStatAllIndexes:
    case SystemView::kStatUserIndexes:
    case SystemView::kStatSysIndexes:
    case SystemView::kStatBgwriter:
      return views::StatisticsViewRows(view, tables, environment);
    default: return views::GlobalViewRows(view, tables, environment);
  }
}

}  // namespace granary::catalog
