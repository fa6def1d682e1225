// INSERT, UPDATE and DELETE through a view: PostgreSQL's automatically updatable views
// (rewriteTargetView). A view is updatable when its query reads one table or updatable view
// and has no DISTINCT, GROUP BY, HAVING, LIMIT/OFFSET, set operation, WITH, aggregate,
// window or set-returning function; otherwise the statement fails with 55000 and PostgreSQL's
// detail. The statement then changes the table at the bottom of the views: its WHERE is
// combined with each view's, and the view's columns are expressions over the table's row
// (Scope::ComputedRelation), so SET, WHERE and RETURNING name the view's columns. A column
// that is an expression rather than a column of the table below can be read but not
// assigned (0A000).
//
// Not done: WITH CHECK OPTION (refused when the view is created), INSERT ... ON CONFLICT DO
// UPDATE through a view (0A000), and INSTEAD OF triggers or rules (Granary has neither).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.hpp"
#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/analyze/scope.hpp"

namespace granary::planner {

enum class ViewChange { kInsert, kUpdate, kDelete };

class UpdatableView {
 public:
  // Follows `view` (kind 'v', named `name` by the statement) down to the table it changes,
  // locking that table ROW EXCLUSIVE; 55000 when a view on the way is not updatable.
  UpdatableView(catalog::TableSchema view, const parser::RangeVar& name, ViewChange change,
                AnalyzeContext& context);
  UpdatableView(UpdatableView&&) noexcept;
  ~UpdatableView();

  // The table the rows change in, and its name as the innermost view's expressions refer to
  // it (so binding them over that entry resolves).
  const catalog::TableSchema& base() const { return base_; }
  const parser::RangeVar& base_name() const { return *base_name_; }

  // The view's columns, and for each the base table column it is (nullopt: an expression).
  const std::vector<std::string>& column_names() const { return column_names_; }
  const std::optional<size_t>& base_column(size_t view_column) const { return base_columns_[view_column]; }
  // The base column that assigning view column `name` sets: 42703 when the view has no such
  // column, 0A000 when it is an expression.
  size_t AssignedColumn(const std::string& name, int location, AnalyzeContext& context) const;

  // Binds the views' columns and WHERE conditions over the base table's entry, entry 0 of
  // `scope`, and puts the view's columns in its place (the entry becomes unreachable by
  // name). Returns the conjunction of the views' WHERE conditions, or null.
  BoundExprPtr Expose(Scope& scope, AnalyzeContext& context) const;

 private:
  struct Layer;
  std::vector<Layer> layers_;  // outermost view first
  std::string alias_;          // the statement's name for the view (its alias or name)
  std::string schema_;
  ViewChange change_;
  catalog::TableSchema base_;
  std::unique_ptr<parser::RangeVar> base_name_;  // (RangeVar cannot move)
  std::vector<std::string> column_names_;
  std::vector<std::optional<size_t>> base_columns_;
};

}  // namespace granary::planner
