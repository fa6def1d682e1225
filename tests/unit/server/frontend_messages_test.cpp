// Decoding frontend messages: layouts, and PostgreSQL's errors for malformed ones.
#include <catch2/catch.hpp>

#include <random>

#include "server/protocol/framing.hpp"
#include "server/protocol/frontend_messages.hpp"
#include "server/startup.hpp"
#include "tests/unit/server/protocol_test_support.hpp"

using namespace granary::server::protocol;
using namespace granary::server::testing;

TEST_CASE("startup packets decode their parameters", "[server][decode]") {
  const StartupPacket packet = DecodeStartupPacket(Int32(kProtocolVersion3) + Cstr("user") +
                                                   Cstr("ada") + Cstr("database") + Cstr("db") +
                                                   Cstr("options") + Cstr("-c x=1") + Cstr(""));
  CHECK(packet.kind == StartupPacket::Kind::kStartup);
  CHECK(packet.protocol_version == kProtocolVersion3);
  REQUIRE(packet.parameters.size() == 3);
  CHECK(packet.parameters[1] == std::make_pair(std::string("database"), std::string("db")));

  const StartupPacket cancel = DecodeStartupPacket(Int32(kCancelRequestCode) + Int32(42) + Int32(-7));
  CHECK(cancel.kind == StartupPacket::Kind::kCancelRequest);
  CHECK(cancel.process_id == 42);
  CHECK(cancel.secret_key == -7);
  CHECK(DecodeStartupPacket(Int32(kSslRequestCode)).kind == StartupPacket::Kind::kSslRequest);
  CHECK(DecodeStartupPacket(Int32(kGssEncRequestCode)).kind == StartupPacket::Kind::kGssEncRequest);

  const std::string no_terminator = "08P01 invalid startup packet layout: expected terminator as last byte";
  CHECK(ErrorOf([] { DecodeStartupPacket(Int32(kProtocolVersion3) + Cstr("user") + Cstr("ada")); }) ==
        no_terminator);
  CHECK(ErrorOf([] { DecodeStartupPacket(Int32(kProtocolVersion3) + Cstr("") + "x"); }) == no_terminator);
  CHECK(ErrorOf([] { DecodeStartupPacket(Int32(kProtocolVersion3) + Cstr("user") + "ada"); }) ==
        "08P01 invalid string in message");
  CHECK(ErrorOf([] { DecodeStartupPacket(Int32(kCancelRequestCode) + Int32(1)); }) ==
        "08P01 insufficient data left in message");
  CHECK(ErrorOf([] { DecodeStartupPacket(Int32(kSslRequestCode) + "x"); }) ==
        "08P01 invalid message format");
}

TEST_CASE("extended protocol messages decode", "[server][decode]") {
  const ParseMessage parse =
      DecodeParse(Cstr("s1") + Cstr("SELECT $1") + Int16(2) + Int32(23) + Int32(0));
  CHECK(parse.statement == "s1");
  CHECK(parse.query == "SELECT $1");
  CHECK(parse.parameter_types == std::vector<uint32_t>{23, 0});

  const BindMessage bind = DecodeBind(Cstr("p") + Cstr("s1") + Int16(1) + Int16(1) + Int16(3) +
                                      Int32(4) + Int32(7) + Int32(-1) + Int32(0) + Int16(1) + Int16(1));
  CHECK(bind.portal == "p");
  CHECK(bind.statement == "s1");
  CHECK(bind.parameter_formats == std::vector<int16_t>{1});
  REQUIRE(bind.parameters.size() == 3);
  CHECK(*bind.parameters[0] == Int32(7));
  CHECK_FALSE(bind.parameters[1]);
  CHECK(bind.parameters[2] == std::string());
  CHECK(bind.result_formats == std::vector<int16_t>{1});

  CHECK(DecodeDescribe("P" + Cstr("p")).kind == 'P');
  CHECK(DecodeClose("S" + Cstr("s1")).name == "s1");
  const ExecuteMessage execute = DecodeExecute(Cstr("") + Int32(10));
  CHECK(execute.portal.empty());
  CHECK(execute.max_rows == 10);
  CHECK(DecodeQuery(Cstr("SELECT 1")) == "SELECT 1");
  CHECK(DecodePassword(Cstr("secret")) == "secret");
  const SaslInitialResponse sasl = DecodeSaslInitialResponse(Cstr("SCRAM-SHA-256") + Int32(3) + "n,,");
  CHECK(sasl.mechanism == "SCRAM-SHA-256");
  CHECK(sasl.data == "n,,");
  CHECK(DecodeSaslInitialResponse(Cstr("SCRAM-SHA-256") + Int32(-1)).data.empty());
}

