// Pulling EXISTS / IN / NOT EXISTS up into semi and anti joins (see semi_join.hpp).
#include "planner/optimize/semi_join.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

size_t CountOuterRefs(const BoundExpr& expr) {
  size_t count = 0;
  expr.Walk([&](const BoundExpr& node) { count += node.kind == BoundKind::kOuterRef ? 1 : 0; });
  return count;
}

// Whether a FROM item (or an item of a JOIN) may be read as the inner input: no WITH item,
// nothing that reads an enclosing row.
bool PlainItem(const BoundFromItem& item) {
  if (!item.lateral_args.empty()) return false;
  switch (item.kind) {
    case BoundFromItem::Kind::kCte:
    case BoundFromItem::Kind::kWorkTable: return false;
    case BoundFromItem::Kind::kJoin: return PlainItem(*item.left) && PlainItem(*item.right);
    default: return true;
  }
}

// PostgreSQL's simplify_EXISTS_query conditions: a sub-select whose rows only matter by
// their existence and whose shape a join can take.
bool SimpleSelect(const BoundQuery& query) {
  if (query.set_op != parser::SetOperation::kNone || query.aggregated || !query.windows.empty() || query.limit ||
      query.offset || !query.row_marks.empty() || !query.modifying_ctes.empty() || !query.values_rows.empty() ||
      query.from.empty()) {
    return false;
  }
  for (const BoundExprPtr& target : query.targets) {
    bool set_function = false;
    target->Walk([&](const BoundExpr& node) { set_function = set_function || node.kind == BoundKind::kSetFunction; });
    if (set_function) return false;
  }
  for (const auto& item : query.from) {
    if (!PlainItem(*item)) return false;
  }
  return true;
}

void SplitAnd(const BoundExpr& expr, std::vector<const BoundExpr*>& out) {
  if (expr.kind == BoundKind::kAnd) {
    for (const BoundExprPtr& arg : expr.args) SplitAnd(*arg, out);
    return;
  }
  out.push_back(&expr);
}

// Replaces every kOuterRef (value `index` of the sublink's correlation values) by a copy of
// the expression that supplies it.
void ReplaceOuterRefs(BoundExprPtr& expr, const std::vector<const BoundExpr*>& values) {
  if (expr->kind == BoundKind::kOuterRef) {
    expr = values[expr->index]->Clone();
    return;
  }
  for (BoundExprPtr& arg : expr->args) ReplaceOuterRefs(arg, values);
}

std::optional<SublinkPullUp> PullUpExists(const BoundExpr& sublink, bool negated, size_t outer_width) {
  const SubqueryInfo& info = *sublink.subquery;
  const BoundQuery& query = *info.query;
  if (sublink.args.size() <= info.test_count || !SimpleSelect(query) || !query.where) return std::nullopt;
  if (query.where->IsVolatile()) return std::nullopt;
  // Every read of the enclosing row must be in WHERE, where it becomes a join condition.
  size_t all_refs = 0;
  query.VisitExpressions([&](const BoundExpr& node) { all_refs += node.kind == BoundKind::kOuterRef ? 1 : 0; });
  if (all_refs == 0 || all_refs != CountOuterRefs(*query.where)) return std::nullopt;
  std::vector<const BoundExpr*> values;
  for (size_t i = info.test_count; i < sublink.args.size(); ++i) {
    values.push_back(sublink.args[i].get());
    if (sublink.args[i]->IsVolatile()) return std::nullopt;
  }
  SublinkPullUp pull_up;
  pull_up.type = negated ? parser::JoinType::kAnti : parser::JoinType::kSemi;
  pull_up.query = &query;
  std::vector<const BoundExpr*> conjuncts;
  SplitAnd(*query.where, conjuncts);
  for (const BoundExpr* conjunct : conjuncts) {
    BoundExprPtr copy = conjunct->Clone();
    if (CountOuterRefs(*copy) == 0) {
      pull_up.inner_conditions.push_back(std::move(copy));
      continue;
    }
    // The sub-select's columns move after the outer ones; then the enclosing values (over
    // the outer layout) take the places of the references to them.
    copy->RemapColumns([outer_width](size_t index) { return outer_width + index; });
    ReplaceOuterRefs(copy, values);
    pull_up.join_conditions.push_back(std::move(copy));
  }
  return pull_up;
}

