// Three-way comparison and hashing of values, with PostgreSQL's btree semantics: float8 NaN
// sorts above every number and equals itself, -0 equals 0, numeric compares by value
// whatever the scale, strings compare bytewise as the "C" collation does (bpchar without
// its trailing spaces).
#include <cmath>
#include <cstring>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/enum.hpp"
#include "types/collation.hpp"
#include "types/json.hpp"
#include "types/array.hpp"
#include "types/bpchar.hpp"
#include "types/record.hpp"
#include "types/value_internal.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

template <typename T>
int ThreeWay(const T& left, const T& right) {
  if (left < right) return -1;
  return right < left ? 1 : 0;
}

// float8_cmp_internal.
int CompareFloat8(double left, double right) {
  if (std::isnan(left)) return std::isnan(right) ? 0 : 1;
  if (std::isnan(right)) return -1;
  return ThreeWay(left, right);
}

}  // namespace

int Compare(const Value& left, const Value& right) {
  const TypeId type = left.type();
  const bool both_strings = IsString(type) && IsString(right.type());
  if (right.type() != type && !both_strings) {
    throw Error(sqlstate::kUndefinedFunction,
                "operator does not exist: " + std::string(InfoOf(type).sql_name) + " = " +
                    std::string(InfoOf(right.type()).sql_name));
  }
  switch (type) {
    case TypeId::kBool:
      return ThreeWay(left.AsBool(), right.AsBool());
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:  // packed so that integer order is timetz_cmp's (types/time.hpp)
    case TypeId::kTid:
      return ThreeWay(left.AsInt(), right.AsInt());
    case TypeId::kInterval:
      return CompareIntervals(left.AsInterval(), right.AsInterval());
    case TypeId::kFloat8:
    case TypeId::kFloat4:
      return CompareFloat8(left.AsDouble(), right.AsDouble());
    case TypeId::kNumeric:
      return left.AsNumeric().Compare(right.AsNumeric());
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      // Under a function's input collation (collation.hpp's ScopedCollation).
      if (const uint32_t collation = ActiveCollation(); collation != 0) {
        return CompareStrings(left.AsString(), right.AsString(), collation);
      }
      [[fallthrough]];
    case TypeId::kBytea: {  // byteacmp: memcmp, then the shorter first
      // std::string::compare is memcmp, i.e. unsigned bytes, then length.
      const int order = left.AsString().compare(right.AsString());
      return order < 0 ? -1 : (order > 0 ? 1 : 0);
    }
    case TypeId::kBpchar: {  // bpcharcmp: trailing spaces are insignificant
      const int order = BpcharStripped(left.AsString()).compare(BpcharStripped(right.AsString()));
      return order < 0 ? -1 : (order > 0 ? 1 : 0);
    }
    case TypeId::kOid:
    case TypeId::kXid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
      return ThreeWay(left.AsInt(), right.AsInt());
    case TypeId::kJsonb:
      return CompareJsonb(JsonbNode(left), JsonbNode(right));
    case TypeId::kUuid:  // uuid_cmp: memcmp of the 16 bytes
    case TypeId::kJson:  // no ordering in PostgreSQL; bytewise where one is needed internally
    case TypeId::kName:
    case TypeId::kChar: {  // namecmp under "C", charlt on unsigned bytes
      const int order = left.AsString().compare(right.AsString());
      return order < 0 ? -1 : (order > 0 ? 1 : 0);
    }
    case TypeId::kRecord:
      return CompareRecords(left.AsRecord(), right.AsRecord());
    case TypeId::kEnum:  // enum_cmp: the labels' sort order
      return CompareEnum(left.AsInt(), right.AsInt());
    default:
      if (IsArray(type)) return CompareArrays(left.AsArray(), right.AsArray());
      break;
  }
  return 0;
}

int Compare(const Value& left, const Value& right, uint32_t collation) {
  if (collation != 0 && IsString(left.type()) && IsString(right.type())) {
    return CompareStrings(left.AsString(), right.AsString(), collation);
  }
  return Compare(left, right);
}

size_t Hash(const Value& value) {
  switch (value.type()) {
    case TypeId::kBool:
      return value_internal::HashInt64(value.AsBool() ? 1 : 0);
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
    case TypeId::kTid:
      return value_internal::HashInt64(value.AsInt());
    case TypeId::kInterval:
      return HashInterval(value.AsInterval());
    case TypeId::kFloat8:
    case TypeId::kFloat4: {
      double number = value.AsDouble();
      // Values that compare equal must hash equally: -0 = 0, and all NaNs are one value.
      if (number == 0.0) number = 0.0;
      if (std::isnan(number)) return value_internal::HashInt64(INT64_MAX);
      int64_t bits = 0;
      static_assert(sizeof(bits) == sizeof(number));
      std::memcpy(&bits, &number, sizeof(bits));
      return value_internal::HashInt64(bits);
    }
    case TypeId::kNumeric:
      return value.AsNumeric().Hash();
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kBytea:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kUuid:
    case TypeId::kJson:
      return value_internal::HashBytes(value.AsString());
    case TypeId::kBpchar:  // hashbpchar: equal values without their trailing spaces
      return value_internal::HashBytes(BpcharStripped(value.AsString()));
    case TypeId::kJsonb:
      return HashJsonb(JsonbNode(value));
    case TypeId::kOid:
    case TypeId::kXid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
    case TypeId::kEnum:  // one label, one oid
      return value_internal::HashInt64(value.AsInt());
    case TypeId::kRecord:
      return HashRecord(value.AsRecord());
    default:
      if (IsArray(value.type())) return HashArray(value.AsArray());
      break;
  }
  return 0;
}

}  // namespace granary::types
