// Digit-level NUMERIC algorithms, ported from PostgreSQL's numeric.c (see numeric_var.hpp).
#include "types/numeric_var.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace granary::types::numeric_internal {
namespace {

// round_powers[i] = 10^(4 - i): the unit of the last kept decimal digit inside a base-10000
// digit when i decimal digits of it are kept.
constexpr int32_t kRoundPowers[kDecDigits] = {0, 1000, 100, 10};

// Index of the digit of `var` with weight `weight`, or the digit value 0 if outside.
int32_t DigitAtWeight(const DecimalVar& var, int weight) {
  const int index = var.weight - weight;
  if (index < 0 || index >= static_cast<int>(var.digits.size())) return 0;
  return var.digits[static_cast<size_t>(index)];
}

// Weight of the last digit, i.e. the power of 10000 of the least significant stored digit.
int LowWeight(const DecimalVar& var) {
  return var.weight - static_cast<int>(var.digits.size()) + 1;
}

// |left| + |right|; sign left to the caller.
DecimalVar AddAbs(const DecimalVar& left, const DecimalVar& right) {
  if (left.IsZero() || right.IsZero()) {
    DecimalVar result = left.IsZero() ? right : left;
    result.negative = false;
    result.dscale = std::max(left.dscale, right.dscale);
    return result;
  }
  DecimalVar result;
  result.dscale = std::max(left.dscale, right.dscale);
  const int high = std::max(left.weight, right.weight) + 1;  // room for the final carry
  const int low = std::min(LowWeight(left), LowWeight(right));
  result.weight = high;
  result.digits.assign(static_cast<size_t>(high - low + 1), 0);
  int32_t carry = 0;
  for (int weight = low; weight <= high; ++weight) {
    int32_t sum = DigitAtWeight(left, weight) + DigitAtWeight(right, weight) + carry;
    carry = sum >= kNbase ? 1 : 0;
    if (carry) sum -= kNbase;
    result.digits[static_cast<size_t>(high - weight)] = sum;
  }
  Strip(result);
  return result;
}

// |left| - |right|, requiring |left| >= |right|.
DecimalVar SubAbs(const DecimalVar& left, const DecimalVar& right) {
  if (right.IsZero()) {
    DecimalVar result = left;
    result.negative = false;
    result.dscale = std::max(left.dscale, right.dscale);
    return result;
  }
  DecimalVar result;
  result.dscale = std::max(left.dscale, right.dscale);
  const int high = left.weight;
  const int low = std::min(LowWeight(left), LowWeight(right));
  result.weight = high;
  result.digits.assign(static_cast<size_t>(high - low + 1), 0);
  int32_t borrow = 0;
  for (int weight = low; weight <= high; ++weight) {
    int32_t difference = DigitAtWeight(left, weight) - DigitAtWeight(right, weight) - borrow;
    borrow = difference < 0 ? 1 : 0;
    if (borrow) difference += kNbase;
    result.digits[static_cast<size_t>(high - weight)] = difference;
  }
  Strip(result);
  return result;
}

// Signed sum of left and (right negated when `negate_right`), as add_var/sub_var dispatch.
DecimalVar AddSigned(const DecimalVar& left, const DecimalVar& right, bool negate_right) {
  const bool right_negative = negate_right ? !right.negative : right.negative;
  if (left.negative == right_negative) {
    DecimalVar result = AddAbs(left, right);
    result.negative = !result.IsZero() && left.negative;
    return result;
  }
  const int order = CompareAbs(left, right);
  if (order == 0) {
    DecimalVar zero;
    zero.dscale = std::max(left.dscale, right.dscale);
    return zero;
  }
  DecimalVar result = order > 0 ? SubAbs(left, right) : SubAbs(right, left);
  result.negative = order > 0 ? left.negative : right_negative;
  return result;
}

// Quotient of two nonnegative base-10000 integers (most significant digit first, divisor
// without leading zeros), by Knuth's Algorithm D (TAOCP vol. 2, 4.3.1). The quotient has
// dividend.size() - divisor.size() + 1 digits, possibly with leading zeros.
std::vector<int32_t> DivideDigits(std::vector<int32_t> dividend,
                                  const std::vector<int32_t>& divisor) {
  const size_t divisor_size = divisor.size();
  if (dividend.size() < divisor_size) return {};
  const size_t quotient_size = dividend.size() - divisor_size + 1;
  std::vector<int32_t> quotient(quotient_size, 0);

  if (divisor_size == 1) {
    // Short division: one pass with a running remainder.
    int64_t remainder = 0;
    for (size_t i = 0; i < dividend.size(); ++i) {
      const int64_t current = remainder * kNbase + dividend[i];
      quotient[i] = static_cast<int32_t>(current / divisor[0]);
      remainder = current % divisor[0];
    }
    return quotient;
  }

  // D1: normalize so that the divisor's first digit is at least kNbase / 2, which bounds the
  // trial quotient's error to 2.
  const int32_t factor = kNbase / (divisor[0] + 1);
  std::vector<int32_t> v(divisor);
  std::vector<int32_t> u(dividend.size() + 1, 0);
  {
    int32_t carry = 0;
    for (size_t i = divisor_size; i-- > 0;) {
      const int32_t product = v[i] * factor + carry;
      v[i] = product % kNbase;
      carry = product / kNbase;
    }
    carry = 0;
    for (size_t i = dividend.size(); i-- > 0;) {
      const int32_t product = dividend[i] * factor + carry;
      u[i + 1] = product % kNbase;
      carry = product / kNbase;
    }
    u[0] = carry;
  }

  for (size_t j = 0; j < quotient_size; ++j) {
    // D3: estimate the quotient digit from the top two digits of the remainder.
    const int64_t top = static_cast<int64_t>(u[j]) * kNbase + u[j + 1];
    int64_t qhat = top / v[0];
    int64_t rhat = top % v[0];
    while (qhat >= kNbase || qhat * v[1] > rhat * kNbase + u[j + 2]) {
      --qhat;
      rhat += v[0];
      if (rhat >= kNbase) break;
    }
    // D4: multiply and subtract.
    int64_t borrow = 0;
    int64_t carry = 0;
    for (size_t i = divisor_size; i-- > 0;) {
      const int64_t product = qhat * v[i] + carry;
      carry = product / kNbase;
      int64_t difference = u[j + i + 1] - product % kNbase - borrow;
      borrow = difference < 0 ? 1 : 0;
      if (borrow) difference += kNbase;
      u[j + i + 1] = static_cast<int32_t>(difference);
    }
    int64_t head = u[j] - carry - borrow;
    if (head < 0) {
      // D6: the estimate was one too large; add the divisor back.
      --qhat;
      int32_t add_carry = 0;
      for (size_t i = divisor_size; i-- > 0;) {
        int32_t sum = u[j + i + 1] + v[i] + add_carry;
        add_carry = sum >= kNbase ? 1 : 0;
        if (add_carry) sum -= kNbase;
        u[j + i + 1] = sum;
      }
      head += add_carry;
    }
    u[j] = static_cast<int32_t>(head);
    quotient[j] = static_cast<int32_t>(qhat);
  }
  return quotient;
}

}  // namespace