TEST_CASE("malformed messages are protocol violations", "[server][decode]") {
  CHECK(ErrorOf([] { DecodeQuery("SELECT 1"); }) == "08P01 invalid string in message");
  CHECK(ErrorOf([] { DecodeQuery(Cstr("SELECT 1") + "x"); }) == "08P01 invalid message format");
  CHECK(ErrorOf([] { DecodeParse(Cstr("") + Cstr("x") + Int16(2) + Int32(23)); }) ==
        "08P01 insufficient data left in message");
  CHECK(ErrorOf([] { DecodeParse(Cstr("") + Cstr("x") + Int16(-1)); }) ==
        "08P01 invalid message format");
  CHECK(ErrorOf([] { DecodeBind(Cstr("") + Cstr("") + Int16(0) + Int16(1) + Int32(100) + "abc"); }) ==
        "08P01 insufficient data left in message");
  CHECK(ErrorOf([] { DecodeBind(Cstr("") + Cstr("") + Int16(0) + Int16(1) + Int32(-2)); }) ==
        "08P01 invalid message format");
  CHECK(ErrorOf([] { DecodeBind(Cstr("") + Cstr("") + Int16(0) + Int16(0)); }) ==
        "08P01 insufficient data left in message");
  CHECK(ErrorOf([] { DecodeDescribe("X" + Cstr("a")); }) == "08P01 invalid DESCRIBE message subtype 88");
  CHECK(ErrorOf([] { DecodeClose("Q" + Cstr("a")); }) == "08P01 invalid CLOSE message subtype 81");
  CHECK(ErrorOf([] { DecodeExecute(Cstr("")); }) == "08P01 insufficient data left in message");
  CHECK(ErrorOf([] { DecodeEmpty("x"); }) == "08P01 invalid message format");
  CHECK(ErrorOf([] { DecodePassword(Cstr("a") + "b"); }) == "08P01 invalid password packet size");
  CHECK(ErrorOf([] { DecodeSaslInitialResponse(Cstr("M") + Int32(5) + "ab"); }) ==
        "08P01 insufficient data left in message");
}

TEST_CASE("the options startup parameter splits like PostgreSQL's", "[server][decode]") {
  using Settings = std::vector<std::pair<std::string, std::string>>;
  CHECK(granary::server::ParseOptionsParameter("-c search_path=x --application-name=a\\ b  -cDateStyle=ISO") ==
        Settings{{"search_path", "x"}, {"application_name", "a b"}, {"DateStyle", "ISO"}});
  CHECK(granary::server::ParseOptionsParameter("") == Settings{});
  CHECK(ErrorOf([] { granary::server::ParseOptionsParameter("-d 5"); }).rfind("0A000", 0) == 0);
  CHECK(ErrorOf([] { granary::server::ParseOptionsParameter("-c novalue"); }).rfind("42601", 0) == 0);
}

// Random and mutated bytes: the decoders may refuse them, never crash or read past them.
TEST_CASE("decoders survive arbitrary bytes", "[server][decode][fuzz]") {
  std::mt19937 random(20240601);
  const std::vector<std::string> seeds = {
      Cstr("p") + Cstr("s") + Int16(1) + Int16(1) + Int16(1) + Int32(4) + Int32(7) + Int16(1) + Int16(1),
      Cstr("s") + Cstr("SELECT $1") + Int16(1) + Int32(23),
      Int32(kProtocolVersion3) + Cstr("user") + Cstr("a") + Cstr(""),
      "S" + Cstr("x"),
      Cstr("p") + Int32(5),
  };
  size_t accepted = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = seeds[round % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      switch (random() % 3) {
        case 0: bytes[random() % bytes.size()] = static_cast<char>(random()); break;
        case 1: bytes.resize(random() % bytes.size()); break;
        default: bytes.insert(random() % (bytes.size() + 1), 1, static_cast<char>(random())); break;
      }
    }
    const std::vector<std::function<void()>> decoders = {
        [&] { DecodeBind(bytes); },      [&] { DecodeParse(bytes); },
        [&] { DecodeStartupPacket(bytes); }, [&] { DecodeDescribe(bytes); },
        [&] { DecodeExecute(bytes); },   [&] { DecodeSaslInitialResponse(bytes); },
        [&] { DecodeQuery(bytes); },     [&] { TakeFrame(bytes, FramingPhase::kStartup); },
        [&] { TakeFrame(bytes, FramingPhase::kTyped); },
    };
    for (const auto& decode : decoders) {
      try {
        decode();
        ++accepted;
      } catch (const granary::Error& error) {
        REQUIRE(error.sqlstate() == "08P01");
      }
    }
  }
  CHECK(accepted > 0);
}
