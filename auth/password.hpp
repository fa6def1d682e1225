// Stored passwords: what CREATE/ALTER ROLE ... PASSWORD keeps in pg_authid.rolpassword and how
// the password and md5 methods check a client against it. Plain text is never stored: a
// password is kept as a SCRAM-SHA-256 verifier (or an md5 hash when password_encryption is
// md5), and one given already hashed in either form is stored as given, as PostgreSQL does.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace granary::auth {

enum class PasswordType { kPlaintext, kMd5, kScramSha256 };

// kMd5 for "md5" + 32 hex digits, kScramSha256 for a parseable SCRAM verifier, else kPlaintext.
PasswordType GetPasswordType(std::string_view stored);

// The form to store for `password` of `role`: kept as is when already an md5 hash or a SCRAM
// verifier; otherwise hashed as `target` (kScramSha256 or kMd5).
std::string EncryptPassword(std::string_view role, std::string_view password, PasswordType target);

// The md5 hash PostgreSQL stores: "md5" + md5(password || role).
std::string Md5PasswordHash(std::string_view role, std::string_view password);

// The password method: the client sent `password` in clear; true when it matches `stored`
// (SCRAM verifier or md5 hash).
bool CheckPlaintextPassword(std::string_view role, std::string_view stored,
                            std::string_view password);

// The md5 method: the client sent "md5" + md5(md5(password || role) || salt). Only an md5
// `stored` hash can be checked this way.
bool CheckMd5Response(std::string_view stored, std::string_view salt, std::string_view response);

}  // namespace granary::auth
