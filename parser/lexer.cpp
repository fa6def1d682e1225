// The lookahead filter between the scanner and the grammar (see lexer.hpp).
#include "parser/lexer.hpp"

#include <utility>

#include "common/sqlstate.hpp"
#include "parser/errors.hpp"
#include "parser/literals.hpp"

namespace granary::parser {
namespace {

using Parser = grammar::Parser;
using Token = Parser::token;

// Deepest nesting of ( and [ accepted, in the spirit of PostgreSQL's YYMAXDEPTH of 10000
// parser stack entries: far beyond real queries, small enough that nothing downstream has
// to worry about it.
constexpr int kMaxParenthesisNesting = 10000;

}  // namespace

Lexer::Lexer(std::string_view sql) : sql_(sql), scanner_(sql) {}

RawToken Lexer::Fetch() {
  if (lookahead_) {
    RawToken token = std::move(*lookahead_);
    lookahead_.reset();
    return token;
  }
  return scanner_.Next();
}

int Lexer::ScanAhead() {
  lookahead_ = scanner_.Next();
  return lookahead_->kind;
}

// U&'...' and U&"...": an optional UESCAPE 'c' follows; errors about it point at the
// string after UESCAPE, errors in the escapes at the escape itself (parser.c).
void Lexer::DecodeUnicode(RawToken& token) {
  char escape = '\\';
  if (lookahead_->kind == Token::UESCAPE) {
    lookahead_.reset();
    const RawToken escape_string = scanner_.Next();
    if (escape_string.kind != Token::SCONST) {
      ThrowSyntaxError(sql_, "UESCAPE must be followed by a simple string literal",
                       escape_string.begin, escape_string.end);
    }
    if (escape_string.text.size() != 1 || !IsValidUescapeCharacter(escape_string.text[0])) {
      ThrowSyntaxError(sql_, "invalid Unicode escape character", escape_string.begin,
                       escape_string.end);
    }
    escape = escape_string.text[0];
  }
  token.text = UnicodeDeescape(sql_, token.text, escape, token.begin);
  if (token.kind == Token::UIDENT) {
    TruncateIdentifier(token.text);
    token.kind = Token::IDENT;
  } else {
    token.kind = Token::SCONST;
  }
}

Parser::symbol_type Lexer::Next() {
  RawToken token = Fetch();
  switch (token.kind) {
    case Token::NOT: {
      const int next = ScanAhead();
      if (next == Token::BETWEEN || next == Token::IN_P || next == Token::LIKE ||
          next == Token::ILIKE || next == Token::SIMILAR) {
        token.kind = Token::NOT_LA;
      }
      break;
    }
    case Token::NULLS_P: {
      const int next = ScanAhead();
      if (next == Token::FIRST_P || next == Token::LAST_P) token.kind = Token::NULLS_LA;
      break;
    }
    case Token::WITH: {
      const int next = ScanAhead();
      if (next == Token::TIME || next == Token::ORDINALITY) token.kind = Token::WITH_LA;
      break;
    }
    case Token::UIDENT:
    case Token::USCONST:
      ScanAhead();
      DecodeUnicode(token);
      break;
    case '(':
    case '[':
      if (++nesting_ > kMaxParenthesisNesting) ThrowStackDepthExceeded();
      break;
    case ')':
    case ']':
      if (nesting_ > 0) --nesting_;
      break;
    default:
      break;
  }

  last_location_ = Location{token.begin, token.end};
  switch (token.value_type) {
    case TokenValue::kString:
      return Parser::symbol_type(token.kind, std::move(token.text), last_location_);
    case TokenValue::kInteger:
      return Parser::symbol_type(token.kind, token.number, last_location_);
    case TokenValue::kNone:
      break;
  }
  return Parser::symbol_type(token.kind, last_location_);
}

}  // namespace granary::parser
