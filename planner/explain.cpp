// EXPLAIN output in PostgreSQL's indented tree shape.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>

#include "planner/explain_names.hpp"
#include "planner/plan.hpp"
#include "planner/relation_scans.hpp"
#include "types/value_ops.hpp"

namespace granary::planner {
namespace {

// The names `node`'s own expressions (Filter, keys) read its input columns by. A relation
// scan's conditions name its columns bare, whatever the range table holds (PostgreSQL's
// show_scan_qual), and so does a Filter over one; the other nodes' follow `qualify`
// (show_upper_qual and the key lists). A Filter over an aggregate is its HAVING, which
// PostgreSQL shows on the aggregate itself, over the aggregates' own calls.
std::vector<std::string> ChildNames(const PlanNode& node, bool qualify) {
  if (node.kind == PlanKind::kAggregate && node.aggregate_split == AggregateSplit::kFinalize) {
    // Its keys and arguments are the Partial Aggregate's, over the scan under the Gather.
    return ChildNames(*node.children[0]->children[0], qualify);
  }
  if (node.children.empty() || IsTableScan(node.kind)) return ExplainColumnNames(node, false);
  const PlanNode& first = *node.children[0];
  if (node.children.size() == 1) {
    if (node.kind == PlanKind::kFilter && IsRelationScan(first.kind)) return ExplainColumnNames(first, false);
    const bool having = node.kind == PlanKind::kFilter && first.kind == PlanKind::kAggregate;
    return ExplainColumnNames(first, qualify, !having);
  }
  std::vector<std::string> names = ExplainColumnNames(first, qualify);
  const std::vector<std::string> right = ExplainColumnNames(*node.children[1], qualify);
  names.insert(names.end(), right.begin(), right.end());
  return names;
}

std::string JoinSuffix(parser::JoinType type, bool always = false) {
  switch (type) {
    case parser::JoinType::kLeft: return " Left Join";
    case parser::JoinType::kRight: return " Right Join";
    case parser::JoinType::kFull: return " Full Join";
    case parser::JoinType::kSemi: return " Semi Join";
    case parser::JoinType::kAnti: return " Anti Join";
    default: return always ? " Join" : "";
  }
}

std::string AggregateSplitPrefix(AggregateSplit split) {
  switch (split) {
    case AggregateSplit::kSimple: return "";
    case AggregateSplit::kPartial: return "Partial ";
    case AggregateSplit::kFinalize: return "Finalize ";
  }
  return "";
}

std::string Title(const PlanNode& node) {
  switch (node.kind) {
    case PlanKind::kSeqScan:
      return std::string(node.sample ? "Sample Scan on " : node.parallel_aware ? "Parallel Seq Scan on " : "Seq Scan on ") + node.table.name +
             (node.alias.empty() || node.alias == node.table.name ? "" : " " + node.alias);
    case PlanKind::kIndexScan:
      return std::string(node.backward ? "Index Scan Backward" : "Index Scan") + " using " + node.index->schema.name + " on " + node.table.name +
             (node.alias.empty() || node.alias == node.table.name ? "" : " " + node.alias);
    case PlanKind::kBitmapHeapScan:
      return "Bitmap Heap Scan on " + node.table.name +
             (node.alias.empty() || node.alias == node.table.name ? "" : " " + node.alias);
    case PlanKind::kBitmapOr: return "BitmapOr";
    case PlanKind::kBitmapIndexScan: return "Bitmap Index Scan on " + node.index->schema.name;
    case PlanKind::kValues: return node.rows.size() == 1 && node.rows[0].empty() ? "Result" : "Values Scan";
    case PlanKind::kFunctionScan: return "Function Scan on " + node.alias;
    case PlanKind::kSystemViewScan: {
      const std::string qualified = node.table.schema_name + "." + node.table.name;
      return "Function Scan on " + qualified + (node.alias != node.table.name ? " " + node.alias : "");
    }
    case PlanKind::kWindow: return "WindowAgg";
    case PlanKind::kFilter: return "Filter";
    case PlanKind::kProject: return "Project";
    case PlanKind::kNestedLoopJoin:
    case PlanKind::kLateralJoin: return "Nested Loop" + JoinSuffix(node.join_type);
    case PlanKind::kHashJoin: return "Hash" + JoinSuffix(node.join_type, true);
    case PlanKind::kMergeJoin: return "Merge" + JoinSuffix(node.join_type, true);
    case PlanKind::kAggregate:
      if (!node.grouping_sets.empty()) {
        const bool has_empty = std::any_of(node.grouping_sets.begin(), node.grouping_sets.end(),
                                           [](const auto& set) { return set.empty(); });
        return has_empty ? "MixedAggregate" : "HashAggregate";
      }
      return AggregateSplitPrefix(node.aggregate_split) + (node.group_keys.empty() ? "Aggregate" : "HashAggregate");
    case PlanKind::kGather: return "Gather";
    case PlanKind::kHash: return "Hash";
    case PlanKind::kResult: return "Result";
    case PlanKind::kSort: return "Sort";
    case PlanKind::kLimit: return "Limit";
    case PlanKind::kLockRows: return "LockRows";
    case PlanKind::kDistinct: return "HashAggregate (distinct)";
    case PlanKind::kSetOperation: {
      static const char* kNames[] = {"", "Union", "Intersect", "Except"};
      return std::string(node.set_all ? "Append " : "HashSetOp ") + kNames[static_cast<int>(node.set_op)] +
             (node.set_all ? " All" : "");
    }
    case PlanKind::kCteScan:
      return "CTE Scan on " + node.cte->name + (node.alias.empty() || node.alias == node.cte->name ? "" : " " + node.alias);
    case PlanKind::kRecursiveUnion: return "Recursive Union";
    case PlanKind::kModifyingCtes: return "";  // not shown: see Describe
    case PlanKind::kWorkTableScan:
      return "WorkTable Scan on " + node.work_table->name +
             (node.alias.empty() || node.alias == node.work_table->name ? "" : " " + node.alias);
    case PlanKind::kInsert: return "Insert on " + node.table.name;
    case PlanKind::kUpdate: return "Update on " + node.table.name;
    case PlanKind::kDelete: return "Delete on " + node.table.name;
  }
  return "?";
}

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, value);
  return buffer;
}

