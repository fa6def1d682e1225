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
