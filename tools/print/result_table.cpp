// granary::Result -> Table, choosing the alignment psql would choose for each column type.
#include "tools/print/result_table.hpp"

namespace granary::tools {
namespace {

// PostgreSQL type OIDs (pg_type.dat) of the right-aligned types.
constexpr uint32_t kInt8Oid = 20;
constexpr uint32_t kInt2Oid = 21;
constexpr uint32_t kInt4Oid = 23;
constexpr uint32_t kOidOid = 26;
constexpr uint32_t kXidOid = 28;
constexpr uint32_t kCidOid = 29;
constexpr uint32_t kFloat4Oid = 700;
constexpr uint32_t kFloat8Oid = 701;
constexpr uint32_t kMoneyOid = 790;
constexpr uint32_t kNumericOid = 1700;
constexpr uint32_t kXid8Oid = 5069;

}  // namespace

bool IsRightAlignedType(uint32_t type_oid) {
  switch (type_oid) {
    case kInt8Oid:
    case kInt2Oid:
    case kInt4Oid:
    case kOidOid:
    case kXidOid:
    case kCidOid:
    case kFloat4Oid:
    case kFloat8Oid:
    case kMoneyOid:
    case kNumericOid:
    case kXid8Oid:
      return true;
    default:
      return false;
  }
}

Table ToTable(const granary::Result& result) {
  Table table;
  for (const ColumnInfo& column : result.columns()) {
    table.columns.push_back({column.name, IsRightAlignedType(column.type_oid)});
  }
  const size_t columns = table.columns.size();
  table.rows.reserve(result.row_count());
  for (size_t r = 0; r < result.row_count(); ++r) {
    const Row row = result.row(r);
    std::vector<std::optional<std::string>> cells;
    cells.reserve(columns);
    for (size_t c = 0; c < columns; ++c) cells.push_back(row.GetOptionalString(c));
    table.rows.push_back(std::move(cells));
  }
  return table;
}

}  // namespace granary::tools
