// Arithmetic operators on values: PostgreSQL's int2/int4/int8 operators (overflow checked
// after every step), float8 operators (float.h's overflow/underflow rules), numeric
// operators, and date +/- integer and date - date.
#include <cmath>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/value_internal.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

using value_internal::CheckIntegerRange;
using value_internal::ThrowIntegerOutOfRange;

std::string_view OperatorSymbol(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return "+";
    case ArithmeticOp::kSubtract:
      return "-";
    case ArithmeticOp::kMultiply:
      return "*";
    case ArithmeticOp::kDivide:
      return "/";
    case ArithmeticOp::kModulo:
      return "%";
  }
  return "?";
}

[[noreturn]] void ThrowNoOperator(ArithmeticOp op, TypeId left, TypeId right) {
  throw Error(sqlstate::kUndefinedFunction,
              "operator does not exist: " + std::string(InfoOf(left).sql_name) + " " +
                  std::string(OperatorSymbol(op)) + " " + std::string(InfoOf(right).sql_name))
      .WithHint(
          "No operator matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

[[noreturn]] void ThrowDivisionByZero() {
  throw Error(sqlstate::kDivisionByZero, "division by zero");
}

int64_t IntegerArithmetic(ArithmeticOp op, int64_t left, int64_t right, TypeId type) {
  int64_t result = 0;
  switch (op) {
    case ArithmeticOp::kAdd:
      if (__builtin_add_overflow(left, right, &result)) ThrowIntegerOutOfRange(type);
      break;
    case ArithmeticOp::kSubtract:
      if (__builtin_sub_overflow(left, right, &result)) ThrowIntegerOutOfRange(type);
      break;
    case ArithmeticOp::kMultiply:
      if (__builtin_mul_overflow(left, right, &result)) ThrowIntegerOutOfRange(type);
      break;
    case ArithmeticOp::kDivide:
      if (right == 0) ThrowDivisionByZero();
      // Division by -1 is negation, whose only overflow is the type's minimum.
      if (right == -1) {
        if (__builtin_sub_overflow(int64_t{0}, left, &result)) ThrowIntegerOutOfRange(type);
      } else {
        result = left / right;
      }
      break;
    case ArithmeticOp::kModulo:
      if (right == 0) ThrowDivisionByZero();
      result = right == -1 ? 0 : left % right;  // avoids INT64_MIN % -1 trapping
      break;
  }
  return CheckIntegerRange(result, type);
}

[[noreturn]] void ThrowFloatOverflow() {
  throw Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
}

[[noreturn]] void ThrowFloatUnderflow() {
  throw Error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
}

// float8pl/mi/mul/div: an infinite result from finite inputs is an overflow, a zero result
// from nonzero inputs of * and / an underflow.
double Float8Arithmetic(ArithmeticOp op, double left, double right) {
  double result = 0;
  switch (op) {
    case ArithmeticOp::kAdd:
    case ArithmeticOp::kSubtract:
      result = op == ArithmeticOp::kAdd ? left + right : left - right;
      if (std::isinf(result) && !std::isinf(left) && !std::isinf(right)) ThrowFloatOverflow();
      break;
    case ArithmeticOp::kMultiply:
      result = left * right;
      if (std::isinf(result) && !std::isinf(left) && !std::isinf(right)) ThrowFloatOverflow();
      if (result == 0.0 && left != 0.0 && right != 0.0) ThrowFloatUnderflow();
      break;
    case ArithmeticOp::kDivide:
      if (right == 0.0 && !std::isnan(left)) ThrowDivisionByZero();
      result = left / right;
      if (std::isinf(result) && !std::isinf(left)) ThrowFloatOverflow();
      if (result == 0.0 && left != 0.0 && !std::isinf(right)) ThrowFloatUnderflow();
      break;
    case ArithmeticOp::kModulo:
      // PostgreSQL has no float8 % operator.
      ThrowNoOperator(op, TypeId::kFloat8, TypeId::kFloat8);
  }
  return result;
}

// float4pl/mi/mul/div compute in single precision, with float8's overflow rules at float range.
double Float4Arithmetic(ArithmeticOp op, double left_value, double right_value) {
  const float left = static_cast<float>(left_value);
  const float right = static_cast<float>(right_value);
  float result = 0;
  switch (op) {
    case ArithmeticOp::kAdd: result = left + right; break;
    case ArithmeticOp::kSubtract: result = left - right; break;
    case ArithmeticOp::kMultiply: result = left * right; break;
    case ArithmeticOp::kDivide:
      if (right == 0.0f && !std::isnan(left)) ThrowDivisionByZero();
      result = left / right;
      break;
    case ArithmeticOp::kModulo: ThrowNoOperator(op, TypeId::kFloat4, TypeId::kFloat4);
  }
  if (std::isinf(result) && !std::isinf(left) && !std::isinf(right)) ThrowFloatOverflow();
  if (result == 0.0f && left != 0.0f && (op == ArithmeticOp::kMultiply || op == ArithmeticOp::kDivide) &&
      right != 0.0f && !std::isinf(right)) {
    ThrowFloatUnderflow();
  }
  return result;
}

Numeric NumericArithmetic(ArithmeticOp op, const Numeric& left, const Numeric& right) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return left.Add(right);
    case ArithmeticOp::kSubtract:
      return left.Subtract(right);
    case ArithmeticOp::kMultiply:
      return left.Multiply(right);
    case ArithmeticOp::kDivide:
      return left.Divide(right);
    case ArithmeticOp::kModulo:
      return left.Modulo(right);
  }
  return left;
}

