// Statements other than SELECT: INSERT, UPDATE, DELETE, CREATE TABLE, DROP, transaction
// control, EXPLAIN, SET / RESET / SHOW.
#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

TEST_CASE("INSERT", "[parser][insert]") {
  CHECK(Dump("INSERT INTO t VALUES (1, 'a'), (2, DEFAULT)") ==
        "(insert t (values (1 'a') (2 default)))");
  CHECK(Dump("INSERT INTO s.t (a, b) VALUES (1, 2)") ==
        "(insert s.t :columns (a b) (values (1 2)))");
  CHECK(Dump("INSERT INTO t SELECT * FROM u WHERE x") ==
        "(insert t (select :targets (*) :from (u) :where x))");
  CHECK(Dump("INSERT INTO t (a) (SELECT 1 UNION SELECT 2)") ==
        "(insert t :columns (a) (union (select :targets (1)) (select :targets (2))))");
  CHECK(Dump("INSERT INTO t DEFAULT VALUES") == "(insert t default-values)");
  CHECK(Dump("INSERT INTO t AS x VALUES (1) RETURNING *, x.a AS b") ==
        "(insert (rel t :alias x) (values (1)) :returning (* (as x.a b)))");
  CHECK(Dump("INSERT INTO t (key, value) VALUES ($1, $2)") ==
        "(insert t :columns (key value) (values ($1 $2)))");

  StmtPtr stmt = ParseOne("INSERT INTO t DEFAULT VALUES RETURNING id");
  const auto& insert = stmt->As<InsertStmt>();
  CHECK(insert.source == nullptr);
  CHECK(insert.columns.empty());
  CHECK(insert.table->name == "t");
  REQUIRE(insert.returning.size() == 1);
}

TEST_CASE("UPDATE", "[parser][update]") {
  CHECK(Dump("UPDATE t SET a = 1, b = DEFAULT WHERE c") ==
        "(update t :set ((= a 1) (= b default)) :where c)");
  CHECK(Dump("UPDATE t AS x SET a = x.a + 1 FROM u, v WHERE x.id = u.id RETURNING a") ==
        "(update (rel t :alias x) :set ((= a (+ x.a 1))) :from (u v) :where (= x.id u.id) "
        ":returning (a))");
  CHECK(Dump("UPDATE t x SET a = 1") == "(update (rel t :alias x) :set ((= a 1)))");
  // SET after the table is the keyword, not an alias; an alias named set needs AS.
  CHECK(Dump("UPDATE t AS set SET a = 1") == "(update (rel t :alias set) :set ((= a 1)))");
  CHECK(Dump("UPDATE t SET value = value + 1") == "(update t :set ((= value (+ value 1))))");

  StmtPtr stmt = ParseOne("UPDATE t SET abc = 1");
  CHECK(stmt->As<UpdateStmt>().set_clauses[0].location == 13);
}

TEST_CASE("DELETE", "[parser][delete]") {
  CHECK(Dump("DELETE FROM t") == "(delete t)");
  CHECK(Dump("DELETE FROM s.t AS x USING u, v WHERE x.a = u.a RETURNING *") ==
        "(delete (rel s.t :alias x) :using (u v) :where (= x.a u.a) :returning (*))");
  CHECK(Dump("DELETE FROM t x WHERE x.a IS NULL") ==
        "(delete (rel t :alias x) :where (isnull x.a))");
}