// Places the row comparison's reads of the test values (columns 0 .. width - 1) by the tests
// themselves and its reads of the inner row after the outer layout.
void PlaceRowColumns(BoundExprPtr& expr, const BoundExpr& sublink, size_t width, size_t outer_width) {
  if (expr->kind == BoundKind::kColumn) {
    if (expr->index < width) {
      expr = sublink.args[expr->index]->Clone();
    } else {
      expr->index = outer_width + expr->index - width;
    }
    return;
  }
  for (BoundExprPtr& arg : expr->args) PlaceRowColumns(arg, sublink, width, outer_width);
}

// (a, b) IN (SELECT x, y ...): a semi join on a = x AND b = y, under the same conditions as
// one value's IN.
std::optional<SublinkPullUp> PullUpRowIn(const BoundExpr& sublink, size_t outer_width) {
  const SubqueryInfo& info = *sublink.subquery;
  const size_t width = info.test_count;
  if (info.operator_name != "=" || sublink.args.size() != width) return std::nullopt;
  bool reads_columns = false;
  for (const BoundExprPtr& test : sublink.args) {
    if (test->IsVolatile() || CountOuterRefs(*test) != 0) return std::nullopt;
    reads_columns = reads_columns || test->ReferencesColumns();
  }
  if (!reads_columns) return std::nullopt;
  std::vector<const BoundExpr*> pairs;
  SplitAnd(*info.row_compare, pairs);
  SublinkPullUp pull_up;
  pull_up.type = parser::JoinType::kSemi;
  pull_up.query = info.query.get();
  pull_up.whole_query = true;
  for (const BoundExpr* pair : pairs) {
    BoundExprPtr condition = pair->Clone();
    PlaceRowColumns(condition, sublink, width, outer_width);
    pull_up.join_conditions.push_back(std::move(condition));
  }
  return pull_up;
}

std::optional<SublinkPullUp> PullUpIn(const BoundExpr& sublink, size_t outer_width) {
  const SubqueryInfo& info = *sublink.subquery;
  if (info.row_compare) return PullUpRowIn(sublink, outer_width);
  const BoundQuery& query = *info.query;
  if (info.operator_name != "=" || info.test_count != 1 || sublink.args.size() != 1) return std::nullopt;
  const BoundExpr& test = *sublink.args[0];
  if (!test.ReferencesColumns() || test.IsVolatile() || CountOuterRefs(test) != 0) return std::nullopt;
  const std::vector<Type> output = query.OutputTypes();
  if (output.size() != 1 || output[0].id == TypeId::kUnknown) return std::nullopt;
  if (test.type.id != info.compare_type.id) return std::nullopt;
  BoundExprPtr inner = MakeColumn(outer_width, output[0]);
  if (output[0].id != info.compare_type.id) {
    auto cast = std::make_unique<BoundExpr>();
    cast->kind = BoundKind::kCast;
    cast->type = info.compare_type;
    cast->cast_context = types::CastContext::kImplicit;
    cast->args.push_back(std::move(inner));
    inner = std::move(cast);
  }
  auto comparison = std::make_unique<BoundExpr>();
  comparison->kind = BoundKind::kCall;
  comparison->type = Type{TypeId::kBool, -1};
  comparison->name = "=";
  comparison->function = info.compare;
  comparison->input_collation = sublink.input_collation;
  comparison->location = sublink.location;
  comparison->args.push_back(test.Clone());
  comparison->args.push_back(std::move(inner));
  SublinkPullUp pull_up;
  pull_up.type = parser::JoinType::kSemi;
  pull_up.query = &query;
  pull_up.whole_query = true;
  pull_up.join_conditions.push_back(std::move(comparison));
  return pull_up;
}

}  // namespace

std::optional<SublinkPullUp> PullUpSublink(const BoundExpr& conjunct, size_t outer_width) {
  const bool negated = conjunct.kind == BoundKind::kNot && conjunct.args.size() == 1;
  const BoundExpr& sublink = negated ? *conjunct.args[0] : conjunct;
  if (sublink.kind != BoundKind::kSubquery || !sublink.subquery || !sublink.subquery->query) return std::nullopt;
  switch (sublink.subquery->mode) {
    case SubqueryMode::kExists: return PullUpExists(sublink, negated, outer_width);
    case SubqueryMode::kAny:
      if (negated) return std::nullopt;  // NOT IN: NULL semantics (see semi_join.hpp)
      return PullUpIn(sublink, outer_width);
    default: return std::nullopt;
  }
}

}  // namespace granary::planner
