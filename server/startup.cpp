// The startup phase: startup packets, hba rules, authentication, the checks after it.
#include "server/startup.hpp"

#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"
#include "server/protocol/frontend_messages.hpp"

namespace granary::server {
namespace {

// One data directory is one database; clients and tools expect both names to exist.
bool DatabaseExists(std::string_view name) { return name == "granary" || name == "postgres"; }

[[noreturn]] void Fatal(std::string_view sqlstate, std::string message) {
  throw Error(sqlstate, std::move(message), Severity::kFatal);
}

std::string ConnectionDescription(const PeerInfo& peer, const StartupResult& result) {
  return "host \"" + peer.host + "\", user \"" + result.user + "\", database \"" +
         result.database + "\", no encryption";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseOptionsParameter(std::string_view options) {
  // pg_split_opts: whitespace separates words, a backslash escapes the next character.
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < options.size(); ++i) {
    const char c = options[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\' && i + 1 < options.size()) {
      word.push_back(options[++i]);
    } else {
      word.push_back(c);
    }
  }
  if (in_word) words.push_back(std::move(word));

  std::vector<std::pair<std::string, std::string>> settings;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string assignment;
    if (words[i] == "-c" && i + 1 < words.size()) {
      assignment = words[++i];
    } else if (words[i].rfind("-c", 0) == 0 && words[i].size() > 2) {
      assignment = words[i].substr(2);
    } else if (words[i].rfind("--", 0) == 0) {
      assignment = words[i].substr(2);
    } else {
      Fatal(sqlstate::kFeatureNotSupported,
            "invalid command-line argument for server process: " + words[i]);
    }
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      Fatal(sqlstate::kSyntaxError, "-c " + assignment + " requires a value");
    }
    std::string name = assignment.substr(0, equals);
    for (char& c : name) {
      if (c == '-') c = '_';  // --search-path=x is search_path
    }
    settings.emplace_back(std::move(name), assignment.substr(equals + 1));
  }
  return settings;
}

StartupPhase::StartupPhase(ServerContext& server, PeerInfo peer)
    : server_(server), peer_(std::move(peer)) {}

StartupPhase::~StartupPhase() {
  if (holds_session_slot_) server_.registry.RemoveSession();
}

StartupPhase::Step StartupPhase::Handle(char type, std::string_view payload, std::string& out) {
  if (type == 0) return HandleStartupPacket(payload, out);
  if (type != 'p' || !authenticator_) {
    Fatal(sqlstate::kProtocolViolation, "expected password response, got message type " +
                                            std::to_string(static_cast<unsigned char>(type)));
  }
  try {
    if (!authenticator_->Continue(payload, out)) return Step::kContinue;
  } catch (Error& error) {
    throw Error(error.sqlstate(), error.message(), Severity::kFatal).WithDetail(error.detail());
  }
  return Authenticated(out);
}

void StartupPhase::ParseStartupParameters(
    const std::vector<std::pair<std::string, std::string>>& parameters,
    std::vector<std::string>& protocol_options) {
  for (const auto& [name, value] : parameters) {
    if (name == "user") {
      result_.user = value;
    } else if (name == "database") {
      result_.database = value;
    } else if (name == "options") {
      for (auto& setting : ParseOptionsParameter(value)) result_.settings.push_back(std::move(setting));
    } else if (name == "replication") {
      if (value != "false" && value != "off" && value != "0" && value != "no") {
        Fatal(sqlstate::kFeatureNotSupported, "replication connections are not supported yet");
      }
    } else if (name.rfind("_pq_.", 0) == 0) {
      protocol_options.push_back(name);
    } else {
      result_.settings.emplace_back(name, value);
    }
  }
  if (result_.user.empty()) {
    Fatal(sqlstate::kInvalidAuthorizationSpecification,
          "no PostgreSQL user name specified in startup packet");
  }
  if (result_.database.empty()) result_.database = result_.user;
}

StartupPhase::Step StartupPhase::HandleStartupPacket(std::string_view payload, std::string& out) {
  if (authenticator_) Fatal(sqlstate::kProtocolViolation, "unexpected startup packet");
  const protocol::StartupPacket packet = protocol::DecodeStartupPacket(payload);
  switch (packet.kind) {
    case protocol::StartupPacket::Kind::kSslRequest:
    case protocol::StartupPacket::Kind::kGssEncRequest:
      out.push_back('N');  // no TLS/GSS encryption: the client goes on in the clear or gives up
      return Step::kContinue;
    case protocol::StartupPacket::Kind::kCancelRequest:
      server_.registry.Cancel(BackendKey{packet.process_id, packet.secret_key});
      return Step::kClose;
    case protocol::StartupPacket::Kind::kStartup:
      break;
  }
  const int major = packet.protocol_version >> 16;
  const int minor = packet.protocol_version & 0xFFFF;
  if (major != 3) {
    Fatal(sqlstate::kFeatureNotSupported, "unsupported frontend protocol " + std::to_string(major) +
                                              "." + std::to_string(minor) +
                                              ": server supports 3.0 to 3.0");
  }
  std::vector<std::string> protocol_options;
  ParseStartupParameters(packet.parameters, protocol_options);
  if (minor > 0 || !protocol_options.empty()) {
    protocol::AppendNegotiateProtocolVersion(out, 0, protocol_options);
  }
  if (!server_.registry.TryAddSession()) {
    Fatal(sqlstate::kTooManyConnections, "sorry, too many clients already");
  }
  holds_session_slot_ = true;

  const std::shared_ptr<const auth::HbaFile> hba = server_.Hba();
  const auth::HbaRule* rule = hba->Match(auth::ConnectionInfo{peer_.address, result_.database, result_.user});
  if (rule == nullptr) {
    Fatal(sqlstate::kInvalidAuthorizationSpecification,
          "no hba.conf entry for " + ConnectionDescription(peer_, result_));
  }
  if (rule->method == auth::AuthMethod::kReject) {
    Fatal(sqlstate::kInvalidAuthorizationSpecification,
          "hba.conf rejects connection for " + ConnectionDescription(peer_, result_));
  }
  role_ = server_.database.FindRole(result_.user);
  authenticator_ = std::make_unique<Authenticator>(rule->method, result_.user, role_);
  if (!authenticator_->Start(out)) return Step::kContinue;
  return Authenticated(out);
}

StartupPhase::Step StartupPhase::Authenticated(std::string& out) {
  if (!role_) {
    Fatal(sqlstate::kInvalidAuthorizationSpecification,
          "role \"" + result_.user + "\" does not exist");
  }
  if (!role_->can_login) {
    Fatal(sqlstate::kInvalidAuthorizationSpecification,
          "role \"" + result_.user + "\" is not permitted to log in");
  }
  result_.superuser = role_->superuser;
  protocol::AppendAuthenticationOk(out);
  if (!DatabaseExists(result_.database)) {
    Fatal(sqlstate::kInvalidCatalogName, "database \"" + result_.database + "\" does not exist");
  }
  return Step::kAuthenticated;
}

}  // namespace granary::server
