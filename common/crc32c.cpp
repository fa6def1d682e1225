// CRC32C: reflected polynomial 0x82F63B78. The table-driven path works everywhere; on x86-64
// with SSE4.2 the crc32 instruction is used instead, in three interleaved streams for long
// inputs (about 25x faster than the table on 8 KiB pages).
#include "common/crc32c.hpp"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#endif

namespace granary {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78u;

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? kPolynomial : 0u);
    table[i] = crc;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = MakeTable();

uint32_t Crc32cSoftware(uint32_t crc, const unsigned char* bytes, size_t size) {
  for (size_t i = 0; i < size; ++i) crc = kTable[(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
// One stream: a chain of dependent crc32 instructions (3 cycles of latency each).
__attribute__((target("sse4.2"))) uint64_t Crc32cStream(uint64_t crc, const unsigned char* bytes,
                                                        size_t size) {
  while (size >= 8) {
    uint64_t word;
    std::memcpy(&word, bytes, 8);
    crc = _mm_crc32_u64(crc, word);
    bytes += 8;
    size -= 8;
  }
  return crc;
}

// The raw register after `zero_bytes` (a multiple of 8) zero bytes.
__attribute__((target("sse4.2"))) uint32_t Crc32cZeros(uint32_t crc, size_t zero_bytes) {
  uint64_t crc64 = crc;
  for (size_t i = 0; i < zero_bytes / 8; ++i) crc64 = _mm_crc32_u64(crc64, 0);
  return static_cast<uint32_t>(crc64);
}

// Appending n zero bytes to a message is a linear map of the (raw, unconditioned) CRC
// register; ZeroShift tabulates it per register byte for one fixed n, so shifting a register
// costs four table look-ups (Mark Adler's crc32c.c, "crc32c_zeros").
struct ZeroShift {
  std::array<std::array<uint32_t, 256>, 4> table{};

  explicit ZeroShift(size_t zero_bytes) {
    for (uint32_t position = 0; position < 4; ++position) {
      for (uint32_t value = 0; value < 256; ++value) {
        table[position][value] = Crc32cZeros(value << (8 * position), zero_bytes);
      }
    }
  }

  uint32_t Apply(uint32_t crc) const {
    return table[0][crc & 0xFFu] ^ table[1][(crc >> 8) & 0xFFu] ^ table[2][(crc >> 16) & 0xFFu] ^
           table[3][crc >> 24];
  }
};

// Stripe lengths for the three interleaved streams: a long one for whole pages and a short
// one for the rest (Adler's LONG and SHORT; 3 x 2048 + 2 x 3 x 256 covers most of a page).
constexpr size_t kLongStripe = 2048;
constexpr size_t kShortStripe = 256;

// Three streams over three adjacent stripes run in parallel (the crc32 instruction issues one
// per cycle), then the first two are shifted past the stripes that follow them and combined:
// crc(A || B) = shift(crc(A), |B|) ^ crc0(B), where crc0 starts from zero. The result is bit
// for bit the serial CRC.
__attribute__((target("sse4.2"))) uint64_t Crc32cStripes(uint64_t crc, const unsigned char*& bytes,
                                                         size_t& size, size_t stripe,
                                                         const ZeroShift& shift) {
  while (size >= 3 * stripe) {
    uint64_t crc1 = 0;
    uint64_t crc2 = 0;
    const unsigned char* end = bytes + stripe;
    do {
      uint64_t word0, word1, word2;
      std::memcpy(&word0, bytes, 8);
      std::memcpy(&word1, bytes + stripe, 8);
      std::memcpy(&word2, bytes + 2 * stripe, 8);
      crc = _mm_crc32_u64(crc, word0);
      crc1 = _mm_crc32_u64(crc1, word1);
      crc2 = _mm_crc32_u64(crc2, word2);
      bytes += 8;
    } while (bytes < end);
    crc = shift.Apply(static_cast<uint32_t>(crc)) ^ crc1;
    crc = shift.Apply(static_cast<uint32_t>(crc)) ^ crc2;
    bytes += 2 * stripe;
    size -= 3 * stripe;
  }
  return crc;
}

__attribute__((target("sse4.2"))) uint32_t Crc32cHardware(uint32_t crc, const unsigned char* bytes,
                                                          size_t size) {
  static const ZeroShift long_shift(kLongStripe);
  static const ZeroShift short_shift(kShortStripe);
  uint64_t crc64 = crc;
  crc64 = Crc32cStripes(crc64, bytes, size, kLongStripe, long_shift);
  crc64 = Crc32cStripes(crc64, bytes, size, kShortStripe, short_shift);
  crc64 = Crc32cStream(crc64, bytes, size);
  const size_t words = size / 8 * 8;
  bytes += words;
  size -= words;
  crc = static_cast<uint32_t>(crc64);
  while (size > 0) {
    crc = _mm_crc32_u8(crc, *bytes++);
    --size;
  }
  return crc;
}

bool HasSse42() {
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return false;
  return (ecx & bit_SSE4_2) != 0;
}
#endif

}  // namespace

uint32_t Crc32c(uint32_t crc, const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  crc = ~crc;
#if defined(__x86_64__)
  static const bool hardware = HasSse42();
  crc = hardware ? Crc32cHardware(crc, bytes, size) : Crc32cSoftware(crc, bytes, size);
#else
  crc = Crc32cSoftware(crc, bytes, size);
#endif
  return ~crc;
}

}  // namespace granary