bool IsInfiniteDate(int64_t date) { return date == kDateInfinity || date == kDateNegativeInfinity; }

// date_pli / date_mii take an int4 day count.
int64_t DayCount(const Value& days) { return CheckIntegerRange(days.AsInt(), TypeId::kInt4); }

}  // namespace

Value Arithmetic(ArithmeticOp op, const Value& left, const Value& right) {
  const TypeId type = left.type();
  if (right.type() != type) ThrowNoOperator(op, type, right.type());
  switch (type) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return Value::OfInt(type, IntegerArithmetic(op, left.AsInt(), right.AsInt(), type));
    case TypeId::kFloat8:
      return Value::Float8(Float8Arithmetic(op, left.AsDouble(), right.AsDouble()));
    case TypeId::kFloat4:
      return Value::Float4(Float4Arithmetic(op, left.AsDouble(), right.AsDouble()));
    case TypeId::kNumeric:
      return Value::OfNumeric(NumericArithmetic(op, left.AsNumeric(), right.AsNumeric()));
    default:
      ThrowNoOperator(op, type, right.type());
  }
}

Value Negate(const Value& operand) {
  switch (operand.type()) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8: {
      int64_t result = 0;
      if (__builtin_sub_overflow(int64_t{0}, operand.AsInt(), &result)) {
        ThrowIntegerOutOfRange(operand.type());
      }
      return Value::OfInt(operand.type(), CheckIntegerRange(result, operand.type()));
    }
    case TypeId::kFloat8:
      return Value::Float8(-operand.AsDouble());
    case TypeId::kFloat4:
      return Value::Float4(-operand.AsDouble());
    case TypeId::kNumeric:
      return Value::OfNumeric(operand.AsNumeric().Negate());
    default:
      throw Error(sqlstate::kUndefinedFunction,
                  "operator does not exist: - " + std::string(InfoOf(operand.type()).sql_name));
  }
}

Value DatePlusDays(const Value& date, const Value& days) {
  return Value::Date(AddDays(static_cast<int32_t>(date.AsInt()), DayCount(days)));
}

Value DateMinusDays(const Value& date, const Value& days) {
  return Value::Date(AddDays(static_cast<int32_t>(date.AsInt()), -DayCount(days)));
}

Value DateMinusDate(const Value& left, const Value& right) {
  if (IsInfiniteDate(left.AsInt()) || IsInfiniteDate(right.AsInt())) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite dates");
  }
  return Value::Int4(left.AsInt() - right.AsInt());
}

}  // namespace granary::types
