#include "executor/spill/spill_file.hpp"

#include <cstring>
#include <memory>
#include <type_traits>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/record.hpp"

namespace granary::executor {
namespace {

constexpr size_t kWriteBufferBytes = 8192;
constexpr size_t kReadBufferBytes = 8192;

// What a value's payload is (the alternative of Value's variant).
enum class PayloadKind : uint8_t { kNull, kBool, kInt, kDouble, kString, kNumeric, kInterval, kArray, kRecord };

template <typename T>
void AppendFixed(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void EncodeValue(const types::Value& value, std::string& out);

void EncodeValues(std::span<const types::Value> values, std::string& out) {
  AppendFixed<uint32_t>(out, static_cast<uint32_t>(values.size()));
  for (const types::Value& value : values) EncodeValue(value, out);
}

void EncodeValue(const types::Value& value, std::string& out) {
  out.push_back(static_cast<char>(value.type()));
  value.VisitPayload([&out](const auto& payload) {
    using T = std::decay_t<decltype(payload)>;
    if constexpr (std::is_same_v<T, std::monostate>) {
      out.push_back(static_cast<char>(PayloadKind::kNull));
    } else if constexpr (std::is_same_v<T, bool>) {
      out.push_back(static_cast<char>(PayloadKind::kBool));
      out.push_back(payload ? 1 : 0);
    } else if constexpr (std::is_same_v<T, int64_t>) {
      out.push_back(static_cast<char>(PayloadKind::kInt));
      AppendFixed(out, payload);
    } else if constexpr (std::is_same_v<T, double>) {
      out.push_back(static_cast<char>(PayloadKind::kDouble));
      AppendFixed(out, payload);
    } else if constexpr (std::is_same_v<T, std::string>) {
      out.push_back(static_cast<char>(PayloadKind::kString));
      AppendFixed<uint32_t>(out, static_cast<uint32_t>(payload.size()));
      out += payload;
    } else if constexpr (std::is_same_v<T, types::Numeric>) {
      out.push_back(static_cast<char>(PayloadKind::kNumeric));
      std::string bytes;
      payload.AppendSerialized(bytes);
      AppendFixed<uint32_t>(out, static_cast<uint32_t>(bytes.size()));
      out += bytes;
    } else if constexpr (std::is_same_v<T, types::Interval>) {
      out.push_back(static_cast<char>(PayloadKind::kInterval));
      AppendFixed(out, payload.time);
      AppendFixed(out, payload.day);
      AppendFixed(out, payload.month);
    } else if constexpr (std::is_same_v<T, std::shared_ptr<const types::Array>>) {
      out.push_back(static_cast<char>(PayloadKind::kArray));
      out.push_back(static_cast<char>(payload->element_type));
      AppendFixed<uint32_t>(out, static_cast<uint32_t>(payload->dimensions.size()));
      for (const types::ArrayDimension& dimension : payload->dimensions) {
        AppendFixed(out, dimension.length);
        AppendFixed(out, dimension.lower_bound);
      }
      EncodeValues(payload->elements, out);
    } else {
      static_assert(std::is_same_v<T, std::shared_ptr<const types::Record>>);
      out.push_back(static_cast<char>(PayloadKind::kRecord));
      AppendFixed(out, payload->descriptor);
      EncodeValues(payload->fields, out);
    }
  });
}

[[noreturn]] void Malformed() { throw Error(sqlstate::kDataCorrupted, "malformed row in temporary file"); }

struct Cursor {
  std::string_view bytes;
  size_t offset = 0;

  std::string_view Take(size_t count) {
    if (bytes.size() - offset < count) Malformed();
    const std::string_view part = bytes.substr(offset, count);
    offset += count;
    return part;
  }
  template <typename T>
  T Fixed() {
    T value;
    std::memcpy(&value, Take(sizeof(T)).data(), sizeof(T));
    return value;
  }
};

types::Value DecodeValue(Cursor& cursor);

std::vector<types::Value> DecodeValues(Cursor& cursor) {
  const uint32_t count = cursor.Fixed<uint32_t>();
  if (count > cursor.bytes.size()) Malformed();
  std::vector<types::Value> values;
  values.reserve(count);
  for (uint32_t i = 0; i < count; ++i) values.push_back(DecodeValue(cursor));
  return values;
}

types::Value DecodeValue(Cursor& cursor) {
  const auto type = static_cast<types::TypeId>(cursor.Fixed<uint8_t>());
  switch (static_cast<PayloadKind>(cursor.Fixed<uint8_t>())) {
    case PayloadKind::kNull: return types::Value::Null(type);
    case PayloadKind::kBool: return types::Value::Bool(cursor.Fixed<uint8_t>() != 0).Retag(type);
    case PayloadKind::kInt: return types::Value::OfInt(type, cursor.Fixed<int64_t>());
    case PayloadKind::kDouble: return types::Value::Float8(cursor.Fixed<double>()).Retag(type);
    case PayloadKind::kString: {
      const uint32_t size = cursor.Fixed<uint32_t>();
      return types::Value::OfString(type, std::string(cursor.Take(size)));
    }
    case PayloadKind::kNumeric: {
      const uint32_t size = cursor.Fixed<uint32_t>();
      return types::Value::OfNumeric(types::Numeric::Deserialize(cursor.Take(size))).Retag(type);
    }
    case PayloadKind::kInterval: {
      types::Interval interval;
      interval.time = cursor.Fixed<int64_t>();
      interval.day = cursor.Fixed<int32_t>();
      interval.month = cursor.Fixed<int32_t>();
      return types::Value::OfInterval(interval).Retag(type);
    }
    case PayloadKind::kArray: {
      auto array = std::make_shared<types::Array>();
      array->element_type = static_cast<types::TypeId>(cursor.Fixed<uint8_t>());
      const uint32_t dimensions = cursor.Fixed<uint32_t>();
      if (dimensions > static_cast<uint32_t>(types::kMaxArrayDimensions)) Malformed();
      for (uint32_t d = 0; d < dimensions; ++d) {
        types::ArrayDimension dimension;
        dimension.length = cursor.Fixed<int32_t>();
        dimension.lower_bound = cursor.Fixed<int32_t>();
        array->dimensions.push_back(dimension);
      }
      array->elements = DecodeValues(cursor);
      return types::Value::OfArray(type, std::move(array));
    }
    case PayloadKind::kRecord: {
      auto record = std::make_shared<types::Record>();
      record->descriptor = cursor.Fixed<int32_t>();
      record->fields = DecodeValues(cursor);
      return types::Value::OfRecord(std::move(record)).Retag(type);
    }
  }
  Malformed();
}

}  // namespace

size_t EstimateBytes(const types::Value& value) {
  size_t owned = 0;
  value.VisitPayload([&owned](const auto& payload) {
    using T = std::decay_t<decltype(payload)>;
    if constexpr (std::is_same_v<T, std::string>) {
      // Short strings live inside the std::string (small-string optimisation).
      if (payload.capacity() > 15) owned = payload.capacity() + 1;
    } else if constexpr (std::is_same_v<T, types::Numeric>) {
      owned = 32;
    } else if constexpr (std::is_same_v<T, std::shared_ptr<const types::Array>>) {
      owned = sizeof(types::Array) + 16 + EstimateRowBytes(payload->elements);
    } else if constexpr (std::is_same_v<T, std::shared_ptr<const types::Record>>) {
      owned = sizeof(types::Record) + 16 + EstimateRowBytes(payload->fields);
    }
  });
  return sizeof(types::Value) + owned;
}

size_t EstimateRowBytes(std::span<const types::Value> row) {
  size_t bytes = 0;
  for (const types::Value& value : row) bytes += EstimateBytes(value);
  return bytes;
}

void EncodeSpillRow(std::span<const types::Value> row, std::string& out) { EncodeValues(row, out); }

void DecodeSpillRow(std::string_view bytes, std::vector<types::Value>& row) {
  // Into the caller's vector, keeping its capacity (a hash join decodes a row per partner).
  Cursor cursor{bytes};
  const uint32_t count = cursor.Fixed<uint32_t>();
  if (count > cursor.bytes.size()) Malformed();
  row.clear();
  for (uint32_t i = 0; i < count; ++i) row.push_back(DecodeValue(cursor));
  if (cursor.offset != bytes.size()) Malformed();
}

void SpillWriter::Write(std::span<const types::Value> row) {
  const size_t start = buffer_.size();
  AppendFixed<uint32_t>(buffer_, 0);
  EncodeSpillRow(row, buffer_);
  const auto length = static_cast<uint32_t>(buffer_.size() - start - sizeof(uint32_t));
  std::memcpy(buffer_.data() + start, &length, sizeof(length));
  ++rows_;
  if (buffer_.size() >= kWriteBufferBytes) Flush();
}

void SpillWriter::WriteBatchRow(const Batch& batch, size_t row) {
  scratch_.clear();
  for (const Column& column : batch.columns) scratch_.push_back(column[row]);
  Write(scratch_);
}

void SpillWriter::Flush() {
  if (buffer_.empty()) return;
  file_.Append(std::as_bytes(std::span<const char>(buffer_.data(), buffer_.size())));
  buffer_.clear();
}

bool SpillReader::Fill(size_t count) {
  if (buffer_.size() - offset_ >= count) return true;
  buffer_.erase(0, offset_);
  offset_ = 0;
  while (buffer_.size() < count) {
    if (position_ >= end_) return false;
    const size_t want = static_cast<size_t>(std::min<uint64_t>(std::max(kReadBufferBytes, count - buffer_.size()),
                                                               end_ - position_));
    const size_t old_size = buffer_.size();
    buffer_.resize(old_size + want);
    const size_t read =
        file_->ReadAt(position_, std::as_writable_bytes(std::span<char>(buffer_.data() + old_size, want)));
    buffer_.resize(old_size + read);
    position_ += read;
    if (read == 0) Malformed();
  }
  return true;
}

bool SpillReader::Read(std::vector<types::Value>& row) {
  if (!Fill(sizeof(uint32_t))) {
    if (buffer_.size() != offset_) Malformed();
    return false;
  }
  uint32_t length = 0;
  std::memcpy(&length, buffer_.data() + offset_, sizeof(length));
  if (!Fill(sizeof(uint32_t) + length)) Malformed();
  DecodeSpillRow(std::string_view(buffer_).substr(offset_ + sizeof(uint32_t), length), row);
  offset_ += sizeof(uint32_t) + length;
  return true;
}

bool SpillReader::ReadBatch(Batch& out, size_t width) {
  out.Reset(width);
  while (out.row_count < kBatchSize && Read(row_)) {
    if (row_.size() != width) Malformed();
    out.AppendRow(std::move(row_));
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
