// The catalog over real storage: bootstrap rows, transactional CREATE/DROP, lookups.
#include <catch2/catch.hpp>

#include "../storage/temp_directory.hpp"
#include "catalog/catalog.hpp"
#include "granary/error.hpp"
#include "storage/env/env.hpp"

using granary::catalog::Catalog;
using granary::catalog::ColumnSchema;
using granary::catalog::TableSchema;
using granary::storage::CommandId;
using granary::types::Type;
using granary::types::TypeId;

namespace {

// Storage, transactions and a bootstrapped catalog in a scratch directory.
struct Fixture {
  granary::storage::testing::TempDirectory directory;
  granary::storage::StorageManager storage{granary::storage::DefaultEnv(), directory.path()};
  bool files_ready = CreateFiles();  // before the transaction manager reads the commit log
  granary::storage::BufferPool pool{storage, 32};
  granary::storage::TransactionManager transactions{pool, granary::storage::kFirstNormalXid};
  Catalog catalog{pool, transactions, 16384};

  bool CreateFiles() {
    granary::storage::DefaultEnv().CreateDirectory(directory.path() + "/base");
    storage.Create(granary::storage::kCommitLogRelFile);
    return true;
  }
  Fixture() { catalog.Bootstrap(); }

  granary::storage::Snapshot Snapshot(granary::storage::Xid xid, CommandId cid = 0) {
    return transactions.TakeSnapshot(xid, cid);
  }
};

TableSchema Orders() {
  TableSchema table;
  table.name = "orders";
  table.columns.push_back(ColumnSchema{"id", Type{TypeId::kInt8, -1}, true, {}});
  table.columns.push_back(ColumnSchema{"note", Type::Varchar(20), false, "'none'"});
  table.columns.push_back(ColumnSchema{"total", Type::NumericOf(10, 2), false, {}});
  return table;
}

}  // namespace

TEST_CASE("bootstrap describes the system tables in themselves", "[catalog]") {
  Fixture f;
  const auto snapshot = f.Snapshot(granary::storage::kInvalidXid);
  const auto pg_class = f.catalog.FindTable("", "pg_class", granary::catalog::SearchPath{}, snapshot);
  REQUIRE(pg_class);
  CHECK(pg_class->oid == 1259);
  CHECK(pg_class->schema_name == "pg_catalog");
  CHECK(pg_class->columns.at(1).name == "relname");
  CHECK(f.catalog.FindTable("pg_catalog", "pg_attribute", granary::catalog::SearchPath{}, snapshot)->relfile == 1249);
  CHECK(f.catalog.FindNamespace("public", snapshot) == granary::catalog::kPublicNamespace);
  CHECK_FALSE(f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, snapshot));
}

TEST_CASE("a created table is visible to its transaction, then to all once committed", "[catalog]") {
  Fixture f;
  const auto xid = f.transactions.Begin();
  const TableSchema created = f.catalog.CreateTable(Orders(), f.Snapshot(xid, 0), 0);
  CHECK(created.oid >= 16384);
  CHECK(created.relfile == created.oid);
  CHECK(f.storage.Exists(created.relfile));

  const auto own = f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, f.Snapshot(xid, 1));
  REQUIRE(own);
  REQUIRE(own->columns.size() == 3);
  CHECK(own->columns[0].not_null);
  CHECK(own->columns[1].type == Type::Varchar(20));
  CHECK(own->columns[1].default_sql == std::optional<std::string>("'none'"));
  CHECK(own->columns[2].type.NumericPrecisionScale() == std::make_pair(10, 2));

  const auto other = f.transactions.Begin();
  CHECK_FALSE(f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, f.Snapshot(other)));
  f.transactions.Commit(xid);
  CHECK(f.catalog.FindTable("public", "orders", granary::catalog::SearchPath{}, f.Snapshot(other)));
}

TEST_CASE("a rolled-back CREATE leaves nothing anyone can see", "[catalog]") {
  Fixture f;
  const auto xid = f.transactions.Begin();
  f.catalog.CreateTable(Orders(), f.Snapshot(xid), 0);
  f.transactions.Abort(xid);
  const auto later = f.transactions.Begin();
  CHECK_FALSE(f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, f.Snapshot(later)));
  // The name is free again.
  CHECK_NOTHROW(f.catalog.CreateTable(Orders(), f.Snapshot(later), 0));
}

TEST_CASE("duplicate names and unknown schemas are refused", "[catalog]") {
  Fixture f;
  const auto xid = f.transactions.Begin();
  f.catalog.CreateTable(Orders(), f.Snapshot(xid, 0), 0);
  try {
    f.catalog.CreateTable(Orders(), f.Snapshot(xid, 1), 1);
    FAIL("a second orders table was created");
  } catch (const granary::Error& error) {
    CHECK(error.sqlstate() == "42P07");
    CHECK(error.message() == "relation \"orders\" already exists");
  }
  try {
    f.catalog.FindTable("nowhere", "orders", granary::catalog::SearchPath{}, f.Snapshot(xid, 1));
    FAIL("an unknown schema was accepted");
  } catch (const granary::Error& error) {
    CHECK(error.sqlstate() == "3F000");
  }
}

TEST_CASE("a dropped table disappears when the drop commits", "[catalog]") {
  Fixture f;
  const auto create = f.transactions.Begin();
  f.catalog.CreateTable(Orders(), f.Snapshot(create), 0);
  f.transactions.Commit(create);

  const auto drop = f.transactions.Begin();
  const auto table = f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, f.Snapshot(drop));
  REQUIRE(table);
  f.catalog.DropTable(*table, f.Snapshot(drop, 0), 0);
  CHECK_FALSE(f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, f.Snapshot(drop, 1)));
  const auto reader = f.transactions.Begin();
  CHECK(f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, f.Snapshot(reader)));  // not committed yet
  f.transactions.Commit(drop);
  CHECK_FALSE(f.catalog.FindTable("", "orders", granary::catalog::SearchPath{}, f.Snapshot(reader)));
}
