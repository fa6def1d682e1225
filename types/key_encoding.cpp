// Order-preserving key encoding (see key_encoding.hpp for the format and its guarantees).
//
// The idea is the one of "memcomparable" formats in ordered key-value stores (MyRocks,
// CockroachDB, FoundationDB's tuple layer): fixed-width big-endian integers with the sign bit
// flipped, IEEE doubles mapped onto an order-preserving unsigned integer, strings escaped so a
// terminator sorts below every byte, and decimals as sign class, exponent and digits. The
// numeric part reads the stripped base-10000 digits of PostgreSQL's representation through
// numeric_internal::NumericAccess, which is why equal values of different scales agree.
#include "types/enum.hpp"
#include "types/json.hpp"
#include "types/key_encoding.hpp"

#include "types/collation.hpp"
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/bpchar.hpp"
#include "types/datetime.hpp"
#include "types/numeric_var.hpp"

namespace granary::types {
namespace {

using numeric_internal::DecimalVar;
using numeric_internal::NumericAccess;

// Column markers: where a NULL goes relative to the values of the column.
constexpr uint8_t kNullFirstMarker = 0x00;
constexpr uint8_t kValueMarker = 0x01;
constexpr uint8_t kNullLastMarker = 0x02;

// Text: 0x00 is escaped as 0x00 0xFF; 0x00 0x01 ends the string.
constexpr uint8_t kTextEscape = 0x00;
constexpr uint8_t kTextEscapedNul = 0xFF;
constexpr uint8_t kTextTerminator = 0x01;

// Numeric classes, in sort order.
enum class NumericClass : uint8_t {
  kNegativeInfinity = 0x01,
  kNegative = 0x02,
  kZero = 0x03,
  kPositive = 0x04,
  kPositiveInfinity = 0x05,
  kNaN = 0x06,
};
constexpr uint16_t kDigitTerminator = 0x0000;  // below every stored digit + 1
constexpr int32_t kMaxDigit = numeric_internal::kNbase - 1;

constexpr uint64_t kFloatSignBit = uint64_t{1} << 63;
constexpr size_t kTidWidth = 6;  // block (4 bytes) and slot (2), unsigned

[[noreturn]] void ThrowCorrupt(const std::string& what) {
  throw Error(sqlstate::kIndexCorrupted, "corrupted index key: " + what);
}

// Appends the low `width` bytes of `bits`, most significant first.
void AppendBigEndian(uint64_t bits, size_t width, std::string& out) {
  for (size_t i = width; i-- > 0;) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
}

// A signed integer of `width` bytes as unsigned bits that sort like the signed value.
void AppendSignedInteger(int64_t value, size_t width, std::string& out) {
  const uint64_t sign = uint64_t{1} << (8 * width - 1);
  AppendBigEndian(static_cast<uint64_t>(value) ^ sign, width, out);
}

void CheckRange(int64_t value, int64_t low, int64_t high, const char* message) {
  if (value < low || value > high) throw Error(sqlstate::kNumericValueOutOfRange, message);
}

void AppendInteger(const Value& value, TypeId column, std::string& out) {
  const int64_t number = value.AsInt();
  switch (column) {
    case TypeId::kInt2:
      CheckRange(number, INT16_MIN, INT16_MAX, "smallint out of range");
      AppendSignedInteger(number, sizeof(int16_t), out);
      return;
    case TypeId::kInt4:
    case TypeId::kDate:
      CheckRange(number, INT32_MIN, INT32_MAX, "integer out of range");
      AppendSignedInteger(number, sizeof(int32_t), out);
      return;
    default:
      AppendSignedInteger(number, sizeof(int64_t), out);
      return;
  }
}

void AppendFloat8(double number, std::string& out) {
  if (std::isnan(number)) number = std::numeric_limits<double>::quiet_NaN();
  if (number == 0.0) number = 0.0;  // -0 = 0
  const auto bits = std::bit_cast<uint64_t>(number);
  AppendBigEndian((bits & kFloatSignBit) != 0 ? ~bits : bits ^ kFloatSignBit, sizeof(bits), out);
}

void AppendNumeric(const Numeric& number, std::string& out) {
  if (number.IsNaN()) {
    out.push_back(static_cast<char>(NumericClass::kNaN));
    return;
  }
  if (number.IsInfinite()) {
    out.push_back(static_cast<char>(number.IsNegative() ? NumericClass::kNegativeInfinity
                                                        : NumericClass::kPositiveInfinity));
    return;
  }
  if (number.IsZero()) {
    out.push_back(static_cast<char>(NumericClass::kZero));
    return;
  }
  const DecimalVar var = NumericAccess::ToVar(number);
  // A larger magnitude must sort first among negatives: invert weight and digit bytes.
  const uint16_t invert = var.negative ? 0xFFFF : 0x0000;
  out.push_back(
      static_cast<char>(var.negative ? NumericClass::kNegative : NumericClass::kPositive));
  // Invariant 2 of types/README.md keeps a stored weight within int16.
  const auto weight_bits = static_cast<uint16_t>(static_cast<uint16_t>(var.weight) ^ 0x8000);
  AppendBigEndian(weight_bits ^ invert, sizeof(uint16_t), out);
  for (const int32_t digit : var.digits) {
    AppendBigEndian(static_cast<uint16_t>(digit + 1) ^ invert, sizeof(uint16_t), out);
  }
  AppendBigEndian(kDigitTerminator ^ invert, sizeof(uint16_t), out);
}

void AppendText(const std::string& text, std::string& out) {
  for (const char c : text) {
    out.push_back(c);
    if (static_cast<uint8_t>(c) == kTextEscape) out.push_back(static_cast<char>(kTextEscapedNul));
  }
  out.push_back(static_cast<char>(kTextEscape));
  out.push_back(static_cast<char>(kTextTerminator));
}

bool IsFloat(TypeId id) { return id == TypeId::kFloat8 || id == TypeId::kFloat4; }

// A jsonb value below the top level: a tag byte in jsonb's type order, then the value
// (strings as text keys, numbers as numeric keys, containers by count, then their items).
void AppendJsonbNested(const JsonNode& node, std::string& out) {
  out.push_back(static_cast<char>(static_cast<uint8_t>(node.kind) + 1));
  switch (node.kind) {
    case JsonNode::Kind::kNull: return;
    case JsonNode::Kind::kBool: out.push_back(static_cast<char>(node.boolean ? 1 : 0)); return;
    case JsonNode::Kind::kNumber: AppendNumeric(Numeric::Parse(node.text), out); return;
    case JsonNode::Kind::kString: AppendText(node.text, out); return;
    case JsonNode::Kind::kArray:
      AppendBigEndian(node.elements.size(), sizeof(uint32_t), out);
      for (const JsonNode& element : node.elements) AppendJsonbNested(element, out);
      return;
    case JsonNode::Kind::kObject:
      AppendBigEndian(node.members.size(), sizeof(uint32_t), out);
      for (const auto& [key, value] : node.members) {
        AppendText(key, out);
        AppendJsonbNested(value, out);
      }
      return;
  }
}

bool TypeFitsColumn(TypeId value, TypeId column) {
  if (IsInteger(column)) return IsInteger(value);
  if (IsFloat(column)) return IsFloat(value);
  if (IsString(column)) return IsString(value);
  return value == column;
}

// Reads bytes of one key, undoing a descending column's inversion.
class KeyReader {
 public:
  explicit KeyReader(std::string_view key) : key_(key) {}

