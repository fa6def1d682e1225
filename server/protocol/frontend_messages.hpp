// Decoding the payloads of frontend messages into plain structs (PostgreSQL's pq_getmsg*).
//
// Pure functions over bytes. Every decoder reads exactly its message: running out of bytes,
// a string without its NUL terminator, a negative count or bytes left over raise 08P01
// (protocol_violation) with PostgreSQL's message, and nothing is read past the payload.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace granary::server::protocol {

// A cursor over one message's payload.
class MessageCursor {
 public:
  explicit MessageCursor(std::string_view payload) : payload_(payload) {}

  uint8_t ReadByte();
  int16_t ReadInt16();
  int32_t ReadInt32();
  // A NUL-terminated string (the NUL consumed, not returned).
  std::string_view ReadString();
  std::string_view ReadBytes(size_t count);
  size_t remaining() const { return payload_.size() - pos_; }
  // 08P01 `invalid message format` unless every byte was read.
  void Finish() const;

 private:
  std::string_view payload_;
  size_t pos_ = 0;
};

// An untyped startup-phase packet.
struct StartupPacket {
  enum class Kind { kStartup, kSslRequest, kGssEncRequest, kCancelRequest };
  Kind kind = Kind::kStartup;
  int32_t protocol_version = 0;                                // kStartup
  std::vector<std::pair<std::string, std::string>> parameters;  // kStartup, in order
  int32_t process_id = 0;                                      // kCancelRequest
  int32_t secret_key = 0;                                      // kCancelRequest
};
StartupPacket DecodeStartupPacket(std::string_view payload);

struct ParseMessage {
  std::string statement;
  std::string query;
  std::vector<uint32_t> parameter_types;
};
ParseMessage DecodeParse(std::string_view payload);

struct BindMessage {
  std::string portal;
  std::string statement;
  std::vector<int16_t> parameter_formats;
  std::vector<std::optional<std::string>> parameters;  // nullopt: NULL
  std::vector<int16_t> result_formats;
};
BindMessage DecodeBind(std::string_view payload);

// Describe and Close name a prepared statement ('S') or a portal ('P').
struct TargetMessage {
  char kind = 'S';
  std::string name;
};
TargetMessage DecodeDescribe(std::string_view payload);
TargetMessage DecodeClose(std::string_view payload);

struct ExecuteMessage {
  std::string portal;
  int32_t max_rows = 0;  // 0: no limit
};
ExecuteMessage DecodeExecute(std::string_view payload);

std::string DecodeQuery(std::string_view payload);
// Sync, Flush, Terminate, CopyDone: no payload.
void DecodeEmpty(std::string_view payload);
// CopyFail: the client's error message.
std::string DecodeCopyFail(std::string_view payload);

// PasswordMessage: the password (or md5 response) as a NUL-terminated string.
std::string DecodePassword(std::string_view payload);

struct SaslInitialResponse {
  std::string mechanism;
  std::string data;  // empty when the client sent length -1
};
SaslInitialResponse DecodeSaslInitialResponse(std::string_view payload);

}  // namespace granary::server::protocol
