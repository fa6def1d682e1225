// Source spans for the grammar: Bison's location type (api.location.type).
//
// A span is a half-open byte range [begin, end) of the statement text. Tokens always have
// one; a nonterminal spans from its first to its last token, and an empty rule has none
// (begin == end == -1), as PostgreSQL's YYLLOC_DEFAULT gives -1 for empty productions.
#pragma once

namespace granary::parser {

struct Location {
  int begin = -1;
  int end = -1;

  bool empty() const { return begin < 0; }
};

}  // namespace granary::parser
