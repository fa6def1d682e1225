// regclass input: a relation name written as text ('s', 'public.s', '"My Seq"'), as
// nextval('s') and column defaults spell sequences.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace granary::planner {

// Splits the text into its names (at most three), folding unquoted ones to lower case and
// undoubling quotes in quoted ones. 42602 `invalid name syntax`.
std::vector<std::string> ParseQualifiedName(std::string_view text);

}  // namespace granary::planner
