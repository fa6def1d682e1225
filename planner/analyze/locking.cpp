// Row locking clauses: which tables a SELECT locks (locking.hpp).
#include "planner/analyze/locking.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "planner/plan.hpp"

namespace granary::planner {
namespace {

using parser::LockStrength;
using parser::LockWaitPolicy;

std::string Strength(LockStrength strength) { return parser::LockStrengthName(strength); }

bool Names(const parser::LockingClause& clause, const std::string& alias) {
  return std::any_of(clause.relations.begin(), clause.relations.end(),
                     [&](const auto& name) { return name->schema.empty() && name->name == alias; });
}

// CheckSelectLocking: the query shapes whose rows are not table rows.
void CheckLockable(const BoundQuery& query, LockStrength strength, const AnalyzeContext& context) {
  const std::string clause = Strength(strength);
  auto fail = [&](const std::string& what) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, clause + " is not allowed with " + what, -1);
  };
  if (query.set_op != parser::SetOperation::kNone) fail("UNION/INTERSECT/EXCEPT");
  if (!query.values_rows.empty()) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, clause + " cannot be applied to VALUES", -1);
  }
  if (query.distinct || !query.distinct_on.empty()) fail("DISTINCT clause");
  if (!query.group_keys.empty()) fail("GROUP BY clause");
  if (query.having) fail("HAVING clause");
  if (!query.aggregates.empty()) fail("aggregate functions");
  if (!query.windows.empty()) fail("window functions");
}

// A FROM item with whether an outer join can make its columns null.
struct FoundItem {
  const BoundFromItem* item = nullptr;
  bool nullable = false;
};

void CollectItems(const BoundFromItem& item, bool nullable, std::vector<FoundItem>& out) {
  out.push_back({&item, nullable});
  if (item.kind != BoundFromItem::Kind::kJoin) return;
  const parser::JoinType type = item.join_type;
  const bool left_nullable = type == parser::JoinType::kRight || type == parser::JoinType::kFull;
  const bool right_nullable = type == parser::JoinType::kLeft || type == parser::JoinType::kFull;
  CollectItems(*item.left, nullable || left_nullable, out);
  CollectItems(*item.right, nullable || right_nullable, out);
}

struct Mark {
  FoundItem found;
  LockStrength strength;
  LockWaitPolicy wait_policy;
};

void Apply(std::vector<Mark>& marks, const FoundItem& found, LockStrength strength,
           LockWaitPolicy wait_policy) {
  for (Mark& mark : marks) {
    if (mark.found.item != found.item) continue;
    mark.strength = std::max(mark.strength, strength);
    mark.wait_policy = std::max(mark.wait_policy, wait_policy);
    return;
  }
  marks.push_back({found, strength, wait_policy});
}

}  // namespace

std::vector<PushedLock> LocksReaching(const std::vector<parser::LockingClause>& own,
                                      const std::vector<PushedLock>& pushed, const std::string& alias) {
  std::vector<PushedLock> reaching = pushed;
  for (const parser::LockingClause& clause : own) {
    if (clause.relations.empty() || Names(clause, alias)) {
      reaching.push_back({clause.strength, clause.wait_policy});
    }
  }
  return reaching;
}

void BindRowMarks(const std::vector<parser::LockingClause>& own, const std::vector<PushedLock>& pushed,
                  BoundQuery& query, const AnalyzeContext& context) {
  if (own.empty() && pushed.empty()) return;
  std::vector<FoundItem> items;
  for (const auto& item : query.from) CollectItems(*item, false, items);
  std::vector<Mark> marks;
  auto apply_to_all = [&](LockStrength strength, LockWaitPolicy wait_policy) {
    for (const FoundItem& found : items) {
      if (found.item->kind == BoundFromItem::Kind::kTable) Apply(marks, found, strength, wait_policy);
    }
  };
  for (const PushedLock& lock : pushed) {
    // A VALUES list in FROM has no table to lock: PostgreSQL ignores a clause pushed into it.
    if (!query.values_rows.empty()) break;
    CheckLockable(query, lock.strength, context);
    apply_to_all(lock.strength, lock.wait_policy);
  }
  for (const parser::LockingClause& clause : own) {
    CheckLockable(query, clause.strength, context);
    if (clause.relations.empty()) {
      apply_to_all(clause.strength, clause.wait_policy);
      continue;
    }
    const std::string name = Strength(clause.strength);
    for (const auto& relation : clause.relations) {
      if (!relation->schema.empty()) {
        throw context.ErrorAt(sqlstate::kSyntaxError, name + " must specify unqualified relation names",
                              relation->location);
      }
      const auto found = std::find_if(items.begin(), items.end(), [&](const FoundItem& candidate) {
        return !candidate.item->alias.empty() && candidate.item->alias == relation->name;
      });
      if (found == items.end()) {
        throw context.ErrorAt(sqlstate::kUndefinedTable,
                              "relation \"" + relation->name + "\" in " + name +
                                  " clause not found in FROM clause",
                              relation->location);
      }
      switch (found->item->kind) {
        case BoundFromItem::Kind::kTable: Apply(marks, *found, clause.strength, clause.wait_policy); break;
        case BoundFromItem::Kind::kSubquery: break;  // pushed down when the subquery was bound
        case BoundFromItem::Kind::kJoin:
          throw context.ErrorAt(sqlstate::kFeatureNotSupported, name + " cannot be applied to a join",
                                relation->location);
        case BoundFromItem::Kind::kFunction:
          throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                                name + " cannot be applied to a function", relation->location);
        case BoundFromItem::Kind::kCte:
        case BoundFromItem::Kind::kWorkTable:
          throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                                name + " cannot be applied to a WITH query", relation->location);
        default: break;
      }
    }
  }
  for (const Mark& mark : marks) {
    if (mark.found.nullable) {
      throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                            Strength(mark.strength) + " cannot be applied to the nullable side of an outer join",
                            -1);
    }
  }
  for (const Mark& mark : marks) {
    const BoundFromItem& item = *mark.found.item;
    BoundRowMark row_mark;
    row_mark.table = item.table;
    row_mark.alias = item.alias;
    row_mark.strength = mark.strength;
    row_mark.wait_policy = mark.wait_policy;
    row_mark.ctid_target = query.targets.size();
    // ctid, the first of the system columns after the table's own
    const size_t ctid = item.column_offset + item.column_count - kTableSystemColumns;
    query.targets.push_back(MakeColumn(ctid, query.input_types[ctid]));
    query.target_names.push_back("ctid");
    query.row_marks.push_back(std::move(row_mark));
  }
}

}  // namespace granary::planner
