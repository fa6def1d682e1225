// Gather — runs the partial plan of a parallel aggregation (planner::PlanKind::kGather over
// a Partial Aggregate over a Parallel Seq Scan; planner/optimize/parallel_aggregate.hpp) in
// the leader and in worker threads, as PostgreSQL's Gather runs its subplan in the leader and
// its parallel workers, and hands each participant's groups to the Finalize Aggregate.
//
// Participants: the leader (the statement's thread, which takes part as PostgreSQL's
// parallel_leader_participation) and up to workers_planned threads started for this Gather,
// fewer when the process already runs max_parallel_workers of them (a process-wide count,
// as PostgreSQL's max_parallel_workers) or a thread cannot be started. Each participant has
// its own copy of the leader's ExecContext — the same snapshot, parameters, cancel flag and
// statement deadline — with its own table counts, EXPLAIN ANALYZE counters and no temporary
// files, and its own operators; the scans share one ParallelBlocks. Worker threads install
// the leader's date/time, float, bytea and oid-name state (thread-locals of types/).
//
// Errors: the first error any participant raises is the statement's (the same SQLSTATE and
// message as a serial run would raise for that row); it raises the Gather's stop flag, which
// makes the others end at their next batch with an error that is dropped. A cancel or
// statement_timeout reaches every participant through the shared flag and deadline.
//
// Lifetime: no worker outlives the Gather. Run joins every thread before it returns or
// throws, and the destructor stops and joins any still running (an exception between their
// start and the join). Workers' buffer lookups, table counts and EXPLAIN ANALYZE counters are
// added to the leader's after the join. Thread-safety: a Gather is used by the leader only.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "executor/exec_context.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

class Aggregate;
class PlanInstrumentation;

class Gather {
 public:
  Gather(const planner::PlanNode& plan, ExecContext& leader);
  ~Gather();
  Gather(const Gather&) = delete;
  Gather& operator=(const Gather&) = delete;

  // Runs every participant's Partial Aggregate over its share of the table, joins the
  // workers, then calls `merge` with each participant's aggregate, in the leader's thread;
  // raises the first error of any participant instead.
  void Run(const std::function<void(Aggregate&)>& merge);

 private:
  struct Participant;

  // Starts up to `wanted` worker threads (counted against max_parallel_workers).
  void Launch(int wanted);
  // One participant's work, on its thread: its partial aggregate to the end of its input.
  void Work(Participant& participant) noexcept;
  void Stop() noexcept;
  void JoinWorkers() noexcept;

  const planner::PlanNode& plan_;
  ExecContext& leader_;
  std::unique_ptr<storage::ParallelBlocks> blocks_;
  std::atomic<bool> stop_{false};
  std::mutex error_mutex_;
  std::exception_ptr first_error_;
  std::vector<std::unique_ptr<Participant>> participants_;  // [0] is the leader's
  std::vector<std::thread> threads_;
  int reserved_workers_ = 0;  // taken from the process-wide count, given back at the join
};

}  // namespace granary::executor
