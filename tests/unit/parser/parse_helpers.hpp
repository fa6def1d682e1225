// Helpers for the parser unit tests: parse and render as S-expressions (ast_dump.hpp), and
// capture errors.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "granary/error.hpp"
#include "parser/ast.hpp"
#include "parser/ast_dump.hpp"
#include "parser/parser.hpp"

namespace granary::parser::testing {

// The single statement in `sql`, rendered.
inline std::string Dump(std::string_view sql) {
  std::vector<StmtPtr> statements = Parse(sql);
  REQUIRE(statements.size() == 1);
  return DumpStatement(*statements[0]);
}

// The single statement in `sql`.
inline StmtPtr ParseOne(std::string_view sql) {
  std::vector<StmtPtr> statements = Parse(sql);
  REQUIRE(statements.size() == 1);
  return std::move(statements[0]);
}

// The first target of "SELECT <expr>".
inline std::string DumpSelectExpr(std::string_view expr) {
  StmtPtr stmt = ParseOne("SELECT " + std::string(expr));
  const auto& select = stmt->As<SelectStmt>();
  REQUIRE(select.targets.size() == 1);
  return DumpExpr(*select.targets[0].expr);
}

// The first target's expression node of "SELECT <expr>", kept alive by `holder`.
inline const Expr& SelectExpr(StmtPtr& holder, std::string_view expr) {
  holder = ParseOne("SELECT " + std::string(expr));
  const auto& select = holder->As<SelectStmt>();
  REQUIRE(select.targets.size() == 1);
  return *select.targets[0].expr;
}

struct ParseFailure {
  std::string sqlstate;
  std::string message;
  int position = 0;
  std::string hint;
};

// The error Parse raises for `sql`; fails the test if it parses.
inline ParseFailure ParseError(std::string_view sql) {
  try {
    Parse(sql);
  } catch (const Error& error) {
    return ParseFailure{error.sqlstate(), error.message(), error.position(), error.hint()};
  }
  FAIL("parsed without error: " << sql);
  return {};
}

}  // namespace granary::parser::testing
