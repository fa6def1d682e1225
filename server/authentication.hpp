// Authenticator — the password exchange of one connection, for the method its hba rule chose
// (PostgreSQL's auth.c): cleartext password, md5 with a random salt, or SCRAM-SHA-256.
//
// A failed proof is FATAL 28P01 `password authentication failed for user "x"`, whatever the
// reason (wrong password, no such role, no password set), so a client learns nothing about
// which roles exist. A malformed response is FATAL 08P01. As in PostgreSQL, the md5 method
// runs SCRAM when the role's stored password is a SCRAM verifier.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/hba.hpp"
#include "auth/scram.hpp"
#include "granary/granary.hpp"

namespace granary::server {

class Authenticator {
 public:
  Authenticator(auth::AuthMethod method, std::string user, std::optional<RoleInfo> role);

  // Writes the first authentication request to `out`. True when the method needs no
  // exchange (trust): the client is authenticated already.
  bool Start(std::string& out);
  // Handles one PasswordMessage / SASL response. True when the client has proved the
  // password (the caller sends AuthenticationOk); false when another round follows.
  bool Continue(std::string_view payload, std::string& out);

 private:
  enum class Stage { kStart, kPassword, kMd5, kSaslInitial, kSaslFinal, kDone };

  [[noreturn]] void Fail() const;
  const std::string& stored_password() const;

  auth::AuthMethod method_;
  std::string user_;
  std::optional<RoleInfo> role_;
  Stage stage_ = Stage::kStart;
  std::string md5_salt_;
  std::optional<auth::ScramExchange> scram_;
};

}  // namespace granary::server
