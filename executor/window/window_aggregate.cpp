#include <memory>
#include <optional>

#include "executor/window/window_partition.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::executor {
namespace {

using types::Value;

// One running aggregate state over the frame [begin_, end_) of a partition.
class FrameState {
 public:
  FrameState(const planner::BoundWindow& window, const WindowPartition& partition,
             const WindowArguments& arguments)
      : window_(window), partition_(partition), arguments_(arguments) {}

  // Moves the state to the frame [begin, end) and returns the aggregate's value over it.
  Value MoveTo(size_t begin, size_t end) {
    if (begin >= end) {
      if (!empty_value_) empty_value_ = types::MakeAggregateState(window_.aggregate)->Finish();
      return *empty_value_;
    }
    if (state_ && begin == begin_ && end == end_ && last_) return *last_;
    if (!state_ || begin < begin_ || end < end_ || !Advance(begin, end)) Rebuild(begin, end);
    last_ = state_->Finish();
    return *last_;
  }

  // The aggregate over the frame of the row at `position` less what EXCLUDE removes.
  Value Aggregate(const Frames& frames, size_t position) {
    state_ = types::MakeAggregateState(window_.aggregate);
    for (size_t candidate = frames.begin[position]; candidate < frames.end[position]; ++candidate) {
      if (frames.Includes(position, candidate)) Add(candidate);
    }
    const Value value = state_->Finish();
    state_.reset();  // MoveTo's running frame is gone
    return value;
  }

 private:
  bool Passes(size_t row) const { return arguments_.Passes(row); }
  const Value& Argument(size_t row) const {
    static const Value kNull = Value::Null();
    return arguments_.args.empty() ? kNull : arguments_.Arg(0, row);
  }
  void Add(size_t position) {
    const size_t row = partition_.rows[position];
    if (!Passes(row)) return;
    if (arguments_.args.size() == 2) {
      state_->AddDelimited(arguments_.Arg(0, row), arguments_.Arg(1, row));
    } else {
      state_->Add(Argument(row));
    }
  }
  void Rebuild(size_t begin, size_t end) {
    state_ = types::MakeAggregateState(window_.aggregate);
    for (size_t position = begin; position < end; ++position) Add(position);
    begin_ = begin;
    end_ = end;
  }
  // Adds the rows entering at the end, removes those leaving at the start; false when the
  // state cannot remove a row.
  bool Advance(size_t begin, size_t end) {
    for (size_t position = end_; position < end; ++position) Add(position);
    end_ = end;
    for (size_t position = begin_; position < begin; ++position) {
      const size_t row = partition_.rows[position];
      if (Passes(row) && !state_->Remove(Argument(row))) return false;
    }
    begin_ = begin;
    return true;
  }

  const planner::BoundWindow& window_;
  const WindowPartition& partition_;
  const WindowArguments& arguments_;
  std::unique_ptr<types::AggregateState> state_;
  size_t begin_ = 0;
  size_t end_ = 0;
  std::optional<Value> last_;
  std::optional<Value> empty_value_;
};

}  // namespace

void ComputeFrameAggregate(const planner::BoundWindow& window, const Frames& frames,
                           const WindowPartition& partition, const WindowArguments& arguments,
                           WindowResults& results) {
  FrameState state(window, partition, arguments);
  if (frames.Excludes()) {
    // EXCLUDE: each row's frame has a hole of its own, so each is aggregated afresh.
    for (size_t position = 0; position < partition.rows.size(); ++position) {
      results.Set(partition.rows[position], state.Aggregate(frames, position));
    }
    return;
  }
  for (size_t position = 0; position < partition.rows.size(); ++position) {
    results.Set(partition.rows[position], state.MoveTo(frames.begin[position], frames.end[position]));
  }
}

}  // namespace granary::executor
