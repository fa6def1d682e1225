// uuid input, output and generation (PostgreSQL 15's utils/adt/uuid.c).
#include "types/uuid.hpp"

#include <random>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::types {
namespace {

constexpr size_t kUuidLength = 16;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void ThrowSyntax(std::string_view text) {
  throw Error(sqlstate::kInvalidTextRepresentation,
              "invalid input syntax for type uuid: \"" + std::string(text) + "\"");
}

}  // namespace

// string_to_uuid: an optional '{', 16 pairs of hex digits with an optional '-' after every
// second pair (but not the last), the matching '}', and nothing else.
std::string ParseUuid(std::string_view text) {
  std::string bytes;
  bytes.reserve(kUuidLength);
  size_t at = 0;
  const bool braces = !text.empty() && text[0] == '{';
  if (braces) ++at;
  for (size_t i = 0; i < kUuidLength; ++i) {
    if (at + 2 > text.size()) ThrowSyntax(text);
    const int high = HexDigit(text[at]);
    const int low = HexDigit(text[at + 1]);
    if (high < 0 || low < 0) ThrowSyntax(text);
    bytes.push_back(static_cast<char>(high * 16 + low));
    at += 2;
    if (at < text.size() && text[at] == '-' && i % 2 == 1 && i < kUuidLength - 1) ++at;
  }
  if (braces) {
    if (at >= text.size() || text[at] != '}') ThrowSyntax(text);
    ++at;
  }
  if (at != text.size()) ThrowSyntax(text);
  return bytes;
}

std::string FormatUuid(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    const auto byte = static_cast<unsigned char>(bytes[i]);
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

std::string RandomUuid() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string bytes(kUuidLength, '\0');
  for (size_t i = 0; i < kUuidLength; i += 8) {
    uint64_t bits = generator();
    for (size_t j = 0; j < 8; ++j) {
      bytes[i + j] = static_cast<char>(bits & 0xFF);
      bits >>= 8;
    }
  }
  bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);  // variant 10
  return bytes;
}

}  // namespace granary::types
