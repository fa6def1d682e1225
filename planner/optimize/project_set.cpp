#include "planner/optimize/project_set.hpp"

#include <cstddef>
#include <memory>
#include <utility>

namespace granary::planner {
namespace {

bool HoldsSetFunction(const BoundExpr& expr) {
  bool found = false;
  expr.Walk([&](const BoundExpr& node) { found = found || node.kind == BoundKind::kSetFunction; });
  return found;
}

bool ArgumentsHoldSetFunction(const BoundExpr& expr) {
  for (const BoundExprPtr& arg : expr.args) {
    if (HoldsSetFunction(*arg)) return true;
  }
  return false;
}

// True when a set-returning call sits below the top of `target`: anywhere but the entry
// itself or a field of it (`(f(x)).n`), or in such a call's arguments.
bool NeedsLowerLevel(const BoundExpr& target) {
  const BoundExpr* top = &target;
  while (top->kind == BoundKind::kFieldSelect && top->args.size() == 1) {
    if (top->args[0]->kind != BoundKind::kFieldSelect && top->args[0]->kind != BoundKind::kSetFunction) break;
    top = top->args[0].get();
  }
  if (top->kind == BoundKind::kSetFunction) return ArgumentsHoldSetFunction(*top);
  return HoldsSetFunction(target);
}

// Moves every call in `slot` whose arguments hold no other call into `calls`, leaving a
// column of the level below (`first_column` + its place in `calls`) in its stead.
void ExtractInnermostCalls(BoundExprPtr& slot, size_t first_column, std::vector<BoundExprPtr>& calls) {
  if (slot->kind == BoundKind::kSetFunction && !ArgumentsHoldSetFunction(*slot)) {
    const types::Type type = slot->type;
    const int location = slot->location;
    calls.push_back(std::move(slot));
    slot = MakeColumn(first_column + calls.size() - 1, type);
    slot->location = location;
    return;
  }
  for (BoundExprPtr& arg : slot->args) ExtractInnermostCalls(arg, first_column, calls);
}

PlanPtr MakeProject(PlanPtr child, std::vector<BoundExprPtr> expressions, std::vector<std::string> names) {
  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::kProject;
  for (const BoundExprPtr& expr : expressions) project->output_types.push_back(expr->type);
  project->expressions = std::move(expressions);
  project->output_names = std::move(names);
  project->children.push_back(std::move(child));
  return project;
}

}  // namespace

PlanPtr PlanSelectList(PlanPtr child, const std::vector<BoundExprPtr>& targets,
                       const std::vector<std::string>& names, size_t count) {
  std::vector<BoundExprPtr> entries;
  bool lower_level = false;
  for (size_t i = 0; i < count; ++i) {
    entries.push_back(targets[i]->Clone());
    lower_level = lower_level || NeedsLowerLevel(*entries.back());
  }
  while (lower_level) {
    const size_t width = child->output_types.size();
    std::vector<BoundExprPtr> calls;
    for (BoundExprPtr& entry : entries) ExtractInnermostCalls(entry, width, calls);
    std::vector<BoundExprPtr> below;
    std::vector<std::string> below_names = child->output_names;
    for (size_t c = 0; c < width; ++c) below.push_back(MakeColumn(c, child->output_types[c]));
    for (BoundExprPtr& call : calls) {
      below_names.push_back(call->ToString(child->output_names));
      below.push_back(std::move(call));
    }
    child = MakeProject(std::move(child), std::move(below), std::move(below_names));
    lower_level = false;
    for (const BoundExprPtr& entry : entries) lower_level = lower_level || NeedsLowerLevel(*entry);
  }
  return MakeProject(std::move(child), std::move(entries),
                     std::vector<std::string>(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(count)));
}

}  // namespace granary::planner
