// Row estimates (see selectivity.hpp).
#include "planner/optimize/selectivity.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "types/array.hpp"
#include "types/value_ops.hpp"

namespace granary::planner {
namespace {

using types::TypeId;
using types::Value;

// PostgreSQL's heap page: 8192 bytes, a 24-byte header; each tuple a 24-byte header (MAXALIGNed)
// and a 4-byte line pointer.
constexpr double kPageBytes = 8192;
constexpr double kPageHeaderBytes = 24;
constexpr double kTupleOverheadBytes = 24 + 4;

double Clamp01(double value) { return std::clamp(value, 0.0, 1.0); }

// A value's position on a line, for interpolating inside a histogram bin (convert_to_scalar);
// nullopt for types without one (text: the bin's middle is used).
std::optional<double> Scalar(const Value& value) {
  if (value.is_null()) return std::nullopt;
  switch (value.type()) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:  // packed in timetz order (types/time.hpp)
      return static_cast<double>(value.AsInt());
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return value.AsDouble();
    case TypeId::kNumeric:
      try {
        return std::stod(types::ToText(value));
      } catch (...) {
        return std::nullopt;
      }
    default:
      return std::nullopt;
  }
}

// A comparison of a column with a value known while planning (or a parameter: `value` null).
struct ColumnTest {
  size_t column = 0;
  std::string op;               // as seen from the column: =, <>, <, <=, >, >=
  const BoundExpr* value = nullptr;  // kConstant, or null when not known while planning
};

const BoundExpr* StripCasts(const BoundExpr* expr) {
  while (expr->kind == BoundKind::kCast && expr->args.size() == 1) expr = expr->args[0].get();
  return expr;
}

std::optional<ColumnTest> AsColumnTest(const BoundExpr& expr) {
  static const std::pair<const char*, const char*> kOperators[] = {
      {"=", "="}, {"<>", "<>"}, {"<", ">"}, {">", "<"}, {"<=", ">="}, {">=", "<="}};
  if (expr.kind != BoundKind::kCall || expr.args.size() != 2) return std::nullopt;
  for (const auto& [op, flipped] : kOperators) {
    if (expr.name != op) continue;
    for (int side = 0; side < 2; ++side) {
      const BoundExpr* column = StripCasts(expr.args[side].get());
      const BoundExpr& value = *expr.args[1 - side];
      if (column->kind != BoundKind::kColumn || value.ReferencesColumns()) continue;
      ColumnTest test{column->index, side == 0 ? op : flipped, nullptr};
      if (value.kind == BoundKind::kConstant) test.value = &value;
      return test;
    }
  }
  return std::nullopt;
}

// var_eq_const / var_eq_non_const.
double EqualitySelectivity(const RelationEstimate& relation, size_t column, const BoundExpr* value) {
  if (value != nullptr && value->constant.is_null()) return 0;
  const catalog::ColumnStatistics* stats = relation.Column(column);
  const double null_fraction = stats != nullptr ? stats->null_fraction : 0;
  if (column < relation.unique_columns.size() && relation.unique_columns[column]) {
    return relation.tuples >= 1 ? 1.0 / relation.tuples : 1.0;
  }
  if (value != nullptr && stats != nullptr && !stats->common_values.empty()) {
    const Value& wanted = value->constant;
    double common_sum = 0;
    double least_common = 1;
    for (size_t i = 0; i < stats->common_values.size(); ++i) {
      const Value& common = stats->common_values[i];
      if (common.type() == wanted.type() && types::Compare(common, wanted) == 0) return stats->common_frequencies[i];
      if (common.type() != wanted.type()) {
        try {
          if (types::Compare(common, wanted) == 0) return stats->common_frequencies[i];
        } catch (...) {  // NOLINT(bugprone-empty-catch): incomparable types: no match
        }
      }
      common_sum += stats->common_frequencies[i];
      least_common = std::min(least_common, stats->common_frequencies[i]);
    }
    double selectivity = Clamp01(1.0 - common_sum - null_fraction);
    const double other_distinct = relation.Distinct(column) - static_cast<double>(stats->common_values.size());
    if (other_distinct > 1) selectivity /= other_distinct;
    return std::min(selectivity, least_common);
  }
  // No MCVs (or an unknown value): the values spread evenly over the distinct ones.
  double selectivity = (1.0 - null_fraction) / relation.Distinct(column);
  if (value == nullptr && stats != nullptr && !stats->common_frequencies.empty()) {
    selectivity = std::min(selectivity, stats->common_frequencies.front());
  }
  return Clamp01(selectivity);
}

// The fraction of the histogram below `value` (ineq_histogram_selectivity's histfrac).
std::optional<double> HistogramFraction(const std::vector<Value>& bounds, const Value& value) {
  if (bounds.size() < 2) return std::nullopt;
  try {
    if (types::Compare(value, bounds.front()) < 0) return 0.0;
    if (types::Compare(value, bounds.back()) > 0) return 1.0;
    size_t upper = 1;
    while (upper < bounds.size() - 1 && types::Compare(value, bounds[upper]) >= 0) ++upper;
    double bin_fraction = 0.5;
    const std::optional<double> low = Scalar(bounds[upper - 1]);
    const std::optional<double> high = Scalar(bounds[upper]);
    const std::optional<double> point = Scalar(value);
    if (low && high && point) {
      bin_fraction = *high > *low ? Clamp01((*point - *low) / (*high - *low)) : 0.5;
    }
    return (static_cast<double>(upper - 1) + bin_fraction) / static_cast<double>(bounds.size() - 1);
  } catch (...) {
    return std::nullopt;
  }
}

// scalarineqsel: column < value (less) or column > value, MCVs counted exactly and the
// histogram for the rest.
double InequalitySelectivity(const RelationEstimate& relation, size_t column, const BoundExpr* value, bool less,
                             bool inclusive) {
  const catalog::ColumnStatistics* stats = relation.Column(column);
  if (value == nullptr || stats == nullptr) return kDefaultInequalitySelectivity;
  const Value& wanted = value->constant;
  if (wanted.is_null()) return 0;
  double common_selectivity = 0;
  double common_sum = 0;
  try {
    for (size_t i = 0; i < stats->common_values.size(); ++i) {
      const int order = types::Compare(stats->common_values[i], wanted);
      const bool passes = less ? (order < 0 || (inclusive && order == 0)) : (order > 0 || (inclusive && order == 0));
      if (passes) common_selectivity += stats->common_frequencies[i];
      common_sum += stats->common_frequencies[i];
    }
  } catch (...) {
    return kDefaultInequalitySelectivity;
  }
  const std::optional<double> fraction = HistogramFraction(stats->histogram, wanted);
  double selectivity = 0;
  if (fraction) {
    double histogram_selectivity = less ? *fraction : 1.0 - *fraction;
    const double cutoff = 0.01 / static_cast<double>(stats->histogram.size() - 1);
    histogram_selectivity = std::clamp(histogram_selectivity, cutoff, 1.0 - cutoff);
    selectivity = (1.0 - stats->null_fraction - common_sum) * histogram_selectivity + common_selectivity;
  } else if (common_sum > 0) {
    selectivity = common_selectivity / common_sum * (1.0 - stats->null_fraction);
  } else {
    return kDefaultInequalitySelectivity;
  }
  return Clamp01(selectivity);
}

double TestSelectivity(const RelationEstimate& relation, const ColumnTest& test) {
  if (test.op == "=") return EqualitySelectivity(relation, test.column, test.value);
  if (test.op == "<>") {
    const catalog::ColumnStatistics* stats = relation.Column(test.column);
    const double null_fraction = stats != nullptr ? stats->null_fraction : 0;
    return Clamp01(1.0 - EqualitySelectivity(relation, test.column, test.value) - null_fraction);
  }
  const bool less = test.op == "<" || test.op == "<=";
  const bool inclusive = test.op == "<=" || test.op == ">=";
  return InequalitySelectivity(relation, test.column, test.value, less, inclusive);
}

// LIKE 'prefix%...': the range [prefix, next prefix) times 1/200 per further wildcard-free
// part is PostgreSQL's patternsel; here the prefix range alone (at least an equality's), and
// the default 1/200 without a fixed prefix.
double LikeSelectivity(const RelationEstimate& relation, const BoundExpr& expr) {
  const BoundExpr* column = StripCasts(expr.args[0].get());
  const BoundExpr& pattern = *expr.args[1];
  if (column->kind != BoundKind::kColumn || pattern.kind != BoundKind::kConstant || pattern.constant.is_null()) {
    return kDefaultMatchSelectivity;
  }
  const std::string text = pattern.constant.AsString();
  std::string prefix;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    if (text[i] == '%' || text[i] == '_') break;
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    prefix += text[i];
  }
  const catalog::ColumnStatistics* stats = relation.Column(column->index);
  if (i == text.size()) {  // no wildcard: an equality
    BoundExpr value;
    value.kind = BoundKind::kConstant;
    value.constant = Value::Text(prefix);
    return EqualitySelectivity(relation, column->index, &value);
  }
  if (prefix.empty() || stats == nullptr || expr.name != "~~") return kDefaultMatchSelectivity;
  BoundExpr low;
  low.kind = BoundKind::kConstant;
  low.constant = Value::Text(prefix);
  std::string next = prefix;
  next.back() = static_cast<char>(next.back() + 1);
  BoundExpr high;
  high.kind = BoundKind::kConstant;
  high.constant = Value::Text(next);
  const double above = InequalitySelectivity(relation, column->index, &low, false, true);
  const double below = InequalitySelectivity(relation, column->index, &high, true, false);
  double selectivity = above + below - (1.0 - stats->null_fraction);
  const double equal = EqualitySelectivity(relation, column->index, &low);
  selectivity = std::max(selectivity, equal);
  // The rest of the pattern after the prefix: PostgreSQL multiplies by its fixed-part guess.
  const std::string rest = text.substr(i);
  if (rest != "%") selectivity *= 0.2;
  return Clamp01(selectivity);
}

