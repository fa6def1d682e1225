// Message framing of the PostgreSQL v3 protocol: splitting a byte stream into messages.
//
// Before a StartupMessage, packets are untyped: int32 length (counting itself), then the
// payload (SSLRequest, GSSENCRequest and CancelRequest are such packets too). Afterwards every
// message is a type byte, an int32 length counting itself but not the type, then the payload.
//
// Pure functions over bytes, so they can be fuzzed without a socket. A length that can never
// be valid — too short, past the per-type limit (PostgreSQL's: 10,000 bytes for startup
// packets and small messages, 1 GiB - 1 for Query/Parse/Bind, 65,535 for authentication
// responses), or a type byte no frontend sends — is 08P01, raised as soon as the header is
// seen, without waiting for (or allocating) the body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace granary::server::protocol {

inline constexpr uint32_t kMaxStartupPacketLength = 10'000;
inline constexpr uint32_t kSmallMessageLimit = 10'000;
inline constexpr uint32_t kLargeMessageLimit = (1u << 30) - 1;
inline constexpr uint32_t kAuthMessageLimit = 65'535;

inline constexpr int32_t kProtocolVersion3 = 196'608;  // 3.0
inline constexpr int32_t kCancelRequestCode = 80'877'102;
inline constexpr int32_t kSslRequestCode = 80'877'103;
inline constexpr int32_t kGssEncRequestCode = 80'877'104;

// One complete message: a view into the buffer it was taken from.
struct Frame {
  char type = 0;             // 0 for an untyped startup-phase packet
  std::string_view payload;  // after the length word
  size_t size = 0;           // bytes of the buffer it occupies (header included)
};

// Which framing applies to the next message.
enum class FramingPhase {
  kStartup,  // untyped packets until a StartupMessage
  kTyped,    // after it
};

// The first complete message at the front of `buffer`, or nullopt when more bytes are
// needed. Raises granary::Error 08P01 for a header no valid message has.
std::optional<Frame> TakeFrame(std::string_view buffer, FramingPhase phase);

// The phase after `frame`: a StartupMessage (any untyped packet other than an SSL or GSS
// encryption request) ends the startup phase.
FramingPhase PhaseAfter(const Frame& frame, FramingPhase phase);

// True for the message types a frontend may send after startup.
bool IsFrontendMessageType(char type);

// Reads a big-endian int32 at `bytes` (which must hold four bytes).
int32_t ReadInt32(std::string_view bytes);

}  // namespace granary::server::protocol
