// ExplainColumnNames: the column names EXPLAIN shows for a node's output (explain.cpp).
#include "planner/explain_names.hpp"

namespace granary::planner {
namespace {

// One output column as EXPLAIN names it: a relation's column, or the text of the expression
// that computed it (`computed`), which a node reading it shows in parentheses.
struct Column {
  std::string text;
  bool computed = false;
};

std::vector<Column> Columns(const PlanNode& node, bool qualify);

std::vector<std::string> Texts(const std::vector<Column>& columns, bool referenced) {
  std::vector<std::string> texts;
  for (const Column& column : columns) {
    texts.push_back(referenced && column.computed ? "(" + column.text + ")" : column.text);
  }
  return texts;
}

// A relation's column without the relation's name: "t.a" -> "a" (the names the planner gives
// function, WITH item and system view scans are `alias.column`).
std::string Unqualified(const std::string& name) {
  const size_t dot = name.find('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

// The column `expr` computes over `input`: a plain column is that column.
Column Computed(const BoundExpr& expr, const std::vector<Column>& input, const std::vector<std::string>& texts) {
  if (expr.kind == BoundKind::kColumn && expr.index < input.size()) return input[expr.index];
  return {expr.ToString(texts), true};
}

// Whether a projection over `child` is what PostgreSQL computes in the aggregate's or window
// node itself (its target list), where the aggregate calls read bare, not as columns of the
// node below: an Aggregate, a WindowAgg, or the HAVING Filter over an Aggregate.
bool ProjectsInside(const PlanNode& child) {
  if (child.kind == PlanKind::kFilter) return child.children[0]->kind == PlanKind::kAggregate;
  return child.kind == PlanKind::kAggregate || child.kind == PlanKind::kWindow;
}

std::vector<Column> AggregateColumns(const PlanNode& node, bool qualify) {
  // A Finalize Aggregate's keys and arguments are the Partial Aggregate's, over the scan
  // under the Gather.
  const PlanNode& input_node = node.aggregate_split == AggregateSplit::kFinalize
                                   ? *node.children[0]->children[0]->children[0]
                                   : *node.children[0];
  const std::vector<Column> input = Columns(input_node, qualify);
  const std::vector<std::string> texts = Texts(input, true);
  std::vector<Column> columns;
  for (const BoundExprPtr& key : node.group_keys) columns.push_back(Computed(*key, input, texts));
  for (const BoundAggregate& aggregate : node.aggregates) {
    columns.push_back({aggregate.name + "(" + (aggregate.argument ? aggregate.argument->ToString(texts) : "*") + ")", true});
  }
  for (size_t i = 0; i < node.grouping_calls.size(); ++i) columns.push_back({"grouping", true});
  return columns;
}

std::vector<Column> WindowColumns(const PlanNode& node, bool qualify) {
  std::vector<Column> columns = Columns(*node.children[0], qualify);
  const std::vector<std::string> texts = Texts(columns, true);
  for (const BoundWindow& window : node.windows) {
    std::string arguments;
    for (const BoundExprPtr& arg : window.args) arguments += (arguments.empty() ? "" : ", ") + arg->ToString(texts);
    if (window.function == WindowFunction::kAggregate && window.args.empty()) arguments = "*";
    columns.push_back({window.name + "(" + arguments + ")", true});
  }
  return columns;
}

std::vector<Column> Modelled(const PlanNode& node, bool qualify) {
  std::vector<Column> columns;
  switch (node.kind) {
    case PlanKind::kSeqScan:
    case PlanKind::kIndexScan:
    case PlanKind::kBitmapHeapScan:
      if (qualify) break;
      for (const catalog::ColumnSchema& column : node.table.columns) columns.push_back({column.name});
      for (const char* system : {"ctid", "xmin", "xmax"}) columns.push_back({system});
      return columns;
    case PlanKind::kFunctionScan:
    case PlanKind::kSystemViewScan:
    case PlanKind::kCteScan:
    case PlanKind::kWorkTableScan:
      if (qualify) break;
      for (const std::string& name : node.output_names) columns.push_back({Unqualified(name)});
      return columns;
    case PlanKind::kProject: {
      const PlanNode& child = *node.children[0];
      // A projection over a set operation is what PostgreSQL keeps as a Subquery Scan (it
      // never flattens one): its columns are the subquery's (`ss.x`).
      if (child.kind == PlanKind::kSetOperation || child.kind == PlanKind::kRecursiveUnion) break;
      const std::vector<Column> input = Columns(child, qualify);
      const std::vector<std::string> texts = Texts(input, !ProjectsInside(child));
      for (const BoundExprPtr& expr : node.expressions) columns.push_back(Computed(*expr, input, texts));
      return columns;
    }
    case PlanKind::kAggregate: return AggregateColumns(node, qualify);
    case PlanKind::kWindow: return WindowColumns(node, qualify);
    case PlanKind::kNestedLoopJoin:
    case PlanKind::kHashJoin:
    case PlanKind::kMergeJoin:
    case PlanKind::kLateralJoin: {
      columns = Columns(*node.children[0], qualify);
      if (node.join_type == parser::JoinType::kSemi || node.join_type == parser::JoinType::kAnti) return columns;
      const std::vector<Column> right = Columns(*node.children[1], qualify);
      columns.insert(columns.end(), right.begin(), right.end());
      return columns;
    }
    case PlanKind::kResult:
      if (node.children.empty()) break;
      return Columns(*node.children[0], qualify);
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kHash:
    case PlanKind::kLimit:
    case PlanKind::kDistinct:
    case PlanKind::kLockRows:
    case PlanKind::kGather:
    case PlanKind::kModifyingCtes: return Columns(*node.children[0], qualify);
    default: break;
  }
  for (const std::string& name : node.output_names) columns.push_back({name});
  return columns;
}

std::vector<Column> Columns(const PlanNode& node, bool qualify) {
  std::vector<Column> columns = Modelled(node, qualify);
  if (columns.size() == node.output_names.size()) return columns;
  // A node whose output this does not model in full keeps the planner's names.
  columns.clear();
  for (const std::string& name : node.output_names) columns.push_back({name});
  return columns;
}

}  // namespace

std::vector<std::string> ExplainColumnNames(const PlanNode& node, bool qualify, bool referenced) {
  return Texts(Columns(node, qualify), referenced);
}

bool IsRelationScan(PlanKind kind) {
  return IsTableScan(kind) || kind == PlanKind::kFunctionScan || kind == PlanKind::kSystemViewScan ||
         kind == PlanKind::kCteScan || kind == PlanKind::kWorkTableScan || kind == PlanKind::kValues;
}

}  // namespace granary::planner
