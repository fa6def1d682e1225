// The token stream the grammar reads: the raw scanner's tokens after PostgreSQL's
// lookahead filter (parser.c's base_yylex), turned into Bison symbols.
//
// The filter replaces NOT before BETWEEN/IN/LIKE/ILIKE/SIMILAR by NOT_LA, NULLS before
// FIRST/LAST by NULLS_LA and WITH before TIME/ORDINALITY by WITH_LA, so that the grammar
// stays LALR(1); and it decodes U&'...' / U&"..." with an optional UESCAPE clause. It also
// bounds parenthesis nesting (README invariant 4).
#pragma once

#include <optional>
#include <string_view>

#include "parser/gram.hpp"
#include "parser/location.hpp"
#include "parser/scanner.hpp"

namespace granary::parser {

class Lexer {
 public:
  // `sql` must outlive the Lexer.
  explicit Lexer(std::string_view sql);

  grammar::Parser::symbol_type Next();

  // Span of the token most recently handed to the grammar: its lookahead when an action
  // or a syntax error needs "the current token", as PostgreSQL's yylloc.
  const Location& last_location() const { return last_location_; }

 private:
  RawToken Fetch();
  // Scans the next token into the lookahead slot and returns its kind.
  int ScanAhead();
  void DecodeUnicode(RawToken& token);

  std::string_view sql_;
  Scanner scanner_;
  std::optional<RawToken> lookahead_;
  int nesting_ = 0;
  Location last_location_;
};

}  // namespace granary::parser
