// Collation derivation (parse_collate.c's assign_collations_walker and merge_collation_state).
#include "planner/analyze/collation_assign.hpp"

#include "common/sqlstate.hpp"
#include "types/collation.hpp"
#include "types/type.hpp"

namespace granary::planner {
namespace {

// In PostgreSQL's order: a stronger state wins a merge.
enum class Strength { kNone, kImplicit, kConflict, kExplicit };

struct State {
  uint32_t collation = 0;  // types::kDefaultCollationOid for the default
  Strength strength = Strength::kNone;
  int location = -1;
  uint32_t collation2 = 0;  // kConflict: the second implicit collation and where it came from
  int location2 = -1;
};

uint32_t Normalized(uint32_t collation) { return types::ReportedCollation(collation); }

bool IsCollatable(types::TypeId id) { return types::IsCollatableType(id); }

std::string NameOf(uint32_t collation) {
  if (auto definition = types::FindCollation(collation)) return definition->name;
  return std::to_string(collation);
}

class Assigner {
 public:
  explicit Assigner(const AnalyzeContext& context) : context_(context) {}

  State Assign(BoundExpr& node) {
    State merged;
    switch (node.kind) {
      case BoundKind::kCase: {
        // WHEN conditions are separate expressions; THEN and ELSE results merge.
        for (size_t i = 0; i < node.args.size(); ++i) {
          const bool condition = i + 1 < node.args.size() && i % 2 == 0;
          State state = Assign(*node.args[i]);
          if (!condition) Merge(merged, state);
        }
        break;
      }
      case BoundKind::kSubquery: {
        // The test expressions merge; correlation values are separate expressions.
        const size_t tests = node.subquery ? node.subquery->test_count : 0;
        for (size_t i = 0; i < node.args.size(); ++i) {
          State state = Assign(*node.args[i]);
          if (i < tests) Merge(merged, state);
        }
        if (tests > 0 && node.subquery && IsCollatable(node.subquery->compare_type.id)) {
          Merge(merged, {Normalized(node.subquery->compare_type.collation), Strength::kImplicit, -1});
        }
        break;
      }
      case BoundKind::kAnd:
      case BoundKind::kOr:
      case BoundKind::kNot:
      case BoundKind::kIsNull:
      case BoundKind::kBooleanTest:
        for (BoundExprPtr& arg : node.args) Assign(*arg);
        break;
      default:
        for (BoundExprPtr& arg : node.args) Merge(merged, Assign(*arg));
        break;
    }
    node.input_collation = merged.strength == Strength::kConflict ? types::kIndeterminateCollation
                           : merged.strength == Strength::kNone   ? 0
                                                                  : merged.collation;
    State result;
    if (node.explicit_collation) {
      result = {Normalized(node.type.collation), Strength::kExplicit, node.collation_location};
    } else if (IsCollatable(node.type.id)) {
      if (IsLeaf(node)) {
        result = {Normalized(node.type.collation), Strength::kImplicit, node.location};
      } else if (merged.strength != Strength::kNone) {
        result = merged;
      } else {
        result = {types::kDefaultCollationOid, Strength::kImplicit, node.location};
      }
      node.type.collation = result.strength == Strength::kConflict ? 0 : result.collation;
      if (node.type.collation == types::kDefaultCollationOid) node.type.collation = 0;
    }
    return result;
  }

  void Merge(State& context, const State& state) {
    if (state.strength > context.strength) {
      context = state;
      return;
    }
    if (state.strength != context.strength || state.collation == context.collation) return;
    switch (state.strength) {
      case Strength::kImplicit:
        // A non-default implicit collation beats the default; two others conflict.
        if (context.collation == types::kDefaultCollationOid) {
          context = state;
        } else if (state.collation != types::kDefaultCollationOid) {
          context.strength = Strength::kConflict;
          context.collation2 = state.collation;
          context.location2 = state.location;
        }
        break;
      case Strength::kExplicit:
        throw context_.ErrorAt(sqlstate::kCollationMismatch,
                               "collation mismatch between explicit collations \"" +
                                   NameOf(context.collation) + "\" and \"" + NameOf(state.collation) + "\"",
                               state.location);
      default:
        break;
    }
  }

