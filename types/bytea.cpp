// bytea input/output and the hex, base64 and escape encodings (after PostgreSQL 15's
// varlena.c byteain/byteaout and encode.c hex_decode, pg_base64_encode/decode, esc_enc/dec).
#include "types/bytea.hpp"

#include <cctype>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/varlena_limits.hpp"

namespace granary::types {
namespace {

thread_local ByteaOutput current_output = ByteaOutput::kHex;

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kBase64LineLength = 76;  // encode.c's MAXLINELEN

[[noreturn]] void ThrowInvalidBytea() {
  throw Error(sqlstate::kInvalidTextRepresentation, "invalid input syntax for type bytea");
}

// Length of the UTF-8 character starting at `at` (pg_mblen), for quoting it in messages.
size_t CharacterLength(std::string_view text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  size_t length = 1;
  if ((lead & 0xE0) == 0xC0) length = 2;
  else if ((lead & 0xF0) == 0xE0) length = 3;
  else if ((lead & 0xF8) == 0xF0) length = 4;
  return std::min(length, text.size() - at);
}

int HexValue(std::string_view text, size_t at) {
  const char c = text[at];
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw Error(sqlstate::kInvalidParameterValue,
              "invalid hexadecimal digit: \"" + std::string(text.substr(at, CharacterLength(text, at))) + "\"");
}

bool IsHexSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

std::string HexDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 2);
  size_t at = 0;
  while (at < text.size()) {
    if (IsHexSpace(text[at])) {
      ++at;
      continue;
    }
    const int high = HexValue(text, at++);
    if (at >= text.size()) {
      throw Error(sqlstate::kInvalidParameterValue, "invalid hexadecimal data: odd number of digits");
    }
    const int low = HexValue(text, at++);
    out.push_back(static_cast<char>((high << 4) | low));
  }
  return out;
}

void HexEncode(std::string_view bytes, std::string& out) {
  out.reserve(out.size() + bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kHexDigits[byte >> 4]);
    out.push_back(kHexDigits[byte & 0xF]);
  }
}

bool IsOctal(char c, char highest) { return c >= '0' && c <= highest; }

void AppendOctal(unsigned char byte, std::string& out) {
  out.push_back('\\');
  out.push_back(static_cast<char>('0' + (byte >> 6)));
  out.push_back(static_cast<char>('0' + ((byte >> 3) & 7)));
  out.push_back(static_cast<char>('0' + (byte & 7)));
}

// The escape format's decoding, shared by byteain and decode(..., 'escape') (esc_dec).
std::string EscapeDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    if (text[at] != '\\') {
      out.push_back(text[at++]);
    } else if (at + 3 < text.size() && IsOctal(text[at + 1], '3') && IsOctal(text[at + 2], '7') &&
               IsOctal(text[at + 3], '7')) {
      out.push_back(static_cast<char>(((text[at + 1] - '0') << 6) | ((text[at + 2] - '0') << 3) |
                                      (text[at + 3] - '0')));
      at += 4;
    } else if (at + 1 < text.size() && text[at + 1] == '\\') {
      out.push_back('\\');
      at += 2;
    } else {
      ThrowInvalidBytea();
    }
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 4 / 3 + bytes.size() / 57 + 4);
  uint32_t buffer = 0;
  int position = 2;
  size_t line_end = kBase64LineLength;
  for (const char c : bytes) {
    buffer |= static_cast<uint32_t>(static_cast<unsigned char>(c)) << (position * 8);
    if (--position < 0) {
      for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kBase64Digits[(buffer >> shift) & 0x3F]);
      position = 2;
      buffer = 0;
    }
    // As pg_base64_encode: a newline after every 76 characters, checked after each byte.
    if (out.size() >= line_end) {
      out.push_back('\n');
      line_end = out.size() + kBase64LineLength;
    }
  }
  if (position != 2) {
    out.push_back(kBase64Digits[(buffer >> 18) & 0x3F]);
    out.push_back(kBase64Digits[(buffer >> 12) & 0x3F]);
    out.push_back(position == 0 ? kBase64Digits[(buffer >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string Base64Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int position = 0;
  int end = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    int value = 0;
    if (c == '=') {
      if (end == 0) {
        if (position == 2) {
          end = 1;
        } else if (position == 3) {
          end = 2;
        } else {
          throw Error(sqlstate::kInvalidParameterValue,
                      "unexpected \"=\" while decoding base64 sequence");
        }
      }
    } else {
      value = Base64Value(c);
      if (value < 0) {
        throw Error(sqlstate::kInvalidParameterValue,
                    "invalid symbol \"" + std::string(text.substr(at, CharacterLength(text, at))) +
                        "\" found while decoding base64 sequence");
      }
    }
    buffer = (buffer << 6) + static_cast<uint32_t>(value);
    if (++position == 4) {
      out.push_back(static_cast<char>((buffer >> 16) & 0xFF));
      if (end == 0 || end > 1) out.push_back(static_cast<char>((buffer >> 8) & 0xFF));
      if (end == 0 || end > 2) out.push_back(static_cast<char>(buffer & 0xFF));
      buffer = 0;
      position = 0;
    }
  }
  if (position != 0) {
    throw Error(sqlstate::kInvalidParameterValue, "invalid base64 end sequence")
        .WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.");
  }
  return out;
}

// esc_enc: NUL and bytes with the high bit set as \ooo, backslash doubled.
std::string EscapeEncode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0 || byte >= 0x80) {
      AppendOctal(byte, out);
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool EqualsIgnoringCase(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (size_t i = 0; i < left.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(left[i])) != right[i]) return false;
  }
  return true;
}

[[noreturn]] void ThrowUnknownEncoding(std::string_view format) {
  throw Error(sqlstate::kInvalidParameterValue,
              "unrecognized encoding: \"" + std::string(format) + "\"");
}

}  // namespace

ByteaOutput CurrentByteaOutput() { return current_output; }

ScopedByteaOutput::ScopedByteaOutput(ByteaOutput format) : previous_(current_output) {
  current_output = format;
}

ScopedByteaOutput::~ScopedByteaOutput() { current_output = previous_; }

std::string ByteaFromText(std::string_view text) {
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') return HexDecode(text.substr(2));
  return EscapeDecode(text);
}

std::string ByteaToText(std::string_view bytes, ByteaOutput format) {
  std::string out;
  if (format == ByteaOutput::kHex) {
    CheckValueSize(bytes.size() * 2 + 2);
    out = "\\x";
    HexEncode(bytes, out);
    return out;
  }
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte < 0x20 || byte > 0x7E) {
      AppendOctal(byte, out);
    } else {
      out.push_back(c);
    }
  }
  CheckValueSize(out.size());
  return out;
}

std::string EncodeBytes(std::string_view bytes, std::string_view format) {
  std::string out;
  if (EqualsIgnoringCase(format, "hex")) {
    HexEncode(bytes, out);
  } else if (EqualsIgnoringCase(format, "base64")) {
    out = Base64Encode(bytes);
  } else if (EqualsIgnoringCase(format, "escape")) {
    out = EscapeEncode(bytes);
  } else {
    ThrowUnknownEncoding(format);
  }
  CheckValueSize(out.size());
  return out;
}

std::string DecodeBytes(std::string_view text, std::string_view format) {
  if (EqualsIgnoringCase(format, "hex")) return HexDecode(text);
  if (EqualsIgnoringCase(format, "base64")) return Base64Decode(text);
  if (EqualsIgnoringCase(format, "escape")) return EscapeDecode(text);
  ThrowUnknownEncoding(format);
}

}  // namespace granary::types
