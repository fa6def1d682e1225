// Aggregate states for count, sum, avg, min and max.
#include "types/functions/json_functions.hpp"
#include "types/json.hpp"
#include "types/functions/aggregate_functions.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

using Int128 = __int128;

Numeric NumericFromInt128(Int128 value) {
  if (value >= INT64_MIN && value <= INT64_MAX) return Numeric::FromInt64(static_cast<int64_t>(value));
  const bool negative = value < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(value) : value;
  std::string digits;
  while (magnitude > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  }
  return Numeric::Parse((negative ? "-" : "") + digits);
}

// string_agg(value, delimiter) over text or bytea: the non-NULL values joined, each but the first preceded by
// its row's delimiter (none when that is NULL); NULL when no value was added.
class StringAggState final : public AggregateState {
 public:
  explicit StringAggState(TypeId result) : result_(result) {}
  void Add(const Value& value) override { AddDelimited(value, Value::Null(TypeId::kText)); }
  void AddDelimited(const Value& value, const Value& delimiter) override {
    if (value.is_null()) return;
    if (started_ && !delimiter.is_null()) text_ += delimiter.AsString();
    text_ += value.AsString();
    started_ = true;
  }
  Value Finish() const override { return started_ ? Value::OfString(result_, text_) : Value::Null(result_); }

 private:
  TypeId result_;  // text, or bytea for string_agg(bytea, bytea)
  bool started_ = false;
  std::string text_;
};

class CountState final : public AggregateState {
 public:
  explicit CountState(bool star) : star_(star) {}
  void Add(const Value& value) override {
    if (star_ || !value.is_null()) ++count_;
  }
  bool Remove(const Value& value) override {
    if (star_ || !value.is_null()) --count_;
    return true;
  }
  Value Finish() const override { return Value::Int8(count_); }
  bool Combine(const AggregateState& other) override {
    count_ += static_cast<const CountState&>(other).count_;
    return true;
  }

 private:
  bool star_;
  int64_t count_ = 0;
};

// sum/avg over integers accumulate exactly in 128 bits; sum(int2/int4) returns int8 as
// PostgreSQL does, raising 22003 when the total leaves int8's range.
class IntegerSumState final : public AggregateState {
 public:
  IntegerSumState(AggregateKind kind, TypeId result) : kind_(kind), result_(result) {}
  void Add(const Value& value) override {
    if (value.is_null()) return;
    sum_ += value.AsInt();
    ++count_;
  }
  bool Remove(const Value& value) override {
    if (value.is_null()) return true;
    sum_ -= value.AsInt();
    --count_;
    return true;
  }
  Value Finish() const override {
    if (count_ == 0) return Value::Null(result_);
    if (kind_ == AggregateKind::kAvg) {
      return Value::OfNumeric(NumericFromInt128(sum_).Divide(Numeric::FromInt64(count_)));
    }
    if (result_ == TypeId::kInt8) {
      if (sum_ > INT64_MAX || sum_ < INT64_MIN) {
        throw Error(sqlstate::kNumericValueOutOfRange, "bigint out of range");
      }
      return Value::Int8(static_cast<int64_t>(sum_));
    }
    return Value::OfNumeric(NumericFromInt128(sum_));
  }
  bool Combine(const AggregateState& other) override {
    const auto& partial = static_cast<const IntegerSumState&>(other);
    sum_ += partial.sum_;
    count_ += partial.count_;
    return true;
  }

 private:
  AggregateKind kind_;
  TypeId result_;
  Int128 sum_ = 0;
  int64_t count_ = 0;
};

// sum/avg over numeric: values that fit the 128-bit fast path (Numeric::TryScaled) are added
// into one integer count of 10^-scale units, in place, at the largest display scale seen;
// the others (NaN, infinities, values past 37 digits) and a count about to pass 10^37 go to
// an exact Numeric sum. Finish adds the two, so the result and its display scale are those of
// adding every value as a Numeric, as PostgreSQL's do_numeric_accum does (which also keeps
// its sum in a mutable accumulator, NumericSumAccum).
class NumericSumState final : public AggregateState {
 public:
  explicit NumericSumState(AggregateKind kind) : kind_(kind) {}
  void Add(const Value& value) override {
    if (value.is_null()) return;
    const types::Numeric& number = value.AsNumeric();
    if (!AddUnits(number)) sum_ = sum_.Add(number);
    Counted(number.Scale());
    special_ += number.IsNaN() || number.IsInfinite() ? 1 : 0;
  }
  bool AddScaled(Int128 units, int scale) override {
    if (!AddUnits(units, scale)) return false;
    Counted(scale);
    return true;
  }
  // As PostgreSQL's numeric inverse transition: the sum keeps the largest display scale seen,
  // so removing the last value of that scale (or a NaN/infinity) needs a new sum.
  bool Remove(const Value& value) override {
    if (value.is_null()) return true;
    const types::Numeric& number = value.AsNumeric();
    if (special_ > 0 || (number.Scale() == max_scale_ && max_scale_count_ == 1)) return false;
    if (number.Scale() == max_scale_) --max_scale_count_;
    sum_ = sum_.Subtract(number);
    --count_;
    return true;
  }
  Value Finish() const override {
    if (count_ == 0) return Value::Null(TypeId::kNumeric);
    const Numeric total = sum_.Add(Numeric::FromScaled(units_, units_scale_));
    if (kind_ == AggregateKind::kAvg) return Value::OfNumeric(total.Divide(Numeric::FromInt64(count_)));
    return Value::OfNumeric(total);
  }
  // The sum of both (exact, at the larger display scale, as adding every value here would
  // give); the counts behind Remove's rule and avg add up.
  bool Combine(const AggregateState& other) override {
    const auto& partial = static_cast<const NumericSumState&>(other);
    if (partial.count_ == 0) return true;
    if (!AddUnits(partial.units_, partial.units_scale_)) {
      sum_ = sum_.Add(Numeric::FromScaled(partial.units_, partial.units_scale_));
    }
    sum_ = sum_.Add(partial.sum_);
    if (count_ == 0 || partial.max_scale_ > max_scale_) {
      max_scale_ = partial.max_scale_;
      max_scale_count_ = partial.max_scale_count_;
    } else if (partial.max_scale_ == max_scale_) {
      max_scale_count_ += partial.max_scale_count_;
    }
    count_ += partial.count_;
    special_ += partial.special_;
    return true;
  }

