// COPY, TRUNCATE, ALTER TABLE and CREATE TABLE ... WITH: trees, and the syntax errors
// PostgreSQL 15 gives.
#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

using granary::parser::testing::Dump;

namespace {

std::string SqlState(const std::string& sql) {
  try {
    granary::parser::Parse(sql);
  } catch (const granary::Error& error) {
    return error.sqlstate();
  }
  return "none";
}

}  // namespace

TEST_CASE("COPY in both option syntaxes gives the same options", "[parser][copy]") {
  CHECK(Dump("COPY t FROM STDIN") == "(copy-from t)");
  CHECK(Dump("copy t (a, b) to stdout with csv header delimiter ';' null 'x' force quote a") ==
        "(copy-to t (a b) :format 'csv' :header 'true' :delimiter ';' :null 'x' :force_quote (a))");
  CHECK(Dump("COPY t TO STDOUT (FORMAT csv, HEADER, DELIMITER ';', NULL 'x', FORCE_QUOTE (a))") ==
        "(copy-to t :format 'csv' :header none :delimiter ';' :null 'x' :force_quote (a))");
  CHECK(Dump("COPY t TO STDOUT (FORCE_QUOTE *)") == "(copy-to t :force_quote *)");
  CHECK(Dump("COPY BINARY t FROM 'f' USING DELIMITERS '|'") ==
        "(copy-from t :file 'f' :format 'binary' :delimiter '|')");
  CHECK(Dump("COPY t FROM PROGRAM 'cat f' FREEZE") == "(copy-from t :program :file 'cat f' :freeze 'true')");
  CHECK(Dump("COPY t FROM STDIN WHERE a > 1") == "(copy-from t :where (> a 1))");
  CHECK(Dump("COPY (SELECT 1) TO STDOUT") == "(copy-to (select :targets (1)))");
  CHECK(SqlState("COPY t TO STDOUT WHERE a > 1") == "42601");
  CHECK(SqlState("COPY (SELECT 1) FROM STDIN") == "42601");
  CHECK(SqlState("COPY t FROM") == "42601");
}

TEST_CASE("TRUNCATE and storage parameters", "[parser][ddl]") {
  CHECK(Dump("TRUNCATE t") == "(truncate t)");
  CHECK(Dump("truncate table a, s.b restart identity cascade") ==
        "(truncate :restart-identity :cascade a s.b)");
  CHECK(SqlState("TRUNCATE") == "42601");
  CHECK(granary::parser::Parse("CREATE TABLE t (a int) WITH (fillfactor = 100, toast.autovacuum_enabled)")
            .front()
            ->As<granary::parser::CreateTableStmt>()
            .options.size() == 2);
  CHECK(SqlState("CREATE TABLE t (a int) WITHOUT OIDS") == "none");
}

TEST_CASE("ALTER TABLE subcommands and renames", "[parser][ddl]") {
  CHECK(Dump("ALTER TABLE t ADD PRIMARY KEY (a)") == "(alter-table t (add-constraint (primary-key (a))))");
  CHECK(Dump("alter table if exists t add column if not exists c int default 1, drop column d cascade") ==
        "(alter-table :if-exists t (add-column c :missing-ok int4 (default 1)) (drop-column d :cascade))");
  CHECK(Dump("ALTER TABLE t ALTER COLUMN a SET DEFAULT 2, ALTER a DROP DEFAULT, ALTER a SET NOT NULL") ==
        "(alter-table t (set-default a :expr 2) (set-default a) (set-not-null a))");
  CHECK(Dump("ALTER TABLE t ALTER a SET DATA TYPE bigint USING a * 2") ==
        "(alter-table t (alter-type a int8 :expr (* a 2)))");
  CHECK(Dump("ALTER TABLE t RENAME COLUMN a TO b") == "(alter-table t (rename-column a :to b))");
  CHECK(Dump("ALTER TABLE t RENAME TO u") == "(alter-table t (rename-table :to u))");
  CHECK(Dump("ALTER TABLE t DROP CONSTRAINT IF EXISTS c") == "(alter-table t (drop-constraint c :missing-ok))");
  CHECK(Dump("ALTER TABLE t SET (fillfactor = 70)") == "(alter-table t (set-options :fillfactor '70'))");
  CHECK(SqlState("ALTER TABLE t") == "42601");
  CHECK(SqlState("ALTER TABLE t RENAME a TO b, RENAME c TO d") == "42601");
}
