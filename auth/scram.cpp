// SCRAM-SHA-256 verifiers and the server side of the exchange (RFC 5802, RFC 7677), following
// PostgreSQL's auth-scram.c: message parsing, nonce checks, proof verification, mock
// exchanges for roles without a usable verifier.
#include "auth/scram.hpp"

#include <charconv>

#include "auth/crypto.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::auth {
namespace {

constexpr size_t kRawNonceLength = 18;  // PostgreSQL's SCRAM_RAW_NONCE_LEN

[[noreturn]] void Malformed(std::string detail) {
  throw Error(sqlstate::kProtocolViolation, "malformed SCRAM message").WithDetail(std::move(detail));
}

// Reads "<attribute>=<value>" up to the next ',' (or the end), advancing `pos` past the ','.
std::string_view ReadAttribute(std::string_view message, size_t& pos, char attribute) {
  if (pos >= message.size() || message[pos] != attribute) {
    Malformed(std::string("Expected attribute \"") + attribute + "\" but found \"" +
              std::string(message.substr(pos, 1)) + "\".");
  }
  if (pos + 1 >= message.size() || message[pos + 1] != '=') {
    Malformed(std::string("Expected character \"=\" for attribute \"") + attribute + "\".");
  }
  const size_t start = pos + 2;
  size_t end = message.find(',', start);
  if (end == std::string_view::npos) end = message.size();
  pos = end < message.size() ? end + 1 : end;
  return message.substr(start, end - start);
}

bool IsPrintableNonce(std::string_view nonce) {
  if (nonce.empty()) return false;
  for (unsigned char c : nonce) {
    if (c < 0x21 || c > 0x7E || c == ',') return false;
  }
  return true;
}

std::string XorBytes(std::string_view a, std::string_view b) {
  std::string out(a);
  for (size_t i = 0; i < out.size() && i < b.size(); ++i) out[i] = static_cast<char>(out[i] ^ b[i]);
  return out;
}

const std::string& ProcessSecret() {
  static const std::string secret = RandomBytes(32);
  return secret;
}

}  // namespace

std::optional<ScramVerifier> ScramVerifier::Parse(std::string_view text) {
  constexpr std::string_view prefix = "SCRAM-SHA-256$";
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  text.remove_prefix(prefix.size());
  const size_t colon = text.find(':');
  const size_t dollar = text.find('$');
  const size_t last_colon = text.rfind(':');
  if (colon == std::string_view::npos || dollar == std::string_view::npos || dollar < colon ||
      last_colon < dollar) {
    return std::nullopt;
  }
  ScramVerifier verifier;
  const std::string_view iterations = text.substr(0, colon);
  const auto [end, error] =
      std::from_chars(iterations.data(), iterations.data() + iterations.size(), verifier.iterations);
  if (error != std::errc() || end != iterations.data() + iterations.size() ||
      verifier.iterations <= 0) {
    return std::nullopt;
  }
  auto salt = Base64Decode(text.substr(colon + 1, dollar - colon - 1));
  auto stored_key = Base64Decode(text.substr(dollar + 1, last_colon - dollar - 1));
  auto server_key = Base64Decode(text.substr(last_colon + 1));
  if (!salt || salt->empty() || !stored_key || stored_key->size() != kSha256Length ||
      !server_key || server_key->size() != kSha256Length) {
    return std::nullopt;
  }
  verifier.salt = std::move(*salt);
  verifier.stored_key = std::move(*stored_key);
  verifier.server_key = std::move(*server_key);
  return verifier;
}

ScramVerifier ScramVerifier::FromPassword(std::string_view password, std::string salt,
                                          int iterations) {
  ScramVerifier verifier;
  verifier.iterations = iterations;
  verifier.salt = salt.empty() ? RandomBytes(kScramSaltLength) : std::move(salt);
  const std::string salted = Pbkdf2Sha256(password, verifier.salt, iterations);
  verifier.stored_key = Sha256(HmacSha256(salted, "Client Key"));
  verifier.server_key = HmacSha256(salted, "Server Key");
  return verifier;
}

std::string ScramVerifier::ToString() const {
  return "SCRAM-SHA-256$" + std::to_string(iterations) + ":" + Base64Encode(salt) + "$" +
         Base64Encode(stored_key) + ":" + Base64Encode(server_key);
}

