// CompiledPredicate: leading column comparisons of a filter, a comparison at a time over a
// batch's selection vector (compiled_predicate.hpp).
#include "executor/expr/compiled_predicate.hpp"

#include <cmath>

#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"

namespace granary::executor {
namespace {

using planner::BoundExpr;
using planner::BoundKind;
using planner::ComparisonKind;
using types::TypeId;
using types::Value;

bool IsIntegerLike(TypeId type) {
  switch (type) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
      return true;
    default:
      return false;
  }
}

// A cast that can never raise and keeps the payload as it is (integer widening,
// float4 -> float8), or date -> timestamp (handled by Conversion::kDateToTimestamp).
bool IsPlainWidening(TypeId from, TypeId to) {
  switch (to) {
    case TypeId::kInt4: return from == TypeId::kInt2;
    case TypeId::kInt8: return from == TypeId::kInt2 || from == TypeId::kInt4;
    case TypeId::kFloat8: return from == TypeId::kFloat4;
    default: return false;
  }
}

// float8_cmp_internal: NaN equals NaN and sorts above every number; -0 equals 0.
int CompareFloat(double left, double right) {
  if (std::isnan(left)) return std::isnan(right) ? 0 : 1;
  if (std::isnan(right)) return -1;
  if (left < right) return -1;
  return right < left ? 1 : 0;
}

bool Holds(ComparisonKind kind, int order) {
  switch (kind) {
    case ComparisonKind::kEqual: return order == 0;
    case ComparisonKind::kNotEqual: return order != 0;
    case ComparisonKind::kLess: return order < 0;
    case ComparisonKind::kLessEqual: return order <= 0;
    case ComparisonKind::kGreater: return order > 0;
    case ComparisonKind::kGreaterEqual: return order >= 0;
    case ComparisonKind::kNone: break;
  }
  return false;
}

enum class Fetch : uint8_t { kValue, kNull, kGeneral };

}  // namespace

void QualConjuncts(const BoundExpr& qual, std::vector<const BoundExpr*>& out) {
  if (qual.kind != BoundKind::kAnd) {
    out.push_back(&qual);
    return;
  }
  for (const planner::BoundExprPtr& arg : qual.args) QualConjuncts(*arg, out);
}

bool CompiledPredicate::CompileOperand(const BoundExpr& expr, TypeId compared, Operand& operand) {
  if (expr.type.id != compared) return false;
  switch (expr.kind) {
    case BoundKind::kColumn:
      operand = {Source::kColumn, Conversion::kNone, expr.index, compared, nullptr};
      return true;
    case BoundKind::kConstant:
      if (!expr.constant.is_null() && expr.constant.type() != compared) return false;
      operand = {Source::kConstant, Conversion::kNone, 0, compared, &expr.constant};
      return true;
    case BoundKind::kParam:
      operand = {Source::kParam, Conversion::kNone, expr.index, compared, nullptr};
      return true;
    case BoundKind::kCast: {
      const BoundExpr& inner = *expr.args[0];
      if (inner.kind != BoundKind::kColumn) return false;
      const TypeId from = inner.type.id;
      if (IsPlainWidening(from, compared)) {
        operand = {Source::kColumn, Conversion::kNone, inner.index, from, nullptr};
        return true;
      }
      if (from == TypeId::kDate && compared == TypeId::kTimestamp) {
        operand = {Source::kColumn, Conversion::kDateToTimestamp, inner.index, from, nullptr};
        return true;
      }
      return false;
    }
    default:
      return false;
  }
}

bool CompiledPredicate::CompileComparison(const BoundExpr& expr, Step& step) {
  if (expr.kind != BoundKind::kCall || expr.comparison == ComparisonKind::kNone || expr.args.size() != 2) {
    return false;
  }
  const TypeId compared = expr.args[0]->type.id;
  if (IsIntegerLike(compared)) {
    step.ordering = Ordering::kInteger;
  } else if (compared == TypeId::kFloat4 || compared == TypeId::kFloat8) {
    step.ordering = Ordering::kFloat;
  } else if (compared == TypeId::kNumeric) {
    step.ordering = Ordering::kNumeric;
  } else {
    return false;
  }
  step.comparison = expr.comparison;
  if (!CompileOperand(*expr.args[0], compared, step.left) || !CompileOperand(*expr.args[1], compared, step.right)) {
    return false;
  }
  return step.left.source == Source::kColumn || step.right.source == Source::kColumn;
}

