// Row encoding: the bytes after a heap tuple's header (layout in row_codec.hpp).
//
// Integers are written little endian byte by byte, so the format does not depend on the host.
// Decoding trusts nothing: every length is checked against the remaining bytes and a row
// that does not end exactly where its last value ends is rejected with XX001.
#include "storage/heap/row_codec.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/toast.hpp"
#include "types/array.hpp"
#include "types/varlena_limits.hpp"

namespace granary::storage {
namespace {

using types::TypeId;
using types::Value;

constexpr size_t kBitsPerByte = 8;

size_t BitmapSize(size_t count) { return (count + kBitsPerByte - 1) / kBitsPerByte; }

void AppendUnsigned(std::string& out, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void AppendLengthPrefixed(std::string& out, std::string_view bytes) {
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    throw Error(sqlstate::kProgramLimitExceeded,
                "value is too big: size " + std::to_string(bytes.size()));
  }
  AppendUnsigned(out, bytes.size(), sizeof(uint32_t));
  out.append(bytes);
}

void EncodeValue(const Value& value, std::string& out) {
  switch (value.type()) {
    case TypeId::kBool:
      out.push_back(value.AsBool() ? 1 : 0);
      return;
    case TypeId::kInt2:
      AppendUnsigned(out, static_cast<uint64_t>(value.AsInt()), sizeof(int16_t));
      return;
    case TypeId::kInt4:
    case TypeId::kDate:
      AppendUnsigned(out, static_cast<uint64_t>(value.AsInt()), sizeof(int32_t));
      return;
    case TypeId::kInt8:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:  // the packed int64 of types/time.hpp
    case TypeId::kTid:
      AppendUnsigned(out, static_cast<uint64_t>(value.AsInt()), sizeof(int64_t));
      return;
    case TypeId::kInterval:
      // interval's on-disk layout in PostgreSQL: time, day, month.
      AppendUnsigned(out, static_cast<uint64_t>(value.AsInterval().time), sizeof(int64_t));
      AppendUnsigned(out, static_cast<uint32_t>(value.AsInterval().day), sizeof(int32_t));
      AppendUnsigned(out, static_cast<uint32_t>(value.AsInterval().month), sizeof(int32_t));
      return;
    case TypeId::kFloat8:
      AppendUnsigned(out, std::bit_cast<uint64_t>(value.AsDouble()), sizeof(double));
      return;
    case TypeId::kFloat4:
      AppendUnsigned(out, std::bit_cast<uint32_t>(static_cast<float>(value.AsDouble())), sizeof(float));
      return;
    case TypeId::kNumeric: {
      std::string serialized;
      value.AsNumeric().AppendSerialized(serialized);
      AppendLengthPrefixed(out, serialized);
      return;
    }
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kUnknown:
    case TypeId::kBytea:
    case TypeId::kJson:
    case TypeId::kJsonb:
      types::CheckValueSize(value.AsString().size());
      AppendLengthPrefixed(out, value.AsString());
      return;
    case TypeId::kName:
    case TypeId::kChar:
      AppendLengthPrefixed(out, value.AsString());
      return;
    case TypeId::kUuid:
      out += value.AsString();  // always 16 bytes
      return;
    case TypeId::kOid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
    case TypeId::kEnum:  // the label's pg_enum oid
      AppendUnsigned(out, static_cast<uint64_t>(value.AsInt()), sizeof(uint32_t));
      return;
    default:
      if (types::IsArray(value.type())) {
        // Arrays are stored in their binary send form, as a varlena (so TOAST applies).
        std::string bytes;
        types::AppendArrayBinary(value, bytes);
        types::CheckValueSize(bytes.size());
        AppendLengthPrefixed(out, bytes);
        return;
      }
      break;
  }
  throw Error(sqlstate::kInternalError,
              "cannot store a value of type id " + std::to_string(static_cast<int>(value.type())));
}

// Reads values out of a row's bytes, raising XX001 on any overrun.
class RowReader {
 public:
  explicit RowReader(std::span<const std::byte> bytes) : bytes_(bytes) {}

  std::span<const std::byte> Take(size_t count) {
    if (count > bytes_.size() - position_) [[unlikely]] ThrowOverrun(count);
    const std::span<const std::byte> taken = bytes_.subspan(position_, count);
    position_ += count;
    return taken;
  }

