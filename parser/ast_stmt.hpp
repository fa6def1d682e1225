// Raw AST: the statement base (Stmt) and the tag of every statement kind. Each kind's node
// is declared in the header of its family: ast_select.hpp, ast_dml.hpp, ast_ddl.hpp,
// ast_utility.hpp (ast.hpp includes them all).
#pragma once

#include <memory>

namespace granary::parser {

enum class StmtKind {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kCreateTable,
  kCreateIndex,
  kCreateView,
  kDrop,
  kTransaction,
  kExplain,
  kVariableSet,
  kVariableShow,
  kCreateRole,
  kAlterRole,
  kDropRole,
  kCheckpoint,
  kCopy,
  kTruncate,
  kAlterTable,
  kVacuum,
  kCreateSequence,
  kAlterSequence,
  kLock,
  kCreateSchema,
  kRenameSchema,
  kPrepare,
  kExecute,
  kDeallocate,
  kCreateTableAs,
  kComment,
  kSetConstraints,
  kDeclareCursor,
  kFetch,
  kClosePortal,
  kCreateCollation,
  kCreateFunction,
  kDropFunction,
  kAlterFunction,
  kReindex,
  kCluster,
  kCreateEnum,
  kAlterEnum,
  kRefreshMatView,
  kDo,
};

struct Stmt {
  explicit Stmt(StmtKind stmt_kind) : kind(stmt_kind) {}
  virtual ~Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  template <typename T>
  T& As() { return static_cast<T&>(*this); }
  template <typename T>
  const T& As() const { return static_cast<const T&>(*this); }

  const StmtKind kind;
  // Byte span of this statement in the parsed string (without the terminating ';'), so a
  // multi-statement string can be split and each statement's text reported.
  int location = 0;
  int length = 0;
};

using StmtPtr = std::unique_ptr<Stmt>;

}  // namespace granary::parser