std::optional<CompiledPredicate> CompiledPredicate::Compile(const BoundExpr& predicate) {
  std::vector<const BoundExpr*> conjuncts;
  QualConjuncts(predicate, conjuncts);
  CompiledPredicate compiled;
  size_t next = 0;
  for (; next < conjuncts.size(); ++next) {
    Step step;
    if (!CompileComparison(*conjuncts[next], step)) break;
    compiled.steps_.push_back(step);
  }
  if (compiled.steps_.empty()) return std::nullopt;
  compiled.residual_.assign(conjuncts.begin() + static_cast<std::ptrdiff_t>(next), conjuncts.end());
  return compiled;
}

namespace {

// The key a value is compared by, per ordering.
template <typename Key>
Fetch KeyOf(const Value& value, TypeId stored_type, bool date_to_timestamp, Key& key);

template <>
Fetch KeyOf<int64_t>(const Value& value, TypeId stored_type, bool date_to_timestamp, int64_t& key) {
  if (value.is_null()) return Fetch::kNull;
  if (value.type() != stored_type) return Fetch::kGeneral;
  const int64_t stored = value.AsInt();
  if (!date_to_timestamp) {
    key = stored;
    return Fetch::kValue;
  }
  // datetime_internal::TimestampFromDate, except that it raises past timestamp's range.
  namespace internal = types::datetime_internal;
  if (stored == types::kDateNegativeInfinity) {
    key = types::kTimestampNegativeInfinity;
  } else if (stored == types::kDateInfinity) {
    key = types::kTimestampInfinity;
  } else if (stored >= internal::kTimestampEndJulian - internal::kPostgresEpochJdate) {
    return Fetch::kGeneral;
  } else {
    key = stored * types::kMicrosecondsPerDay;
  }
  return Fetch::kValue;
}

template <>
Fetch KeyOf<double>(const Value& value, TypeId stored_type, bool /*date_to_timestamp*/, double& key) {
  if (value.is_null()) return Fetch::kNull;
  if (value.type() != stored_type) return Fetch::kGeneral;
  key = value.AsDouble();
  return Fetch::kValue;
}

template <>
Fetch KeyOf<const types::Numeric*>(const Value& value, TypeId stored_type, bool /*date_to_timestamp*/,
                                  const types::Numeric*& key) {
  if (value.is_null()) return Fetch::kNull;
  if (value.type() != stored_type) return Fetch::kGeneral;
  key = &value.AsNumeric();
  return Fetch::kValue;
}

int CompareKeys(int64_t left, int64_t right) {
  if (left < right) return -1;
  return right < left ? 1 : 0;
}
int CompareKeys(double left, double right) { return CompareFloat(left, right); }
int CompareKeys(const types::Numeric* left, const types::Numeric* right) { return left->Compare(*right); }

}  // namespace

std::vector<size_t> CompiledPredicate::StepColumns(size_t step) const {
  std::vector<size_t> columns;
  for (const Operand* operand : {&steps_[step].left, &steps_[step].right}) {
    if (operand->source == Source::kColumn) columns.push_back(operand->index);
  }
  return columns;
}

size_t CompiledPredicate::LeadingStepsReading(const std::vector<bool>& available) const {
  size_t count = 0;
  for (; count < steps_.size(); ++count) {
    for (const size_t column : StepColumns(count)) {
      if (column >= available.size() || !available[column]) return count;
    }
  }
  return count;
}

