// String functions: length, upper, lower, substring, trims, position, replace.
// Lengths and positions count characters of UTF-8 text, as PostgreSQL does in a UTF8 database.
#include "types/functions/string_functions.hpp"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/bpchar.hpp"
#include "types/collation.hpp"
#include "types/varlena_limits.hpp"

namespace granary::types {
namespace {

bool IsContinuationByte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Byte offset of the character with 0-based index `index` (or text.size() past the end).
size_t ByteOffsetOfCharacter(std::string_view text, int64_t index) {
  size_t offset = 0;
  while (index > 0 && offset < text.size()) {
    ++offset;
    while (offset < text.size() && IsContinuationByte(text[offset])) ++offset;
    --index;
  }
  return offset;
}

std::string SubstringCharacters(std::string_view text, int64_t start, std::optional<int64_t> count) {
  // PostgreSQL: characters from position `start` (1-based, may be <= 0) for `count` characters;
  // positions before 1 consume part of the count.
  int64_t first = start;
  int64_t last = 0;  // exclusive, 1-based
  bool to_end = !count.has_value();
  if (count) {
    if (*count < 0) throw Error(sqlstate::kSubstringError, "negative substring length not allowed");
    last = (start > INT64_MAX - *count) ? INT64_MAX : start + *count;
  }
  if (first < 1) first = 1;
  if (!to_end && last <= first) return "";
  const size_t begin = ByteOffsetOfCharacter(text, first - 1);
  if (to_end) return std::string(text.substr(begin));
  const size_t end = begin + ByteOffsetOfCharacter(text.substr(begin), last - first);
  return std::string(text.substr(begin, end - begin));
}

std::string TrimCharacters(std::string_view text, std::string_view characters, bool leading,
                           bool trailing) {
  // Works on whole UTF-8 characters: a character is removed when it occurs in `characters`.
  auto next_char = [](std::string_view s, size_t at) {
    size_t end = at + 1;
    while (end < s.size() && IsContinuationByte(s[end])) ++end;
    return end;
  };
  auto contains = [&](std::string_view character) {
    for (size_t at = 0; at < characters.size();) {
      const size_t end = next_char(characters, at);
      if (characters.substr(at, end - at) == character) return true;
      at = end;
    }
    return false;
  };
  size_t begin = 0;
  size_t end = text.size();
  if (leading) {
    while (begin < end) {
      const size_t next = next_char(text, begin);
      if (!contains(text.substr(begin, next - begin))) break;
      begin = next;
    }
  }
  if (trailing) {
    while (end > begin) {
      size_t previous = end - 1;
      while (previous > begin && IsContinuationByte(text[previous])) --previous;
      if (!contains(text.substr(previous, end - previous))) break;
      end = previous;
    }
  }
  return std::string(text.substr(begin, end - begin));
}

}  // namespace

int64_t CharacterLength(std::string_view text) {
  int64_t count = 0;
  for (char byte : text) count += IsContinuationByte(byte) ? 0 : 1;
  return count;
}

Value Length(std::span<const Value> args) { return Value::Int4(CharacterLength(args[0].AsString())); }

Value BpcharLength(std::span<const Value> args) {
  return Value::Int4(CharacterLength(BpcharStripped(args[0].AsString())));
}

Value OctetLength(std::span<const Value> args) {
  return Value::Int4(static_cast<int64_t>(args[0].AsString().size()));
}

Value BitLength(std::span<const Value> args) {
  return Value::Int4(static_cast<int64_t>(args[0].AsString().size()) * 8);
}

Value ToHex(std::span<const Value> args) {
  // The two's complement digits of the argument's own width, without leading zeros.
  const int64_t value = args[0].AsInt();
  uint64_t bits = args[0].type() == TypeId::kInt8 ? static_cast<uint64_t>(value)
                                                  : static_cast<uint32_t>(static_cast<int32_t>(value));
  std::string digits;
  do {
    digits.insert(digits.begin(), "0123456789abcdef"[bits & 0xF]);
    bits >>= 4;
  } while (bits != 0);
  return Value::Text(std::move(digits));
}

Value NumNulls(std::span<const Value> args) {
  int64_t nulls = 0;
  for (const Value& arg : args) nulls += arg.is_null() ? 1 : 0;
  return Value::Int4(nulls);
}

Value NumNonNulls(std::span<const Value> args) {
  return Value::Int4(static_cast<int64_t>(args.size()) - NumNulls(args).AsInt());
}

namespace {

// Maps each code point on its own (ICU's simple case mapping), as PostgreSQL's upper/lower do
// under a libc UTF-8 locale: 'ß' stays 'ß' rather than becoming "SS". Invalid UTF-8 bytes
// are copied unchanged.
std::string MapCodePoints(std::string_view text, UChar32 (*map)(UChar32)) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t at = 0; at < length;) {
    const int32_t start = at;
    UChar32 code_point;
    U8_NEXT(bytes, at, length, code_point);
    if (code_point < 0) {
      out.append(text.substr(start, at - start));
      continue;
    }
    uint8_t buffer[U8_MAX_LENGTH];
    int32_t written = 0;
    UBool error = false;
    U8_APPEND(buffer, written, U8_MAX_LENGTH, map(code_point), error);
    (void)error;  // the buffer always has room for one code point
    out.append(reinterpret_cast<const char*>(buffer), written);
  }
  return out;
}

}  // namespace

