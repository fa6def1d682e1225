#include "executor/operators/set_operation.hpp"

namespace granary::executor {

bool SetOperation::NextUnion(Batch& out) {
  while (true) {
    Operator& source = left_done_ ? *right_ : *left_;
    if (!source.Next(input_)) {
      if (left_done_) return false;
      left_done_ = true;
      continue;
    }
    if (plan_.set_all) {
      std::swap(out, input_);
      return true;
    }
    out.Reset(width());
    for (size_t row = 0; row < input_.row_count; ++row) {
      RowKey key = input_.Row(row);
      if (emitted_.insert(key).second) out.AppendRow(std::move(key));
    }
    if (out.row_count > 0) return true;
  }
}

void SetOperation::CountRight() {
  while (right_->Next(input_)) {
    for (size_t row = 0; row < input_.row_count; ++row) ++right_counts_[input_.Row(row)];
  }
  right_counted_ = true;
}

// Whether a left row belongs to the result, updating the bookkeeping for ALL and DISTINCT.
bool SetOperation::Keep(RowKey& row) {
  auto found = right_counts_.find(row);
  const bool in_right = found != right_counts_.end() && found->second > 0;
  const bool intersect = plan_.set_op == parser::SetOperation::kIntersect;
  if (plan_.set_all) {
    if (in_right) --found->second;
    return intersect ? in_right : !in_right;
  }
  if (intersect ? !in_right : in_right) return false;
  return emitted_.insert(row).second;
}

bool SetOperation::Next(Batch& out) {
  if (plan_.set_op == parser::SetOperation::kUnion) return NextUnion(out);
  if (!right_counted_) CountRight();
  while (left_->Next(input_)) {
    out.Reset(width());
    for (size_t row = 0; row < input_.row_count; ++row) {
      RowKey key = input_.Row(row);
      if (Keep(key)) out.AppendRow(std::move(key));
    }
    if (out.row_count > 0) return true;
  }
  return false;
}

}  // namespace granary::executor
