#include "executor/exec_context.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::executor {

void ExecContext::CheckForCancel() const {
  if (cancel_requested && cancel_requested->load(std::memory_order_relaxed)) {
    throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
}

}  // namespace granary::executor
