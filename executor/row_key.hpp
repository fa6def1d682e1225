// RowKey — a tuple of values usable as a hash-table key (hash joins, grouping, DISTINCT).
// Equality treats two NULLs as equal (grouping semantics); hash joins skip NULL keys
// themselves, since NULL never equals anything in a join condition.
#pragma once

#include <cstddef>
#include <vector>

#include "types/value.hpp"
#include "types/value_ops.hpp"

namespace granary::executor {

using RowKey = std::vector<types::Value>;

struct RowKeyHash {
  size_t operator()(const RowKey& key) const {
    size_t hash = 0x9E3779B97F4A7C15ull;
    for (const types::Value& value : key) {
      const size_t part = value.is_null() ? 0x51ED27u : types::Hash(value);
      hash ^= part + 0x9E3779B97F4A7C15ull + (hash << 6) + (hash >> 2);
    }
    return hash;
  }
};

struct RowKeyEqual {
  bool operator()(const RowKey& a, const RowKey& b) const {
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].is_null() || b[i].is_null()) {
        if (a[i].is_null() != b[i].is_null()) return false;
        continue;
      }
      if (types::Compare(a[i], b[i]) != 0) return false;
    }
    return true;
  }
};

}  // namespace granary::executor
