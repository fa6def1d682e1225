// Embedding Granary: the same small inventory program through the C++ API and the C API.
//
// Creates a data directory in a temporary folder, creates a table, inserts rows with
// parameters, reads them back with typed getters (NULLs included), and shows that a rolled
// back transaction leaves no trace. Then reopens the directory through the C API and does
// the same kind of work with granary_prepare/bind/step. Exits non-zero if anything is not
// as expected, so it also runs as a test (ctest -R embedded_example).
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "granary/granary.h"
#include "granary/granary.hpp"

namespace {

int failures = 0;

void Check(bool ok, const std::string& what) {
  if (!ok) {
    std::printf("UNEXPECTED: %s\n", what.c_str());
    ++failures;
  }
}

// ---------------------------------------------------------------------------------------
// C++ API
// ---------------------------------------------------------------------------------------
void CppExample(const std::string& directory) {
  granary::Database::Create(directory);
  granary::Database db = granary::Database::Open(directory);
  granary::Session session = db.Connect();

  session.Execute(
      "CREATE TABLE inventory (id int NOT NULL, name text NOT NULL, qty int,"
      " price numeric(8,2), restocked date)");

  // Parameters $1..$n: integers, text (typed like an untyped literal: '0.50' becomes
  // numeric, '2024-01-05' a date) and NULL (nullptr or an empty std::optional).
  session.Execute("INSERT INTO inventory VALUES ($1, $2, $3, $4, $5)", 1, "apple", 10, "0.50",
                  "2024-01-05");
  session.Execute("INSERT INTO inventory VALUES ($1, $2, $3, $4, $5)", 2, "pear", nullptr,
                  "1.25", std::optional<std::string>());

  // A prepared statement runs many times with different parameters.
  granary::PreparedStatement insert =
      session.Prepare("INSERT INTO inventory (id, name, qty, price) VALUES ($1, $2, $3, $4)");
  const granary::Result third = insert(3, "plum", 7, 2.5);
  Check(third.command_tag() == "INSERT 0 1", "tag of a prepared insert: " + third.command_tag());

  std::printf("C++ API:\n");
  const granary::Result rows =
      session.Execute("SELECT id, name, qty, price, restocked FROM inventory ORDER BY id");
  for (const granary::Row& row : rows) {
    const std::optional<int64_t> qty = row.GetOptionalInt64(2);
    std::printf("  %lld %-5s qty=%-4s price=%s restocked=%s\n",
                static_cast<long long>(row.GetInt64(0)), row.GetString(1).c_str(),
                qty ? std::to_string(*qty).c_str() : "NULL", row.GetString(3).c_str(),
                row.IsNull(4) ? "NULL" : row.GetString(4).c_str());
  }
  Check(rows.row_count() == 3, "three rows");
  Check(rows.columns()[3].type_oid == 1700, "price is numeric (OID 1700)");
  Check(rows.row(2).GetString(3) == "2.50", "numeric keeps its scale: " + rows.row(2).GetString(3));
  Check(rows.row(1).IsNull(2), "pear's qty is NULL");

  // A transaction that is rolled back leaves the table as it was.
  session.Begin();
  session.Execute("UPDATE inventory SET qty = 0");
  session.Execute("DELETE FROM inventory WHERE id = 1");
  Check(session.transaction_status() == 'T', "inside a transaction block");
  session.Rollback();
  const granary::Result after = session.Execute("SELECT sum(qty), count(*) FROM inventory");
  std::printf("  after rollback: sum(qty)=%s count=%lld\n", after.row(0).GetString(0).c_str(),
              static_cast<long long>(after.row(0).GetInt64(1)));
  Check(after.row(0).GetInt64(0) == 17 && after.row(0).GetInt64(1) == 3, "rollback undid all");

  // Errors are granary::Error with the SQLSTATE PostgreSQL would report.
  try {
    session.Execute("INSERT INTO inventory (id, name) VALUES (4, NULL)");
    Check(false, "inserting NULL into a NOT NULL column must fail");
  } catch (const granary::Error& error) {
    std::printf("  expected error %s: %s\n", error.sqlstate().c_str(), error.message().c_str());
    Check(error.sqlstate() == "23502", "not_null_violation");
  }
  db.Close();
}

// ---------------------------------------------------------------------------------------
// C API (same directory, reopened after the C++ Database was closed)
// ---------------------------------------------------------------------------------------
void CExample(const std::string& directory) {
  granary_db* db = nullptr;
  if (granary_open(directory.c_str(), &db) != GRANARY_OK) {
    Check(false, std::string("granary_open: ") + granary_errmsg(db));
    granary_close(db);
    return;
  }
  std::printf("C API:\n");

  // granary_exec runs statements without results; a rolled back insert is not kept.
  Check(granary_exec(db, "BEGIN") == GRANARY_OK, "BEGIN");
  Check(granary_exec(db, "INSERT INTO inventory (id, name) VALUES (9, 'ghost')") == GRANARY_OK,
        "insert in a transaction");
  Check(granary_changes(db) == 1, "one row changed");
  Check(granary_exec(db, "ROLLBACK") == GRANARY_OK, "ROLLBACK");

  granary_stmt* update = nullptr;
  Check(granary_prepare(db, "UPDATE inventory SET qty = $1 WHERE id = $2", &update) == GRANARY_OK,
        "prepare update");
  granary_bind_int64(update, 1, 42);
  granary_bind_int64(update, 2, 2);
  Check(granary_step(update) == GRANARY_DONE, "update runs to completion");
  Check(granary_changes(db) == 1, "update changed one row");
  granary_finalize(update);

  granary_stmt* query = nullptr;
  Check(granary_prepare(db, "SELECT id, name, qty, price FROM inventory WHERE price >= $1 ORDER BY id",
                        &query) == GRANARY_OK,
        "prepare select");
  granary_bind_text(query, 1, "1.00");
  int rows = 0;
  while (granary_step(query) == GRANARY_ROW) {
    ++rows;
    const char* qty = granary_column_is_null(query, 2) ? "NULL" : granary_column_text(query, 2);
    std::printf("  %lld %-5s qty=%-4s price=%.2f (%s)\n",
                static_cast<long long>(granary_column_int64(query, 0)), granary_column_text(query, 1),
                qty, granary_column_double(query, 3), granary_column_text(query, 3));
  }
  Check(rows == 2, "two rows priced from 1.00");
  Check(granary_column_count(query) == 4, "four columns");
  Check(std::string(granary_column_name(query, 1)) == "name", "column name");

  // Run it again with another binding: bindings are kept across granary_reset.
  granary_reset(query);
  granary_bind_null(query, 1);
  Check(granary_step(query) == GRANARY_DONE, "price >= NULL matches nothing");
  granary_finalize(query);

  // Errors keep their message and SQLSTATE on the handle.
  Check(granary_exec(db, "SELECT 1 / 0") == GRANARY_ERROR, "division by zero fails");
  std::printf("  expected error %s: %s\n", granary_sqlstate(db), granary_errmsg(db));
  Check(std::string(granary_sqlstate(db)) == "22012", "division_by_zero");
  Check(granary_exec(db, "SELECT 1") == GRANARY_OK && std::string(granary_sqlstate(db)) == "00000",
        "the next call clears the error");

  Check(granary_close(db) == GRANARY_OK, "close");
}

}  // namespace

int main() {
  std::string scratch = (std::filesystem::temp_directory_path() / "granary-example-XXXXXX").string();
  if (mkdtemp(scratch.data()) == nullptr) {
    std::perror("mkdtemp");
    return 1;
  }
  const std::string directory = scratch + "/data";
  try {
    CppExample(directory);
    CExample(directory);
  } catch (const granary::Error& error) {
    std::printf("UNEXPECTED: %s (SQLSTATE %s)\n", error.what(), error.sqlstate().c_str());
    ++failures;
  }
  std::filesystem::remove_all(scratch);
  std::printf(failures == 0 ? "example finished\n" : "example FAILED\n");
  return failures == 0 ? 0 : 1;
}
