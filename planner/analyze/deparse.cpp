// Expression deparsing. Every compound expression is parenthesised, so operator precedence
// never changes the meaning of the text.
#include "planner/analyze/deparse.hpp"

#include "parser/keywords.hpp"

#include <cctype>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::planner {
namespace {

std::string QuoteLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string TypeToSql(const parser::TypeName& type) {
  std::string out;
  for (size_t i = 0; i < type.names.size(); ++i) out += (i ? "." : "") + QuoteIdentifier(type.names[i]);
  if (!type.modifiers.empty()) {
    out += "(";
    for (size_t i = 0; i < type.modifiers.size(); ++i) out += (i ? ", " : "") + std::to_string(type.modifiers[i]);
    out += ")";
  }
  for (int i = 0; i < type.array_bounds; ++i) out += "[]";
  return out;
}

std::string List(const parser::ExprList& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) out += (i ? ", " : "") + ExprToSql(*exprs[i]);
  return out;
}

}  // namespace

std::string QuoteIdentifier(const std::string& name) {
  bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      plain = false;
    }
  }
  // As PostgreSQL's quote_identifier, keywords other than unreserved ones are quoted too.
  if (plain) {
    const parser::Keyword* keyword = parser::LookupKeyword(name);
    if (keyword == nullptr || keyword->category == parser::KeywordCategory::kUnreserved) return name;
  }
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