 private:
  // Nodes whose collation is their own (read from their type), not their arguments'.
  static bool IsLeaf(const BoundExpr& node) {
    switch (node.kind) {
      case BoundKind::kColumn:
      case BoundKind::kParam:
      case BoundKind::kConstant:
      case BoundKind::kOuterRef:
      case BoundKind::kSubquery:
      case BoundKind::kAggregateRef:
      case BoundKind::kWindowRef:
      case BoundKind::kFieldSelect:
      case BoundKind::kCatalogCall:
      case BoundKind::kSequenceCall:
      case BoundKind::kRoutineCall:
        return true;
      default:
        return false;
    }
  }

  const AnalyzeContext& context_;
};

}  // namespace

void AssignCollations(BoundExpr& expr, const AnalyzeContext& context) {
  Assigner(context).Assign(expr);
}

void RequireSortCollation(BoundExpr& expr, const AnalyzeContext& context) {
  const State state = Assigner(context).Assign(expr);
  if (state.strength != Strength::kConflict) return;
  throw context
      .ErrorAt(sqlstate::kCollationMismatch,
               "collation mismatch between implicit collations \"" + NameOf(state.collation) + "\" and \"" +
                   NameOf(state.collation2) + "\"",
               state.location2)
      .WithHint("You can choose the collation by applying the COLLATE clause to one or both expressions.");
}

uint32_t SetOperationCollation(const BoundExpr& left, const BoundExpr& right, const AnalyzeContext& context) {
  if (!IsCollatable(left.type.id) && !IsCollatable(right.type.id)) return 0;
  BoundExpr pair;
  pair.kind = BoundKind::kCall;
  pair.type = types::Type{types::TypeId::kText, -1};
  pair.args.push_back(left.Clone());
  pair.args.push_back(right.Clone());
  RequireSortCollation(pair, context);
  return pair.type.collation;
}

uint32_t CommonCollation(const BoundExpr& left, const BoundExpr& right, const AnalyzeContext& context) {
  BoundExpr pair;
  pair.kind = BoundKind::kCall;
  pair.type = types::Type{types::TypeId::kBool, -1};
  pair.args.push_back(left.Clone());
  pair.args.push_back(right.Clone());
  AssignCollations(pair, context);
  return pair.input_collation;
}

bool IsCollatorCollation(uint32_t collation) {
  return collation == types::kIndeterminateCollation || types::CollatorFor(collation) != nullptr;
}

}  // namespace granary::planner

namespace granary::planner {

uint32_t LookupCollation(const std::vector<std::string>& names, int location, const AnalyzeContext& context) {
  std::string shown;
  for (const std::string& part : names) shown += (shown.empty() ? "" : ".") + part;
  const std::string& name = names.back();
  const std::string schema = names.size() >= 2 ? names[names.size() - 2] : "";
  if (names.size() <= 2 && (schema.empty() || schema == "pg_catalog")) {
    if (const types::CollationDefinition* builtin = types::FindBuiltinCollation(name)) return builtin->oid;
  }
  if (names.size() <= 2 && schema != "pg_catalog") {
    if (auto found = context.catalog.FindUserCollation(schema, name, context.SearchPath(), context.snapshot)) {
      return found->oid;
    }
  }
  throw context.ErrorAt(sqlstate::kUndefinedObject,
                        "collation \"" + shown + "\" for encoding \"UTF8\" does not exist", location);
}

}  // namespace granary::planner

namespace granary::planner {

types::Type ApplyCollation(types::Type type, const std::vector<std::string>& names, int location,
                           const AnalyzeContext& context) {
  if (names.empty()) return type;
  const uint32_t collation = LookupCollation(names, location, context);
  if (!types::IsCollatableType(type.id)) {
    throw context.ErrorAt(sqlstate::kDatatypeMismatch,
                          "collations are not supported by type " + types::FormatType(types::Type{type.id, -1}),
                          location);
  }
  type.collation = collation == types::kDefaultCollationOid ? 0 : collation;
  return type;
}

}  // namespace granary::planner
