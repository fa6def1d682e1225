// SelectBinder: FROM items that name something (tables, WITH items, system views, views,
// sequences), their aliases and column lists, and the query scope they build.
#include "planner/analyze/select_binder.hpp"

#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/table_estimates.hpp"
#include "planner/analyze/view_context.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/grouping.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/locking.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "planner/analyze/sql_function_binder.hpp"
#include "planner/analyze/table_sample.hpp"
#include "planner/plan.hpp"

namespace granary::planner {

using types::Type;
using types::TypeId;

void SelectBinder::BindFrom() {
  for (const parser::TableRefPtr& item : select_.from) {
    query_->from.push_back(BindFromItem(*item));
  }
}

std::unique_ptr<BoundFromItem> SelectBinder::BindFromItem(const parser::TableRef& ref) {
  auto item = std::make_unique<BoundFromItem>();
  item->column_offset = query_->input_types.size();
  switch (ref.kind) {
    case parser::TableRefKind::kRelation: {
      const auto& range = ref.As<parser::RangeVar>();
      if (&range != modify_target_) {
        if (std::optional<CteLookup> found = FindCte(range, context_)) {
          if (range.sample) RefuseTableSample(ref.location, context_);
          BindCteReference(range, *found, *item);
          break;
        }
      }
      if (BindSystemView(range, *item)) {
        if (range.sample) RefuseTableSample(ref.location, context_);
        break;
      }
      item->kind = BoundFromItem::Kind::kTable;
      // Tables a locking clause reaches are locked ROW SHARE, as PostgreSQL does.
      const bool row_locked =
          !LocksReaching(select_.locking, pushed_locks_, range.alias ? range.alias->name : range.name).empty();
      try {
        item->table = LookupTable(range, context_,
                                  row_locked ? storage::LockMode::kRowShare : storage::LockMode::kAccessShare,
                                  true);
      } catch (Error& error) {
        if (error.sqlstate() == sqlstate::kUndefinedTable && NamesHiddenCte(range, context_)) {
          error.WithDetail("There is a WITH item named \"" + range.name +
                           "\", but it cannot be referenced from this part of the query.")
              .WithHint("Use WITH RECURSIVE, or re-order the WITH items to remove forward references.");
        }
        throw;
      }
      if (range.sample && (item->table.kind == 'v' || item->table.kind == 'S')) RefuseTableSample(ref.location, context_);
      if (item->table.kind == 'v') {
        BindView(range, *item);
        break;
      }
      if (item->table.kind == 'S') {
        BindSequence(range, *item);
        break;
      }
      // A materialized view is read as the table that holds its rows, once it has some.
      if (item->table.kind == 'm' && !item->table.populated) {
        throw Error(sqlstate::kObjectNotInPrerequisiteState,
                    "materialized view \"" + item->table.name + "\" has not been populated")
            .WithHint("Use the REFRESH MATERIALIZED VIEW command.");
      }
      // A sampled table is read by a sample scan, never through an index.
      if (!range.sample) item->indexes = BindIndexes(item->table, context_);
      BindTableEstimates(*item, context_);
      ScopeEntry entry;
      entry.alias = range.alias ? range.alias->name : range.name;
      if (range.alias) entry.hidden_name = range.name;
      entry.schema = item->table.schema_name;
      for (const catalog::ColumnSchema& column : item->table.columns) {
        entry.column_names.push_back(column.name);
        entry.column_types.push_back(column.type);
      }
      if (range.alias) RenameColumns(entry, *range.alias, ref.location);
      // The system columns (kTableSystemColumns): ctid, the row's tuple id, which UPDATE and
      // DELETE act on, and the row version's xmin and xmax.
      entry.column_names.push_back("ctid");
      entry.column_types.push_back(Type{TypeId::kTid, -1});
      entry.column_names.push_back("xmin");
      entry.column_types.push_back(Type{TypeId::kXid, -1});
      entry.column_names.push_back("xmax");
      entry.column_types.push_back(Type{TypeId::kXid, -1});
      entry.system_columns = kTableSystemColumns;
      item->alias = entry.alias;
      item->column_names = entry.column_names;
      item->system_columns = kTableSystemColumns;
      AddToScope(std::move(entry));
      if (range.sample) {
        // Bound as functions in FROM are: the FROM items are not visible to the arguments.
        ExprBinder from_binder = MakeBinder(scope_, nullptr, "");
        from_binder.SetFromVisibility(ExprBinder::FromVisibility::kHidden);
        Scope empty;
        std::vector<BoundExprPtr> outer_values;
        ExprBinder binder(context_, empty, nullptr, "functions in FROM");
        binder.SetOuter(&from_binder, &outer_values);
        item->sample = BindTableSample(*range.sample, binder, context_);
        if (!outer_values.empty()) {
          throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                                 "TABLESAMPLE arguments that read columns of an enclosing query are not supported",
                                 range.sample->location);
        }
      }
      break;
    }
    case parser::TableRefKind::kSubquery: {
      const auto& subquery = ref.As<parser::SubqueryRef>();
      if (!subquery.alias) {
        throw context_.ErrorAt(sqlstate::kSyntaxError, "subquery in FROM must have an alias",
                               ref.location);
      }
      item->kind = BoundFromItem::Kind::kSubquery;
      // The FROM items before this one are visible to a LATERAL subquery; references to
      // them from any other raise PostgreSQL's errors (ExprBinder::FromVisibility).
      ExprBinder from_binder = MakeBinder(scope_, nullptr, "");
      if (subquery.lateral) {
        from_binder.SetFromVisibility(ExprBinder::FromVisibility::kVisible, wrong_join_columns_);
      } else {
        from_binder.SetFromVisibility(ExprBinder::FromVisibility::kHidden);
      }
      item->subquery = SelectBinder(*subquery.select, context_, &from_binder, &item->lateral_args,
                                    LocksReaching(select_.locking, pushed_locks_, subquery.alias->name))
                           .Bind();
      ResolveUnknownOutputs(*item->subquery, context_);
      ScopeEntry entry;
      entry.alias = subquery.alias->name;
      entry.column_names = item->subquery->OutputNames();
      entry.column_types = item->subquery->OutputTypes();
      RenameColumns(entry, *subquery.alias, ref.location);
      item->alias = entry.alias;
      item->column_names = entry.column_names;
      AddToScope(std::move(entry));
      break;
    }
    case parser::TableRefKind::kJoin: BindJoin(ref.As<parser::JoinRef>(), *item); break;
    case parser::TableRefKind::kFunction: BindFunction(ref.As<parser::FunctionRef>(), *item); break;
  }
  item->column_count = query_->input_types.size() - item->column_offset;
  return item;
}

