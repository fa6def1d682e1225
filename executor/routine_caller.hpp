// RoutineCaller — how a running statement calls a routine whose body the executor cannot
// evaluate itself: a PL/pgSQL function (planner::BoundKind::kRoutineCall). The engine
// implements it (engine/plpgsql/), running the body's statements inside the calling
// transaction, as PostgreSQL's SPI does; the executor only hands over the arguments.
// Thread-safety: one statement's, used from its thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "types/value.hpp"

namespace granary::executor {

struct ExecContext;

class RoutineCaller {
 public:
  virtual ~RoutineCaller() = default;
  // The result of function `function_oid` (pg_proc) called with `args` by a statement running
  // under `caller` (its snapshot: a VOLATILE function sees what the statement wrote before
  // the call). Errors of the body propagate (with PL/pgSQL's CONTEXT line).
  virtual types::Value Call(uint32_t function_oid, std::vector<types::Value> args, const ExecContext& caller) = 0;
};

}  // namespace granary::executor
