// to_char for numbers: PostgreSQL's numeric format pictures (formatting.c's NUM_processor):
// 9 0 . , D G S PR MI PL SG L V EEEE FM TH/th, other characters copied, in the C locale
// (decimal point ".", group separator ",", currency symbol " "). RN (roman numerals) is
// refused with 0A000. to_number reads numbers by the same pictures.
#pragma once

#include <span>

#include "types/value.hpp"

namespace granary::types {

Value ToCharNumber(std::span<const Value> args);  // (int4|int8|numeric|float8, text); 42601
// to_number(text, text) -> numeric: reads a number by the same format pictures
// (NUM_processor's from-char direction); NULL for an empty format. 22P02 when no number is
// read, 22003 when it overflows the picture, 0A000 for EEEE and RN, 42601 for bad pictures.
Value ToNumber(std::span<const Value> args);

}  // namespace granary::types
