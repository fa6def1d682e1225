// CREATE INDEX statements.
#include <catch2/catch.hpp>

#include "parser/ast_dump.hpp"
#include "parser/parser.hpp"

using granary::parser::Parse;

namespace {

std::string Dump(const std::string& sql) {
  auto statements = Parse(sql);
  REQUIRE(statements.size() == 1);
  return granary::parser::DumpStatement(*statements.front());
}

}  // namespace

TEST_CASE("CREATE INDEX forms parse", "[parser][ddl]") {
  CHECK(Dump("CREATE INDEX i ON t (a)") == "(create-index i t (a))");
  CHECK(Dump("create unique index on s.t using btree (a desc nulls first, (a + b), lower(c))") ==
        "(create-unique-index - s.t :using btree (a desc nulls-first (+ a b) (call lower c)))");
  CHECK(Dump("CREATE INDEX IF NOT EXISTS i ON t (a) WHERE a > 0") ==
        "(create-index i t (a) :where (> a 0) if-not-exists)");
}

TEST_CASE("CREATE INDEX errors point at the offending token", "[parser][ddl]") {
  CHECK_THROWS_WITH(Parse("CREATE INDEX ON t"), "ERROR:  syntax error at end of input");
  CHECK_THROWS_WITH(Parse("CREATE INDEX i ON t ()"), "ERROR:  syntax error at or near \")\"");
}
