// Error raising for the parser (see errors.hpp).
#include "parser/errors.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/parser.hpp"

namespace granary::parser {

void ThrowSyntaxError(std::string_view sql, std::string_view message, int begin, int end) {
  const int size = static_cast<int>(sql.size());
  std::string text(message);
  if (begin >= size) {
    text += " at end of input";
    begin = size;
  } else {
    if (end > size) end = size;
    if (end < begin) end = begin;
    text += " at or near \"";
    text += sql.substr(begin, end - begin);
    text += '"';
  }
  throw Error(sqlstate::kSyntaxError, std::move(text)).WithPosition(CharacterPosition(sql, begin));
}

void ThrowErrorAt(std::string_view sql, std::string_view sqlstate, std::string message,
                  int offset, std::string hint) {
  Error error(sqlstate, std::move(message));
  if (!hint.empty()) error.WithHint(std::move(hint));
  if (offset >= 0) error.WithPosition(CharacterPosition(sql, offset));
  throw error;
}

void ThrowStackDepthExceeded() {
  throw Error(sqlstate::kStatementTooComplex, "stack depth limit exceeded");
}

void ThrowScannerFailure(const char* message) {
  throw Error(sqlstate::kInternalError, std::string("SQL scanner failure: ") + message);
}

}  // namespace granary::parser
