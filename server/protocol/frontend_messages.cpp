// Frontend message decoders (PostgreSQL's pqformat.c readers and the message layouts of
// postgres.c's exec_*_message functions).
#include "server/protocol/frontend_messages.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "server/protocol/framing.hpp"

namespace granary::server::protocol {
namespace {

[[noreturn]] void Violation(std::string message) {
  throw Error(sqlstate::kProtocolViolation, std::move(message));
}

int16_t ReadCount(MessageCursor& cursor) {
  const int16_t count = cursor.ReadInt16();
  if (count < 0) Violation("invalid message format");
  return count;
}

TargetMessage DecodeTarget(std::string_view payload, const char* what) {
  MessageCursor cursor(payload);
  TargetMessage message;
  message.kind = static_cast<char>(cursor.ReadByte());
  if (message.kind != 'S' && message.kind != 'P') {
    Violation(std::string("invalid ") + what + " message subtype " +
              std::to_string(static_cast<unsigned char>(message.kind)));
  }
  message.name = std::string(cursor.ReadString());
  cursor.Finish();
  return message;
}

}  // namespace

uint8_t MessageCursor::ReadByte() {
  if (remaining() < 1) Violation("insufficient data left in message");
  return static_cast<uint8_t>(payload_[pos_++]);
}

int16_t MessageCursor::ReadInt16() {
  if (remaining() < 2) Violation("insufficient data left in message");
  const auto high = static_cast<uint8_t>(payload_[pos_]);
  const auto low = static_cast<uint8_t>(payload_[pos_ + 1]);
  pos_ += 2;
  return static_cast<int16_t>(static_cast<uint16_t>((high << 8) | low));
}

int32_t MessageCursor::ReadInt32() {
  if (remaining() < 4) Violation("insufficient data left in message");
  const int32_t value = protocol::ReadInt32(payload_.substr(pos_, 4));
  pos_ += 4;
  return value;
}

std::string_view MessageCursor::ReadString() {
  const size_t end = payload_.find('\0', pos_);
  if (end == std::string_view::npos) Violation("invalid string in message");
  const std::string_view text = payload_.substr(pos_, end - pos_);
  pos_ = end + 1;
  return text;
}

std::string_view MessageCursor::ReadBytes(size_t count) {
  if (remaining() < count) Violation("insufficient data left in message");
  const std::string_view bytes = payload_.substr(pos_, count);
  pos_ += count;
  return bytes;
}

void MessageCursor::Finish() const {
  if (remaining() != 0) Violation("invalid message format");
}

StartupPacket DecodeStartupPacket(std::string_view payload) {
  MessageCursor cursor(payload);
  StartupPacket packet;
  const int32_t code = cursor.ReadInt32();
  if (code == kSslRequestCode || code == kGssEncRequestCode) {
    packet.kind = code == kSslRequestCode ? StartupPacket::Kind::kSslRequest
                                          : StartupPacket::Kind::kGssEncRequest;
    cursor.Finish();
    return packet;
  }
  if (code == kCancelRequestCode) {
    packet.kind = StartupPacket::Kind::kCancelRequest;
    packet.process_id = cursor.ReadInt32();
    packet.secret_key = cursor.ReadInt32();
    cursor.Finish();
    return packet;
  }
  packet.protocol_version = code;
  if (code >> 16 != 3) return packet;  // the caller rejects the version; its layout is unknown
  // Name/value pairs, then a terminating NUL as the last byte.
  while (true) {
    if (cursor.remaining() == 0) {
      Violation("invalid startup packet layout: expected terminator as last byte");
    }
    const std::string_view name = cursor.ReadString();
    if (name.empty()) break;
    const std::string_view value = cursor.ReadString();
    packet.parameters.emplace_back(std::string(name), std::string(value));
  }
  if (cursor.remaining() != 0) {
    Violation("invalid startup packet layout: expected terminator as last byte");
  }
  return packet;
}

ParseMessage DecodeParse(std::string_view payload) {
  MessageCursor cursor(payload);
  ParseMessage message;
  message.statement = std::string(cursor.ReadString());
  message.query = std::string(cursor.ReadString());
  const int16_t count = ReadCount(cursor);
  for (int16_t i = 0; i < count; ++i) {
    message.parameter_types.push_back(static_cast<uint32_t>(cursor.ReadInt32()));
  }
  cursor.Finish();
  return message;
}

BindMessage DecodeBind(std::string_view payload) {
  MessageCursor cursor(payload);
  BindMessage message;
  message.portal = std::string(cursor.ReadString());
  message.statement = std::string(cursor.ReadString());
  const int16_t format_count = ReadCount(cursor);
  for (int16_t i = 0; i < format_count; ++i) message.parameter_formats.push_back(cursor.ReadInt16());
  const int16_t parameter_count = ReadCount(cursor);
  for (int16_t i = 0; i < parameter_count; ++i) {
    const int32_t length = cursor.ReadInt32();
    if (length == -1) {
      message.parameters.emplace_back(std::nullopt);
      continue;
    }
    if (length < 0) Violation("invalid message format");
    message.parameters.emplace_back(std::string(cursor.ReadBytes(static_cast<size_t>(length))));
  }
  const int16_t result_count = ReadCount(cursor);
  for (int16_t i = 0; i < result_count; ++i) message.result_formats.push_back(cursor.ReadInt16());
  cursor.Finish();
  return message;
}

TargetMessage DecodeDescribe(std::string_view payload) { return DecodeTarget(payload, "DESCRIBE"); }
TargetMessage DecodeClose(std::string_view payload) { return DecodeTarget(payload, "CLOSE"); }

ExecuteMessage DecodeExecute(std::string_view payload) {
  MessageCursor cursor(payload);
  ExecuteMessage message;
  message.portal = std::string(cursor.ReadString());
  message.max_rows = cursor.ReadInt32();
  cursor.Finish();
  return message;
}

std::string DecodeQuery(std::string_view payload) {
  MessageCursor cursor(payload);
  std::string query(cursor.ReadString());
  cursor.Finish();
  return query;
}

void DecodeEmpty(std::string_view payload) { MessageCursor(payload).Finish(); }

std::string DecodeCopyFail(std::string_view payload) { return DecodeQuery(payload); }

std::string DecodePassword(std::string_view payload) {
  MessageCursor cursor(payload);
  std::string password(cursor.ReadString());
  if (cursor.remaining() != 0) Violation("invalid password packet size");
  return password;
}

SaslInitialResponse DecodeSaslInitialResponse(std::string_view payload) {
  MessageCursor cursor(payload);
  SaslInitialResponse message;
  message.mechanism = std::string(cursor.ReadString());
  const int32_t length = cursor.ReadInt32();
  if (length < -1) Violation("invalid SASL initial response length");
  if (length > 0) message.data = std::string(cursor.ReadBytes(static_cast<size_t>(length)));
  cursor.Finish();
  return message;
}

}  // namespace granary::server::protocol