void Strip(DecimalVar& var) {
  auto& digits = var.digits;
  size_t leading = 0;
  while (leading < digits.size() && digits[leading] == 0) ++leading;
  if (leading == digits.size()) {
    digits.clear();
    var.weight = 0;
    var.negative = false;
    return;
  }
  size_t end = digits.size();
  while (digits[end - 1] == 0) --end;
  digits.erase(digits.begin() + static_cast<std::ptrdiff_t>(end), digits.end());
  digits.erase(digits.begin(), digits.begin() + static_cast<std::ptrdiff_t>(leading));
  var.weight -= static_cast<int>(leading);
}

int CompareAbs(const DecimalVar& left, const DecimalVar& right) {
  if (left.IsZero() || right.IsZero()) {
    if (left.IsZero() && right.IsZero()) return 0;
    return left.IsZero() ? -1 : 1;
  }
  if (left.weight != right.weight) return left.weight < right.weight ? -1 : 1;
  const size_t common = std::min(left.digits.size(), right.digits.size());
  for (size_t i = 0; i < common; ++i) {
    if (left.digits[i] != right.digits[i]) return left.digits[i] < right.digits[i] ? -1 : 1;
  }
  if (left.digits.size() == right.digits.size()) return 0;
  // Stripped values have no trailing zero digits, so the longer one is larger.
  return left.digits.size() < right.digits.size() ? -1 : 1;
}

