// The PL/pgSQL parser: a function body's text to its syntax tree (pl_ast.hpp), by recursive
// descent over PostgreSQL 15's pl_gram.y statements. SQL pieces are not parsed here: their
// text runs from the statement's first token to the keyword or `;` that ends it at
// parenthesis depth 0 (CASE ... END counted), as pl_gram.y's read_sql_construct reads them.
//
// Errors: 42601 syntax_error (`syntax error at or near "x"`, `syntax error at end of input`,
// PostgreSQL's messages for a missing END IF and the like), with the line number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/plpgsql/pl_ast.hpp"

namespace granary::plpgsql {

enum class PlTokenKind { kIdentifier, kQuotedIdentifier, kString, kNumber, kParam, kOperator, kEnd };

struct PlToken {
  PlTokenKind kind = PlTokenKind::kEnd;
  std::string text;   // identifiers lower-cased (quoted ones as written); strings decoded
  size_t begin = 0;   // byte offsets in the source
  size_t end = 0;
  int line = 1;
  bool Is(std::string_view word) const { return kind == PlTokenKind::kIdentifier && text == word; }
  bool IsOperator(std::string_view op) const { return kind == PlTokenKind::kOperator && text == op; }
};

// Splits SQL-like text into tokens: identifiers, quoted identifiers, string constants
// ('...', E'...', $tag$...$tag$), numbers, $n parameters and operators (`:=`, `..`, `::`
// and runs of operator characters as one token); comments are skipped. 42601 for an
// unterminated string or comment.
std::vector<PlToken> TokenizePl(std::string_view text);

// Parses `source` (a function body or DO block). 42601 on a syntax error.
PlFunctionBody ParsePlBody(std::string_view source);

}  // namespace granary::plpgsql