// clauselist_selectivity: the product of the conjuncts, except that a lower and an upper
// bound on the same column make one range (hi + lo - 1).
double ConjunctionSelectivity(const std::vector<const BoundExpr*>& conjuncts, const RelationEstimate& relation) {
  struct Range {
    std::optional<double> lower;  // selectivity of column > x
    std::optional<double> upper;  // selectivity of column < y
    bool lower_default = false;
    bool upper_default = false;
  };
  std::map<size_t, Range> ranges;
  double selectivity = 1.0;
  for (const BoundExpr* conjunct : conjuncts) {
    const std::optional<ColumnTest> test = AsColumnTest(*conjunct);
    if (test && test->op != "=" && test->op != "<>") {
      Range& range = ranges[test->column];
      const double s = TestSelectivity(relation, *test);
      const bool is_default = test->value == nullptr || relation.Column(test->column) == nullptr;
      const bool less = test->op == "<" || test->op == "<=";
      std::optional<double>& slot = less ? range.upper : range.lower;
      if (!slot || s < *slot) {
        slot = s;
        (less ? range.upper_default : range.lower_default) = is_default;
      }
      continue;
    }
    selectivity *= ConditionSelectivity(*conjunct, relation);
  }
  for (const auto& [column, range] : ranges) {
    if (range.lower && range.upper) {
      if (range.lower_default && range.upper_default) {
        selectivity *= kDefaultRangeSelectivity;
        continue;
      }
      const catalog::ColumnStatistics* stats = relation.Column(column);
      double s = *range.lower + *range.upper - 1.0 + (stats != nullptr ? stats->null_fraction : 0);
      if (s <= 0) s = 1.0e-10;
      selectivity *= s;
    } else {
      selectivity *= range.lower ? *range.lower : *range.upper;
    }
  }
  return Clamp01(selectivity);
}