TEST_CASE("CREATE TABLE", "[parser][ddl]") {
  CHECK(Dump("CREATE TABLE t (a int)") == "(create-table t (column a int4))");
  CHECK(Dump("CREATE TABLE t ()") == "(create-table t)");
  CHECK(Dump("CREATE TEMP TABLE IF NOT EXISTS s.t (a text)") ==
        "(create-table :temporary :if-not-exists s.t (column a text))");
  CHECK(Dump("CREATE TEMPORARY TABLE t (a int)") == "(create-table :temporary t (column a int4))");
  CHECK(Dump("CREATE LOCAL TEMP TABLE t (a int)") == "(create-table :temporary t (column a int4))");
  CHECK(Dump("CREATE GLOBAL TEMPORARY TABLE t (a int)") ==
        "(create-table :temporary t (column a int4))");
  CHECK(Dump("CREATE TABLE t (id bigint PRIMARY KEY, name varchar(50) NOT NULL UNIQUE, "
             "price numeric(10,2) DEFAULT 0 CHECK (price >= 0), note text NULL, "
             "owner int REFERENCES users (id), kind int REFERENCES kinds)") ==
        "(create-table t (column id int8 (primary-key)) (column name varchar(50) (not-null) "
        "(unique)) (column price numeric(10,2) (default 0) (check (>= price 0))) "
        "(column note text (null)) (column owner int4 (foreign-key :references users(id))) "
        "(column kind int4 (foreign-key :references kinds)))");
  CHECK(Dump("CREATE TABLE t (a int, b int, PRIMARY KEY (a, b), UNIQUE (b), CHECK (a < b), "
             "CONSTRAINT fk FOREIGN KEY (a) REFERENCES s.u (x), "
             "CONSTRAINT nn CHECK (b IS NOT NULL))") ==
        "(create-table t (column a int4) (column b int4) (primary-key (a b)) (unique (b)) "
        "(check (< a b)) (foreign-key :name fk (a) :references s.u(x)) "
        "(check :name nn (notnull b)))");
  CHECK(Dump("CREATE TABLE t (a int CONSTRAINT a_pos CHECK (a > 0) CONSTRAINT a_nn NOT NULL)") ==
        "(create-table t (column a int4 (check :name a_pos (> a 0)) (not-null :name a_nn)))");
  // DEFAULT takes a restricted expression so that NOT NULL can follow it.
  CHECK(Dump("CREATE TABLE t (a int DEFAULT 1 + 2 NOT NULL)") ==
        "(create-table t (column a int4 (default (+ 1 2)) (not-null)))");
  CHECK(Dump("CREATE TABLE t (d timestamp with time zone DEFAULT now(), e double precision)") ==
        "(create-table t (column d timestamptz (default (call now))) (column e float8))");
  CHECK(Dump("CREATE TABLE t (a int[], b text[][])") ==
        "(create-table t (column a int4[]) (column b text[][]))");

  StmtPtr stmt = ParseOne("CREATE TABLE t (a int CONSTRAINT c REFERENCES u (x))");
  const auto& create = stmt->As<CreateTableStmt>();
  REQUIRE(create.columns.size() == 1);
  const Constraint& fk = create.columns[0].constraints[0];
  CHECK(fk.kind == ConstraintKind::kForeignKey);
  CHECK(fk.name == "c");
  CHECK(fk.columns.empty());
  CHECK(fk.referenced_table->name == "u");
  CHECK(fk.referenced_columns == std::vector<std::string>{"x"});
  CHECK(fk.location == 22);
  CHECK(create.columns[0].location == 16);
}

TEST_CASE("DROP", "[parser][ddl]") {
  CHECK(Dump("DROP TABLE t") == "(drop table t)");
  CHECK(Dump("DROP TABLE IF EXISTS a, s.b CASCADE") == "(drop table :if-exists :cascade a s.b)");
  CHECK(Dump("DROP TABLE a RESTRICT") == "(drop table a)");
  CHECK(Dump("DROP INDEX s.i") == "(drop index s.i)");
  CHECK(Dump("DROP VIEW IF EXISTS v") == "(drop view :if-exists v)");
  CHECK(Dump("DROP SEQUENCE q CASCADE") == "(drop sequence :cascade q)");
  CHECK(Dump("DROP SCHEMA IF EXISTS s1, s2") == "(drop schema :if-exists s1 s2)");
  CHECK(ParseError("DROP SCHEMA a.b").message == "syntax error at or near \".\"");
}

TEST_CASE("transaction control", "[parser][transaction]") {
  CHECK(Dump("BEGIN") == "(begin)");
  CHECK(Dump("BEGIN WORK") == "(begin)");
  CHECK(Dump("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE") ==
        "(begin :isolation 'serializable')");
  CHECK(Dump("BEGIN ISOLATION LEVEL READ COMMITTED, READ ONLY") ==
        "(begin :isolation 'read committed' :read-only)");
  CHECK(Dump("BEGIN READ WRITE ISOLATION LEVEL READ UNCOMMITTED") ==
        "(begin :isolation 'read uncommitted' :read-write)");
  CHECK(Dump("START TRANSACTION") == "(begin)");
  CHECK(Dump("START TRANSACTION ISOLATION LEVEL REPEATABLE READ") ==
        "(begin :isolation 'repeatable read')");
  CHECK(Dump("COMMIT") == "(commit)");
  CHECK(Dump("COMMIT TRANSACTION") == "(commit)");
  CHECK(Dump("END") == "(commit)");
  CHECK(Dump("END WORK") == "(commit)");
  CHECK(Dump("ROLLBACK") == "(rollback)");
  CHECK(Dump("ABORT") == "(rollback)");
  CHECK(Dump("SAVEPOINT sp1") == "(savepoint sp1)");
  CHECK(Dump("RELEASE SAVEPOINT sp1") == "(release sp1)");
  CHECK(Dump("RELEASE sp1") == "(release sp1)");
  CHECK(Dump("ROLLBACK TO SAVEPOINT sp1") == "(rollback-to sp1)");
  CHECK(Dump("ROLLBACK WORK TO sp1") == "(rollback-to sp1)");
  // Unreserved keywords name savepoints too.
  CHECK(Dump("RELEASE savepoint") == "(release savepoint)");

  StmtPtr stmt = ParseOne("BEGIN READ ONLY");
  const auto& txn = stmt->As<TransactionStmt>();
  CHECK(txn.transaction_kind == TransactionKind::kBegin);
  CHECK(txn.isolation_level.empty());
  REQUIRE(txn.read_only.has_value());
  CHECK(*txn.read_only);
}

