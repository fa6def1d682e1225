#include "executor/exec_context.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::executor {

catalog::Catalog& ExecContext::Catalog() const {
  if (system_catalog == nullptr) throw Error(sqlstate::kInternalError, "no catalog for this statement");
  return *system_catalog;
}

const catalog::SystemViewEnvironment& ExecContext::Environment() const {
  if (environment == nullptr) throw Error(sqlstate::kInternalError, "no session for this statement");
  return *environment;
}

void ExecContext::CheckForCancel() const {
  if (cancel_requested && cancel_requested->load(std::memory_order_relaxed)) {
    throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
  }
  if (parallel_stop && parallel_stop->load(std::memory_order_relaxed)) {
    throw Error(sqlstate::kQueryCanceled, "canceling parallel worker: another participant failed");
  }
  if (statement_deadline != std::chrono::steady_clock::time_point{} &&
      std::chrono::steady_clock::now() >= statement_deadline) {
    throw Error(sqlstate::kQueryCanceled, "canceling statement due to statement timeout");
  }
}

}  // namespace granary::executor
