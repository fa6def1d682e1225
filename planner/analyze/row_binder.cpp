// Row values: ROW(...) and (a, b) constructors, field selection `(x).name`, comparisons of
// rows (PostgreSQL's make_row_comparison_op: pairwise for = and <>, lexicographic for < <=
// > >=) and of record values (record_eq, record_lt, ...: btrecordcmp), and the
// set-returning information_schema._pg_expandarray(anyarray).
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/operators.hpp"
#include "types/record.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

const Type kBool{TypeId::kBool, -1};

BoundExprPtr MakeRowNode(BoundKind kind, Type type, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = kind;
  node->type = type;
  node->location = location;
  return node;
}

bool IsRowComparison(std::string_view name) {
  return name == "=" || name == "<>" || name == "<" || name == "<=" || name == ">" || name == ">=";
}

// record_eq, record_ne, record_lt, ...: btrecordcmp's order (NULL fields equal each other
// and sort last).
template <bool (*Test)(int)>
Value RecordComparison(std::span<const Value> args) {
  return Value::Bool(Test(types::CompareRecords(args[0].AsRecord(), args[1].AsRecord())));
}
bool IsEqual(int order) { return order == 0; }
bool IsNotEqual(int order) { return order != 0; }
bool IsLess(int order) { return order < 0; }
bool IsLessEqual(int order) { return order <= 0; }
bool IsGreater(int order) { return order > 0; }
bool IsGreaterEqual(int order) { return order >= 0; }

}  // namespace

types::ScalarFunction RecordComparisonFunction(std::string_view name) {
  if (name == "=") return RecordComparison<IsEqual>;
  if (name == "<>") return RecordComparison<IsNotEqual>;
  if (name == "<") return RecordComparison<IsLess>;
  if (name == "<=") return RecordComparison<IsLessEqual>;
  if (name == ">") return RecordComparison<IsGreater>;
  return RecordComparison<IsGreaterEqual>;
}

Type RecordTypeOfFields(std::vector<types::RecordField> fields) {
  return Type{TypeId::kRecord, types::RegisterRecordType(types::RecordDescriptor{std::move(fields)})};
}

BoundExprPtr ExprBinder::BindRow(const parser::RowExpr& expr) {
  std::vector<types::RecordField> fields;
  BoundExprPtr node = MakeRowNode(BoundKind::kRow, Type{}, expr.location);
  for (const parser::ExprPtr& arg : expr.args) {
    BoundExprPtr bound = Bind(*arg);
    // Anonymous row fields are named f1, f2, ... as in PostgreSQL, where a record field of
    // a record is of the plain type record (its own fields are not known from it).
    const Type type = bound->type.id == TypeId::kRecord ? Type{TypeId::kRecord, -1} : bound->type;
    fields.push_back({"f" + std::to_string(fields.size() + 1), type});
    node->args.push_back(std::move(bound));
  }
  node->type = RecordTypeOfFields(std::move(fields));
  return node;
}

BoundExprPtr ExprBinder::TryBindWholeRowAnyLevel(const parser::ColumnRefExpr& ref) {
  if (BoundExprPtr row = TryBindWholeRow(ref)) return row;
  if (outer_ == nullptr) return nullptr;
  BoundExprPtr outer = outer_->TryBindWholeRowAnyLevel(ref);
  if (!outer) return nullptr;
  return OuterReference(std::move(outer), ref.location);
}

BoundExprPtr ExprBinder::TryBindWholeRow(const parser::ColumnRefExpr& ref) {
  if (ref.names.size() != 1) return nullptr;
  if (const Scope::ComputedRelation* join = scope_.FindJoinAlias(ref.names[0])) {
    std::vector<types::RecordField> fields;
    BoundExprPtr node = MakeRowNode(BoundKind::kRow, Type{}, ref.location);
    for (size_t i = 0; i < join->columns.size(); ++i) {
      const Type type = join->columns[i]->type;
      fields.push_back({join->column_names[i], type.id == TypeId::kRecord ? Type{TypeId::kRecord, -1} : type});
      node->args.push_back(join->columns[i]->Clone());
      node->args.back()->location = ref.location;
    }
    node->type = RecordTypeOfFields(std::move(fields));
    return node;
  }
  const ScopeEntry* entry = scope_.FindEntry(ref.names[0]);
  if (entry == nullptr) return nullptr;
  std::vector<types::RecordField> fields;
  BoundExprPtr node = MakeRowNode(BoundKind::kRow, Type{}, ref.location);
  for (size_t i = 0; i + entry->system_columns < entry->column_names.size(); ++i) {
    const Type type = entry->column_types[i].id == TypeId::kRecord ? Type{TypeId::kRecord, -1}
                                                                   : entry->column_types[i];
    fields.push_back({entry->column_names[i], type});
    node->args.push_back(MakeColumn(entry->offset + i, entry->column_types[i]));
    node->args.back()->location = ref.location;
  }
  node->type = RecordTypeOfFields(std::move(fields));
  return node;
}

