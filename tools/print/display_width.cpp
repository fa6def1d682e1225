// UTF-8 decoding and terminal display widths (see display_width.hpp).
#include "tools/print/display_width.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace granary::tools {
namespace {

constexpr uint32_t kInvalidCodePoint = 0xFFFFFFFF;
constexpr int kTabStop = 8;

struct Range {
  uint32_t first;
  uint32_t last;
};

// Non-spacing and enclosing marks and zero-width format characters (the major blocks).
constexpr std::array<Range, 40> kCombining = {{
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
    {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711}, {0x0730, 0x074A},
    {0x0900, 0x0902}, {0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948},
    {0x094D, 0x094D}, {0x0951, 0x0957}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
    {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0x1D167, 0x1D169}, {0x1D173, 0x1D182}, {0xE0001, 0xE007F}, {0xE0100, 0xE01EF},
}};

// East Asian Wide (W) and Fullwidth (F) ranges.
constexpr std::array<Range, 18> kWide = {{
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x2E80, 0x303E},
    {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
    {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
}};

template <size_t N>
bool InRanges(const std::array<Range, N>& ranges, uint32_t code_point) {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), code_point,
                             [](uint32_t value, const Range& r) { return value < r.first; });
  if (it == ranges.begin()) return false;
  --it;
  return code_point <= it->last;
}

}  // namespace

int Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

uint32_t DecodeUtf8(std::string_view text, size_t offset) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + offset;
  const size_t available = text.size() - offset;
  const int length = Utf8SequenceLength(bytes[0]);
  if (static_cast<size_t>(length) > available) return kInvalidCodePoint;
  switch (length) {
    case 1:
      return bytes[0] < 0x80 ? bytes[0] : kInvalidCodePoint;
    case 2:
      return ((bytes[0] & 0x1Fu) << 6) | (bytes[1] & 0x3Fu);
    case 3:
      return ((bytes[0] & 0x0Fu) << 12) | ((bytes[1] & 0x3Fu) << 6) | (bytes[2] & 0x3Fu);
    default:
      return ((bytes[0] & 0x07u) << 18) | ((bytes[1] & 0x3Fu) << 12) |
             ((bytes[2] & 0x3Fu) << 6) | (bytes[3] & 0x3Fu);
  }
}

int CodePointWidth(uint32_t code_point) {
  if (code_point == 0) return 0;
  if (code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0)) return -1;
  if (code_point == kInvalidCodePoint) return 1;
  if (InRanges(kCombining, code_point)) return 0;
  if (InRanges(kWide, code_point)) return 2;
  return 1;
}

std::vector<DisplayLine> FormatForDisplay(std::string_view value) {
  std::vector<DisplayLine> lines(1);
  size_t offset = 0;
  while (offset < value.size()) {
    const auto lead = static_cast<unsigned char>(value[offset]);
    int length = Utf8SequenceLength(lead);
    if (offset + length > value.size()) break;  // truncated sequence: psql stops there too
    DisplayLine& line = lines.back();
    const int width = CodePointWidth(DecodeUtf8(value, offset));
    if (length == 1) {
      if (lead == '\n') {
        lines.emplace_back();
      } else if (lead == '\r') {
        line.text += "\\r";
        line.width += 2;
      } else if (lead == '\t') {
        do {
          line.text += ' ';
          ++line.width;
        } while (line.width % kTabStop != 0);
      } else if (width < 0) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02X", lead);
        line.text += escaped;
        line.width += 4;
      } else {
        line.text += static_cast<char>(lead);
        line.width += width;
      }
    } else if (width < 0) {
      char escaped[16];
      std::snprintf(escaped, sizeof escaped, "\\u%04X", DecodeUtf8(value, offset));
      line.text += escaped;
      line.width += 6;
    } else {
      line.text.append(value.substr(offset, length));
      line.width += width;
    }
    offset += length;
  }
  return lines;
}

int DisplayWidth(std::string_view text) {
  int width = 0;
  size_t offset = 0;
  while (offset < text.size()) {
    const int length = Utf8SequenceLength(static_cast<unsigned char>(text[offset]));
    const int w = CodePointWidth(DecodeUtf8(text, offset));
    width += w <= 0 ? 1 : w;
    offset += length;
  }
  return width;
}

}  // namespace granary::tools
