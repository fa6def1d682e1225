// Costs and row counts of plan nodes (see cost_model.hpp).
#include "planner/optimize/cost_model.hpp"

#include <algorithm>
#include <cmath>

#include "planner/optimize/cost_parameters.hpp"

namespace granary::planner {
namespace {

// Mackert and Lohman's estimate of the pages fetched to read `tuples` rows at random from a
// table of `pages` pages with `cache` pages of cache (index_pages_fetched).
double PagesFetched(double tuples, double pages, double cache) {
  pages = std::max(pages, 1.0);
  double fetched = 0;
  if (pages <= cache) {
    fetched = (2.0 * pages * tuples) / (2.0 * pages + tuples);
    fetched = std::min(fetched, pages);
  } else {
    const double limit = 2.0 * pages * cache / (2.0 * pages - cache);
    if (tuples <= limit) {
      fetched = (2.0 * pages * tuples) / (2.0 * pages + tuples);
    } else {
      fetched = cache + (tuples - limit) * (pages - cache) / pages;
    }
    fetched = std::min(fetched, pages);
  }
  return std::ceil(fetched);
}

double SumWidths(const std::vector<double>& widths) {
  double sum = 0;
  for (double width : widths) sum += width;
  return sum;
}

void SetTypicalColumns(PlanNode& node) {
  node.estimate.column_distinct.assign(node.output_types.size(), 0);
  node.estimate.column_widths.clear();
  for (const types::Type& type : node.output_types) node.estimate.column_widths.push_back(TypicalWidth(type));
}

// Columns passed through from `child` unchanged (filters, sorts, limits, ...).
void CopyColumns(PlanNode& node, const PlanNode& child) {
  node.estimate.column_distinct = child.estimate.column_distinct;
  node.estimate.column_widths = child.estimate.column_widths;
  node.estimate.column_distinct.resize(node.output_types.size(), 0);
  while (node.estimate.column_widths.size() < node.output_types.size()) {
    node.estimate.column_widths.push_back(TypicalWidth(node.output_types[node.estimate.column_widths.size()]));
  }
}

// The distinct values of a key expression over `node`'s columns (0: unknown).
double KeyDistinct(const BoundExpr& key, const PlanNode& node) {
  const BoundExpr* expr = &key;
  while (expr->kind == BoundKind::kCast && expr->args.size() == 1) expr = expr->args[0].get();
  if (expr->kind != BoundKind::kColumn || expr->index >= node.estimate.column_distinct.size()) return 0;
  return node.estimate.column_distinct[expr->index];
}

// estimate_num_groups: the product of the keys' distinct counts (200 for an unknown one),
// at most the input rows.
double GroupCount(const std::vector<double>& distinct, double input_rows) {
  if (distinct.empty()) return 1;
  double groups = 1;
  for (double d : distinct) groups *= d > 0 ? d : std::min(kDefaultDistinct, std::max(input_rows, 1.0));
  return ClampRows(std::min(groups, std::max(input_rows, 1.0)));
}

// A predicate over a node that is no base table: PostgreSQL's defaults per conjunct.
double GenericSelectivity(const BoundExpr& predicate, const PlanNode& input) {
  RelationEstimate relation;
  relation.tuples = input.estimate.rows;
  return ConditionSelectivity(predicate, relation);
}

// eqjoinsel without MCV matching: 1 / max(distinct) per equality of the join keys.
double JoinSelectivity(const PlanNode& join) {
  const PlanNode& left = *join.children[0];
  const PlanNode& right = *join.children[1];
  double selectivity = 1;
  for (size_t i = 0; i < join.left_keys.size(); ++i) {
    double left_distinct = KeyDistinct(*join.left_keys[i], left);
    double right_distinct = KeyDistinct(*join.right_keys[i], right);
    if (left_distinct <= 0) left_distinct = std::min(kDefaultDistinct, std::max(left.estimate.rows, 1.0));
    if (right_distinct <= 0) right_distinct = std::min(kDefaultDistinct, std::max(right.estimate.rows, 1.0));
    selectivity *= 1.0 / std::max(left_distinct, right_distinct);
  }
  return selectivity;
}

bool SemiOrAnti(const PlanNode& join) {
  return join.join_type == parser::JoinType::kSemi || join.join_type == parser::JoinType::kAnti;
}

// eqjoinsel_semi without MCV lists: the fraction of outer rows that have a partner. Per
// equality, 1 when the outer key has no more distinct values than the inner one, else their
// ratio; 0.5 when either count is unknown. Other conditions count with their selectivity.
double SemiJoinFraction(const PlanNode& join) {
  const PlanNode& outer = *join.children[0];
  const PlanNode& inner = *join.children[1];
  double fraction = 1;
  for (size_t i = 0; i < join.left_keys.size(); ++i) {
    const double outer_distinct = KeyDistinct(*join.left_keys[i], outer);
    const double inner_distinct = std::min(KeyDistinct(*join.right_keys[i], inner), std::max(inner.estimate.rows, 1.0));
    if (outer_distinct <= 0 || inner_distinct <= 0) {
      fraction *= 0.5;
    } else if (outer_distinct > inner_distinct) {
      fraction *= inner_distinct / outer_distinct;
    }
  }
  if (join.predicate) fraction *= ConditionSelectivity(*join.predicate, RelationEstimate{});
  return std::clamp(fraction, 0.0, 1.0);
}

// The rows of a semi join (outer rows with a partner) or an anti join (the others).
double SemiJoinRows(const PlanNode& join, double outer_rows, double fraction) {
  return outer_rows * (join.join_type == parser::JoinType::kAnti ? 1.0 - fraction : fraction);
}

void EstimateJoin(PlanNode& node) {
  const CostParameters& p = CurrentCostParameters();
  const PlanNode& outer = *node.children[0];
  const PlanNode& inner = *node.children[1];
  const bool semi = SemiOrAnti(node);
  double selectivity = JoinSelectivity(node);
  if (node.predicate) selectivity *= ConditionSelectivity(*node.predicate, RelationEstimate{});
  const double match_fraction = semi ? SemiJoinFraction(node) : 1.0;
  // A semi or anti join stops at a left row's first partner: about half the candidates of a
  // row with partners are looked at, all of those of a row without (final_cost_nestloop's
  // inner_scan_frac of 2 / (matches + 1), taken at one match).
  const double scanned = semi ? match_fraction * 0.5 + (1.0 - match_fraction) : 1.0;
  double rows = semi ? SemiJoinRows(node, outer.estimate.rows, match_fraction)
                     : outer.estimate.rows * inner.estimate.rows * selectivity;
  if (node.join_type == parser::JoinType::kLeft || node.join_type == parser::JoinType::kFull) {
    rows = std::max(rows, outer.estimate.rows);
  }
  if (node.join_type == parser::JoinType::kRight || node.join_type == parser::JoinType::kFull) {
    rows = std::max(rows, inner.estimate.rows);
  }
  node.estimate.rows = ClampRows(rows);
  const double keys = static_cast<double>(node.left_keys.size());
  const double residual = node.predicate ? OperatorCount(*node.predicate) : 0;
  if (node.kind == PlanKind::kHashJoin) {
    // final_cost_hashjoin: build the inner side, then probe once per outer row.
    const double build = inner.estimate.total_cost + (p.cpu_operator_cost * keys + p.cpu_tuple_cost) * inner.estimate.rows;
    node.estimate.startup_cost = outer.estimate.startup_cost + build;
    const double bucket = std::max(1.0, inner.estimate.rows * JoinSelectivity(node)) * scanned;
    node.estimate.total_cost = node.estimate.startup_cost + (outer.estimate.total_cost - outer.estimate.startup_cost) +
                               p.cpu_operator_cost * keys * outer.estimate.rows +
                               p.cpu_operator_cost * (keys + residual) * outer.estimate.rows * bucket * 0.5 +
                               p.cpu_tuple_cost * node.estimate.rows;
    if (!p.enable_hashjoin) {
      node.estimate.startup_cost += kDisableCost;
      node.estimate.total_cost += kDisableCost;
    }
  } else if (node.kind == PlanKind::kMergeJoin) {
    // final_cost_mergejoin: both inputs read once in key order (the sorts below are their
    // own nodes), one key comparison per row of each, the residual per joined pair.
    node.estimate.startup_cost = outer.estimate.startup_cost + inner.estimate.startup_cost;
    node.estimate.total_cost = outer.estimate.total_cost + inner.estimate.total_cost +
                               p.cpu_operator_cost * keys * (outer.estimate.rows + inner.estimate.rows) +
                               (p.cpu_tuple_cost + p.cpu_operator_cost * residual) * node.estimate.rows;
    if (!p.enable_mergejoin) {
      node.estimate.startup_cost += kDisableCost;
      node.estimate.total_cost += kDisableCost;
    }
  } else {
    // final_cost_nestloop: the inner side is run again for every outer row. The executor
    // keeps the inner rows after the first run, so a rescan costs what PostgreSQL's
    // Materialize node charges (cpu_operator_cost per row) unless enable_material is off.
    const double rescan = p.enable_material ? p.cpu_operator_cost * inner.estimate.rows : inner.estimate.total_cost;
    node.estimate.startup_cost = outer.estimate.startup_cost + inner.estimate.startup_cost;
    node.estimate.total_cost = outer.estimate.total_cost + inner.estimate.total_cost +
                               std::max(0.0, outer.estimate.rows - 1) * rescan +
                               p.cpu_operator_cost * residual * outer.estimate.rows * inner.estimate.rows * scanned +
                               p.cpu_tuple_cost * node.estimate.rows;
    if (!p.enable_nestloop) {
      node.estimate.startup_cost += kDisableCost;
      node.estimate.total_cost += kDisableCost;
    }
  }
  node.estimate.column_distinct = outer.estimate.column_distinct;
  node.estimate.column_widths = outer.estimate.column_widths;
  if (semi) return;  // the output is the outer row
  node.estimate.column_distinct.insert(node.estimate.column_distinct.end(), inner.estimate.column_distinct.begin(),
                                       inner.estimate.column_distinct.end());
  node.estimate.column_widths.insert(node.estimate.column_widths.end(), inner.estimate.column_widths.begin(),
                                     inner.estimate.column_widths.end());
}

// cost_sort for a sort under a LIMIT that needs only its first `bound` rows: when the input
// has more than twice as many, a bounded heap of `bound` rows (the executor's top-N heapsort)
// costs log2(2 * bound) comparisons per input row instead of log2(N).
void BoundSortCost(PlanNode& sort, double bound) {
  const CostParameters& p = CurrentCostParameters();
  const PlanNode& input = *sort.children[0];
  const double n = std::max(input.estimate.rows, 2.0);
  if (bound < 1 || n <= 2.0 * bound) return;
  PlanEstimate& e = sort.estimate;
  const double run = e.total_cost - e.startup_cost;
  e.startup_cost = input.estimate.total_cost + 2.0 * p.cpu_operator_cost * n * std::log2(2.0 * bound);
  if (!p.enable_sort) e.startup_cost += kDisableCost;
  e.total_cost = e.startup_cost + run;
}

void EstimateNode(PlanNode& node) {
  const CostParameters& p = CurrentCostParameters();
  PlanEstimate& e = node.estimate;
  const PlanNode* child = node.children.empty() ? nullptr : node.children[0].get();
  switch (node.kind) {
    case PlanKind::kSeqScan:
    case PlanKind::kIndexScan:
    case PlanKind::kBitmapHeapScan:
    case PlanKind::kBitmapOr:
    case PlanKind::kBitmapIndexScan: {
      // A scan not costed when chosen (a plan built outside FROM planning): its pages unknown.
      RelationEstimate relation = EstimateRelation(node.table, nullptr, 0);
      CostSeqScan(node, relation);
      return;
    }
    case PlanKind::kValues: {
      const bool result = node.rows.size() == 1 && node.rows[0].empty();
      e.rows = static_cast<double>(node.rows.size());
      e.total_cost = result ? 0.01 : p.cpu_operator_cost * static_cast<double>(node.rows.size()) *
                                         static_cast<double>(std::max<size_t>(1, node.output_types.size()));
      SetTypicalColumns(node);
      if (node.predicate) {
        e.rows = ClampRows(e.rows * GenericSelectivity(*node.predicate, node));
        e.total_cost += p.cpu_operator_cost * OperatorCount(*node.predicate) * static_cast<double>(node.rows.size());
      }
      break;
    }
    case PlanKind::kFunctionScan:
      // A set-returning function's rows are unknown: PostgreSQL's prorows default, 1000.
      e.rows = 1000;
      e.total_cost = 10;
      SetTypicalColumns(node);
      break;
    case PlanKind::kSystemViewScan:
      e.rows = 1000;
      e.total_cost = 10;
      SetTypicalColumns(node);
      break;
    case PlanKind::kCteScan: {
      const PlanNode& source = *node.cte->plan;
      e.rows = source.estimate.done ? source.estimate.rows : 1000;
      e.total_cost = p.cpu_tuple_cost * e.rows;
      SetTypicalColumns(node);
      break;
    }
    case PlanKind::kWorkTableScan:
      e.rows = 10;
      e.total_cost = p.cpu_tuple_cost * e.rows;
      SetTypicalColumns(node);
      break;
    case PlanKind::kFilter:
      e.startup_cost = child->estimate.startup_cost;
      e.rows = ClampRows(child->estimate.rows * GenericSelectivity(*node.predicate, *child));
      e.total_cost = child->estimate.total_cost + p.cpu_operator_cost * OperatorCount(*node.predicate) * child->estimate.rows;
      CopyColumns(node, *child);
      break;
    case PlanKind::kProject: {
      e.startup_cost = child->estimate.startup_cost;
      e.total_cost = child->estimate.total_cost;
      e.rows = child->estimate.rows;
      e.column_distinct.clear();
      e.column_widths.clear();
      for (size_t i = 0; i < node.output_types.size(); ++i) {
        const BoundExpr* expr = i < node.expressions.size() ? node.expressions[i].get() : nullptr;
        if (expr != nullptr && expr->kind == BoundKind::kColumn && expr->index < child->estimate.column_widths.size()) {
          e.column_distinct.push_back(child->estimate.column_distinct[expr->index]);
          e.column_widths.push_back(child->estimate.column_widths[expr->index]);
        } else {
          e.column_distinct.push_back(0);
          e.column_widths.push_back(TypicalWidth(node.output_types[i]));
        }
      }
      break;
    }
    case PlanKind::kNestedLoopJoin:
    case PlanKind::kHashJoin:
    case PlanKind::kMergeJoin:
      EstimateJoin(node);
      break;
    case PlanKind::kLateralJoin: {
      // A nested loop rerunning its inner plan per outer row (a parameterized index scan's
      // estimate is already one probe's): rows = outer rows x inner rows per run.
      const PlanNode& inner = *node.children[1];
      double rows = child->estimate.rows * inner.estimate.rows;
      if (node.predicate) rows *= ConditionSelectivity(*node.predicate, RelationEstimate{});
      if (node.join_type == parser::JoinType::kLeft) rows = std::max(rows, child->estimate.rows);
      if (SemiOrAnti(node)) {
        // Semi / anti: an outer row has a partner when a run yields a row that passes.
        double fraction = std::min(1.0, inner.estimate.rows);
        if (node.predicate) fraction *= ConditionSelectivity(*node.predicate, RelationEstimate{});
        rows = SemiJoinRows(node, child->estimate.rows, fraction);
      }
      e.rows = ClampRows(rows);
      const double residual = node.predicate ? OperatorCount(*node.predicate) : 0;
      e.startup_cost = child->estimate.startup_cost + inner.estimate.startup_cost;
      e.total_cost = child->estimate.total_cost + std::max(1.0, child->estimate.rows) * inner.estimate.total_cost +
                     p.cpu_operator_cost * residual * child->estimate.rows * inner.estimate.rows +
                     p.cpu_tuple_cost * e.rows;
      if (node.parameterized && !p.enable_nestloop) {
        e.startup_cost += kDisableCost;
        e.total_cost += kDisableCost;
      }
      e.column_distinct = child->estimate.column_distinct;
      e.column_widths = child->estimate.column_widths;
      if (!SemiOrAnti(node)) {
        e.column_distinct.insert(e.column_distinct.end(), inner.estimate.column_distinct.begin(),
                                 inner.estimate.column_distinct.end());
        e.column_widths.insert(e.column_widths.end(), inner.estimate.column_widths.begin(),
                               inner.estimate.column_widths.end());
      }
      CopyColumns(node, node);
      break;
    }
    case PlanKind::kAggregate: {
      std::vector<double> distinct;
      for (const BoundExprPtr& key : node.group_keys) distinct.push_back(KeyDistinct(*key, *child));
      e.rows = node.group_keys.empty() ? 1 : GroupCount(distinct, child->estimate.rows);
      if (!node.grouping_sets.empty()) e.rows = ClampRows(e.rows * static_cast<double>(node.grouping_sets.size()));
      const double work = p.cpu_operator_cost *
                          static_cast<double>(node.aggregates.size() + node.group_keys.size()) * child->estimate.rows;
      e.startup_cost = child->estimate.total_cost + work;
      // Hashed aggregation is the only grouping there is: disabling it only prices it so.
      if (!node.group_keys.empty() && !p.enable_hashagg) e.startup_cost += kDisableCost;
      e.total_cost = e.startup_cost + p.cpu_tuple_cost * e.rows;
      if (node.group_keys.empty()) e.total_cost = e.startup_cost + p.cpu_tuple_cost;
      SetTypicalColumns(node);
      for (size_t i = 0; i < distinct.size() && i < e.column_distinct.size(); ++i) e.column_distinct[i] = distinct[i];
      break;
    }
    case PlanKind::kDistinct: {
      std::vector<double> distinct;
      if (node.distinct_columns.empty()) {
        distinct = child->estimate.column_distinct;
      } else {
        for (size_t column : node.distinct_columns) {
          distinct.push_back(column < child->estimate.column_distinct.size() ? child->estimate.column_distinct[column] : 0);
        }
      }
      e.rows = GroupCount(distinct, child->estimate.rows);
      e.startup_cost = child->estimate.total_cost +
                       p.cpu_operator_cost * static_cast<double>(node.output_types.size()) * child->estimate.rows;
      e.total_cost = e.startup_cost + p.cpu_tuple_cost * e.rows;
      CopyColumns(node, *child);
      break;
    }
    case PlanKind::kResult: {
      // create_gating_plan: the One-Time Filter's cost before the first row; no child (a
      // relation proven empty) costs nothing and returns no rows (set_dummy_rel_pathlist).
      const double qual = p.cpu_operator_cost * OperatorCount(*node.predicate);
      if (child == nullptr) {
        e.startup_cost = 0;
        e.total_cost = 0;
        e.rows = 0;
        SetTypicalColumns(node);
        break;
      }
      e.startup_cost = child->estimate.startup_cost + qual;
      e.total_cost = child->estimate.total_cost + qual;
      e.rows = child->estimate.rows;
      CopyColumns(node, *child);
      break;
    }
    case PlanKind::kHash:
      // create_hashjoin_plan: the inner plan's costs, all of them before the first row.
      e.startup_cost = child->estimate.total_cost;
      e.total_cost = child->estimate.total_cost;
      e.rows = child->estimate.rows;
      CopyColumns(node, *child);
      break;
    case PlanKind::kSort: {
      // cost_sort: N log2 N comparisons at twice an operator's cost, before the first row.
      const double n = std::max(child->estimate.rows, 2.0);
      e.startup_cost = child->estimate.total_cost + 2.0 * p.cpu_operator_cost * n * std::log2(n);
      if (!p.enable_sort) e.startup_cost += kDisableCost;
      e.total_cost = e.startup_cost + p.cpu_operator_cost * child->estimate.rows;
      e.rows = child->estimate.rows;
      CopyColumns(node, *child);
      break;
    }
    case PlanKind::kLimit: {
      double rows = child->estimate.rows;
      double offset = 0;
      if (node.offset && node.offset->kind == BoundKind::kConstant && !node.offset->constant.is_null()) {
        offset = static_cast<double>(node.offset->constant.AsInt());
      }
      if (node.limit && node.limit->kind == BoundKind::kConstant && !node.limit->constant.is_null()) {
        rows = std::min(rows, static_cast<double>(node.limit->constant.AsInt()) + offset);
        if (child->kind == PlanKind::kSort) BoundSortCost(*node.children[0], rows);
      } else if (node.limit) {
        rows = std::max(1.0, rows * 0.1);
      }
      const double run = child->estimate.total_cost - child->estimate.startup_cost;
      const double fraction = child->estimate.rows > 0 ? std::min(1.0, rows / child->estimate.rows) : 1.0;
      const double skip = child->estimate.rows > 0 ? std::min(1.0, offset / child->estimate.rows) : 0.0;
      e.startup_cost = child->estimate.startup_cost + run * skip;
      e.total_cost = child->estimate.startup_cost + run * fraction;
      e.rows = std::max(0.0, rows - offset);
      if (e.rows < 1) e.rows = 1;
      CopyColumns(node, *child);
      break;
    }
    case PlanKind::kSetOperation: {
      const PlanNode& right = *node.children[1];
      e.rows = child->estimate.rows + right.estimate.rows;
      e.startup_cost = node.set_all ? 0 : child->estimate.total_cost + right.estimate.total_cost;
      e.total_cost = child->estimate.total_cost + right.estimate.total_cost + p.cpu_tuple_cost * e.rows;
      if (!node.set_all) {
        e.rows = node.set_op == parser::SetOperation::kUnion ? ClampRows(e.rows * 0.5)
                                                             : ClampRows(std::min(child->estimate.rows, right.estimate.rows));
      }
      SetTypicalColumns(node);
      break;
    }
    case PlanKind::kRecursiveUnion: {
      const PlanNode& right = *node.children[1];
      e.rows = ClampRows(child->estimate.rows + 10 * right.estimate.rows);
      e.total_cost = child->estimate.total_cost + 10 * right.estimate.total_cost;
      SetTypicalColumns(node);
      break;
    }
    case PlanKind::kInsert:
    case PlanKind::kUpdate:
    case PlanKind::kDelete:
      // As PostgreSQL: the modify node returns nothing unless RETURNING (rows=0 width=0).
      e.startup_cost = child->estimate.startup_cost;
      e.total_cost = child->estimate.total_cost + (node.kind == PlanKind::kInsert ? 0.0 : 0.0);
      e.rows = 0;
      SetTypicalColumns(node);
      e.done = true;
      e.width = node.returning.empty() ? 0 : SumWidths(e.column_widths);
      return;
    case PlanKind::kWindow:
    case PlanKind::kLockRows:
    case PlanKind::kModifyingCtes:
    case PlanKind::kGather:  // costed where it is made (optimize/parallel_aggregate.cpp)
      e.startup_cost = child->estimate.startup_cost;
      e.total_cost = child->estimate.total_cost + p.cpu_operator_cost * child->estimate.rows *
                                                      static_cast<double>(std::max<size_t>(1, node.windows.size()));
      e.rows = child->estimate.rows;
      CopyColumns(node, *child);
      break;
  }
  e.done = true;
  e.width = SumWidths(e.column_widths);
}

}  // namespace

double OperatorCount(const BoundExpr& expr) {
  double count = 0;
  expr.Walk([&](const BoundExpr& node) {
    switch (node.kind) {
      case BoundKind::kCall:
      case BoundKind::kArrayComparison:
      case BoundKind::kDistinctFrom:
      case BoundKind::kNullIf:
      case BoundKind::kCatalogCall:
      case BoundKind::kRoutineCall:
        count += 1;
        break;
      default:
        break;
    }
  });
  return count;
}

void CostSeqScan(PlanNode& scan, const RelationEstimate& relation) {
  const CostParameters& p = CurrentCostParameters();
  PlanEstimate& e = scan.estimate;
  const double operators = scan.predicate ? OperatorCount(*scan.predicate) : 0;
  e.startup_cost = 0;
  e.total_cost = p.seq_page_cost * relation.pages + (p.cpu_tuple_cost + p.cpu_operator_cost * operators) * relation.tuples;
  if (!p.enable_seqscan) {
    e.startup_cost += kDisableCost;
    e.total_cost += kDisableCost;
  }
  const double selectivity = scan.predicate ? ConditionSelectivity(*scan.predicate, relation) : 1.0;
  e.rows = ClampRows(relation.tuples * selectivity);
  scan.table_pages = relation.pages;
  e.column_distinct.clear();
  e.column_widths.clear();
  for (size_t i = 0; i < scan.output_types.size(); ++i) {
    const bool is_column = relation.table != nullptr && i < relation.table->columns.size();
    // The table's distinct values, not clamped to the filtered rows: eqjoinsel uses them so.
    e.column_distinct.push_back(is_column ? relation.Distinct(i) : relation.tuples);
    e.column_widths.push_back(is_column ? relation.Width(i) : 6);
  }
  // The ctid column is not part of PostgreSQL's row: width counts the table's columns.
  e.width = 0;
  for (size_t i = 0; i + 1 < e.column_widths.size(); ++i) e.width += e.column_widths[i];
  e.done = true;
}

IndexScanCost CostIndexEntries(const RelationEstimate& relation, double index_selectivity, double index_conditions,
                               double index_pages, double loop_count, double probes) {
  const CostParameters& p = CurrentCostParameters();
  const double tuples = std::max(relation.tuples, 1.0);
  const double index_tuples = ClampRows(index_selectivity * tuples);
  index_pages = std::max(index_pages, 1.0);
  probes = std::max(probes, 1.0);
  // genericcostestimate: the index pages and entries one probe reads.
  const double probe_tuples = std::max(1.0, std::round(index_tuples / probes));
  const double pages_read = std::ceil(probe_tuples * index_pages / tuples);
  loop_count = std::max(loop_count, 1.0);
  // Repeated scans (the probes of an IN list, a nested loop's loops) share the index pages
  // they read (genericcostestimate's num_sa_scans and loop_count).
  const double scans = probes * loop_count;
  const double index_io = scans > 1 ? PagesFetched(pages_read * scans, index_pages, p.effective_cache_size) *
                                          p.random_page_cost / loop_count
                                    : pages_read * p.random_page_cost;
  IndexScanCost cost;
  cost.total = index_io + probe_tuples * probes * (p.cpu_index_tuple_cost + p.cpu_operator_cost * index_conditions);
  // btcostestimate: each probe's descent, log2(entries) comparisons and 50 operator costs
  // per level.
  const double height = index_pages <= 1 ? 0 : std::ceil(std::log(index_pages) / std::log(256.0));
  const double descent = std::ceil(std::log2(tuples)) * p.cpu_operator_cost + (height + 1) * 50.0 * p.cpu_operator_cost;
  cost.startup = descent;
  cost.total += descent * probes;
  return cost;
}

IndexScanCost CostIndexScan(const RelationEstimate& relation, double index_selectivity, double index_conditions,
                            double other_conditions, double index_pages, double correlation, double loop_count,
                            double probes) {
  const CostParameters& p = CurrentCostParameters();
  const double index_tuples = ClampRows(index_selectivity * std::max(relation.tuples, 1.0));
  loop_count = std::max(loop_count, 1.0);
  IndexScanCost cost = CostIndexEntries(relation, index_selectivity, index_conditions, index_pages, loop_count, probes);
  // cost_index: heap pages between the uncorrelated (Mackert-Lohman, random reads) and the
  // perfectly correlated (sequential) cases, by the square of the correlation.
  const double heap_pages = std::max(relation.pages, 1.0);
  const double fetched = PagesFetched(index_tuples * loop_count, heap_pages, p.effective_cache_size);
  const double max_io = fetched * p.random_page_cost / loop_count;
  const double min_pages = std::ceil(index_selectivity * heap_pages);
  double min_io = min_pages > 0 ? p.random_page_cost + (min_pages - 1) * p.seq_page_cost : 0;
  if (loop_count > 1) {
    min_io = PagesFetched(min_pages * loop_count, heap_pages, p.effective_cache_size) * p.random_page_cost / loop_count;
  }
  const double squared = correlation * correlation;
  const double io = max_io + squared * (min_io - max_io);
  const double cpu = (p.cpu_tuple_cost + p.cpu_operator_cost * other_conditions) * index_tuples;
  cost.total += io + cpu;
  if (!p.enable_indexscan) {
    cost.startup += kDisableCost;
    cost.total += kDisableCost;
  }
  return cost;
}

double BitmapEntriesCost(const IndexScanCost& entries, double entry_rows) {
  // cost_bitmap_tree_node: a little per entry for building the bitmap.
  return entries.total + 0.1 * CurrentCostParameters().cpu_operator_cost * entry_rows;
}

IndexScanCost CostBitmapHeapScan(const RelationEstimate& relation, double bitmap_cost, double selectivity,
                                 double predicate_operators) {
  const CostParameters& p = CurrentCostParameters();
  const double heap_pages = std::max(relation.pages, 1.0);
  const double tuples = ClampRows(std::min(selectivity, 1.0) * std::max(relation.tuples, 1.0));
  // compute_bitmap_pages: the pages holding the rows (Mackert-Lohman's case for a table
  // that fits in memory), each read once and in order.
  double pages = 2.0 * heap_pages * tuples / (2.0 * heap_pages + tuples);
  pages = pages >= heap_pages ? heap_pages : std::ceil(pages);
  // cost_bitmap_heap_scan: the cost per page falls from random_page_cost towards
  // seq_page_cost as the fraction of the table read grows.
  const double per_page = pages >= 2.0 ? p.random_page_cost -
                                             (p.random_page_cost - p.seq_page_cost) * std::sqrt(pages / heap_pages)
                                       : p.random_page_cost;
  IndexScanCost cost;
  cost.startup = bitmap_cost;
  cost.total = bitmap_cost + pages * per_page + (p.cpu_tuple_cost + p.cpu_operator_cost * predicate_operators) * tuples;
  if (!p.enable_bitmapscan) {
    cost.startup += kDisableCost;
    cost.total += kDisableCost;
  }
  return cost;
}

void EstimatePlan(PlanNode& node) {
  if (node.estimate.done) return;
  for (PlanPtr& child : node.children) EstimatePlan(*child);
  EstimateNode(node);
}

}  // namespace granary::planner