  uint64_t Unsigned(size_t count) {
    const std::span<const std::byte> taken = Take(count);
    uint64_t value = 0;
    for (size_t i = 0; i < count; ++i) value |= std::to_integer<uint64_t>(taken[i]) << (8 * i);
    return value;
  }

  std::string_view LengthPrefixed() {
    const size_t length = static_cast<size_t>(Unsigned(sizeof(uint32_t)));
    const std::span<const std::byte> taken = Take(length);
    return {reinterpret_cast<const char*>(taken.data()), taken.size()};
  }

  // A text/varchar/bytea value: plain, compressed in line, or a pointer out of line.
  std::string Varlena(BufferPool* toast_pool) {
    const auto word = static_cast<uint32_t>(Unsigned(sizeof(uint32_t)));
    const std::span<const std::byte> payload = Take(word & kLengthMask);
    switch (word & ~kLengthMask) {
      case 0:
        return {reinterpret_cast<const char*>(payload.data()), payload.size()};
      case kCompressedInlineFlag:
        return DecompressInlineValue(payload);
      case kExternalFlag:
        if (toast_pool == nullptr) {
          throw Error(sqlstate::kInternalError,
                      "row holds an out-of-line value but was decoded without its toast relation");
        }
        return FetchExternalValue(*toast_pool, payload);
      default:
        throw Error(sqlstate::kDataCorrupted, "invalid row data: bad length word " + std::to_string(word));
    }
  }

  size_t remaining() const { return bytes_.size() - position_; }

 private:
  // Out of line, so that Take stays small enough to inline into the decoders' loops.
  [[noreturn]] [[gnu::noinline]] [[gnu::cold]] void ThrowOverrun(size_t count) const {
    throw Error(sqlstate::kDataCorrupted,
                "invalid row data: value at offset " + std::to_string(position_) + " needs " +
                    std::to_string(count) + " bytes, only " +
                    std::to_string(bytes_.size() - position_) + " remain");
  }