 private:
  // |units_| stays below 10^37, so adding a count below 10^37 cannot overflow.
  static constexpr Int128 kUnitsLimit = static_cast<Int128>(10'000'000'000'000'000'000ULL) *
                                        static_cast<Int128>(1'000'000'000'000'000'000ULL);  // 10^37

  // Moves units_ into sum_ (exactly) and starts the count again at `scale`.
  void FoldUnits(int scale) {
    if (units_ != 0) sum_ = sum_.Add(Numeric::FromScaled(units_, units_scale_));
    if (units_scale_ > sum_.Scale()) sum_ = sum_.Add(Numeric::FromScaled(0, units_scale_));
    units_ = 0;
    units_scale_ = scale;
  }
  // One more value of display scale `scale` counted (for Remove's rule and avg).
  void Counted(int scale) {
    ++count_;
    if (count_ == 1 || scale > max_scale_) {
      max_scale_ = scale;
      max_scale_count_ = 0;
    }
    if (scale == max_scale_) ++max_scale_count_;
  }
  // Brings units_ to `scale` when that is larger: rescaled, or folded into sum_ when that
  // could overflow.
  void RaiseUnitsScale(int scale) {
    if (scale <= units_scale_) return;
    Int128 factor = 1;
    for (int i = units_scale_; i < scale; ++i) factor *= 10;
    const Int128 magnitude = units_ < 0 ? -units_ : units_;
    if (magnitude < kUnitsLimit / factor) {
      units_ *= factor;
      units_scale_ = scale;
    } else {
      FoldUnits(scale);
    }
  }
  // Adds `number` to units_ when it fits; false leaves it to the caller's Numeric sum.
  bool AddUnits(const Numeric& number) {
    if (number.Scale() > Numeric::kMaxFastScale) return false;
    RaiseUnitsScale(number.Scale());
    const std::optional<Int128> units = number.TryScaled(units_scale_);
    if (!units) return false;
    return AddAtUnitsScale(*units);
  }
  // Adds units * 10^-scale (scale <= kMaxFastScale) when it fits below 10^37 at units_scale_.
  bool AddUnits(Int128 units, int scale) {
    RaiseUnitsScale(scale);
    const int shift = units_scale_ - scale;
    Int128 limit = kUnitsLimit;
    for (int i = 0; i < shift; ++i) limit /= 10;
    if ((units < 0 ? -units : units) >= limit) return false;
    for (int i = 0; i < shift; ++i) units *= 10;
    return AddAtUnitsScale(units);
  }
  // Adds a count at units_scale_ below 10^37 in magnitude.
  bool AddAtUnitsScale(Int128 units) {
    Int128 total = units_ + units;
    if (total >= kUnitsLimit || total <= -kUnitsLimit) {
      FoldUnits(units_scale_);
      total = units;
    }
    units_ = total;
    return true;
  }

  AggregateKind kind_;
  Numeric sum_;
  Int128 units_ = 0;    // the fast path's part of the sum, in 10^-units_scale_ units
  int units_scale_ = 0;
  int64_t count_ = 0;
  int max_scale_ = 0;
  int64_t max_scale_count_ = 0;
  int64_t special_ = 0;
};

class FloatSumState final : public AggregateState {
 public:
  FloatSumState(AggregateKind kind, TypeId result) : kind_(kind), result_(result) {}
  void Add(const Value& value) override {
    if (value.is_null()) return;
    sum_ += value.AsDouble();
    ++count_;
  }
  Value Finish() const override {
    if (count_ == 0) return Value::Null(result_);
    if (kind_ == AggregateKind::kAvg) return Value::Float8(sum_ / static_cast<double>(count_));
    return result_ == TypeId::kFloat4 ? Value::Float4(sum_) : Value::Float8(sum_);
  }
  // As PostgreSQL's float8_combine: the partial sums are added, so the rounding (and the
  // last digits of the result) may differ from a serial run's.
  bool Combine(const AggregateState& other) override {
    const auto& partial = static_cast<const FloatSumState&>(other);
    sum_ += partial.sum_;
    count_ += partial.count_;
    return true;
  }

 private:
  AggregateKind kind_;
  TypeId result_;
  double sum_ = 0;
  int64_t count_ = 0;
};

