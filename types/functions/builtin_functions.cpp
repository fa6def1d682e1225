// The table of built-in scalar functions. To add a function, add its implementation to the
// file of its family and one line per overload here.
#include "types/functions/builtin_functions.hpp"

#include <cstdlib>
#include <string>

#include "types/functions/aggregate_functions.hpp"
#include "types/functions/array_functions.hpp"
#include "types/functions/bytea_functions.hpp"
#include "types/functions/datetime_functions.hpp"
#include "types/functions/interval_constructors.hpp"
#include "types/functions/json_functions.hpp"
#include "types/functions/math_functions.hpp"
#include "types/functions/number_format.hpp"
#include "types/functions/pattern_functions.hpp"
#include "types/functions/regex_functions.hpp"
#include "types/functions/string_functions.hpp"
#include "types/functions/text_functions.hpp"
#include "types/uuid.hpp"

namespace granary::types {
namespace {

using enum TypeId;

// version(): PostgreSQL's shape, so tools that parse it see a compatible server.
Value Version(std::span<const Value>) {
  return Value::Text("PostgreSQL 15.0 (Granary 0.1.0) on x86_64-pc-linux-gnu, compiled by g++");
}

// booleq / boolne: the functions behind boolean = and <>, which PostgreSQL exposes by name.
Value BoolEqual(std::span<const Value> args) { return Value::Bool(args[0].AsBool() == args[1].AsBool()); }
Value BoolNotEqual(std::span<const Value> args) { return Value::Bool(args[0].AsBool() != args[1].AsBool()); }
// The transition functions of bool_and and bool_or (strict: NULL for a NULL input).
Value BoolAndStep(std::span<const Value> args) { return Value::Bool(args[0].AsBool() && args[1].AsBool()); }
Value BoolOrStep(std::span<const Value> args) { return Value::Bool(args[0].AsBool() || args[1].AsBool()); }

// pg_size_pretty(bigint): bytes below 10 kB, then kB, MB, GB, TB, PB, each rounded half up
// from one extra bit, as dbsize.c does.
Value SizePretty(std::span<const Value> args) {
  int64_t size = args[0].AsInt();
  constexpr int64_t kLimit = 10 * 1024;
  constexpr int64_t kLimit2 = kLimit * 2 - 1;
  const auto half_rounded = [](int64_t x) { return (x + (x < 0 ? -1 : 1)) / 2; };
  if (std::llabs(size) < kLimit) return Value::Text(std::to_string(size) + " bytes");
  size >>= 9;
  static constexpr const char* kUnits[] = {"kB", "MB", "GB", "TB"};
  for (const char* unit : kUnits) {
    if (std::llabs(size) < kLimit2) return Value::Text(std::to_string(half_rounded(size)) + " " + unit);
    size >>= 10;
  }
  return Value::Text(std::to_string(half_rounded(size)) + " PB");
}

// gen_random_uuid(): a version 4 uuid from the per-thread generator.
Value GenRandomUuid(std::span<const Value>) { return Value::OfString(kUuid, RandomUuid()); }

const std::vector<FunctionSignature>& Table() {
  static const std::vector<FunctionSignature> table = {
      {"length", {kText}, kInt4, Length},
      {"char_length", {kText}, kInt4, Length},
      {"character_length", {kText}, kInt4, Length},
      {"octet_length", {kText}, kInt4, OctetLength},
      {"bit_length", {kText}, kInt4, BitLength},
      {"bit_length", {kBytea}, kInt4, BitLength},
      {"make_interval", {}, kInterval, MakeInterval},
      {"make_interval", {kInt4}, kInterval, MakeInterval},
      {"make_interval", {kInt4, kInt4}, kInterval, MakeInterval},
      {"make_interval", {kInt4, kInt4, kInt4}, kInterval, MakeInterval},
      {"make_interval", {kInt4, kInt4, kInt4, kInt4}, kInterval, MakeInterval},
      {"make_interval", {kInt4, kInt4, kInt4, kInt4, kInt4}, kInterval, MakeInterval},
      {"make_interval", {kInt4, kInt4, kInt4, kInt4, kInt4, kInt4}, kInterval, MakeInterval},
      {"make_interval", {kInt4, kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8}, kInterval, MakeInterval},
      {"date_bin", {kInterval, kTimestamp, kTimestamp}, kTimestamp, DateBin},
      {"date_bin", {kInterval, kTimestampTz, kTimestampTz}, kTimestampTz, DateBin},
      {"to_hex", {kInt4}, kText, ToHex},
      {"to_hex", {kInt8}, kText, ToHex},
      {"length", {kBpchar}, kInt4, BpcharLength},
      {"char_length", {kBpchar}, kInt4, BpcharLength},
      {"character_length", {kBpchar}, kInt4, BpcharLength},
      {"octet_length", {kBpchar}, kInt4, OctetLength},
      {"upper", {kText}, kText, Upper},
      {"lower", {kText}, kText, Lower},
      {"substring", {kText, kInt4}, kText, Substring},
      {"substring", {kText, kInt4, kInt4}, kText, Substring},
      {"substring", {kText, kText}, kText, RegexSubstring},
      {"substring", {kText, kText, kText}, kText, SimilarSubstring},
      {"similar_to_escape", {kText}, kText, SimilarToEscape},
      {"similar_to_escape", {kText, kText}, kText, SimilarToEscape},
      {"substr", {kText, kInt4}, kText, Substring},
      {"substr", {kText, kInt4, kInt4}, kText, Substring},
      {"btrim", {kText}, kText, BothTrim},
      {"btrim", {kText, kText}, kText, BothTrim},
      {"ltrim", {kText}, kText, LeadingTrim},
      {"ltrim", {kText, kText}, kText, LeadingTrim},
      {"rtrim", {kText}, kText, TrailingTrim},
      {"rtrim", {kText, kText}, kText, TrailingTrim},
      {"position", {kText, kText}, kInt4, Position},
      {"strpos", {kText, kText}, kInt4, Position},
      {"replace", {kText, kText, kText}, kText, Replace},
      {"repeat", {kText, kInt4}, kText, Repeat},
      {"length", {kBytea}, kInt4, ByteaLength},
      {"octet_length", {kBytea}, kInt4, ByteaLength},
      {"substring", {kBytea, kInt4}, kBytea, ByteaSubstring},
      {"substring", {kBytea, kInt4, kInt4}, kBytea, ByteaSubstring},
      {"substr", {kBytea, kInt4}, kBytea, ByteaSubstring},
      {"substr", {kBytea, kInt4, kInt4}, kBytea, ByteaSubstring},
      {"encode", {kBytea, kText}, kText, Encode},
      {"decode", {kText, kText}, kBytea, Decode},
      {"get_byte", {kBytea, kInt4}, kInt4, GetByte},
      {"set_byte", {kBytea, kInt4, kInt4}, kBytea, SetByte},
      {"md5", {kText}, kText, Md5},
      {"md5", {kBytea}, kText, Md5},
      {"sha256", {kBytea}, kBytea, Sha256},
      {"abs", {kInt2}, kInt2, Abs},
      {"abs", {kInt4}, kInt4, Abs},
      {"abs", {kInt8}, kInt8, Abs},
      {"abs", {kNumeric}, kNumeric, Abs},
      {"abs", {kFloat4}, kFloat4, Abs},
      {"abs", {kFloat8}, kFloat8, Abs},
      {"round", {kNumeric}, kNumeric, RoundNumeric},
      {"round", {kNumeric, kInt4}, kNumeric, RoundNumeric},
      {"round", {kFloat8}, kFloat8, RoundFloat8},
      {"trunc", {kNumeric}, kNumeric, TruncateNumeric},
      {"trunc", {kNumeric, kInt4}, kNumeric, TruncateNumeric},
      {"trunc", {kFloat8}, kFloat8, TruncateFloat8},
      {"ceil", {kFloat8}, kFloat8, CeilFloat8},
      {"ceiling", {kFloat8}, kFloat8, CeilFloat8},
      {"floor", {kFloat8}, kFloat8, FloorFloat8},
      {"sqrt", {kFloat8}, kFloat8, SqrtFloat8},
      {"now", {}, kTimestampTz, Now},
      {"transaction_timestamp", {}, kTimestampTz, Now},
      {"current_timestamp", {}, kTimestampTz, Now},
      {"current_timestamp", {kInt4}, kTimestampTz, Now},
      {"statement_timestamp", {}, kTimestampTz, StatementTimestampFunction},
      {"clock_timestamp", {}, kTimestampTz, ClockTimestampFunction},
      {"timeofday", {}, kText, TimeOfDay},
      {"current_date", {}, kDate, CurrentDate},
      {"localtimestamp", {}, kTimestamp, LocalTimestamp},
      {"localtimestamp", {kInt4}, kTimestamp, LocalTimestamp},
      {"timezone", {kText, kTimestamp}, kTimestampTz, TimestampAtZone},
      {"timezone", {kText, kTimestampTz}, kTimestamp, TimestampTzAtZone},
      {"timezone", {kInterval, kTimestamp}, kTimestampTz, TimestampAtInterval},
      {"timezone", {kInterval, kTimestampTz}, kTimestamp, TimestampTzAtInterval},
      {"age", {kTimestamp, kTimestamp}, kInterval, AgeTimestamp},
      {"age", {kTimestamp}, kInterval, AgeTimestamp},
      {"age", {kTimestampTz, kTimestampTz}, kInterval, AgeTimestampTz},
      {"age", {kTimestampTz}, kInterval, AgeTimestampTz},
      {"justify_hours", {kInterval}, kInterval, JustifyHoursFunction},
      {"justify_days", {kInterval}, kInterval, JustifyDaysFunction},
      {"justify_interval", {kInterval}, kInterval, JustifyIntervalFunction},
      {"to_timestamp", {kFloat8}, kTimestampTz, ToTimestampEpoch},
      {"to_timestamp", {kText, kText}, kTimestampTz, ToTimestampFormat},
      {"to_date", {kText, kText}, kDate, ToDateFormat},
      {"to_char", {kTimestamp, kText}, kText, ToCharTimestamp},
      {"to_char", {kTimestampTz, kText}, kText, ToCharTimestamp},
      {"to_char", {kInterval, kText}, kText, ToCharInterval},
      {"to_char", {kInt4, kText}, kText, ToCharNumber},
      {"to_char", {kInt8, kText}, kText, ToCharNumber},
      {"to_char", {kNumeric, kText}, kText, ToCharNumber},
      {"to_char", {kFloat4, kText}, kText, ToCharNumber},
      {"to_char", {kFloat8, kText}, kText, ToCharNumber},
      {"to_number", {kText, kText}, kNumeric, ToNumber},
      {"make_date", {kInt4, kInt4, kInt4}, kDate, MakeDate},
      {"make_timestamp", {kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8}, kTimestamp, MakeTimestamp},
      {"make_timestamptz", {kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8}, kTimestampTz, MakeTimestampTz},
      {"make_timestamptz", {kInt4, kInt4, kInt4, kInt4, kInt4, kFloat8, kText}, kTimestampTz, MakeTimestampTz},
      {"booleq", {kBool, kBool}, kBool, BoolEqual},
      {"boolne", {kBool, kBool}, kBool, BoolNotEqual},
      {"booland_statefunc", {kBool, kBool}, kBool, BoolAndStep},
      {"boolor_statefunc", {kBool, kBool}, kBool, BoolOrStep},
      {"float8_accum", {kFloat8Array, kFloat8}, kFloat8Array, Float8Accumulate},
      {"float8_regr_accum", {kFloat8Array, kFloat8, kFloat8}, kFloat8Array, Float8RegressionAccumulate},
      {"float8_combine", {kFloat8Array, kFloat8Array}, kFloat8Array, Float8Combine},
      {"float8_regr_combine", {kFloat8Array, kFloat8Array}, kFloat8Array, Float8RegressionCombine},
      {"isfinite", {kDate}, kBool, IsFiniteDate},
      {"isfinite", {kTimestamp}, kBool, IsFiniteTimestamp},
      {"isfinite", {kTimestampTz}, kBool, IsFiniteTimestamp},
      {"isfinite", {kInterval}, kBool, IsFiniteTimestamp},
      {"date_part", {kText, kTimestamp}, kFloat8, DatePart},
      {"date_part", {kText, kTimestampTz}, kFloat8, DatePart},
      {"date_part", {kText, kInterval}, kFloat8, DatePart},
      {"date_part", {kText, kDate}, kFloat8, DatePart},
      {"extract", {kText, kTimestamp}, kNumeric, Extract},
      {"extract", {kText, kTimestampTz}, kNumeric, Extract},
      {"extract", {kText, kInterval}, kNumeric, Extract},
      {"extract", {kText, kDate}, kNumeric, Extract},
      {"date_trunc", {kText, kTimestamp}, kTimestamp, DateTrunc},
      {"date_trunc", {kText, kTimestampTz}, kTimestampTz, DateTrunc},
      {"date_trunc", {kText, kInterval}, kInterval, DateTrunc},
      {"date_trunc", {kText, kTimestampTz, kText}, kTimestampTz, DateTrunc},
      // time and timetz (time_functions.cpp; their parts in datetime_part_functions.cpp).
      {"current_time", {}, kTimeTz, CurrentTimeFunction},
      {"current_time", {kInt4}, kTimeTz, CurrentTimeFunction},
      {"localtime", {}, kTime, LocalTimeFunction},
      {"localtime", {kInt4}, kTime, LocalTimeFunction},
      {"make_time", {kInt4, kInt4, kFloat8}, kTime, MakeTime},
      {"timezone", {kText, kTimeTz}, kTimeTz, TimeTzAtZone},
      {"timezone", {kInterval, kTimeTz}, kTimeTz, TimeTzAtInterval},
      {"date_part", {kText, kTime}, kFloat8, DatePart},
      {"date_part", {kText, kTimeTz}, kFloat8, DatePart},
      {"extract", {kText, kTime}, kNumeric, Extract},
      {"extract", {kText, kTimeTz}, kNumeric, Extract},
      {"overlaps", {kTimestampTz, kTimestampTz, kTimestampTz, kTimestampTz}, kBool, Overlaps, false},
      {"overlaps", {kTimestampTz, kInterval, kTimestampTz, kInterval}, kBool, Overlaps, false},
      {"overlaps", {kTimestampTz, kTimestampTz, kTimestampTz, kInterval}, kBool, Overlaps, false},
      {"overlaps", {kTimestampTz, kInterval, kTimestampTz, kTimestampTz}, kBool, Overlaps, false},
      {"overlaps", {kTimestamp, kTimestamp, kTimestamp, kTimestamp}, kBool, Overlaps, false},
      {"overlaps", {kTimestamp, kInterval, kTimestamp, kInterval}, kBool, Overlaps, false},
      {"overlaps", {kTimestamp, kTimestamp, kTimestamp, kInterval}, kBool, Overlaps, false},
      {"overlaps", {kTimestamp, kInterval, kTimestamp, kTimestamp}, kBool, Overlaps, false},
      {"overlaps", {kTime, kTime, kTime, kTime}, kBool, Overlaps, false},
      {"overlaps", {kTime, kInterval, kTime, kInterval}, kBool, Overlaps, false},
      {"overlaps", {kTime, kTime, kTime, kInterval}, kBool, Overlaps, false},
      {"overlaps", {kTime, kInterval, kTime, kTime}, kBool, Overlaps, false},
      {"overlaps", {kTimeTz, kTimeTz, kTimeTz, kTimeTz}, kBool, Overlaps, false},
      // Arrays: anyarray and anyelement are resolved by the analyzer to one array type and
      // its element type.
      {"array_length", {kAnyArray, kInt4}, kInt4, ArrayLength},
      {"array_lower", {kAnyArray, kInt4}, kInt4, ArrayLower},
      {"array_upper", {kAnyArray, kInt4}, kInt4, ArrayUpper},
      {"array_ndims", {kAnyArray}, kInt4, ArrayNdims},
      {"array_dims", {kAnyArray}, kText, ArrayDims},
      {"cardinality", {kAnyArray}, kInt4, Cardinality},
      {"array_to_string", {kAnyArray, kText}, kText, ArrayToString},
      {"array_to_string", {kAnyArray, kText, kText}, kText, ArrayToString, false},
      {"string_to_array", {kText, kText}, kTextArray, StringToArray, false},
      {"jsonb_typeof", {kJsonb}, kText, JsonTypeof},
      {"json_typeof", {kJson}, kText, JsonTypeof},
      {"jsonb_array_length", {kJsonb}, kInt4, JsonArrayLength},
      {"json_array_length", {kJson}, kInt4, JsonArrayLength},
      {"jsonb_set", {kJsonb, kTextArray, kJsonb}, kJsonb, JsonbSet},
      {"jsonb_set", {kJsonb, kTextArray, kJsonb, kBool}, kJsonb, JsonbSet},
      {"jsonb_insert", {kJsonb, kTextArray, kJsonb}, kJsonb, JsonbInsert},
      {"jsonb_insert", {kJsonb, kTextArray, kJsonb, kBool}, kJsonb, JsonbInsert},
      {"jsonb_strip_nulls", {kJsonb}, kJsonb, JsonStripNulls},
      {"json_strip_nulls", {kJson}, kJson, JsonStripNulls},
      {"jsonb_pretty", {kJsonb}, kText, JsonbPretty},
      {"gen_random_uuid", {}, kUuid, GenRandomUuid},
      {"string_to_array", {kText, kText, kText}, kTextArray, StringToArray, false},
      {"array_append", {kAnyArray, kAnyElement}, kAnyArray, ArrayAppend, false},
      {"array_prepend", {kAnyElement, kAnyArray}, kAnyArray, ArrayPrepend, false},
      {"array_cat", {kAnyArray, kAnyArray}, kAnyArray, ArrayCat, false},
      {"array_position", {kAnyArray, kAnyElement}, kInt4, ArrayPosition, false},
      {"array_position", {kAnyArray, kAnyElement, kInt4}, kInt4, ArrayPosition, false},
      {"array_positions", {kAnyArray, kAnyElement}, kInt4Array, ArrayPositions, false},
      {"array_remove", {kAnyArray, kAnyElement}, kAnyArray, ArrayRemove, false},
      {"array_replace", {kAnyArray, kAnyElement, kAnyElement}, kAnyArray, ArrayReplace, false},
      {"array_fill", {kAnyElement, kInt4Array}, kAnyArray, ArrayFill, false},
      {"array_fill", {kAnyElement, kInt4Array, kInt4Array}, kAnyArray, ArrayFill, false},
      {"trim_array", {kAnyArray, kInt4}, kAnyArray, TrimArray},
      {"arraycontains", {kAnyArray, kAnyArray}, kBool, ArrayContains},
      {"arraycontained", {kAnyArray, kAnyArray}, kBool, ArrayContainedBy},
      {"arrayoverlap", {kAnyArray, kAnyArray}, kBool, ArrayOverlaps},
      // String functions of varlena.c and oracle_compat.c (concat, concat_ws and format are
      // VARIADIC "any": the analyzer binds them).
      {"split_part", {kText, kText, kInt4}, kText, SplitPart},
      {"chr", {kInt4}, kText, Chr},
      {"ascii", {kText}, kInt4, Ascii},
      {"left", {kText, kInt4}, kText, Left},
      {"right", {kText, kInt4}, kText, Right},
      {"lpad", {kText, kInt4}, kText, LeftPad},
      {"lpad", {kText, kInt4, kText}, kText, LeftPad},
      {"rpad", {kText, kInt4}, kText, RightPad},
      {"rpad", {kText, kInt4, kText}, kText, RightPad},
      {"reverse", {kText}, kText, Reverse},
      {"initcap", {kText}, kText, InitCap},
      {"translate", {kText, kText, kText}, kText, Translate},
      {"starts_with", {kText, kText}, kBool, StartsWith},
      {"overlay", {kText, kText, kInt4}, kText, Overlay},
      {"overlay", {kText, kText, kInt4, kInt4}, kText, Overlay},
      {"quote_ident", {kText}, kText, QuoteIdent},
      {"quote_literal", {kText}, kText, QuoteLiteral},
      {"quote_literal", {kAnyElement}, kText, QuoteLiteral},
      {"quote_nullable", {kText}, kText, QuoteNullable, false},
      {"quote_nullable", {kAnyElement}, kText, QuoteNullable, false},
      {"regexp_replace", {kText, kText, kText}, kText, RegexpReplace},
      {"regexp_replace", {kText, kText, kText, kText}, kText, RegexpReplace},
      {"regexp_replace", {kText, kText, kText, kInt4}, kText, RegexpReplace},
      {"regexp_replace", {kText, kText, kText, kInt4, kInt4}, kText, RegexpReplace},
      {"regexp_replace", {kText, kText, kText, kInt4, kInt4, kText}, kText, RegexpReplace},
      {"regexp_match", {kText, kText}, kTextArray, RegexpMatch},
      {"regexp_match", {kText, kText, kText}, kTextArray, RegexpMatch},
      {"regexp_split_to_array", {kText, kText}, kTextArray, RegexpSplitToArray},
      {"regexp_split_to_array", {kText, kText, kText}, kTextArray, RegexpSplitToArray},
      {"regexp_count", {kText, kText}, kInt4, RegexpCount},
      {"regexp_count", {kText, kText, kInt4}, kInt4, RegexpCount},
      {"regexp_count", {kText, kText, kInt4, kText}, kInt4, RegexpCount},
      {"regexp_like", {kText, kText}, kBool, RegexpLike},
      {"regexp_like", {kText, kText, kText}, kBool, RegexpLike},
      {"regexp_instr", {kText, kText}, kInt4, RegexpInstr},
      {"regexp_instr", {kText, kText, kInt4}, kInt4, RegexpInstr},
      {"regexp_instr", {kText, kText, kInt4, kInt4}, kInt4, RegexpInstr},
      {"regexp_instr", {kText, kText, kInt4, kInt4, kInt4}, kInt4, RegexpInstr},
      {"regexp_instr", {kText, kText, kInt4, kInt4, kInt4, kText}, kInt4, RegexpInstr},
      {"regexp_instr", {kText, kText, kInt4, kInt4, kInt4, kText, kInt4}, kInt4, RegexpInstr},
      {"regexp_substr", {kText, kText}, kText, RegexpSubstr},
      {"regexp_substr", {kText, kText, kInt4}, kText, RegexpSubstr},
      {"regexp_substr", {kText, kText, kInt4, kInt4}, kText, RegexpSubstr},
      {"regexp_substr", {kText, kText, kInt4, kInt4, kText}, kText, RegexpSubstr},
      {"regexp_substr", {kText, kText, kInt4, kInt4, kText, kInt4}, kText, RegexpSubstr},
      // Math functions of float.c, numeric.c and int.c.
      {"power", {kFloat8, kFloat8}, kFloat8, PowerFloat8},
      {"pow", {kFloat8, kFloat8}, kFloat8, PowerFloat8},
      {"ln", {kFloat8}, kFloat8, LnFloat8},
      {"log", {kFloat8}, kFloat8, Log10Float8},
      {"log10", {kFloat8}, kFloat8, Log10Float8},
      {"exp", {kFloat8}, kFloat8, ExpFloat8},
      {"sqrt", {kNumeric}, kNumeric, SqrtNumeric},
      {"power", {kNumeric, kNumeric}, kNumeric, PowerNumeric},
      {"pow", {kNumeric, kNumeric}, kNumeric, PowerNumeric},
      {"ln", {kNumeric}, kNumeric, LnNumeric},
      {"log", {kNumeric}, kNumeric, Log10Numeric},
      {"log10", {kNumeric}, kNumeric, Log10Numeric},
      {"log", {kNumeric, kNumeric}, kNumeric, LogNumeric},
      {"exp", {kNumeric}, kNumeric, ExpNumeric},
      {"cbrt", {kFloat8}, kFloat8, CbrtFloat8},
      {"sign", {kFloat8}, kFloat8, SignFloat8},
      {"sign", {kNumeric}, kNumeric, SignNumeric},
      {"pi", {}, kFloat8, Pi},
      {"degrees", {kFloat8}, kFloat8, Degrees},
      {"radians", {kFloat8}, kFloat8, Radians},
      {"sin", {kFloat8}, kFloat8, Sin},
      {"cos", {kFloat8}, kFloat8, Cos},
      {"tan", {kFloat8}, kFloat8, Tan},
      {"cot", {kFloat8}, kFloat8, Cot},
      {"asin", {kFloat8}, kFloat8, Asin},
      {"acos", {kFloat8}, kFloat8, Acos},
      {"atan", {kFloat8}, kFloat8, Atan},
      {"atan2", {kFloat8, kFloat8}, kFloat8, Atan2},
      {"sinh", {kFloat8}, kFloat8, Sinh},
      {"cosh", {kFloat8}, kFloat8, Cosh},
      {"tanh", {kFloat8}, kFloat8, Tanh},
      {"asinh", {kFloat8}, kFloat8, Asinh},
      {"acosh", {kFloat8}, kFloat8, Acosh},
      {"atanh", {kFloat8}, kFloat8, Atanh},
      {"mod", {kInt2, kInt2}, kInt2, Mod},
      {"mod", {kInt4, kInt4}, kInt4, Mod},
      {"mod", {kInt8, kInt8}, kInt8, Mod},
      {"mod", {kNumeric, kNumeric}, kNumeric, Mod},
      {"div", {kNumeric, kNumeric}, kNumeric, DivNumeric},
      {"gcd", {kInt4, kInt4}, kInt4, Gcd},
      {"gcd", {kInt8, kInt8}, kInt8, Gcd},
      {"gcd", {kNumeric, kNumeric}, kNumeric, Gcd},
      {"lcm", {kInt4, kInt4}, kInt4, Lcm},
      {"lcm", {kInt8, kInt8}, kInt8, Lcm},
      {"lcm", {kNumeric, kNumeric}, kNumeric, Lcm},
      {"scale", {kNumeric}, kInt4, ScaleNumeric},
      {"min_scale", {kNumeric}, kInt4, MinScaleNumeric},
      {"trim_scale", {kNumeric}, kNumeric, TrimScaleNumeric},
      {"ceil", {kNumeric}, kNumeric, CeilNumeric},
      {"ceiling", {kNumeric}, kNumeric, CeilNumeric},
      {"floor", {kNumeric}, kNumeric, FloorNumeric},
      {"factorial", {kInt8}, kNumeric, Factorial},
      {"random", {}, kFloat8, Random},
      {"width_bucket", {kFloat8, kFloat8, kFloat8, kInt4}, kInt4, WidthBucket},
      {"width_bucket", {kNumeric, kNumeric, kNumeric, kInt4}, kInt4, WidthBucket},
      {"pg_size_pretty", {kInt8}, kText, SizePretty},
      {"version", {}, kText, Version},
  };
  return table;
}

}  // namespace

std::vector<const FunctionSignature*> AllFunctions() {
  std::vector<const FunctionSignature*> all;
  for (const FunctionSignature& signature : Table()) all.push_back(&signature);
  return all;
}

std::vector<const FunctionSignature*> FindFunctions(std::string_view name) {
  std::vector<const FunctionSignature*> found;
  for (const FunctionSignature& signature : Table()) {
    if (signature.name == name) found.push_back(&signature);
  }
  return found;
}

}  // namespace granary::types
