// Small helpers the engine's Catch2 tests share.
#pragma once

#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "granary/granary.hpp"

namespace granary::testing {

// The SQLSTATE `action` fails with, or "none" when it succeeds.
inline std::string SqlState(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.sqlstate();
  }
  return "none";
}

// The single value of a one-row, one-column query, as text ("NULL" for null).
inline std::string One(Session& session, const std::string& sql) {
  Result result = session.Execute(sql);
  REQUIRE(result.row_count() == 1);
  return result.row(0).IsNull(0) ? "NULL" : result.row(0).GetString(0);
}

}  // namespace granary::testing
