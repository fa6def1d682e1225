#include "executor/operators/function_scan.hpp"

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"

#include <algorithm>

namespace granary::executor {

bool FunctionScan::NextUnnest(Batch& out) {
  out.Reset(plan_.output_types.size());
  if (!started_) {
    started_ = true;
    const Batch no_input;
    for (const auto& expr : plan_.expressions) arrays_.push_back(Evaluate(*expr, no_input, 0, context_));
    for (const types::Value& array : arrays_) {
      if (!array.is_null()) rows_ = std::max(rows_, array.AsArray().elements.size());
    }
  }
  while (position_ < rows_ && out.row_count < kBatchSize) {
    for (size_t c = 0; c < arrays_.size(); ++c) {
      const types::Value& array = arrays_[c];
      const bool present = !array.is_null() && position_ < array.AsArray().elements.size();
      out.columns[c].push_back(present ? array.AsArray().elements[position_]
                                       : types::Value::Null(plan_.output_types[c].id));
    }
    ++out.row_count;
    ++position_;
  }
  context_.CheckForCancel();
  return out.row_count > 0;
}

bool FunctionScan::Next(Batch& out) {
  if (plan_.alias == "unnest") return NextUnnest(out);
  out.Reset(1);
  if (!started_) {
    started_ = true;
    const Batch no_input;
    std::vector<types::Value> args;
    for (const auto& expr : plan_.expressions) args.push_back(Evaluate(*expr, no_input, 0, context_));
    for (const types::Value& arg : args) done_ = done_ || arg.is_null();
    if (done_) return false;
    next_ = args[0].AsInt();
    stop_ = args[1].AsInt();
    step_ = args.size() > 2 ? args[2].AsInt() : 1;
    if (step_ == 0) throw Error(sqlstate::kInvalidParameterValue, "step size cannot equal zero");
  }
  const bool wide = plan_.output_types[0].id == types::TypeId::kInt8;
  while (!done_ && out.row_count < kBatchSize) {
    if ((step_ > 0 && next_ > stop_) || (step_ < 0 && next_ < stop_)) {
      done_ = true;
      break;
    }
    const auto value = static_cast<int64_t>(next_);
    out.columns[0].push_back(wide ? types::Value::Int8(value) : types::Value::Int4(value));
    ++out.row_count;
    next_ += step_;
  }
  context_.CheckForCancel();
  return out.row_count > 0;
}

}  // namespace granary::executor
