// The working form of a finite NUMERIC and the digit-level algorithms on it (internal).
//
// This mirrors PostgreSQL's NumericVar (src/backend/utils/adt/numeric.c): base-10000 digits,
// most significant first, a weight (the power of 10000 of digits[0]), a sign and a display
// scale. The algorithms are PostgreSQL's: add_abs/sub_abs, schoolbook multiplication,
// Knuth's Algorithm D for division (as div_var does, exactly, not div_var_fast's
// approximation), round_var/trunc_var and select_div_scale. Special values (NaN, ±Infinity)
// never reach this layer; numeric.cpp and numeric_arithmetic.cpp handle them.
//
// Every function takes and returns stripped values (see Strip); a result always carries no
// nonzero decimal digit beyond its dscale.
#pragma once

#include <cstdint>
#include <vector>

#include "types/numeric.hpp"

namespace granary::types::numeric_internal {

inline constexpr int32_t kNbase = 10000;
inline constexpr int kDecDigits = 4;            // decimal digits per base-10000 digit
inline constexpr int kMinSigDigits = 16;        // NUMERIC_MIN_SIG_DIGITS
inline constexpr int kMaxDisplayScale = 1000;   // NUMERIC_MAX_DISPLAY_SCALE
inline constexpr int kMaxStoredScale = 0x3FFF;  // NUMERIC_DSCALE_MAX: 14 bits on disk
inline constexpr int kMaxWeight = INT16_MAX;    // the on-disk weight is an int16
inline constexpr int kMinWeight = INT16_MIN;

struct DecimalVar {
  bool negative = false;
  int weight = 0;
  int dscale = 0;
  std::vector<int32_t> digits;  // empty means zero

  bool IsZero() const { return digits.empty(); }
};

// Removes leading and trailing zero digits; a zero becomes positive with weight 0.
void Strip(DecimalVar& var);

// -1, 0, 1 comparing absolute values / signed values.
int CompareAbs(const DecimalVar& left, const DecimalVar& right);
int CompareVar(const DecimalVar& left, const DecimalVar& right);

// Exact sum and difference; dscale is the larger of the two.
DecimalVar AddVar(const DecimalVar& left, const DecimalVar& right);
DecimalVar SubVar(const DecimalVar& left, const DecimalVar& right);
// Exact product rounded (half away from zero) to `rscale`.
DecimalVar MulVar(const DecimalVar& left, const DecimalVar& right, int rscale);
// Quotient to `rscale` digits after the point, rounded half away from zero when `round`,
// truncated toward zero otherwise. `right` must be nonzero.
DecimalVar DivVar(const DecimalVar& left, const DecimalVar& right, int rscale, bool round);
// left - right * trunc(left / right), dscale max of the two, as PostgreSQL's mod_var.
DecimalVar ModVar(const DecimalVar& left, const DecimalVar& right);
// The display scale PostgreSQL picks for left / right (select_div_scale).
int SelectDivScale(const DecimalVar& left, const DecimalVar& right);

// Round half away from zero / truncate to `rscale` decimal digits after the point (negative:
// to tens, hundreds, ...); sets dscale to rscale, which the caller may clamp at 0.
void RoundVar(DecimalVar& var, int rscale);
void TruncVar(DecimalVar& var, int rscale);

// Access to Numeric's private representation for the numeric implementation files and the
// key encoding (key_encoding.cpp), which orders numerics by their stripped digits.
struct NumericAccess {
  static DecimalVar ToVar(const Numeric& value);
  // Strips `var` and raises 22003 "value overflows numeric format" when its weight or scale
  // does not fit PostgreSQL's on-disk format.
  static Numeric FromVar(DecimalVar var);
  static Numeric Special(bool nan, bool negative);
  static bool IsSpecial(const Numeric& value) { return value.IsNaN() || value.IsInfinite(); }
};

}  // namespace granary::types::numeric_internal
