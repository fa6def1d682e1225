// Column name resolution.
#include "planner/analyze/scope.hpp"

#include <algorithm>
#include <optional>

#include "common/sqlstate.hpp"

namespace granary::planner {

size_t Scope::column_count() const {
  size_t count = 0;
  for (const ScopeEntry& entry : entries_) count += entry.column_names.size();
  return count;
}

const ScopeEntry* Scope::FindEntry(const std::string& alias) const {
  for (const ScopeEntry& entry : entries_) {
    if (entry.alias == alias) return &entry;
  }
  return nullptr;
}

const BoundExpr* Scope::FindComputed(const std::vector<std::string>& names, bool* ambiguous) const {
  const BoundExpr* found = nullptr;
  if (ambiguous) *ambiguous = false;
  for (auto relation = computed_.rbegin(); relation != computed_.rend(); ++relation) {
    if (names.size() >= 2 && relation->alias != names[names.size() - 2]) continue;
    if (names.size() == 3 && relation->schema != names[0]) continue;
    if (names.size() == 1 && relation->qualified_only) continue;
    for (size_t i = 0; i < relation->column_names.size(); ++i) {
      if (relation->column_names[i] != names.back()) continue;
      if (found != nullptr) {
        // Two columns of that name: in one JOIN (ON, not USING) or in two aliased JOINs.
        if (ambiguous != nullptr) *ambiguous = true;
        return found;
      }
      found = relation->columns[i].get();
    }
    if (found != nullptr && names.size() >= 2) return found;
  }
  return found;
}

const Scope::ComputedRelation* Scope::FindJoinAlias(const std::string& alias) const {
  for (auto relation = computed_.rbegin(); relation != computed_.rend(); ++relation) {
    if (relation->of_join && relation->alias == alias) return &*relation;
  }
  return nullptr;
}

void Scope::HideInsideJoin(size_t entry) {
  if (!entries_[entry].alias.empty()) hidden_by_join_.push_back(entries_[entry].alias);
  HideEntry(entry);
}

void Scope::HideEntry(size_t entry) {
  ScopeEntry& hidden = entries_[entry];
  // No name a query can write is empty (a zero-length quoted identifier is a syntax error).
  hidden.alias.clear();
  hidden.hidden_name.clear();
  for (size_t i = 0; i < hidden.column_names.size(); ++i) HideUnqualified(hidden.offset + i);
}

std::optional<ResolvedColumn> Scope::TryResolve(const std::vector<std::string>& names,
                                                int location, const AnalyzeContext& context) const {
  const std::string& column = names.back();
  std::optional<ResolvedColumn> found;
  for (const ScopeEntry& entry : entries_) {
    if (names.size() >= 2 && entry.alias != names[names.size() - 2]) continue;
    if (names.size() == 3 && entry.schema != names[0]) continue;
    for (size_t i = 0; i < entry.column_names.size(); ++i) {
      if (entry.column_names[i] != column) continue;
      if (names.size() == 1 && std::find(hidden_unqualified_.begin(), hidden_unqualified_.end(),
                                         entry.offset + i) != hidden_unqualified_.end()) {
        continue;
      }
      if (found) {
        throw context.ErrorAt(sqlstate::kAmbiguousColumn,
                              "column reference \"" + column + "\" is ambiguous", location);
      }
      found = ResolvedColumn{entry.offset + i, entry.column_types[i]};
    }
    if (names.size() >= 2 && found) break;
  }
  return found;
}

ResolvedColumn Scope::Resolve(const std::vector<std::string>& names, int location,
                              const AnalyzeContext& context) const {
  if (std::optional<ResolvedColumn> found = TryResolve(names, location, context)) return *found;
  const std::string& column = names.back();
  if (names.size() == 1) {
    throw context.ErrorAt(sqlstate::kUndefinedColumn, "column \"" + column + "\" does not exist",
                          location);
  }
  const std::string& relation = names[names.size() - 2];
  const bool relation_in_scope =
      std::any_of(entries_.begin(), entries_.end(),
                  [&](const ScopeEntry& entry) {
                    return entry.alias == relation && (names.size() < 3 || entry.schema == names[0]);
                  }) ||
      std::any_of(computed_.begin(), computed_.end(),
                  [&](const ComputedRelation& computed) { return names.size() == 2 && computed.alias == relation; });
  if (!relation_in_scope && names.size() == 2 &&
      std::find(hidden_by_join_.begin(), hidden_by_join_.end(), relation) != hidden_by_join_.end()) {
    throw context
        .ErrorAt(sqlstate::kUndefinedTable, "invalid reference to FROM-clause entry for table \"" + relation + "\"",
                 location)
        .WithHint("There is an entry for table \"" + relation +
                  "\", but it cannot be referenced from this part of the query.");
  }
  if (!relation_in_scope) {
    // PostgreSQL's errorMissingRTE: the table is there, under an alias.
    for (const ScopeEntry& entry : entries_) {
      if (names.size() == 2 && entry.hidden_name == relation) {
        throw context
            .ErrorAt(sqlstate::kUndefinedTable, "invalid reference to FROM-clause entry for table \"" + relation + "\"",
                     location)
            .WithHint("Perhaps you meant to reference the table alias \"" + entry.alias + "\".");
      }
    }
    throw context.ErrorAt(sqlstate::kUndefinedTable,
                          "missing FROM-clause entry for table \"" + relation + "\"", location);
  }
  throw context.ErrorAt(sqlstate::kUndefinedColumn,
                        "column " + relation + "." + column + " does not exist", location);
}

}  // namespace granary::planner