int CompareVar(const DecimalVar& left, const DecimalVar& right) {
  const bool left_negative = left.negative && !left.IsZero();
  const bool right_negative = right.negative && !right.IsZero();
  if (left_negative != right_negative) return left_negative ? -1 : 1;
  const int order = CompareAbs(left, right);
  return left_negative ? -order : order;
}

DecimalVar AddVar(const DecimalVar& left, const DecimalVar& right) {
  return AddSigned(left, right, false);
}

DecimalVar SubVar(const DecimalVar& left, const DecimalVar& right) {
  return AddSigned(left, right, true);
}

DecimalVar MulVar(const DecimalVar& left, const DecimalVar& right, int rscale) {
  DecimalVar result;
  if (left.IsZero() || right.IsZero()) {
    result.dscale = rscale;
    return result;
  }
  const size_t left_size = left.digits.size();
  const size_t right_size = right.digits.size();
  // Column sums fit in int64: each product is below 10^8 and there are at most
  // min(left_size, right_size) of them per column.
  std::vector<int64_t> columns(left_size + right_size, 0);
  for (size_t i = 0; i < left_size; ++i) {
    const int64_t digit = left.digits[i];
    if (digit == 0) continue;
    for (size_t j = 0; j < right_size; ++j) columns[i + j + 1] += digit * right.digits[j];
  }
  result.digits.assign(columns.size(), 0);
  int64_t carry = 0;
  for (size_t i = columns.size(); i-- > 0;) {
    const int64_t value = columns[i] + carry;
    result.digits[i] = static_cast<int32_t>(value % kNbase);
    carry = value / kNbase;
  }
  result.weight = left.weight + right.weight + 1;
  result.negative = left.negative != right.negative;
  result.dscale = left.dscale + right.dscale;
  Strip(result);
  RoundVar(result, rscale);
  return result;
}

DecimalVar DivVar(const DecimalVar& left, const DecimalVar& right, int rscale, bool round) {
  DecimalVar result;
  if (left.IsZero()) {
    result.dscale = rscale;
    return result;
  }
  // Fractional base-10000 digits to produce: enough for rscale, plus a guard digit so that
  // rounding the truncated quotient equals rounding the exact one.
  const int fraction_digits = (rscale + kDecDigits - 1) / kDecDigits + (round ? 1 : 0);
  // left = L * 10000^low_left, right = R * 10000^low_right with integers L and R, so the
  // truncated quotient is floor(L * 10000^shift / R) * 10000^-fraction_digits.
  const int shift = LowWeight(left) - LowWeight(right) + fraction_digits;
  std::vector<int32_t> dividend = left.digits;
  if (shift >= 0) {
    dividend.resize(dividend.size() + static_cast<size_t>(shift), 0);
  } else if (static_cast<size_t>(-shift) >= dividend.size()) {
    dividend.clear();
  } else {
    dividend.resize(dividend.size() - static_cast<size_t>(-shift));
  }
  result.digits = DivideDigits(std::move(dividend), right.digits);
  result.weight = static_cast<int>(result.digits.size()) - 1 - fraction_digits;
  result.negative = left.negative != right.negative;
  result.dscale = rscale;
  Strip(result);
  if (round) {
    RoundVar(result, rscale);
  } else {
    TruncVar(result, rscale);
  }
  return result;
}

