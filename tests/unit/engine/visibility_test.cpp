// Row visibility between sessions, through every scan kind: rows of a transaction still in
// progress, of one rolled back, and of one that committed after a REPEATABLE READ snapshot
// was taken stay invisible, while rows whose inserter ended before the snapshot (the
// visibility test's fast path: storage::TransactionManager::IsVisible) are seen exactly when
// it committed. Each count is asked of a sequential scan and of index scans.
#include <catch2/catch.hpp>

#include <string>

#include "concurrency_helpers.hpp"
#include "granary/granary.hpp"

using granary::Session;
using granary::testing::Scalar;
using Fixture = granary::testing::AccountsFixture;

namespace {

// The rows of `where` counted by a sequential scan and by an index scan (the primary key's
// range, or the category index), which must agree.
int64_t CountBothWays(Session& session, const std::string& where) {
  session.Execute("SET enable_indexscan = off");
  const int64_t sequential = Scalar(session, "SELECT count(*) FROM items WHERE " + where);
  session.Execute("RESET enable_indexscan");
  session.Execute("SET enable_seqscan = off");
  const int64_t by_index = Scalar(session, "SELECT count(*) FROM items WHERE " + where);
  session.Execute("RESET enable_seqscan");
  CHECK(sequential == by_index);
  return sequential;
}

void InsertRange(Session& session, int first, int last) {
  session.Execute("INSERT INTO items SELECT i, i % 4, 'row ' || i FROM generate_series(" + std::to_string(first) +
                  ", " + std::to_string(last) + ") AS s(i)");
}

}  // namespace

TEST_CASE("rows of running, rolled-back and later-committed transactions stay invisible",
          "[engine][visibility]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  Session reader = fixture.db.Connect();
  a.Execute("CREATE TABLE items (id int PRIMARY KEY, category int NOT NULL, label text NOT NULL)");
  a.Execute("CREATE INDEX items_category ON items (category)");

  InsertRange(a, 1, 200);  // committed
  a.Execute("BEGIN");
  InsertRange(a, 201, 400);
  a.Execute("ROLLBACK");
  b.Execute("BEGIN");
  InsertRange(b, 401, 600);  // b stays in progress

  // a's rolled-back xid ended before the reader's snapshots; b's runs.
  CHECK(CountBothWays(reader, "id BETWEEN 1 AND 1000") == 200);
  CHECK(CountBothWays(reader, "category = 1") == 50);
  CHECK(CountBothWays(b, "id BETWEEN 1 AND 1000") == 400);  // its own rows too

  // A REPEATABLE READ snapshot taken while b runs keeps b's rows out after b commits; a new
  // snapshot sees them, now through the fast path (b ended before it was taken).
  reader.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  CHECK(CountBothWays(reader, "id BETWEEN 1 AND 1000") == 200);
  b.Execute("COMMIT");
  CHECK(CountBothWays(reader, "id BETWEEN 1 AND 1000") == 200);
  reader.Execute("COMMIT");
  CHECK(CountBothWays(reader, "id BETWEEN 1 AND 1000") == 400);
  CHECK(CountBothWays(reader, "category = 1") == 100);

  // A delete that is rolled back leaves the rows; one in progress hides them only from itself.
  a.Execute("BEGIN");
  a.Execute("DELETE FROM items WHERE id <= 100");
  a.Execute("ROLLBACK");
  b.Execute("BEGIN");
  b.Execute("DELETE FROM items WHERE id > 500");
  CHECK(CountBothWays(reader, "id BETWEEN 1 AND 1000") == 400);
  CHECK(CountBothWays(b, "id BETWEEN 1 AND 1000") == 300);
  b.Execute("COMMIT");
  CHECK(CountBothWays(reader, "id BETWEEN 1 AND 1000") == 300);
}
