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
    for (const types::Value& arg : args) {
      if (arg.is_null()) return false;
    }
    series_.emplace(args, plan_.output_types[0].id);
  }
  if (!series_) return false;
  types::Value value;
  while (out.row_count < kBatchSize && series_->Next(value)) {
    out.columns[0].push_back(std::move(value));
    ++out.row_count;
  }
  context_.CheckForCancel();
  return out.row_count > 0;
}

}  // namespace granary::executor
