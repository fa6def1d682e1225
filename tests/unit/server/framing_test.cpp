// Message framing: where messages end, and which headers are refused at once.
#include <catch2/catch.hpp>

#include "server/protocol/framing.hpp"
#include "tests/unit/server/protocol_test_support.hpp"

using namespace granary::server::protocol;
using namespace granary::server::testing;

TEST_CASE("startup packets are framed by their length", "[server][framing]") {
  const std::string startup = Packet(Int32(kProtocolVersion3) + Cstr("user") + Cstr("ada") + Cstr(""));
  for (size_t cut = 0; cut < startup.size(); ++cut) {
    CHECK_FALSE(TakeFrame(startup.substr(0, cut), FramingPhase::kStartup));
  }
  const std::string buffer = startup + "trailing";
  const auto frame = TakeFrame(buffer, FramingPhase::kStartup);
  REQUIRE(frame);
  CHECK(frame->type == 0);
  CHECK(frame->size == startup.size());
  CHECK(frame->payload == startup.substr(4));
  CHECK(PhaseAfter(*frame, FramingPhase::kStartup) == FramingPhase::kTyped);

  // Frames are views into the buffer, which must outlive them.
  const std::string ssl_request = Packet(Int32(kSslRequestCode));
  const auto ssl = TakeFrame(ssl_request, FramingPhase::kStartup);
  REQUIRE(ssl);
  CHECK(PhaseAfter(*ssl, FramingPhase::kStartup) == FramingPhase::kStartup);
  const std::string gss_request = Packet(Int32(kGssEncRequestCode));
  const auto gss = TakeFrame(gss_request, FramingPhase::kStartup);
  REQUIRE(gss);
  CHECK(PhaseAfter(*gss, FramingPhase::kStartup) == FramingPhase::kStartup);
}

TEST_CASE("impossible startup lengths are refused from the header", "[server][framing]") {
  CHECK(ErrorOf([] { TakeFrame(Int32(7), FramingPhase::kStartup); }) ==
        "08P01 invalid length of startup packet");
  CHECK(ErrorOf([] { TakeFrame(Int32(10001), FramingPhase::kStartup); }) ==
        "08P01 invalid length of startup packet");
  CHECK(ErrorOf([] { TakeFrame(Int32(INT32_MIN), FramingPhase::kStartup); }) ==
        "08P01 invalid length of startup packet");
  CHECK(ErrorOf([] { TakeFrame("GET / HTTP/1.1\r\n", FramingPhase::kStartup); }) ==
        "08P01 invalid length of startup packet");
}

TEST_CASE("typed messages are framed by type and length", "[server][framing]") {
  const std::string query = Message('Q', Cstr("SELECT 1"));
  for (size_t cut = 0; cut < query.size(); ++cut) {
    CHECK_FALSE(TakeFrame(query.substr(0, cut), FramingPhase::kTyped));
  }
  const std::string buffer = query + Message('S', "");
  const auto frame = TakeFrame(buffer, FramingPhase::kTyped);
  REQUIRE(frame);
  CHECK(frame->type == 'Q');
  CHECK(frame->payload == Cstr("SELECT 1"));
  CHECK(frame->size == query.size());
  const std::string sync_message = Message('S', "");
  const auto sync = TakeFrame(sync_message, FramingPhase::kTyped);
  REQUIRE(sync);
  CHECK(sync->payload.empty());
}

TEST_CASE("bad types and lengths are refused before the body arrives", "[server][framing]") {
  // A 2 GiB length is refused from the five header bytes alone.
  CHECK(ErrorOf([] { TakeFrame("Q" + Int32(INT32_MIN), FramingPhase::kTyped); }) ==
        "08P01 invalid message length");
  CHECK(ErrorOf([] { TakeFrame("Q" + Int32(1 << 30), FramingPhase::kTyped); }) ==
        "08P01 invalid message length");
  CHECK(ErrorOf([] { TakeFrame("S" + Int32(10001), FramingPhase::kTyped); }) ==
        "08P01 invalid message length");
  CHECK(ErrorOf([] { TakeFrame("p" + Int32(65536), FramingPhase::kTyped); }) ==
        "08P01 invalid message length");
  CHECK(ErrorOf([] { TakeFrame("Q" + Int32(3), FramingPhase::kTyped); }) ==
        "08P01 invalid message length");
  CHECK(ErrorOf([] { TakeFrame("Z", FramingPhase::kTyped); }) ==
        "08P01 invalid frontend message type 90");
  CHECK(ErrorOf([] { TakeFrame(std::string(1, '\0'), FramingPhase::kTyped); }) ==
        "08P01 invalid frontend message type 0");
  // The largest allowed Query header is fine (the body is simply not there yet).
  CHECK_FALSE(TakeFrame("Q" + Int32((1 << 30) - 1), FramingPhase::kTyped));
}
