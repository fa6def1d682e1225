// Password storage forms and the password/md5 checks (PostgreSQL's crypt.c).
#include "auth/password.hpp"

#include "auth/crypto.hpp"
#include "auth/scram.hpp"

namespace granary::auth {
namespace {

constexpr size_t kMd5HashLength = 35;  // "md5" + 32 hex digits

}  // namespace

PasswordType GetPasswordType(std::string_view stored) {
  if (stored.size() == kMd5HashLength && stored.substr(0, 3) == "md5" &&
      stored.find_first_not_of("0123456789abcdef", 3) == std::string_view::npos) {
    return PasswordType::kMd5;
  }
  if (ScramVerifier::Parse(stored)) return PasswordType::kScramSha256;
  return PasswordType::kPlaintext;
}

std::string Md5PasswordHash(std::string_view role, std::string_view password) {
  return "md5" + Md5Hex(std::string(password) + std::string(role));
}

std::string EncryptPassword(std::string_view role, std::string_view password, PasswordType target) {
  if (GetPasswordType(password) != PasswordType::kPlaintext) return std::string(password);
  if (target == PasswordType::kMd5) return Md5PasswordHash(role, password);
  return ScramVerifier::FromPassword(password).ToString();
}

bool CheckPlaintextPassword(std::string_view role, std::string_view stored,
                            std::string_view password) {
  switch (GetPasswordType(stored)) {
    case PasswordType::kMd5:
      return ConstantTimeEqual(Md5PasswordHash(role, password), stored);
    case PasswordType::kScramSha256: {
      const ScramVerifier verifier = *ScramVerifier::Parse(stored);
      const ScramVerifier computed =
          ScramVerifier::FromPassword(password, verifier.salt, verifier.iterations);
      return ConstantTimeEqual(computed.stored_key, verifier.stored_key) &&
             ConstantTimeEqual(computed.server_key, verifier.server_key);
    }
    case PasswordType::kPlaintext:
      return false;  // never stored; an empty or broken rolpassword admits nobody
  }
  return false;
}

bool CheckMd5Response(std::string_view stored, std::string_view salt, std::string_view response) {
  if (GetPasswordType(stored) != PasswordType::kMd5) return false;
  const std::string expected = "md5" + Md5Hex(std::string(stored.substr(3)) + std::string(salt));
  return ConstantTimeEqual(expected, response);
}

}  // namespace granary::auth
