// The catalog's own scalar types: oid (oidin/oidout), name (namein: at most 63 bytes) and
// "char" (charin/charout: one byte, high bytes written as \ooo). regclass, regtype and
// regproc share oid's representation; their names are resolved by the catalog layer.
#include <cstdio>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/value_internal.hpp"

namespace granary::types::value_internal {
namespace {

// NAMEDATALEN - 1.
constexpr size_t kMaxNameBytes = 63;

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

int64_t ParseOid(std::string_view text) {
  // oidin accepts what strtoul does, then keeps 32 bits: -1 is 4294967295, and values
  // outside -2147483648..4294967295 are out of range.
  const auto invalid = [&] {
    return Error(sqlstate::kInvalidTextRepresentation,
                 "invalid input syntax for type oid: \"" + std::string(text) + "\"");
  };
  size_t pos = 0;
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
  if (pos >= text.size() || text[pos] < '0' || text[pos] > '9') throw invalid();
  uint64_t value = 0;
  bool overflow = false;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + static_cast<uint64_t>(text[pos++] - '0');
    if (value > 0xFFFFFFFFull) overflow = true;
  }
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  if (pos != text.size()) throw invalid();
  if (overflow || (negative && value > 0x80000000ull)) {
    throw Error(sqlstate::kNumericValueOutOfRange,
                "value \"" + std::string(text) + "\" is out of range for type oid");
  }
  if (negative) value = (0x100000000ull - value) & 0xFFFFFFFFull;
  return static_cast<int64_t>(value);
}

std::string NameFromText(std::string_view text) {
  if (text.size() <= kMaxNameBytes) return std::string(text);
  // Cut at a character boundary (pg_mbcliplen): never inside a UTF-8 sequence.
  size_t keep = kMaxNameBytes;
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  return std::string(text.substr(0, keep));
}

std::string CharFromText(std::string_view text) {
  // charin: \ooo is one byte given in octal, anything else its first byte.
  if (text.size() == 4 && text[0] == '\\' && text[1] >= '0' && text[1] <= '3' &&
      text[2] >= '0' && text[2] <= '7' && text[3] >= '0' && text[3] <= '7') {
    const int byte = (text[1] - '0') * 64 + (text[2] - '0') * 8 + (text[3] - '0');
    return byte == 0 ? std::string() : std::string(1, static_cast<char>(byte));
  }
  return text.empty() ? std::string() : std::string(1, text[0]);
}

std::string CharToText(const std::string& value) {
  if (value.empty()) return {};
  const auto byte = static_cast<unsigned char>(value[0]);
  if (byte < 0x80) return value;
  char octal[5];
  std::snprintf(octal, sizeof octal, "\\%03o", byte);
  return octal;
}

}  // namespace granary::types::value_internal
