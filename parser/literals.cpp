// Token-value helpers for the scanner (see literals.hpp).
#include "parser/literals.hpp"

#include <cstdio>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/errors.hpp"

namespace granary::parser {
namespace {

bool IsContinuation(unsigned char c) { return c >= 0x80 && c <= 0xBF; }

// Length of the UTF-8 character starting with `c`, as PostgreSQL's pg_utf_mblen.
std::size_t Utf8Length(unsigned char c) {
  if ((c & 0x80) == 0) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

// Whether the `length` bytes at `s` are one legal UTF-8 character (pg_utf8_islegal).
bool IsLegalUtf8(const unsigned char* s, std::size_t length) {
  switch (length) {
    case 1:
      return s[0] != 0 && s[0] < 0x80;
    case 2:
      return s[0] >= 0xC2 && s[0] <= 0xDF && IsContinuation(s[1]);
    case 3:
      if (!IsContinuation(s[2])) return false;
      if (s[0] == 0xE0) return s[1] >= 0xA0 && s[1] <= 0xBF;
      if (s[0] == 0xED) return s[1] >= 0x80 && s[1] <= 0x9F;
      return IsContinuation(s[1]);
    case 4:
      if (!IsContinuation(s[2]) || !IsContinuation(s[3])) return false;
      if (s[0] == 0xF0) return s[1] >= 0x90 && s[1] <= 0xBF;
      if (s[0] == 0xF4) return s[1] >= 0x80 && s[1] <= 0x8F;
      return s[0] < 0xF4 && IsContinuation(s[1]);
    default:
      return false;
  }
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char32_t HexValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<char32_t>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<char32_t>(c - 'a' + 10);
  return static_cast<char32_t>(c - 'A' + 10);
}

bool AllHex(std::string_view text, std::size_t from, std::size_t count) {
  if (from + count > text.size()) return false;
  for (std::size_t i = from; i < from + count; ++i) {
    if (!IsHexDigit(text[i])) return false;
  }
  return true;
}

char32_t ParseHex(std::string_view text, std::size_t from, std::size_t count) {
  char32_t value = 0;
  for (std::size_t i = from; i < from + count; ++i) value = (value << 4) + HexValue(text[i]);
  return value;
}

}  // namespace

std::string AsciiLower(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return result;
}

std::string DowncaseIdentifier(std::string_view text) {
  std::string result = AsciiLower(text);
  TruncateIdentifier(result);
  return result;
}

void TruncateIdentifier(std::string& identifier) {
  if (identifier.size() <= kMaxIdentifierBytes) return;
  std::size_t cut = kMaxIdentifierBytes;
  // Back up over continuation bytes so that no character is split.
  while (cut > 0 && (static_cast<unsigned char>(identifier[cut]) & 0xC0) == 0x80) --cut;
  identifier.resize(cut);
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::size_t FindInvalidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = bytes[i];
    if (c != 0 && c < 0x80) {  // fast path for ASCII
      ++i;
      continue;
    }
    const std::size_t length = Utf8Length(c);
    if (i + length > text.size() || !IsLegalUtf8(bytes + i, length)) return i;
    i += length;
  }
  return std::string_view::npos;
}

void ThrowInvalidUtf8(std::string_view text, std::size_t at) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + at;
  std::size_t count = Utf8Length(bytes[0]);
  if (count > text.size() - at) count = text.size() - at;
  std::string message = "invalid byte sequence for encoding \"UTF8\": ";
  for (std::size_t j = 0; j < count; ++j) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", bytes[j]);
    if (j > 0) message += ' ';
    message += hex;
  }
  throw Error(sqlstate::kCharacterNotInRepertoire, std::move(message));
}

bool IsValidUescapeCharacter(char c) {
  return !(IsHexDigit(c) || c == '+' || c == '\'' || c == '"' || c == ' ' || c == '\t' ||
           c == '\n' || c == '\r' || c == '\f' || c == '\v');
}

// PostgreSQL's str_udeescape(): errors point at the escape (or, for a broken surrogate
// pair, at the current character), counted from the token start plus 3 for `U&'`.
std::string UnicodeDeescape(std::string_view sql, std::string_view text, char escape,
                            int token_begin) {
  std::string out;
  out.reserve(text.size());
  char32_t pair_first = 0;
  auto position = [&](std::size_t index) { return token_begin + 3 + static_cast<int>(index); };
  auto invalid_pair = [&](std::size_t index) {
    ThrowErrorAt(sql, sqlstate::kSyntaxError, "invalid Unicode surrogate pair", position(index));
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != escape) {
      if (pair_first != 0) invalid_pair(i);
      out.push_back(text[i++]);
      continue;
    }
    const std::size_t escape_at = i;
    char32_t code_point = 0;
    if (i + 1 < text.size() && text[i + 1] == escape) {
      if (pair_first != 0) invalid_pair(i);
      out.push_back(escape);
      i += 2;
      continue;
    }
    if (AllHex(text, i + 1, 4)) {
      code_point = ParseHex(text, i + 1, 4);
      i += 5;
    } else if (i + 1 < text.size() && text[i + 1] == '+' && AllHex(text, i + 2, 6)) {
      code_point = ParseHex(text, i + 2, 6);
      i += 8;
    } else {
      ThrowErrorAt(sql, sqlstate::kSyntaxError, "invalid Unicode escape", position(escape_at),
                   "Unicode escapes must be \\XXXX or \\+XXXXXX.");
    }
    if (!IsValidUnicodeCodePoint(code_point)) {
      ThrowErrorAt(sql, sqlstate::kSyntaxError, "invalid Unicode escape value",
                   position(escape_at));
    }
    if (pair_first != 0) {
      if (!IsUtf16SurrogateSecond(code_point)) invalid_pair(escape_at);
      code_point = SurrogatePairToCodePoint(pair_first, code_point);
      pair_first = 0;
    } else if (IsUtf16SurrogateSecond(code_point)) {
      invalid_pair(escape_at);
    } else if (IsUtf16SurrogateFirst(code_point)) {
      pair_first = code_point;
      continue;
    }
    AppendUtf8(out, code_point);
  }
  if (pair_first != 0) invalid_pair(text.size());
  return out;
}

}  // namespace granary::parser
