// Display widths of UTF-8 text on a terminal, as psql measures them (pg_wcssize/pg_wcsformat).
//
// Used by the aligned printer to pad columns and by the error printer to place the caret
// under an error position. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace granary::tools {

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for invalid lead bytes).
int Utf8SequenceLength(unsigned char lead);

// Decodes the character at `text[offset]`; returns 0xFFFFFFFF for an invalid sequence.
uint32_t DecodeUtf8(std::string_view text, size_t offset);

// Terminal columns of one code point: -1 for control characters, 0 for combining marks,
// 2 for East Asian wide and fullwidth characters, 1 otherwise (Markus Kuhn's wcwidth).
int CodePointWidth(uint32_t code_point);

// One display line of a formatted value and its width in columns.
struct DisplayLine {
  std::string text;
  int width = 0;
};

// Splits `value` at newlines and makes every character printable the way psql does:
// a tab becomes spaces up to the next multiple of 8, '\r' becomes "\r", other ASCII control
// characters "\xNN", other control characters "\uNNNN".
std::vector<DisplayLine> FormatForDisplay(std::string_view value);

// Columns taken by `text` printed as is on one line (control characters count 1).
int DisplayWidth(std::string_view text);

}  // namespace granary::tools
