// uuid, json and jsonb values, a TOASTed megabyte-sized jsonb among them, survive a close
// and reopen.
#include <catch2/catch.hpp>

#include <string>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;

TEST_CASE("uuid, json and jsonb values survive a close and reopen", "[engine][persistence][json]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  const std::string big(1 << 20, 'x');
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    session.Execute("CREATE TABLE docs (id uuid PRIMARY KEY, raw json, doc jsonb)");
    session.Execute(
        "INSERT INTO docs VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', "
        "'{\"b\": 1,  \"a\": 2}', '{\"b\": [1, 2.50], \"a\": {\"c\": null}}')");
    session.Execute("INSERT INTO docs VALUES ('{00000000-0000-0000-0000-000000000001}', '[]', "
                    "jsonb_build_object('big', repeat('x', 1048576)))");
  }
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    granary::Result rows = session.Execute("SELECT id, raw, doc FROM docs ORDER BY id DESC");
    REQUIRE(rows.row_count() == 2);
    CHECK(rows.row(0).GetString(0) == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    CHECK(rows.row(0).GetString(1) == "{\"b\": 1,  \"a\": 2}");
    CHECK(rows.row(0).GetString(2) == "{\"a\": {\"c\": null}, \"b\": [1, 2.50]}");
    CHECK(rows.row(1).GetString(0) == "00000000-0000-0000-0000-000000000001");
    CHECK(rows.row(1).GetString(2) == "{\"big\": \"" + big + "\"}");
    granary::Result found =
        session.Execute("SELECT id FROM docs WHERE doc = '{\"a\": {\"c\": null}, \"b\": [1, 2.5]}'");
    REQUIRE(found.row_count() == 1);
    CHECK(found.row(0).GetString(0) == "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    CHECK(session.Execute("SELECT length(doc ->> 'big') FROM docs WHERE id = '00000000000000000000000000000001'")
              .row(0)
              .GetString(0) == "1048576");
  }
}