// A WITH item, or the work table of the recursive item being bound: the item's columns,
// renamed by an alias.
void SelectBinder::BindCteReference(const parser::RangeVar& range, const CteLookup& found, BoundFromItem& item) {
  item.kind = found.work_table ? BoundFromItem::Kind::kWorkTable : BoundFromItem::Kind::kCte;
  if (found.cte->modifying && !found.cte->has_returning) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "WITH query \"" + found.cte->name + "\" does not have a RETURNING clause",
                           range.location);
  }
  item.cte = found.cte;
  if (!found.work_table) ++found.cte->references;
  ScopeEntry entry;
  entry.alias = range.alias ? range.alias->name : range.name;
  if (range.alias) entry.hidden_name = range.name;
  entry.column_names = found.cte->column_names;
  entry.column_types = found.cte->column_types;
  if (range.alias) RenameColumns(entry, *range.alias, range.location);
  if (found.work_table) {
    entry.system_columns = found.cte->search_cycle_columns;
    item.system_columns = found.cte->search_cycle_columns;
  }
  item.alias = entry.alias;
  item.column_names = entry.column_names;
  AddToScope(std::move(entry));
}

// A pg_catalog or information_schema view (catalog/system_views.hpp): its rows are
// computed when the scan starts. Returns false when `range` names no system view.
bool SelectBinder::BindSystemView(const parser::RangeVar& range, BoundFromItem& item) {
  CheckDatabaseName(range.catalog, range.schema, range.name, context_, range.location);
  const std::optional<catalog::SystemView> view = catalog::FindSystemView(range.schema, range.name);
  if (!view) return false;
  item.kind = BoundFromItem::Kind::kSystemView;
  item.system_view = *view;
  item.table = catalog::SystemViewSchema(*view);
  ScopeEntry entry;
  entry.alias = range.alias ? range.alias->name : range.name;
  if (range.alias) entry.hidden_name = range.name;
  entry.schema = item.table.schema_name;
  for (const catalog::ColumnSchema& column : item.table.columns) {
    entry.column_names.push_back(column.name);
    entry.column_types.push_back(column.type);
  }
  if (range.alias) RenameColumns(entry, *range.alias, range.location);
  item.alias = entry.alias;
  item.column_names = entry.column_names;
  AddToScope(std::move(entry));
  return true;
}

