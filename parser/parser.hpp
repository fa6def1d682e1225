// The SQL parser's entry point: text in, raw AST out (parser/ast.hpp).
//
// Thread-safety: Parse is reentrant (the Bison parser and Flex scanner are pure); any number
// of threads may parse at once.
#pragma once

#include <string_view>
#include <vector>

#include "parser/ast.hpp"

namespace granary::parser {

// Parses a string holding zero or more statements separated by ';' (empty statements are
// skipped; a string of only whitespace/comments yields an empty vector).
//
// Raises granary::Error 42601 (syntax_error) with PostgreSQL's message —
// `syntax error at or near "<token>"` or `syntax error at end of input` — and the 1-based
// character position of the offending token; 22P02/42601 for malformed literals as
// PostgreSQL does (e.g. `unterminated quoted string at or near "'abc"`); 54001 when nesting
// is too deep to parse safely.
std::vector<StmtPtr> Parse(std::string_view sql);

// 1-based character (not byte) position of byte `offset` in UTF-8 `sql`, as the protocol's
// position field and psql's error caret expect.
int CharacterPosition(std::string_view sql, int offset);

}  // namespace granary::parser