  bool AtEnd() const { return position_ >= key_.size(); }
  void set_inverted(bool inverted) { mask_ = inverted ? 0xFF : 0x00; }

  uint8_t Byte() {
    if (AtEnd()) ThrowCorrupt("unexpected end of key");
    return static_cast<uint8_t>(key_[position_++]) ^ mask_;
  }
  uint8_t RawByte() {  // column markers are never inverted
    if (AtEnd()) ThrowCorrupt("unexpected end of key");
    return static_cast<uint8_t>(key_[position_++]);
  }
  uint64_t BigEndian(size_t width) {
    uint64_t bits = 0;
    for (size_t i = 0; i < width; ++i) bits = (bits << 8) | Byte();
    return bits;
  }
  int64_t SignedInteger(size_t width) {
    const uint64_t sign = uint64_t{1} << (8 * width - 1);
    uint64_t bits = BigEndian(width) ^ sign;
    if (width < sizeof(uint64_t) && (bits & sign) != 0) bits |= ~((sign << 1) - 1);  // extend
    return static_cast<int64_t>(bits);
  }

 private:
  std::string_view key_;
  size_t position_ = 0;
  uint8_t mask_ = 0;
};

double DecodeFloat8(KeyReader& reader) {
  const uint64_t stored = reader.BigEndian(sizeof(uint64_t));
  const uint64_t bits = (stored & kFloatSignBit) != 0 ? stored ^ kFloatSignBit : ~stored;
  return std::bit_cast<double>(bits);
}

// Fewest digits after the decimal point that show a stripped value exactly.
int NormalisedScale(const DecimalVar& var) {
  const int fraction_digits = static_cast<int>(var.digits.size()) - 1 - var.weight;
  if (fraction_digits <= 0) return 0;
  int scale = fraction_digits * numeric_internal::kDecDigits;
  for (int32_t last = var.digits.back(); last % 10 == 0; last /= 10) --scale;
  return scale;
}

Numeric DecodeNumeric(KeyReader& reader) {
  const auto number_class = static_cast<NumericClass>(reader.Byte());
  switch (number_class) {
    case NumericClass::kNaN:
      return Numeric::NaN();
    case NumericClass::kNegativeInfinity:
    case NumericClass::kPositiveInfinity:
      return Numeric::Infinity(number_class == NumericClass::kNegativeInfinity);
    case NumericClass::kZero:
      return Numeric();
    case NumericClass::kNegative:
    case NumericClass::kPositive:
      break;
    default:
      ThrowCorrupt("bad numeric class");
  }
  DecimalVar var;
  var.negative = number_class == NumericClass::kNegative;
  const uint16_t invert = var.negative ? 0xFFFF : 0x0000;
  var.weight = static_cast<int16_t>((reader.BigEndian(sizeof(uint16_t)) ^ invert) ^ 0x8000);
  for (;;) {
    const auto unit = static_cast<uint16_t>(reader.BigEndian(sizeof(uint16_t)) ^ invert);
    if (unit == kDigitTerminator) break;
    if (unit - 1 > kMaxDigit) ThrowCorrupt("bad numeric digit");
    var.digits.push_back(unit - 1);
  }
  if (var.digits.empty() || var.digits.front() == 0 || var.digits.back() == 0) {
    ThrowCorrupt("numeric digits not stripped");
  }
  var.dscale = NormalisedScale(var);
  if (var.dscale > numeric_internal::kMaxStoredScale) ThrowCorrupt("numeric scale too large");
  return NumericAccess::FromVar(std::move(var));
}

std::string DecodeText(KeyReader& reader) {
  std::string text;
  for (;;) {
    const uint8_t byte = reader.Byte();
    if (byte != kTextEscape) {
      text.push_back(static_cast<char>(byte));
      continue;
    }
    const uint8_t next = reader.Byte();
    if (next == kTextTerminator) return text;
    if (next != kTextEscapedNul) ThrowCorrupt("bad text escape");
    text.push_back('\0');
  }
}

Value DecodeValue(KeyReader& reader, TypeId type) {
  switch (type) {
    case TypeId::kBool: {
      const uint8_t byte = reader.Byte();
      if (byte > 1) ThrowCorrupt("bad boolean");
      return Value::Bool(byte == 1);
    }
    case TypeId::kInt2:
      return Value::OfInt(type, reader.SignedInteger(sizeof(int16_t)));
    case TypeId::kInt4:
    case TypeId::kDate:
      return Value::OfInt(type, reader.SignedInteger(sizeof(int32_t)));
    case TypeId::kInt8:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
      return Value::OfInt(type, reader.SignedInteger(sizeof(int64_t)));
    case TypeId::kInterval: {
      // Only the span is stored: it decodes to an equal interval of days and time.
      const int64_t high = reader.SignedInteger(sizeof(int64_t));
      const uint64_t low = reader.BigEndian(sizeof(uint64_t));
      const __int128 span = (static_cast<__int128>(high) << 64) | low;
      Interval interval;
      interval.day = static_cast<int32_t>(span / kMicrosecondsPerDay);
      interval.time = static_cast<int64_t>(span % kMicrosecondsPerDay);
      return Value::OfInterval(interval);
    }
    case TypeId::kFloat8:
      return Value::Float8(DecodeFloat8(reader));
    case TypeId::kFloat4:
      return Value::Float4(DecodeFloat8(reader));
    case TypeId::kTid:
      return Value::OfInt(type, static_cast<int64_t>(reader.BigEndian(kTidWidth)));
    case TypeId::kNumeric:
      return Value::OfNumeric(DecodeNumeric(reader));
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kBytea:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kBpchar:  // without the trailing spaces the key dropped
      return Value::Text(DecodeText(reader)).Retag(type);
    case TypeId::kOid:
    case TypeId::kXid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
      return Value::OfInt(type, static_cast<int64_t>(reader.BigEndian(sizeof(uint32_t))));
    case TypeId::kEnum:
      DecodeFloat8(reader);  // the sort order
      return Value::OfInt(type, static_cast<int64_t>(reader.BigEndian(sizeof(uint32_t))));
    default:
      break;
  }
  ThrowCorrupt("unsupported column type");
}

}  // namespace

void AppendKeyColumn(const Value& value, const KeyColumn& column, std::string& out) {
  const TypeId type = column.type.id;
  if (value.is_null()) {
    out.push_back(static_cast<char>(column.nulls_first ? kNullFirstMarker : kNullLastMarker));
    return;
  }
  if (!TypeFitsColumn(value.type(), type)) {
    throw Error(sqlstate::kInternalError,
                "key value of type " + std::string(InfoOf(value.type()).name) +
                    " does not match index column of type " + std::string(InfoOf(type).name));
  }
  out.push_back(static_cast<char>(kValueMarker));
  const size_t start = out.size();
  switch (type) {
    case TypeId::kBool:
      out.push_back(static_cast<char>(value.AsBool() ? 1 : 0));
      break;
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
      AppendInteger(value, type, out);
      break;
    case TypeId::kInterval: {
      // The 128-bit span, as interval_cmp compares: '1 mon' and '30 days' are one key.
      int64_t high = 0;
      uint64_t low = 0;
      IntervalSpan(value.AsInterval(), high, low);
      AppendSignedInteger(high, sizeof(int64_t), out);
      AppendBigEndian(low, sizeof(uint64_t), out);
      break;
    }
    case TypeId::kFloat8:
    case TypeId::kFloat4:  // as a double, so that float8 bounds compare exactly
      AppendFloat8(value.AsDouble(), out);
      break;
    case TypeId::kTid:
      AppendBigEndian(static_cast<uint64_t>(value.AsInt()), kTidWidth, out);
      break;
    case TypeId::kNumeric:
      AppendNumeric(value.AsNumeric(), out);
      break;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
      // An ICU collation: its sort key (ended by its 0x00) first, then the bytes, which
      // order as the collator does and then bytewise, and decode back to the string.
      if (const Collator* collator = CollatorFor(column.type.collation)) {
        collator->AppendSortKey(value.AsString(), out);
      }
      AppendText(value.AsString(), out);
      break;
    case TypeId::kBytea:  // byteacmp is memcmp, shorter first: the text encoding orders it
    case TypeId::kName:
    case TypeId::kChar:
      AppendText(value.AsString(), out);
      break;
    case TypeId::kBpchar:  // bpcharcmp ignores trailing spaces, so the key drops them
      AppendText(std::string(BpcharStripped(value.AsString())), out);
      break;
    case TypeId::kOid:
    case TypeId::kXid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
      AppendBigEndian(static_cast<uint64_t>(value.AsInt()), sizeof(uint32_t), out);
      break;
    case TypeId::kUuid:  // 16 bytes, memcmp order
      out += value.AsString();
      break;
    case TypeId::kEnum:
      // The label's sort order (which never changes), then its oid, so that the key
      // decodes without the registry; sort order and oid are one-to-one in a type.
      AppendFloat8(EnumSortOrder(value.AsInt()), out);
      AppendBigEndian(static_cast<uint64_t>(value.AsInt()), sizeof(uint32_t), out);
      break;
    case TypeId::kJsonb:
      AppendJsonbKey(JsonbNode(value), out);
      break;
    case TypeId::kJson:
      throw Error(sqlstate::kUndefinedObject,
                  "data type json has no default operator class for access method \"btree\"")
          .WithHint("You must specify an operator class for the index or define a default operator class for the data type.");
    default:
      throw Error(sqlstate::kFeatureNotSupported,
                  "indexes on columns of type " + FormatType(Type{type, -1}) + " are not supported");
  }
  if (column.descending) {
    for (size_t i = start; i < out.size(); ++i) out[i] = static_cast<char>(~out[i]);
  }
}

void AppendJsonbKey(const JsonNode& node, std::string& out) {
  // The top level: objects after everything else; arrays and raw scalars (one-element
  // pseudo arrays) by count, then raw scalars first, then the elements.
  if (node.kind == JsonNode::Kind::kObject) {
    out.push_back(2);
    AppendBigEndian(node.members.size(), sizeof(uint32_t), out);
    for (const auto& [key, value] : node.members) {
      AppendText(key, out);
      AppendJsonbNested(value, out);
    }
    return;
  }
  out.push_back(1);
  const bool raw = node.IsScalar();
  AppendBigEndian(raw ? 1 : node.elements.size(), sizeof(uint32_t), out);
  out.push_back(static_cast<char>(raw ? 0 : 1));
  if (raw) {
    AppendJsonbNested(node, out);
    return;
  }
  for (const JsonNode& element : node.elements) AppendJsonbNested(element, out);
}

void EncodeKey(const std::vector<Value>& values, const std::vector<KeyColumn>& columns,
               std::string& out) {
  if (values.size() > columns.size()) {
    throw Error(sqlstate::kInternalError, "index key has " + std::to_string(values.size()) +
                                              " values for " + std::to_string(columns.size()) +
                                              " columns");
  }
  out.clear();
  for (size_t i = 0; i < values.size(); ++i) AppendKeyColumn(values[i], columns[i], out);
}

std::vector<Value> DecodeKey(std::string_view key, const std::vector<KeyColumn>& columns) {
  KeyReader reader(key);
  std::vector<Value> values;
  for (const KeyColumn& column : columns) {
    if (reader.AtEnd()) break;
    const uint8_t marker = reader.RawByte();
    if (marker == kNullFirstMarker || marker == kNullLastMarker) {
      if ((marker == kNullFirstMarker) != column.nulls_first) ThrowCorrupt("misplaced NULL");
      values.push_back(Value::Null(column.type.id));
      continue;
    }
    if (marker != kValueMarker) ThrowCorrupt("bad column marker");
    reader.set_inverted(column.descending);
    if (IsString(column.type.id) && CollatorFor(column.type.collation) != nullptr) {
      while (reader.Byte() != 0) {
      }  // the collator's sort key, up to its terminating 0x00
    }
    values.push_back(DecodeValue(reader, column.type.id));
  }
  if (!reader.AtEnd()) ThrowCorrupt("trailing bytes");
  return values;
}

}  // namespace granary::types