namespace {

std::string SortToSql(const std::vector<parser::SortBy>& sorts) {
  std::string out;
  for (const parser::SortBy& sort : sorts) {
    out += (out.empty() ? "" : ", ") + ExprToSql(*sort.expr);
    if (sort.direction == parser::SortDirection::kAscending) out += " ASC";
    if (sort.direction == parser::SortDirection::kDescending) out += " DESC";
    if (sort.nulls == parser::NullsOrder::kFirst) out += " NULLS FIRST";
    if (sort.nulls == parser::NullsOrder::kLast) out += " NULLS LAST";
  }
  return out;
}

std::string FrameBoundToSql(const parser::FrameBound& bound) {
  switch (bound.kind) {
    case parser::FrameBoundKind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case parser::FrameBoundKind::kPreceding:
      return ExprToSql(*bound.offset) + " PRECEDING";
    case parser::FrameBoundKind::kCurrentRow:
      return "CURRENT ROW";
    case parser::FrameBoundKind::kFollowing:
      return ExprToSql(*bound.offset) + " FOLLOWING";
    case parser::FrameBoundKind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "";
}

// OVER name, or OVER ([existing] [PARTITION BY ...] [ORDER BY ...] [frame]).
std::string WindowToSql(const parser::WindowDef& window) {
  if (!window.name.empty()) return QuoteIdentifier(window.name);
  std::string out;
  auto part = [&](const std::string& text) { out += (out.empty() ? "" : " ") + text; };
  if (!window.existing.empty()) part(QuoteIdentifier(window.existing));
  if (!window.partition_by.empty()) part("PARTITION BY " + List(window.partition_by));
  if (!window.order_by.empty()) part("ORDER BY " + SortToSql(window.order_by));
  if (window.frame_mode != parser::FrameMode::kDefault) {
    static const char* kModes[] = {"", "ROWS", "RANGE", "GROUPS"};
    static const char* kExclusions[] = {"", " EXCLUDE CURRENT ROW", " EXCLUDE GROUP",
                                        " EXCLUDE TIES"};
    part(std::string(kModes[static_cast<int>(window.frame_mode)]) + " BETWEEN " +
         FrameBoundToSql(window.frame_start) + " AND " + FrameBoundToSql(window.frame_end) +
         kExclusions[static_cast<int>(window.exclusion)]);
  }
  return "(" + out + ")";
}

}  // namespace

std::string ExprToSql(const parser::Expr& expr) {
  using parser::ExprKind;
  switch (expr.kind) {
    case ExprKind::kConstant: {
      const auto& constant = expr.As<parser::ConstantExpr>();
      switch (constant.constant_kind) {
        case parser::ConstantKind::kInteger:
        case parser::ConstantKind::kDecimal: return constant.text;
        case parser::ConstantKind::kString: return QuoteLiteral(constant.text);
        case parser::ConstantKind::kBool: return constant.bool_value ? "true" : "false";
        case parser::ConstantKind::kNull: return "NULL";
      }
      return "NULL";
    }
    case ExprKind::kColumnRef: {
      const auto& names = expr.As<parser::ColumnRefExpr>().names;
      std::string out;
      for (size_t i = 0; i < names.size(); ++i) out += (i ? "." : "") + QuoteIdentifier(names[i]);
      return out;
    }
    case ExprKind::kStar: return "*";
    case ExprKind::kParamRef: return "$" + std::to_string(expr.As<parser::ParamRefExpr>().number);
    case ExprKind::kOperator: {
      const auto& op = expr.As<parser::OperatorExpr>();
      if (!op.left) return "(" + op.name + " " + ExprToSql(*op.right) + ")";
      return "(" + ExprToSql(*op.left) + " " + op.name + " " + ExprToSql(*op.right) + ")";
    }
    case ExprKind::kBool: {
      const auto& b = expr.As<parser::BoolExpr>();
      if (b.op == parser::BoolOp::kNot) return "(NOT " + ExprToSql(*b.args[0]) + ")";
      std::string out = "(";
      for (size_t i = 0; i < b.args.size(); ++i) {
        out += (i ? (b.op == parser::BoolOp::kAnd ? " AND " : " OR ") : "") + ExprToSql(*b.args[i]);
      }
      return out + ")";
    }
    case ExprKind::kNullTest: {
      const auto& test = expr.As<parser::NullTestExpr>();
      return "(" + ExprToSql(*test.arg) + (test.is_not ? " IS NOT NULL)" : " IS NULL)");
    }
    case ExprKind::kBooleanTest: {
      const auto& test = expr.As<parser::BooleanTestExpr>();
      static const char* kNames[] = {"TRUE", "FALSE", "UNKNOWN"};
      return "(" + ExprToSql(*test.arg) + (test.is_not ? " IS NOT " : " IS ") +
             kNames[static_cast<int>(test.test)] + ")";
    }
    case ExprKind::kFuncCall: {
      const auto& call = expr.As<parser::FuncCallExpr>();
      std::string out;
      // The SQL-syntax calls the grammar makes from keywords read back only as keywords.
      static constexpr std::string_view kKeywordCalls[] = {
          "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
          "current_user", "current_role", "session_user", "current_catalog"};
      if (call.name.size() == 1 && call.args.size() <= 1 && !call.star) {
        for (std::string_view keyword : kKeywordCalls) {
          if (call.name[0] != keyword) continue;
          for (char c : keyword) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          if (!call.args.empty()) out += "(" + List(call.args) + ")";
          return out;
        }
      }
      for (size_t i = 0; i < call.name.size(); ++i) out += (i ? "." : "") + QuoteIdentifier(call.name[i]);
      out += "(";
      if (call.star) out += "*";
      if (call.distinct) out += "DISTINCT ";
      for (size_t i = 0; i < call.args.size(); ++i) {
        if (i > 0) out += ", ";
        if (call.variadic && i + 1 == call.args.size()) out += "VARIADIC ";
        out += ExprToSql(*call.args[i]);
      }
      out += ")";
      if (call.filter) out += " FILTER (WHERE " + ExprToSql(*call.filter) + ")";
      if (call.over) out += " OVER " + WindowToSql(*call.over);
      return out;
    }
    case ExprKind::kCollate: {
      const auto& collate = expr.As<parser::CollateExpr>();
      std::string name;
      for (const std::string& part : collate.collation) name += (name.empty() ? "" : ".") + QuoteIdentifier(part);
      return "(" + ExprToSql(*collate.arg) + " COLLATE " + name + ")";
    }
    case ExprKind::kTypeCast: {
      const auto& cast = expr.As<parser::TypeCastExpr>();
      return "CAST(" + ExprToSql(*cast.arg) + " AS " + TypeToSql(cast.type) + ")";
    }
    case ExprKind::kInList: {
      const auto& in = expr.As<parser::InListExpr>();
      return "(" + ExprToSql(*in.arg) + (in.negated ? " NOT IN (" : " IN (") + List(in.list) + "))";
    }
    case ExprKind::kBetween: {
      const auto& between = expr.As<parser::BetweenExpr>();
      return "(" + ExprToSql(*between.arg) + (between.negated ? " NOT" : "") + " BETWEEN " +
             (between.symmetric ? "SYMMETRIC " : "") + ExprToSql(*between.low) + " AND " +
             ExprToSql(*between.high) + ")";
    }
    case ExprKind::kLike: {
      const auto& like = expr.As<parser::LikeExpr>();
      std::string out = "(" + ExprToSql(*like.arg) + (like.negated ? " NOT" : "") +
                        (like.case_insensitive ? " ILIKE " : " LIKE ") + ExprToSql(*like.pattern);
      if (like.escape) out += " ESCAPE " + ExprToSql(*like.escape);
      return out + ")";
    }
    case ExprKind::kCase: {
      const auto& case_expr = expr.As<parser::CaseExpr>();
      std::string out = "CASE";
      if (case_expr.arg) out += " " + ExprToSql(*case_expr.arg);
      for (const parser::CaseWhen& when : case_expr.whens) {
        out += " WHEN " + ExprToSql(*when.condition) + " THEN " + ExprToSql(*when.result);
      }
      if (case_expr.else_result) out += " ELSE " + ExprToSql(*case_expr.else_result);
      return out + " END";
    }
    case ExprKind::kSubquery:
      throw Error(sqlstate::kFeatureNotSupported, "subqueries in expressions are not supported yet");
    case ExprKind::kDefault: return "DEFAULT";
    case ExprKind::kGroupingSet: {
      const auto& set = expr.As<parser::GroupingSetExpr>();
      static const char* kHeads[] = {"", "", "ROLLUP ", "CUBE ", "GROUPING SETS "};
      return kHeads[static_cast<int>(set.set_kind)] + std::string("(") + List(set.content) + ")";
    }
    case ExprKind::kArray: {
      const auto& array = expr.As<parser::ArrayExpr>();
      if (array.select) {
        throw Error(sqlstate::kFeatureNotSupported, "subqueries in expressions are not supported yet");
      }
      return std::string(array.nested ? "[" : "ARRAY[") + List(array.elements) + "]";
    }
    case ExprKind::kSubscript: {
      const auto& subscript = expr.As<parser::SubscriptExpr>();
      std::string out = "(" + ExprToSql(*subscript.base) + ")";
      for (const parser::Subscript& step : subscript.subscripts) {
        out += "[" + (step.lower ? ExprToSql(*step.lower) : std::string());
        if (step.slice) out += ":" + (step.upper ? ExprToSql(*step.upper) : std::string());
        out += "]";
      }
      return out;
    }
    case ExprKind::kRow: {
      const auto& row = expr.As<parser::RowExpr>();
      return std::string(row.explicit_row ? "ROW(" : "(") + List(row.args) + ")";
    }
    case ExprKind::kFieldSelect: {
      const auto& select = expr.As<parser::FieldSelectExpr>();
      return "(" + ExprToSql(*select.arg) + ")." + (select.star ? std::string("*") : select.field);
    }
    case ExprKind::kNamedArg: {
      const auto& named = expr.As<parser::NamedArgExpr>();
      return QuoteIdentifier(named.name) + " => " + ExprToSql(*named.arg);
    }
    case ExprKind::kArrayComparison: {
      const auto& comparison = expr.As<parser::ArrayComparisonExpr>();
      return "(" + ExprToSql(*comparison.left) + " " + comparison.operator_name +
             (comparison.all ? " ALL (" : " ANY (") + ExprToSql(*comparison.array) + "))";
    }
  }
  return "NULL";
}

}  // namespace granary::planner
