// RowKey — a tuple of values usable as a hash-table key (hash joins, grouping, DISTINCT).
// Equality treats two NULLs as equal (grouping semantics); hash joins skip NULL keys
// themselves, since NULL never equals anything in a join condition.
//
// The hash and equality are also offered value by value (Start/Mix/Equal), so that tables
// that keep their keys elsewhere (the aggregate's groups, the hash join's flat key vector)
// hash and compare a key in place, exactly as a RowKey would be.
#pragma once

#include <cstddef>
#include <vector>

#include "types/value.hpp"
#include "types/value_ops.hpp"

namespace granary::executor {

using RowKey = std::vector<types::Value>;

struct RowKeyHash {
  static constexpr size_t kStart = 0x9E3779B97F4A7C15ull;
  // Folds one more key value into `hash` (begun at kStart).
  static size_t Mix(size_t hash, const types::Value& value) {
    const size_t part = value.is_null() ? 0x51ED27u : types::Hash(value);
    return hash ^ (part + 0x9E3779B97F4A7C15ull + (hash << 6) + (hash >> 2));
  }
  size_t operator()(const RowKey& key) const {
    size_t hash = kStart;
    for (const types::Value& value : key) hash = Mix(hash, value);
    return hash;
  }
};

struct RowKeyEqual {
  static bool Equal(const types::Value& a, const types::Value& b) {
    if (a.is_null() || b.is_null()) return a.is_null() == b.is_null();
    return types::Compare(a, b) == 0;
  }
  bool operator()(const RowKey& a, const RowKey& b) const {
    for (size_t i = 0; i < a.size(); ++i) {
      if (!Equal(a[i], b[i])) return false;
    }
    return true;
  }
};

}  // namespace granary::executor
