// VARIADIC-array calls of the variadic built-ins (variadic_functions.hpp): the array's
// elements are spread after the fixed arguments and the ordinary implementation runs over
// them.
#include "types/functions/variadic_functions.hpp"

#include <utility>
#include <vector>

#include "types/array.hpp"
#include "types/functions/json_functions.hpp"
#include "types/functions/string_functions.hpp"
#include "types/functions/text_functions.hpp"

namespace granary::types {
namespace {

// `function` over the fixed arguments and the elements of the last one; a NULL array gives
// NULL of `null_type`, or with `null_is_empty` no values.
template <ScalarFunction function, TypeId null_type, bool null_is_empty = false>
Value Spread(std::span<const Value> args) {
  if (args.back().is_null()) {
    if (!null_is_empty) return Value::Null(null_type);
    return function(args.first(args.size() - 1));
  }
  std::vector<Value> spread(args.begin(), args.end() - 1);
  for (const Value& element : args.back().AsArray().elements) spread.push_back(element);
  return function(spread);
}

}  // namespace

ScalarFunction VariadicArrayForm(ScalarFunction function) {
  static const std::pair<ScalarFunction, ScalarFunction> kForms[] = {
      {Concat, Spread<Concat, TypeId::kText>},
      {ConcatWs, Spread<ConcatWs, TypeId::kText>},
      {Format, Spread<Format, TypeId::kText, true>},
      {NumNulls, Spread<NumNulls, TypeId::kInt4>},
      {NumNonNulls, Spread<NumNonNulls, TypeId::kInt4>},
      {JsonBuildObject, Spread<JsonBuildObject, TypeId::kJson>},
      {JsonbBuildObject, Spread<JsonbBuildObject, TypeId::kJsonb>},
      {JsonBuildArray, Spread<JsonBuildArray, TypeId::kJson>},
      {JsonbBuildArray, Spread<JsonbBuildArray, TypeId::kJsonb>},
      {JsonExtractPath, Spread<JsonExtractPath, TypeId::kJsonb>},
      {JsonExtractPathText, Spread<JsonExtractPathText, TypeId::kText>},
  };
  for (const auto& [base, spread] : kForms) {
    if (base == function) return spread;
  }
  return nullptr;
}

}  // namespace granary::types
