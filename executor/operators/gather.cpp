// Gather: the participants of a parallel aggregation (see gather.hpp).
#include "executor/operators/gather.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <system_error>

#include "common/blocking_region.hpp"
#include "executor/instrumentation.hpp"
#include "executor/operators/aggregate.hpp"
#include "types/bytea.hpp"
#include "types/datetime_session.hpp"
#include "types/float_format.hpp"
#include "types/oid_names.hpp"

namespace granary::executor {
namespace {

using Clock = std::chrono::steady_clock;

// The worker threads running in the process (PostgreSQL's count of parallel workers that
// max_parallel_workers limits).
std::atomic<int> active_workers{0};

// Takes up to `wanted` of the `limit` worker slots; returns how many it took.
int ReserveWorkers(int wanted, int limit) {
  int active = active_workers.load(std::memory_order_relaxed);
  while (true) {
    const int take = std::max(0, std::min(wanted, limit - active));
    if (take == 0) return 0;
    if (active_workers.compare_exchange_weak(active, active + take, std::memory_order_relaxed)) return take;
  }
}

double Milliseconds(Clock::duration elapsed) { return std::chrono::duration<double, std::milli>(elapsed).count(); }

// What types/ keeps per thread for the statement: captured on the leader's thread, installed
// on a worker's for its lifetime.
struct ThreadState {
  types::DatetimeSession datetime = types::CurrentDatetimeSession();
  int extra_float_digits = types::CurrentExtraFloatDigits();
  types::ByteaOutput bytea_output = types::CurrentByteaOutput();
  const types::OidNames* oid_names = types::CurrentOidNames();
  ThreadState() { datetime.style = types::SessionDatetimeStyle(); }
};

}  // namespace

struct Gather::Participant {
  std::unique_ptr<ExecContext> context;
  storage::PendingTableCounts table_counts;
  std::unique_ptr<PlanInstrumentation> instrumentation;
  std::unique_ptr<Aggregate> partial;  // destroyed before the counters above it
  storage::BufferPool::ThreadCounts buffer_counts;
  double total_ms = 0;
  bool worker = false;
  std::shared_ptr<const ThreadState> state;  // a worker's, installed on its thread
};

Gather::Gather(const planner::PlanNode& plan, ExecContext& leader) : plan_(plan), leader_(leader) {
  const planner::PlanNode& scan = *plan.children[0]->children[0];
  // Every participant scans the blocks the table has now, as a serial scan would.
  blocks_ = std::make_unique<storage::ParallelBlocks>(leader.pool.storage().NumBlocks(scan.table.relfile));
}

Gather::~Gather() {
  Stop();
  JoinWorkers();
}

void Gather::Stop() noexcept { stop_.store(true, std::memory_order_relaxed); }

void Gather::JoinWorkers() noexcept {
  if (!threads_.empty()) {
    const BlockingRegion blocking;  // the workers may run for a while yet
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  threads_.clear();
  active_workers.fetch_sub(reserved_workers_, std::memory_order_relaxed);
  reserved_workers_ = 0;
}

void Gather::Work(Participant& participant) noexcept {
  try {
    std::optional<types::ScopedDatetimeSession> datetime;
    std::optional<types::ScopedExtraFloatDigits> float_digits;
    std::optional<types::ScopedByteaOutput> bytea_output;
    std::optional<types::ScopedOidNames> oid_names;
    if (participant.worker) {
      datetime.emplace(participant.state->datetime);
      float_digits.emplace(participant.state->extra_float_digits);
      bytea_output.emplace(participant.state->bytea_output);
      oid_names.emplace(participant.state->oid_names);
    }
    const Clock::time_point start = Clock::now();
    participant.partial->ConsumeInput();
    participant.total_ms = Milliseconds(Clock::now() - start);
  } catch (...) {
    {
      const std::lock_guard<std::mutex> lock(error_mutex_);
      if (!first_error_) first_error_ = std::current_exception();
    }
    Stop();
  }
  if (participant.worker) participant.buffer_counts = storage::BufferPool::TakeThreadCounts();
}

void Gather::Launch(int wanted) {
  const std::shared_ptr<const ThreadState> state = std::make_shared<ThreadState>();
  reserved_workers_ = ReserveWorkers(wanted, leader_.max_parallel_workers);
  for (int i = 0; i < reserved_workers_; ++i) {
    Participant& participant = *participants_[static_cast<size_t>(i) + 1];
    participant.worker = true;
    participant.state = state;
    try {
      threads_.emplace_back([this, &participant] { Work(participant); });
    } catch (const std::system_error&) {
      break;  // no thread: the participants started so far do the work
    }
  }
  // Participants without a thread take no part.
  participants_.resize(threads_.size() + 1);
}

void Gather::Run(const std::function<void(Aggregate&)>& merge) {
  const Clock::time_point start = Clock::now();
  const planner::PlanNode& partial_plan = *plan_.children[0];
  // Every participant's operators are built here, on the leader's thread, before any runs.
  const int planned = std::max(0, plan_.workers_planned);
  for (int i = 0; i <= planned; ++i) {
    auto participant = std::make_unique<Participant>();
    participant->context = std::make_unique<ExecContext>(leader_);
    ExecContext& context = *participant->context;
    context.table_counts = leader_.table_counts != nullptr ? &participant->table_counts : nullptr;
    if (leader_.instrumentation != nullptr) {
      participant->instrumentation = std::make_unique<PlanInstrumentation>(leader_.instrumentation->timing());
    }
    context.instrumentation = participant->instrumentation.get();
    context.temp_files = nullptr;  // partial groups stay in memory (see aggregate.hpp)
    context.foreign_key_events = nullptr;
    context.sequences = nullptr;
    context.parallel_blocks = blocks_.get();
    context.parallel_stop = &stop_;
    participant->partial =
        std::make_unique<Aggregate>(partial_plan, context, BuildOperator(*partial_plan.children[0], context));
    participants_.push_back(std::move(participant));
  }
  Launch(planned);
  const int launched = static_cast<int>(threads_.size());
  Work(*participants_[0]);
  JoinWorkers();
  if (first_error_) std::rethrow_exception(first_error_);

  uint64_t groups = 0;
  for (const std::unique_ptr<Participant>& participant : participants_) {
    merge(*participant->partial);
    groups += participant->partial->group_count();
  }

  // The workers' counts, now the leader's.
  for (std::unique_ptr<Participant>& participant : participants_) {
    if (participant->worker) storage::BufferPool::AddThreadCounts(participant->buffer_counts);
    if (leader_.table_counts != nullptr) {
      for (const auto& [rel, counts] : participant->table_counts) {
        storage::TableCounts& total = (*leader_.table_counts)[rel];
        total.seq_scans += counts.seq_scans;
        total.seq_tuples_read += counts.seq_tuples_read;
        total.index_scans += counts.index_scans;
        total.index_tuples_read += counts.index_tuples_read;
        total.index_tuples_fetched += counts.index_tuples_fetched;
      }
    }
    if (leader_.instrumentation != nullptr) {
      const uint64_t partial_groups = participant->partial->group_count();
      participant->partial.reset();  // its operators record their loops as they go
      leader_.instrumentation->Add(*participant->instrumentation);
      NodeActuals& actuals = leader_.instrumentation->At(&partial_plan);
      ++actuals.loops;
      actuals.rows += partial_groups;
      actuals.startup_ms += participant->total_ms;
      actuals.total_ms += participant->total_ms;
    }
  }
  if (leader_.instrumentation != nullptr) {
    NodeActuals& actuals = leader_.instrumentation->At(&plan_);
    const double elapsed = Milliseconds(Clock::now() - start);
    ++actuals.loops;
    actuals.rows += groups;
    actuals.startup_ms += elapsed;
    actuals.total_ms += elapsed;
    actuals.details = {"Workers Launched: " + std::to_string(launched)};
  }
}

}  // namespace granary::executor
