// Operations on non-NULL Values whose operand types the planner has already resolved.
//
// NULL handling belongs to the caller (the executor's expression programs): every function
// here requires non-NULL inputs. Results and errors follow PostgreSQL 15 exactly:
//   22003 numeric_value_out_of_range ("integer out of range", "smallint out of range",
//         "bigint out of range", "value out of range: overflow" for float8)
//   22012 division_by_zero ("division by zero")
//   22P02 invalid_text_representation (`invalid input syntax for type integer: "x"`)
//   22001 string_data_right_truncation (`value too long for type character varying(3)`)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/value.hpp"

namespace granary::types {

enum class ArithmeticOp { kAdd, kSubtract, kMultiply, kDivide, kModulo };

// Both operands have the same type, one of int2/int4/int8/float8/numeric; the result has
// that type. Integer division truncates toward zero; int % follows C (sign of dividend).
Value Arithmetic(ArithmeticOp op, const Value& left, const Value& right);
Value Negate(const Value& operand);

// date + int4 -> date, date - int4 -> date, date - date -> int4.
Value DatePlusDays(const Value& date, const Value& days);
Value DateMinusDays(const Value& date, const Value& days);
Value DateMinusDate(const Value& left, const Value& right);

// Three-way comparison of two values of the same type (text/varchar/unknown compare
// bytewise, like the "C" collation; float8 NaN is greater than everything and equal to
// itself, as PostgreSQL sorts it).
// Text, varchar and unknown values compare under the thread's active collation when a
// types::ScopedCollation is alive (collation.hpp), which raises 42P22 for an indeterminate one.
int Compare(const Value& left, const Value& right);
// The same with strings compared under `collation` (a pg_collation oid; 0 = default).
int Compare(const Value& left, const Value& right, uint32_t collation);
// Equal values (Compare == 0) hash equally.
size_t Hash(const Value& value);

// PostgreSQL's text output of a value: t/f, integers, float8 shortest round-trip, numeric
// with its scale, ISO dates and timestamps.
std::string ToText(const Value& value);
// Parses text input for `type` (applying its typmod as an assignment would).
Value FromText(std::string_view text, const Type& type);

// PostgreSQL's binary send format of a non-NULL value (the protocol's binary result format):
// big-endian integers, IEEE float8, numeric_send's base-10000 digits, date as int4 days and
// timestamp as int8 microseconds since 2000-01-01, text as its UTF-8 bytes. Appends to `out`.
void AppendBinary(const Value& value, std::string& out);
// The receive function of `type` over all of `bytes` (typmod applied as an assignment would;
// unknown is received as text). 08P01 `insufficient data left in message` when bytes run
// out; 22P03 when bytes are left over or a numeric's sign, scale or digit is invalid; 22008
// for a date/timestamp out of range; 22021 for text that is not UTF-8.
Value FromBinary(std::string_view bytes, const Type& type);

// How a cast was requested, which matters for varchar(n): an explicit cast truncates to n,
// an assignment (INSERT/UPDATE) raises 22001 when non-space characters would be lost.
enum class CastContext { kImplicit, kAssignment, kExplicit };

// Converts `value` (possibly NULL: stays NULL with the new type) to `target`. Every cast
// between the supported types that PostgreSQL allows; others raise 42846
// `cannot cast type <x> to <y>`. float8/numeric -> integer rounds as PostgreSQL does
// (float8: round half to even via rint; numeric: half away from zero).
Value Cast(const Value& value, const Type& target, CastContext context);
// timestamp(p), timestamptz(p), interval(p): `value` rounded to the type's precision; an
// interval to `interval <fields>` also truncated to the fields (TruncateIntervalToRange).
// Other values and types unchanged.
Value ApplySecondsPrecision(const Value& value, const Type& type);
// True if PostgreSQL permits this cast at all (explicitly).
bool CanCast(TypeId from, TypeId to);

}  // namespace granary::types
