// The entries of one index that a scan's key conditions select (a kIndexScan's or a
// kBitmapIndexScan's index_values, index_null_keys, alternatives and range), in index order
// (or its reverse, plan.backward): the B-tree side of an index scan, shared by IndexScan
// (which fetches each entry's row at once) and BitmapHeapScan (which gathers the entries' tuple
// ids first and reads the rows in heap order).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/exec_context.hpp"
#include "planner/plan.hpp"
#include "storage/btree/btree.hpp"
#include "types/key_encoding.hpp"
#include "types/value.hpp"

namespace granary::executor {

class IndexEntrySource {
 public:
  IndexEntrySource(const planner::PlanNode& plan, ExecContext& context);

  // Computes the key range from the plan's conditions (their values are evaluated now, so a
  // restart after the outer values changed reads the new range); false when it is empty (a
  // NULL value matches nothing). Counts the index descents (pg_stat_user_indexes.idx_scan).
  bool Start();
  // The next entry in range (of the next probe when one ends); false at the end.
  bool Next(storage::IndexEntry& entry);

  storage::BTree& tree() { return tree_; }

 private:
  // With IN alternatives: the distinct key prefixes to probe, in index order; false if none.
  bool CollectProbes(const std::string& prefix);
  // scan_ as a new scan of the index: made once, restarted for each probe and restart.
  void NewScan();
  // Starts the scan of probe number `next_probe_` (every entry beginning with that prefix).
  void StartProbe();
  void CountIndexScan();

  const planner::PlanNode& plan_;
  ExecContext& context_;
  storage::BTree tree_;
  std::unique_ptr<storage::BTreeScan> scan_;
  std::vector<std::string> probes_;  // IN alternatives: encoded key prefixes, sorted, distinct
  size_t next_probe_ = 0;
  std::vector<types::Value> start_values_;       // Start's equality values, memory reused
  std::vector<types::KeyColumn> start_columns_;  // and their key columns
  bool exhausted_ = true;
};

}  // namespace granary::executor
