// Raw AST: type names as written (TypeName) and the INTERVAL field masks of their type
// modifiers. Part of the raw syntax tree described in ast.hpp; types/ reads these masks too.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace granary::parser {

// A type as written: `integer`, `varchar(20)`, `numeric(10, 2)`, `double precision`.
// Multi-word SQL-standard spellings are normalised by the grammar to PostgreSQL's internal
// names: INTEGER/INT -> "int4", SMALLINT -> "int2", BIGINT -> "int8", REAL -> "float4",
// DOUBLE PRECISION/FLOAT -> "float8", BOOLEAN -> "bool", CHARACTER VARYING/VARCHAR ->
// "varchar", CHAR/CHARACTER -> "bpchar", DECIMAL/NUMERIC -> "numeric",
// TIMESTAMP [WITHOUT TIME ZONE] -> "timestamp", TIMESTAMP WITH TIME ZONE -> "timestamptz",
// TIME -> "time". Other names (text, date, int4, user types) are kept as written.
// Also TIME WITH TIME ZONE -> "timetz", BIT [VARYING] -> "bit" / "varbit". Omitted lengths
// follow PostgreSQL: CHAR and BIT mean length 1 ({1}) except in a typed literal such as
// CHAR 'x'. INTERVAL fields use PostgreSQL's raw interval typmod list: {field mask} or
// {field mask, precision}, with the masks of interval_mask below (INTERVAL(p) is
// {kFullRange, p}). FLOAT(p) is "float4" for p <= 24, else "float8".
struct TypeName {
  std::vector<std::string> names;  // possibly schema-qualified
  std::vector<int64_t> modifiers;  // (20) or (10, 2)
  int array_bounds = 0;            // number of [] suffixes
  int location = -1;
};

// Interval field masks in INTERVAL type modifiers: PostgreSQL's INTERVAL_MASK() of its
// datetime field numbers, so that intervals share PostgreSQL's typmod layout.
namespace interval_mask {
inline constexpr int64_t kMonth = int64_t{1} << 1;
inline constexpr int64_t kYear = int64_t{1} << 2;
inline constexpr int64_t kDay = int64_t{1} << 3;
inline constexpr int64_t kHour = int64_t{1} << 10;
inline constexpr int64_t kMinute = int64_t{1} << 11;
inline constexpr int64_t kSecond = int64_t{1} << 12;
inline constexpr int64_t kFullRange = 0x7FFF;
}  // namespace interval_mask

}  // namespace granary::parser