// " (cost=a..b rows=n width=w)", as PostgreSQL prints a node's estimates.
std::string Costs(const PlanNode& node, const ExplainOptions& options) {
  if (!options.costs) return "";
  const PlanEstimate& e = node.estimate;
  return "  (cost=" + Fixed(e.startup_cost, 2) + ".." + Fixed(e.total_cost, 2) + " rows=" + Fixed(e.rows, 0) +
         " width=" + Fixed(e.width, 0) + ")";
}

// " (actual time=a..b rows=n loops=m)", or " (never executed)", as PostgreSQL's text format
// without costs: per-loop averages of times and rows.
std::string Actuals(const PlanNode& node, const ExplainOptions& options) {
  if (!options.analyze) return "";
  // Run by the Bitmap Heap Scan above them, which measures them as part of itself.
  if (node.kind == PlanKind::kBitmapOr || node.kind == PlanKind::kBitmapIndexScan) return "";
  const std::optional<ExplainActuals> actuals = options.actuals ? options.actuals(node) : std::nullopt;
  if (!actuals || actuals->loops == 0) return " (never executed)";
  const double loops = static_cast<double>(actuals->loops);
  std::string text = " (actual ";
  if (options.timing) {
    text += "time=" + Fixed(actuals->startup_ms / loops, 3) + ".." + Fixed(actuals->total_ms / loops, 3) + " ";
  }
  return text + "rows=" + Fixed(static_cast<double>(actuals->rows) / loops, 0) +
         " loops=" + std::to_string(actuals->loops) + ")";
}

// The AND operands of `predicate` equal to none of `conditions`, as an AND (null for none).
BoundExprPtr WithoutConditions(const BoundExpr& predicate, const std::vector<BoundExprPtr>& conditions) {
  std::vector<const BoundExpr*> operands;
  std::vector<const BoundExpr*> pending{&predicate};
  while (!pending.empty()) {
    const BoundExpr* expr = pending.back();
    pending.pop_back();
    if (expr->kind == BoundKind::kAnd) {
      for (auto it = expr->args.rbegin(); it != expr->args.rend(); ++it) pending.push_back(it->get());
      continue;
    }
    const bool enforced = std::any_of(conditions.begin(), conditions.end(),
                                      [&](const BoundExprPtr& condition) { return condition->Equals(*expr); });
    if (!enforced) operands.push_back(expr);
  }
  if (operands.empty()) return nullptr;
  if (operands.size() == 1) return operands[0]->Clone();
  auto conjunction = std::make_unique<BoundExpr>();
  conjunction->kind = BoundKind::kAnd;
  conjunction->type = predicate.type;
  for (const BoundExpr* operand : operands) conjunction->args.push_back(operand->Clone());
  return conjunction;
}

