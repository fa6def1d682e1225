// Encoding backend messages: exact bytes of the protocol's layouts.
#include <catch2/catch.hpp>

#include "granary/granary.hpp"
#include "server/protocol/backend_messages.hpp"
#include "tests/unit/engine/temp_data_directory.hpp"
#include "tests/unit/server/protocol_test_support.hpp"

using namespace granary::server::protocol;
using namespace granary::server::testing;

TEST_CASE("small messages have their exact layouts", "[server][encode]") {
  std::string out;
  AppendReadyForQuery(out, 'I');
  CHECK(out == Message('Z', "I"));
  out.clear();
  AppendAuthenticationOk(out);
  CHECK(out == Message('R', Int32(0)));
  out.clear();
  AppendAuthenticationMd5Password(out, "salt");
  CHECK(out == Message('R', Int32(5) + "salt"));
  out.clear();
  AppendAuthenticationSasl(out, {"SCRAM-SHA-256"});
  CHECK(out == Message('R', Int32(10) + Cstr("SCRAM-SHA-256") + Cstr("")));
  out.clear();
  AppendParameterStatus(out, "server_version", "15.0");
  CHECK(out == Message('S', Cstr("server_version") + Cstr("15.0")));
  out.clear();
  AppendBackendKeyData(out, 7, -1);
  CHECK(out == Message('K', Int32(7) + Int32(-1)));
  out.clear();
  AppendCommandComplete(out, "SELECT 1");
  CHECK(out == Message('C', Cstr("SELECT 1")));
  out.clear();
  AppendParameterDescription(out, {23, 25});
  CHECK(out == Message('t', Int16(2) + Int32(23) + Int32(25)));
  out.clear();
  AppendNegotiateProtocolVersion(out, 0, {"_pq_.x"});
  CHECK(out == Message('v', Int32(196608) + Int32(1) + Cstr("_pq_.x")));
  out.clear();
  AppendEmptyQueryResponse(out);
  AppendNoData(out);
  AppendPortalSuspended(out);
  CHECK(out == Message('I', "") + Message('n', "") + Message('s', ""));
}

TEST_CASE("errors carry every field the protocol defines", "[server][encode]") {
  std::string out;
  const granary::Error error = granary::Error("42P01", "relation \"t\" does not exist")
                                   .WithDetail("d")
                                   .WithHint("h")
                                   .WithPosition(15);
  AppendErrorResponse(out, error);
  CHECK(out == Message('E', "S" + Cstr("ERROR") + "V" + Cstr("ERROR") + "C" + Cstr("42P01") + "M" +
                                Cstr("relation \"t\" does not exist") + "D" + Cstr("d") + "H" +
                                Cstr("h") + "P" + Cstr("15") + Cstr("")));
  out.clear();
  AppendErrorResponse(out, granary::Error("53300", "sorry, too many clients already"),
                      granary::Severity::kFatal);
  CHECK(out == Message('E', "S" + Cstr("FATAL") + "V" + Cstr("FATAL") + "C" + Cstr("53300") + "M" +
                                Cstr("sorry, too many clients already") + Cstr("")));
  out.clear();
  AppendNoticeResponse(out, granary::Error("25001", "x", granary::Severity::kWarning));
  CHECK(out == Message('N', "S" + Cstr("WARNING") + "V" + Cstr("WARNING") + "C" + Cstr("25001") +
                                "M" + Cstr("x") + Cstr("")));
}

TEST_CASE("rows are described and encoded in text and binary", "[server][encode]") {
  granary::testing::TempDataDirectory directory;
  granary::Database::Create(directory.path());
  granary::Database db = granary::Database::Open(directory.path());
  granary::Session session = db.Connect();
  const granary::Result result =
      session.Execute("SELECT 1 AS a, 'x'::varchar(3) AS b, NULL::int8 AS c, 1.5::numeric AS d");

  std::string out;
  AppendRowDescription(out, result.columns(), {});
  const std::string expected =
      Int16(4) + Cstr("a") + Int32(0) + Int16(0) + Int32(23) + Int16(4) + Int32(-1) + Int16(0) +
      Cstr("b") + Int32(0) + Int16(0) + Int32(1043) + Int16(-1) + Int32(7) + Int16(0) + Cstr("c") +
      Int32(0) + Int16(0) + Int32(20) + Int16(8) + Int32(-1) + Int16(0) + Cstr("d") + Int32(0) +
      Int16(0) + Int32(1700) + Int16(-1) + Int32(-1) + Int16(0);
  CHECK(out == Message('T', expected));

  out.clear();
  AppendDataRow(out, result.row(0), {});
  CHECK(out == Message('D', Int16(4) + Int32(1) + "1" + Int32(1) + "x" + Int32(-1) + Int32(3) + "1.5"));
  out.clear();
  AppendDataRow(out, result.row(0), {1});
  CHECK(out == Message('D', Int16(4) + Int32(4) + Int32(1) + Int32(1) + "x" + Int32(-1) + Int32(12) +
                                Int16(2) + Int16(0) + Int16(0) + Int16(1) + Int16(1) + Int16(5000)));
  out.clear();
  AppendDataRow(out, result.row(0), {0, 1, 0, 0});
  CHECK(out == Message('D', Int16(4) + Int32(1) + "1" + Int32(1) + "x" + Int32(-1) + Int32(3) + "1.5"));
}
