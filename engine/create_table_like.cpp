// CREATE TABLE ... (LIKE ...) (see create_table_like.hpp).
#include "engine/create_table_like.hpp"

#include "common/sqlstate.hpp"
#include "engine/index_commands.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"

namespace granary {

LikeCopies AddLikeColumns(Session::Impl& session, const parser::TableLikeClause& like,
                          catalog::TableSchema& table, std::set<std::string>& names,
                          planner::AnalyzeContext& context) {
  (void)session;
  LikeCopies copies;
  copies.options = like.options;
  copies.source = planner::LookupTable(*like.relation, context);
  if (copies.source.kind == 'S') {
    throw context.ErrorAt(sqlstate::kWrongObjectType,
                          "relation \"" + copies.source.name + "\" is invalid in LIKE clause",
                          like.relation->location)
        .WithDetail("This operation is not supported for sequences.");
  }
  for (const catalog::ColumnSchema& source_column : copies.source.columns) {
    if (!names.insert(source_column.name).second) {
      throw Error(sqlstate::kDuplicateColumn, "column \"" + source_column.name + "\" specified more than once");
    }
    catalog::ColumnSchema column;
    column.name = source_column.name;
    column.type = source_column.type;
    column.not_null = source_column.not_null;
    if (source_column.generated != 0) {
      if ((like.options & parser::kLikeGenerated) != 0) {
        column.generated = source_column.generated;
        column.default_sql = source_column.default_sql;
      }
    } else if (source_column.identity != 0) {
      if ((like.options & parser::kLikeIdentity) != 0) column.identity = source_column.identity;
    } else if ((like.options & parser::kLikeDefaults) != 0) {
      column.default_sql = source_column.default_sql;
    }
    copies.columns.push_back(table.columns.size());
    table.columns.push_back(std::move(column));
  }
  if ((like.options & parser::kLikeConstraints) != 0) {
    for (const catalog::CheckConstraint& check : copies.source.checks) {
      catalog::CheckConstraint copy = check;
      copy.oid = 0;
      table.checks.push_back(std::move(copy));
    }
  }
  return copies;
}

void CopyLikeObjects(Session::Impl& session, const catalog::TableSchema& created, const LikeCopies& copies,
                     planner::AnalyzeContext& context) {
  if ((copies.options & parser::kLikeIndexes) != 0) {
    for (const catalog::IndexSchema& index : copies.source.indexes) {
      std::vector<parser::StmtPtr> parsed = parser::Parse(index.definition);
      const auto& stmt = parsed.front()->As<parser::CreateIndexStmt>();
      if (index.constraint) {
        // A primary key or unique constraint: the constraint and its index, as PostgreSQL
        // copies them (named after the new table).
        std::vector<std::string> columns;
        std::vector<std::string> including;
        for (const parser::IndexElem& elem : stmt.elements) columns.push_back(elem.column);
        for (const parser::IndexElem& elem : stmt.including) including.push_back(elem.column);
        CreateConstraintIndex(session, created, columns, index.primary, "", -1, context, including);
        continue;
      }
      // A plain index: its canonical statement, put on the new table.
      CreateIndexOnTable(session, created, stmt, context);
    }
  }
  if ((copies.options & parser::kLikeComments) != 0) {
    for (size_t i = 0; i < copies.source.columns.size(); ++i) {
      const std::optional<std::string> comment = session.db.catalog->FindComment(
          copies.source.oid, catalog::kRelationClassOid, static_cast<int32_t>(i + 1), context.snapshot);
      if (!comment) continue;
      session.db.catalog->SetComment(created.oid, catalog::kRelationClassOid,
                                     static_cast<int32_t>(copies.columns[i] + 1), comment, context.snapshot,
                                     context.snapshot.command_id);
    }
  }
}

}  // namespace granary