// bool_and / every and bool_or: NULL until a non-NULL input; counts of true and false
// inputs so that a window frame can remove them again (PostgreSQL's bool_accum_inv).
class BoolState final : public AggregateState {
 public:
  explicit BoolState(bool conjunction) : conjunction_(conjunction) {}
  void Add(const Value& value) override {
    if (value.is_null()) return;
    ++(value.AsBool() ? true_count_ : false_count_);
  }
  bool Remove(const Value& value) override {
    if (value.is_null()) return true;
    --(value.AsBool() ? true_count_ : false_count_);
    return true;
  }
  Value Finish() const override {
    if (true_count_ + false_count_ == 0) return Value::Null(TypeId::kBool);
    return Value::Bool(conjunction_ ? false_count_ == 0 : true_count_ > 0);
  }
  bool Combine(const AggregateState& other) override {
    const auto& partial = static_cast<const BoolState&>(other);
    true_count_ += partial.true_count_;
    false_count_ += partial.false_count_;
    return true;
  }

 private:
  bool conjunction_;
  int64_t true_count_ = 0;
  int64_t false_count_ = 0;
};

// var_pop, var_samp (variance), stddev_pop, stddev_samp (stddev) of integers and numeric:
// exact sums of x and x * x, and PostgreSQL's numeric_stddev_internal at the end (so the
// result's scale is PostgreSQL's: the division's select_div_scale).
class NumericVarianceState final : public AggregateState {
 public:
  explicit NumericVarianceState(AggregateKind kind) : kind_(kind) {}
  void Add(const Value& value) override {
    if (value.is_null()) return;
    const Numeric number = value.type() == TypeId::kNumeric ? value.AsNumeric() : Numeric::FromInt64(value.AsInt());
    if (number.IsNaN() || number.IsInfinite()) {
      ++special_;
      return;
    }
    sum_ = sum_.Add(number);
    sum_squares_ = sum_squares_.Add(number.Multiply(number));
    ++count_;
  }
  Value Finish() const override {
    const bool sample = kind_ == AggregateKind::kVarSamp || kind_ == AggregateKind::kStddevSamp;
    const int64_t total = count_ + special_;
    if (total == 0 || (sample && total <= 1)) return Value::Null(TypeId::kNumeric);
    if (special_ > 0) return Value::OfNumeric(Numeric::NaN());
    const Numeric n = Numeric::FromInt64(count_);
    const Numeric numerator = n.Multiply(sum_squares_).Subtract(sum_.Multiply(sum_));
    if (numerator.IsNegative() || numerator.IsZero()) return Value::OfNumeric(Numeric::FromInt64(0));
    const Numeric denominator = n.Multiply(sample ? Numeric::FromInt64(count_ - 1) : n);
    const Numeric variance = numerator.Divide(denominator);
    if (kind_ == AggregateKind::kVarPop || kind_ == AggregateKind::kVarSamp) return Value::OfNumeric(variance);
    return Value::OfNumeric(variance.SquareRoot(variance.Scale()));
  }

 private:
  AggregateKind kind_;
  Numeric sum_;
  Numeric sum_squares_;
  int64_t count_ = 0;
  int64_t special_ = 0;  // NaN and infinite inputs: the result is NaN
};

// The same over float4/float8, with PostgreSQL's float8_accum (Youngs-Cramer: N, Sx and the
// sum of squared differences Sxx, updated per value) so results match to the last bit.
class FloatVarianceState final : public AggregateState {
 public:
  explicit FloatVarianceState(AggregateKind kind) : kind_(kind) {}
  void Add(const Value& value) override {
    if (value.is_null()) return;
    const double x = value.AsDouble();
    const double previous_n = n_;
    const double previous_sum = sum_;
    n_ += 1.0;
    sum_ += x;
    if (previous_n > 0.0) {
      const double difference = x * n_ - sum_;
      sum_squares_ += difference * difference / (n_ * previous_n);
      if (std::isinf(sum_) || std::isinf(sum_squares_)) {
        if (!std::isinf(previous_sum) && !std::isinf(x)) {
          throw Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
        }
        sum_squares_ = std::nan("");
      }
    } else if (std::isnan(x) || std::isinf(x)) {
      sum_squares_ = std::nan("");
    }
  }
  Value Finish() const override {
    const bool sample = kind_ == AggregateKind::kVarSamp || kind_ == AggregateKind::kStddevSamp;
    if (n_ == 0.0 || (sample && n_ <= 1.0)) return Value::Null(TypeId::kFloat8);
    const double variance = sum_squares_ / (sample ? n_ - 1.0 : n_);
    if (kind_ == AggregateKind::kVarPop || kind_ == AggregateKind::kVarSamp) return Value::Float8(variance);
    return Value::Float8(std::sqrt(variance));
  }

 private:
  AggregateKind kind_;
  double n_ = 0;
  double sum_ = 0;
  double sum_squares_ = 0;
};

