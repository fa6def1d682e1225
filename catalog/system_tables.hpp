// The system tables: their definitions, in one declarative table, and row access.
//
// System tables are ordinary heap tables on ordinary pages, read and written with the
// transaction's xid like user tables, so DDL is transactional for free: a CREATE TABLE that
// rolls back leaves catalog rows that no snapshot will ever see. Their own descriptions are
// written as rows at bootstrap (pg_class describes pg_class), and their relfile numbers are
// fixed and equal to their oids, as PostgreSQL's are.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/table_schema.hpp"
#include "storage/heap/heap_file.hpp"
#include "types/value.hpp"

namespace granary::catalog {

enum class SystemTable {
  kNamespace, kClass, kAttribute, kAttrDefault, kConstraint, kIndex, kRewrite, kAuthId,
  kDescription, kSharedDescription, kStatistic, kCollation, kProc, kType, kEnum
};

// Column positions in each system table's rows (the single definition is in the .cpp).
namespace pg_namespace {
enum Column : size_t { kOid, kName, kOwner };
}
namespace pg_class {
enum Column : size_t {
  kOid, kName, kNamespace, kKind, kRelfile, kToastRelid, kRelOptions, kPopulated, kColumnCount
};
}
namespace pg_attribute {
enum Column : size_t {
  kRelation, kName, kTypeOid, kTypmod, kNumber, kNotNull, kHasDefault, kIdentity, kCollation,
  kGenerated
};
}
namespace pg_collation {
enum Column : size_t { kOid, kName, kNamespace, kProvider, kIcuLocale, kDeterministic, kOwner };
}
namespace pg_proc {
enum Column : size_t {
  kOid, kName, kNamespace, kOwner, kLanguage, kVolatility, kStrict, kReturnsSet, kReturnType,
  kArgTypes, kAllArgTypes, kArgModes, kArgNames, kArgDefaults, kSource, kSqlBody, kCost, kRows,
  kLeakproof, kParallel
};
}
namespace pg_type {
enum Column : size_t { kOid, kName, kNamespace, kOwner, kKind, kArrayOid };
}
namespace pg_enum {
enum Column : size_t { kOid, kTypeOid, kSortOrder, kLabel };
}
namespace pg_attrdef {
enum Column : size_t { kRelation, kNumber, kSource };
}
namespace pg_constraint {
enum Column : size_t { kOid, kName, kType, kRelation, kSource, kValidated, kNoInherit };
}
namespace pg_index {
enum Column : size_t { kIndex, kRelation, kUnique, kPrimary, kDefinition, kClustered };
}
namespace pg_rewrite {
enum Column : size_t { kRelation, kDefinition, kSearchPath, kCheckOption };
}
namespace pg_authid {
enum Column : size_t { kOid, kName, kSuperuser, kCanLogin, kPassword };
}
namespace pg_description {
enum Column : size_t { kObject, kClass, kSubId, kDescription };
}
namespace pg_shdescription {
enum Column : size_t { kObject, kClass, kDescription };
}
namespace pg_statistic {
enum Column : size_t {
  kRelation, kNumber, kNullFraction, kWidth, kDistinct, kCommonValues, kCommonFrequencies,
  kHistogram, kCorrelation, kTuples, kPages
};
}

const TableSchema& SystemTableSchema(SystemTable table);
const std::vector<SystemTable>& AllSystemTables();

using CatalogRow = std::vector<types::Value>;

// Reads and writes the rows of one system table under a transaction's snapshot.
class SystemTableAccess {
 public:
  SystemTableAccess(storage::BufferPool& pool, storage::TransactionManager& transactions,
                    SystemTable table);

  void Insert(const CatalogRow& row, storage::Xid xid, storage::CommandId cid);
  // Every visible row with its tuple id.
  std::vector<std::pair<storage::TupleId, CatalogRow>> Scan(const storage::Snapshot& snapshot);
  void Delete(storage::TupleId tid, storage::Xid xid, storage::CommandId cid);

 private:
  storage::HeapFile heap_;
  storage::TransactionManager& transactions_;
  const TableSchema& schema_;
};

}  // namespace granary::catalog
