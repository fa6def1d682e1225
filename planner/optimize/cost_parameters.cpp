// The thread's cost constants (see cost_parameters.hpp).
#include "planner/optimize/cost_parameters.hpp"

namespace granary::planner {
namespace {

const CostParameters kDefaults{};
thread_local const CostParameters* current = nullptr;

}  // namespace

const CostParameters& CurrentCostParameters() { return current != nullptr ? *current : kDefaults; }

CostParametersScope::CostParametersScope(const CostParameters& parameters) : previous_(current) {
  current = &parameters;
}

CostParametersScope::~CostParametersScope() { current = previous_; }

}  // namespace granary::planner