  std::span<const std::byte> bytes_;
  size_t position_ = 0;
};

Value DecodeValue(RowReader& reader, const types::Type& type, BufferPool* toast_pool) {
  switch (type.id) {
    case TypeId::kBool: {
      const uint64_t byte = reader.Unsigned(1);
      if (byte > 1) {
        throw Error(sqlstate::kDataCorrupted,
                    "invalid row data: bad boolean " + std::to_string(byte));
      }
      return Value::Bool(byte == 1);
    }
    case TypeId::kInt2:
      return Value::OfInt(type.id, static_cast<int16_t>(reader.Unsigned(sizeof(int16_t))));
    case TypeId::kInt4:
    case TypeId::kDate:
      return Value::OfInt(type.id, static_cast<int32_t>(reader.Unsigned(sizeof(int32_t))));
    case TypeId::kInt8:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
    case TypeId::kTid:
      return Value::OfInt(type.id, static_cast<int64_t>(reader.Unsigned(sizeof(int64_t))));
    case TypeId::kInterval: {
      types::Interval interval;
      interval.time = static_cast<int64_t>(reader.Unsigned(sizeof(int64_t)));
      interval.day = static_cast<int32_t>(reader.Unsigned(sizeof(int32_t)));
      interval.month = static_cast<int32_t>(reader.Unsigned(sizeof(int32_t)));
      return Value::OfInterval(interval);
    }
    case TypeId::kFloat8:
      return Value::Float8(std::bit_cast<double>(reader.Unsigned(sizeof(double))));
    case TypeId::kFloat4:
      return Value::Float4(std::bit_cast<float>(static_cast<uint32_t>(reader.Unsigned(sizeof(float)))));
    case TypeId::kNumeric: {
      const std::string_view bytes = reader.LengthPrefixed();
      try {
        return Value::OfNumeric(types::Numeric::Deserialize(bytes));
      } catch (const Error& error) {
        if (error.sqlstate() == sqlstate::kDataCorrupted) throw;
        throw Error(sqlstate::kDataCorrupted, "invalid row data: " + error.message());
      }
    }
    case TypeId::kText:
      return Value::Text(reader.Varlena(toast_pool));
    case TypeId::kVarchar:
      return Value::Varchar(reader.Varlena(toast_pool));
    case TypeId::kBytea:
      return Value::Bytea(reader.Varlena(toast_pool));
    case TypeId::kBpchar:
    case TypeId::kJson:
    case TypeId::kJsonb:
      return Value::OfString(type.id, reader.Varlena(toast_pool));
    case TypeId::kUuid: {
      const std::span<const std::byte> bytes = reader.Take(16);
      return Value::OfString(type.id, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    case TypeId::kUnknown:
      return Value::Unknown(std::string(reader.LengthPrefixed()));
    case TypeId::kName:
    case TypeId::kChar:
      return Value::OfString(type.id, std::string(reader.LengthPrefixed()));
    case TypeId::kOid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
    case TypeId::kEnum:
      return Value::OfInt(type.id, static_cast<int64_t>(reader.Unsigned(sizeof(uint32_t))));
    default:
      if (types::IsArray(type.id)) {
        const std::string bytes = reader.Varlena(toast_pool);
        try {
          // The stored elements already carry the column's typmod.
          return types::ArrayFromBinary(bytes, types::Type{type.id, -1});
        } catch (const Error& error) {
          throw Error(sqlstate::kDataCorrupted, "invalid row data: " + error.message());
        }
      }
      break;
  }
  throw Error(sqlstate::kInternalError,
              "cannot decode a column of type id " + std::to_string(static_cast<int>(type.id)));
}

// The stored width of a fixed-width type, 0 for the others.
size_t FixedWidth(TypeId type) {
  switch (type) {
    case TypeId::kBool: return 1;
    case TypeId::kInt2: return sizeof(int16_t);
    case TypeId::kInt4:
    case TypeId::kDate:
    case TypeId::kOid:
    case TypeId::kRegclass:
    case TypeId::kRegtype:
    case TypeId::kRegproc:
    case TypeId::kEnum:
    case TypeId::kFloat4: return sizeof(int32_t);
    case TypeId::kInt8:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
    case TypeId::kTid:
    case TypeId::kFloat8: return sizeof(int64_t);
    case TypeId::kInterval: return sizeof(int64_t) + 2 * sizeof(int32_t);
    case TypeId::kUuid: return 16;
    default: return 0;
  }
}

// Steps over a non-NULL value without decoding it (an out-of-line value is not fetched).
void SkipValue(RowReader& reader, const types::Type& type) {
  if (const size_t width = FixedWidth(type.id); width != 0) {
    reader.Take(width);
    return;
  }
  switch (type.id) {
    case TypeId::kNumeric:
    case TypeId::kUnknown:
    case TypeId::kName:
    case TypeId::kChar: reader.LengthPrefixed(); return;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBytea:
    case TypeId::kBpchar:
    case TypeId::kJson:
    case TypeId::kJsonb: {
      const auto word = static_cast<uint32_t>(reader.Unsigned(sizeof(uint32_t)));
      reader.Take(word & kLengthMask);
      return;
    }
    default:
      if (types::IsArray(type.id)) {
        const auto word = static_cast<uint32_t>(reader.Unsigned(sizeof(uint32_t)));
        reader.Take(word & kLengthMask);
        return;
      }
      break;
  }
  throw Error(sqlstate::kInternalError,
              "cannot decode a column of type id " + std::to_string(static_cast<int>(type.id)));
}

}  // namespace

void EncodeRow(const std::vector<types::Value>& values, std::string& out) {
  EncodeRow(values, {}, out);
}

void EncodeRow(const std::vector<types::Value>& values, std::span<const std::string> stored_forms,
               std::string& out) {
  const size_t bitmap_start = out.size();
  out.append(BitmapSize(values.size()), '\0');
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].is_null()) {
      out[bitmap_start + i / kBitsPerByte] |= static_cast<char>(1u << (i % kBitsPerByte));
      continue;
    }
    if (i < stored_forms.size() && !stored_forms[i].empty()) {
      out += stored_forms[i];
      continue;
    }
    EncodeValue(values[i], out);
  }
}

void DecodeRow(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
               std::vector<types::Value>& out, size_t stored_count, BufferPool* toast_pool) {
  if (stored_count > column_types.size()) {
    throw Error(sqlstate::kDataCorrupted, "invalid row data: " + std::to_string(stored_count) +
                                              " stored values for " +
                                              std::to_string(column_types.size()) + " columns");
  }
  RowReader reader(bytes);
  const std::span<const std::byte> bitmap = reader.Take(BitmapSize(stored_count));
  out.clear();
  out.reserve(column_types.size());
  for (size_t i = 0; i < column_types.size(); ++i) {
    const bool stored = i < stored_count;
    const bool is_null =
        !stored ||
        (std::to_integer<unsigned>(bitmap[i / kBitsPerByte]) >> (i % kBitsPerByte) & 1u) != 0;
    out.push_back(is_null ? Value::Null(column_types[i].id)
                          : DecodeValue(reader, column_types[i], toast_pool));
  }
  if (reader.remaining() != 0) {
    throw Error(sqlstate::kDataCorrupted,
                "invalid row data: " + std::to_string(reader.remaining()) +
                    " bytes left over after the last value");
  }
}

