// The Dumper behind ast_dump.hpp: one object per rendering, appending to a string. Internal
// to the parser: its methods are defined by node family in ast_dump.cpp (dispatch and shared
// pieces), ast_dump_expr.cpp, ast_dump_select.cpp, ast_dump_dml.cpp, ast_dump_ddl.cpp and
// ast_dump_utility.cpp. Not thread-safe; each call of a Dump* function uses its own.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.hpp"

namespace granary::parser::dump {

// Renders nodes by appending to its output. Every method appends the rendering of one node
// (or piece) and reads nothing else of the tree.
class Dumper {
 public:
  std::string Take() { return std::move(out_); }

  void Statement(const Stmt& stmt);
  void Expression(const Expr& expr);
  void Type(const TypeName& type);


  // Pieces shared by the node families.
  void Text(std::string_view text) { out_ += text; }
  void Open(std::string_view head) {
    out_ += '(';
    out_ += head;
  }
  void Close() { out_ += ')'; }
  void Space() { out_ += ' '; }
  void Key(std::string_view key) {
    out_ += " :";
    out_ += key;
    out_ += ' ';
  }
  void Flag(bool on, std::string_view key) {
    if (!on) return;
    out_ += " :";
    out_ += key;
  }
  void OnCommit(OnCommitAction action) {
    Flag(action == OnCommitAction::kPreserveRows, "on-commit-preserve-rows");
    Flag(action == OnCommitAction::kDeleteRows, "on-commit-delete-rows");
    Flag(action == OnCommitAction::kDrop, "on-commit-drop");
  }
  void Quoted(std::string_view text);
  void Names(const std::vector<std::string>& names);
  void NameList(const std::vector<std::string>& names);
  void MaybeExpr(std::string_view key, const ExprPtr& expr);
  void ExprList(const granary::parser::ExprList& exprs);
  void Sorts(const std::vector<SortBy>& sorts);
  void Window(const WindowDef& window);
  void Targets(const std::vector<ResTarget>& targets);
  void TableRefs(const std::vector<TableRefPtr>& refs);
  void Table(const TableRef& ref);
  void AliasSuffix(const std::optional<Alias>& alias);
  void Select(const SelectStmt& select);
  void With(const std::unique_ptr<WithClause>& with);
  void Constraints(const std::vector<Constraint>& constraints);
  void OneConstraint(const Constraint& constraint);
  void RoleOptions(const std::vector<RoleOption>& options);
  void SequenceOptions(const std::vector<SequenceOption>& options);

  void Constant(const ConstantExpr& constant);
  void Function(const FuncCallExpr& call);
  void Subquery(const SubqueryExpr& subquery);

  // One per statement kind, by family: ast_dump_select.cpp, ast_dump_dml.cpp,
  // ast_dump_ddl.cpp, ast_dump_utility.cpp.
  void Insert(const InsertStmt& insert);
  void Update(const UpdateStmt& update);
  void Delete(const DeleteStmt& del);

  void CreateTable(const CreateTableStmt& create);
  void CreateTableAs(const CreateTableAsStmt& create);
  void CreateIndex(const CreateIndexStmt& index);
  void CreateView(const CreateViewStmt& view);
  void Drop(const DropStmt& drop);
  void Comment(const CommentStmt& comment);
  void AlterTable(const AlterTableStmt& alter);
  void CreateSequence(const CreateSequenceStmt& create);
  void AlterSequence(const AlterSequenceStmt& alter);
  void CreateSchema(const CreateSchemaStmt& create);
  void RenameSchema(const RenameSchemaStmt& rename);
  void CreateRole(const CreateRoleStmt& create);
  void AlterRole(const AlterRoleStmt& alter);
  void DropRole(const DropRoleStmt& drop);

  void Transaction(const TransactionStmt& txn);
  void Prepare(const PrepareStmt& prepare);
  void Execute(const ExecuteStmt& execute);
  void Deallocate(const DeallocateStmt& deallocate);
  void DeclareCursor(const DeclareCursorStmt& declare);
  void Fetch(const FetchStmt& fetch);
  void ClosePortal(const ClosePortalStmt& close);
  void Explain(const ExplainStmt& explain);
  void VariableSet(const VariableSetStmt& set);
  void VariableShow(const VariableShowStmt& show);
  void Copy(const CopyStmt& copy);
  void Lock(const LockStmt& lock);
  void Truncate(const TruncateStmt& truncate);
  void Checkpoint(const CheckpointStmt& checkpoint);
  void Reindex(const ReindexStmt& reindex);
  void Cluster(const ClusterStmt& cluster);
  void SetConstraints(const SetConstraintsStmt& set);
  void Vacuum(const VacuumStmt& vacuum);

 private:
  std::string out_;
};

}  // namespace granary::parser::dump
