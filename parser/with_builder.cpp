// WITH clause node construction for the grammar (see node_builder.hpp).
#include <utility>

#include "common/sqlstate.hpp"
#include "parser/node_builder.hpp"
#include "parser/parse_context.hpp"

namespace granary::parser {

std::unique_ptr<WithClause> MakeWithClause(std::vector<CommonTableExpr> ctes, bool recursive,
                                           int location) {
  auto with = std::make_unique<WithClause>();
  with->ctes = std::move(ctes);
  with->recursive = recursive;
  with->location = location;
  return with;
}

CommonTableExpr MakeCommonTableExpr(ParseContext& ctx, std::string name,
                                    std::vector<std::string> columns, CteMaterialize materialized,
                                    StmtPtr query, int location) {
  CommonTableExpr cte;
  cte.name = std::move(name);
  cte.column_names = std::move(columns);
  cte.materialized = materialized;
  // The item's query is a child of the statement that carries the WITH: its depth counts.
  if (query->kind == StmtKind::kSelect) {
    ctx.RecordDepth(query.get(), SelectDepth(ctx, query->As<SelectStmt>()));
  }
  cte.query = std::move(query);
  cte.location = location;
  return cte;
}

void InsertWithClause(ParseContext& ctx, SelectStmt& select, std::unique_ptr<WithClause> with) {
  if (select.with) {
    ctx.ThrowErrorAt(sqlstate::kSyntaxError, "multiple WITH clauses not allowed", with->location);
  }
  select.with = std::move(with);
}

void AttachWithClause(Stmt& stmt, std::unique_ptr<WithClause> with) {
  switch (stmt.kind) {
    case StmtKind::kInsert: stmt.As<InsertStmt>().with = std::move(with); break;
    case StmtKind::kUpdate: stmt.As<UpdateStmt>().with = std::move(with); break;
    case StmtKind::kDelete: stmt.As<DeleteStmt>().with = std::move(with); break;
    default: break;
  }
}

}  // namespace granary::parser
