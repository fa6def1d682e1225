#include <catch2/catch.hpp>

#include <string>

#include "common/crc32c.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

TEST_CASE("crc32c matches the published check value", "[common][crc32c]") {
  const std::string check = "123456789";
  REQUIRE(granary::Crc32c(0, check.data(), check.size()) == 0xE3069283u);
}

TEST_CASE("crc32c can be computed incrementally", "[common][crc32c]") {
  const std::string text = "the quick brown fox jumps over the lazy dog, twice over";
  const uint32_t whole = granary::Crc32c(0, text.data(), text.size());
  const uint32_t first = granary::Crc32c(0, text.data(), 17);
  REQUIRE(granary::Crc32c(first, text.data() + 17, text.size() - 17) == whole);
}

TEST_CASE("errors carry the protocol's fields", "[common][error]") {
  granary::Error error = granary::Error(granary::sqlstate::kDivisionByZero, "division by zero")
                             .WithHint("check the divisor")
                             .WithPosition(8);
  REQUIRE(error.sqlstate() == "22012");
  REQUIRE(error.hint() == "check the divisor");
  REQUIRE(error.position() == 8);
  REQUIRE(std::string(error.what()) == "ERROR:  division by zero");
  REQUIRE(granary::sqlstate::ConditionName("42601") == "syntax_error");
}

namespace {

// The definition, one bit at a time: the reference the fast paths must equal.
uint32_t Crc32cBitwise(const unsigned char* bytes, size_t size) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) != 0 ? 0x82F63B78u : 0u);
  }
  return ~crc;
}

}  // namespace

TEST_CASE("crc32c over long inputs (interleaved streams) equals the bitwise definition",
          "[common][crc32c]") {
  // Lengths around the stripe sizes (3 x 2048 and 3 x 256) and a page, at odd offsets.
  std::string bytes(3 * 8192 + 64, '\0');
  uint32_t state = 12345;
  for (char& byte : bytes) {
    state = state * 1103515245u + 12345u;
    byte = static_cast<char>(state >> 23);
  }
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  for (size_t size : {size_t{0}, size_t{7}, size_t{8}, size_t{767}, size_t{768}, size_t{769},
                      size_t{1543}, size_t{6143}, size_t{6144}, size_t{6145}, size_t{7679},
                      size_t{8180}, size_t{8192}, size_t{12288}, size_t{3 * 8192}}) {
    for (size_t offset : {size_t{0}, size_t{1}, size_t{5}, size_t{8}}) {
      INFO("size " << size << " offset " << offset);
      REQUIRE(granary::Crc32c(0, data + offset, size) == Crc32cBitwise(data + offset, size));
    }
  }
  // Split anywhere, the chained value is the whole one.
  const uint32_t whole = granary::Crc32c(0, data, 8192);
  for (size_t split : {size_t{1}, size_t{8}, size_t{12}, size_t{2048}, size_t{6144}, size_t{8191}}) {
    INFO("split " << split);
    REQUIRE(granary::Crc32c(granary::Crc32c(0, data, split), data + split, 8192 - split) == whole);
  }
}
