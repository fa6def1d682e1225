// PlanInstrumentation — what EXPLAIN ANALYZE reports of a run: per plan node, how often it
// ran (loops), the rows it returned and the time spent in it (PostgreSQL's Instrumentation,
// inclusive of its children), and the rows its filter removed.
//
// While ExecContext::instrumentation is set, BuildOperator wraps every operator it builds in
// an InstrumentedOperator keyed by its PlanNode; FilterBatch and the join operators count
// removed rows keyed by the predicate. Thread-safety: one statement's, used by its thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "executor/operators/operator.hpp"

namespace granary::executor {

struct NodeActuals {
  uint64_t loops = 0;       // runs that were pulled at least once
  uint64_t rows = 0;        // over all loops
  double startup_ms = 0;    // summed over loops: time of each loop's first Next()
  double total_ms = 0;      // summed over loops
  uint64_t removed = 0;     // keyed by a predicate: rows it rejected
  // Lines the operator reports about its last run ("Sort Method: quicksort  Memory: 25kB").
  std::vector<std::string> details;
};

class PlanInstrumentation {
 public:
  explicit PlanInstrumentation(bool timing) : timing_(timing) {}
  bool timing() const { return timing_; }
  // The counters of a plan node or a predicate (created empty on first use).
  NodeActuals& At(const void* key) { return actuals_[key]; }
  // Null when nothing was recorded for `key` (a node that never ran).
  const NodeActuals* Find(const void* key) const {
    const auto it = actuals_.find(key);
    return it == actuals_.end() ? nullptr : &it->second;
  }
  // Adds another run's counters (a parallel worker's, after it ended): loops, rows, times
  // and removed rows add up; details are the last participant's that has some.
  void Add(const PlanInstrumentation& other) {
    for (const auto& [key, theirs] : other.actuals_) {
      NodeActuals& ours = actuals_[key];
      ours.loops += theirs.loops;
      ours.rows += theirs.rows;
      ours.startup_ms += theirs.startup_ms;
      ours.total_ms += theirs.total_ms;
      ours.removed += theirs.removed;
      if (!theirs.details.empty()) ours.details = theirs.details;
    }
  }

 private:
  bool timing_;
  std::unordered_map<const void*, NodeActuals> actuals_;
};

// Under EXPLAIN ANALYZE, records `lines` as what node `plan` reports about its run (replacing
// an earlier loop's); a no-op otherwise.
inline void RecordNodeDetails(const ExecContext& context, const planner::PlanNode& plan,
                              std::vector<std::string> lines) {
  if (context.instrumentation != nullptr) context.instrumentation->At(&plan).details = std::move(lines);
}

// "25kB": bytes as EXPLAIN prints memory and disk use (rounded up to whole kB, as PostgreSQL).
inline std::string Kilobytes(uint64_t bytes) { return std::to_string((bytes + 1023) / 1024) + "kB"; }

// Wraps one operator: each instance is one loop of its node, added to the node's counters
// when it is destroyed.
class InstrumentedOperator final : public Operator {
 public:
  InstrumentedOperator(const planner::PlanNode& plan, ExecContext& context, OperatorPtr inner,
                       PlanInstrumentation& instrumentation)
      : Operator(plan, context), inner_(std::move(inner)), instrumentation_(instrumentation) {}
  ~InstrumentedOperator() override {
    if (!started_) return;
    NodeActuals& actuals = instrumentation_.At(&plan_);
    ++actuals.loops;
    actuals.rows += rows_;
    actuals.startup_ms += first_ms_;
    actuals.total_ms += total_ms_;
  }

  void SetRowBound(size_t rows) override { inner_->SetRowBound(rows); }
  void SetRowHint(size_t rows) override { inner_->SetRowHint(rows); }
  // Rows left out below are not counted: "actual rows" is what the node returned.
  bool SkipRows(size_t rows) override { return inner_->SkipRows(rows); }

  bool Next(Batch& out) override {
    using Clock = std::chrono::steady_clock;
    const bool timing = instrumentation_.timing();
    const Clock::time_point start = timing ? Clock::now() : Clock::time_point{};
    const bool more = inner_->Next(out);
    if (timing) {
      const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      total_ms_ += elapsed;
      if (!started_) first_ms_ = elapsed;
    }
    started_ = true;
    if (more) rows_ += out.row_count;
    return more;
  }

 private:
  OperatorPtr inner_;
  PlanInstrumentation& instrumentation_;
  bool started_ = false;
  uint64_t rows_ = 0;
  double first_ms_ = 0;
  double total_ms_ = 0;
};

}  // namespace granary::executor
