// The SQL keyword table, built from keywords.def (the one keyword list).
#pragma once

#include <span>
#include <string_view>

namespace granary::parser {

// Which names a keyword may serve as (PostgreSQL's keyword categories).
enum class KeywordCategory { kUnreserved, kColumnName, kTypeFunctionName, kReserved };

struct Keyword {
  std::string_view text;  // lower case
  int token;              // grammar::Parser::token kind
  KeywordCategory category;
  bool bare_label;        // may be a column label without AS
};

// The keyword spelled `word` in any letter case, or null. Only ASCII letters fold.
const Keyword* LookupKeyword(std::string_view word);

// Every keyword, sorted by text.
std::span<const Keyword> AllKeywords();

}  // namespace granary::parser
