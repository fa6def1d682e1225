// WHERE CURRENT OF: which row of which table a cursor stands on (PostgreSQL's
// execCurrentOf). A FOR UPDATE / SHARE cursor answers through its row marks, the ctid of the
// row each marked table locked for the current row, whatever the plan above the scans (a
// sort, a join); any other cursor only when its plan is a simply updatable scan of the table
// (search_plan_tree: the row comes straight from the scan, through projections, filters and
// LIMIT).
#include <algorithm>

#include "common/sqlstate.hpp"
#include "engine/cursors.hpp"

namespace granary {

using types::Type;

std::optional<int64_t> Cursor::CurrentOf(catalog::Oid table_oid, const std::string& table_name) const {
  if (execution_ == nullptr) {
    throw Error(sqlstate::kInvalidCursorState, "cursor \"" + name + "\" is held from a previous transaction");
  }
  if (!row_mark_tables_.empty()) {
    const auto marks = std::count(row_mark_tables_.begin(), row_mark_tables_.end(), table_oid);
    if (marks > 1) {
      throw Error(sqlstate::kInvalidCursorState, "cursor \"" + name +
                                                     "\" has multiple FOR UPDATE/SHARE references to table \"" +
                                                     table_name + "\"");
    }
    if (marks == 0) {
      throw Error(sqlstate::kInvalidCursorState, "cursor \"" + name +
                                                     "\" does not have a FOR UPDATE/SHARE reference to table \"" +
                                                     table_name + "\"");
    }
    if (at_start_ || at_end_) {
      throw Error(sqlstate::kInvalidCursorState, "cursor \"" + name + "\" is not positioned on a row");
    }
    const size_t mark = static_cast<size_t>(
        std::find(row_mark_tables_.begin(), row_mark_tables_.end(), table_oid) - row_mark_tables_.begin());
    // NULL: the table gave the current row nothing to lock (PostgreSQL: do nothing).
    if (row_mark_ctids_[mark].is_null()) return std::nullopt;
    return row_mark_ctids_[mark].AsInt();
  }
  if (updatable_table_ == 0 || updatable_table_ != table_oid) {
    if (locked_tables_.empty()) {
      throw Error(sqlstate::kInvalidCursorState,
                  "cursor \"" + name + "\" is not a simply updatable scan of table \"" + table_name + "\"");
    }
    if (std::find(locked_tables_.begin(), locked_tables_.end(), table_oid) == locked_tables_.end()) {
      throw Error(sqlstate::kInvalidCursorState, "cursor \"" + name +
                                                     "\" does not have a FOR UPDATE/SHARE reference to table \"" +
                                                     table_name + "\"");
    }
    // Row locks below something FindRowMarks does not see through (a sub-select's).
    throw Error(sqlstate::kFeatureNotSupported,
                "WHERE CURRENT OF a FOR UPDATE/SHARE cursor that is not a simple scan of table \"" + table_name +
                    "\" is not supported");
  }
  if (at_start_ || at_end_ || !current_ctid_) {
    throw Error(sqlstate::kInvalidCursorState, "cursor \"" + name + "\" is not positioned on a row");
  }
  return current_ctid_->AsInt();
}

storage::RelFileNumber Cursor::updatable_relfile(catalog::Oid table_oid) const {
  const auto mark = std::find(row_mark_tables_.begin(), row_mark_tables_.end(), table_oid);
  if (mark != row_mark_tables_.end()) return row_mark_relfiles_[static_cast<size_t>(mark - row_mark_tables_.begin())];
  return updatable_relfile_;
}

namespace {

void CollectLockedTables(const planner::PlanNode& plan, std::vector<catalog::Oid>& tables) {
  if (plan.kind == planner::PlanKind::kLockRows) {
    for (const planner::BoundRowMark& mark : plan.row_marks) tables.push_back(mark.table.oid);
  }
  for (const planner::PlanPtr& child : plan.children) CollectLockedTables(*child, tables);
}

// Makes every node of `chain` (top down; each the only parent of the next) pass on the
// columns `columns` of the node below the last as extra last columns of its output: a
// projection appends them to its expressions, other nodes (filters, LIMIT, row locks) keep
// their input's layout. Returns the columns' positions in the top node's output.
std::vector<size_t> PassColumnsUp(const std::vector<planner::PlanNode*>& chain, std::vector<size_t> columns) {
  const Type tid{types::TypeId::kTid, -1};
  bool appended = false;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    planner::PlanNode& above = **it;
    if (above.kind == planner::PlanKind::kProject) {
      const size_t base = above.output_types.size();
      for (size_t i = 0; i < columns.size(); ++i) {
        above.expressions.push_back(planner::MakeColumn(columns[i], tid));
        columns[i] = base + i;
      }
      appended = true;
    } else if (!appended) {
      continue;  // a filter or lock over the layout the columns are in
    }
    for (size_t i = 0; i < columns.size(); ++i) {
      above.output_types.push_back(tid);
      above.output_names.push_back("ctid");
    }
  }
  return columns;
}

}  // namespace

