// libFuzzer target: the protocol's framing and message decoders on arbitrary bytes. They may
// refuse input with granary::Error (08P01 and the like); anything else — a crash, a read past
// the buffer (AddressSanitizer), another exception — is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "granary/error.hpp"
#include "server/protocol/framing.hpp"
#include "server/protocol/frontend_messages.hpp"

namespace protocol = granary::server::protocol;

template <typename Decode>
void Try(Decode&& decode) {
  try {
    decode();
  } catch (const granary::Error&) {
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Frame the whole input as a stream, in both phases, as a connection would.
  for (protocol::FramingPhase phase : {protocol::FramingPhase::kStartup, protocol::FramingPhase::kTyped}) {
    Try([&] {
      size_t offset = 0;
      while (auto frame = protocol::TakeFrame(bytes.substr(offset), phase)) {
        phase = protocol::PhaseAfter(*frame, phase);
        offset += frame->size;
      }
    });
  }
  Try([&] { protocol::DecodeStartupPacket(bytes); });
  Try([&] { protocol::DecodeParse(bytes); });
  Try([&] { protocol::DecodeBind(bytes); });
  Try([&] { protocol::DecodeDescribe(bytes); });
  Try([&] { protocol::DecodeClose(bytes); });
  Try([&] { protocol::DecodeExecute(bytes); });
  Try([&] { protocol::DecodeQuery(bytes); });
  Try([&] { protocol::DecodePassword(bytes); });
  Try([&] { protocol::DecodeSaslInitialResponse(bytes); });
  return 0;
}
