// Temporary files of spilling statements: gone when the statement ends, when it fails,
// when it is canceled by statement_timeout, and (left by a crash) when the database opens.
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "engine_test_support.hpp"
#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::testing::One;
using granary::testing::SqlState;

namespace {

size_t TempFilesIn(const std::string& data) {
  const std::string directory = data + "/base/pgsql_tmp";
  if (!std::filesystem::exists(directory)) return 0;
  return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(directory), {}));
}

}  // namespace

TEST_CASE("spilling statements leave no temporary files", "[engine][spill]") {
  granary::testing::TempDataDirectory directory;
  granary::Database db = granary::Database::Open(directory.path(), {.create_if_missing = true});
  granary::Session session = db.Connect();
  session.Execute("SET work_mem = '64kB'");
  session.Execute("CREATE TABLE t AS SELECT x, md5(x::text) AS s FROM generate_series(1, 50000) x");

  CHECK(One(session, "SELECT count(*) FROM (SELECT s FROM t ORDER BY s) q") == "50000");
  CHECK(One(session, "SELECT count(*) FROM (SELECT s, count(*) FROM t GROUP BY s) q") == "50000");
  CHECK(One(session, "SELECT count(*) FROM t a JOIN t b ON a.s = b.s") == "50000");
  CHECK(TempFilesIn(directory.path()) == 0);

  // Errors in the middle of a sort, of grouping and of a join.
  CHECK(SqlState([&] { session.Execute("SELECT x FROM t ORDER BY 1 / (x - 40000)"); }) == "22012");
  CHECK(SqlState([&] { session.Execute("SELECT s, sum(1 / (x - 40000)) FROM t GROUP BY s"); }) == "22012");
  CHECK(SqlState([&] { session.Execute("SELECT count(*) FROM t a JOIN t b ON a.s = b.s WHERE 1 / (a.x - 40000) > 2"); }) ==
        "22012");
  CHECK(TempFilesIn(directory.path()) == 0);

  // Canceled by statement_timeout while it spills.
  session.Execute("SET statement_timeout = '200ms'");
  CHECK(SqlState([&] { session.Execute("SELECT count(*) FROM (SELECT a.s FROM t a, t b WHERE b.x <= 40 ORDER BY 1) q"); }) ==
        "57014");
  CHECK(TempFilesIn(directory.path()) == 0);
  session.Execute("RESET statement_timeout");

  // temp_file_limit.
  session.Execute("SET temp_file_limit = '100kB'");
  CHECK(SqlState([&] { session.Execute("SELECT count(*) FROM (SELECT s FROM t ORDER BY s) q"); }) == "53400");
  CHECK(TempFilesIn(directory.path()) == 0);
}

TEST_CASE("temporary files left by a crash are removed at open", "[engine][spill]") {
  granary::testing::TempDataDirectory directory;
  { granary::Database db = granary::Database::Open(directory.path(), {.create_if_missing = true}); }
  std::filesystem::create_directories(directory.path() + "/base/pgsql_tmp");
  std::ofstream(directory.path() + "/base/pgsql_tmp/pgsql_tmp4242.0") << "rows";
  CHECK(TempFilesIn(directory.path()) == 1);
  granary::Database db = granary::Database::Open(directory.path());
  CHECK(TempFilesIn(directory.path()) == 0);
}
