// The password exchanges: cleartext, md5, SCRAM-SHA-256.
#include "server/authentication.hpp"

#include "auth/crypto.hpp"
#include "auth/password.hpp"
#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"
#include "server/protocol/frontend_messages.hpp"

namespace granary::server {
namespace {

constexpr size_t kMd5SaltLength = 4;

}  // namespace

Authenticator::Authenticator(auth::AuthMethod method, std::string user, std::optional<RoleInfo> role)
    : method_(method), user_(std::move(user)), role_(std::move(role)) {
  if (method_ == auth::AuthMethod::kMd5 &&
      auth::GetPasswordType(stored_password()) == auth::PasswordType::kScramSha256) {
    method_ = auth::AuthMethod::kScramSha256;
  }
}

const std::string& Authenticator::stored_password() const {
  static const std::string none;
  return role_ && role_->password ? *role_->password : none;
}

void Authenticator::Fail() const {
  throw Error(sqlstate::kInvalidPassword,
              "password authentication failed for user \"" + user_ + "\"", Severity::kFatal);
}

bool Authenticator::Start(std::string& out) {
  switch (method_) {
    case auth::AuthMethod::kTrust:
      stage_ = Stage::kDone;
      return true;
    case auth::AuthMethod::kReject:
      Fail();
    case auth::AuthMethod::kPassword:
      protocol::AppendAuthenticationCleartextPassword(out);
      stage_ = Stage::kPassword;
      return false;
    case auth::AuthMethod::kMd5:
      md5_salt_ = auth::RandomBytes(kMd5SaltLength);
      protocol::AppendAuthenticationMd5Password(out, md5_salt_);
      stage_ = Stage::kMd5;
      return false;
    case auth::AuthMethod::kScramSha256: {
      std::optional<auth::ScramVerifier> verifier = auth::ScramVerifier::Parse(stored_password());
      scram_.emplace(std::move(verifier), user_);
      protocol::AppendAuthenticationSasl(out, {auth::kScramMechanism});
      stage_ = Stage::kSaslInitial;
      return false;
    }
  }
  Fail();
}

bool Authenticator::Continue(std::string_view payload, std::string& out) {
  switch (stage_) {
    case Stage::kPassword: {
      const std::string password = protocol::DecodePassword(payload);
      if (password.empty() || !auth::CheckPlaintextPassword(user_, stored_password(), password)) Fail();
      stage_ = Stage::kDone;
      return true;
    }
    case Stage::kMd5: {
      const std::string response = protocol::DecodePassword(payload);
      if (!auth::CheckMd5Response(stored_password(), md5_salt_, response)) Fail();
      stage_ = Stage::kDone;
      return true;
    }
    case Stage::kSaslInitial: {
      const protocol::SaslInitialResponse initial = protocol::DecodeSaslInitialResponse(payload);
      if (initial.mechanism != auth::kScramMechanism) {
        throw Error(sqlstate::kProtocolViolation,
                    "client selected an invalid SASL authentication mechanism", Severity::kFatal);
      }
      protocol::AppendAuthenticationSaslContinue(out, scram_->HandleClientFirst(initial.data));
      stage_ = Stage::kSaslFinal;
      return false;
    }
    case Stage::kSaslFinal: {
      std::string server_final;
      if (!scram_->HandleClientFinal(payload, server_final)) Fail();
      protocol::AppendAuthenticationSaslFinal(out, server_final);
      stage_ = Stage::kDone;
      return true;
    }
    case Stage::kStart:
    case Stage::kDone:
      break;
  }
  throw Error(sqlstate::kProtocolViolation, "unexpected password response", Severity::kFatal);
}

}  // namespace granary::server
