// SEARCH and CYCLE clauses of recursive WITH items: the checks of PostgreSQL's parse_cte.c
// and the rewrite of its rewriteSearchAndCycle, made on the bound query (see the header).
#include "planner/analyze/cte_search_cycle.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/analyze/scope.hpp"
#include "types/functions/array_functions.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

// The range-table names PostgreSQL gives the two rewritten terms' subqueries (EXPLAIN shows
// them).
constexpr const char* kLeftAlias = "*TLOCRN*";
constexpr const char* kRightAlias = "*TROCRN*";
// The depth field of a breadth-first sequence row.
constexpr const char* kDepthField = "*DEPTH*";

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

BoundExprPtr MakeNode(BoundKind kind, Type type) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = kind;
  node->type = type;
  return node;
}

// The first of the item's `width` columns named `name`, or nullopt.
std::optional<size_t> FindColumn(const BoundCte& cte, size_t width, const std::string& name) {
  for (size_t i = 0; i < width; ++i) {
    if (cte.column_names[i] == name) return i;
  }
  return std::nullopt;
}

// The item's columns `columns` (those that exist) as indexes.
std::vector<size_t> ColumnIndexes(const BoundCte& cte, size_t width, const std::vector<std::string>& columns) {
  std::vector<size_t> indexes;
  for (const std::string& name : columns) {
    if (const std::optional<size_t> index = FindColumn(cte, width, name)) indexes.push_back(*index);
  }
  return indexes;
}

// The record type of ROW(columns...), with a leading bigint depth field for breadth-first.
Type RowType(const BoundCte& cte, const std::vector<size_t>& columns, bool with_depth) {
  std::vector<types::RecordField> fields;
  if (with_depth) fields.push_back({kDepthField, Type{TypeId::kInt8, -1}});
  for (size_t column : columns) fields.push_back({cte.column_names[column], cte.column_types[column]});
  return RecordTypeOfFields(std::move(fields));
}

Type ArrayOf(const Type& row) { return Type{TypeId::kRecordArray, row.typmod}; }

// ROW(depth?, columns...) over a layout whose first columns are the item's.
BoundExprPtr MakeRowOf(const BoundCte& cte, const std::vector<size_t>& columns, BoundExprPtr depth,
                       const Type& type) {
  BoundExprPtr row = MakeNode(BoundKind::kRow, type);
  if (depth) row->args.push_back(std::move(depth));
  for (size_t column : columns) row->args.push_back(MakeColumn(column, cte.column_types[column]));
  return row;
}

// ARRAY[element] of record[].
BoundExprPtr MakeArrayOf(BoundExprPtr element) {
  BoundExprPtr array = MakeNode(BoundKind::kArray, ArrayOf(element->type));
  array->args.push_back(std::move(element));
  return array;
}

// path || ARRAY[element] (array_cat).
BoundExprPtr MakeAppend(BoundExprPtr path, BoundExprPtr element) {
  const Type type = path->type;
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(path));
  args.push_back(MakeArrayOf(std::move(element)));
  return MakeCall("||", types::ArrayCat, type, std::move(args), -1, /*strict=*/false);
}

// `query` as the only FROM item of a new query whose input is its output, named `names`;
// the new query has no targets yet.
std::unique_ptr<BoundQuery> WrapAsSubquery(std::unique_ptr<BoundQuery> query, const char* alias,
                                           const std::vector<std::string>& names) {
  auto outer = std::make_unique<BoundQuery>();
  auto item = std::make_unique<BoundFromItem>();
  item->kind = BoundFromItem::Kind::kSubquery;
  item->alias = alias;
  item->column_names = names;
  outer->input_types = query->OutputTypes();
  for (const std::string& name : names) outer->input_names.push_back(std::string(alias) + "." + name);
  item->column_count = outer->input_types.size();
  item->subquery = std::move(query);
  outer->from.push_back(std::move(item));
  return outer;
}

