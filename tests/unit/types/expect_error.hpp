// Test helper: run an expression that must raise granary::Error and check its SQLSTATE and
// message (PostgreSQL's exact wording is part of the contract of the types module).
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "granary/error.hpp"

namespace granary::types::testing {

template <typename Body>
granary::Error ExpectError(Body&& body) {
  try {
    body();
  } catch (const granary::Error& error) {
    return error;
  }
  FAIL("expected a granary::Error");
  return granary::Error("XX000", "unreachable");
}

}  // namespace granary::types::testing

// REQUIRE_ERROR(expression, "22003", "integer out of range")
#define REQUIRE_ERROR(expression, expected_sqlstate, expected_message)       \
  do {                                                                       \
    const granary::Error caught_error =                                      \
        ::granary::types::testing::ExpectError([&] { (void)(expression); }); \
    CHECK(caught_error.sqlstate() == std::string(expected_sqlstate));        \
    CHECK(caught_error.message() == std::string(expected_message));          \
  } while (false)
