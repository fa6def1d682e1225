// Little-endian byte encoding for WAL records: an appending writer and a bounds-checked reader.
//
// Every multi-byte field in the WAL is little endian, written and read one byte at a time, so
// the format does not depend on the host. ByteReader never reads past its span: a short or
// malformed payload raises XX001 (data_corrupted) naming what was being decoded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace granary::storage {

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<std::byte>& out) : out_(out) {}
  void U8(uint8_t value) { out_.push_back(static_cast<std::byte>(value)); }
  void U16(uint16_t value) { Unsigned(value, 2); }
  void U32(uint32_t value) { Unsigned(value, 4); }
  void U64(uint64_t value) { Unsigned(value, 8); }
  void Bytes(std::span<const std::byte> bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }

 private:
  void Unsigned(uint64_t value, size_t width) {
    for (size_t i = 0; i < width; ++i) out_.push_back(static_cast<std::byte>(value >> (8 * i)));
  }
  std::vector<std::byte>& out_;
};

class ByteReader {
 public:
  // `what` names the payload in error messages ("heap insert record").
  ByteReader(std::span<const std::byte> bytes, std::string what)
      : bytes_(bytes), what_(std::move(what)) {}
  uint8_t U8() { return static_cast<uint8_t>(Unsigned(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Unsigned(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Unsigned(4)); }
  uint64_t U64() { return Unsigned(8); }
  std::span<const std::byte> Bytes(size_t size);
  std::span<const std::byte> Rest() { return Bytes(remaining()); }
  size_t remaining() const { return bytes_.size() - position_; }
  // Raises XX001 unless every byte was consumed.
  void ExpectEnd() const;

 private:
  uint64_t Unsigned(size_t width);
  [[noreturn]] void ThrowShort() const;

  std::span<const std::byte> bytes_;
  size_t position_ = 0;
  std::string what_;
};

// Little-endian load/store at a fixed offset (record and block headers).
inline void StoreLittle(std::byte* at, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i) at[i] = static_cast<std::byte>(value >> (8 * i));
}
inline uint64_t LoadLittle(const std::byte* at, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value |= std::to_integer<uint64_t>(at[i]) << (8 * i);
  return value;
}

}  // namespace granary::storage
