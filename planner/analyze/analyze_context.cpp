#include "planner/analyze/analyze_context.hpp"

#include "parser/parser.hpp"

namespace granary::planner {

const catalog::SearchPath& AnalyzeContext::SearchPath() const {
  static const catalog::SearchPath kDefault;
  return search_path != nullptr ? *search_path : kDefault;
}

Error AnalyzeContext::ErrorAt(std::string_view sqlstate, std::string message, int location) const {
  Error error(sqlstate, std::move(message));
  if (location >= 0) error.WithPosition(parser::CharacterPosition(sql, location));
  return error;
}

}  // namespace granary::planner
