// Equivalence classes of a pool of conjuncts (see equivalence_classes.hpp).
#include "planner/optimize/equivalence_classes.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "types/collation.hpp"

namespace granary::planner {
namespace {

using types::TypeId;

// Built-in functions that are volatile in PostgreSQL (pg_proc.provolatile 'v'): a class
// member must give one value for the whole statement. Stable ones (now(), ...) may be
// members, as in PostgreSQL.
constexpr std::array<std::string_view, 6> kVolatile = {
    "random", "setseed", "gen_random_uuid", "clock_timestamp", "timeofday", "pg_sleep",
};

// Types whose `=` is the default btree equality of the type (PostgreSQL's mergejoinable
// operators): equal values are interchangeable for every other `=` of the type, so
// equality is transitive. Strings also need a deterministic collation (EqualityKey).
bool HasBtreeEquality(TypeId type) {
  switch (type) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kBytea:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
    case TypeId::kInterval:
    case TypeId::kOid:
    case TypeId::kUuid:
    case TypeId::kEnum:
      return true;
    default:
      return false;
  }
}

// A value that is the same for every row of one execution: a non-NULL constant, a
// statement parameter, or a non-volatile call or cast over such values (PostgreSQL's
// pseudo-constants, less sub-selects and outer references, which are not derived from).
bool IsPseudoConstant(const BoundExpr& expr) {
  switch (expr.kind) {
    case BoundKind::kConstant:
      return !expr.constant.is_null();
    case BoundKind::kParam:
      return true;
    case BoundKind::kCast:
    case BoundKind::kCall:
      if (expr.kind == BoundKind::kCall &&
          std::find(kVolatile.begin(), kVolatile.end(), expr.name) != kVolatile.end()) {
        return false;
      }
      return !expr.args.empty() && std::all_of(expr.args.begin(), expr.args.end(),
                                               [](const BoundExprPtr& arg) { return IsPseudoConstant(*arg); });
    default:
      return false;
  }
}

bool IsMember(const BoundExpr& expr) { return expr.kind == BoundKind::kColumn || IsPseudoConstant(expr); }

// What a class is made for: the type both sides share and, for strings, the collation the
// equality compares under (PostgreSQL's ec_opfamilies and ec_collation). Nullopt when the
// conjunct is no mergeable equality between two members.
struct EqualityKey {
  TypeId type;
  uint32_t collation;
  bool operator==(const EqualityKey&) const = default;
};

std::optional<EqualityKey> AsMergeableEquality(const BoundExpr& expr) {
  if (expr.kind != BoundKind::kCall || expr.name != "=" || expr.args.size() != 2 || expr.function == nullptr) {
    return std::nullopt;
  }
  const BoundExpr& left = *expr.args[0];
  const BoundExpr& right = *expr.args[1];
  if (left.type.id != right.type.id || !HasBtreeEquality(left.type.id)) return std::nullopt;
  if (!IsMember(left) || !IsMember(right)) return std::nullopt;
  // Both constant: nothing to derive (PlanFrom evaluates it once). `x = x` is left alone,
  // as PostgreSQL turns it into `x IS NOT NULL` rather than a class.
  if (left.kind != BoundKind::kColumn && right.kind != BoundKind::kColumn) return std::nullopt;
  if (left.Equals(right)) return std::nullopt;
  uint32_t collation = 0;
  if (types::IsCollatableType(left.type.id)) {
    collation = expr.input_collation;
    if (collation == types::kIndeterminateCollation) return std::nullopt;
    if (collation != 0) {
      const std::optional<types::CollationDefinition> definition = types::FindCollation(collation);
      if (!definition || !definition->deterministic) return std::nullopt;
    }
  }
  return EqualityKey{left.type.id, collation};
}

// One equivalence class: its members in the order their source equalities name them, and
// the positions of those equalities in the pool.
struct EquivalenceClass {
  EqualityKey key;
  std::vector<const BoundExpr*> members;
  std::vector<size_t> sources;
  bool merged_away = false;
};

// The class holding `member` under `key`, or -1.
int FindClass(const std::vector<EquivalenceClass>& classes, const EqualityKey& key, const BoundExpr& member) {
  for (size_t c = 0; c < classes.size(); ++c) {
    const EquivalenceClass& candidate = classes[c];
    if (candidate.merged_away || !(candidate.key == key)) continue;
    for (const BoundExpr* existing : candidate.members) {
      if (existing->Equals(member)) return static_cast<int>(c);
    }
  }
  return -1;
}

// PostgreSQL's process_equivalence: the two sides' classes merge (or one is made).
void AddEquality(std::vector<EquivalenceClass>& classes, const EqualityKey& key, const BoundExpr& left,
                 const BoundExpr& right, size_t source) {
  const int left_class = FindClass(classes, key, left);
  const int right_class = FindClass(classes, key, right);
  if (left_class < 0 && right_class < 0) {
    EquivalenceClass made;
    made.key = key;
    made.members = {&left, &right};
    made.sources = {source};
    classes.push_back(std::move(made));
    return;
  }
  if (left_class >= 0 && right_class >= 0) {
    EquivalenceClass& target = classes[left_class];
    target.sources.push_back(source);
    if (left_class == right_class) return;
    EquivalenceClass& other = classes[right_class];
    target.members.insert(target.members.end(), other.members.begin(), other.members.end());
    target.sources.insert(target.sources.end(), other.sources.begin(), other.sources.end());
    other.merged_away = true;
    return;
  }
  EquivalenceClass& target = classes[left_class >= 0 ? left_class : right_class];
  target.members.push_back(left_class >= 0 ? &right : &left);
  target.sources.push_back(source);
}

// `member = constant`, made from a source equality of the class (same function, collation).
BoundExprPtr MakeEquality(const BoundExpr& source, const BoundExpr& member, const BoundExpr& constant) {
  auto equality = std::make_unique<BoundExpr>();
  equality->kind = BoundKind::kCall;
  equality->type = source.type;
  equality->name = source.name;
  equality->function = source.function;
  equality->strict = source.strict;
  equality->input_collation = source.input_collation;
  equality->args.push_back(member.Clone());
  equality->args.push_back(constant.Clone());
  return equality;
}

// The classes of the pool's mergeable equalities (PostgreSQL's deconstruct_jointree
// feeding process_equivalence); members point into the pool's expressions.
std::vector<EquivalenceClass> BuildClasses(const std::vector<Conjunct>& pool) {
  std::vector<EquivalenceClass> classes;
  for (size_t i = 0; i < pool.size(); ++i) {
    if (!pool[i].expr || pool[i].reads_outer_values) continue;
    const std::optional<EqualityKey> key = AsMergeableEquality(*pool[i].expr);
    if (!key) continue;
    AddEquality(classes, *key, *pool[i].expr->args[0], *pool[i].expr->args[1], i);
  }
  return classes;
}

}  // namespace

