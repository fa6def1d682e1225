// ToBinary/FromBinary: the types' binary send and receive functions, byte for byte the
// formats PostgreSQL's protocol carries for binary parameters and results (boolsend,
// int2send/int4send/int8send, float8send, numeric_send, textsend, date_send,
// timestamp_send, float4send, tidsend, byteasend and their _recv counterparts). Integers are big-endian.
#include <bit>
#include <cstdio>
#include <type_traits>

#include "common/sqlstate.hpp"
#include "types/enum.hpp"
#include "types/array.hpp"
#include "types/bpchar.hpp"
#include "types/record.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/numeric_var.hpp"
#include "types/time.hpp"
#include "types/value_internal.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

using numeric_internal::DecimalVar;
using numeric_internal::NumericAccess;

// numeric_send's sign word.
constexpr uint16_t kNumericPositive = 0x0000;
constexpr uint16_t kNumericNegative = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPositiveInfinity = 0xD000;
constexpr uint16_t kNumericNegativeInfinity = 0xF000;
constexpr int kNumericDscaleMask = 0x3FFF;
constexpr int16_t kSpecialDscale = 0x20;
constexpr int kNumericMaxDigits = 0x7FFF;  // NUMERIC_MAX_PRECISION-like bound on ndigits

template <typename T>
void AppendBigEndian(std::string& out, T value) {
  using Unsigned = std::make_unsigned_t<T>;
  auto bits = static_cast<Unsigned>(value);
  for (int shift = static_cast<int>(sizeof(T)) * 8 - 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((bits >> shift) & 0xFF));
  }
}

// A cursor over received bytes; running out is PostgreSQL's pq_getmsgint error.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  T Read() {
    if (bytes_.size() - pos_ < sizeof(T)) {
      throw Error(sqlstate::kProtocolViolation, "insufficient data left in message");
    }
    std::make_unsigned_t<T> bits = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
      bits = static_cast<std::make_unsigned_t<T>>((bits << 8) |
                                                  static_cast<unsigned char>(bytes_[pos_ + i]));
    }
    pos_ += sizeof(T);
    return static_cast<T>(bits);
  }

  std::string_view Rest() {
    std::string_view rest = bytes_.substr(pos_);
    pos_ = bytes_.size();
    return rest;
  }
  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

void AppendNumeric(std::string& out, const Numeric& number) {
  if (number.IsNaN() || number.IsInfinite()) {
    AppendBigEndian<int16_t>(out, 0);
    AppendBigEndian<int16_t>(out, 0);
    const uint16_t sign = number.IsNaN()        ? kNumericNaN
                          : number.IsNegative() ? kNumericNegativeInfinity
                                                : kNumericPositiveInfinity;
    AppendBigEndian<uint16_t>(out, sign);
    // PostgreSQL 15 sends the dscale bits of the special value's short header: 0 for NaN,
    // 32 for the infinities. Receivers ignore it; it is copied for byte-identical output.
    AppendBigEndian<int16_t>(out, number.IsNaN() ? 0 : kSpecialDscale);
    return;
  }
  const DecimalVar var = NumericAccess::ToVar(number);
  AppendBigEndian<int16_t>(out, static_cast<int16_t>(var.digits.size()));
  AppendBigEndian<int16_t>(out, static_cast<int16_t>(var.IsZero() ? 0 : var.weight));
  AppendBigEndian<uint16_t>(out, var.negative ? kNumericNegative : kNumericPositive);
  AppendBigEndian<int16_t>(out, static_cast<int16_t>(var.dscale));
  for (int32_t digit : var.digits) AppendBigEndian<int16_t>(out, static_cast<int16_t>(digit));
}