ScramExchange::ScramExchange(std::optional<ScramVerifier> verifier, std::string_view role,
                             std::string server_nonce)
    : verifier_(std::move(verifier)),
      server_nonce_(server_nonce.empty() ? Base64Encode(RandomBytes(kRawNonceLength))
                                         : std::move(server_nonce)) {
  if (!verifier_) {
    mock_.salt = Sha256(ProcessSecret() + std::string(role)).substr(0, kScramSaltLength);
    mock_.stored_key = RandomBytes(kSha256Length);
    mock_.server_key = RandomBytes(kSha256Length);
  }
}

std::string ScramExchange::HandleClientFirst(std::string_view message) {
  if (first_seen_) Malformed("Unexpected client-first message.");
  first_seen_ = true;
  // gs2-header: cbind-flag "," [authzid] ","
  size_t pos = 0;
  if (message.empty()) Malformed("The message is empty.");
  switch (message[0]) {
    case 'n':
    case 'y':
      if (message.size() < 2 || message[1] != ',') {
        Malformed("Comma expected, but found character \"" + std::string(message.substr(1, 1)) + "\".");
      }
      pos = 2;
      break;
    case 'p':
      Malformed("The client selected SCRAM-SHA-256-PLUS, but the server does not support channel binding.");
    default:
      Malformed("Unexpected channel-binding flag \"" + std::string(message.substr(0, 1)) + "\".");
  }
  if (pos < message.size() && message[pos] == 'a') {
    throw Error(sqlstate::kFeatureNotSupported,
                "client uses authorization identity, but it is not supported");
  }
  if (pos >= message.size() || message[pos] != ',') {
    Malformed("Unexpected attribute \"" + std::string(message.substr(pos, 1)) + "\" in client-first-message.");
  }
  ++pos;
  gs2_header_ = std::string(message.substr(0, pos));
  client_first_bare_ = std::string(message.substr(pos));
  if (pos < message.size() && message[pos] == 'm') {
    throw Error(sqlstate::kFeatureNotSupported, "client requires an unsupported SCRAM extension");
  }
  ReadAttribute(message, pos, 'n');  // the user name: the startup packet's counts
  const std::string_view client_nonce = ReadAttribute(message, pos, 'r');
  if (!IsPrintableNonce(client_nonce)) Malformed("Client nonce contains invalid characters.");

  nonce_ = std::string(client_nonce) + server_nonce_;
  const ScramVerifier& shown = verifier_ ? *verifier_ : mock_;
  server_first_ = "r=" + nonce_ + ",s=" + Base64Encode(shown.salt) + ",i=" +
                  std::to_string(shown.iterations);
  return server_first_;
}

bool ScramExchange::HandleClientFinal(std::string_view message, std::string& server_final) {
  if (!first_seen_ || server_first_.empty()) Malformed("Unexpected client-final message.");
  size_t pos = 0;
  const std::string_view channel_binding = ReadAttribute(message, pos, 'c');
  const std::optional<std::string> binding = Base64Decode(channel_binding);
  if (!binding || *binding != gs2_header_) {
    throw Error(sqlstate::kProtocolViolation,
                "SCRAM channel binding check failed");
  }
  const std::string_view nonce = ReadAttribute(message, pos, 'r');
  if (nonce != nonce_) Malformed("Nonce does not match.");
  // Skip extensions up to the proof, which must come last.
  const size_t proof_at = message.rfind(",p=");
  if (proof_at == std::string_view::npos || proof_at + 1 < pos) {
    Malformed("Could not find proof in client-final-message.");
  }
  size_t proof_pos = proof_at + 1;
  const std::string_view proof_text = ReadAttribute(message, proof_pos, 'p');
  if (proof_pos != message.size()) Malformed("Garbage found at the end of client-final-message.");
  const std::optional<std::string> proof = Base64Decode(proof_text);
  if (!proof || proof->size() != kSha256Length) Malformed("Malformed proof in client-final-message.");

  const std::string auth_message =
      client_first_bare_ + "," + server_first_ + "," + std::string(message.substr(0, proof_at));
  if (!verifier_) return false;
  const std::string client_signature = HmacSha256(verifier_->stored_key, auth_message);
  const std::string client_key = XorBytes(*proof, client_signature);
  if (!ConstantTimeEqual(Sha256(client_key), verifier_->stored_key)) return false;
  server_final = "v=" + Base64Encode(HmacSha256(verifier_->server_key, auth_message));
  return true;
}

}  // namespace granary::auth
