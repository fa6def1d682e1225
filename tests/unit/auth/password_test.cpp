// Stored password forms and the password/md5 method checks.
#include <catch2/catch.hpp>

#include "auth/crypto.hpp"
#include "auth/password.hpp"

using namespace granary::auth;

TEST_CASE("passwords are stored hashed, and hashes as given", "[auth][password]") {
  // PostgreSQL 15 with password_encryption = md5: CREATE ROLE bob PASSWORD 'secret'.
  CHECK(Md5PasswordHash("bob", "secret") == "md521f3163f8f86fa10bdefbfbd502a8f06");
  CHECK(EncryptPassword("bob", "secret", PasswordType::kMd5) == "md521f3163f8f86fa10bdefbfbd502a8f06");
  const std::string scram = EncryptPassword("bob", "secret", PasswordType::kScramSha256);
  CHECK(GetPasswordType(scram) == PasswordType::kScramSha256);
  CHECK(scram.find("secret") == std::string::npos);
  CHECK(EncryptPassword("bob", scram, PasswordType::kMd5) == scram);
  CHECK(EncryptPassword("bob", "md521f3163f8f86fa10bdefbfbd502a8f06", PasswordType::kScramSha256) ==
        "md521f3163f8f86fa10bdefbfbd502a8f06");
  CHECK(GetPasswordType("md5xyz") == PasswordType::kPlaintext);
}

TEST_CASE("the password method checks against either stored form", "[auth][password]") {
  const std::string scram = EncryptPassword("bob", "secret", PasswordType::kScramSha256);
  CHECK(CheckPlaintextPassword("bob", scram, "secret"));
  CHECK_FALSE(CheckPlaintextPassword("bob", scram, "Secret"));
  CHECK(CheckPlaintextPassword("bob", "md521f3163f8f86fa10bdefbfbd502a8f06", "secret"));
  CHECK_FALSE(CheckPlaintextPassword("alice", "md521f3163f8f86fa10bdefbfbd502a8f06", "secret"));
  CHECK_FALSE(CheckPlaintextPassword("bob", "", ""));
}

TEST_CASE("the md5 method checks the salted response", "[auth][password]") {
  const std::string stored = Md5PasswordHash("bob", "secret");
  const std::string salt("\x01\x02\x03\x04", 4);
  // What libpq sends: "md5" + md5(md5(password || user) || salt).
  const std::string response = "md5" + Md5Hex(stored.substr(3) + salt);
  CHECK(CheckMd5Response(stored, salt, response));
  CHECK_FALSE(CheckMd5Response(stored, std::string("\x01\x02\x03\x05", 4), response));
  CHECK_FALSE(CheckMd5Response(EncryptPassword("bob", "secret", PasswordType::kScramSha256), salt,
                               response));
}