using ShownCtes = std::set<const CtePlan*>;

// Whether a Filter node over `child` is shown as PostgreSQL shows the quals of the node it
// would have put them on: a "Filter:" line of that scan, join or aggregate (HAVING).
bool TakesUpperFilter(const PlanNode& child) {
  if (IsRelationScan(child.kind)) return true;
  switch (child.kind) {
    case PlanKind::kNestedLoopJoin:
    case PlanKind::kHashJoin:
    case PlanKind::kMergeJoin:
    case PlanKind::kLateralJoin:
    case PlanKind::kAggregate:
      return true;
    case PlanKind::kValues:
      return !(child.rows.size() == 1 && child.rows[0].empty());
    default:
      return false;
  }
}

bool IsJoin(const PlanNode& node) {
  return node.kind == PlanKind::kNestedLoopJoin || node.kind == PlanKind::kHashJoin ||
         node.kind == PlanKind::kMergeJoin || node.kind == PlanKind::kLateralJoin;
}

// The AND of `first` and `second`, flattened (PostgreSQL's implicit-AND qual list).
BoundExprPtr BothConditions(const BoundExpr& first, const BoundExpr& second) {
  auto conjunction = std::make_unique<BoundExpr>();
  conjunction->kind = BoundKind::kAnd;
  conjunction->type = first.type;
  for (const BoundExpr* part : {&first, &second}) {
    if (part->kind == BoundKind::kAnd) {
      for (const BoundExprPtr& arg : part->args) conjunction->args.push_back(arg->Clone());
    } else {
      conjunction->args.push_back(part->Clone());
    }
  }
  return conjunction;
}