// The regression family over (Y, X) pairs with both non-NULL: PostgreSQL's float8_regr_accum
// (Youngs-Cramer: N, Sx, Sy and the sums of squared and crossed differences Sxx, Syy, Sxy,
// updated per pair) and its final functions, so results match to the last bit. Rows leaving
// a window frame cannot be removed (PostgreSQL has no inverse either).
class RegressionState final : public AggregateState {
 public:
  explicit RegressionState(AggregateKind kind) : kind_(kind) {}
  void Add(const Value& value) override { AddDelimited(value, Value::Null()); }
  void AddDelimited(const Value& y_value, const Value& x_value) override {
    if (y_value.is_null() || x_value.is_null()) return;
    const double y = y_value.AsDouble();
    const double x = x_value.AsDouble();
    const double previous_n = n_;
    const double previous_sx = sx_;
    const double previous_sy = sy_;
    n_ += 1.0;
    sx_ += x;
    sy_ += y;
    if (previous_n > 0.0) {
      const double dx = x * n_ - sx_;
      const double dy = y * n_ - sy_;
      const double scale = 1.0 / (n_ * previous_n);
      sxx_ += dx * dx * scale;
      syy_ += dy * dy * scale;
      sxy_ += dx * dy * scale;
      if (std::isinf(sx_) || std::isinf(sxx_) || std::isinf(sy_) || std::isinf(syy_) || std::isinf(sxy_)) {
        // Overflow is an error only when finite inputs lead to infinite sums; infinite
        // inputs make the dependent sums NaN.
        if (((std::isinf(sx_) || std::isinf(sxx_)) && !std::isinf(previous_sx) && !std::isinf(x)) ||
            ((std::isinf(sy_) || std::isinf(syy_)) && !std::isinf(previous_sy) && !std::isinf(y)) ||
            (std::isinf(sxy_) && !std::isinf(previous_sx) && !std::isinf(x) && !std::isinf(previous_sy) &&
             !std::isinf(y))) {
          throw Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
        }
        if (std::isinf(sxx_)) sxx_ = std::nan("");
        if (std::isinf(syy_)) syy_ = std::nan("");
        if (std::isinf(sxy_)) sxy_ = std::nan("");
      }
    } else {
      // A first input that is infinite or NaN makes the dependent sums NaN (not zero).
      if (std::isnan(x) || std::isinf(x)) sxx_ = sxy_ = std::nan("");
      if (std::isnan(y) || std::isinf(y)) syy_ = sxy_ = std::nan("");
    }
  }
  Value Finish() const override {
    if (kind_ == AggregateKind::kRegrCount) return Value::Int8(static_cast<int64_t>(n_));
    const Value null = Value::Null(TypeId::kFloat8);
    if (n_ < 1.0) return null;
    switch (kind_) {
      case AggregateKind::kRegrSxx: return Value::Float8(sxx_);
      case AggregateKind::kRegrSyy: return Value::Float8(syy_);
      case AggregateKind::kRegrSxy: return Value::Float8(sxy_);
      case AggregateKind::kRegrAvgX: return Value::Float8(sx_ / n_);
      case AggregateKind::kRegrAvgY: return Value::Float8(sy_ / n_);
      case AggregateKind::kCovarPop: return Value::Float8(sxy_ / n_);
      case AggregateKind::kCovarSamp:
        if (n_ < 2.0) return null;
        return Value::Float8(sxy_ / (n_ - 1.0));
      case AggregateKind::kCorr:
        if (sxx_ == 0 || syy_ == 0) return null;
        return Value::Float8(sxy_ / std::sqrt(sxx_ * syy_));
      case AggregateKind::kRegrR2:
        if (sxx_ == 0) return null;
        if (syy_ == 0) return Value::Float8(1.0);
        return Value::Float8((sxy_ * sxy_) / (sxx_ * syy_));
      case AggregateKind::kRegrSlope:
        if (sxx_ == 0) return null;
        return Value::Float8(sxy_ / sxx_);
      case AggregateKind::kRegrIntercept:
        if (sxx_ == 0) return null;
        return Value::Float8((sy_ - sx_ * sxy_ / sxx_) / n_);
      default: return null;
    }
  }

 private:
  AggregateKind kind_;
  double n_ = 0, sx_ = 0, sxx_ = 0, sy_ = 0, syy_ = 0, sxy_ = 0;
};

