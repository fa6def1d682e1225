// Anonymous records: the descriptor registry, and record_out, record_send, btrecordcmp and
// hash_record over `Record` values (PostgreSQL's rowtypes.c).
#include "types/record.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <mutex>

#include "types/value_internal.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

struct Registry {
  std::mutex mutex;
  std::deque<RecordDescriptor> descriptors;  // a deque: registered entries never move
};

Registry& TheRegistry() {
  static Registry registry;
  return registry;
}

template <typename T>
void AppendBigEndian(std::string& out, T value) {
  for (int shift = static_cast<int>(sizeof(T) * 8) - 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((static_cast<uint64_t>(value) >> shift) & 0xFF));
  }
}

}  // namespace

int32_t RegisterRecordType(RecordDescriptor descriptor) {
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  for (size_t i = 0; i < registry.descriptors.size(); ++i) {
    if (registry.descriptors[i] == descriptor) return static_cast<int32_t>(i);
  }
  registry.descriptors.push_back(std::move(descriptor));
  return static_cast<int32_t>(registry.descriptors.size() - 1);
}

const RecordDescriptor* RecordTypeOf(const Type& type) {
  if (type.id != TypeId::kRecord || type.typmod < 0) return nullptr;
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  if (static_cast<size_t>(type.typmod) >= registry.descriptors.size()) return nullptr;
  return &registry.descriptors[static_cast<size_t>(type.typmod)];
}

Value MakeRecord(std::vector<Value> fields, int32_t descriptor) {
  auto record = std::make_shared<Record>();
  record->fields = std::move(fields);
  record->descriptor = descriptor;
  return Value::OfRecord(std::move(record));
}

std::string RecordToText(const Record& record) {
  std::string out = "(";
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    const Value& field = record.fields[i];
    if (field.is_null()) continue;
    const std::string text = ToText(field);
    bool quote = text.empty();
    for (char c : text) {
      quote |= c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' ||
               std::isspace(static_cast<unsigned char>(c));
    }
    if (!quote) {
      out += text;
      continue;
    }
    out.push_back('"');
    for (char c : text) {
      if (c == '"' || c == '\\') out.push_back(c);
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back(')');
  return out;
}

void AppendRecordBinary(const Record& record, std::string& out) {
  AppendBigEndian<int32_t>(out, static_cast<int32_t>(record.fields.size()));
  for (const Value& field : record.fields) {
    AppendBigEndian<uint32_t>(out, InfoOf(field.type()).oid);
    if (field.is_null()) {
      AppendBigEndian<int32_t>(out, -1);
      continue;
    }
    std::string bytes;
    AppendBinary(field, bytes);
    AppendBigEndian<int32_t>(out, static_cast<int32_t>(bytes.size()));
    out += bytes;
  }
}

int CompareRecords(const Record& left, const Record& right) {
  const size_t shared = std::min(left.fields.size(), right.fields.size());
  for (size_t i = 0; i < shared; ++i) {
    const Value& a = left.fields[i];
    const Value& b = right.fields[i];
    if (a.is_null() || b.is_null()) {
      if (a.is_null() && b.is_null()) continue;
      return a.is_null() ? 1 : -1;
    }
    if (const int order = Compare(a, b); order != 0) return order;
  }
  if (left.fields.size() == right.fields.size()) return 0;
  return left.fields.size() < right.fields.size() ? -1 : 1;
}

size_t HashRecord(const Record& record) {
  // hash_record: result = result * 31 + field hash, NULL hashing as 0.
  uint64_t result = 0;
  for (const Value& field : record.fields) {
    result = result * 31 + (field.is_null() ? 0 : Hash(field));
  }
  return static_cast<size_t>(value_internal::HashInt64(static_cast<int64_t>(result)));
}

}  // namespace granary::types