BoundExprPtr ExprBinder::BindFieldSelect(const parser::FieldSelectExpr& expr, bool set_function_allowed) {
  set_function_allowed_ = set_function_allowed;
  BoundExprPtr record = Bind(*expr.arg);
  if (record->type.id != TypeId::kRecord) {
    throw context_.ErrorAt(sqlstate::kWrongObjectType,
                           "column notation ." + expr.field + " applied to type " +
                               types::FormatType(Type{record->type.id, -1}) +
                               ", which is not a composite type",
                           expr.location);
  }
  if (expr.star) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "row expansion via \"*\" is not supported here", expr.location);
  }
  const types::RecordDescriptor* descriptor = types::RecordTypeOf(record->type);
  if (descriptor != nullptr) {
    for (size_t i = 0; i < descriptor->fields.size(); ++i) {
      if (descriptor->fields[i].name != expr.field) continue;
      BoundExprPtr node = MakeRowNode(BoundKind::kFieldSelect, descriptor->fields[i].type, expr.location);
      node->index = i;
      node->name = expr.field;
      node->args.push_back(std::move(record));
      return node;
    }
  }
  throw context_.ErrorAt(sqlstate::kUndefinedColumn,
                         "could not identify column \"" + expr.field + "\" in record data type",
                         expr.location);
}

std::vector<std::pair<BoundExprPtr, std::string>> ExprBinder::BindSelectFieldStar(
    const parser::FieldSelectExpr& expr) {
  set_function_allowed_ = true;
  BoundExprPtr record = Bind(*expr.arg);
  if (record->type.id != TypeId::kRecord) {
    throw context_.ErrorAt(sqlstate::kWrongObjectType,
                           "type " + types::FormatType(Type{record->type.id, -1}) +
                               " is not composite",
                           expr.location);
  }
  const types::RecordDescriptor* descriptor = types::RecordTypeOf(record->type);
  if (descriptor == nullptr) {
    throw context_.ErrorAt(sqlstate::kWrongObjectType, "record type has not been registered",
                           expr.location);
  }
  std::vector<std::pair<BoundExprPtr, std::string>> fields;
  for (size_t i = 0; i < descriptor->fields.size(); ++i) {
    BoundExprPtr node = MakeRowNode(BoundKind::kFieldSelect, descriptor->fields[i].type, expr.location);
    node->index = i;
    node->name = descriptor->fields[i].name;
    node->args.push_back(record->Clone());
    fields.emplace_back(std::move(node), descriptor->fields[i].name);
  }
  return fields;
}

BoundExprPtr ExprBinder::BindRowComparison(const parser::OperatorExpr& expr) {
  const auto& left_row = expr.left->As<parser::RowExpr>();
  const auto& right_row = expr.right->As<parser::RowExpr>();
  if (left_row.args.size() != right_row.args.size()) {
    throw context_.ErrorAt(sqlstate::kSyntaxError, "unequal number of entries in row expressions",
                           expr.location);
  }
  if (left_row.args.empty()) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported, "cannot compare rows of zero length",
                           expr.location);
  }
  std::vector<BoundExprPtr> left;
  std::vector<BoundExprPtr> right;
  for (size_t i = 0; i < left_row.args.size(); ++i) {
    left.push_back(Bind(*left_row.args[i]));
    right.push_back(Bind(*right_row.args[i]));
  }
  return CombineRowComparison(expr.name, left.size(), expr.location, [&](size_t i, const std::string& name) {
    return BindComparison(name, left[i]->Clone(), right[i]->Clone(), expr.location, context_);
  });
}

