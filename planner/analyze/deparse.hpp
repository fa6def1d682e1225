// Deparsing: raw expressions back to SQL text that parses to the same tree. Used to store
// column DEFAULT expressions in the catalog (and views later), as PostgreSQL stores
// pg_get_expr()-style text.
#pragma once

#include <string>

#include "parser/ast.hpp"

namespace granary::planner {

std::string ExprToSql(const parser::Expr& expr);
// Quotes an identifier when it needs quotes ("Mixed Case", keywords are quoted always).
std::string QuoteIdentifier(const std::string& name);

}  // namespace granary::planner
