// bytea functions (after PostgreSQL 15's varlena.c bytea_substring, byteaGetByte,
// byteaSetByte, byteacat; encode.c binary_encode/binary_decode; md5_bytea; sha256).
#include "types/functions/bytea_functions.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "auth/crypto.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/bytea.hpp"
#include "types/varlena_limits.hpp"

namespace granary::types {
namespace {

// The 0-based byte index `args[1]` of `bytes`, or 2202E as byteaGetByte words it.
size_t ByteIndex(const std::string& bytes, int64_t index) {
  if (index < 0 || static_cast<uint64_t>(index) >= bytes.size()) {
    throw Error(sqlstate::kArraySubscriptError,
                "index " + std::to_string(index) + " out of valid range, 0.." +
                    std::to_string(static_cast<int64_t>(bytes.size()) - 1));
  }
  return static_cast<size_t>(index);
}

}  // namespace

Value ByteaLength(std::span<const Value> args) {
  return Value::Int4(static_cast<int64_t>(args[0].AsString().size()));
}

Value ByteaSubstring(std::span<const Value> args) {
  const std::string& bytes = args[0].AsString();
  const int64_t start = args[1].AsInt();
  const int64_t first = std::max<int64_t>(start, 1);
  if (args.size() < 3) {
    if (static_cast<uint64_t>(first - 1) >= bytes.size()) return Value::Bytea("");
    return Value::Bytea(bytes.substr(static_cast<size_t>(first - 1)));
  }
  const int64_t count = args[2].AsInt();
  if (count < 0) throw Error(sqlstate::kSubstringError, "negative substring length not allowed");
  const int64_t end = start + count;  // int4 inputs: no overflow in int64
  if (end <= first || static_cast<uint64_t>(first - 1) >= bytes.size()) return Value::Bytea("");
  return Value::Bytea(bytes.substr(static_cast<size_t>(first - 1), static_cast<size_t>(end - first)));
}

Value ByteaConcatenate(std::span<const Value> args) {
  const std::string& left = args[0].AsString();
  const std::string& right = args[1].AsString();
  CheckValueSize(left.size() + right.size());
  std::string out;
  out.reserve(left.size() + right.size());
  out += left;
  out += right;
  return Value::Bytea(std::move(out));
}

Value Encode(std::span<const Value> args) {
  return Value::Text(EncodeBytes(args[0].AsString(), args[1].AsString()));
}

Value Decode(std::span<const Value> args) {
  return Value::Bytea(DecodeBytes(args[0].AsString(), args[1].AsString()));
}

Value GetByte(std::span<const Value> args) {
  const std::string& bytes = args[0].AsString();
  return Value::Int4(static_cast<unsigned char>(bytes[ByteIndex(bytes, args[1].AsInt())]));
}

Value SetByte(std::span<const Value> args) {
  std::string bytes = args[0].AsString();
  bytes[ByteIndex(bytes, args[1].AsInt())] = static_cast<char>(args[2].AsInt() & 0xFF);
  return Value::Bytea(std::move(bytes));
}

Value Md5(std::span<const Value> args) { return Value::Text(auth::Md5Hex(args[0].AsString())); }

Value Sha256(std::span<const Value> args) { return Value::Bytea(auth::Sha256(args[0].AsString())); }

}  // namespace granary::types
