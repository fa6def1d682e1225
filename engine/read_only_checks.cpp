#include "engine/read_only_checks.hpp"

#include "catalog/search_path.hpp"
#include "parser/ast.hpp"
#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary {
namespace {

const char* DropName(parser::ObjectType type) {
  switch (type) {
    case parser::ObjectType::kIndex: return "DROP INDEX";
    case parser::ObjectType::kView: return "DROP VIEW";
    case parser::ObjectType::kSequence: return "DROP SEQUENCE";
    case parser::ObjectType::kSchema: return "DROP SCHEMA";
    case parser::ObjectType::kCollation: return "DROP COLLATION";
    case parser::ObjectType::kType: return "DROP TYPE";
    case parser::ObjectType::kMaterializedView: return "DROP MATERIALIZED VIEW";
    default: return "DROP TABLE";
  }
}

const char* LockingName(parser::LockStrength strength) {
  switch (strength) {
    case parser::LockStrength::kKeyShare: return "SELECT FOR KEY SHARE";
    case parser::LockStrength::kShare: return "SELECT FOR SHARE";
    case parser::LockStrength::kNoKeyUpdate: return "SELECT FOR NO KEY UPDATE";
    default: return "SELECT FOR UPDATE";
  }
}

// The first data-modifying or row-locking node from the root down, if any.
std::optional<std::string> Find(const planner::PlanNode& node) {
  switch (node.kind) {
    case planner::PlanKind::kInsert: return "INSERT";
    case planner::PlanKind::kUpdate: return "UPDATE";
    case planner::PlanKind::kDelete: return "DELETE";
    case planner::PlanKind::kModifyingCtes: return "SELECT";  // a SELECT with INSERT/UPDATE/DELETE items
    default: break;
  }
  if (node.kind == planner::PlanKind::kLockRows && !node.row_marks.empty()) {
    return LockingName(node.row_marks.front().strength);
  }
  for (const planner::PlanPtr& child : node.children) {
    if (std::optional<std::string> found = Find(*child)) return found;
  }
  return std::nullopt;
}

// Whether the plan writes or locks rows of a table that is not temporary: a read-only
// transaction may write its own temporary tables (PostgreSQL's ExecCheckXactReadOnly).
bool WritesPersistentRows(const planner::PlanNode& node) {
  switch (node.kind) {
    case planner::PlanKind::kInsert:
    case planner::PlanKind::kUpdate:
    case planner::PlanKind::kDelete:
      if (!catalog::IsTempSchemaName(node.table.schema_name)) return true;
      break;
    case planner::PlanKind::kLockRows:
      for (const planner::BoundRowMark& mark : node.row_marks) {
        if (!catalog::IsTempSchemaName(mark.table.schema_name)) return true;
      }
      break;
    case planner::PlanKind::kModifyingCtes:
      for (const auto& cte : node.modifying_ctes) {
        if (WritesPersistentRows(*cte->plan)) return true;
      }
      break;
    default: break;
  }
  for (const planner::PlanPtr& child : node.children) {
    if (WritesPersistentRows(*child)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> UtilityWriteCommand(const parser::Stmt& stmt) {
  using parser::StmtKind;
  switch (stmt.kind) {
    case StmtKind::kCreateTable: return "CREATE TABLE";
    case StmtKind::kCreateTableAs:
      return stmt.As<parser::CreateTableAsStmt>().materialized ? "CREATE MATERIALIZED VIEW" : "CREATE TABLE AS";
    case StmtKind::kRefreshMatView: return "REFRESH MATERIALIZED VIEW";
    case StmtKind::kCreateIndex: return "CREATE INDEX";
    case StmtKind::kCreateView: return "CREATE VIEW";
    case StmtKind::kCreateSequence: return "CREATE SEQUENCE";
    case StmtKind::kAlterSequence: return "ALTER SEQUENCE";
    case StmtKind::kCreateSchema: return "CREATE SCHEMA";
    case StmtKind::kCreateCollation: return "CREATE COLLATION";
    case StmtKind::kCreateEnum: return "CREATE TYPE";
    case StmtKind::kAlterEnum: return "ALTER TYPE";
    case StmtKind::kCreateFunction: return "CREATE FUNCTION";
    case StmtKind::kDropFunction: return "DROP FUNCTION";
    case StmtKind::kAlterFunction: return "ALTER FUNCTION";
    case StmtKind::kRenameSchema: return "ALTER SCHEMA";
    case StmtKind::kCreateRole: return "CREATE ROLE";
    case StmtKind::kAlterRole: return "ALTER ROLE";
    case StmtKind::kDropRole: return "DROP ROLE";
    case StmtKind::kAlterTable: return "ALTER TABLE";
    case StmtKind::kTruncate: return "TRUNCATE TABLE";
    case StmtKind::kComment: return "COMMENT";
    case StmtKind::kDrop: return DropName(stmt.As<parser::DropStmt>().object_type);
    // COPY FROM checks once it knows its table (copy_command.cpp): a temporary one is
    // writable in a read-only transaction.
    default: return std::nullopt;
  }
}

std::optional<std::string> PlanWriteCommand(const planner::PlanNode& root) {
  if (!WritesPersistentRows(root)) return std::nullopt;
  return Find(root);
}

}  // namespace granary