// numeric_recv: validates the sign, scale and every digit; digits hidden by the display
// scale are truncated away, as PostgreSQL does.
Numeric ReceiveNumeric(Reader& reader) {
  const int16_t ndigits = reader.Read<int16_t>();
  if (ndigits < 0 || ndigits > kNumericMaxDigits) {
    throw Error(sqlstate::kInvalidBinaryRepresentation,
                "invalid length in external \"numeric\" value");
  }
  const int16_t weight = reader.Read<int16_t>();
  const uint16_t sign = reader.Read<uint16_t>();
  if (sign != kNumericPositive && sign != kNumericNegative && sign != kNumericNaN &&
      sign != kNumericPositiveInfinity && sign != kNumericNegativeInfinity) {
    throw Error(sqlstate::kInvalidBinaryRepresentation,
                "invalid sign in external \"numeric\" value");
  }
  const uint16_t dscale = reader.Read<uint16_t>();
  if ((dscale & kNumericDscaleMask) != dscale) {
    throw Error(sqlstate::kInvalidBinaryRepresentation,
                "invalid scale in external \"numeric\" value");
  }
  DecimalVar var;
  var.negative = sign == kNumericNegative;
  var.weight = weight;
  var.dscale = dscale;
  for (int i = 0; i < ndigits; ++i) {
    const int16_t digit = reader.Read<int16_t>();
    if (digit < 0 || digit >= numeric_internal::kNbase) {
      throw Error(sqlstate::kInvalidBinaryRepresentation,
                  "invalid digit in external \"numeric\" value");
    }
    var.digits.push_back(digit);
  }
  if (sign == kNumericNaN) return Numeric::NaN();
  if (sign == kNumericPositiveInfinity || sign == kNumericNegativeInfinity) {
    return Numeric::Infinity(sign == kNumericNegativeInfinity);
  }
  numeric_internal::TruncVar(var, var.dscale);
  return NumericAccess::FromVar(std::move(var));
}

std::string ReceiveText(Reader& reader) {
  std::string_view text = reader.Rest();
  // pg_verify_mbstr: the server encoding is UTF8 and nothing else may enter.
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3
                                   : (lead >> 3) == 0x1E ? 4 : 0;
    bool valid = length != 0 && lead != 0 && i + length <= text.size() && lead != 0xC0 &&
                 lead != 0xC1 && lead < 0xF5;
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (valid && length == 3) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      valid = !(lead == 0xE0 && second < 0xA0) && !(lead == 0xED && second >= 0xA0);
    }
    if (valid && length == 4) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      valid = !(lead == 0xF0 && second < 0x90) && !(lead == 0xF4 && second >= 0x90);
    }
    if (!valid) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", lead);
      throw Error(sqlstate::kCharacterNotInRepertoire,
                  std::string("invalid byte sequence for encoding \"UTF8\": ") + hex);
    }
    i += length;
  }
  return std::string(text);
}

}  // namespace