TEST_CASE("BEGIN and END are top-level only", "[parser][transaction]") {
  CHECK(ParseError("EXPLAIN BEGIN").message == "syntax error at or near \"BEGIN\"");
}

TEST_CASE("EXPLAIN", "[parser][explain]") {
  CHECK(Dump("EXPLAIN SELECT 1") == "(explain (select :targets (1)))");
  CHECK(Dump("EXPLAIN ANALYZE SELECT 1") == "(explain :analyze (select :targets (1)))");
  CHECK(Dump("EXPLAIN ANALYSE VERBOSE SELECT 1") ==
        "(explain :analyze :verbose (select :targets (1)))");
  CHECK(Dump("EXPLAIN VERBOSE SELECT 1") == "(explain :verbose (select :targets (1)))");
  CHECK(Dump("EXPLAIN (ANALYZE, VERBOSE) SELECT 1") ==
        "(explain :analyze :verbose (select :targets (1)))");
  CHECK(Dump("EXPLAIN (ANALYZE true, VERBOSE off) SELECT 1") ==
        "(explain :analyze (select :targets (1)))");
  CHECK(Dump("EXPLAIN (ANALYZE 0, VERBOSE 'on') SELECT 1") ==
        "(explain :verbose (select :targets (1)))");
  CHECK(Dump("EXPLAIN (SELECT 1)") == "(explain (select :targets (1)))");
  CHECK(Dump("EXPLAIN INSERT INTO t VALUES (1)") == "(explain (insert t (values (1))))");
  CHECK(Dump("EXPLAIN ANALYZE UPDATE t SET a = 1") ==
        "(explain :analyze (update t :set ((= a 1))))");
  CHECK(Dump("EXPLAIN DELETE FROM t") == "(explain (delete t))");
  CHECK(ParseError("EXPLAIN (ANALYZE 2) SELECT 1").message ==
        "analyze requires a Boolean value");
  CHECK(ParseError("EXPLAIN (FORMAT JSON) SELECT 1").message == "EXPLAIN format \"json\" is not supported");
  CHECK(ParseError("EXPLAIN (TIMING) SELECT 1").message == "EXPLAIN option TIMING requires ANALYZE");
  CHECK(Dump("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1") ==
        "(explain :analyze (select :targets (1)))");
  CHECK(ParseError("EXPLAIN CREATE TABLE t ()").message == "syntax error at or near \")\"");
  CHECK(ParseError("EXPLAIN DROP TABLE t").message == "syntax error at or near \"DROP\"");
  CHECK(Dump("EXPLAIN EXECUTE p(1)") == "(explain (execute p (1)))");

  StmtPtr stmt = ParseOne("EXPLAIN ANALYZE  SELECT 1");
  const auto& explain = stmt->As<ExplainStmt>();
  CHECK(explain.location == 0);
  CHECK(explain.length == 25);
  CHECK(explain.statement->location == 17);
  CHECK(explain.statement->length == 8);
}