void CollectConjuncts(const BoundExpr& expr, std::vector<const BoundExpr*>& out) {
  if (expr.kind == BoundKind::kAnd) {
    for (const BoundExprPtr& arg : expr.args) CollectConjuncts(*arg, out);
    return;
  }
  out.push_back(&expr);
}

}  // namespace

double ConjunctsSelectivity(const std::vector<const BoundExpr*>& conjuncts, const RelationEstimate& relation) {
  std::vector<const BoundExpr*> flat;
  for (const BoundExpr* conjunct : conjuncts) CollectConjuncts(*conjunct, flat);
  return ConjunctionSelectivity(flat, relation);
}

double ClampRows(double rows) { return rows <= 1.0 ? 1.0 : std::rint(rows); }

double TypicalWidth(const types::Type& type) {
  const int16_t length = types::InfoOf(type.id).length;
  if (length > 0) return length;
  // get_typavgwidth: character(n) is always its full width.
  if (type.id == TypeId::kBpchar && type.typmod > 4) return type.typmod;
  if ((type.id == TypeId::kVarchar) && type.typmod > 4) {
    // get_typavgwidth: up to 32 bytes of a varchar(n) is assumed filled... half of the rest.
    const double max_width = type.typmod - 4;
    return max_width <= 32 ? max_width + 4 : 32 + (max_width - 32) / 2 + 4;
  }
  return 32;
}

double RelationEstimate::Distinct(size_t column, bool* is_default) const {
  if (is_default != nullptr) *is_default = false;
  const catalog::ColumnStatistics* stats = Column(column);
  double distinct = stats != nullptr ? stats->distinct : 0;
  if (distinct == 0 && column < unique_columns.size() && unique_columns[column]) distinct = -1.0;
  if (distinct == 0 && table != nullptr && column < table->columns.size() &&
      table->columns[column].type.id == TypeId::kBool) {
    distinct = 2;
  }
  if (distinct > 0) return ClampRows(distinct);
  if (distinct < 0) return ClampRows(-distinct * tuples);
  if (tuples > 0 && tuples < kDefaultDistinct) return ClampRows(tuples);
  if (is_default != nullptr) *is_default = true;
  return kDefaultDistinct;
}

