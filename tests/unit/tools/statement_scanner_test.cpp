// The shell's statement splitting, checked against what psql sends for the same input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tools/shell/statement_scanner.hpp"

namespace {

using granary::tools::StatementScanner;

// Feeds `lines` and returns the statements (and "\cmd" for backslash commands) produced.
std::vector<std::string> Split(const std::vector<std::string>& lines, std::string* rest = nullptr) {
  StatementScanner scanner;
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    scanner.FeedLine(line);
    for (auto stop = scanner.Scan(); stop != StatementScanner::Stop::kEndOfLine;
         stop = scanner.Scan()) {
      if (stop == StatementScanner::Stop::kStatement) {
        out.push_back(scanner.TakeStatement());
      } else {
        out.push_back("\\" + std::string(scanner.BackslashCommandText()));
        scanner.SkipBackslashCommand();
      }
    }
  }
  if (rest != nullptr) *rest = scanner.buffer();
  return out;
}

}  // namespace

TEST_CASE("statements end at semicolons outside quotes", "[tools][scanner]") {
  REQUIRE(Split({"select 1; select 'a;b';"}) ==
          std::vector<std::string>{"select 1;", "select 'a;b';"});
  REQUIRE(Split({"select \"x;y\" from t;"}) == std::vector<std::string>{"select \"x;y\" from t;"});
  REQUIRE(Split({"select 'it''s;';"}) == std::vector<std::string>{"select 'it''s;';"});
  REQUIRE(Split({"select E'\\';';"}) == std::vector<std::string>{"select E'\\';';"});
}

TEST_CASE("lines of one statement are joined with newlines", "[tools][scanner]") {
  REQUIRE(Split({"select 1,", "  2", ";"}) == std::vector<std::string>{"select 1,\n  2\n;"});
  REQUIRE(Split({"select 'multi;", "line';"}) == std::vector<std::string>{"select 'multi;\nline';"});
}

TEST_CASE("leading whitespace and -- comments are dropped, block comments kept",
          "[tools][scanner]") {
  REQUIRE(Split({"-- note", "  select 1; -- trailing"}) == std::vector<std::string>{"select 1;"});
  REQUIRE(Split({"/* c; */ select 1;"}) == std::vector<std::string>{"/* c; */ select 1;"});
  REQUIRE(Split({"/* nested /* c; */ still; */ select 2;"}) ==
          std::vector<std::string>{"/* nested /* c; */ still; */ select 2;"});
  REQUIRE(Split({"select 1 -- c;", ";"}) == std::vector<std::string>{"select 1 -- c;\n;"});
}

TEST_CASE("semicolons inside parentheses and dollar quotes do not end a statement",
          "[tools][scanner]") {
  REQUIRE(Split({"select (1", ";", ");"}) == std::vector<std::string>{"select (1\n;\n);"});
  REQUIRE(Split({"select $$a;b$$, $x$ it's; $x$;"}) ==
          std::vector<std::string>{"select $$a;b$$, $x$ it's; $x$;"});
  // $1 is a parameter, not a dollar quote; a$b$ is an identifier
  REQUIRE(Split({"select $1; select a$b$;"}) ==
          std::vector<std::string>{"select $1;", "select a$b$;"});
}

TEST_CASE("BEGIN ATOMIC bodies of CREATE FUNCTION hold semicolons", "[tools][scanner]") {
  REQUIRE(Split({"create function f() returns int language sql begin atomic; select 1; end;",
                 "select 2;"}) ==
          std::vector<std::string>{
              "create function f() returns int language sql begin atomic; select 1; end;",
              "select 2;"});
  REQUIRE(Split({"begin; select 1;"}) == std::vector<std::string>{"begin;", "select 1;"});
}

TEST_CASE("backslash commands end the SQL part of a line", "[tools][scanner]") {
  std::string rest;
  REQUIRE(Split({"select 42 \\g"}, &rest) == std::vector<std::string>{"\\g"});
  REQUIRE(rest == "select 42 ");
  REQUIRE(Split({"\\echo a \\\\ select 1;"}) == std::vector<std::string>{"\\echo a ", "select 1;"});
  // \; puts a semicolon into the statement without ending it
  REQUIRE(Split({"select 1 \\; select 2;"}) == std::vector<std::string>{"select 1 ; select 2;"});
  // a line holding only a backslash command does not add a newline to the buffer
  REQUIRE(Split({"select 1", "\\p"}, &rest) == std::vector<std::string>{"\\p"});
  REQUIRE(rest == "select 1");
}

TEST_CASE("continuation prompts name the open construct", "[tools][scanner]") {
  StatementScanner scanner;
  scanner.FeedLine("select 'abc");
  REQUIRE(scanner.Scan() == StatementScanner::Stop::kEndOfLine);
  REQUIRE(scanner.ContinuationChar() == '\'');
  scanner.FeedLine("', (1");
  scanner.Scan();
  REQUIRE(scanner.ContinuationChar() == '(');
  scanner.FeedLine(") /* x");
  scanner.Scan();
  REQUIRE(scanner.ContinuationChar() == '*');
  scanner.FeedLine("*/ , $$");
  scanner.Scan();
  REQUIRE(scanner.ContinuationChar() == '$');
  scanner.FeedLine("$$ , \"a");
  scanner.Scan();
  REQUIRE(scanner.ContinuationChar() == '"');
  scanner.FeedLine("\"");
  scanner.Scan();
  REQUIRE(scanner.ContinuationChar() == '-');
  REQUIRE(scanner.InStatement());
  scanner.FeedLine(";");
  REQUIRE(scanner.Scan() == StatementScanner::Stop::kStatement);
}

TEST_CASE("content detection skips empty statements", "[tools][scanner]") {
  StatementScanner scanner;
  scanner.FeedLine("; /* only a comment */ ;");
  REQUIRE(scanner.Scan() == StatementScanner::Stop::kStatement);
  REQUIRE_FALSE(scanner.HasContent());
  scanner.TakeStatement();
  REQUIRE(scanner.Scan() == StatementScanner::Stop::kStatement);
  REQUIRE_FALSE(scanner.HasContent());
}
