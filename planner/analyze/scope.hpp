// Scope — the relations visible to an expression and how their columns map onto the
// operator's input row.
//
// Errors: 42703 `column "x" does not exist`, 42702 `column reference "x" is ambiguous`,
// 42P01 `missing FROM-clause entry for table "t"`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"
#include "types/type.hpp"

namespace granary::planner {

struct ScopeEntry {
  std::string alias;  // the name the relation is referred to by (its alias or table name)
  std::string schema; // the table's schema, for schema.table.column references
  std::string hidden_name;  // the relation's own name when an alias replaces it (for a hint)
  std::vector<std::string> column_names;
  std::vector<types::Type> column_types;
  size_t offset = 0;  // position of the first column in the input row
  size_t system_columns = 0;  // trailing columns (ctid) that `t.*` does not show
};

struct ResolvedColumn {
  size_t index;
  types::Type type;
};

class Scope {
 public:
  void Add(ScopeEntry entry) { entries_.push_back(std::move(entry)); }
  const std::vector<ScopeEntry>& entries() const { return entries_; }
  size_t column_count() const;

  // Like Resolve, but nullopt when no relation or column of that name is in scope (an
  // ambiguous reference still raises 42702).
  std::optional<ResolvedColumn> TryResolve(const std::vector<std::string>& names, int location,
                                           const AnalyzeContext& context) const;
  // Resolves `names` ([column], [relation, column] or [schema, relation, column]).
  ResolvedColumn Resolve(const std::vector<std::string>& names, int location,
                         const AnalyzeContext& context) const;
  // Hides a column from unqualified references (the two copies of a USING column).
  void HideUnqualified(size_t index) { hidden_unqualified_.push_back(index); }
  // Makes an unqualified `name` stand for `expr` (a merged USING column); later merges of the
  // same name take precedence.
  void AddMerged(const std::string& name, const BoundExpr& expr) {
    merged_.emplace_back(name, expr.Clone());
  }
  // The expression an unqualified merged column stands for, or null.
  const BoundExpr* FindMerged(const std::string& name) const {
    for (auto it = merged_.rbegin(); it != merged_.rend(); ++it) {
      if (it->first == name) return it->second.get();
    }
    return nullptr;
  }
  // The entry named `alias`, or null.
  const ScopeEntry* FindEntry(const std::string& alias) const;

  // A relation whose columns stand for expressions over the entries (the columns of an
  // automatically updatable view over its base table's entry; updatable_view.hpp).
  // `alias.column`, `schema.alias.column` and an unqualified `column` resolve to a copy of the
  // expression.
  // An aliased JOIN (`(a JOIN b) AS t`) is one too: t's columns stand for the JOIN's.
  struct ComputedRelation {
    std::string alias;
    std::string schema;
    std::vector<std::string> column_names;
    std::vector<BoundExprPtr> columns;
    bool of_join = false;  // an aliased JOIN's, not a view's
    bool qualified_only = false;  // JOIN ... USING (cols) AS name: only name.col reaches them
  };
  void AddComputed(ComputedRelation relation) { computed_.push_back(std::move(relation)); }
  void ClearComputed() { computed_.clear(); }
  const std::vector<ComputedRelation>& computed() const { return computed_; }
  // The expression `names` stands for in a computed relation, or null; `ambiguous` (when
  // given) tells whether an unqualified name is a column of two of them.
  const BoundExpr* FindComputed(const std::vector<std::string>& names, bool* ambiguous = nullptr) const;
  // The aliased JOIN named `alias`, or null.
  const ComputedRelation* FindJoinAlias(const std::string& alias) const;
  // Merged USING columns: how many, and dropping those added after the first `count` (an
  // aliased JOIN's are reachable through its alias only).
  size_t merged_count() const { return merged_.size(); }
  void TruncateMerged(size_t count) { merged_.resize(count); }
  size_t computed_count() const { return computed_.size(); }
  void TruncateComputed(size_t count) { computed_.resize(count); }
  // Makes entry `entry` unreachable because an aliased JOIN around it hides it: references
  // to it by name then raise PostgreSQL's "invalid reference to FROM-clause entry".
  void HideInsideJoin(size_t entry);
  // Makes entry `entry` unreachable by name (its alias and its columns' unqualified names):
  // what a computed relation over it hides.
  void HideEntry(size_t entry);

 private:
  std::vector<ScopeEntry> entries_;
  std::vector<size_t> hidden_unqualified_;
  std::vector<std::pair<std::string, BoundExprPtr>> merged_;
  std::vector<ComputedRelation> computed_;
  std::vector<std::string> hidden_by_join_;  // aliases of the entries HideInsideJoin hid
};

}  // namespace granary::planner
