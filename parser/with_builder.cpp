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

std::unique_ptr<CteSearchClause> MakeSearchClause(std::vector<std::string> columns, bool breadth_first,
                                                  std::string sequence_column, int location) {
  auto search = std::make_unique<CteSearchClause>();
  search->columns = std::move(columns);
  search->breadth_first = breadth_first;
  search->sequence_column = std::move(sequence_column);
  search->location = location;
  return search;
}

std::unique_ptr<CteCycleClause> MakeCycleClause(std::vector<std::string> columns, std::string mark_column,
                                                ExprPtr mark_value, ExprPtr mark_default,
                                                std::string path_column, int location) {
  auto cycle = std::make_unique<CteCycleClause>();
  cycle->columns = std::move(columns);
  cycle->mark_column = std::move(mark_column);
  cycle->mark_value = std::move(mark_value);
  cycle->mark_default = std::move(mark_default);
  cycle->path_column = std::move(path_column);
  cycle->location = location;
  return cycle;
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