// The regression aggregates by name.
std::optional<AggregateKind> RegressionKind(std::string_view name) {
  static const std::pair<std::string_view, AggregateKind> kKinds[] = {
      {"regr_count", AggregateKind::kRegrCount}, {"regr_sxx", AggregateKind::kRegrSxx},
      {"regr_syy", AggregateKind::kRegrSyy},     {"regr_sxy", AggregateKind::kRegrSxy},
      {"regr_avgx", AggregateKind::kRegrAvgX},   {"regr_avgy", AggregateKind::kRegrAvgY},
      {"regr_r2", AggregateKind::kRegrR2},       {"regr_slope", AggregateKind::kRegrSlope},
      {"regr_intercept", AggregateKind::kRegrIntercept}, {"covar_pop", AggregateKind::kCovarPop},
      {"covar_samp", AggregateKind::kCovarSamp}, {"corr", AggregateKind::kCorr}};
  for (const auto& [known, kind] : kKinds) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

// Arguments the float8 regression aggregates accept: numbers (cast implicitly) and
// untyped literals.
bool TakesFloat8(TypeId type) { return type == TypeId::kUnknown || IsNumericCategory(type) || type == TypeId::kFloat4; }

class ExtremeState final : public AggregateState {
 public:
  ExtremeState(bool maximum, TypeId type) : maximum_(maximum), best_(Value::Null(type)) {}
  void Add(const Value& value) override {
    if (value.is_null()) return;
    if (best_.is_null()) {
      best_ = value;
      return;
    }
    const int order = Compare(value, best_);
    if (maximum_ ? order > 0 : order < 0) best_ = value;
  }
  Value Finish() const override { return best_; }
  // The caller installs the argument's collation, as for Add.
  bool Combine(const AggregateState& other) override {
    Add(static_cast<const ExtremeState&>(other).best_);
    return true;
  }

 private:
  bool maximum_;
  Value best_;
};

// array_agg(value): every input, NULLs included, in input order; NULL for no rows. Arrays as
// input stack into one more dimension (they must all have the same dimensions).
class ArrayAggState final : public AggregateState {
 public:
  explicit ArrayAggState(TypeId result) : result_(result) {}
  void Add(const Value& value) override { values_.push_back(value); }
  Value Finish() const override {
    if (values_.empty()) return Value::Null(result_);
    bool stacked = false;
    for (const Value& value : values_) stacked |= !value.is_null() && IsArray(value.type());
    if (stacked) {
      for (const Value& value : values_) {
        if (value.is_null()) {
          throw Error(sqlstate::kNullValueNotAllowed, "cannot accumulate null arrays");
        }
        if (value.AsArray().dimensions.empty()) {
          throw Error(sqlstate::kArraySubscriptError, "cannot accumulate empty arrays");
        }
      }
      return StackArrays(result_, values_);
    }
    return MakeArray(result_, std::vector<Value>(values_));
  }
  bool Remove(const Value& value) override {
    if (values_.empty()) return false;
    values_.erase(values_.begin());
    return true;
  }

 private:
  TypeId result_;
  std::vector<Value> values_;
};

// json_agg / jsonb_agg: every input (NULL as JSON null) in input order; NULL for no rows.
// json_agg writes "[a, b]" with each value as to_json writes it (rows by their field names).
class JsonAggState final : public AggregateState {
 public:
  explicit JsonAggState(bool binary) : binary_(binary) {}
  void Add(const Value& value) override { values_.push_back(value); }
  Value Finish() const override {
    if (values_.empty()) return Value::Null(binary_ ? TypeId::kJsonb : TypeId::kJson);
    if (binary_) {
      std::vector<Value> elements;
      for (const Value& value : values_) elements.push_back(value);
      return JsonbBuildArray(elements);
    }
    std::string out = "[";
    for (size_t i = 0; i < values_.size(); ++i) {
      if (i > 0) out += ", ";
      if (values_[i].is_null()) {
        out += "null";
        continue;
      }
      // json_agg_transfn sets rows and arrays after the first on a line of their own.
      const TypeId type = values_[i].type();
      if (i > 0 && (type == TypeId::kRecord || (IsArray(type) && type != TypeId::kInt2Vector && type != TypeId::kOidVector))) {
        out += "\n ";
      }
      AppendValueAsJson(values_[i], out);
    }
    out += "]";
    return Value::OfString(TypeId::kJson, std::move(out));
  }
  bool Remove(const Value& value) override {
    if (values_.empty()) return false;
    values_.erase(values_.begin());
    return true;
  }

 private:
  bool binary_;
  std::vector<Value> values_;
};

// json_object_agg / jsonb_object_agg(key, value): a NULL key is an error; json_object_agg
// writes "{ "k" : v, ... }", jsonb_object_agg keeps the last value of a repeated key.
class JsonObjectAggState final : public AggregateState {
 public:
  explicit JsonObjectAggState(bool binary) : binary_(binary) {}
  void Add(const Value& value) override { AddDelimited(value, Value()); }
  void AddDelimited(const Value& key, const Value& value) override {
    if (key.is_null()) {
      throw Error(sqlstate::kInvalidParameterValue, "field name must not be null");
    }
    pairs_.emplace_back(key, value);
  }
  Value Finish() const override {
    if (pairs_.empty()) return Value::Null(binary_ ? TypeId::kJsonb : TypeId::kJson);
    std::vector<Value> arguments;
    for (const auto& [key, value] : pairs_) {
      arguments.push_back(key);
      arguments.push_back(value);
    }
    if (binary_) return JsonbBuildObject(arguments);
    std::string out = "{ ";
    for (size_t i = 0; i < pairs_.size(); ++i) {
      if (i > 0) out += ", ";
      const Value& key = pairs_[i].first;
      AppendJsonString(key.type() == TypeId::kBool ? (key.AsBool() ? "true" : "false") : ToText(key), out);
      out += " : ";
      if (pairs_[i].second.is_null()) {
        out += "null";
      } else {
        AppendValueAsJson(pairs_[i].second, out);
      }
    }
    out += " }";
    return Value::OfString(TypeId::kJson, std::move(out));
  }

 private:
  bool binary_;
  std::vector<std::pair<Value, Value>> pairs_;
};

}  // namespace

bool SecondArgumentIsValue(std::string_view name) {
  return name == "json_object_agg" || name == "jsonb_object_agg";
}

