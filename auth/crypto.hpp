// The cryptographic primitives authentication needs, over OpenSSL's libcrypto. Nothing else
// in Granary calls OpenSSL for hashing; byte strings are std::string.
//
// Thread-safety: every function is safe to call from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace granary::auth {

inline constexpr size_t kSha256Length = 32;

std::string Sha256(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);
// PBKDF2 with HMAC-SHA-256 and one output block: SCRAM's Hi(password, salt, iterations).
std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations);
// MD5 as 32 lower-case hex digits.
std::string Md5Hex(std::string_view data);
// `length` bytes from a cryptographically secure generator. Raises XX000 if it fails.
std::string RandomBytes(size_t length);

std::string Base64Encode(std::string_view data);
// nullopt for anything that is not canonical padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

// Compares without an early exit, so the time taken does not reveal where they differ.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace granary::auth
