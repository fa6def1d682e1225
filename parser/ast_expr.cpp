// Out-of-line members of the expression nodes that own a SelectStmt (see ast_expr.hpp): they
// are defined where SelectStmt is complete.
#include "parser/ast_expr.hpp"

#include "parser/ast_select.hpp"

namespace granary::parser {

SubqueryExpr::SubqueryExpr() : Expr(ExprKind::kSubquery) {}
SubqueryExpr::~SubqueryExpr() = default;

ArrayExpr::ArrayExpr() : Expr(ExprKind::kArray) {}
ArrayExpr::~ArrayExpr() = default;

}  // namespace granary::parser