double RelationEstimate::Width(size_t column) const {
  if (const catalog::ColumnStatistics* stats = Column(column)) return stats->average_width;
  if (table != nullptr && column < table->columns.size()) return TypicalWidth(table->columns[column].type);
  return 6;  // ctid
}

RelationEstimate EstimateRelation(const catalog::TableSchema& table, const catalog::RelationStatistics* statistics,
                                  double current_pages) {
  RelationEstimate estimate;
  estimate.table = &table;
  estimate.statistics = statistics;
  double pages = current_pages;
  // A table never vacuumed or analyzed may have been created and filled moments ago: at
  // least 10 pages (PostgreSQL's guard against planning for an empty table that is not).
  if (statistics == nullptr && pages < 10) pages = 10;
  double density = 0;
  if (statistics != nullptr && statistics->pages > 0) {
    density = statistics->tuples / static_cast<double>(statistics->pages);
  } else {
    double width = 0;
    for (const catalog::ColumnSchema& column : table.columns) width += TypicalWidth(column.type);
    width += kTupleOverheadBytes;  // as PostgreSQL: the data width is not aligned here
    density = std::floor((kPageBytes - kPageHeaderBytes) / width);
  }
  estimate.pages = pages;
  estimate.tuples = statistics != nullptr && statistics->pages == 0 && current_pages == 0
                        ? statistics->tuples
                        : std::rint(density * pages);
  return estimate;
}

double ConditionSelectivity(const BoundExpr& condition, const RelationEstimate& relation) {
  switch (condition.kind) {
    case BoundKind::kAnd: {
      std::vector<const BoundExpr*> conjuncts;
      CollectConjuncts(condition, conjuncts);
      return ConjunctionSelectivity(conjuncts, relation);
    }
    case BoundKind::kOr: {
      double selectivity = 0;
      for (const BoundExprPtr& arg : condition.args) {
        const double s = ConditionSelectivity(*arg, relation);
        selectivity = selectivity + s - selectivity * s;
      }
      return Clamp01(selectivity);
    }
    case BoundKind::kNot:
      return Clamp01(1.0 - ConditionSelectivity(*condition.args[0], relation));
    case BoundKind::kConstant:
      if (condition.constant.is_null()) return 0;
      return condition.constant.type() == TypeId::kBool && !condition.constant.AsBool() ? 0 : 1;
    case BoundKind::kIsNull: {
      const BoundExpr* column = StripCasts(condition.args[0].get());
      double null_fraction = kDefaultNullSelectivity;
      if (column->kind == BoundKind::kColumn) {
        if (const catalog::ColumnStatistics* stats = relation.Column(column->index)) null_fraction = stats->null_fraction;
      }
      return condition.negated ? 1.0 - null_fraction : null_fraction;
    }
    case BoundKind::kColumn: {
      // A boolean column alone: column = true.
      BoundExpr value;
      value.kind = BoundKind::kConstant;
      value.constant = Value::Bool(true);
      return EqualitySelectivity(relation, condition.index, &value);
    }
    case BoundKind::kArrayComparison: {
      // column = ANY (array): one equality per element, as alternatives.
      const BoundExpr* column = StripCasts(condition.args[0].get());
      if (column->kind != BoundKind::kColumn || condition.name != "=" || condition.negated) {
        return kDefaultInequalitySelectivity;
      }
      const BoundExpr& array = *condition.args[1];
      if (array.kind == BoundKind::kConstant && !array.constant.is_null() && types::IsArray(array.constant.type())) {
        double selectivity = 0;
        for (const Value& element : array.constant.AsArray().elements) {
          BoundExpr value;
          value.kind = BoundKind::kConstant;
          value.constant = element;
          selectivity += EqualitySelectivity(relation, column->index, &value);
        }
        return Clamp01(selectivity);
      }
      return Clamp01(10 * EqualitySelectivity(relation, column->index, nullptr));
    }
    case BoundKind::kCall: {
      if (condition.name == "~~" || condition.name == "~~*") return LikeSelectivity(relation, condition);
      if (condition.name == "!~~" || condition.name == "!~~*") return 1.0 - kDefaultMatchSelectivity;
      if (const std::optional<ColumnTest> test = AsColumnTest(condition)) return TestSelectivity(relation, *test);
      if (condition.name == "=") return kDefaultEqualitySelectivity;
      if (condition.name == "<>") return 1.0 - kDefaultEqualitySelectivity;
      return kDefaultInequalitySelectivity;
    }
    default:
      return kDefaultInequalitySelectivity;
  }
}

}  // namespace granary::planner