CompiledPredicate::ColumnTest CompiledPredicate::LeadingColumnTest(const ExecContext& context) const {
  ColumnTest test;
  if (steps_.empty() || steps_[0].ordering != Ordering::kInteger) return test;
  const Step& step = steps_[0];
  const bool column_left = step.left.source == Source::kColumn;
  const Operand& column = column_left ? step.left : step.right;
  const Operand& fixed = column_left ? step.right : step.left;
  if (fixed.source == Source::kColumn || column.conversion != Conversion::kNone) return test;
  const Value* value = fixed.source == Source::kConstant ? fixed.constant : nullptr;
  if (fixed.source == Source::kParam) {
    if (fixed.index >= context.params.size()) return test;
    value = &context.params[fixed.index];
  }
  switch (KeyOf<int64_t>(*value, fixed.stored_type, false, test.key)) {
    case Fetch::kGeneral: return test;
    case Fetch::kNull: test.kind = ColumnTest::Kind::kRejectsAll; return test;
    case Fetch::kValue: break;
  }
  test.kind = ColumnTest::Kind::kTest;
  test.column = column.index;
  test.stored_type = column.stored_type;
  test.comparison = step.comparison;
  if (!column_left) {  // `key < column` is `column > key`
    switch (step.comparison) {
      case ComparisonKind::kLess: test.comparison = ComparisonKind::kGreater; break;
      case ComparisonKind::kLessEqual: test.comparison = ComparisonKind::kGreaterEqual; break;
      case ComparisonKind::kGreater: test.comparison = ComparisonKind::kLess; break;
      case ComparisonKind::kGreaterEqual: test.comparison = ComparisonKind::kLessEqual; break;
      default: break;
    }
  }
  return test;
}

CompiledPredicate::Outcome CompiledPredicate::SelectCompiled(const Batch& batch, const ExecContext& context,
                                                             std::vector<uint32_t>& kept, size_t step_count) const {
  kept.resize(batch.row_count);
  for (size_t row = 0; row < batch.row_count; ++row) kept[row] = static_cast<uint32_t>(row);

  // The value an operand that is not a column has for the whole batch.
  auto fixed_value = [&](const Operand& operand) -> const Value* {
    if (operand.source == Source::kConstant) return operand.constant;
    if (operand.index >= context.params.size()) return nullptr;  // the tree raises 42P02
    return &context.params[operand.index];
  };

  // One comparison over the rows still kept, narrowing them in place.
  auto run = [&]<typename Key>(const Step& step, Key /*tag*/) -> Outcome {
    const Operand& left = step.left;
    const Operand& right = step.right;
    Key left_fixed{};
    Key right_fixed{};
    bool fixed_null = false;
    for (const auto& [operand, key] : {std::pair{&left, &left_fixed}, std::pair{&right, &right_fixed}}) {
      if (operand->source == Source::kColumn) continue;
      const Value* value = fixed_value(*operand);
      if (value == nullptr) return Outcome::kGeneral;
      // A parameter of another type is cast by the tree (which may raise).
      const Fetch fetch = KeyOf<Key>(*value, operand->stored_type, false, *key);
      if (fetch == Fetch::kGeneral) return Outcome::kGeneral;
      fixed_null = fixed_null || fetch == Fetch::kNull;
    }
    if (fixed_null) {  // NULL for every row: none is kept
      kept.clear();
      return Outcome::kDecided;
    }
    size_t out = 0;
    const Column* left_column = left.source == Source::kColumn ? &batch.columns[left.index] : nullptr;
    const Column* right_column = right.source == Source::kColumn ? &batch.columns[right.index] : nullptr;
    const bool left_converts = left.conversion == Conversion::kDateToTimestamp;
    const bool right_converts = right.conversion == Conversion::kDateToTimestamp;
    for (const uint32_t row : kept) {
      Key left_key = left_fixed;
      Key right_key = right_fixed;
      Fetch fetch = Fetch::kValue;
      if (left_column != nullptr) fetch = KeyOf<Key>((*left_column)[row], left.stored_type, left_converts, left_key);
      if (fetch == Fetch::kValue && right_column != nullptr) {
        fetch = KeyOf<Key>((*right_column)[row], right.stored_type, right_converts, right_key);
      }
      if (fetch == Fetch::kGeneral) return Outcome::kGeneral;
      if (fetch == Fetch::kNull) continue;
      if (Holds(step.comparison, CompareKeys(left_key, right_key))) kept[out++] = row;
    }
    kept.resize(out);
    return Outcome::kDecided;
  };

  for (size_t i = 0; i < steps_.size() && i < step_count; ++i) {
    const Step& step = steps_[i];
    Outcome outcome = Outcome::kDecided;
    switch (step.ordering) {
      case Ordering::kInteger: outcome = run(step, int64_t{}); break;
      case Ordering::kFloat: outcome = run(step, double{}); break;
      case Ordering::kNumeric: outcome = run(step, static_cast<const types::Numeric*>(nullptr)); break;
    }
    if (outcome == Outcome::kGeneral) return outcome;
    if (kept.empty()) break;
  }
  return Outcome::kDecided;
}

}  // namespace granary::executor