namespace {

// DecodeColumns and AppendColumns: calls store(i, value) for each wanted column i, in order.
template <typename Store>
void DecodeWanted(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
                  const std::vector<bool>& wanted, size_t stored_count, BufferPool* toast_pool,
                  Store&& store) {
  size_t last_wanted = column_types.size();
  while (last_wanted > 0 && !wanted[last_wanted - 1]) --last_wanted;
  RowReader reader(bytes);
  const std::span<const std::byte> bitmap = reader.Take(BitmapSize(stored_count));
  for (size_t i = 0; i < last_wanted; ++i) {
    const bool stored = i < stored_count;
    const bool is_null =
        !stored ||
        (std::to_integer<unsigned>(bitmap[i / kBitsPerByte]) >> (i % kBitsPerByte) & 1u) != 0;
    if (!wanted[i]) {
      if (!is_null) SkipValue(reader, column_types[i]);
      continue;
    }
    store(i, is_null ? Value::Null(column_types[i].id) : DecodeValue(reader, column_types[i], toast_pool));
  }
  if (last_wanted == column_types.size() && reader.remaining() != 0) {
    throw Error(sqlstate::kDataCorrupted,
                "invalid row data: " + std::to_string(reader.remaining()) +
                    " bytes left over after the last value");
  }
}

void CheckShape(size_t stored_count, size_t column_count, size_t wanted_count, size_t out_count) {
  if (stored_count > column_count || wanted_count != column_count || out_count < column_count) {
    throw Error(sqlstate::kDataCorrupted, "invalid row data: " + std::to_string(stored_count) +
                                              " stored values for " +
                                              std::to_string(column_count) + " columns");
  }
}

}  // namespace

void DecodeColumns(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
                   const std::vector<bool>& wanted, std::span<types::Value> out, size_t stored_count,
                   BufferPool* toast_pool) {
  CheckShape(stored_count, column_types.size(), wanted.size(),
             out.size() == column_types.size() ? out.size() : 0);
  DecodeWanted(bytes, column_types, wanted, stored_count, toast_pool,
               [&](size_t i, Value&& value) { out[i] = std::move(value); });
}

void AppendColumns(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
                   const std::vector<bool>& wanted, std::span<std::vector<types::Value>> columns,
                   size_t stored_count, BufferPool* toast_pool) {
  CheckShape(stored_count, column_types.size(), wanted.size(), columns.size());
  DecodeWanted(bytes, column_types, wanted, stored_count, toast_pool,
               [&](size_t i, Value&& value) { columns[i].push_back(std::move(value)); });
}

ColumnSelection::ColumnSelection(const std::vector<types::Type>& column_types,
                                 const std::vector<bool>& wanted)
    : column_types_(column_types), wanted_(wanted) {
  last_wanted_ = std::min(column_types_.size(), wanted_.size());
  while (last_wanted_ > 0 && !wanted_[last_wanted_ - 1]) --last_wanted_;
  for (size_t i = 0; i < last_wanted_; ++i) {
    const auto column = static_cast<uint32_t>(i);
    if (wanted_[i]) {
      steps_.push_back({StepKind::kDecode, column, 0});
      continue;
    }
    const TypeId type = column_types_[i].id;
    if (const size_t width = FixedWidth(type); width != 0) {
      if (!steps_.empty() && steps_.back().kind == StepKind::kSkipFixed) {
        steps_.back().bytes += static_cast<uint32_t>(width);
      } else {
        steps_.push_back({StepKind::kSkipFixed, column, static_cast<uint32_t>(width)});
      }
      continue;
    }
    switch (type) {
      case TypeId::kNumeric:
      case TypeId::kUnknown:
      case TypeId::kName:
      case TypeId::kChar:
        steps_.push_back({StepKind::kSkipLengthWord, column, 0});
        break;
      case TypeId::kText:
      case TypeId::kVarchar:
      case TypeId::kBytea:
      case TypeId::kBpchar:
      case TypeId::kJson:
      case TypeId::kJsonb:
        steps_.push_back({StepKind::kSkipVarlena, column, 0});
        break;
      default:
        steps_.push_back({types::IsArray(type) ? StepKind::kSkipVarlena : StepKind::kSkipOther, column, 0});
        break;
    }
  }
}