// The recursive term's reference to the item, at the top level of its FROM (joins
// included), or null.
const BoundFromItem* FindSelfReference(const BoundFromItem& item) {
  if (item.kind == BoundFromItem::Kind::kWorkTable) return &item;
  if (item.kind != BoundFromItem::Kind::kJoin) return nullptr;
  if (const BoundFromItem* found = FindSelfReference(*item.left)) return found;
  return FindSelfReference(*item.right);
}

// The checks of a column list (42601 for a name not among the item's columns, 42701 for
// one named twice), as parse_cte.c makes them.
void CheckColumnList(const BoundCte& cte, size_t width, const std::vector<std::string>& columns,
                     const std::string& what, int location, AnalyzeContext& context) {
  std::vector<std::string> seen;
  for (const std::string& name : columns) {
    if (!FindColumn(cte, width, name)) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            what + " column " + Quoted(name) + " not in WITH query column list", location);
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      throw context.ErrorAt(sqlstate::kDuplicateColumn, what + " column " + Quoted(name) + " specified more than once",
                            location);
    }
    seen.push_back(name);
  }
}

void CheckClauses(const BoundCte& cte, size_t width, const parser::CommonTableExpr& item, AnalyzeContext& context) {
  const parser::CteSearchClause* search = item.search.get();
  const parser::CteCycleClause* cycle = item.cycle.get();
  if (cte.query->left->set_op != parser::SetOperation::kNone) {
    throw Error(sqlstate::kFeatureNotSupported,
                "with a SEARCH or CYCLE clause, the left side of the UNION must be a SELECT");
  }
  if (cte.query->right->set_op != parser::SetOperation::kNone) {
    throw Error(sqlstate::kSyntaxError, "with a SEARCH or CYCLE clause, the right side of the UNION must be a SELECT");
  }
  if (search) {
    CheckColumnList(cte, width, search->columns, "search", search->location, context);
    if (FindColumn(cte, width, search->sequence_column)) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "search sequence column name " + Quoted(search->sequence_column) +
                                " already used in WITH query column list",
                            search->location);
    }
  }
  if (cycle) {
    CheckColumnList(cte, width, cycle->columns, "cycle", cycle->location, context);
    if (FindColumn(cte, width, cycle->mark_column)) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "cycle mark column name " + Quoted(cycle->mark_column) + " already used in WITH query column list",
                            cycle->location);
    }
    if (FindColumn(cte, width, cycle->path_column)) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "cycle path column name " + Quoted(cycle->path_column) + " already used in WITH query column list",
                            cycle->location);
    }
    if (cycle->mark_column == cycle->path_column) {
      throw context.ErrorAt(sqlstate::kSyntaxError, "cycle mark column name and cycle path column name are the same",
                            cycle->location);
    }
  }
  if (search && cycle) {
    if (search->sequence_column == cycle->mark_column) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "search sequence column name and cycle mark column name are the same", search->location);
    }
    if (search->sequence_column == cycle->path_column) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "search sequence column name and cycle path column name are the same", search->location);
    }
  }
}

// Adds the work table's added columns to the recursive term's output, after its visible
// targets (PostgreSQL's "SELECT trosl, ctename.sqc, ... FROM ..."): hidden targets move
// along, so sort keys, DISTINCT ON and row marks are renumbered.
void AppendPreviousValues(BoundQuery& term, const BoundFromItem& self, const BoundCte& cte, size_t width) {
  const size_t added = cte.search_cycle_columns;
  const size_t visible = term.visible_targets;
  std::vector<BoundExprPtr> columns;
  for (size_t j = 0; j < added; ++j) {
    columns.push_back(MakeColumn(self.column_offset + width + j, cte.column_types[width + j]));
  }
  term.targets.insert(term.targets.begin() + static_cast<std::ptrdiff_t>(visible),
                      std::make_move_iterator(columns.begin()), std::make_move_iterator(columns.end()));
  term.target_names.insert(term.target_names.begin() + static_cast<std::ptrdiff_t>(visible),
                           cte.column_names.begin() + static_cast<std::ptrdiff_t>(width), cte.column_names.end());
  for (SortKey& key : term.sort) {
    if (key.column >= visible) key.column += added;
  }
  for (size_t& target : term.distinct_on) {
    if (target >= visible) target += added;
  }
  for (BoundRowMark& mark : term.row_marks) {
    if (mark.ctid_target >= visible) mark.ctid_target += added;
  }
  term.visible_targets += added;
}

}  // namespace