// A sequence in FROM is one row, its state (last_value, log_cnt, is_called), read when the
// statement runs: a VALUES row of kSequenceCall reads, bound as a subquery.
void SelectBinder::BindSequence(const parser::RangeVar& range, BoundFromItem& item) {
  const catalog::TableSchema sequence = std::move(item.table);
  auto query = std::make_unique<BoundQuery>();
  const std::string qualified =
      QuoteIdentifier(sequence.schema_name) + "." + QuoteIdentifier(sequence.name);
  std::vector<BoundExprPtr> row;
  ScopeEntry entry;
  entry.alias = range.alias ? range.alias->name : sequence.name;
  if (range.alias) entry.hidden_name = sequence.name;
  entry.schema = sequence.schema_name;
  for (size_t i = 0; i < sequence.columns.size(); ++i) {
    const catalog::ColumnSchema& column = sequence.columns[i];
    auto read = std::make_unique<BoundExpr>();
    read->kind = BoundKind::kSequenceCall;
    read->type = column.type;
    read->name = column.name;
    read->args.push_back(MakeConstant(types::Value::Text(qualified), Type{TypeId::kText, -1}));
    row.push_back(std::move(read));
    query->input_types.push_back(column.type);
    query->input_names.push_back(column.name);
    query->targets.push_back(MakeColumn(i, column.type));
    query->target_names.push_back(column.name);
    entry.column_names.push_back(column.name);
    entry.column_types.push_back(column.type);
  }
  query->values_rows.push_back(std::move(row));
  query->visible_targets = sequence.columns.size();
  item.kind = BoundFromItem::Kind::kSubquery;
  item.subquery = std::move(query);
  if (range.alias) RenameColumns(entry, *range.alias, range.location);
  item.alias = entry.alias;
  item.column_names = entry.column_names;
  AddToScope(std::move(entry));
}

// A view in FROM is its stored query, bound as a subquery named like the view.
void SelectBinder::BindView(const parser::RangeVar& range, BoundFromItem& item) {
  const catalog::TableSchema view = std::move(item.table);
  std::vector<parser::StmtPtr> parsed = parser::Parse(view.view_definition);
  item.kind = BoundFromItem::Kind::kSubquery;
  ViewContext view_binding(view, context_);
  AnalyzeContext& view_context = view_binding.context;
  ScopeEntry entry;
  entry.alias = range.alias ? range.alias->name : view.name;
  if (range.alias) entry.hidden_name = view.name;
  item.subquery = SelectBinder(parsed.front()->As<parser::SelectStmt>(), view_context, nullptr,
                               nullptr, LocksReaching(select_.locking, pushed_locks_, entry.alias))
                      .Bind();
  entry.schema = view.schema_name;
  const std::vector<Type> types = item.subquery->OutputTypes();
  for (size_t i = 0; i < view.columns.size() && i < types.size(); ++i) {
    entry.column_names.push_back(view.columns[i].name);
    entry.column_types.push_back(types[i]);
  }
  if (range.alias) RenameColumns(entry, *range.alias, range.location);
  item.alias = entry.alias;
  item.column_names = entry.column_names;
  AddToScope(std::move(entry));
}

// The columns `SELECT *` shows for a FROM item, as PostgreSQL expands them: a USING join
// shows its merged columns first, then the other columns of each side.
std::vector<std::pair<BoundExprPtr, std::string>> SelectBinder::ExpandItem(const BoundFromItem& item) {
  std::vector<std::pair<BoundExprPtr, std::string>> columns;
  if (item.kind != BoundFromItem::Kind::kJoin) {
    for (size_t i = 0; i + item.system_columns < item.column_count; ++i) {
      const size_t index = item.column_offset + i;
      columns.emplace_back(MakeColumn(index, query_->input_types[index]), item.column_names[i]);
    }
    return columns;
  }
  auto is_merged = [&](const std::string& name) {
    for (const auto& [merged_name, expr] : item.merged_columns) {
      if (merged_name == name) return true;
    }
    return false;
  };
  for (const auto& [name, expr] : item.merged_columns) columns.emplace_back(expr->Clone(), name);
  for (const BoundFromItem* side : {item.left.get(), item.right.get()}) {
    for (auto& column : ExpandItem(*side)) {
      if (!is_merged(column.second)) columns.push_back(std::move(column));
    }
  }
  // An aliased JOIN's columns go by the alias's names (ExposeJoinAlias).
  for (size_t i = 0; i < item.column_names.size() && i < columns.size(); ++i) columns[i].second = item.column_names[i];
  return columns;
}

void SelectBinder::RenameColumns(ScopeEntry& entry, const parser::Alias& alias, int /*location: unused, see below*/) {
  if (alias.column_names.size() > entry.column_names.size()) {
    // Without a position, as PostgreSQL reports it.
    throw Error(sqlstate::kInvalidColumnReference,
                "table \"" + alias.name + "\" has " + std::to_string(entry.column_names.size()) +
                    " columns available but " + std::to_string(alias.column_names.size()) +
                    " columns specified");
  }
  for (size_t i = 0; i < alias.column_names.size(); ++i) {
    entry.column_names[i] = alias.column_names[i];
  }
}

void SelectBinder::AddToScope(ScopeEntry entry) {
  RequireFreeAlias(entry.alias);
  entry.offset = query_->input_types.size();
  for (size_t i = 0; i < entry.column_names.size(); ++i) {
    query_->input_types.push_back(entry.column_types[i]);
    query_->input_names.push_back(entry.alias + "." + entry.column_names[i]);
  }
  scope_.Add(std::move(entry));
}

}  // namespace granary::planner
