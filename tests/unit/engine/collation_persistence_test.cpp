// A column's collation, a collated index and a CREATE COLLATION collation survive a close
// and reopen: ORDER BY and index scans still sort Chinese by pinyin afterwards.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;

namespace {

std::vector<std::string> Column(granary::Session& session, const std::string& sql) {
  granary::Result result = session.Execute(sql);
  std::vector<std::string> values;
  for (size_t i = 0; i < result.row_count(); ++i) values.push_back(result.row(i).GetString(0));
  return values;
}

}  // namespace

TEST_CASE("column collations and collated indexes survive a close and reopen", "[engine][persistence][collation]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  const std::vector<std::string> pinyin = {"阿", "北京", "上海", "中国"};  // a, bei, shang, zhong
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    session.Execute("CREATE COLLATION german (provider = icu, locale = 'de-DE')");
    session.Execute("CREATE TABLE city (name text COLLATE \"zh-x-icu\", label text COLLATE german)");
    session.Execute("CREATE INDEX city_name ON city (name)");
    session.Execute("INSERT INTO city VALUES ('中国', 'b'), ('上海', 'ä'), ('阿', 'a'), ('北京', 'c')");
    CHECK(Column(session, "SELECT name FROM city ORDER BY name") == pinyin);
  }
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    CHECK(Column(session, "SELECT name FROM city ORDER BY name") == pinyin);
    CHECK(Column(session, "SELECT label FROM city ORDER BY label") ==
          std::vector<std::string>{"a", "ä", "b", "c"});
    CHECK(Column(session, "SELECT name FROM city WHERE name < '上海' ORDER BY name") ==
          std::vector<std::string>{"阿", "北京"});
    CHECK(Column(session, "SELECT collation_name FROM information_schema.columns "
                          "WHERE table_name = 'city' ORDER BY ordinal_position") ==
          std::vector<std::string>{"zh-x-icu", "german"});
    CHECK(Column(session, "SELECT count(*) FROM pg_collation WHERE collname = 'german'") ==
          std::vector<std::string>{"1"});
  }
}