std::optional<CycleMark> BindCycleMark(const parser::CommonTableExpr& item, AnalyzeContext& context) {
  if (!item.cycle) return std::nullopt;
  const Scope no_columns;
  ExprBinder binder(context, no_columns);
  std::vector<BoundExprPtr> pair;
  pair.push_back(binder.Bind(*item.cycle->mark_value));
  pair.push_back(binder.Bind(*item.cycle->mark_default));
  CycleMark mark;
  mark.type = CoerceToCommonType(pair, "CYCLE", context);
  if (mark.type.id == TypeId::kUnknown) {
    for (BoundExprPtr& value : pair) {
      value = Coerce(std::move(value), Type{TypeId::kText, -1}, types::CastContext::kImplicit, context);
    }
    mark.type = Type{TypeId::kText, -1};
  }
  mark.value = std::move(pair[0]);
  mark.default_value = std::move(pair[1]);
  // The recursive term keeps rows whose previous mark is not the cycle value: the type needs
  // an inequality operator (PostgreSQL looks for the negator of its equality).
  try {
    BindComparison("<>", mark.value->Clone(), mark.default_value->Clone(), -1, context);
  } catch (const Error& error) {
    if (error.sqlstate() != sqlstate::kUndefinedFunction) throw;
    throw Error(sqlstate::kUndefinedFunction,
                "could not identify an equality operator for type " + types::FormatType(Type{mark.type.id, -1}));
  }
  return mark;
}

void AddSearchCycleColumns(BoundCte& cte, const parser::CommonTableExpr& item, const CycleMark* mark) {
  const size_t width = cte.column_names.size();
  size_t added = 0;
  if (item.search) {
    const Type row = RowType(cte, ColumnIndexes(cte, width, item.search->columns), item.search->breadth_first);
    cte.column_names.push_back(item.search->sequence_column);
    cte.column_types.push_back(item.search->breadth_first ? row : ArrayOf(row));
    ++added;
  }
  if (item.cycle) {
    const Type row = RowType(cte, ColumnIndexes(cte, width, item.cycle->columns), false);
    cte.column_names.push_back(item.cycle->mark_column);
    cte.column_types.push_back(mark->type);
    cte.column_names.push_back(item.cycle->path_column);
    cte.column_types.push_back(ArrayOf(row));
    added += 2;
  }
  cte.search_cycle_columns = added;
}