void AppendBinary(const Value& value, std::string& out) {
  switch (value.type()) {
    case TypeId::kBool: out.push_back(value.AsBool() ? 1 : 0); return;
    case TypeId::kInt2: AppendBigEndian<int16_t>(out, static_cast<int16_t>(value.AsInt())); return;
    case TypeId::kInt4:
    case TypeId::kDate: AppendBigEndian<int32_t>(out, static_cast<int32_t>(value.AsInt())); return;
    case TypeId::kInt8:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime: AppendBigEndian<int64_t>(out, value.AsInt()); return;
    case TypeId::kTimeTz: {
      // timetz_send: the time, then the zone in seconds west of UTC.
      const TimeTz time = UnpackTimeTz(value.AsInt());
      AppendBigEndian<int64_t>(out, time.time);
      AppendBigEndian<int32_t>(out, time.zone);
      return;
    }
    case TypeId::kInterval:
      // interval_send: microseconds, days, months.
      AppendBigEndian<int64_t>(out, value.AsInterval().time);
      AppendBigEndian<int32_t>(out, value.AsInterval().day);
      AppendBigEndian<int32_t>(out, value.AsInterval().month);
      return;
    case TypeId::kFloat8:
      AppendBigEndian<uint64_t>(out, std::bit_cast<uint64_t>(value.AsDouble()));
      return;
    case TypeId::kFloat4:
      AppendBigEndian<uint32_t>(out, std::bit_cast<uint32_t>(static_cast<float>(value.AsDouble())));
      return;
    case TypeId::kTid: {
      // tidsend: block number, then line pointer offset.
      const auto tid = static_cast<uint64_t>(value.AsInt());
      AppendBigEndian<uint32_t>(out, static_cast<uint32_t>(tid >> 16));
      AppendBigEndian<uint16_t>(out, static_cast<uint16_t>(tid & 0xFFFF));
      return;
    }
    case TypeId::kNumeric: AppendNumeric(out, value.AsNumeric()); return;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:  // bpcharsend: the padded text
    case TypeId::kUnknown:
    case TypeId::kBytea: out += value.AsString(); return;  // textsend, byteasend
    case TypeId::kOid:
    case TypeId::kXid:  // xidsend / xidrecv: uint32
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
      AppendBigEndian<uint32_t>(out, static_cast<uint32_t>(value.AsInt()));
      return;
    case TypeId::kName: out += value.AsString(); return;
    case TypeId::kUuid: out += value.AsString(); return;  // uuid_send: the 16 bytes
    case TypeId::kEnum: out += EnumToText(value.AsInt()); return;  // enum_send: the label
    case TypeId::kJson: out += value.AsString(); return;  // json_send: the text
    case TypeId::kJsonb:  // jsonb_send: version 1, then the text
      out.push_back('\1');
      out += value.AsString();
      return;
    case TypeId::kChar:  // charsend: exactly one byte, 0 for the empty "char"
      out.push_back(value.AsString().empty() ? '\0' : value.AsString()[0]);
      return;
    case TypeId::kAnyElement:
    case TypeId::kAnyArray:
    case TypeId::kVoid:  // void_send: no bytes
      return;
    case TypeId::kRecord:
      AppendRecordBinary(value.AsRecord(), out);
      return;
    default:
      if (IsArray(value.type())) AppendArrayBinary(value, out);
      return;
  }
}

