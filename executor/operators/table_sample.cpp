// TABLESAMPLE's choice of rows (table_sample.hpp).
#include "executor/operators/table_sample.hpp"

#include <cmath>
#include <cstring>
#include <random>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

// splitmix64's finalizer: a well-mixed 64-bit hash of `x`.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

TableSampler::TableSampler(const planner::TableSample& sample, ExecContext& context) : system_(sample.system) {
  const Batch no_input;
  const types::Value percent = Evaluate(*sample.percent, no_input, 0, context);
  if (percent.is_null()) {
    throw Error(sqlstate::kInvalidTablesampleArgument, "TABLESAMPLE parameter cannot be null");
  }
  const double value = percent.AsDouble();
  if (std::isnan(value) || value < 0 || value > 100) {
    throw Error(sqlstate::kInvalidTablesampleArgument, "sample percentage must be between 0 and 100");
  }
  if (sample.seed) {
    const types::Value seed = Evaluate(*sample.seed, no_input, 0, context);
    if (seed.is_null()) {
      throw Error(sqlstate::kInvalidTablesampleRepeat, "TABLESAMPLE REPEATABLE parameter cannot be null");
    }
    const double seed_value = seed.AsDouble();
    std::memcpy(&seed_, &seed_value, sizeof(seed_));
  } else {
    seed_ = std::random_device{}();
    seed_ = (seed_ << 32) ^ std::random_device{}();
  }
  all_ = value >= 100;
  // percent / 100 of the hash range; 0 percent keeps nothing (no hash is below 0).
  threshold_ = static_cast<uint64_t>(std::ldexp(value / 100, 64) >= std::ldexp(1.0, 64)
                                         ? ~0ULL
                                         : std::ldexp(value / 100, 64));
}

bool TableSampler::Keeps(const storage::TupleId& id) const {
  if (all_) return true;
  uint64_t hash = Mix(seed_ ^ Mix(static_cast<uint64_t>(id.block)));
  if (!system_) hash = Mix(hash ^ (static_cast<uint64_t>(id.slot) << 1 | 1));
  return hash < threshold_;
}

}  // namespace granary::executor