void RewriteSearchAndCycle(BoundCte& cte, const parser::CommonTableExpr& item, std::optional<CycleMark> mark,
                           AnalyzeContext& context) {
  BoundQuery& query = *cte.query;
  const size_t width = query.visible_targets;
  CheckClauses(cte, width, item, context);
  const BoundFromItem* self = nullptr;
  for (const auto& from : query.right->from) {
    if (!self) self = FindSelfReference(*from);
  }
  if (!self) {
    throw Error(sqlstate::kFeatureNotSupported,
                "with a SEARCH or CYCLE clause, the recursive reference to WITH query " + Quoted(cte.name) +
                    " must be at the top level of its right-hand SELECT");
  }
  AppendPreviousValues(*query.right, *self, cte, width);

  const std::vector<std::string> names(cte.column_names.begin(), cte.column_names.begin() + static_cast<std::ptrdiff_t>(width));
  auto left = WrapAsSubquery(std::move(query.left), kLeftAlias, names);
  auto right = WrapAsSubquery(std::move(query.right), kRightAlias, cte.column_names);
  for (size_t i = 0; i < width; ++i) {
    for (BoundQuery* term : {left.get(), right.get()}) {
      term->targets.push_back(MakeColumn(i, cte.column_types[i]));
      term->target_names.push_back(cte.column_names[i]);
    }
  }
  // The right term's input: the item's columns, then the previous row's added ones.
  size_t previous = width;
  if (item.search) {
    const std::vector<size_t> columns = ColumnIndexes(cte, width, item.search->columns);
    const Type sequence_type = cte.column_types[previous];
    if (item.search->breadth_first) {
      // ROW(0, columns) first; then ROW(previous depth + 1, columns).
      const Type row = sequence_type;
      left->targets.push_back(
          MakeRowOf(cte, columns, MakeConstant(types::Value::Int8(0), Type{TypeId::kInt8, -1}), row));
      BoundExprPtr depth = MakeNode(BoundKind::kFieldSelect, Type{TypeId::kInt8, -1});
      depth->name = kDepthField;
      depth->index = 0;
      depth->args.push_back(MakeColumn(previous, sequence_type));
      BoundExprPtr next = BindBinaryOperator("+", std::move(depth),
                                             MakeConstant(types::Value::Int8(1), Type{TypeId::kInt8, -1}), -1, context);
      right->targets.push_back(MakeRowOf(cte, columns, std::move(next), row));
    } else {
      // ARRAY[ROW(columns)] first; then the previous sequence || ARRAY[ROW(columns)].
      const Type row{TypeId::kRecord, sequence_type.typmod};
      left->targets.push_back(MakeArrayOf(MakeRowOf(cte, columns, nullptr, row)));
      right->targets.push_back(MakeAppend(MakeColumn(previous, sequence_type), MakeRowOf(cte, columns, nullptr, row)));
    }
    left->target_names.push_back(item.search->sequence_column);
    right->target_names.push_back(item.search->sequence_column);
    ++previous;
  }
  if (item.cycle) {
    const std::vector<size_t> columns = ColumnIndexes(cte, width, item.cycle->columns);
    const size_t mark_column = previous;
    const size_t path_column = previous + 1;
    const Type path_type = cte.column_types[path_column];
    const Type row{TypeId::kRecord, path_type.typmod};
    // The mark: the default first; then CASE WHEN ROW(columns) = ANY (path) THEN value
    // ELSE default END.
    left->targets.push_back(mark->default_value->Clone());
    BoundExprPtr seen = MakeNode(BoundKind::kArrayComparison, Type{TypeId::kBool, -1});
    seen->name = "=";
    seen->function = RecordComparisonFunction("=");
    seen->args.push_back(MakeRowOf(cte, columns, nullptr, row));
    seen->args.push_back(MakeColumn(path_column, path_type));
    BoundExprPtr choice = MakeNode(BoundKind::kCase, mark->type);
    choice->args.push_back(std::move(seen));
    choice->args.push_back(mark->value->Clone());
    choice->args.push_back(mark->default_value->Clone());
    right->targets.push_back(std::move(choice));
    // The path: ARRAY[ROW(columns)] first; then path || ARRAY[ROW(columns)].
    left->targets.push_back(MakeArrayOf(MakeRowOf(cte, columns, nullptr, row)));
    right->targets.push_back(MakeAppend(MakeColumn(path_column, path_type), MakeRowOf(cte, columns, nullptr, row)));
    for (BoundQuery* term : {left.get(), right.get()}) {
      term->target_names.push_back(item.cycle->mark_column);
      term->target_names.push_back(item.cycle->path_column);
    }
    // Rows found on a cycle are not followed: WHERE mark <> value.
    right->where = BindComparison("<>", MakeColumn(mark_column, mark->type), mark->value->Clone(), -1, context);
  }
  left->visible_targets = left->targets.size();
  right->visible_targets = right->targets.size();

  for (size_t j = width; j < cte.column_names.size(); ++j) {
    query.input_types.push_back(cte.column_types[j]);
    query.input_names.push_back(cte.column_names[j]);
    query.targets.push_back(MakeColumn(j, cte.column_types[j]));
    query.target_names.push_back(cte.column_names[j]);
  }
  query.visible_targets = query.targets.size();
  query.left = std::move(left);
  query.right = std::move(right);
}

}  // namespace granary::planner
