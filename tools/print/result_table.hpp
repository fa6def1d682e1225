// Converts an engine Result into the printers' Table.
#pragma once

#include <cstdint>

#include "granary/granary.hpp"
#include "tools/print/table.hpp"

namespace granary::tools {

// True for the types psql right-aligns: int2, int4, int8, float4, float8, numeric, oid, xid,
// xid8, cid and money.
bool IsRightAlignedType(uint32_t type_oid);

// Copies columns and cell text; NULL cells become std::nullopt.
Table ToTable(const granary::Result& result);

}  // namespace granary::tools
