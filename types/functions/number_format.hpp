// to_char for numbers: PostgreSQL's numeric format pictures (formatting.c's NUM_processor):
// 9 0 . , D G S PR MI PL SG L V EEEE FM TH/th, other characters copied, in the C locale
// (decimal point ".", group separator ",", currency symbol " "). RN (roman numerals) is
// refused with 0A000.
#pragma once

#include <span>

#include "types/value.hpp"

namespace granary::types {

Value ToCharNumber(std::span<const Value> args);  // (int4|int8|numeric|float8, text); 42601

}  // namespace granary::types