BoundExprPtr ExprBinder::CombineRowComparison(const std::string& name, size_t width, int location,
                                              const PairComparison& compare) {
  std::vector<BoundExprPtr> equal;  // l_i = r_i
  std::vector<BoundExprPtr> test;   // l_i op r_i
  const bool ordering = name != "=" && name != "<>";
  for (size_t i = 0; i < width; ++i) {
    if (ordering && i + 1 < width) {
      // The strict form of the operator decides every pair but the last.
      equal.push_back(compare(i, "="));
      test.push_back(compare(i, name.substr(0, 1)));
    } else {
      test.push_back(compare(i, name));
    }
  }
  const auto combine = [&](BoundKind kind, std::vector<BoundExprPtr> args) {
    if (args.size() == 1) return std::move(args[0]);
    BoundExprPtr node = MakeRowNode(kind, kBool, location);
    node->args = std::move(args);
    return node;
  };
  if (!ordering) return combine(name == "=" ? BoundKind::kAnd : BoundKind::kOr, std::move(test));
  // (l1, l2) < (r1, r2) is l1 < r1 OR (l1 = r1 AND l2 < r2): the first unequal pair decides,
  // and a NULL pair before it makes the result NULL.
  std::vector<BoundExprPtr> alternatives;
  for (size_t i = 0; i < test.size(); ++i) {
    std::vector<BoundExprPtr> conjuncts;
    for (size_t j = 0; j < i; ++j) conjuncts.push_back(equal[j]->Clone());
    conjuncts.push_back(std::move(test[i]));
    alternatives.push_back(combine(BoundKind::kAnd, std::move(conjuncts)));
  }
  return combine(BoundKind::kOr, std::move(alternatives));
}

std::vector<BoundExprPtr> ExprBinder::BindRowSubqueryTest(const parser::RowExpr& row, const std::string& name,
                                                          const std::vector<Type>& inner, SubqueryInfo& info,
                                                          int location) {
  const size_t width = row.args.size();
  const auto inner_column = [&](size_t i) {
    return MakeColumn(width + i, inner[i].id == TypeId::kUnknown ? Type{TypeId::kText, -1} : inner[i]);
  };
  // Each test value coerced as its comparison with the inner column coerces it.
  std::vector<BoundExprPtr> tests;
  for (size_t i = 0; i < width; ++i) {
    BoundExprPtr comparison = BindComparison(name, Bind(*row.args[i]), inner_column(i), location, context_);
    tests.push_back(std::move(comparison->args[0]));
  }
  BoundExprPtr combined = CombineRowComparison(name, width, location, [&](size_t i, const std::string& pair) {
    return BindComparison(pair, MakeColumn(i, tests[i]->type), inner_column(i), location, context_);
  });
  AssignCollations(*combined, context_);
  info.row_compare = std::move(combined);
  info.test_count = width;
  return tests;
}

BoundExprPtr ExprBinder::BindRecordComparison(std::string_view name, BoundExprPtr left,
                                              BoundExprPtr right, int location) {
  if (!IsRowComparison(name)) return nullptr;
  if (left->type.id != TypeId::kRecord || right->type.id != TypeId::kRecord) return nullptr;
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  return MakeCall(name, RecordComparisonFunction(name), kBool, std::move(args), location);
}

BoundExprPtr ExprBinder::BindExpandArray(const parser::FuncCallExpr& expr, std::vector<BoundExprPtr> args,
                                         bool set_function_here) {
  if (args.size() != 1 || !types::IsArray(args[0]->type.id)) {
    std::string signature;
    for (size_t i = 0; i < args.size(); ++i) {
      signature += (i > 0 ? ", " : "") + types::FormatType(Type{args[i]->type.id, -1});
    }
    throw context_
        .ErrorAt(sqlstate::kUndefinedFunction,
                 "function information_schema._pg_expandarray(" + signature + ") does not exist",
                 expr.location)
        .WithHint(kNoFunctionMatchesHint);
  }
  if (!set_function_here) throw SetFunctionRefusal(expr.location);
  const Type element{*types::ElementTypeOf(args[0]->type.id), args[0]->type.typmod};
  BoundExprPtr node = MakeRowNode(BoundKind::kSetFunction,
                                  RecordTypeOfFields({{"x", element}, {"n", Type{TypeId::kInt4, -1}}}),
                                  expr.location);
  node->name = "_pg_expandarray";
  node->args = std::move(args);
  return node;
}

}  // namespace granary::planner
