#include "planner/query.hpp"

namespace granary::planner {

std::vector<types::Type> BoundQuery::OutputTypes() const {
  std::vector<types::Type> result;
  for (size_t i = 0; i < visible_targets; ++i) result.push_back(targets[i]->type);
  return result;
}

std::vector<std::string> BoundQuery::OutputNames() const {
  return std::vector<std::string>(target_names.begin(), target_names.begin() + visible_targets);
}

}  // namespace granary::planner