void DeriveConstantEqualities(std::vector<Conjunct>& pool) {
  const std::vector<EquivalenceClass> classes = BuildClasses(pool);
  std::vector<Conjunct> derived;
  std::vector<bool> replaced(pool.size(), false);
  for (const EquivalenceClass& equivalence : classes) {
    if (equivalence.merged_away) continue;
    // The constant: a plain constant first (PostgreSQL prefers a Const to a Param).
    const BoundExpr* constant = nullptr;
    for (const BoundExpr* member : equivalence.members) {
      if (member->kind == BoundKind::kColumn) continue;
      if (constant == nullptr || (constant->kind != BoundKind::kConstant && member->kind == BoundKind::kConstant)) {
        constant = member;
      }
    }
    if (constant == nullptr) continue;
    // One `x = constant` alone stays as written (PostgreSQL pushes the source back).
    if (equivalence.members.size() == 2 && equivalence.sources.size() == 1) continue;
    const BoundExpr& source = *pool[equivalence.sources.front()].expr;
    for (const BoundExpr* member : equivalence.members) {
      if (member == constant) continue;
      SplitConjuncts(*MakeEquality(source, *member, *constant), derived);
    }
    for (size_t index : equivalence.sources) replaced[index] = true;
  }
  if (derived.empty()) return;
  // The members point into the sources: drop those only after every equality is made.
  for (size_t i = 0; i < pool.size(); ++i) {
    if (replaced[i]) pool[i].expr = nullptr;
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  // Appended after the other conjuncts, as PostgreSQL adds the derived restrictions last.
  for (Conjunct& conjunct : derived) pool.push_back(std::move(conjunct));
}

void DeriveOuterJoinConstants(const std::vector<Conjunct>& on, const std::vector<Conjunct>& pool,
                              size_t nullable_begin, size_t nullable_end, std::vector<Conjunct>& nullable_pool) {
  auto nullable = [&](const BoundExpr& expr) {
    return expr.kind == BoundKind::kColumn && expr.index >= nullable_begin && expr.index < nullable_end;
  };
  for (const Conjunct& condition : on) {
    if (!condition.expr || condition.reads_outer_values) continue;
    const std::optional<EqualityKey> key = AsMergeableEquality(*condition.expr);
    if (!key) continue;
    const BoundExpr& left = *condition.expr->args[0];
    const BoundExpr& right = *condition.expr->args[1];
    if (left.kind != BoundKind::kColumn || right.kind != BoundKind::kColumn || nullable(left) == nullable(right)) {
      continue;
    }
    const BoundExpr& inner = nullable(left) ? left : right;
    const BoundExpr& outer = nullable(left) ? right : left;
    // The first constant the pool equates the preserved column to.
    for (const Conjunct& restriction : pool) {
      if (!restriction.expr || restriction.reads_outer_values) continue;
      const std::optional<EqualityKey> restriction_key = AsMergeableEquality(*restriction.expr);
      if (!restriction_key || !(*restriction_key == *key)) continue;
      const BoundExpr& first = *restriction.expr->args[0];
      const BoundExpr& second = *restriction.expr->args[1];
      const BoundExpr* constant = nullptr;
      if (first.Equals(outer) && second.kind != BoundKind::kColumn) constant = &second;
      if (second.Equals(outer) && first.kind != BoundKind::kColumn) constant = &first;
      if (constant == nullptr) continue;
      SplitConjuncts(*MakeEquality(*condition.expr, inner, *constant), nullable_pool);
      break;
    }
  }
}

BoundExprPtr MakeJoinEquality(const JoinEquivalenceClass& join_class, const std::function<bool(size_t)>& on_left,
                              const std::function<bool(size_t)>& on_right) {
  const auto left = std::find_if(join_class.members.begin(), join_class.members.end(), on_left);
  const auto right = std::find_if(join_class.members.begin(), join_class.members.end(), on_right);
  if (left == join_class.members.end() || right == join_class.members.end()) return nullptr;
  const BoundExpr& source = *join_class.equality;
  return MakeEquality(source, *MakeColumn(*left, source.args[0]->type), *MakeColumn(*right, source.args[1]->type));
}

std::vector<JoinEquivalenceClass> TakeJoinEquivalences(
    std::vector<Conjunct>& pool, const std::function<std::optional<size_t>(size_t)>& relation_of) {
  std::vector<JoinEquivalenceClass> taken;
  const std::vector<EquivalenceClass> classes = BuildClasses(pool);
  std::vector<bool> replaced(pool.size(), false);
  for (const EquivalenceClass& equivalence : classes) {
    if (equivalence.merged_away || equivalence.members.size() < 3) continue;
    // Columns only, one to a relation of the list: then each join's one clause (and none
    // inside a relation) keeps every member equal.
    std::vector<size_t> relations;
    bool usable = true;
    for (const BoundExpr* member : equivalence.members) {
      const std::optional<size_t> relation =
          member->kind == BoundKind::kColumn ? relation_of(member->index) : std::nullopt;
      if (!relation || std::find(relations.begin(), relations.end(), *relation) != relations.end()) {
        usable = false;
        break;
      }
      relations.push_back(*relation);
    }
    if (!usable) continue;
    JoinEquivalenceClass join_class;
    for (const BoundExpr* member : equivalence.members) join_class.members.push_back(member->index);
    join_class.equality = pool[equivalence.sources.front()].expr->Clone();
    for (size_t index : equivalence.sources) replaced[index] = true;
    taken.push_back(std::move(join_class));
  }
  for (size_t i = 0; i < pool.size(); ++i) {
    if (replaced[i]) pool[i].expr = nullptr;
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  return taken;
}

}  // namespace granary::planner
