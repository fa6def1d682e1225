// Splitting the byte stream into protocol messages (PostgreSQL's pq_getmessage and
// ProcessStartupPacket length checks).
#include "server/protocol/framing.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::server::protocol {
namespace {

// PostgreSQL 15's limits per message type (SocketBackend, recv_password_packet).
uint32_t MaxLength(char type) {
  switch (type) {
    case 'Q':
    case 'P':
    case 'B':
    case 'F':
    case 'd':
      return kLargeMessageLimit;
    case 'p':
      return kAuthMessageLimit;
    default:
      return kSmallMessageLimit;
  }
}

uint32_t ReadUint32(std::string_view bytes) { return static_cast<uint32_t>(ReadInt32(bytes)); }

}  // namespace

int32_t ReadInt32(std::string_view bytes) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<int32_t>(value);
}

bool IsFrontendMessageType(char type) {
  switch (type) {
    case 'Q':  // Query
    case 'P':  // Parse
    case 'B':  // Bind
    case 'E':  // Execute
    case 'D':  // Describe
    case 'C':  // Close
    case 'H':  // Flush
    case 'S':  // Sync
    case 'X':  // Terminate
    case 'p':  // PasswordMessage, SASLInitialResponse, SASLResponse
    case 'F':  // FunctionCall
    case 'd':  // CopyData
    case 'c':  // CopyDone
    case 'f':  // CopyFail
      return true;
    default:
      return false;
  }
}

std::optional<Frame> TakeFrame(std::string_view buffer, FramingPhase phase) {
  if (phase == FramingPhase::kStartup) {
    if (buffer.size() < 4) return std::nullopt;
    const uint32_t length = ReadUint32(buffer);
    if (length < 8 || length > kMaxStartupPacketLength) {
      throw Error(sqlstate::kProtocolViolation, "invalid length of startup packet");
    }
    if (buffer.size() < length) return std::nullopt;
    return Frame{0, buffer.substr(4, length - 4), length};
  }
  if (buffer.empty()) return std::nullopt;
  const char type = buffer[0];
  if (!IsFrontendMessageType(type)) {
    throw Error(sqlstate::kProtocolViolation,
                "invalid frontend message type " + std::to_string(static_cast<unsigned char>(type)));
  }
  if (buffer.size() < 5) return std::nullopt;
  const uint32_t length = ReadUint32(buffer.substr(1));
  if (length < 4 || length > MaxLength(type)) {
    throw Error(sqlstate::kProtocolViolation, "invalid message length");
  }
  if (buffer.size() - 1 < length) return std::nullopt;
  return Frame{type, buffer.substr(5, length - 4), size_t{length} + 1};
}

FramingPhase PhaseAfter(const Frame& frame, FramingPhase phase) {
  if (phase == FramingPhase::kTyped || frame.payload.size() < 4) return phase;
  const int32_t code = ReadInt32(frame.payload);
  if (code == kSslRequestCode || code == kGssEncRequestCode) return FramingPhase::kStartup;
  return FramingPhase::kTyped;
}

}  // namespace granary::server::protocol
