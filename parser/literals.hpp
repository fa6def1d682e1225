// Helpers the scanner uses to build token values: identifier case folding and truncation,
// UTF-8 encoding of escapes, UTF-8 validation, and U&'...' de-escaping.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace granary::parser {

// PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated (at a character boundary).
inline constexpr std::size_t kMaxIdentifierBytes = 63;

// Lower-cases ASCII letters only, as PostgreSQL does for identifiers in UTF-8.
std::string AsciiLower(std::string_view text);

// Lower-cases ASCII letters (PostgreSQL leaves non-ASCII alone in UTF-8) and truncates.
std::string DowncaseIdentifier(std::string_view text);

// Truncates to kMaxIdentifierBytes without splitting a UTF-8 character. PostgreSQL also
// emits a NOTICE here; the parser has no notice channel, so it truncates silently.
void TruncateIdentifier(std::string& identifier);

// Appends `code_point` (at most 0x10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(std::string& out, char32_t code_point);

constexpr bool IsUtf16SurrogateFirst(char32_t c) { return c >= 0xD800 && c <= 0xDBFF; }
constexpr bool IsUtf16SurrogateSecond(char32_t c) { return c >= 0xDC00 && c <= 0xDFFF; }
constexpr char32_t SurrogatePairToCodePoint(char32_t first, char32_t second) {
  return ((first & 0x3FF) << 10) + 0x10000 + (second & 0x3FF);
}
constexpr bool IsValidUnicodeCodePoint(char32_t c) { return c > 0 && c <= 0x10FFFF; }

// Byte offset of the first byte that does not start a valid UTF-8 character (NUL counts as
// invalid, as in PostgreSQL), or std::string_view::npos when all of `text` is valid.
std::size_t FindInvalidUtf8(std::string_view text);

// Raises 22021 `invalid byte sequence for encoding "UTF8": 0x..` for the sequence at `at`.
[[noreturn]] void ThrowInvalidUtf8(std::string_view text, std::size_t at);

// Whether `c` may be the escape character named by UESCAPE.
bool IsValidUescapeCharacter(char c);

// Decodes the escapes of a U&'...' string or U&"..." identifier body `text` (quotes already
// undoubled) with escape character `escape`. `token_begin` is the token's byte offset in
// `sql`, for error positions. Raises 42601 for a malformed escape, as PostgreSQL does.
std::string UnicodeDeescape(std::string_view sql, std::string_view text, char escape,
                            int token_begin);

}  // namespace granary::parser
