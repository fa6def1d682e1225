// Row estimates: table sizes and the selectivity of conditions, after PostgreSQL's
// optimizer/path/clausesel.c, utils/adt/selfuncs.c (eqsel, scalarineqsel, patternsel,
// nulltestsel, eqjoinsel) and plancat.c's estimate_rel_size.
//
// Without statistics (never analyzed) the defaults are PostgreSQL's: equality 1/200 (or
// 1/rows for a small table, 1/2 for a boolean), a range 1/3, a range with both ends 1/200,
// IS NULL 1/200, LIKE 1/200; a table never analyzed is as big as its pages (at least 10),
// each holding as many rows as fit at the columns' typical widths.
#pragma once

#include <cstddef>
#include <vector>

#include "catalog/statistics.hpp"
#include "catalog/table_schema.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

inline constexpr double kDefaultEqualitySelectivity = 0.005;      // DEFAULT_EQ_SEL
inline constexpr double kDefaultInequalitySelectivity = 1.0 / 3;  // DEFAULT_INEQ_SEL
inline constexpr double kDefaultRangeSelectivity = 0.005;         // DEFAULT_RANGE_INEQ_SEL
inline constexpr double kDefaultMatchSelectivity = 0.005;         // DEFAULT_MATCH_SEL
inline constexpr double kDefaultNullSelectivity = 0.005;          // DEFAULT_UNK_SEL
inline constexpr double kDefaultDistinct = 200;                   // DEFAULT_NUM_DISTINCT

// One table as the estimator sees it: its size, its statistics (null: never analyzed) and,
// per column, whether a unique single-column index makes it distinct.
struct RelationEstimate {
  const catalog::TableSchema* table = nullptr;
  const catalog::RelationStatistics* statistics = nullptr;
  double tuples = 0;
  double pages = 0;
  std::vector<bool> unique_columns;

  const catalog::ColumnStatistics* Column(size_t column) const {
    return statistics != nullptr ? statistics->Column(column) : nullptr;
  }
  // get_variable_numdistinct: the distinct values of `column` (> 0).
  double Distinct(size_t column, bool* is_default = nullptr) const;
  // The average width of `column` in bytes (statistics, else the type's typical width).
  double Width(size_t column) const;
};

// estimate_rel_size: the table's rows and pages now, from the statistics of its last ANALYZE
// scaled to its current size, or from its size and column widths when never analyzed.
RelationEstimate EstimateRelation(const catalog::TableSchema& table,
                                  const catalog::RelationStatistics* statistics, double current_pages);

// PostgreSQL's get_typavgwidth: a fixed-width type's length, else a guess from its typmod
// (varchar(n)) or 32.
double TypicalWidth(const types::Type& type);

// The fraction of the table's rows for which `condition` (over the table's columns: column
// i is the table's column i) is true. Parameters and expressions whose value is not known
// while planning are estimated as PostgreSQL does for a non-constant comparison value.
double ConditionSelectivity(const BoundExpr& condition, const RelationEstimate& relation);

// The selectivity of the AND of `conjuncts` (clauselist_selectivity: a lower and an upper
// bound on one column make one range).
double ConjunctsSelectivity(const std::vector<const BoundExpr*>& conjuncts, const RelationEstimate& relation);

// clamp_row_est: at least one row, a whole number.
double ClampRows(double rows);

}  // namespace granary::planner
