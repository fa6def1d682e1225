// Planner statistics in pg_statistic (see statistics.hpp).
#include <cstdio>
#include <string>

#include "catalog/catalog.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/float_format.hpp"

namespace granary::catalog {

using types::Value;

namespace {

Oid RelationOf(const CatalogRow& row) { return static_cast<Oid>(row[pg_statistic::kRelation].AsInt()); }

// The text form of an array of the column's type holding `values`, or NULL when empty.
Value ValuesText(const std::vector<Value>& values, types::TypeId type) {
  // Enum labels are kept out: their text can be renamed under the statistics (the planner
  // then goes without value lists for the column, as for a type without arrays).
  if (values.empty() || type == types::TypeId::kEnum) return Value::Null();
  const std::optional<types::TypeId> array_type = types::ArrayTypeOf(type);
  if (!array_type) return Value::Null();
  return Value::Text(types::ArrayToText(types::MakeArray(*array_type, values)));
}

std::vector<Value> ParseValues(const Value& text, const types::Type& type) {
  if (text.is_null() || type.id == types::TypeId::kEnum) return {};
  const std::optional<types::TypeId> array_type = types::ArrayTypeOf(type.id);
  if (!array_type) return {};
  const Value array = types::ArrayFromText(text.AsString(), types::Type{*array_type, type.typmod});
  return array.AsArray().elements;
}

Value FrequenciesText(const std::vector<double>& frequencies) {
  if (frequencies.empty()) return Value::Null();
  std::vector<Value> values;
  for (double frequency : frequencies) values.push_back(Value::Float4(frequency));
  return Value::Text(types::ArrayToText(types::MakeArray(types::TypeId::kFloat4Array, values)));
}

std::vector<double> ParseFrequencies(const Value& text) {
  if (text.is_null()) return {};
  const Value array = types::ArrayFromText(text.AsString(), types::Type{types::TypeId::kFloat4Array, -1});
  std::vector<double> frequencies;
  for (const Value& value : array.AsArray().elements) frequencies.push_back(value.AsDouble());
  return frequencies;
}

}  // namespace

void Catalog::StoreStatistics(const TableSchema& table, const RelationStatistics& statistics,
                              const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess rows(pool_, transactions_, SystemTable::kStatistic);
  for (const auto& [tid, row] : rows.Scan(snapshot)) {
    if (RelationOf(row) != table.oid) continue;
    const int64_t number = row[pg_statistic::kNumber].AsInt();
    bool replaced = number == 0;
    for (const ColumnStatistics& column : statistics.columns) replaced = replaced || column.attnum == number;
    if (replaced) rows.Delete(tid, snapshot.own_xid, cid);
  }
  rows.Insert({Value::Int8(table.oid), Value::Int4(0), Value::Float8(0), Value::Int4(0), Value::Float8(0),
               Value::Null(), Value::Null(), Value::Null(), Value::Null(), Value::Float8(statistics.tuples),
               Value::Int8(statistics.pages)},
              snapshot.own_xid, cid);
  for (const ColumnStatistics& column : statistics.columns) {
    const types::TypeId type = table.columns[static_cast<size_t>(column.attnum - 1)].type.id;
    rows.Insert({Value::Int8(table.oid), Value::Int4(column.attnum), Value::Float8(column.null_fraction),
                 Value::Int4(column.average_width), Value::Float8(column.distinct),
                 ValuesText(column.common_values, type), FrequenciesText(column.common_frequencies),
                 ValuesText(column.histogram, type),
                 column.correlation ? Value::Float8(*column.correlation) : Value::Null(),
                 Value::Float8(0), Value::Int8(0)},
                snapshot.own_xid, cid);
  }
}

std::optional<RelationStatistics> Catalog::FindStatistics(const TableSchema& table,
                                                          const storage::Snapshot& snapshot) {
  std::optional<RelationStatistics> statistics;
  std::vector<CatalogRow> column_rows;
  for (auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kStatistic).Scan(snapshot)) {
    if (RelationOf(row) != table.oid) continue;
    if (row[pg_statistic::kNumber].AsInt() == 0) {
      statistics.emplace();
      statistics->tuples = row[pg_statistic::kTuples].AsDouble();
      statistics->pages = row[pg_statistic::kPages].AsInt();
    } else {
      column_rows.push_back(std::move(row));
    }
  }
  if (!statistics) return std::nullopt;
  for (const CatalogRow& row : column_rows) {
    const int64_t number = row[pg_statistic::kNumber].AsInt();
    if (number < 1 || static_cast<size_t>(number) > table.columns.size()) continue;
    const types::Type& type = table.columns[static_cast<size_t>(number - 1)].type;
    ColumnStatistics column;
    column.attnum = static_cast<int32_t>(number);
    column.null_fraction = row[pg_statistic::kNullFraction].AsDouble();
    column.average_width = static_cast<int32_t>(row[pg_statistic::kWidth].AsInt());
    column.distinct = row[pg_statistic::kDistinct].AsDouble();
    try {
      column.common_values = ParseValues(row[pg_statistic::kCommonValues], type);
      column.common_frequencies = ParseFrequencies(row[pg_statistic::kCommonFrequencies]);
      column.histogram = ParseValues(row[pg_statistic::kHistogram], type);
    } catch (const Error&) {
      // A column whose type changed since it was analyzed: its value lists no longer parse.
      column.common_values.clear();
      column.common_frequencies.clear();
      column.histogram.clear();
    }
    if (column.common_values.size() != column.common_frequencies.size()) {
      column.common_values.clear();
      column.common_frequencies.clear();
    }
    if (!row[pg_statistic::kCorrelation].is_null()) column.correlation = row[pg_statistic::kCorrelation].AsDouble();
    statistics->columns.push_back(std::move(column));
  }
  return statistics;
}

void Catalog::DeleteStatistics(Oid table, const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess rows(pool_, transactions_, SystemTable::kStatistic);
  for (const auto& [tid, row] : rows.Scan(snapshot)) {
    if (RelationOf(row) == table) rows.Delete(tid, snapshot.own_xid, cid);
  }
}

}  // namespace granary::catalog
