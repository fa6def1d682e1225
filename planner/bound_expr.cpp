// BoundExpr helpers: clone, equality, traversal, rendering.
#include "planner/bound_expr.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "types/collation.hpp"

namespace granary::planner {

BoundExprPtr BoundExpr::Clone() const {
  auto copy = std::make_unique<BoundExpr>();
  copy->kind = kind;
  copy->type = type;
  copy->constant = constant;
  copy->index = index;
  copy->name = name;
  copy->function = function;
  copy->strict = strict;
  copy->comparison = comparison;
  copy->numeric_arithmetic = numeric_arithmetic;
  copy->cast_context = cast_context;
  copy->negated = negated;
  copy->boolean_test = boolean_test;
  copy->location = location;
  copy->subquery = subquery;
  copy->input_collation = input_collation;
  copy->explicit_collation = explicit_collation;
  copy->collation_location = collation_location;
  for (const BoundExprPtr& arg : args) copy->args.push_back(arg->Clone());
  return copy;
}

bool BoundExpr::Equals(const BoundExpr& other) const {
  if (kind != other.kind || !(type == other.type) || index != other.index || name != other.name ||
      function != other.function || negated != other.negated ||
      boolean_test != other.boolean_test || cast_context != other.cast_context ||
      subquery != other.subquery || type.collation != other.type.collation ||
      explicit_collation != other.explicit_collation || input_collation != other.input_collation ||
      args.size() != other.args.size()) {
    return false;
  }
  if (kind == BoundKind::kConstant) {
    if (constant.is_null() != other.constant.is_null()) return false;
    if (!constant.is_null() &&
        (constant.type() != other.constant.type() || types::Compare(constant, other.constant) != 0)) {
      return false;
    }
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (!args[i]->Equals(*other.args[i])) return false;
  }
  return true;
}

void BoundExpr::Walk(const std::function<void(const BoundExpr&)>& visit) const {
  visit(*this);
  for (const BoundExprPtr& arg : args) arg->Walk(visit);
}

bool BoundExpr::IsVolatile() const {
  bool volatile_call = false;
  Walk([&](const BoundExpr& node) {
    volatile_call = volatile_call || node.kind == BoundKind::kSequenceCall || node.kind == BoundKind::kRoutineCall ||
                    (node.kind == BoundKind::kCall && node.name == "random");
  });
  return volatile_call;
}

bool BoundExpr::ReferencesColumns() const {
  bool found = false;
  Walk([&](const BoundExpr& node) { found = found || node.kind == BoundKind::kColumn; });
  return found;
}

void BoundExpr::RemapColumns(const std::function<size_t(size_t)>& map) {
  if (kind == BoundKind::kColumn) index = map(index);
  for (BoundExprPtr& arg : args) arg->RemapColumns(map);
}

namespace {

std::string JoinArgs(const BoundExpr& expr, const std::vector<std::string>& names,
                     const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < expr.args.size(); ++i) {
    if (i > 0) out += separator;
    out += expr.args[i]->ToString(names);
  }
  return out;
}

bool IsOperatorName(const std::string& name) {
  return !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0]));
}

// format_type_with_typemod, as ruleutils prints casts: bpchar without a length is "bpchar"
// (plain "character" would read back as character(1)).
std::string TypeWithTypmod(const types::Type& type) {
  if (type.id == types::TypeId::kBpchar && type.typmod < 0) return "bpchar";
  return types::FormatType(type);
}

// simple_quote_literal: the text in single quotes, quotes doubled.
std::string QuotedLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += c;
    out += c;
  }
  return out + "'";
}

// ruleutils' get_const_expr: a non-negative int4 and a numeric that reads as a float literal
// bare, booleans as true/false, everything else quoted and labelled with its type, so that
// the text parses back to the same constant. An int2 or int8 constant within int4's range is
// shown as the int4 literal it was written as: the binder casts such a literal to the other
// side's type where PostgreSQL keeps it int4 under a cross-type operator (`(big = 5)`).
// Catalog types (oid, regclass, ...) stay bare, as their text here is not PostgreSQL's.
std::string ConstantText(const types::Value& constant, const types::Type& type) {
  if (constant.is_null()) {
    return type.id == types::TypeId::kUnknown ? "NULL" : "NULL::" + TypeWithTypmod(type);
  }
  const std::string text = types::ToText(constant);
  switch (constant.type()) {
    case types::TypeId::kBool: return constant.AsBool() ? "true" : "false";
    case types::TypeId::kUnknown: return QuotedLiteral(text);
    case types::TypeId::kInt2:
    case types::TypeId::kInt4:
    case types::TypeId::kInt8: {
      const int64_t value = constant.AsInt();
      if (value < INT32_MIN || value > INT32_MAX) return QuotedLiteral(text) + "::" + TypeWithTypmod(type);
      return value >= 0 ? text : QuotedLiteral(text) + "::integer";
    }
    case types::TypeId::kNumeric: {
      const bool float_like = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) &&
                              text.find_first_of("eE.") != std::string::npos;
      return float_like && type.typmod < 0 ? text : QuotedLiteral(text) + "::" + TypeWithTypmod(type);
    }
    case types::TypeId::kOid:
    case types::TypeId::kRegclass:
    case types::TypeId::kRegtype:
    case types::TypeId::kRegproc: return text;
    default: return QuotedLiteral(text) + "::" + TypeWithTypmod(type);
  }
}

}  // namespace