DecimalVar ModVar(const DecimalVar& left, const DecimalVar& right) {
  const DecimalVar quotient = DivVar(left, right, 0, false);
  const DecimalVar product = MulVar(right, quotient, right.dscale);
  return SubVar(left, product);
}

int SelectDivScale(const DecimalVar& left, const DecimalVar& right) {
  const int left_weight = left.IsZero() ? 0 : left.weight;
  const int right_weight = right.IsZero() ? 0 : right.weight;
  const int32_t left_first = left.IsZero() ? 0 : left.digits[0];
  const int32_t right_first = right.IsZero() ? 0 : right.digits[0];
  // Estimated weight of the quotient; when the first digits are equal, assume left < right.
  int quotient_weight = left_weight - right_weight;
  if (left_first <= right_first) --quotient_weight;
  int rscale = kMinSigDigits - quotient_weight * kDecDigits;
  rscale = std::max({rscale, left.dscale, right.dscale, 0});
  return std::min(rscale, kMaxDisplayScale);
}

void RoundVar(DecimalVar& var, int rscale) {
  var.dscale = rscale;
  int wanted = (var.weight + 1) * kDecDigits + rscale;  // decimal digits to keep
  if (wanted < 0 || var.IsZero()) {
    var.digits.clear();
    var.weight = 0;
    var.negative = false;
    return;
  }
  int keep = (wanted + kDecDigits - 1) / kDecDigits;  // base-10000 digits to keep
  const int within_last = wanted % kDecDigits;
  auto& digits = var.digits;
  const int size = static_cast<int>(digits.size());
  if (!(keep < size || (keep == size && within_last > 0))) return;

  int32_t carry = 0;
  int position = keep;  // digits before `position` are kept
  if (within_last == 0) {
    carry = digits[static_cast<size_t>(keep)] >= kNbase / 2 ? 1 : 0;
  } else {
    int32_t unit = kRoundPowers[within_last];
    --position;
    const int32_t extra = digits[static_cast<size_t>(position)] % unit;
    digits[static_cast<size_t>(position)] -= extra;
    if (extra >= unit / 2) {
      unit += digits[static_cast<size_t>(position)];
      if (unit >= kNbase) {
        unit -= kNbase;
        carry = 1;
      }
      digits[static_cast<size_t>(position)] = unit;
    }
  }
  digits.resize(static_cast<size_t>(keep));
  while (carry && position > 0) {
    --position;
    carry += digits[static_cast<size_t>(position)];
    if (carry >= kNbase) {
      digits[static_cast<size_t>(position)] = carry - kNbase;
      carry = 1;
    } else {
      digits[static_cast<size_t>(position)] = carry;
      carry = 0;
    }
  }
  if (carry) {
    // The carry ran off the most significant digit: a new leading digit 1.
    digits.insert(digits.begin(), 1);
    ++var.weight;
  }
  Strip(var);
}

void TruncVar(DecimalVar& var, int rscale) {
  var.dscale = rscale;
  const int wanted = (var.weight + 1) * kDecDigits + rscale;
  if (wanted <= 0 || var.IsZero()) {
    var.digits.clear();
    var.weight = 0;
    var.negative = false;
    return;
  }
  const int keep = (wanted + kDecDigits - 1) / kDecDigits;
  if (keep > static_cast<int>(var.digits.size())) return;
  var.digits.resize(static_cast<size_t>(keep));
  const int within_last = wanted % kDecDigits;
  if (within_last > 0) {
    int32_t& last = var.digits[static_cast<size_t>(keep - 1)];
    last -= last % kRoundPowers[within_last];
  }
  Strip(var);
}

}  // namespace granary::types::numeric_internal
