// MakeRoutineCall: the bound form of a PL/pgSQL function call (routine_call_binder.hpp).
#include "planner/analyze/routine_call_binder.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/type.hpp"

namespace granary::planner {

BoundExprPtr MakeRoutineCall(const catalog::FunctionSchema& function, std::vector<BoundExprPtr> args,
                             types::Type result, bool as_set, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = BoundKind::kRoutineCall;
  node->index = function.oid;
  node->name = function.name;
  node->type = result;
  node->location = location;
  node->negated = as_set;
  node->strict = function.strict;
  node->args = std::move(args);
  if (as_set) {
    const std::optional<types::TypeId> array = types::ArrayTypeOf(result.id);
    if (!array) {
      throw Error(sqlstate::kFeatureNotSupported,
                  "set-returning functions of type " + types::FormatType(result) + " are not supported");
    }
    node->type = types::Type{*array, -1};
  }
  return node;
}

}  // namespace granary::planner