bool IsAggregateName(std::string_view name) {
  return name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max" ||
         name == "string_agg" || name == "array_agg" || name == "bool_and" || name == "bool_or" ||
         name == "every" || name == "var_pop" || name == "var_samp" || name == "variance" ||
         name == "stddev_pop" || name == "stddev_samp" || name == "stddev" || name == "json_agg" ||
         name == "jsonb_agg" || SecondArgumentIsValue(name) || RegressionKind(name).has_value();
}

bool IsOrderedSetAggregateName(std::string_view name) {
  return name == "percentile_cont" || name == "percentile_disc" || name == "mode";
}

bool IsHypotheticalSetAggregateName(std::string_view name) {
  return name == "rank" || name == "dense_rank" || name == "percent_rank" || name == "cume_dist";
}

bool TakesDelimiter(std::string_view name) {
  return name == "string_agg" || SecondArgumentIsValue(name) || RegressionKind(name).has_value();
}

std::optional<TypeId> SecondArgumentType(std::string_view name, TypeId first, TypeId second) {
  using enum TypeId;
  if (SecondArgumentIsValue(name)) return second == kUnknown ? kText : second;
  if (RegressionKind(name)) {
    if (!TakesFloat8(first) || !TakesFloat8(second)) return std::nullopt;
    return kFloat8;
  }
  if (name == "string_agg") {
    // string_agg(bytea, bytea) when either side is bytea, else string_agg(text, text).
    if (first == kBytea || (first == kUnknown && second == kBytea)) {
      if (second != kBytea && second != kUnknown) return std::nullopt;
      return kBytea;
    }
    if (!IsString(second) && second != kUnknown) return std::nullopt;
    return kText;
  }
  return std::nullopt;
}

std::optional<AggregateSignature> ResolveAggregate(std::string_view name, TypeId argument,
                                                   bool star) {
  using enum TypeId;
  if (name == "count") {
    return AggregateSignature{star ? AggregateKind::kCountStar : AggregateKind::kCount,
                              star ? kUnknown : argument, kInt8};
  }
  if (star) return std::nullopt;
  if (name == "sum" || name == "avg") {
    const AggregateKind kind = name == "sum" ? AggregateKind::kSum : AggregateKind::kAvg;
    switch (argument) {
      case kInt2:
      case kInt4:
        return AggregateSignature{kind, argument, kind == AggregateKind::kSum ? kInt8 : kNumeric};
      case kInt8:
      case kNumeric:
        return AggregateSignature{kind, argument, kNumeric};
      case kFloat8:
        return AggregateSignature{kind, kFloat8, kFloat8};
      case kFloat4:
        // sum(real) is real; avg(real) is double precision.
        return AggregateSignature{kind, kFloat4, kind == AggregateKind::kSum ? kFloat4 : kFloat8};
      default:
        return std::nullopt;
    }
  }
  if (const std::optional<AggregateKind> kind = RegressionKind(name)) {
    if (!TakesFloat8(argument)) return std::nullopt;
    return AggregateSignature{*kind, kFloat8, *kind == AggregateKind::kRegrCount ? kInt8 : kFloat8};
  }
  if (name == "string_agg") {
    if (argument == kBytea) return AggregateSignature{AggregateKind::kStringAgg, kBytea, kBytea};
    if (argument != kText && argument != kVarchar && argument != kBpchar && argument != kUnknown &&
        argument != kName && argument != kChar) {
      return std::nullopt;
    }
    return AggregateSignature{AggregateKind::kStringAgg, kText, kText};
  }
  if (name == "var_pop" || name == "var_samp" || name == "variance" || name == "stddev_pop" ||
      name == "stddev_samp" || name == "stddev") {
    const AggregateKind kind = name == "var_pop"      ? AggregateKind::kVarPop
                               : name == "stddev_pop" ? AggregateKind::kStddevPop
                               : name.starts_with("std") ? AggregateKind::kStddevSamp
                                                         : AggregateKind::kVarSamp;
    switch (argument) {
      case kInt2:
      case kInt4:
      case kInt8:
      case kNumeric:
        return AggregateSignature{kind, argument, kNumeric};
      case kFloat4:
      case kFloat8:
        return AggregateSignature{kind, kFloat8, kFloat8};
      default:
        return std::nullopt;
    }
  }
  if (name == "bool_and" || name == "every" || name == "bool_or") {
    if (argument != kBool && argument != kUnknown) return std::nullopt;
    return AggregateSignature{name == "bool_or" ? AggregateKind::kBoolOr : AggregateKind::kBoolAnd,
                              kBool, kBool};
  }
  if (name == "json_agg" || name == "jsonb_agg") {
    if (argument == kUnknown) argument = kText;
    return AggregateSignature{name == "json_agg" ? AggregateKind::kJsonAgg : AggregateKind::kJsonbAgg,
                              argument, name == "json_agg" ? kJson : kJsonb};
  }
  if (SecondArgumentIsValue(name)) {
    if (argument == kUnknown) argument = kText;
    return AggregateSignature{name == "json_object_agg" ? AggregateKind::kJsonObjectAgg
                                                        : AggregateKind::kJsonbObjectAgg,
                              argument, name == "json_object_agg" ? kJson : kJsonb};
  }
  if (name == "array_agg") {
    if (argument == kUnknown) argument = kText;
    // array_agg(anyarray) stacks arrays into an array of the same type.
    const std::optional<TypeId> result = IsArray(argument) ? std::optional<TypeId>(argument)
                                                           : ArrayTypeOf(argument);
    if (!result) return std::nullopt;
    return AggregateSignature{AggregateKind::kArrayAgg, argument, *result};
  }
  if (name == "min" || name == "max") {
    const AggregateKind kind = name == "min" ? AggregateKind::kMin : AggregateKind::kMax;
    if (argument == kUnknown) argument = kText;
    // PostgreSQL 15 has no min/max over uuid, json or jsonb.
    if (argument == kUuid || argument == kJson || argument == kJsonb) return std::nullopt;
    return AggregateSignature{kind, argument, argument};
  }
  return std::nullopt;
}

