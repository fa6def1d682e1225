// S-expression rendering of the raw AST (see ast_dump.hpp): the entry points, the dispatch
// over statement kinds, and the pieces every node family uses. Each node family's rendering
// is in its own file (ast_dump_expr.cpp, ast_dump_select.cpp, ast_dump_dml.cpp,
// ast_dump_ddl.cpp, ast_dump_utility.cpp); each appends to the output so that large trees are
// rendered in linear time.
#include "parser/ast_dump.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "parser/ast_dumper.hpp"

namespace granary::parser::dump {

void Dumper::Quoted(std::string_view text) {
  out_ += '\'';
  for (char c : text) {
    if (c == '\'') out_ += '\'';
    out_ += c;
  }
  out_ += '\'';
}

void Dumper::Names(const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out_ += '.';
    out_ += names[i];
  }
}

void Dumper::NameList(const std::vector<std::string>& names) {
  out_ += '(';
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) Space();
    out_ += names[i];
  }
  out_ += ')';
}

void Dumper::MaybeExpr(std::string_view key, const ExprPtr& expr) {
  if (expr == nullptr) return;
  Key(key);
  Expression(*expr);
}

void Dumper::ExprList(const granary::parser::ExprList& exprs) {
  out_ += '(';
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) Space();
    Expression(*exprs[i]);
  }
  out_ += ')';
}

void Dumper::Statement(const Stmt& stmt) {
  switch (stmt.kind) {
    case StmtKind::kSelect:
      return Select(stmt.As<SelectStmt>());
    case StmtKind::kInsert:
      return Insert(stmt.As<InsertStmt>());
    case StmtKind::kUpdate:
      return Update(stmt.As<UpdateStmt>());
    case StmtKind::kCreateIndex:
      return CreateIndex(stmt.As<CreateIndexStmt>());
    case StmtKind::kComment:
      return Comment(stmt.As<CommentStmt>());
    case StmtKind::kCreateTableAs:
      return CreateTableAs(stmt.As<CreateTableAsStmt>());
    case StmtKind::kCreateView:
      return CreateView(stmt.As<CreateViewStmt>());
    case StmtKind::kDelete:
      return Delete(stmt.As<DeleteStmt>());
    case StmtKind::kCreateTable:
      return CreateTable(stmt.As<CreateTableStmt>());
    case StmtKind::kDrop:
      return Drop(stmt.As<DropStmt>());
    case StmtKind::kTransaction:
      return Transaction(stmt.As<TransactionStmt>());
    case StmtKind::kExplain:
      return Explain(stmt.As<ExplainStmt>());
    case StmtKind::kPrepare:
      return Prepare(stmt.As<PrepareStmt>());
    case StmtKind::kExecute:
      return Execute(stmt.As<ExecuteStmt>());
    case StmtKind::kDeallocate:
      return Deallocate(stmt.As<DeallocateStmt>());
    case StmtKind::kVariableSet:
      return VariableSet(stmt.As<VariableSetStmt>());
    case StmtKind::kVariableShow:
      return VariableShow(stmt.As<VariableShowStmt>());
    case StmtKind::kCreateRole:
      return CreateRole(stmt.As<CreateRoleStmt>());
    case StmtKind::kAlterRole:
      return AlterRole(stmt.As<AlterRoleStmt>());
    case StmtKind::kDropRole:
      return DropRole(stmt.As<DropRoleStmt>());
    case StmtKind::kCreateSchema:
      return CreateSchema(stmt.As<CreateSchemaStmt>());
    case StmtKind::kRenameSchema:
      return RenameSchema(stmt.As<RenameSchemaStmt>());
    case StmtKind::kDeclareCursor:
      return DeclareCursor(stmt.As<DeclareCursorStmt>());
    case StmtKind::kFetch:
      return Fetch(stmt.As<FetchStmt>());
    case StmtKind::kClosePortal:
      return ClosePortal(stmt.As<ClosePortalStmt>());
    case StmtKind::kCheckpoint:
      return Checkpoint(stmt.As<CheckpointStmt>());
    case StmtKind::kReindex:
      return Reindex(stmt.As<ReindexStmt>());
    case StmtKind::kCluster:
      return Cluster(stmt.As<ClusterStmt>());
    case StmtKind::kSetConstraints:
      return SetConstraints(stmt.As<SetConstraintsStmt>());
    case StmtKind::kCopy:
      return Copy(stmt.As<CopyStmt>());
    case StmtKind::kLock:
      return Lock(stmt.As<LockStmt>());
    case StmtKind::kTruncate:
      return Truncate(stmt.As<TruncateStmt>());
    case StmtKind::kAlterTable:
      return AlterTable(stmt.As<AlterTableStmt>());
    case StmtKind::kCreateSequence:
      return CreateSequence(stmt.As<CreateSequenceStmt>());
    case StmtKind::kAlterSequence:
      return AlterSequence(stmt.As<AlterSequenceStmt>());
    case StmtKind::kVacuum:
      return Vacuum(stmt.As<VacuumStmt>());
    case StmtKind::kCreateCollation:
    case StmtKind::kCreateEnum:
    case StmtKind::kAlterEnum:
    case StmtKind::kCreateFunction:
    case StmtKind::kDropFunction:
    case StmtKind::kAlterFunction:
    case StmtKind::kRefreshMatView:
    case StmtKind::kDo:
      return;  // no rendering of their own yet: they append nothing
  }
}

}  // namespace granary::parser::dump

namespace granary::parser {

std::string DumpStatement(const Stmt& stmt) {
  dump::Dumper dumper;
  dumper.Statement(stmt);
  return dumper.Take();
}

std::string DumpExpr(const Expr& expr) {
  dump::Dumper dumper;
  dumper.Expression(expr);
  return dumper.Take();
}

std::string DumpTypeName(const TypeName& type) {
  dump::Dumper dumper;
  dumper.Type(type);
  return dumper.Take();
}

}  // namespace granary::parser