// `upper_filter`: a Filter node directly above `node` shown as part of it (TakesUpperFilter).
void Describe(const PlanNode& node, std::vector<std::string>& lines, const std::string& indent,
              bool top, ShownCtes& shown_ctes, const ExplainOptions& options,
              const PlanNode* upper_filter = nullptr) {
  // PostgreSQL has no Filter node: a scan, join or aggregate checks its quals itself. With
  // ANALYZE the node stays, so that its measured rows are those that passed.
  if (node.kind == PlanKind::kFilter && node.children.size() == 1 && !options.analyze && upper_filter == nullptr &&
      TakesUpperFilter(*node.children[0])) {
    Describe(*node.children[0], lines, indent, top, shown_ctes, options, &node);
    return;
  }
  // The statement's data-modifying WITH items: shown under the plan they run before, as
  // PostgreSQL shows every CTE of a query level.
  if (node.kind == PlanKind::kModifyingCtes) {
    const PlanNode* child = node.children[0].get();
    while (top && child->kind == PlanKind::kProject && child->children.size() == 1) child = child->children[0].get();
    Describe(*child, lines, indent, top, shown_ctes, options);
    const std::string detail = top ? "  " : indent + "      ";
    for (const auto& cte : node.modifying_ctes) {
      if (!shown_ctes.insert(cte.get()).second) continue;
      lines.push_back(detail + "CTE " + cte->name);
      Describe(*cte->plan, lines, detail + "  ", false, shown_ctes, options);
    }
    return;
  }
  // A projection is not a node of its own in PostgreSQL: every plan node computes its target
  // list, so the node below shows in its place.
  if (node.kind == PlanKind::kProject && node.children.size() == 1) {
    Describe(*node.children[0], lines, indent, top, shown_ctes, options);
    return;
  }
  lines.push_back((top ? "" : indent + "->  ") + Title(node) + Costs(node, options) + Actuals(node, options));
  const std::string detail = top ? "  " : indent + "      ";
  const bool qualify = options.qualify_columns;
  const std::vector<std::string> names = ChildNames(node, qualify);
  if (node.sample) {
    // As PostgreSQL's show_tablesample: the arguments as typed constants.
    const auto argument = [&](const BoundExpr& expr) {
      if (expr.kind != BoundKind::kConstant || expr.constant.is_null()) return expr.ToString(names);
      return "'" + types::ToText(expr.constant) + "'::" + types::FormatType(expr.type);
    };
    std::string sampling = std::string(node.sample->system ? "system" : "bernoulli") + " (" +
                           argument(*node.sample->percent) + ")";
    if (node.sample->seed) sampling += " REPEATABLE (" + argument(*node.sample->seed) + ")";
    lines.push_back(detail + "Sampling: " + sampling);
  }
  if (node.kind == PlanKind::kHashJoin || node.kind == PlanKind::kMergeJoin) {
    std::string condition;
    const std::vector<std::string> left_names = ExplainColumnNames(*node.children[0], qualify);
    const std::vector<std::string> right_names = ExplainColumnNames(*node.children[1], qualify);
    for (size_t i = 0; i < node.left_keys.size(); ++i) {
      if (i > 0) condition += " AND ";
      condition += "(" + node.left_keys[i]->ToString(left_names) + " = " +
                   node.right_keys[i]->ToString(right_names) + ")";
    }
    // Several keys are one AND, parenthesised as a whole (PostgreSQL's qual list).
    if (node.left_keys.size() > 1) condition = "(" + condition + ")";
    lines.push_back(detail + (node.kind == PlanKind::kHashJoin ? "Hash Cond: " : "Merge Cond: ") + condition);
  }
  if (node.kind == PlanKind::kGather) lines.push_back(detail + "Workers Planned: " + std::to_string(node.workers_planned));
  if (!node.index_condition.empty()) lines.push_back(detail + "Index Cond: " + node.index_condition);
  if ((node.kind == PlanKind::kIndexScan || node.kind == PlanKind::kBitmapIndexScan ||
       node.kind == PlanKind::kBitmapHeapScan) &&
      !node.index_quals.empty()) {
    // As PostgreSQL: the indexed columns by their bare names, several conditions in one AND.
    std::vector<std::string> columns;
    for (const catalog::ColumnSchema& column : node.table.columns) columns.push_back(column.name);
    for (const char* system : {"ctid", "xmin", "xmax"}) columns.push_back(system);
    std::string condition;
    for (size_t i = 0; i < node.index_quals.size(); ++i) {
      condition += (i ? " AND " : "") + node.index_quals[i]->ToString(columns);
    }
    const char* label = node.kind == PlanKind::kBitmapHeapScan ? "Recheck Cond: " : "Index Cond: ";
    lines.push_back(detail + label + (node.index_quals.size() > 1 ? "(" + condition + ")" : condition));
  }
  if (node.kind == PlanKind::kAggregate && !node.grouping_sets.empty()) {
    // As PostgreSQL's MixedAggregate: one Hash Key line per set, `Group Key: ()` for an
    // empty set.
    for (const std::vector<size_t>& set : node.grouping_sets) {
      std::string keys;
      for (size_t i = 0; i < set.size(); ++i) keys += (i ? ", " : "") + node.group_keys[set[i]]->ToString(names);
      lines.push_back(detail + (set.empty() ? "Group Key: ()" : "Hash Key: " + keys));
    }
  } else if (node.kind == PlanKind::kAggregate && !node.group_keys.empty()) {
    std::string keys;
    for (size_t i = 0; i < node.group_keys.size(); ++i) {
      keys += (i ? ", " : "") + node.group_keys[i]->ToString(names);
    }
    lines.push_back(detail + "Group Key: " + keys);
  }
  if (node.kind == PlanKind::kSort) {
    // A key computed below (by a projection, an aggregate) is shown as its expression over
    // that node's input, as PostgreSQL does (`os_t.created_at`, `((id + 0))`), not by the
    // column's name in the select list (a sort-only column has none).
    const std::vector<std::string> input = ExplainColumnNames(*node.children[0], qualify);
    std::string keys;
    for (size_t i = 0; i < node.sort_keys.size(); ++i) {
      const size_t column = node.sort_keys[i].column;
      const SortKey& key = node.sort_keys[i];
      // show_sortorder_options: NULLS FIRST / LAST only where it is not the direction's default.
      keys += (i ? ", " : "") + (column < input.size() ? input[column] : node.output_names[column]) +
              (key.descending ? " DESC" : "") +
              (key.nulls_first && !key.descending ? " NULLS FIRST" : "") +
              (!key.nulls_first && key.descending ? " NULLS LAST" : "");
    }
    lines.push_back(detail + "Sort Key: " + keys);
  }
  if (node.kind == PlanKind::kInsert && node.on_conflict) {
    const BoundOnConflict& conflict = *node.on_conflict;
    lines.push_back(detail + "Conflict Resolution: " +
                    (conflict.action == parser::OnConflictAction::kUpdate ? "UPDATE" : "NOTHING"));
    if (conflict.inferred) {
      std::string arbiters;
      for (size_t i = 0; i < conflict.arbiters.size(); ++i) {
        arbiters += (i ? ", " : "") + conflict.arbiters[i]->schema.name;
      }
      lines.push_back(detail + "Conflict Arbiter Indexes: " + arbiters);
    }
  }
  if (node.predicate) {
    const char* label = node.kind == PlanKind::kNestedLoopJoin || node.kind == PlanKind::kHashJoin ||
                                node.kind == PlanKind::kMergeJoin || node.kind == PlanKind::kLateralJoin
                            ? "Join Filter: "
                            : node.kind == PlanKind::kResult ? "One-Time Filter: " : "Filter: ";
    // A bitmap heap scan's predicate holds its Recheck Cond too (executor: rechecked on every
    // row); its Filter is the rest, as PostgreSQL shows it.
    const BoundExprPtr filter = node.kind == PlanKind::kBitmapHeapScan ? WithoutConditions(*node.predicate, node.index_quals)
                                                                       : nullptr;
    const BoundExpr* own = node.kind != PlanKind::kBitmapHeapScan ? node.predicate.get() : filter.get();
    if (own != nullptr && upper_filter != nullptr && !IsJoin(node)) {
      // The scan's quals and the ones above it are one list in PostgreSQL.
      lines.push_back(detail + label + BothConditions(*own, *upper_filter->predicate)->ToString(names));
      upper_filter = nullptr;
    } else if (own != nullptr) {
      lines.push_back(detail + label + own->ToString(names));
    }
    if (options.analyze && options.removed && options.actuals) {
      const std::optional<ExplainActuals> actuals = options.actuals(node);
      const uint64_t removed = options.removed(*node.predicate);
      if (actuals && actuals->loops > 0 && removed > 0) {
        lines.push_back(detail + "Rows Removed by " + (label[0] == 'J' ? "Join Filter: " : "Filter: ") +
                        Fixed(static_cast<double>(removed) / static_cast<double>(actuals->loops), 0));
      }
    }
  }
  if (upper_filter != nullptr) {
    lines.push_back(detail + "Filter: " + upper_filter->predicate->ToString(ChildNames(*upper_filter, qualify)));
  }
  if (options.analyze && options.actuals) {
    const std::optional<ExplainActuals> actuals = options.actuals(node);
    if (actuals && actuals->loops > 0) {
      for (const std::string& line : actuals->details) lines.push_back(detail + line);
    }
  }
  // A WITH item's plan is shown once, under its first CTE scan, as PostgreSQL shows it under
  // the plan that owns it ("CTE name" then its plan).
  if (node.kind == PlanKind::kCteScan && shown_ctes.insert(node.cte.get()).second) {
    lines.push_back(detail + "CTE " + node.cte->name);
    Describe(*node.cte->plan, lines, detail + "  ", false, shown_ctes, options);
  }
  for (const PlanPtr& child : node.children) {
    Describe(*child, lines, top ? "  " : indent + "      ", false, shown_ctes, options);
  }
}

}  // namespace

std::vector<std::string> ExplainPlan(const PlanNode& plan, const ExplainOptions& options) {
  std::vector<std::string> lines;
  // A projection adds nothing a reader of EXPLAIN needs (PostgreSQL folds it into nodes).
  const PlanNode* top = &plan;
  while (top->kind == PlanKind::kProject && top->children.size() == 1) top = top->children[0].get();
  ShownCtes shown_ctes;
  Describe(*top, lines, "", true, shown_ctes, options);
  return lines;
}

}  // namespace granary::planner