bool CanCombine(const AggregateSignature& signature) {
  switch (signature.kind) {
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
      // The states MakeAggregateState makes for numbers (the others have no Combine).
      return signature.argument == TypeId::kInt2 || signature.argument == TypeId::kInt4 ||
             signature.argument == TypeId::kInt8 || signature.argument == TypeId::kNumeric ||
             signature.argument == TypeId::kFloat4 || signature.argument == TypeId::kFloat8;
    case AggregateKind::kCountStar:
    case AggregateKind::kCount:
    case AggregateKind::kMin:
    case AggregateKind::kMax:
    case AggregateKind::kBoolAnd:
    case AggregateKind::kBoolOr:
      return true;
    default:
      return false;
  }
}

std::unique_ptr<AggregateState> MakeAggregateState(const AggregateSignature& signature) {
  switch (signature.kind) {
    case AggregateKind::kCountStar: return std::make_unique<CountState>(true);
    case AggregateKind::kCount: return std::make_unique<CountState>(false);
    case AggregateKind::kMin: return std::make_unique<ExtremeState>(false, signature.result);
    case AggregateKind::kMax: return std::make_unique<ExtremeState>(true, signature.result);
    case AggregateKind::kStringAgg: return std::make_unique<StringAggState>(signature.result);
    case AggregateKind::kRegrCount:
    case AggregateKind::kRegrSxx:
    case AggregateKind::kRegrSyy:
    case AggregateKind::kRegrSxy:
    case AggregateKind::kRegrAvgX:
    case AggregateKind::kRegrAvgY:
    case AggregateKind::kRegrR2:
    case AggregateKind::kRegrSlope:
    case AggregateKind::kRegrIntercept:
    case AggregateKind::kCovarPop:
    case AggregateKind::kCovarSamp:
    case AggregateKind::kCorr:
      return std::make_unique<RegressionState>(signature.kind);
    case AggregateKind::kJsonAgg: return std::make_unique<JsonAggState>(false);
    case AggregateKind::kJsonbAgg: return std::make_unique<JsonAggState>(true);
    case AggregateKind::kJsonObjectAgg: return std::make_unique<JsonObjectAggState>(false);
    case AggregateKind::kJsonbObjectAgg: return std::make_unique<JsonObjectAggState>(true);
    case AggregateKind::kBoolAnd: return std::make_unique<BoolState>(true);
    case AggregateKind::kBoolOr: return std::make_unique<BoolState>(false);
    case AggregateKind::kVarPop:
    case AggregateKind::kVarSamp:
    case AggregateKind::kStddevPop:
    case AggregateKind::kStddevSamp:
      if (signature.argument == TypeId::kFloat8) return std::make_unique<FloatVarianceState>(signature.kind);
      return std::make_unique<NumericVarianceState>(signature.kind);
    case AggregateKind::kArrayAgg: return std::make_unique<ArrayAggState>(signature.result);
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
      if (signature.argument == TypeId::kNumeric) return std::make_unique<NumericSumState>(signature.kind);
      if (signature.argument == TypeId::kFloat8 || signature.argument == TypeId::kFloat4) {
        return std::make_unique<FloatSumState>(signature.kind, signature.result);
      }
      return std::make_unique<IntegerSumState>(signature.kind, signature.result);
    case AggregateKind::kPercentileCont:
    case AggregateKind::kPercentileDisc:
    case AggregateKind::kMode:
    case AggregateKind::kHypotheticalRank:
    case AggregateKind::kHypotheticalDenseRank:
    case AggregateKind::kHypotheticalPercentRank:
    case AggregateKind::kHypotheticalCumeDist:
      return nullptr;
  }
  return nullptr;
}

// ---- The float transition and combine functions as SQL functions (PostgreSQL's
// float8_accum, float8_regr_accum, float8_combine, float8_regr_combine in float.c).

namespace {

// check_float8_array: a one-dimensional float8 array of `count` elements without NULLs;
// XX000 `name: expected 3-element float8 array` otherwise, as PostgreSQL reports it.
std::vector<double> TransitionValues(const Value& value, const char* name, size_t count) {
  const Array& array = value.AsArray();
  if (array.dimensions.size() != 1 || array.elements.size() != count || array.HasNulls()) {
    throw Error(sqlstate::kInternalError,
                std::string(name) + ": expected " + std::to_string(count) + "-element float8 array");
  }
  std::vector<double> values;
  for (const Value& element : array.elements) values.push_back(element.AsDouble());
  return values;
}

Value TransitionArray(const std::vector<double>& values) {
  std::vector<Value> elements;
  for (double value : values) elements.push_back(Value::Float8(value));
  return MakeArray(TypeId::kFloat8Array, std::move(elements));
}

[[noreturn]] void FloatOverflow() {
  throw Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
}

// float8_pl: an infinite sum of finite values is an overflow.
double AddChecked(double left, double right) {
  const double sum = left + right;
  if (std::isinf(sum) && !std::isinf(left) && !std::isinf(right)) FloatOverflow();
  return sum;
}

// The Youngs-Cramer merge of two sums of squared differences (float8_combine's formula).
double CombineSquares(double squares1, double squares2, double n1, double n2, double n, double mean_difference) {
  const double squares = squares1 + squares2 + n1 * n2 * mean_difference * mean_difference / n;
  if (std::isinf(squares) && !std::isinf(squares1) && !std::isinf(squares2)) FloatOverflow();
  return squares;
}

}  // namespace

