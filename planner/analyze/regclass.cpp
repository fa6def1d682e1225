// regclass input (see regclass.hpp).
#include "planner/analyze/regclass.hpp"

#include <cctype>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::planner {

std::vector<std::string> ParseQualifiedName(std::string_view text) {
  auto invalid = [] { return Error(sqlstate::kInvalidName, "invalid name syntax"); };
  std::vector<std::string> names;
  size_t i = 0;
  while (true) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::string name;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (true) {
        if (i >= text.size()) throw invalid();
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            name += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name += text[i++];
      }
      if (name.empty()) throw invalid();
    } else {
      while (i < text.size() && text[i] != '.' && !std::isspace(static_cast<unsigned char>(text[i]))) {
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
        ++i;
      }
      if (name.empty()) throw invalid();
    }
    names.push_back(std::move(name));
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) break;
    if (text[i] != '.') throw invalid();
    ++i;
  }
  if (names.size() > 3) throw invalid();
  return names;
}

}  // namespace granary::planner
