// Result and Row: the public view of a statement's outcome.
#include "common/sqlstate.hpp"
#include "engine/result_impl.hpp"
#include "types/datetime_output.hpp"
#include "types/value_ops.hpp"

namespace granary {
namespace {

const types::Value& ValueAt(const Result& result, size_t row, size_t column) {
  const auto& rows = result.impl().rows;
  if (row >= rows.size() || column >= rows[row].size()) {
    throw Error(sqlstate::kInvalidParameterValue,
                "column index " + std::to_string(column) + " is out of range");
  }
  return rows[row][column];
}

const types::Value& NonNull(const Result& result, size_t row, size_t column) {
  const types::Value& value = ValueAt(result, row, column);
  if (value.is_null()) {
    throw Error(sqlstate::kNullValueNotAllowed,
                "column " + std::to_string(column) + " is NULL; use IsNull or an Optional getter");
  }
  return value;
}

}  // namespace

void Result::Impl::SetColumns(const std::vector<std::string>& names,
                              const std::vector<types::Type>& types) {
  returns_rows = true;
  column_types = types;
  columns.clear();
  for (size_t i = 0; i < names.size(); ++i) {
    // An untyped literal that reaches the output is text, as PostgreSQL resolves it.
    const types::Type type = types[i].id == types::TypeId::kUnknown
                                 ? types::Type{types::TypeId::kText, -1}
                                 : types[i];
    column_types[i] = type;
    const types::TypeInfo& info = types::InfoOf(type.id);
    // A record's typmod numbers its fields' descriptor inside this process only
    // (types/record.hpp) and an enum's is its oid: clients see -1, as PostgreSQL sends.
    columns.push_back(ColumnInfo{names[i], types::TypeOid(type), types::ClientTypmod(type), info.length,
                                 types::FormatType(type)});
  }
}

Result::Result() : impl_(std::make_unique<Impl>()) {}
Result::~Result() = default;
Result::Result(Result&&) noexcept = default;
Result& Result::operator=(Result&&) noexcept = default;

const std::string& Result::command_tag() const { return impl_->command_tag; }
uint64_t Result::affected_rows() const { return impl_->affected_rows; }
bool Result::returns_rows() const { return impl_->returns_rows; }
const std::vector<ColumnInfo>& Result::columns() const { return impl_->columns; }
size_t Result::row_count() const { return impl_->rows.size(); }
Row Result::row(size_t index) const { return Row(this, index); }
const std::vector<Error>& Result::notices() const { return impl_->notices; }
bool Result::binary_cursor() const { return impl_->binary_cursor; }

Result::CopyDirection Result::copy_direction() const { return impl_->copy_direction; }
size_t Result::copy_column_count() const { return impl_->copy_column_count; }
bool Result::copy_binary() const { return impl_->copy_binary; }
size_t Result::copy_row_count() const { return impl_->copy_row_ends.size(); }

std::string_view Result::copy_row(size_t index) const {
  const size_t begin = index == 0 ? 0 : impl_->copy_row_ends[index - 1];
  return std::string_view(impl_->copy_data).substr(begin, impl_->copy_row_ends[index] - begin);
}

size_t Row::size() const { return result_->columns().size(); }

bool Row::IsNull(size_t column) const { return ValueAt(*result_, index_, column).is_null(); }

bool Row::GetBool(size_t column) const {
  return types::Cast(NonNull(*result_, index_, column), types::Type{types::TypeId::kBool, -1},
                     types::CastContext::kExplicit)
      .AsBool();
}

int64_t Row::GetInt64(size_t column) const {
  return types::Cast(NonNull(*result_, index_, column), types::Type{types::TypeId::kInt8, -1},
                     types::CastContext::kExplicit)
      .AsInt();
}

double Row::GetDouble(size_t column) const {
  return types::Cast(NonNull(*result_, index_, column), types::Type{types::TypeId::kFloat8, -1},
                     types::CastContext::kExplicit)
      .AsDouble();
}

std::string Row::GetString(size_t column) const {
  const types::Value& value = NonNull(*result_, index_, column);
  const types::ScopedDatetimeStyle datetime_style(result_->impl().datetime_style);
  if (value.type() == types::TypeId::kTimestampTz && result_->impl().time_zone) {
    return types::TimestampTzOut(value.AsInt(), *result_->impl().time_zone);
  }
  const types::ScopedByteaOutput bytea_output(result_->impl().bytea_output);
  const types::ScopedOidNames oid_names(result_->impl().oid_names.get());
  const types::ScopedExtraFloatDigits float_digits(result_->impl().extra_float_digits);
  return types::ToText(value);
}

void Row::AppendBinary(size_t column, std::string& out) const {
  types::AppendBinary(NonNull(*result_, index_, column), out);
}

std::optional<int64_t> Row::GetOptionalInt64(size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return GetInt64(column);
}

std::optional<double> Row::GetOptionalDouble(size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return GetDouble(column);
}

std::optional<std::string> Row::GetOptionalString(size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return GetString(column);
}

}  // namespace granary
