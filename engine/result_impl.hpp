// Result::Impl — a statement's materialised outcome.
#pragma once

#include "types/oid_names.hpp"

#include <memory>
#include <string>
#include <vector>

#include "granary/granary.hpp"
#include "types/bytea.hpp"
#include "types/datetime_style.hpp"
#include "types/float_format.hpp"
#include "types/tz_database.hpp"
#include "types/value.hpp"

namespace granary {

struct Result::Impl {
  std::string command_tag;
  uint64_t affected_rows = 0;
  bool returns_rows = false;
  std::vector<ColumnInfo> columns;
  std::vector<types::Type> column_types;
  std::vector<std::vector<types::Value>> rows;
  std::vector<Error> notices;
  // A FETCH from a BINARY cursor: the simple query protocol sends its rows in binary.
  bool binary_cursor = false;
  // bytea_output when the statement ran: the text form of its bytea values.
  types::ByteaOutput bytea_output = types::ByteaOutput::kHex;
  // TimeZone when the statement ran: the text form of its timestamptz values (null: UTC).
  std::shared_ptr<const types::TimeZone> time_zone;
  // DateStyle and IntervalStyle when the statement ran: the text form of its date/time values.
  types::DatetimeStyle datetime_style;
  // extra_float_digits when the statement ran: the text form of its float4/float8 values.
  int extra_float_digits = types::kDefaultExtraFloatDigits;
  // The catalog names regclass/regproc values print as (null: none in the result).
  std::shared_ptr<const types::OidNames> oid_names;
  // COPY: direction, columns, format; COPY TO's output rows (each ending at its offset in
  // copy_row_ends).
  CopyDirection copy_direction = CopyDirection::kNone;
  size_t copy_column_count = 0;
  bool copy_binary = false;
  std::string copy_data;
  std::vector<size_t> copy_row_ends;

  void SetColumns(const std::vector<std::string>& names, const std::vector<types::Type>& types);
};

}  // namespace granary
