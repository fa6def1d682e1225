// Text input and output of values: PostgreSQL's type input functions (int2in, int4in,
// int8in, boolin, float8in, numeric_in, varchar_in, date_in, timestamp_in) and output
// functions, plus varchar(n) length coercion which input shares with casts.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/enum.hpp"
#include "types/json.hpp"
#include "types/uuid.hpp"
#include "types/array.hpp"
#include "types/bpchar.hpp"
#include "types/record.hpp"
#include "types/bytea.hpp"
#include "types/oid_names.hpp"
#include "types/datetime.hpp"
#include "types/datetime_output.hpp"
#include "types/time.hpp"
#include "types/timestamptz.hpp"
#include "types/float_format.hpp"
#include "types/value_internal.hpp"
#include "types/value_ops.hpp"

#include <cstdio>

namespace granary::types {
namespace value_internal {
namespace {

// xidin: C's strtoul with base 0 (0x hex, leading-0 octal), truncated to 32 bits; text
// that does not start with a number reads as 0, as PostgreSQL 15's xidin does.
int64_t ParseXid(std::string_view text) {
  const std::string terminated(text);
  const unsigned long long value = std::strtoull(terminated.c_str(), nullptr, 0);
  return static_cast<int64_t>(static_cast<uint32_t>(value));
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Byte length of the UTF-8 character starting with `lead` (pg_utf_mblen).
size_t Utf8Length(unsigned char lead) {
  if ((lead & 0x80) == 0) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Bytes taken by the first `limit` characters of `text` (pg_mbcharcliplen).
size_t ClipToCharacters(std::string_view text, size_t limit) {
  size_t bytes = 0;
  size_t characters = 0;
  while (bytes < text.size()) {
    const size_t length = Utf8Length(static_cast<unsigned char>(text[bytes]));
    if (++characters > limit) break;
    bytes += length;
  }
  return std::min(bytes, text.size());
}

// Case-insensitive: is `text` a prefix of `word` (text no longer than word)?
bool IsPrefixOf(std::string_view text, std::string_view word, size_t compare_length) {
  // pg_strncasecmp(text, word, n): compares n characters, a shorter side ending the match.
  for (size_t i = 0; i < compare_length; ++i) {
    const char left = i < text.size() ? text[i] : '\0';
    const char right = i < word.size() ? word[i] : '\0';
    if (std::tolower(static_cast<unsigned char>(left)) !=
        std::tolower(static_cast<unsigned char>(right))) {
      return false;
    }
    if (left == '\0') return true;
  }
  return true;
}

}  // namespace

[[noreturn]] void ThrowIntegerOutOfRange(TypeId type) {
  const char* message = type == TypeId::kInt2   ? "smallint out of range"
                        : type == TypeId::kInt4 ? "integer out of range"
                                                : "bigint out of range";
  throw Error(sqlstate::kNumericValueOutOfRange, message);
}

int64_t CheckIntegerRange(int64_t value, TypeId type) {
  switch (type) {
    case TypeId::kInt2:
      if (value < INT16_MIN || value > INT16_MAX) ThrowIntegerOutOfRange(type);
      break;
    case TypeId::kInt4:
      if (value < INT32_MIN || value > INT32_MAX) ThrowIntegerOutOfRange(type);
      break;
    default:
      break;
  }
  return value;
}

int64_t ParseInteger(std::string_view text, TypeId type) {
  const std::string_view type_name = InfoOf(type).sql_name;
  const int64_t min = type == TypeId::kInt2   ? INT16_MIN
                      : type == TypeId::kInt4 ? INT32_MIN
                                              : INT64_MIN;
  const int64_t max = type == TypeId::kInt2   ? INT16_MAX
                      : type == TypeId::kInt4 ? INT32_MAX
                                              : INT64_MAX;
  size_t pos = 0;
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  auto invalid = [&]() {
    return Error(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type " +
                                                           std::string(type_name) + ": \"" +
                                                           std::string(text) + "\"");
  };
  if (pos >= text.size() || !IsDigit(text[pos])) throw invalid();
  // Accumulate negatively so that the minimum of each type is reachable; overflow is
  // reported as soon as it happens, before any trailing garbage is looked at.
  int64_t value = 0;
  while (pos < text.size() && IsDigit(text[pos])) {
    const int digit = text[pos++] - '0';
    if (__builtin_mul_overflow(value, int64_t{10}, &value) ||
        __builtin_sub_overflow(value, int64_t{digit}, &value) || value < min) {
      throw Error(
          sqlstate::kNumericValueOutOfRange,
          "value \"" + std::string(text) + "\" is out of range for type " + std::string(type_name));
    }
  }
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  if (pos != text.size()) throw invalid();
  if (!negative) {
    if (value < -max) {
      throw Error(
          sqlstate::kNumericValueOutOfRange,
          "value \"" + std::string(text) + "\" is out of range for type " + std::string(type_name));
    }
    value = -value;
  }
  return value;
}

bool ParseBool(std::string_view text) {
  std::string_view value = text;
  while (!value.empty() && IsSpace(value.front())) value.remove_prefix(1);
  while (!value.empty() && IsSpace(value.back())) value.remove_suffix(1);
  const size_t length = value.size();
  if (length > 0) {
    switch (std::tolower(static_cast<unsigned char>(value[0]))) {
      case 't':
        if (IsPrefixOf(value, "true", length)) return true;
        break;
      case 'f':
        if (IsPrefixOf(value, "false", length)) return false;
        break;
      case 'y':
        if (IsPrefixOf(value, "yes", length)) return true;
        break;
      case 'n':
        if (IsPrefixOf(value, "no", length)) return false;
        break;
      case 'o':
        // "o" alone is ambiguous between on and off: at least two characters count.
        if (length >= 2 && IsPrefixOf(value, "on", length)) return true;
        if (length >= 2 && IsPrefixOf(value, "off", length)) return false;
        break;
      case '1':
        if (length == 1) return true;
        break;
      case '0':
        if (length == 1) return false;
        break;
      default:
        break;
    }
  }
  throw Error(sqlstate::kInvalidTextRepresentation,
              "invalid input syntax for type boolean: \"" + std::string(text) + "\"");
}

std::string CoerceToLength(std::string value, int max_length, bool is_explicit) {
  // Byte length bounds the character count, so the common case needs no decoding.
  if (max_length < 0 || value.size() <= static_cast<size_t>(max_length)) return value;
  const size_t keep = ClipToCharacters(value, static_cast<size_t>(max_length));
  if (!is_explicit) {
    for (size_t i = keep; i < value.size(); ++i) {
      if (value[i] != ' ') {
        throw Error(
            sqlstate::kStringDataRightTruncation,
            "value too long for type character varying(" + std::to_string(max_length) + ")");
      }
    }
  }
  value.resize(keep);
  return value;
}

uint64_t HashInt64(int64_t value) {
  // splitmix64's finalizer: cheap and mixes every input bit into every output bit.
  uint64_t x = static_cast<uint64_t>(value) + 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t HashBytes(std::string_view bytes) {
  uint64_t hash = 0xCBF29CE484222325ULL;  // FNV-1a, then a final mix
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return HashInt64(static_cast<int64_t>(hash));
}

}  // namespace value_internal

std::string ToText(const Value& value) {
  switch (value.type()) {
    case TypeId::kBool:
      return value.AsBool() ? "t" : "f";
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return std::to_string(value.AsInt());
    case TypeId::kFloat8:
      return FormatFloat8(value.AsDouble());
    case TypeId::kFloat4:
      return FormatFloat4(static_cast<float>(value.AsDouble()));
    case TypeId::kNumeric:
      return value.AsNumeric().ToString();
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:  // bpcharout: the padded value as stored
    case TypeId::kUnknown:
      return value.AsString();
    case TypeId::kDate:
      return DateOut(static_cast<int32_t>(value.AsInt()));
    case TypeId::kTimestamp:
      return TimestampOut(value.AsInt());
    case TypeId::kTimestampTz:
      return TimestampTzOut(value.AsInt());
    case TypeId::kTime:
      return FormatTime(value.AsInt());
    case TypeId::kTimeTz:
      return FormatTimeTz(UnpackTimeTz(value.AsInt()));
    case TypeId::kInterval:
      return IntervalOut(value.AsInterval());
    case TypeId::kBytea:
      return ByteaToText(value.AsString(), CurrentByteaOutput());
    case TypeId::kTid:
      return "(" + std::to_string(static_cast<uint64_t>(value.AsInt()) >> 16) + "," +
             std::to_string(value.AsInt() & 0xFFFF) + ")";
    case TypeId::kOid:
    case TypeId::kXid:
      return std::to_string(value.AsInt());
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
      return RegOidToText(value);
    case TypeId::kName:
      return value.AsString();
    case TypeId::kChar:
      return value_internal::CharToText(value.AsString());
    case TypeId::kUuid:
      return FormatUuid(value.AsString());
    case TypeId::kJson:
    case TypeId::kJsonb:
      return value.AsString();
    case TypeId::kAnyElement:
    case TypeId::kAnyArray:
      break;
    case TypeId::kVoid:  // void_out
      return {};
    case TypeId::kRecord:
      return RecordToText(value.AsRecord());
    case TypeId::kEnum:
      return EnumToText(value.AsInt());
    default:
      if (IsArray(value.type())) return ArrayToText(value);
      break;
  }
  return {};
}

Value FromText(std::string_view text, const Type& type) {
  switch (type.id) {
    case TypeId::kBool:
      return Value::Bool(value_internal::ParseBool(text));
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return Value::OfInt(type.id, value_internal::ParseInteger(text, type.id));
    case TypeId::kFloat8:
      return Value::Float8(ParseFloat8(text));
    case TypeId::kFloat4:
      return Value::Float4(ParseFloat4(text));
    case TypeId::kNumeric: {
      Numeric number = Numeric::Parse(text);
      if (const auto precision_scale = type.NumericPrecisionScale()) {
        number = number.ApplyPrecisionScale(precision_scale->first, precision_scale->second);
      }
      return Value::OfNumeric(std::move(number));
    }
    case TypeId::kText:
      return Value::Text(std::string(text));
    case TypeId::kVarchar:
      return Value::Varchar(value_internal::CoerceToLength(
          std::string(text), type.VarcharLength().value_or(-1), false));
    case TypeId::kBpchar:  // bpcharin: padded to n, 22001 if non-spaces would be cut
      return Value::Bpchar(BpcharCoerce(std::string(text), type.BpcharLength().value_or(-1), false));
    case TypeId::kUnknown:
      return Value::Unknown(std::string(text));
    case TypeId::kBytea:
      return Value::Bytea(ByteaFromText(text));
    case TypeId::kDate:
      return Value::Date(ParseDate(text));
    case TypeId::kTimestamp:
      return ApplySecondsPrecision(Value::Timestamp(ParseTimestamp(text)), type);
    case TypeId::kTimestampTz:
      return ApplySecondsPrecision(Value::TimestampTz(ParseTimestampTz(text)), type);
    case TypeId::kInterval:
      return ApplySecondsPrecision(Value::OfInterval(ParseInterval(text, type.typmod)), type);
    case TypeId::kTime:
      return ApplySecondsPrecision(Value::OfInt(TypeId::kTime, ParseTime(text)), type);
    case TypeId::kTimeTz:
      return ApplySecondsPrecision(Value::OfInt(TypeId::kTimeTz, PackTimeTz(ParseTimeTz(text))), type);
    case TypeId::kTid: {
      unsigned long block = 0;
      unsigned int slot = 0;
      char close = 0;
      if (std::sscanf(std::string(text).c_str(), " (%lu ,%u %c", &block, &slot, &close) != 3 ||
          close != ')' || block > 0xFFFFFFFFul || slot > 0xFFFFu) {
        throw Error(sqlstate::kInvalidTextRepresentation,
                    "invalid input syntax for type tid: \"" + std::string(text) + "\"");
      }
      return Value::Tid(static_cast<uint32_t>(block), static_cast<uint16_t>(slot));
    }
    case TypeId::kOid:
      return Value::OfInt(type.id, value_internal::ParseOid(text));
    case TypeId::kXid:  // xidin: strtoul, so garbage after the digits and overflow wrap as PostgreSQL's do
      return Value::OfInt(type.id, value_internal::ParseXid(text));
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
      return RegOidFromText(text, type.id);
    case TypeId::kName:
      return Value::OfString(TypeId::kName, value_internal::NameFromText(text));
    case TypeId::kChar:
      return Value::OfString(TypeId::kChar, value_internal::CharFromText(text));
    case TypeId::kUuid:
      return Value::OfString(TypeId::kUuid, ParseUuid(text));
    case TypeId::kJson:
      ParseJson(text, false);
      return Value::OfString(TypeId::kJson, std::string(text));
    case TypeId::kJsonb:
      return MakeJsonb(ParseJson(text, true));
    case TypeId::kAnyElement:
    case TypeId::kAnyArray:
      break;
    case TypeId::kVoid:  // void_in: any text is the one value
      return Value::OfInt(TypeId::kVoid, 0);
    case TypeId::kRecord:
      // record_in of an anonymous record type.
      throw Error(sqlstate::kFeatureNotSupported, "input of anonymous composite types is not implemented");
    case TypeId::kEnum:
      if (type.typmod <= 0) throw Error(sqlstate::kFeatureNotSupported, "cannot accept a value of type anyenum");
      return EnumFromText(text, static_cast<uint32_t>(type.typmod));
    default:
      if (IsArray(type.id)) return ArrayFromText(text, type);
      break;
  }
  return Value::Null(type.id);
}

}  // namespace granary::types
