// CteStore — the rows of WITH items while one statement runs.
//
// A materialised item is computed on demand into a shared buffer (CteRun) kept for the
// statement under the item's CtePlan address: every CTE scan of the item (in any subquery)
// reads the same rows from its own position, and the first scan to need a row the buffer
// does not have yet pulls the item's plan for the next batch, as PostgreSQL's CTE scans share
// one tuplestore. So the item's query runs at most once, and only as far as its readers go
// (an endless recursive item under a LIMIT stops). A running recursive union publishes each
// round's work table under the same kind of key for the work-table scans of its recursive
// term. Shared by every ExecContext of the statement (subqueries copy the context); used by
// one thread at a time, as the statement is.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "executor/batch.hpp"

namespace granary::executor {

struct ExecContext;
class Operator;

using RowBuffer = std::vector<Batch>;

// One materialised item being read: its plan's operator tree (with a context of its own, so
// that it outlives the scan that started it) and the batches it has produced so far.
struct CteRun {
  CteRun();
  ~CteRun();
  std::unique_ptr<ExecContext> context;
  std::unique_ptr<Operator> source;  // null once exhausted
  RowBuffer rows;
};

struct CteStore {
  // Declared before `runs`, so that it outlives them: a recursive union inside a run removes
  // its work table when destroyed.
  std::unordered_map<const void*, std::shared_ptr<const RowBuffer>> work_tables;
  std::unordered_map<const void*, std::shared_ptr<CteRun>> runs;
};

}  // namespace granary::executor