void AppendColumns(std::span<const std::byte> bytes, const ColumnSelection& selection,
                   std::span<std::vector<types::Value>> columns, size_t stored_count,
                   BufferPool* toast_pool) {
  const std::vector<types::Type>& column_types = selection.column_types_;
  CheckShape(stored_count, column_types.size(), selection.wanted_.size(), columns.size());
  // The steps assume every column before the last wanted one is stored and not NULL.
  const size_t last_wanted = selection.last_wanted_;
  const size_t bitmap_size = BitmapSize(stored_count);
  bool plain = stored_count >= last_wanted && bytes.size() >= bitmap_size;
  for (size_t byte = 0; plain && byte * kBitsPerByte < last_wanted; ++byte) {
    const size_t bits = std::min(kBitsPerByte, last_wanted - byte * kBitsPerByte);
    const unsigned mask = (1u << bits) - 1u;
    plain = (std::to_integer<unsigned>(bytes[byte]) & mask) == 0;
  }
  if (!plain) {
    DecodeWanted(bytes, column_types, selection.wanted_, stored_count, toast_pool,
                 [&](size_t i, Value&& value) { columns[i].push_back(std::move(value)); });
    return;
  }
  RowReader reader(bytes);
  reader.Take(bitmap_size);
  for (const ColumnSelection::Step& step : selection.steps_) {
    switch (step.kind) {
      case ColumnSelection::StepKind::kSkipFixed:
        reader.Take(step.bytes);
        break;
      case ColumnSelection::StepKind::kSkipLengthWord:
        reader.LengthPrefixed();
        break;
      case ColumnSelection::StepKind::kSkipVarlena:
        reader.Take(static_cast<uint32_t>(reader.Unsigned(sizeof(uint32_t))) & kLengthMask);
        break;
      case ColumnSelection::StepKind::kSkipOther:
        SkipValue(reader, column_types[step.column]);
        break;
      case ColumnSelection::StepKind::kDecode:
        columns[step.column].push_back(DecodeValue(reader, column_types[step.column], toast_pool));
        break;
    }
  }
  if (last_wanted == column_types.size() && reader.remaining() != 0) {
    throw Error(sqlstate::kDataCorrupted,
                "invalid row data: " + std::to_string(reader.remaining()) +
                    " bytes left over after the last value");
  }
}

void DecodeRow(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
               std::vector<types::Value>& out) {
  DecodeRow(bytes, column_types, out, column_types.size());
}

std::optional<FixedColumnProbe> FixedColumnProbe::Make(const std::vector<types::Type>& column_types,
                                                        size_t column) {
  if (column >= column_types.size()) return std::nullopt;
  switch (column_types[column].id) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      break;
    default:
      return std::nullopt;
  }
  FixedColumnProbe probe;
  probe.column_ = column;
  probe.width_ = FixedWidth(column_types[column].id);
  for (size_t i = 0; i < column; ++i) {
    const size_t width = FixedWidth(column_types[i].id);
    if (width == 0) return std::nullopt;
    probe.offset_ += width;
  }
  return probe;
}

std::vector<std::span<const std::byte>> ExternalPointers(
    std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
    size_t stored_count) {
  std::vector<std::span<const std::byte>> pointers;
  if (stored_count > column_types.size()) return pointers;
  RowReader reader(bytes);
  const std::span<const std::byte> bitmap = reader.Take(BitmapSize(stored_count));
  for (size_t i = 0; i < stored_count; ++i) {
    if ((std::to_integer<unsigned>(bitmap[i / kBitsPerByte]) >> (i % kBitsPerByte) & 1u) != 0) {
      continue;
    }
    if (!types::IsToastable(column_types[i].id)) {
      DecodeValue(reader, column_types[i], nullptr);  // skips it
      continue;
    }
    const auto word = static_cast<uint32_t>(reader.Unsigned(sizeof(uint32_t)));
    const std::span<const std::byte> payload = reader.Take(word & kLengthMask);
    if ((word & kExternalFlag) != 0) pointers.push_back(payload);
  }
  return pointers;
}

}  // namespace granary::storage
