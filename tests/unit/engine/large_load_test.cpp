// A million rows through a 1 MiB buffer pool (128 frames), reopened and checked.
#include <catch2/catch.hpp>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

TEST_CASE("a million rows load through a tiny buffer pool and survive reopen", "[engine][large]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options;
  options.buffer_pool_bytes = 1u << 20;
  options.create_if_missing = true;
  {
    granary::Database db = granary::Database::Open(directory.path(), options);
    granary::Session session = db.Connect();
    session.Execute("CREATE TABLE seed (i int)");
    std::string values;
    for (int i = 0; i < 1000; ++i) values += (i ? ",(" : "(") + std::to_string(i) + ")";
    session.Execute("INSERT INTO seed VALUES " + values);
    session.Execute("CREATE TABLE big (id int8, grp int, label text, amount numeric(12,2))");
    granary::Result load = session.Execute(
        "INSERT INTO big SELECT a.i * 1000 + b.i, b.i % 10, 'row ' || a.i, (a.i + b.i) / 4.0 "
        "FROM seed a, seed b");
    REQUIRE(load.affected_rows() == 1000000);
  }
  {
    granary::Database db = granary::Database::Open(directory.path(), options);
    granary::Session session = db.Connect();
    granary::Result totals =
        session.Execute("SELECT count(*), sum(id), sum(amount), count(DISTINCT grp) FROM big");
    CHECK(totals.row(0).GetInt64(0) == 1000000);
    CHECK(totals.row(0).GetString(1) == "499999500000");
    // sum over a, b of (a + b) / 4 = 2 * 1000 * 499500 / 4
    CHECK(totals.row(0).GetString(2) == "249750000.00");
    CHECK(totals.row(0).GetInt64(3) == 10);
    granary::Result group = session.Execute("SELECT grp, count(*) FROM big WHERE grp < 2 GROUP BY grp ORDER BY grp");
    REQUIRE(group.row_count() == 2);
    CHECK(group.row(1).GetInt64(1) == 100000);
  }
}
