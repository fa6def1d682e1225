#include "executor/operators/recursive_union.hpp"

namespace granary::executor {

RecursiveUnion::~RecursiveUnion() { context_.ctes->work_tables.erase(plan_.work_table); }

bool RecursiveUnion::StartRound() {
  current_.reset();
  if (produced_->empty()) return false;
  context_.ctes->work_tables[plan_.work_table] = std::move(produced_);
  produced_ = std::make_shared<RowBuffer>();
  current_ = BuildOperator(*plan_.children[1], context_);
  return true;
}

bool RecursiveUnion::Next(Batch& out) {
  if (!current_ && !recursive_) current_ = BuildOperator(*plan_.children[0], context_);
  while (current_) {
    if (!current_->Next(input_)) {
      recursive_ = true;
      if (!StartRound()) break;
      continue;
    }
    context_.CheckForCancel();
    if (plan_.set_all) {
      out = input_;
    } else {
      out.Reset(width());
      for (size_t row = 0; row < input_.row_count; ++row) {
        RowKey key = input_.Row(row);
        if (seen_.insert(key).second) out.AppendRow(std::move(key));
      }
      if (out.row_count == 0) continue;
    }
    produced_->push_back(out);
    return true;
  }
  return false;
}

}  // namespace granary::executor
