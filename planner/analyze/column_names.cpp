// FigureColumnName: PostgreSQL's FigureColname for result columns without an alias.
#include "planner/analyze/analyzer.hpp"

namespace granary::planner {
namespace {

// Returns "" when the expression gives no name (PostgreSQL then says "?column?").
std::string NameOf(const parser::Expr& expr) {
  switch (expr.kind) {
    case parser::ExprKind::kColumnRef: return expr.As<parser::ColumnRefExpr>().names.back();
    case parser::ExprKind::kFuncCall: return expr.As<parser::FuncCallExpr>().name.back();
    case parser::ExprKind::kTypeCast: {
      const auto& cast = expr.As<parser::TypeCastExpr>();
      std::string inner = NameOf(*cast.arg);
      return inner.empty() ? cast.type.names.back() : inner;
    }
    case parser::ExprKind::kCase: {
      const auto& case_expr = expr.As<parser::CaseExpr>();
      // Only a strong name (a column or function) of the ELSE result beats "case".
      const parser::Expr* result = case_expr.else_result.get();
      if (result && (result->kind == parser::ExprKind::kColumnRef ||
                     result->kind == parser::ExprKind::kFuncCall)) {
        return NameOf(*result);
      }
      return "case";
    }
    case parser::ExprKind::kSubquery: {
      const auto& subquery = expr.As<parser::SubqueryExpr>();
      if (subquery.subquery_kind == parser::SubqueryKind::kExists) return "exists";
      if (subquery.subquery_kind != parser::SubqueryKind::kScalar) return "";
      // A scalar subquery is named after its single output column.
      const parser::SelectStmt* select = subquery.select.get();
      while (select && select->set_op != parser::SetOperation::kNone) select = select->left.get();
      if (!select || select->targets.size() != 1) return "";
      const parser::ResTarget& target = select->targets.front();
      if (!target.alias.empty()) return target.alias;
      return target.expr->kind == parser::ExprKind::kStar ? "" : NameOf(*target.expr);
    }
    case parser::ExprKind::kConstant: {
      const auto& constant = expr.As<parser::ConstantExpr>();
      return constant.constant_kind == parser::ConstantKind::kBool ? "bool" : "";
    }
    default: return "";
  }
}

}  // namespace

std::string FigureColumnName(const parser::Expr& expr) {
  std::string name = NameOf(expr);
  return name.empty() ? "?column?" : name;
}

}  // namespace granary::planner