Value Float8Accumulate(std::span<const Value> args) {
  std::vector<double> state = TransitionValues(args[0], "float8_accum", 3);
  const double x = args[1].AsDouble();
  const double previous_n = state[0];
  const double previous_sum = state[1];
  state[0] += 1.0;
  state[1] += x;
  if (previous_n > 0.0) {
    const double difference = x * state[0] - state[1];
    state[2] += difference * difference / (state[0] * previous_n);
    if (std::isinf(state[1]) || std::isinf(state[2])) {
      if (!std::isinf(previous_sum) && !std::isinf(x)) FloatOverflow();
      state[2] = std::nan("");
    }
  } else if (std::isnan(x) || std::isinf(x)) {
    state[2] = std::nan("");
  }
  return TransitionArray(state);
}

Value Float8RegressionAccumulate(std::span<const Value> args) {
  // [N, Sx, Sxx, Sy, Syy, Sxy] and the pair (Y, X), as the regression aggregates take it.
  std::vector<double> state = TransitionValues(args[0], "float8_regr_accum", 6);
  const double y = args[1].AsDouble();
  const double x = args[2].AsDouble();
  const double previous_n = state[0];
  const double previous_sx = state[1];
  const double previous_sy = state[3];
  double& n = state[0];
  double& sx = state[1];
  double& sxx = state[2];
  double& sy = state[3];
  double& syy = state[4];
  double& sxy = state[5];
  n += 1.0;
  sx += x;
  sy += y;
  if (previous_n > 0.0) {
    const double dx = x * n - sx;
    const double dy = y * n - sy;
    const double scale = 1.0 / (n * previous_n);
    sxx += dx * dx * scale;
    syy += dy * dy * scale;
    sxy += dx * dy * scale;
    if (std::isinf(sx) || std::isinf(sxx) || std::isinf(sy) || std::isinf(syy) || std::isinf(sxy)) {
      if (((std::isinf(sx) || std::isinf(sxx)) && !std::isinf(previous_sx) && !std::isinf(x)) ||
          ((std::isinf(sy) || std::isinf(syy)) && !std::isinf(previous_sy) && !std::isinf(y)) ||
          (std::isinf(sxy) && !std::isinf(previous_sx) && !std::isinf(x) && !std::isinf(previous_sy) &&
           !std::isinf(y))) {
        FloatOverflow();
      }
      if (std::isinf(sxx)) sxx = std::nan("");
      if (std::isinf(syy)) syy = std::nan("");
      if (std::isinf(sxy)) sxy = std::nan("");
    }
  } else {
    if (std::isnan(x) || std::isinf(x)) sxx = sxy = std::nan("");
    if (std::isnan(y) || std::isinf(y)) syy = sxy = std::nan("");
  }
  return TransitionArray(state);
}

Value Float8Combine(std::span<const Value> args) {
  const std::vector<double> first = TransitionValues(args[0], "float8_combine", 3);
  const std::vector<double> second = TransitionValues(args[1], "float8_combine", 3);
  if (first[0] == 0.0) return TransitionArray(second);
  if (second[0] == 0.0) return TransitionArray(first);
  const double n = first[0] + second[0];
  const double sum = AddChecked(first[1], second[1]);
  const double mean_difference = first[1] / first[0] - second[1] / second[0];
  return TransitionArray({n, sum, CombineSquares(first[2], second[2], first[0], second[0], n, mean_difference)});
}

Value Float8RegressionCombine(std::span<const Value> args) {
  const std::vector<double> first = TransitionValues(args[0], "float8_regr_combine", 6);
  const std::vector<double> second = TransitionValues(args[1], "float8_regr_combine", 6);
  if (first[0] == 0.0) return TransitionArray(second);
  if (second[0] == 0.0) return TransitionArray(first);
  const double n1 = first[0];
  const double n2 = second[0];
  const double n = n1 + n2;
  const double sx = AddChecked(first[1], second[1]);
  const double x_difference = first[1] / n1 - second[1] / n2;
  const double sxx = CombineSquares(first[2], second[2], n1, n2, n, x_difference);
  const double sy = AddChecked(first[3], second[3]);
  const double y_difference = first[3] / n1 - second[3] / n2;
  const double syy = CombineSquares(first[4], second[4], n1, n2, n, y_difference);
  const double sxy = first[5] + second[5] + n1 * n2 * x_difference * y_difference / n;
  if (std::isinf(sxy) && !std::isinf(first[5]) && !std::isinf(second[5])) FloatOverflow();
  return TransitionArray({n, sx, sxx, sy, syy, sxy});
}

}  // namespace granary::types
