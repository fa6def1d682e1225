// FigureColumnName: PostgreSQL's FigureColname for result columns without an alias.
#include "planner/analyze/analyzer.hpp"

namespace granary::planner {
namespace {

// PostgreSQL's FigureColnameInternal: a name and its strength (2: a column or function
// name, which outer casts keep; 1: a type or construct name, which an outer cast replaces;
// 0: no name, shown as "?column?").
std::pair<std::string, int> NameOf(const parser::Expr& expr) {
  switch (expr.kind) {
    case parser::ExprKind::kColumnRef: return {expr.As<parser::ColumnRefExpr>().names.back(), 2};
    case parser::ExprKind::kFuncCall: return {expr.As<parser::FuncCallExpr>().name.back(), 2};
    case parser::ExprKind::kCollate: return NameOf(*expr.As<parser::CollateExpr>().arg);
    case parser::ExprKind::kArray: return {"array", 2};
    case parser::ExprKind::kRow: return {"row", 2};
    case parser::ExprKind::kFieldSelect: {
      const auto& select = expr.As<parser::FieldSelectExpr>();
      if (select.star) return {"", 0};
      return {select.field, 2};
    }
    case parser::ExprKind::kSubscript: return NameOf(*expr.As<parser::SubscriptExpr>().base);
    case parser::ExprKind::kTypeCast: {
      const auto& cast = expr.As<parser::TypeCastExpr>();
      auto inner = NameOf(*cast.arg);
      if (inner.second == 2) return inner;
      return {cast.type.names.back(), 1};
    }
    case parser::ExprKind::kCase: {
      const auto& case_expr = expr.As<parser::CaseExpr>();
      if (case_expr.else_result) {
        auto inner = NameOf(*case_expr.else_result);
        if (inner.second == 2) return inner;
      }
      return {"case", 1};
    }
    case parser::ExprKind::kSubquery: {
      const auto& subquery = expr.As<parser::SubqueryExpr>();
      if (subquery.subquery_kind == parser::SubqueryKind::kExists) return {"exists", 2};
      if (subquery.subquery_kind != parser::SubqueryKind::kScalar) return {"", 0};
      // A scalar subquery is named after its single output column.
      const parser::SelectStmt* select = subquery.select.get();
      while (select && select->set_op != parser::SetOperation::kNone) select = select->left.get();
      if (!select || select->targets.size() != 1) return {"", 0};
      const parser::ResTarget& target = select->targets.front();
      if (!target.alias.empty()) return {target.alias, 2};
      if (target.expr->kind == parser::ExprKind::kStar) return {"", 0};
      return NameOf(*target.expr);
    }
    case parser::ExprKind::kConstant: {
      // TRUE and FALSE are 't'::bool and 'f'::bool in PostgreSQL's grammar.
      const auto& constant = expr.As<parser::ConstantExpr>();
      if (constant.constant_kind == parser::ConstantKind::kBool) return {"bool", 1};
      return {"", 0};
    }
    default: return {"", 0};
  }
}

}  // namespace

std::string FigureColumnName(const parser::Expr& expr) {
  std::string name = NameOf(expr).first;
  return name.empty() ? "?column?" : name;
}

}  // namespace granary::planner