std::string BoundExpr::ToString(const std::vector<std::string>& names) const {
  if (!explicit_collation) return ToStringWithoutCollation(names);
  // ruleutils' get_rule_expr for a CollateExpr: the argument, then COLLATE and the name.
  std::string collation_name = std::to_string(type.collation);
  if (auto definition = types::FindCollation(type.collation)) collation_name = definition->name;
  const bool plain = !collation_name.empty() && !std::isdigit(static_cast<unsigned char>(collation_name[0])) &&
                     std::all_of(collation_name.begin(), collation_name.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                     });
  return ToStringWithoutCollation(names) + " COLLATE " +
         (plain ? collation_name : "\"" + collation_name + "\"");
}

std::string BoundExpr::ToStringWithoutCollation(const std::vector<std::string>& names) const {
  switch (kind) {
    case BoundKind::kConstant: return ConstantText(constant, type);
    case BoundKind::kColumn:
      return index < names.size() ? names[index] : "$col" + std::to_string(index);
    case BoundKind::kParam: return "$" + std::to_string(index + 1);
    case BoundKind::kCall:
      if (IsOperatorName(name) && args.size() == 2) {
        return "(" + args[0]->ToString(names) + " " + name + " " + args[1]->ToString(names) + ")";
      }
      if (IsOperatorName(name) && args.size() == 1) return "(" + name + args[0]->ToString(names) + ")";
      return name + "(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kCast: return "(" + args[0]->ToString(names) + ")::" + TypeWithTypmod(type);
    case BoundKind::kAnd: return "(" + JoinArgs(*this, names, " AND ") + ")";
    case BoundKind::kOr: return "(" + JoinArgs(*this, names, " OR ") + ")";
    case BoundKind::kNot: return "(NOT " + args[0]->ToString(names) + ")";
    case BoundKind::kIsNull:
      return "(" + args[0]->ToString(names) + (negated ? " IS NOT NULL)" : " IS NULL)");
    case BoundKind::kBooleanTest: {
      static const char* kTests[] = {"TRUE", "FALSE", "UNKNOWN"};
      return "(" + args[0]->ToString(names) + (negated ? " IS NOT " : " IS ") +
             kTests[static_cast<int>(boolean_test)] + ")";
    }
    case BoundKind::kCase: {
      std::string out = "CASE";
      for (size_t i = 0; i + 1 < args.size(); i += 2) {
        out += " WHEN " + args[i]->ToString(names) + " THEN " + args[i + 1]->ToString(names);
      }
      return out + " ELSE " + args.back()->ToString(names) + " END";
    }
    case BoundKind::kCoalesce: return "COALESCE(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kNullIf: {
      // args[1] is the NULL the node returns; the second operand is the equality's.
      const BoundExpr& second = args.size() > 2 && args[2]->args.size() == 2 ? *args[2]->args[1] : *args[1];
      return "NULLIF(" + args[0]->ToString(names) + ", " + second.ToString(names) + ")";
    }
    case BoundKind::kGreatest:
      return std::string(negated ? "LEAST(" : "GREATEST(") + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kDistinctFrom:
      return "(" + args[0]->ToString(names) +
             (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") +
             args[1]->ToString(names) + ")";
    case BoundKind::kAggregateRef: return "$agg" + std::to_string(index);
    case BoundKind::kWindowRef: return "$window" + std::to_string(index);
    case BoundKind::kGroupingRef: return "GROUPING(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kSubquery: {
      static const char* kModes[] = {"(SubPlan)", "EXISTS(SubPlan)", "ANY (SubPlan)", "ALL (SubPlan)",
                                     "ARRAY(SubPlan)"};
      const std::string mode = kModes[static_cast<int>(subquery->mode)];
      if (subquery->test_count == 0) return mode;
      return "(" + args[0]->ToString(names) + " " + subquery->operator_name + " " + mode + ")";
    }
    case BoundKind::kOuterRef: return "$outer" + std::to_string(index);
    case BoundKind::kSequenceCall: return name + "(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kCatalogCall: return name + "(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kRoutineCall: return name + "(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kArray: return "ARRAY[" + JoinArgs(*this, names, ", ") + "]";
    case BoundKind::kSetFunction: return name + "(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kRow: return "ROW(" + JoinArgs(*this, names, ", ") + ")";
    case BoundKind::kFieldSelect: return "(" + args[0]->ToString(names) + ")." + name;
    case BoundKind::kSubscript: {
      std::string out = args[0]->ToString(names);
      if (!negated) {
        for (size_t i = 1; i < args.size(); ++i) out += "[" + args[i]->ToString(names) + "]";
        return out;
      }
      for (size_t i = 1; i + 1 < args.size(); i += 2) {
        const size_t bit = (i - 1);
        out += "[" + ((index >> bit) & 1 ? std::string() : args[i]->ToString(names)) + ":" +
               ((index >> (bit + 1)) & 1 ? std::string() : args[i + 1]->ToString(names)) + "]";
      }
      return out;
    }
    case BoundKind::kArrayComparison:
      return "(" + args[0]->ToString(names) + " " + name + (negated ? " ALL (" : " ANY (") +
             args[1]->ToString(names) + "))";
  }
  return "?";
}

BoundExprPtr MakeConstant(types::Value value, types::Type type) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kConstant;
  expr->type = type;
  expr->constant = std::move(value);
  return expr;
}

BoundExprPtr MakeColumn(size_t index, types::Type type) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kColumn;
  expr->type = type;
  expr->index = index;
  return expr;
}

}  // namespace granary::planner
