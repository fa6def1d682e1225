// ByteReader: bounds-checked decoding of WAL payloads.
#include "storage/wal/wal_bytes.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {

std::span<const std::byte> ByteReader::Bytes(size_t size) {
  if (size > remaining()) ThrowShort();
  const std::span<const std::byte> out = bytes_.subspan(position_, size);
  position_ += size;
  return out;
}

uint64_t ByteReader::Unsigned(size_t width) {
  if (width > remaining()) ThrowShort();
  const uint64_t value = LoadLittle(bytes_.data() + position_, width);
  position_ += width;
  return value;
}

void ByteReader::ExpectEnd() const {
  if (remaining() != 0) {
    throw Error(sqlstate::kDataCorrupted, "invalid " + what_ + ": " +
                                              std::to_string(remaining()) + " trailing bytes");
  }
}

void ByteReader::ThrowShort() const {
  throw Error(sqlstate::kDataCorrupted, "invalid " + what_ + ": payload too short");
}

}  // namespace granary::storage