void Cursor::FindUpdatableScan(planner::PlanNode& plan) {
  using planner::PlanKind;
  CollectLockedTables(plan, locked_tables_);
  if (FindRowMarks(plan)) return;
  // PostgreSQL's search_plan_tree over Granary's shapes: LIMIT and row locks pass the
  // question down (they return their input's current row); projections and filters over one
  // table scan are PostgreSQL's scan node with its quals and projection. Anything else (a
  // join, a sort, an aggregate, a set operation, a set-returning select list) is not simply
  // updatable.
  std::vector<planner::PlanNode*> chain;  // from the top down to the scan's parent
  planner::PlanNode* node = &plan;
  while ((node->kind == PlanKind::kLimit || node->kind == PlanKind::kLockRows || node->kind == PlanKind::kProject ||
          node->kind == PlanKind::kFilter) &&
         node->children.size() == 1) {
    if (node->kind == PlanKind::kProject) {
      for (const planner::BoundExprPtr& expr : node->expressions) {
        if (expr->kind == planner::BoundKind::kSetFunction) return;  // ProjectSet
      }
    }
    chain.push_back(node);
    node = node->children[0].get();
  }
  if (!planner::IsTableScan(node->kind)) return;
  if (chain.empty() || chain.front()->kind == PlanKind::kFilter) return;  // rows would show the ctid
  bool projected = false;
  for (const planner::PlanNode* above : chain) projected |= above->kind == PlanKind::kProject;
  if (!projected) return;
  // Bottom up: the scan's output is the table's columns, then ctid; each projection passes
  // the ctid on as its last column, and the nodes above it keep their input's layout.
  PassColumnsUp(chain, {node->table.columns.size()});
  updatable_table_ = node->table.oid;
  updatable_relfile_ = node->table.relfile;
}

// A FOR UPDATE / SHARE cursor whose plan is projections and LIMIT over its row locks (as the
// planner builds every locking SELECT): the rows carry each row mark's ctid (the version
// locked, after any concurrent update) as extra last columns, which Emit takes off.
bool Cursor::FindRowMarks(planner::PlanNode& plan) {
  using planner::PlanKind;
  std::vector<planner::PlanNode*> chain;
  planner::PlanNode* node = &plan;
  while ((node->kind == PlanKind::kLimit || node->kind == PlanKind::kProject) && node->children.size() == 1) {
    chain.push_back(node);
    node = node->children[0].get();
  }
  if (node->kind != PlanKind::kLockRows || chain.empty() || chain.front()->kind != PlanKind::kProject) return false;
  std::vector<size_t> columns;
  for (const planner::BoundRowMark& mark : node->row_marks) {
    row_mark_tables_.push_back(mark.table.oid);
    row_mark_relfiles_.push_back(mark.table.relfile);
    columns.push_back(mark.ctid_target);
  }
  PassColumnsUp(chain, columns);
  row_mark_ctids_.assign(row_mark_tables_.size(), types::Value{});
  return true;
}

}  // namespace granary
