// TableSampler: which rows a TABLESAMPLE keeps (planner::TableSample), for the sequential
// scan of a sampled table ("Sample Scan").
//
// SYSTEM keeps each page with probability percent / 100 and then all its rows; BERNOULLI
// keeps each row with that probability. The decision is a hash of the seed and the page
// number (and the row's slot), as PostgreSQL's tsm_system and tsm_bernoulli decide by
// hash_any over (block, seed) and (block, offset, seed): the same seed keeps the same rows
// of an unchanged table, 0 keeps none and 100 keeps all. Without REPEATABLE the seed is
// drawn when the scan starts. The rows PostgreSQL's methods keep differ, as its pages hold
// different rows. SYSTEM still reads the pages it skips (the heap scan reads page by page in
// batches); only which rows come out follows the page sampling.
//
// Errors, when the scan starts: 2202H `TABLESAMPLE parameter cannot be null`, 2202H `sample
// percentage must be between 0 and 100`, 2202G `TABLESAMPLE REPEATABLE parameter cannot be
// null`.
#pragma once

#include <cstdint>

#include "executor/exec_context.hpp"
#include "planner/query.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

class TableSampler {
 public:
  TableSampler(const planner::TableSample& sample, ExecContext& context);
  bool Keeps(const storage::TupleId& id) const;

 private:
  bool system_ = true;
  uint64_t seed_ = 0;
  // A hash below `threshold_` keeps the page or row; all_ / none_ for 100 and 0 percent.
  uint64_t threshold_ = 0;
  bool all_ = false;
};

}  // namespace granary::executor
