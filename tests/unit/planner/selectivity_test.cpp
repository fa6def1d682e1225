// The row estimators and the scan cost formulas against PostgreSQL's numbers.
#include <catch2/catch.hpp>

#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/selectivity.hpp"

namespace {

using granary::catalog::ColumnSchema;
using granary::catalog::ColumnStatistics;
using granary::catalog::RelationStatistics;
using granary::catalog::TableSchema;
using granary::planner::BoundExpr;
using granary::planner::BoundExprPtr;
using granary::planner::BoundKind;
using granary::types::Type;
using granary::types::TypeId;
using granary::types::Value;

TableSchema IntTextTable() {
  TableSchema table;
  table.name = "t";
  table.columns.push_back(ColumnSchema{"a", Type{TypeId::kInt4, -1}, false, {}});
  table.columns.push_back(ColumnSchema{"b", Type{TypeId::kText, -1}, false, {}});
  return table;
}

BoundExprPtr Column(size_t index, TypeId type) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kColumn;
  expr->index = index;
  expr->type = Type{type, -1};
  return expr;
}

BoundExprPtr Constant(Value value) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kConstant;
  expr->type = Type{value.type(), -1};
  expr->constant = std::move(value);
  return expr;
}

BoundExprPtr Compare(const char* op, BoundExprPtr left, BoundExprPtr right) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kCall;
  expr->name = op;
  expr->type = Type{TypeId::kBool, -1};
  expr->args.push_back(std::move(left));
  expr->args.push_back(std::move(right));
  return expr;
}

}  // namespace

TEST_CASE("a table never analyzed is estimated from its pages and column widths", "[planner][selectivity]") {
  const TableSchema table = IntTextTable();
  // PostgreSQL: at least 10 pages; (8192 - 24) / (MAXALIGN(4 + 32) + 24 + 4) = 127 rows a page.
  const auto estimate = granary::planner::EstimateRelation(table, nullptr, 0);
  CHECK(estimate.pages == 10);
  CHECK(estimate.tuples == 1270);
  // The classic "Seq Scan ... (cost=0.00..25.88 rows=6 width=36)" of WHERE a = 1.
  const BoundExprPtr condition = Compare("=", Column(0, TypeId::kInt4), Constant(Value::Int4(1)));
  CHECK(granary::planner::ConditionSelectivity(*condition, estimate) == Approx(0.005));
  granary::planner::PlanNode scan;
  scan.kind = granary::planner::PlanKind::kSeqScan;
  scan.table = table;
  scan.output_types = {Type{TypeId::kInt4, -1}, Type{TypeId::kText, -1}, Type{TypeId::kTid, -1}};
  scan.predicate = condition->Clone();
  granary::planner::CostSeqScan(scan, estimate);
  CHECK(scan.estimate.total_cost == Approx(25.875));
  CHECK(scan.estimate.rows == 6);
  CHECK(scan.estimate.width == 36);
}

TEST_CASE("equality uses the most common values, then the other values' share", "[planner][selectivity]") {
  const TableSchema table = IntTextTable();
  RelationStatistics statistics;
  statistics.tuples = 1000;
  statistics.pages = 5;
  ColumnStatistics a;
  a.attnum = 1;
  a.null_fraction = 0.1;
  a.distinct = 12;
  a.common_values = {Value::Int4(7), Value::Int4(8)};
  a.common_frequencies = {0.5, 0.2};
  a.histogram = {Value::Int4(0), Value::Int4(50), Value::Int4(100)};
  statistics.columns.push_back(a);
  const auto relation = granary::planner::EstimateRelation(table, &statistics, 5);
  CHECK(relation.tuples == 1000);
  const auto selectivity = [&](const BoundExprPtr& expr) {
    return granary::planner::ConditionSelectivity(*expr, relation);
  };
  CHECK(selectivity(Compare("=", Column(0, TypeId::kInt4), Constant(Value::Int4(7)))) == Approx(0.5));
  // Not an MCV: (1 - 0.7 - 0.1) spread over the 10 other values.
  CHECK(selectivity(Compare("=", Column(0, TypeId::kInt4), Constant(Value::Int4(3)))) == Approx(0.02));
  // a < 25: both MCVs (0.7) plus a quarter of the histogram's 0.2 share.
  CHECK(selectivity(Compare("<", Column(0, TypeId::kInt4), Constant(Value::Int4(25)))) == Approx(0.75));
  // a > 7 counts the MCV 8 exactly: 0.2 + 0.2 * (1 - 0.07).
  CHECK(selectivity(Compare(">", Column(0, TypeId::kInt4), Constant(Value::Int4(7)))) == Approx(0.2 + 0.2 * 0.93));
  auto is_null = std::make_unique<BoundExpr>();
  is_null->kind = BoundKind::kIsNull;
  is_null->args.push_back(Column(0, TypeId::kInt4));
  CHECK(selectivity(is_null) == Approx(0.1));
  // Without statistics on b: the defaults.
  CHECK(selectivity(Compare("=", Column(1, TypeId::kText), Constant(Value::Text("x")))) == Approx(0.005));
  CHECK(selectivity(Compare("<", Column(1, TypeId::kText), Constant(Value::Text("x")))) == Approx(1.0 / 3));
}

TEST_CASE("an index scan is cheaper only for selective conditions", "[planner][cost]") {
  const TableSchema table = IntTextTable();
  RelationStatistics statistics;
  statistics.tuples = 10000;
  statistics.pages = 55;
  const auto relation = granary::planner::EstimateRelation(table, &statistics, 55);
  const double seq = 55 + 10000 * (0.01 + 0.0025);
  // One row of a unique key: PostgreSQL's 0.29..8.30 for a 30-page index.
  const auto one = granary::planner::CostIndexScan(relation, 1.0 / 10000, 1, 0, 30, 1.0);
  CHECK(one.startup == Approx(0.29).margin(0.01));
  CHECK(one.total == Approx(8.30).margin(0.05));
  CHECK(one.total < seq);
  const auto most = granary::planner::CostIndexScan(relation, 0.9, 1, 0, 30, 0.0);
  CHECK(most.total > seq);
}
