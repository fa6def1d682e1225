// Statement lists: splitting on ';', empty statements, spans, comments and whitespace, and
// CharacterPosition.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

std::string SpanText(std::string_view sql, const Stmt& stmt) {
  return std::string(sql.substr(stmt.location, stmt.length));
}

TEST_CASE("empty input yields no statements", "[parser][statements]") {
  CHECK(Parse("").empty());
  CHECK(Parse("   \n\t ").empty());
  CHECK(Parse(";").empty());
  CHECK(Parse(" ; ;; ").empty());
  CHECK(Parse("-- comment only").empty());
  CHECK(Parse("/* comment */ ; -- another").empty());
}

TEST_CASE("statements are split on semicolons with their spans", "[parser][statements]") {
  const std::string sql = "SELECT 1;  INSERT INTO t VALUES (1) ;\n;\n  /* c */ DELETE FROM t -- x\n;";
  const auto statements = Parse(sql);
  REQUIRE(statements.size() == 3);
  CHECK(statements[0]->kind == StmtKind::kSelect);
  CHECK(SpanText(sql, *statements[0]) == "SELECT 1");
  CHECK(statements[1]->kind == StmtKind::kInsert);
  CHECK(SpanText(sql, *statements[1]) == "INSERT INTO t VALUES (1)");
  CHECK(statements[1]->location == 11);
  CHECK(statements[2]->kind == StmtKind::kDelete);
  CHECK(SpanText(sql, *statements[2]) == "DELETE FROM t");
}

TEST_CASE("a final statement needs no semicolon", "[parser][statements]") {
  const std::string sql = "BEGIN; UPDATE t SET a = 1; COMMIT";
  const auto statements = Parse(sql);
  REQUIRE(statements.size() == 3);
  CHECK(SpanText(sql, *statements[0]) == "BEGIN");
  CHECK(SpanText(sql, *statements[1]) == "UPDATE t SET a = 1");
  CHECK(SpanText(sql, *statements[2]) == "COMMIT");
  CHECK(statements[2]->As<TransactionStmt>().transaction_kind == TransactionKind::kCommit);
}

TEST_CASE("COMMIT and ROLLBACK AND [NO] CHAIN", "[parser][statements]") {
  const auto statements = Parse("COMMIT AND CHAIN; ROLLBACK WORK AND CHAIN; END AND NO CHAIN; ABORT AND CHAIN; COMMIT");
  REQUIRE(statements.size() == 5);
  CHECK(statements[0]->As<TransactionStmt>().chain);
  CHECK(statements[1]->As<TransactionStmt>().transaction_kind == TransactionKind::kRollback);
  CHECK(statements[1]->As<TransactionStmt>().chain);
  CHECK_FALSE(statements[2]->As<TransactionStmt>().chain);
  CHECK(statements[3]->As<TransactionStmt>().chain);
  CHECK_FALSE(statements[4]->As<TransactionStmt>().chain);
  CHECK(ParseError("COMMIT AND").message == "syntax error at end of input");
}

TEST_CASE("spans cover multi-byte text and literals with semicolons", "[parser][statements]") {
  const std::string sql = "SELECT 'a;b', \"é;\" FROM t; SELECT $$;$$";
  const auto statements = Parse(sql);
  REQUIRE(statements.size() == 2);
  CHECK(SpanText(sql, *statements[0]) == "SELECT 'a;b', \"é;\" FROM t");
  CHECK(SpanText(sql, *statements[1]) == "SELECT $$;$$");
}

TEST_CASE("a syntax error anywhere fails the whole string", "[parser][statements]") {
  const ParseFailure failure = ParseError("SELECT 1; SELECT (; SELECT 3");
  CHECK(failure.message == "syntax error at or near \";\"");
  CHECK(failure.position == 19);
}

TEST_CASE("CharacterPosition counts UTF-8 characters from 1", "[parser][statements]") {
  CHECK(CharacterPosition("abc", 0) == 1);
  CHECK(CharacterPosition("abc", 2) == 3);
  CHECK(CharacterPosition("abc", 3) == 4);
  CHECK(CharacterPosition("éé x", 4) == 3);  // two 2-byte characters
  CHECK(CharacterPosition("日本 x", 7) == 4);
  CHECK(CharacterPosition("abc", -1) == 0);
  CHECK(CharacterPosition("abc", 100) == 4);
}

TEST_CASE("Parse may run on many threads at once", "[parser][statements]") {
  // Reentrancy: no shared scanner or parser state. Run a few parses concurrently and
  // compare with a sequential result.
  const std::string sql = "SELECT a, count(*) FROM t JOIN u USING (id) WHERE x IN (1, 2) GROUP BY a";
  const std::string expected = Dump(sql);
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 200; ++round) {
        auto statements = Parse(sql);
        results[i] = DumpStatement(*statements[0]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) CHECK(result == expected);
}

}  // namespace
}  // namespace granary::parser::testing
