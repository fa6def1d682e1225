// Value — one SQL datum in memory: its TypeId plus the payload, or NULL.
//
// Payload by type: bool -> bool; int2/int4/int8 -> int64_t (range kept by the type);
// float4 -> double (holding a float's value); tid -> int64_t (block << 16 | slot); date -> int64_t days since 2000-01-01; timestamp -> int64_t microseconds since
// 2000-01-01; timestamptz -> int64_t microseconds since 2000-01-01 UTC; interval -> Interval;
// float8 -> double; numeric -> Numeric; text/varchar/bpchar/unknown -> std::string (UTF-8);
// bytea -> std::string (raw bytes); oid, regclass, regtype, regproc -> int64_t; name and
// "char" -> std::string; arrays -> a shared immutable Array (types/array.hpp); record -> a
// shared immutable Record (types/record.hpp).
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>

#include "types/interval.hpp"
#include "types/numeric.hpp"
#include "types/type.hpp"

namespace granary::types {

class Array;   // types/array.hpp
struct Record; // types/record.hpp

class Value {
 public:
  Value() = default;  // NULL of unknown type

  static Value Null(TypeId type = TypeId::kUnknown) { return Value(type, std::monostate{}); }
  static Value Bool(bool value) { return Value(TypeId::kBool, value); }
  static Value Int2(int64_t value) { return Value(TypeId::kInt2, value); }
  static Value Int4(int64_t value) { return Value(TypeId::kInt4, value); }
  static Value Int8(int64_t value) { return Value(TypeId::kInt8, value); }
  static Value Float8(double value) { return Value(TypeId::kFloat8, value); }
  // A real: the value is rounded to float precision and kept as a double.
  static Value Float4(double value) {
    return Value(TypeId::kFloat4, static_cast<double>(static_cast<float>(value)));
  }
  static Value OfNumeric(Numeric value) { return Value(TypeId::kNumeric, std::move(value)); }
  static Value Text(std::string value) { return Value(TypeId::kText, std::move(value)); }
  static Value Varchar(std::string value) { return Value(TypeId::kVarchar, std::move(value)); }
  // character(n): the payload is already padded to the column's length (types/bpchar.hpp).
  static Value Bpchar(std::string value) { return Value(TypeId::kBpchar, std::move(value)); }
  static Value Bytea(std::string value) { return Value(TypeId::kBytea, std::move(value)); }
  static Value Unknown(std::string value) { return Value(TypeId::kUnknown, std::move(value)); }
  // A string-payload value of another type (name, "char").
  static Value OfString(TypeId type, std::string value) { return Value(type, std::move(value)); }
  static Value Date(int64_t days) { return Value(TypeId::kDate, days); }
  static Value Timestamp(int64_t microseconds) { return Value(TypeId::kTimestamp, microseconds); }
  static Value TimestampTz(int64_t microseconds) { return Value(TypeId::kTimestampTz, microseconds); }
  static Value OfInterval(Interval interval) { return Value(TypeId::kInterval, interval); }
  static Value Tid(uint32_t block, uint16_t slot) {
    return Value(TypeId::kTid, static_cast<int64_t>((static_cast<uint64_t>(block) << 16) | slot));
  }
  // An array value of the given array type (types/array.hpp).
  static Value OfArray(TypeId type, std::shared_ptr<const Array> array) {
    return Value(type, std::move(array));
  }
  // A record value (types/record.hpp).
  static Value OfRecord(std::shared_ptr<const Record> record) {
    return Value(TypeId::kRecord, std::move(record));
  }
  // An integer-payload value of the given integer/date/timestamp type.
  static Value OfInt(TypeId type, int64_t value) { return Value(type, value); }

  TypeId type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }

  // Accessors require the matching payload (checked by std::get).
  bool AsBool() const { return std::get<bool>(data_); }
  int64_t AsInt() const { return std::get<int64_t>(data_); }
  double AsDouble() const { return std::get<double>(data_); }
  const Numeric& AsNumeric() const { return std::get<Numeric>(data_); }
  const std::string& AsString() const { return std::get<std::string>(data_); }
  const Interval& AsInterval() const { return std::get<Interval>(data_); }
  const Array& AsArray() const { return *std::get<std::shared_ptr<const Array>>(data_); }
  const Record& AsRecord() const { return *std::get<std::shared_ptr<const Record>>(data_); }

  // Same value with another type tag (e.g. text -> varchar) when payloads agree.
  Value Retag(TypeId type) const {
    Value copy = *this;
    copy.type_ = type;
    return copy;
  }

  // Calls `visitor` with the payload (std::monostate for NULL, bool, int64_t, double,
  // std::string, Numeric, Interval, shared_ptr<const Array> or shared_ptr<const Record>), for
  // code that stores values byte for byte (the executor's temporary files).
  template <typename Visitor>
  decltype(auto) VisitPayload(Visitor&& visitor) const {
    return std::visit(std::forward<Visitor>(visitor), data_);
  }

 private:
  using Payload = std::variant<std::monostate, bool, int64_t, double, std::string, Numeric, Interval,
                               std::shared_ptr<const Array>, std::shared_ptr<const Record>>;
  template <typename T>
  Value(TypeId type, T&& payload) : type_(type), data_(std::forward<T>(payload)) {}

  TypeId type_ = TypeId::kUnknown;
  Payload data_;
};

}  // namespace granary::types
