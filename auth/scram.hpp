// SCRAM-SHA-256 (RFC 5802 with the SHA-256 mechanism of RFC 7677), server side, as
// PostgreSQL and libpq speak it: no channel binding (Granary has no TLS yet, so only
// "SCRAM-SHA-256" is offered, never "-PLUS"), no authorization identity, and the user name in
// the client-first message ignored in favour of the startup packet's, as PostgreSQL does.
//
// Stored verifiers use PostgreSQL's text form, so pg_authid rows can be copied between the two:
//   SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>
//
// Thread-safety: ScramVerifier is a value; a ScramExchange belongs to one connection.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace granary::auth {

inline constexpr int kScramIterations = 4096;  // PostgreSQL's scram_iterations default
inline constexpr size_t kScramSaltLength = 16;
inline constexpr std::string_view kScramMechanism = "SCRAM-SHA-256";

struct ScramVerifier {
  int iterations = kScramIterations;
  std::string salt;        // raw bytes
  std::string stored_key;  // H(ClientKey)
  std::string server_key;  // HMAC(SaltedPassword, "Server Key")

  // nullopt when `text` is not a SCRAM-SHA-256 verifier.
  static std::optional<ScramVerifier> Parse(std::string_view text);
  // Derives the keys from a password (PBKDF2, `iterations` rounds). An empty `salt` means a
  // fresh random one of kScramSaltLength bytes.
  static ScramVerifier FromPassword(std::string_view password, std::string salt = {},
                                    int iterations = kScramIterations);
  std::string ToString() const;
};

// One SCRAM exchange: client-first -> server-first, client-final -> server-final.
//
// A malformed message raises 08P01 `malformed SCRAM message` with a detail naming what was
// wrong (PostgreSQL's wording). A wrong proof is not an exception: HandleClientFinal returns
// false and the caller reports 28P01 for the user.
class ScramExchange {
 public:
  // `verifier` nullopt runs a mock exchange (for a role that does not exist, has no password,
  // or has an md5 one) that looks like a real one to the client and always fails, so a client
  // cannot learn which roles exist: its salt is derived from `role` and a per-process secret,
  // so it is stable across attempts as a real one is. `server_nonce` is random unless given
  // (tests).
  ScramExchange(std::optional<ScramVerifier> verifier, std::string_view role,
                std::string server_nonce = {});

  // Returns the server-first message.
  std::string HandleClientFirst(std::string_view message);
  // Checks the client's proof; true (with `server_final` set) when it proves the password.
  bool HandleClientFinal(std::string_view message, std::string& server_final);

 private:
  std::optional<ScramVerifier> verifier_;
  ScramVerifier mock_;  // what a mock exchange presents
  std::string server_nonce_;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;  // client nonce + server nonce
  bool first_seen_ = false;
};

}  // namespace granary::auth
