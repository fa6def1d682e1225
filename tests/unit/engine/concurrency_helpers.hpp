// Helpers for tests that run sessions on several threads: the SQLSTATE an action raised,
// one-value queries, "is it still blocked", and a database with a small accounts table.
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <string_view>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

namespace granary::testing {

// The SQLSTATE `action` raised, or "none".
inline std::string SqlState(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.sqlstate();
  }
  return "none";
}

inline int64_t Scalar(Session& session, std::string_view sql) {
  return session.Execute(sql).row(0).GetInt64(0);
}

// Whether `future` is still running after a pause long enough for it to have finished had it
// not been blocked.
template <typename T>
bool StillWaiting(std::future<T>& future) {
  return future.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout;
}

// A database with accounts(id int PRIMARY KEY, balance int NOT NULL): ids 1..10, 100 each.
struct AccountsFixture {
  TempDataDirectory directory;
  Database db;
  AccountsFixture() : db((Database::Create(directory.path()), Database::Open(directory.path()))) {
    Session setup = db.Connect();
    setup.Execute("SET synchronous_commit = off");
    setup.Execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
    setup.Execute(
        "INSERT INTO accounts VALUES (1, 100), (2, 100), (3, 100), (4, 100), (5, 100), "
        "(6, 100), (7, 100), (8, 100), (9, 100), (10, 100)");
  }
};

}  // namespace granary::testing