Value FromBinary(std::string_view bytes, const Type& type) {
  if (IsArray(type.id)) return ArrayFromBinary(bytes, type);
  if (type.id == TypeId::kRecord) {
    // record_recv of an anonymous record type.
    throw Error(sqlstate::kFeatureNotSupported, "input of anonymous composite types is not implemented");
  }
  Reader reader(bytes);
  Value value;
  switch (type.id) {
    case TypeId::kBool: value = Value::Bool(reader.Read<uint8_t>() != 0); break;
    case TypeId::kInt2: value = Value::Int2(reader.Read<int16_t>()); break;
    case TypeId::kInt4: value = Value::Int4(reader.Read<int32_t>()); break;
    case TypeId::kInt8: value = Value::Int8(reader.Read<int64_t>()); break;
    case TypeId::kFloat8:
      value = Value::Float8(std::bit_cast<double>(reader.Read<uint64_t>()));
      break;
    case TypeId::kFloat4:
      value = Value::Float4(std::bit_cast<float>(reader.Read<uint32_t>()));
      break;
    case TypeId::kTid: {
      const uint32_t block = reader.Read<uint32_t>();
      const uint16_t slot = reader.Read<uint16_t>();
      value = Value::Tid(block, slot);
      break;
    }
    case TypeId::kNumeric: {
      Numeric number = ReceiveNumeric(reader);
      if (const auto precision_scale = type.NumericPrecisionScale()) {
        number = number.ApplyPrecisionScale(precision_scale->first, precision_scale->second);
      }
      value = Value::OfNumeric(std::move(number));
      break;
    }
    case TypeId::kDate: {
      // date_recv: the infinities, or a day inside the date range.
      const int32_t days = reader.Read<int32_t>();
      if (days != kDateInfinity && days != kDateNegativeInfinity && !datetime_internal::IsValidDate(days)) {
        throw Error(sqlstate::kDatetimeFieldOverflow, "date out of range");
      }
      value = Value::Date(days);
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      const int64_t microseconds = reader.Read<int64_t>();
      if (microseconds != kTimestampInfinity && microseconds != kTimestampNegativeInfinity &&
          !datetime_internal::IsValidTimestamp(microseconds)) {
        throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
      }
      value = Value::OfInt(type.id, microseconds);
      break;
    }
    case TypeId::kInterval: {
      Interval interval;
      interval.time = reader.Read<int64_t>();
      interval.day = reader.Read<int32_t>();
      interval.month = reader.Read<int32_t>();
      value = Value::OfInterval(interval);
      break;
    }
    case TypeId::kText:
    case TypeId::kUnknown: value = Value::Text(ReceiveText(reader)); break;
    case TypeId::kBytea: value = Value::Bytea(std::string(reader.Rest())); break;  // bytearecv
    case TypeId::kVarchar:
      value = Value::Varchar(value_internal::CoerceToLength(
          ReceiveText(reader), type.VarcharLength().value_or(-1), false));
      break;
    case TypeId::kBpchar:  // bpcharrecv: the typmod applied as bpcharin does
      value = Value::Bpchar(BpcharCoerce(ReceiveText(reader), type.BpcharLength().value_or(-1), false));
      break;
    case TypeId::kOid:
    case TypeId::kXid:  // xidsend / xidrecv: uint32
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
      value = Value::OfInt(type.id, reader.Read<uint32_t>());
      break;
    case TypeId::kName:
      value = Value::OfString(TypeId::kName, value_internal::NameFromText(ReceiveText(reader)));
      break;
    case TypeId::kEnum:  // enum_recv: the label
      if (type.typmod <= 0) throw Error(sqlstate::kFeatureNotSupported, "cannot accept a value of type anyenum");
      value = EnumFromText(ReceiveText(reader), static_cast<uint32_t>(type.typmod));
      break;
    case TypeId::kUuid: {  // uuid_recv
      std::string uuid;
      for (int i = 0; i < 2; ++i) {
        const uint64_t half = reader.Read<uint64_t>();
        for (int shift = 56; shift >= 0; shift -= 8) uuid.push_back(static_cast<char>((half >> shift) & 0xFF));
      }
      value = Value::OfString(TypeId::kUuid, std::move(uuid));
      break;
    }
    case TypeId::kJson:
      value = FromText(ReceiveText(reader), Type{TypeId::kJson, -1});
      break;
    case TypeId::kJsonb: {  // jsonb_recv: version 1 is the text form
      const auto version = reader.Read<uint8_t>();
      if (version != 1) {
        throw Error(sqlstate::kInternalError, "unsupported jsonb version number " + std::to_string(version));
      }
      value = FromText(ReceiveText(reader), Type{TypeId::kJsonb, -1});
      break;
    }
    case TypeId::kTime:
    case TypeId::kTimeTz: {
      // time_recv / timetz_recv: a time of day (24:00:00 included) and a zone under 16 hours.
      TimeTz time;
      time.time = reader.Read<int64_t>();
      if (time.time < 0 || time.time > kMicrosecondsPerDay) {
        throw Error(sqlstate::kNumericValueOutOfRange, "time out of range");
      }
      if (type.id == TypeId::kTime) {
        value = Value::OfInt(TypeId::kTime, time.time);
        break;
      }
      time.zone = reader.Read<int32_t>();
      constexpr int32_t kZoneLimit = 16 * 3600;  // TZDISP_LIMIT
      if (time.zone <= -kZoneLimit || time.zone >= kZoneLimit) {
        throw Error(sqlstate::kInvalidTimeZoneDisplacementValue, "time zone displacement out of range");
      }
      value = Value::OfInt(TypeId::kTimeTz, PackTimeTz(time));
      break;
    }
    case TypeId::kVoid:  // void_recv: reads nothing
      value = Value::OfInt(TypeId::kVoid, 0);
      break;
    case TypeId::kChar: {
      const auto byte = reader.Read<uint8_t>();
      value = Value::OfString(TypeId::kChar, byte == 0 ? std::string() : std::string(1, static_cast<char>(byte)));
      break;
    }
    default:
      throw Error(sqlstate::kInvalidBinaryRepresentation,
                  "no binary input function available for type " + std::string(InfoOf(type.id).name));
  }
  if (!reader.AtEnd()) {
    throw Error(sqlstate::kInvalidBinaryRepresentation, "incorrect binary data format");
  }
  return ApplySecondsPrecision(value, type);
}

}  // namespace granary::types
