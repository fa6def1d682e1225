// Helpers for the protocol tests: building messages byte by byte and catching SQLSTATEs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "granary/error.hpp"

namespace granary::server::testing {

inline std::string Int32(int32_t value) {
  const auto bits = static_cast<uint32_t>(value);
  return {static_cast<char>(bits >> 24), static_cast<char>((bits >> 16) & 0xFF),
          static_cast<char>((bits >> 8) & 0xFF), static_cast<char>(bits & 0xFF)};
}

inline std::string Int16(int16_t value) {
  const auto bits = static_cast<uint16_t>(value);
  return {static_cast<char>(bits >> 8), static_cast<char>(bits & 0xFF)};
}

inline std::string Cstr(const std::string& text) { return text + std::string(1, '\0'); }

// A typed message: type, length (counting itself), payload.
inline std::string Message(char type, const std::string& payload) {
  return std::string(1, type) + Int32(static_cast<int32_t>(payload.size() + 4)) + payload;
}

// An untyped startup-phase packet.
inline std::string Packet(const std::string& payload) {
  return Int32(static_cast<int32_t>(payload.size() + 4)) + payload;
}

// "none", or "SQLSTATE message" of the granary::Error the action raised.
inline std::string ErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const granary::Error& error) {
    return error.sqlstate() + " " + error.message();
  }
  return "none";
}

}  // namespace granary::server::testing