Value Upper(std::span<const Value> args) {
  if (auto mapped = CaseMapForActiveCollation(args[0].AsString(), true, "upper")) return Value::Text(std::move(*mapped));
  return Value::Text(MapCodePoints(args[0].AsString(), u_toupper));
}

Value Lower(std::span<const Value> args) {
  if (auto mapped = CaseMapForActiveCollation(args[0].AsString(), false, "lower")) return Value::Text(std::move(*mapped));
  return Value::Text(MapCodePoints(args[0].AsString(), u_tolower));
}

Value Substring(std::span<const Value> args) {
  std::optional<int64_t> count;
  if (args.size() > 2) count = args[2].AsInt();
  return Value::Text(SubstringCharacters(args[0].AsString(), args[1].AsInt(), count));
}

Value BothTrim(std::span<const Value> args) {
  return Value::Text(TrimCharacters(args[0].AsString(), args.size() > 1 ? args[1].AsString() : " ", true, true));
}
Value LeadingTrim(std::span<const Value> args) {
  return Value::Text(TrimCharacters(args[0].AsString(), args.size() > 1 ? args[1].AsString() : " ", true, false));
}
Value TrailingTrim(std::span<const Value> args) {
  return Value::Text(TrimCharacters(args[0].AsString(), args.size() > 1 ? args[1].AsString() : " ", false, true));
}

Value Position(std::span<const Value> args) {
  // position(haystack, needle) -- the grammar turns POSITION(needle IN haystack) into this.
  const std::string& haystack = args[0].AsString();
  const size_t found = haystack.find(args[1].AsString());
  if (found == std::string::npos) return Value::Int4(0);
  return Value::Int4(CharacterLength(std::string_view(haystack).substr(0, found)) + 1);
}

Value Replace(std::span<const Value> args) {
  const std::string& from = args[1].AsString();
  std::string text = args[0].AsString();
  if (from.empty()) return Value::Text(std::move(text));
  const std::string& to = args[2].AsString();
  std::string out;
  size_t at = 0;
  for (size_t found; (found = text.find(from, at)) != std::string::npos; at = found + from.size()) {
    out.append(text, at, found - at).append(to);
  }
  out.append(text, at, std::string::npos);
  return Value::Text(std::move(out));
}

Value Repeat(std::span<const Value> args) {
  const std::string& text = args[0].AsString();
  const int64_t count = std::max<int64_t>(args[1].AsInt(), 0);
  // As PostgreSQL's repeat(): the result, with its header, must be a valid allocation.
  if (static_cast<uint64_t>(count) * text.size() > kMaxValueBytes) {
    throw Error(sqlstate::kProgramLimitExceeded, "requested length too large");
  }
  std::string out;
  out.reserve(static_cast<size_t>(count) * text.size());
  for (int64_t i = 0; i < count; ++i) out += text;
  return Value::Text(std::move(out));
}

}  // namespace granary::types