TEST_CASE("SET", "[parser][set]") {
  CHECK(Dump("SET search_path TO a, \"B\", 'c'") == "(set search_path 'a' 'B' 'c')");
  CHECK(Dump("SET search_path = public") == "(set search_path 'public')");
  CHECK(Dump("SET LOCAL work_mem = '64MB'") == "(set work_mem :local '64MB')");
  CHECK(Dump("SET SESSION statement_timeout TO 1000") == "(set statement_timeout '1000')");
  CHECK(Dump("SET extra_float_digits = -3") == "(set extra_float_digits '-3')");
  CHECK(Dump("SET x.y TO 1.5") == "(set x.y '1.5')");
  CHECK(Dump("SET x = -1.5") == "(set x '-1.5')");
  CHECK(Dump("SET enable_seqscan = off") == "(set enable_seqscan 'off')");
  CHECK(Dump("SET enable_seqscan TO ON") == "(set enable_seqscan 'on')");
  CHECK(Dump("SET flag = true") == "(set flag 'true')");
  CHECK(Dump("SET DateStyle TO ISO, MDY") == "(set datestyle 'iso' 'mdy')");
  CHECK(Dump("SET \"DateStyle\" = DEFAULT") == "(reset datestyle)");
  CHECK(Dump("SET TIME ZONE 'Europe/Paris'") == "(set timezone 'Europe/Paris')");
  CHECK(Dump("SET TIME ZONE -7") == "(set timezone '-7')");
  CHECK(Dump("SET TIME ZONE LOCAL") == "(reset timezone)");
  CHECK(Dump("SET TIME ZONE DEFAULT") == "(reset timezone)");
  CHECK(Dump("SET NAMES 'UTF8'") == "(set client_encoding 'UTF8')");
  CHECK(Dump("SET NAMES") == "(reset client_encoding)");
  CHECK(Dump("SET SCHEMA 'app'") == "(set search_path 'app')");
  CHECK(Dump("SET ROLE admin") == "(set role 'admin')");
  CHECK(Dump("SET SESSION AUTHORIZATION 'bob'") == "(set session_authorization 'bob')");
  CHECK(Dump("SET SESSION AUTHORIZATION DEFAULT") == "(reset session_authorization)");
  CHECK(Dump("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE") ==
        "(set transaction_isolation 'serializable')");
  CHECK(Dump("SET TRANSACTION READ ONLY") == "(set transaction_read_only 'on')");
  CHECK(Dump("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED") ==
        "(set default_transaction_isolation 'read committed')");

  StmtPtr stmt = ParseOne("SET LOCAL a = 1");
  const auto& set = stmt->As<VariableSetStmt>();
  CHECK(set.local);
  CHECK_FALSE(set.reset);
  CHECK(set.values == std::vector<std::string>{"1"});
}

TEST_CASE("RESET and SHOW", "[parser][set]") {
  CHECK(Dump("RESET search_path") == "(reset search_path)");
  CHECK(Dump("RESET ALL") == "(reset all)");
  CHECK(Dump("RESET TIME ZONE") == "(reset timezone)");
  CHECK(Dump("RESET TRANSACTION ISOLATION LEVEL") == "(reset transaction_isolation)");
  CHECK(Dump("RESET SESSION AUTHORIZATION") == "(reset session_authorization)");
  CHECK(Dump("SHOW search_path") == "(show search_path)");
  CHECK(Dump("SHOW \"TimeZone\"") == "(show timezone)");
  CHECK(Dump("SHOW ALL") == "(show all)");
  CHECK(Dump("SHOW TIME ZONE") == "(show timezone)");
  CHECK(Dump("SHOW TRANSACTION ISOLATION LEVEL") == "(show transaction_isolation)");
  CHECK(Dump("SHOW SESSION AUTHORIZATION") == "(show session_authorization)");
  CHECK(Dump("SHOW my.setting") == "(show my.setting)");

  StmtPtr stmt = ParseOne("RESET ALL");
  const auto& reset = stmt->As<VariableSetStmt>();
  CHECK(reset.reset);
  CHECK(reset.name == "all");
}

TEST_CASE("PREPARE, EXECUTE, DEALLOCATE, CREATE TABLE AS, SELECT INTO, COMMENT", "[parser]") {
  CHECK(Dump("PREPARE p (int, text) AS SELECT $1, $2") ==
        "(prepare p int4 text (select :targets ($1 $2)))");
  CHECK(Dump("EXECUTE p") == "(execute p)");
  CHECK(Dump("DEALLOCATE PREPARE ALL") == "(deallocate all)");
  CHECK(Dump("DEALLOCATE p") == "(deallocate p)");
  CHECK(ParseError("PREPARE p AS CREATE TABLE t (a int)").message == "syntax error at or near \"CREATE\"");
  CHECK(Dump("CREATE TABLE t (a, b) AS SELECT 1, 2 WITH NO DATA") ==
        "(create-table-as t(a b) :no-data (select :targets (1 2)))");
  CHECK(Dump("CREATE TABLE IF NOT EXISTS t AS EXECUTE p (1)") ==
        "(create-table-as t :if-not-exists (execute p (1)))");
  CHECK(Dump("SELECT 1 INTO TABLE t FROM u") == "(select :targets (1) :into t :from (u))");
  CHECK(Dump("COMMENT ON COLUMN s.t.c IS 'x'") == "(comment column s.t.c 'x')");
  CHECK(Dump("COMMENT ON CONSTRAINT k ON t IS NULL") == "(comment constraint k t null)");
  CHECK(ParseError("COMMENT ON TABLE t IS 1").message == "syntax error at or near \"1\"");
}

}  // namespace
}  // namespace granary::parser::testing
