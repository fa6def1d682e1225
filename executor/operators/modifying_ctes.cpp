#include "executor/operators/modifying_ctes.hpp"

#include "executor/operators/cte_scan.hpp"

namespace granary::executor {

bool ModifyingCtes::Next(Batch& out) {
  if (!ran_) {
    ran_ = true;
    for (const auto& cte : plan_.modifying_ctes) {
      const std::shared_ptr<CteRun> run = AcquireCteRun(*cte, context_);
      while (PullCteRun(*run)) context_.CheckForCancel();
    }
  }
  return child_->Next(out);
}

}  // namespace granary::executor
