// character(n) / bpchar: the length coercion, the trailing-space rule and bpcharlen, after
// PostgreSQL's varchar.c (bpchar, bpchar_input, bcTruelen).
#include "types/bpchar.hpp"

#include <algorithm>
#include <cstddef>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::types {
namespace {

// UTF-8 sequence length from its lead byte (invalid bytes count as one character).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// pg_mbcharcliplen: the bytes taken by the first `limit` characters, and the character
// count of the whole value (up to limit + 1, enough to know it is longer).
struct Clip {
  size_t bytes = 0;       // bytes of the first `limit` characters
  size_t characters = 0;  // characters in the whole value
};

Clip ClipCharacters(std::string_view text, size_t limit) {
  Clip clip;
  size_t position = 0;
  while (position < text.size()) {
    const size_t length = SequenceLength(static_cast<unsigned char>(text[position]));
    ++clip.characters;
    position += length;
    if (clip.characters <= limit) clip.bytes = std::min(position, text.size());
  }
  return clip;
}

}  // namespace

std::string_view BpcharStripped(std::string_view value) {
  size_t end = value.size();
  while (end > 0 && value[end - 1] == ' ') --end;
  return value.substr(0, end);
}

std::string BpcharCoerce(std::string value, int length, bool is_explicit) {
  if (length < 0) return value;
  const auto limit = static_cast<size_t>(length);
  const Clip clip = ClipCharacters(value, limit);
  if (clip.characters > limit) {
    if (!is_explicit) {
      for (size_t i = clip.bytes; i < value.size(); ++i) {
        if (value[i] != ' ') {
          throw Error(sqlstate::kStringDataRightTruncation,
                      "value too long for type character(" + std::to_string(length) + ")");
        }
      }
    }
    value.resize(clip.bytes);
    return value;
  }
  value.append(limit - clip.characters, ' ');
  return value;
}

}  // namespace granary::types
