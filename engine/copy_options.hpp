// COPY's options: parsed from either syntax (the parser turns both into CopyOptions of the
// same names) and validated as PostgreSQL 15's ProcessCopyOptions does, with its messages.
#pragma once

#include <string>
#include <vector>

#include "parser/ast_utility.hpp"

namespace granary {

enum class CopyFormat { kText, kCsv, kBinary };

struct CopyOptions {
  CopyFormat format = CopyFormat::kText;
  bool freeze = false;
  char delimiter = '\t';          // ',' for CSV
  std::string null_string = "\\N";  // "" for CSV
  bool header = false;
  bool header_match = false;      // HEADER MATCH (COPY FROM): names must match the columns
  char quote = '"';               // CSV only
  char escape = '"';              // CSV only; the quote unless given
  bool force_quote_all = false;   // FORCE_QUOTE *
  std::vector<std::string> force_quote;
  std::vector<std::string> force_not_null;
  std::vector<std::string> force_null;

  bool csv() const { return format == CopyFormat::kCsv; }
};

// Errors: 42601 `conflicting or redundant options`, `option "x" not recognized`, a value of
// the wrong kind; 22023 `COPY format "x" not recognized`, bad delimiter or null strings;
// 0A000 for options the format or direction does not allow.
CopyOptions ProcessCopyOptions(const std::vector<parser::CopyOption>& options, bool is_from);

}  // namespace granary
