// The raw SQL scanner (Flex, scan.l): statement text -> tokens, before the lookahead filter
// in lexer.cpp. Internal to the parser module.
//
// Token kinds are the grammar's (grammar::Parser::token) or, for one-character tokens such
// as '(' and ',', the character itself, as in PostgreSQL's scanner. Offsets are bytes.
//
// Thread-safety: a Scanner is used by one thread; the Flex scanner is reentrant and keeps
// all of its state in the Scanner, so any number of Scanners may run at once.
#pragma once

#include <string>
#include <string_view>

namespace granary::parser {

enum class TokenValue { kNone, kString, kInteger };

struct RawToken {
  int kind = 0;  // 0 is end of input
  TokenValue value_type = TokenValue::kNone;
  std::string text;  // kString: identifier (folded), literal contents, operator, keyword
  int number = 0;    // kInteger: the parameter number of $n
  int begin = 0;     // byte span of the token's source text
  int end = 0;
};

// State the Flex actions share (Flex's "extra" data).
struct ScanState {
  std::string_view sql;           // the statement text, for error messages
  const char* scanbuf = nullptr;  // Flex's copy of it; offsets are relative to this
  std::string literal;            // body of the quoted string or identifier being scanned
  int literal_begin = 0;          // offset of its opening quote
  int literal_end = 0;            // offset just past its closing quote
  int comment_begin = 0;          // offset of the outermost open /* comment
  int comment_depth = 0;          // nesting of /* */ inside it
  std::string dollar_delimiter;   // $tag$ of the dollar-quoted string being scanned
  int state_before_string_stop = 0;
  bool saw_non_ascii = false;     // an E'' escape produced a byte that needs validation
  char32_t utf16_first_part = 0;  // pending high surrogate of a \uXXXX pair
};

class Scanner {
 public:
  // Copies `sql`; it must be valid UTF-8 without NUL bytes (Parse checks this first).
  explicit Scanner(std::string_view sql);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // The next token; after the end of input, keeps returning kind 0.
  // Raises 42601 (and 22021/22025 for bad escapes) as PostgreSQL's scanner does.
  RawToken Next();

 private:
  std::string buffer_;  // sql plus the two NUL bytes Flex requires
  ScanState state_;
  void* flex_ = nullptr;  // yyscan_t
};

}  // namespace granary::parser
