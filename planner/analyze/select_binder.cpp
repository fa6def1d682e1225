// Binding of SELECT and VALUES.
#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/table_estimates.hpp"
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

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

class SelectBinder {
 public:
  SelectBinder(const parser::SelectStmt& select, AnalyzeContext& context, ExprBinder* outer,
               std::vector<BoundExprPtr>* outer_arguments, std::vector<PushedLock> pushed = {})
      : select_(select),
        context_(context),
        query_(std::make_unique<BoundQuery>()),
        outer_(outer),
        outer_arguments_(outer_arguments),
        pushed_locks_(std::move(pushed)) {}

  // UPDATE/DELETE row source: the target table first, then the other FROM items.
  std::unique_ptr<BoundQuery> BindModify(const parser::RangeVar& target,
                                         const std::vector<parser::TableRefPtr>& from,
                                         const parser::Expr* where, const ModifyTargets& make_targets,
                                         const ExposeTarget& expose_target) {
    modify_target_ = &target;  // always the table: a WITH item of its name does not hide it
    query_->from.push_back(BindFromItem(target));
    BoundExprPtr target_condition = expose_target ? expose_target(scope_) : nullptr;
    for (const parser::TableRefPtr& item : from) query_->from.push_back(BindFromItem(*item));
    if (where) {
      ExprBinder binder = MakeBinder(scope_, nullptr, "WHERE");
      query_->where = binder.BindCondition(*where, "WHERE");
    }
    if (target_condition && query_->where) {
      auto both = std::make_unique<BoundExpr>();
      both->kind = BoundKind::kAnd;
      both->type = Type{TypeId::kBool, -1};
      both->args.push_back(std::move(target_condition));
      both->args.push_back(std::move(query_->where));
      query_->where = std::move(both);
    } else if (target_condition) {
      query_->where = std::move(target_condition);
    }
    ExprBinder binder = MakeBinder(scope_, nullptr, "RETURNING");
    make_targets(*query_, binder);
    query_->visible_targets = query_->targets.size();
    return std::move(query_);
  }

  std::unique_ptr<BoundQuery> Bind() {
    if (select_.into && &select_ != context_.select_into) {
      throw context_.ErrorAt(sqlstate::kSyntaxError, "SELECT ... INTO is not allowed here",
                             select_.into->location);
    }
    const WithBinding with(select_.with.get(), context_, outer_, outer_arguments_);
    if (select_.set_op != parser::SetOperation::kNone) {
      BindSetOperation();
    } else if (!select_.values.empty()) {
      BindValues();
    } else {
      BindFrom();
      BindWhere();
      BindTargets();
    }
    BindOrderBy();
    // Before the grouping checks, as PostgreSQL's transformLockingClause precedes
    // parseCheckAggregates.
    BindRowMarks(select_.locking, pushed_locks_, *query_, context_);
    if (query_->aggregated) {
      AddFunctionallyDependentKeys(*query_, context_);
      MoveOntoAggregateOutput();
    }
    ResolveWindowRefs();
    BindLimit();
    query_->modifying_ctes = with.modifying_ctes();
    return std::move(query_);
  }

 private:
  // ---- UNION / INTERSECT / EXCEPT

  void BindSetOperation() {
    static const char* kNames[] = {"", "UNION", "INTERSECT", "EXCEPT"};
    const char* name = kNames[static_cast<int>(select_.set_op)];
    RejectLockingInSetOperation(select_);
    if (select_.right->into) {
      throw context_.ErrorAt(sqlstate::kSyntaxError,
                             "INTO is only allowed on first SELECT of UNION/INTERSECT/EXCEPT",
                             select_.right->into->location);
    }
    query_->set_op = select_.set_op;
    query_->set_all = select_.all;
    query_->left = BindSelect(*select_.left, context_, outer_, outer_arguments_);
    query_->right = BindSelect(*select_.right, context_, outer_, outer_arguments_);
    BoundQuery& left = *query_->left;
    BoundQuery& right = *query_->right;
    if (left.visible_targets != right.visible_targets) {
      throw context_.ErrorAt(sqlstate::kSyntaxError,
                             std::string("each ") + name + " query must have the same number of columns",
                             select_.right->location);
    }
    ScopeEntry entry;
    entry.alias = "*SELECT*";
    for (size_t i = 0; i < left.visible_targets; ++i) {
      // Both sides are coerced to the column's common type, as PostgreSQL resolves UNION.
      std::vector<BoundExprPtr> pair;
      pair.push_back(std::move(left.targets[i]));
      pair.push_back(std::move(right.targets[i]));
      Type type = CoerceToCommonType(pair, name, context_);
      if (type.id == TypeId::kUnknown) type = Type{TypeId::kText, -1};
      type.collation = SetOperationCollation(*pair[0], *pair[1], context_);
      left.targets[i] = std::move(pair[0]);
      right.targets[i] = std::move(pair[1]);
      entry.column_names.push_back(left.target_names[i]);
      entry.column_types.push_back(type);
      query_->input_types.push_back(type);
      query_->input_names.push_back(left.target_names[i]);
      query_->targets.push_back(MakeColumn(i, type));
      query_->target_names.push_back(left.target_names[i]);
    }
    query_->visible_targets = query_->targets.size();
    scope_.Add(std::move(entry));
  }

  // Every SELECT of a set operation's tree (PostgreSQL's transformSetOperationTree): 0A000
  // `FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT` for a locking clause on any.
  void RejectLockingInSetOperation(const parser::SelectStmt& select) {
    if (!select.locking.empty()) {
      throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                             std::string(parser::LockStrengthName(select.locking.front().strength)) +
                                 " is not allowed with UNION/INTERSECT/EXCEPT",
                             -1);
    }
    if (select.set_op == parser::SetOperation::kNone) return;
    RejectLockingInSetOperation(*select.left);
    RejectLockingInSetOperation(*select.right);
  }

  // ---- FROM

  void BindFrom() {
    for (const parser::TableRefPtr& item : select_.from) {
      query_->from.push_back(BindFromItem(*item));
    }
  }

  std::unique_ptr<BoundFromItem> BindFromItem(const parser::TableRef& ref) {
    auto item = std::make_unique<BoundFromItem>();
    item->column_offset = query_->input_types.size();
    switch (ref.kind) {
      case parser::TableRefKind::kRelation: {
        const auto& range = ref.As<parser::RangeVar>();
        if (&range != modify_target_) {
          if (std::optional<CteLookup> found = FindCte(range, context_)) {
            BindCteReference(range, *found, *item);
            break;
          }
        }
        if (BindSystemView(range, *item)) break;
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
        if (item->table.kind == 'v') {
          BindView(range, *item);
          break;
        }
        if (item->table.kind == 'S') {
          BindSequence(range, *item);
          break;
        }
        item->indexes = BindIndexes(item->table, context_);
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
        // The system column ctid: the row's tuple id, which UPDATE and DELETE act on.
        entry.column_names.push_back("ctid");
        entry.column_types.push_back(Type{TypeId::kTid, -1});
        entry.system_columns = 1;
        item->alias = entry.alias;
        item->column_names = entry.column_names;
        item->system_columns = 1;
        AddToScope(std::move(entry));
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
        from_binder.SetFromVisibility(subquery.lateral ? lateral_visibility_
                                                       : ExprBinder::FromVisibility::kHidden);
        item->subquery = SelectBinder(*subquery.select, context_, &from_binder, &item->lateral_args,
                                      LocksReaching(select_.locking, pushed_locks_, subquery.alias->name))
                             .Bind();
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
  void BindCteReference(const parser::RangeVar& range, const CteLookup& found, BoundFromItem& item) {
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
  bool BindSystemView(const parser::RangeVar& range, BoundFromItem& item) {
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

  // A function in FROM: generate_series over integers (int4, or int8 when an argument is).
  // Its single column is named like the function, or like the alias when the alias gives no
  // column names, as PostgreSQL names a scalar function's column.
  void BindFunction(const parser::FunctionRef& ref, BoundFromItem& item) {
    const auto& call = ref.call->As<parser::FuncCallExpr>();
    const std::string name = call.name.back();
    std::vector<Type> arg_types;
    // Functions in FROM are implicitly LATERAL: the arguments may read the FROM items
    // before this one (and an enclosing query's row); those values become lateral_args.
    ExprBinder from_binder = MakeBinder(scope_, nullptr, "");
    from_binder.SetFromVisibility(lateral_visibility_);
    Scope empty;
    ExprBinder binder(context_, empty, nullptr, "functions in FROM");
    binder.SetOuter(&from_binder, &item.lateral_args);
    std::vector<BoundExprPtr> args;
    for (const parser::ExprPtr& arg : call.args) args.push_back(binder.Bind(*arg));
    if (name == "unnest" && call.name.size() <= 2 && !args.empty()) {
      BindUnnest(ref, item, std::move(args));
      return;
    }
    if (const JsonSetFunction* json = FindJsonSetFunction(name); json && call.name.size() <= 2) {
      BindJsonSetFunction(ref, item, *json, std::move(args));
      return;
    }
    bool integers = name == "generate_series" && (args.size() == 2 || args.size() == 3) &&
                    call.name.size() <= 2;
    bool wide = false;
    for (const BoundExprPtr& arg : args) {
      const TypeId id = arg->type.id;
      if (id == TypeId::kInt8) wide = true;
      if (id != TypeId::kInt2 && id != TypeId::kInt4 && id != TypeId::kInt8 && id != TypeId::kUnknown) {
        integers = false;
      }
    }
    if (!integers && BindUserFunctionItem(ref, call, item)) return;
    if (!integers) {
      std::string signature = name + "(";
      for (size_t i = 0; i < args.size(); ++i) {
        signature += (i > 0 ? ", " : "") + types::FormatType(args[i]->type.id == TypeId::kUnknown
                                                                  ? Type{TypeId::kText, -1} : args[i]->type);
      }
      throw context_.ErrorAt(sqlstate::kUndefinedFunction,
                             "function " + signature + ") does not exist", ref.location)
          .WithHint(name == "generate_series"
                        ? "Only generate_series over integers is supported in FROM yet."
                        : "Only generate_series is supported as a function in FROM yet.");
    }
    const Type type{wide ? TypeId::kInt8 : TypeId::kInt4, -1};
    item.kind = BoundFromItem::Kind::kFunction;
    item.function_name = name;
    item.function_type = type;
    for (BoundExprPtr& arg : args) {
      item.function_args.push_back(Coerce(std::move(arg), type, types::CastContext::kImplicit, context_));
    }
    ScopeEntry entry;
    entry.alias = ref.alias ? ref.alias->name : name;
    entry.column_names = {ref.alias && ref.alias->column_names.empty() ? ref.alias->name : name};
    entry.column_types = {type};
    if (ref.alias && !ref.alias->column_names.empty()) RenameColumns(entry, *ref.alias, ref.location);
    item.alias = entry.alias;
    item.column_names = entry.column_names;
    AddToScope(std::move(entry));
  }

  // A user-defined SQL function in FROM (sql_function_binder.hpp): a LATERAL subquery over
  // its body whose outer values, the call's arguments, read the FROM items before it. Its
  // columns are the OUT / TABLE columns, or one named like the function (or the alias).
  // False when no user function takes the arguments.
  bool BindUserFunctionItem(const parser::FunctionRef& ref, const parser::FuncCallExpr& call, BoundFromItem& item) {
    item.lateral_args.clear();
    ExprBinder binder = MakeBinder(scope_, nullptr, "functions in FROM");
    binder.SetFromVisibility(lateral_visibility_);
    std::vector<BoundExprPtr> args;
    for (const parser::ExprPtr& arg : call.args) args.push_back(binder.Bind(*arg));
    const std::string schema = call.name.size() > 1 ? call.name[call.name.size() - 2] : "";
    std::optional<UserFunctionCall> resolved = ResolveUserFunction(schema, call.name.back(), args, ref.location, context_);
    if (!resolved) return false;
    const catalog::FunctionSchema& function = resolved->function;
    item.kind = BoundFromItem::Kind::kSubquery;
    item.lateral_args = std::move(resolved->args);
    item.subquery = BindFunctionBody(function, context_, false);
    ScopeEntry entry;
    entry.alias = ref.alias ? ref.alias->name : function.name;
    const auto columns = function.OutputColumns();
    if (columns.size() == 1 && !columns.front().first.empty()) {
      entry.column_names = {columns.front().first};
    } else if (!function.ReturnsRecord()) {
      entry.column_names = {ref.alias && ref.alias->column_names.empty() ? ref.alias->name : function.name};
    } else {
      for (const auto& column : columns) entry.column_names.push_back(column.first);
    }
    entry.column_types = item.subquery->OutputTypes();
    entry.column_names.resize(entry.column_types.size());
    if (ref.alias && !ref.alias->column_names.empty()) RenameColumns(entry, *ref.alias, ref.location);
    item.alias = entry.alias;
    item.column_names = entry.column_names;
    AddToScope(std::move(entry));
    return true;
  }

  // unnest(array [, array ...]) in FROM: one column per array, of its element type, named
  // unnest (or by the alias); rows up to the longest array, shorter ones padded with NULLs.
  void BindUnnest(const parser::FunctionRef& ref, BoundFromItem& item, std::vector<BoundExprPtr> args) {
    ScopeEntry entry;
    entry.alias = ref.alias ? ref.alias->name : "unnest";
    for (BoundExprPtr& arg : args) {
      if (!types::IsArray(arg->type.id)) {
        throw context_.ErrorAt(sqlstate::kUndefinedFunction,
                               "function unnest(" +
                                   (arg->type.id == TypeId::kUnknown ? std::string("unknown")
                                                                     : types::FormatType(arg->type)) +
                                   ") does not exist",
                               ref.location)
            .WithHint(kNoFunctionMatchesHint);
      }
      const Type element{*types::ElementTypeOf(arg->type.id), arg->type.typmod};
      entry.column_names.push_back(args.size() == 1 && ref.alias && ref.alias->column_names.empty()
                                       ? ref.alias->name
                                       : "unnest");
      entry.column_types.push_back(element);
      item.function_args.push_back(std::move(arg));
    }
    item.kind = BoundFromItem::Kind::kFunction;
    item.function_name = "unnest";
    item.function_type = entry.column_types.front();
    if (ref.alias && !ref.alias->column_names.empty()) RenameColumns(entry, *ref.alias, ref.location);
    item.alias = entry.alias;
    item.column_names = entry.column_names;
    item.function_column_types = entry.column_types;
    AddToScope(std::move(entry));
  }

  // A json set-returning function in FROM: unnest over the arrays of its columns (one for
  // json(b)_array_elements and json(b)_object_keys, key and value for json(b)_each), named
  // as PostgreSQL names them ("value", "key"; a scalar result like its function or alias).
  void BindJsonSetFunction(const parser::FunctionRef& ref, BoundFromItem& item,
                           const JsonSetFunction& json, std::vector<BoundExprPtr> args) {
    if (args.size() != 1) {
      std::string signature = std::string(json.name) + "(";
      for (size_t i = 0; i < args.size(); ++i) {
        signature += (i > 0 ? ", " : "") + (args[i]->type.id == TypeId::kUnknown
                                                ? std::string("unknown")
                                                : types::FormatType(args[i]->type));
      }
      throw context_.ErrorAt(sqlstate::kUndefinedFunction, "function " + signature + ") does not exist",
                             ref.location)
          .WithHint(kNoFunctionMatchesHint);
    }
    ScopeEntry entry;
    entry.alias = ref.alias ? ref.alias->name : std::string(json.name);
    for (size_t i = 0; i < json.columns.size(); ++i) {
      std::string column(json.columns[i]);
      if (column.empty()) column = ref.alias && ref.alias->column_names.empty() ? ref.alias->name : std::string(json.name);
      entry.column_names.push_back(column);
      entry.column_types.push_back(Type{json.column_types[i], -1});
    }
    item.function_args = JsonSetArrays(json, std::move(args[0]), ref.location, context_);
    item.kind = BoundFromItem::Kind::kFunction;
    item.function_name = "unnest";
    item.function_type = entry.column_types.front();
    if (ref.alias && !ref.alias->column_names.empty()) RenameColumns(entry, *ref.alias, ref.location);
    item.alias = entry.alias;
    item.column_names = entry.column_names;
    item.function_column_types = entry.column_types;
    AddToScope(std::move(entry));
  }

  // A sequence in FROM is one row, its state (last_value, log_cnt, is_called), read when the
  // statement runs: a VALUES row of kSequenceCall reads, bound as a subquery.
  void BindSequence(const parser::RangeVar& range, BoundFromItem& item) {
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
  void BindView(const parser::RangeVar& range, BoundFromItem& item) {
    const catalog::TableSchema view = std::move(item.table);
    std::vector<parser::StmtPtr> parsed = parser::Parse(view.view_definition);
    item.kind = BoundFromItem::Kind::kSubquery;
    AnalyzeContext view_context{context_.catalog, context_.snapshot, view.view_definition,
                                context_.param_types};
    // The tables the view reads are locked like the view (PostgreSQL's AcquireRewriteLocks),
    // so that no DROP or TRUNCATE of them runs while the statement reads them.
    view_context.locks = context_.locks;
    view_context.search_path = context_.search_path;
    catalog::SearchPath view_path;
    if (view.view_search_path) {
      view_path = catalog::SearchPath::FromSetting(*view.view_search_path, "");
      view_context.search_path = &view_path;
    }
    view_context.database = context_.database;
    view_context.relation_cache = context_.relation_cache;
    view_context.catalog_version = context_.catalog_version;
    view_context.locks_taken = context_.locks_taken;
    view_context.statement_nesting = 1;  // a view's WITH is never the top-level statement's
    view_context.key_dependencies = context_.key_dependencies;
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

  void BindJoin(const parser::JoinRef& join, BoundFromItem& item) {
    item.kind = BoundFromItem::Kind::kJoin;
    item.join_type = join.join_type;
    if (join.alias) item.alias = join.alias->name;  // names it for FOR UPDATE OF only
    item.left = BindFromItem(*join.left);
    // A LATERAL item on the right of RIGHT or FULL JOIN must not read the left side (42P10).
    const ExprBinder::FromVisibility visibility = lateral_visibility_;
    if (join.join_type == parser::JoinType::kRight || join.join_type == parser::JoinType::kFull) {
      lateral_visibility_ = ExprBinder::FromVisibility::kWrongJoin;
    }
    item.right = BindFromItem(*join.right);
    lateral_visibility_ = visibility;
    RejectWorkTableOnNullableSide(item);

    std::vector<std::string> using_columns = join.using_columns;
    if (join.natural) {
      // NATURAL: every column name the two sides share, in the left side's order.
      const std::vector<std::pair<BoundExprPtr, std::string>> left = ExpandItem(*item.left);
      const std::vector<std::pair<BoundExprPtr, std::string>> right = ExpandItem(*item.right);
      for (const auto& [expr, name] : left) {
        for (const auto& [right_expr, right_name] : right) {
          if (right_name == name) {
            using_columns.push_back(name);
            break;
          }
        }
      }
    }
    ExprBinder binder = MakeBinder(scope_, nullptr, "JOIN conditions");
    if (join.condition) item.condition = binder.BindCondition(*join.condition, "JOIN/ON");
    if (using_columns.empty()) return;

    auto all = std::make_unique<BoundExpr>();
    all->kind = BoundKind::kAnd;
    all->type = Type{TypeId::kBool, -1};
    for (const std::string& name : using_columns) {
      BoundExprPtr left = SideColumn(*item.left, name, join.location, "left");
      BoundExprPtr right = SideColumn(*item.right, name, join.location, "right");
      BoundExprPtr comparison =
          BindComparison("=", left->Clone(), right->Clone(), join.location, context_);
      // The merged column, typed like the comparison (the two sides' common type, as in
      // PostgreSQL): COALESCE of both sides for FULL JOIN, else the preserved side.
      BoundExprPtr merged;
      if (item.join_type == parser::JoinType::kFull) {
        merged = std::make_unique<BoundExpr>();
        merged->kind = BoundKind::kCoalesce;
        merged->type = comparison->args[0]->type;
        merged->args.push_back(comparison->args[0]->Clone());
        merged->args.push_back(comparison->args[1]->Clone());
      } else {
        merged = comparison->args[item.join_type == parser::JoinType::kRight ? 1 : 0]->Clone();
      }
      for (const BoundExprPtr* side : {&left, &right}) {
        if ((*side)->kind == BoundKind::kColumn) scope_.HideUnqualified((*side)->index);
      }
      scope_.AddMerged(name, *merged);
      item.merged_columns.emplace_back(name, std::move(merged));
      all->args.push_back(std::move(comparison));
    }
    item.condition = all->args.size() == 1 ? std::move(all->args[0]) : std::move(all);
  }

  // A recursive term's work table must not be NULL-extended by an outer join (42P19): its
  // rows would not be the iteration's rows (PostgreSQL's checkWellFormedRecursion).
  void RejectWorkTableOnNullableSide(const BoundFromItem& join) {
    const bool left_nullable = join.join_type == parser::JoinType::kRight || join.join_type == parser::JoinType::kFull;
    const bool right_nullable = join.join_type == parser::JoinType::kLeft || join.join_type == parser::JoinType::kFull;
    for (const auto& [side, nullable] : {std::pair{join.left.get(), left_nullable}, std::pair{join.right.get(), right_nullable}}) {
      if (!nullable) continue;
      if (const BoundCte* cte = FindWorkTable(*side)) {
        throw context_.ErrorAt(sqlstate::kInvalidRecursion,
                               "recursive reference to query \"" + cte->name +
                                   "\" must not appear within an outer join",
                               cte->work_table_location);
      }
    }
  }

  static const BoundCte* FindWorkTable(const BoundFromItem& item) {
    if (item.kind == BoundFromItem::Kind::kWorkTable) return item.cte.get();
    if (item.kind != BoundFromItem::Kind::kJoin) return nullptr;
    if (const BoundCte* found = FindWorkTable(*item.left)) return found;
    return FindWorkTable(*item.right);
  }

  // The column `name` of one side of a USING join: a merged column of a nested join, or the
  // single column of that name among the side's columns.
  BoundExprPtr SideColumn(const BoundFromItem& side, const std::string& name, int location,
                          const char* which) {
    BoundExprPtr found;
    for (auto& [expr, column_name] : ExpandItem(side)) {
      if (column_name != name) continue;
      if (found) {
        throw context_.ErrorAt(sqlstate::kAmbiguousColumn,
                               "common column name \"" + name + "\" appears more than once in " +
                                   which + " table",
                               location);
      }
      found = std::move(expr);
    }
    if (!found) {
      throw context_.ErrorAt(sqlstate::kUndefinedColumn,
                             "column \"" + name + "\" specified in USING clause does not exist in " +
                                 which + " table",
                             location);
    }
    return found;
  }

  // The columns `SELECT *` shows for a FROM item, as PostgreSQL expands them: a USING join
  // shows its merged columns first, then the other columns of each side.
  std::vector<std::pair<BoundExprPtr, std::string>> ExpandItem(const BoundFromItem& item) {
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
    return columns;
  }

  void RenameColumns(ScopeEntry& entry, const parser::Alias& alias, int /*location: unused, see below*/) {
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

  void AddToScope(ScopeEntry entry) {
    for (const ScopeEntry& existing : scope_.entries()) {
      if (existing.alias == entry.alias) {
        throw context_.ErrorAt(sqlstate::kDuplicateAlias,
                               "table name \"" + entry.alias + "\" specified more than once", -1);
      }
    }
    entry.offset = query_->input_types.size();
    for (size_t i = 0; i < entry.column_names.size(); ++i) {
      query_->input_types.push_back(entry.column_types[i]);
      query_->input_names.push_back(entry.alias + "." + entry.column_names[i]);
    }
    scope_.Add(std::move(entry));
  }

  // ---- WHERE

  void BindWhere() {
    if (!select_.where) return;
    ExprBinder binder = MakeBinder(scope_, nullptr, "WHERE");
    query_->where = binder.BindCondition(*select_.where, "WHERE");
  }

  // ---- VALUES

  void BindValues() {
    const size_t width = select_.values.front().size();
    std::vector<std::vector<BoundExprPtr>> columns(width);
    Scope empty;
    ExprBinder binder = MakeBinder(empty, nullptr, "VALUES");
    for (const parser::ExprList& row : select_.values) {
      if (row.size() != width) {
        throw context_.ErrorAt(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                               row.empty() ? -1 : row.front()->location);
      }
      for (size_t i = 0; i < width; ++i) columns[i].push_back(binder.Bind(*row[i]));
    }
    for (size_t i = 0; i < width; ++i) {
      const Type type = CoerceToCommonType(columns[i], "VALUES", context_);
      query_->input_types.push_back(type);
      query_->input_names.push_back("column" + std::to_string(i + 1));
    }
    query_->values_rows.resize(select_.values.size());
    for (size_t r = 0; r < select_.values.size(); ++r) {
      for (size_t i = 0; i < width; ++i) query_->values_rows[r].push_back(std::move(columns[i][r]));
    }
    ScopeEntry entry;
    entry.alias = "*VALUES*";
    for (size_t i = 0; i < width; ++i) {
      entry.column_names.push_back("column" + std::to_string(i + 1));
      entry.column_types.push_back(query_->input_types[i]);
      query_->targets.push_back(MakeColumn(i, query_->input_types[i]));
      query_->target_names.push_back(entry.column_names.back());
    }
    query_->visible_targets = width;
    scope_.Add(std::move(entry));
  }

  // ---- select list, GROUP BY, HAVING

  void BindTargets() {
    CheckWindowNames();
    ExprBinder binder = MakeBinder(scope_, &query_->aggregates, "");
    binder.AllowWindows(&query_->windows, &select_.windows);
    for (const parser::ResTarget& target : select_.targets) {
      if (target.expr->kind == parser::ExprKind::kStar) {
        ExpandStar(target.expr->As<parser::StarExpr>(), target.expr->location);
        continue;
      }
      if (target.expr->kind == parser::ExprKind::kFieldSelect &&
          target.expr->As<parser::FieldSelectExpr>().star) {
        for (auto& [field, name] : binder.BindSelectFieldStar(target.expr->As<parser::FieldSelectExpr>())) {
          query_->targets.push_back(std::move(field));
          query_->target_names.push_back(name);
        }
        continue;
      }
      query_->targets.push_back(binder.BindSelectTarget(*target.expr));
      query_->target_names.push_back(target.alias.empty() ? FigureColumnName(*target.expr)
                                                           : target.alias);
    }
    query_->visible_targets = query_->targets.size();
    query_->distinct = select_.distinct && select_.distinct_on.empty();
    if (query_->distinct) {
      for (size_t i = 0; i < query_->targets.size(); ++i) {
        RequireOperator(query_->targets[i]->type.id, "equality", query_->targets[i]->location);
      }
    }

    try {
      BindGroupBy();
    } catch (const Error& error) {
      if (error.sqlstate() == sqlstate::kAmbiguousColumn) ReportOrderByAmbiguity();
      throw;
    }
    if (select_.having) {
      ExprBinder having_binder = MakeBinder(scope_, &query_->aggregates, "HAVING");
      query_->having = having_binder.BindCondition(*select_.having, "HAVING");
    }
    query_->aggregated = !query_->aggregates.empty() || !select_.group_by.empty() ||
                         query_->having != nullptr || ContainsGrouping();
    for (size_t i = 0; i < select_.windows.size(); ++i) binder.CheckWindowDefinition(i);
  }

  // 42P20 for a name the WINDOW clause defines twice.
  void CheckWindowNames() {
    for (size_t i = 0; i < select_.windows.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (select_.windows[j].name == select_.windows[i].name) {
          throw context_.ErrorAt(sqlstate::kWindowingError,
                                 "window \"" + select_.windows[i].name + "\" is already defined",
                                 select_.windows[i].location);
        }
      }
    }
  }

  void ExpandStar(const parser::StarExpr& star, int location) {
    if (star.qualifier.empty()) {
      if (query_->from.empty()) {
        throw context_.ErrorAt(sqlstate::kSyntaxError,
                               "SELECT * with no tables specified is not valid", location);
      }
      for (const auto& item : query_->from) {
        for (auto& [expr, name] : ExpandItem(*item)) {
          expr->location = location;
          query_->targets.push_back(std::move(expr));
          query_->target_names.push_back(name);
        }
      }
      return;
    }
    const ScopeEntry* entry = scope_.FindEntry(star.qualifier.back());
    if (!entry) {
      throw context_.ErrorAt(sqlstate::kUndefinedTable,
                             "missing FROM-clause entry for table \"" + star.qualifier.back() + "\"",
                             location);
    }
    for (size_t i = 0; i + entry->system_columns < entry->column_names.size(); ++i) {
      auto column = MakeColumn(entry->offset + i, entry->column_types[i]);
      column->location = location;
      query_->targets.push_back(std::move(column));
      query_->target_names.push_back(entry->column_names[i]);
    }
  }

  // ---- GROUP BY

  // Binds GROUP BY: its distinct expressions become group_keys, the expansion of its
  // grouping sets (if any) grouping_sets (grouping.hpp).
  void BindGroupBy() {
    query_->grouping_sets = ExpandGroupBy(
        select_.group_by, select_.group_by_distinct,
        [this](const parser::Expr& key) { return GroupKeyIndex(key); }, context_);
  }

  // Binds a grouped expression and returns its index in group_keys (equal ones share one).
  size_t GroupKeyIndex(const parser::Expr& key) {
    BoundExprPtr bound = BindGroupKey(key);
    RequireOperator(bound->type.id, "equality", key.location);
    for (size_t k = 0; k < query_->group_keys.size(); ++k) {
      if (query_->group_keys[k]->Equals(*bound)) return k;
    }
    query_->group_keys.push_back(std::move(bound));
    return query_->group_keys.size() - 1;
  }

  // Whether a GROUPING(...) call is among the targets or HAVING (it makes the query grouped).
  bool ContainsGrouping() const {
    bool found = false;
    auto visit = [&](const BoundExpr& node) { found = found || node.kind == BoundKind::kGroupingRef; };
    for (const BoundExprPtr& target : query_->targets) target->Walk(visit);
    if (query_->having) query_->having->Walk(visit);
    for (const BoundWindow& window : query_->windows) {
      for (const BoundExprPtr& arg : window.args) arg->Walk(visit);
      for (const BoundExprPtr& key : window.partition_by) key->Walk(visit);
      for (const BoundExprPtr& key : window.order_by) key->Walk(visit);
    }
    return found;
  }

  // GROUP BY accepts an output column number or name as well as an input expression.
  BoundExprPtr BindGroupKey(const parser::Expr& key) {
    if (const BoundExpr* target = FindOutputReference(key, "GROUP BY")) {
      if (ContainsAggregate(*target)) {
        throw context_.ErrorAt(sqlstate::kGroupingError,
                               "aggregate functions are not allowed in GROUP BY", key.location);
      }
      bool window = false;
      target->Walk(
          [&](const BoundExpr& node) { window = window || node.kind == BoundKind::kWindowRef; });
      if (window) {
        throw context_.ErrorAt(sqlstate::kWindowingError,
                               "window functions are not allowed in GROUP BY", key.location);
      }
      return target->Clone();
    }
    ExprBinder binder = MakeBinder(scope_, nullptr, "GROUP BY");
    return binder.Bind(key);
  }

  static bool ContainsAggregate(const BoundExpr& expr) {
    bool found = false;
    expr.Walk([&](const BoundExpr& node) { found = found || node.kind == BoundKind::kAggregateRef; });
    return found;
  }

  // PostgreSQL transforms ORDER BY before GROUP BY, so when both name an ambiguous column
  // the error points into ORDER BY. Called when GROUP BY raised 42702: binds the ORDER BY
  // keys that are not output references on the side (no aggregates or windows are kept) and
  // raises their ambiguity error if there is one; otherwise returns, and the caller rethrows.
  void ReportOrderByAmbiguity() {
    for (const parser::SortBy& sort_by : select_.order_by) {
      std::vector<BoundAggregate> scratch;
      try {
        if (FindOutputReference(*sort_by.expr, "ORDER BY")) continue;
        MakeBinder(scope_, &scratch, "ORDER BY").Bind(*sort_by.expr);
      } catch (const Error& error) {
        if (error.sqlstate() == sqlstate::kAmbiguousColumn) throw;
      }
    }
  }

  // `ORDER BY 2` / `GROUP BY name_of_output_column`: the select-list entry meant, or null.
  const BoundExpr* FindOutputReference(const parser::Expr& key, const char* clause) {
    if (key.kind == parser::ExprKind::kConstant &&
        key.As<parser::ConstantExpr>().constant_kind == parser::ConstantKind::kInteger) {
      const int64_t position = std::stoll(key.As<parser::ConstantExpr>().text);
      if (position < 1 || position > static_cast<int64_t>(query_->visible_targets)) {
        throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                               std::string(clause) + " position " + std::to_string(position) +
                                   " is not in select list",
                               key.location);
      }
      return query_->targets[position - 1].get();
    }
    if (key.kind != parser::ExprKind::kColumnRef) return nullptr;
    const auto& names = key.As<parser::ColumnRefExpr>().names;
    if (names.size() != 1) return nullptr;
    const bool is_input_column = [&] {
      for (const ScopeEntry& entry : scope_.entries()) {
        for (const std::string& column : entry.column_names) {
          if (column == names[0]) return true;
        }
      }
      return false;
    }();
    // ORDER BY prefers output names; GROUP BY prefers input columns (as PostgreSQL).
    if (is_input_column && std::string(clause) == "GROUP BY") return nullptr;
    const BoundExpr* match = nullptr;
    for (size_t i = 0; i < query_->visible_targets; ++i) {
      if (query_->target_names[i] != names[0]) continue;
      if (match && !match->Equals(*query_->targets[i])) {
        throw context_.ErrorAt(sqlstate::kAmbiguousColumn,
                               std::string(clause) + " \"" + names[0] + "\" is ambiguous",
                               key.location);
      }
      match = query_->targets[i].get();
    }
    return match;
  }

  // ---- ORDER BY

  // json has no equality or ordering operator: grouping, DISTINCT and ORDER BY on it are
  // 42883, as PostgreSQL's get_sort_group_operators reports them.
  void RequireOperator(TypeId type, std::string_view which, int location) {
    if (!IsJsonWithoutComparison(type)) return;
    Error error = context_.ErrorAt(sqlstate::kUndefinedFunction,
                                   "could not identify an " + std::string(which) + " operator for type " +
                                       types::FormatType(Type{type, -1}),
                                   location);
    if (which == "ordering") error.WithHint("Use an explicit ordering operator or modify the query.");
    throw error;
  }

  void BindOrderBy() {
    for (const parser::ExprPtr& key : select_.distinct_on) query_->distinct_on.push_back(TargetIndexFor(*key));
    for (const parser::SortBy& sort_by : select_.order_by) {
      SortKey key;
      key.descending = sort_by.direction == parser::SortDirection::kDescending;
      key.nulls_first = sort_by.nulls == parser::NullsOrder::kDefault
                            ? key.descending
                            : sort_by.nulls == parser::NullsOrder::kFirst;
      key.column = TargetIndexFor(*sort_by.expr);
      RequireOperator(query_->targets[key.column]->type.id, "ordering", sort_by.expr->location);
      RequireSortCollation(*query_->targets[key.column], context_);
      key.collation = query_->targets[key.column]->type.collation;
      query_->sort.push_back(key);
    }
    // DISTINCT ON keeps the first row of each group in ORDER BY order, so ORDER BY must
    // begin with the DISTINCT ON expressions.
    const size_t keys = query_->distinct_on.size();
    if (keys > 0 && !query_->sort.empty()) {
      std::vector<size_t> leading;
      for (size_t i = 0; i < std::min(keys, query_->sort.size()); ++i) leading.push_back(query_->sort[i].column);
      std::vector<size_t> wanted = query_->distinct_on;
      std::sort(leading.begin(), leading.end());
      std::sort(wanted.begin(), wanted.end());
      wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
      leading.erase(std::unique(leading.begin(), leading.end()), leading.end());
      if (!std::includes(leading.begin(), leading.end(), wanted.begin(), wanted.end()) &&
          !std::includes(wanted.begin(), wanted.end(), leading.begin(), leading.end())) {
        throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                               "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                               select_.distinct_on.front()->location);
      }
    }
  }

  size_t TargetIndexFor(const parser::Expr& expr) {
    if (const BoundExpr* target = FindOutputReference(expr, "ORDER BY")) {
      for (size_t i = 0; i < query_->targets.size(); ++i) {
        if (query_->targets[i].get() == target) return i;
      }
    }
    ExprBinder binder = MakeBinder(scope_, query_->values_rows.empty() ? &query_->aggregates : nullptr,
                      "ORDER BY");
    binder.AllowWindows(&query_->windows, &select_.windows);
    const size_t aggregates_before = query_->aggregates.size();
    BoundExprPtr bound = binder.Bind(expr);
    if (query_->aggregates.size() != aggregates_before && !query_->aggregated) {
      query_->aggregated = true;
    }
    bound->Walk([&](const BoundExpr& node) {
      if (node.kind == BoundKind::kGroupingRef) query_->aggregated = true;
    });
    for (size_t i = 0; i < query_->targets.size(); ++i) {
      if (query_->targets[i]->Equals(*bound)) return i;
    }
    if (query_->distinct) {
      throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                             "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                             expr.location);
    }
    query_->targets.push_back(std::move(bound));
    query_->target_names.push_back("?sort?");
    return query_->targets.size() - 1;
  }

  // ---- aggregation

  // Rewrites targets, HAVING and the windows' expressions from the input layout onto
  // [group keys..., aggregates...] (the windows run over the groups).
  void MoveOntoAggregateOutput() {
    for (BoundExprPtr& target : query_->targets) target = OntoAggregateOutput(std::move(target));
    if (query_->having) query_->having = OntoAggregateOutput(std::move(query_->having));
    // Ordered-set aggregates' direct arguments are evaluated over the groups too.
    in_direct_arguments_ = true;
    for (BoundAggregate& aggregate : query_->aggregates) {
      for (BoundExprPtr& arg : aggregate.direct_args) arg = OntoAggregateOutput(std::move(arg));
    }
    in_direct_arguments_ = false;
    for (BoundWindow& window : query_->windows) {
      window.Rewrite([this](BoundExprPtr expr) { return OntoAggregateOutput(std::move(expr)); });
      if (window.frame.start_offset)
        window.frame.start_offset = OntoAggregateOutput(std::move(window.frame.start_offset));
      if (window.frame.end_offset)
        window.frame.end_offset = OntoAggregateOutput(std::move(window.frame.end_offset));
    }
  }

  // Window results follow the layout the windows run over: the input, or the aggregate's
  // output in a grouped query.
  void ResolveWindowRefs() {
    if (query_->windows.empty()) return;
    const size_t base = query_->aggregated ? query_->group_keys.size() + query_->aggregates.size() +
                                                 query_->grouping_calls.size()
                                           : query_->input_types.size();
    for (BoundExprPtr& target : query_->targets)
      target = WindowRefsToColumns(std::move(target), base);
  }

  static BoundExprPtr WindowRefsToColumns(BoundExprPtr expr, size_t base) {
    if (expr->kind == BoundKind::kWindowRef) {
      auto column = MakeColumn(base + expr->index, expr->type);
      column->location = expr->location;
      return column;
    }
    for (BoundExprPtr& arg : expr->args) arg = WindowRefsToColumns(std::move(arg), base);
    return expr;
  }

  // `from_subquery`: `expr` is a value a subquery reads from this query (42803 names it so).
  BoundExprPtr OntoAggregateOutput(BoundExprPtr expr, bool from_subquery = false) {
    for (size_t k = 0; k < query_->group_keys.size(); ++k) {
      if (query_->group_keys[k]->Equals(*expr)) {
        auto column = MakeColumn(k, expr->type);
        column->location = expr->location;
        return column;
      }
    }
    if (expr->kind == BoundKind::kAggregateRef) {
      return MakeColumn(query_->group_keys.size() + expr->index, expr->type);
    }
    if (expr->kind == BoundKind::kWindowRef) return expr;  // ResolveWindowRefs places it
    if (expr->kind == BoundKind::kGroupingRef) return GroupingCallColumn(*expr);
    if (expr->kind == BoundKind::kColumn && from_subquery) {
      throw context_.ErrorAt(sqlstate::kGroupingError,
                             "subquery uses ungrouped column \"" + query_->input_names[expr->index] +
                                 "\" from outer query",
                             expr->location);
    }
    if (expr->kind == BoundKind::kColumn) {
      Error error = context_.ErrorAt(sqlstate::kGroupingError,
                                     "column \"" + query_->input_names[expr->index] +
                                         "\" must appear in the GROUP BY clause or be used in an "
                                         "aggregate function",
                                     expr->location);
      if (in_direct_arguments_) {
        error.WithDetail("Direct arguments of an ordered-set aggregate must use only grouped columns.");
      }
      throw error;
    }
    // A subquery's arguments after its test expressions are the values it reads from here.
    const size_t tests = expr->kind == BoundKind::kSubquery ? expr->subquery->test_count : expr->args.size();
    for (size_t i = 0; i < expr->args.size(); ++i) {
      expr->args[i] = OntoAggregateOutput(std::move(expr->args[i]), from_subquery || i >= tests);
    }
    return expr;
  }

  // GROUPING(a, b): each argument must be a grouped expression (42803 at the first that is
  // not); the call becomes an output column of the aggregate, after the aggregates.
  BoundExprPtr GroupingCallColumn(const BoundExpr& call) {
    std::vector<size_t> keys;
    for (const BoundExprPtr& arg : call.args) {
      size_t k = 0;
      while (k < query_->group_keys.size() && !query_->group_keys[k]->Equals(*arg)) ++k;
      if (k == query_->group_keys.size()) {
        throw context_.ErrorAt(sqlstate::kGroupingError,
                               "arguments to GROUPING must be grouping expressions of the "
                               "associated query level",
                               arg->location);
      }
      keys.push_back(k);
    }
    query_->grouping_calls.push_back(std::move(keys));
    auto column = MakeColumn(query_->group_keys.size() + query_->aggregates.size() +
                                 query_->grouping_calls.size() - 1,
                             call.type);
    column->location = call.location;
    return column;
  }

  // ---- LIMIT / OFFSET

  void BindLimit() {
    Scope empty;
    ExprBinder binder = MakeBinder(empty, nullptr, "LIMIT");
    const Type int8{TypeId::kInt8, -1};
    if (select_.limit) {
      query_->limit = Coerce(binder.Bind(*select_.limit), int8, types::CastContext::kImplicit, context_);
    }
    if (select_.offset) {
      query_->offset = Coerce(binder.Bind(*select_.offset), int8, types::CastContext::kImplicit, context_);
    }
  }

  // An expression binder over this query's scope that sees enclosing queries too.
  ExprBinder MakeBinder(const Scope& scope, std::vector<BoundAggregate>* aggregates,
                        std::string clause) {
    ExprBinder binder(context_, scope, aggregates, std::move(clause));
    binder.SetOuter(outer_, outer_arguments_);
    return binder;
  }

  const parser::SelectStmt& select_;
  AnalyzeContext& context_;
  std::unique_ptr<BoundQuery> query_;
  ExprBinder* outer_;
  std::vector<BoundExprPtr>* outer_arguments_;
  ExprBinder::FromVisibility lateral_visibility_ = ExprBinder::FromVisibility::kVisible;
  std::vector<PushedLock> pushed_locks_;  // locking clauses of an enclosing query
  const parser::RangeVar* modify_target_ = nullptr;  // UPDATE/DELETE: the target table
  bool in_direct_arguments_ = false;  // moving ordered-set aggregates' direct arguments
  Scope scope_;
};

}  // namespace

std::unique_ptr<BoundQuery> BindModifySource(const parser::RangeVar& target,
                                             const std::vector<parser::TableRefPtr>& from,
                                             const parser::Expr* where, AnalyzeContext& context,
                                             const ModifyTargets& make_targets,
                                             const ExposeTarget& expose_target) {
  static const parser::SelectStmt kNoSelect;
  return SelectBinder(kNoSelect, context, nullptr, nullptr)
      .BindModify(target, from, where, make_targets, expose_target);
}

std::unique_ptr<BoundQuery> BindSelect(const parser::SelectStmt& select, AnalyzeContext& context,
                                       ExprBinder* outer,
                                       std::vector<BoundExprPtr>* outer_arguments) {
  return SelectBinder(select, context, outer, outer_arguments).Bind();
}

void CheckDatabaseName(std::string_view database, std::string_view schema, std::string_view name,
                       const AnalyzeContext& context, int location) {
  if (database.empty() || database == context.database) return;
  throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                        "cross-database references are not implemented: \"" + std::string(database) +
                            "." + std::string(schema) + "." + std::string(name) + "\"",
                        location);
}

std::pair<std::string, std::string> SplitObjectName(const std::vector<std::string>& names,
                                                    const AnalyzeContext& context) {
  if (names.size() > 3) {
    std::string joined;
    for (const std::string& part : names) joined += (joined.empty() ? "" : ".") + part;
    throw Error(sqlstate::kSyntaxError, "improper qualified name (too many dotted names): " + joined);
  }
  if (names.size() == 3) CheckDatabaseName(names[0], names[1], names[2], context, -1);
  return {names.size() > 1 ? names[names.size() - 2] : "", names.back()};
}

catalog::TableSchema LookupTable(const parser::RangeVar& name, AnalyzeContext& context,
                                 storage::LockMode mode, bool in_query) {
  CheckDatabaseName(name.catalog, name.schema, name.name, context, name.location);
  const std::string shown = name.schema.empty() ? name.name : name.schema + "." + name.name;
  // Cached by schema, or for an unqualified name by the search path it was found along
  // (schema names cannot start with \x01).
  const std::string schema(context.SearchPath().Schema(name.schema));
  const std::string scope = schema.empty() ? "\x01" + context.SearchPath().Key() : schema;
  std::optional<catalog::TableSchema> table;
  if (context.relation_cache != nullptr) {
    if (auto cached = context.relation_cache->FindTable(context.catalog_version, scope, name.name)) {
      table = *cached;
    }
  }
  if (!table) {
    if (!schema.empty() && !context.catalog.FindNamespace(schema, context.snapshot)) {
      if (in_query) {
        throw context.ErrorAt(sqlstate::kUndefinedTable, "relation \"" + shown + "\" does not exist",
                              name.location);
      }
      throw context.ErrorAt(sqlstate::kInvalidSchemaName,
                            "schema \"" + name.schema + "\" does not exist", name.location);
    }
    table = context.catalog.FindTable(name.schema, name.name, context.SearchPath(), context.snapshot);
    if (table && context.relation_cache != nullptr) {
      context.relation_cache->StoreTable(context.catalog_version, scope, name.name, *table);
    }
  }
  if (!table) {
    throw context.ErrorAt(sqlstate::kUndefinedTable, "relation \"" + shown + "\" does not exist",
                          name.location);
  }
  // Another session's temporary table is named only by its schema; its rows are that
  // session's alone (PostgreSQL keeps them in local buffers).
  // (A path of no session, such as a view's, reaches only what its creator could.)
  const std::string& own_temp = context.SearchPath().temp_schema;
  if (in_query && !own_temp.empty() && catalog::IsTempSchemaName(table->schema_name) &&
      table->schema_name != own_temp) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "cannot access temporary tables of other sessions",
                          name.location);
  }
  if (context.locks != nullptr) context.locks->LockRelation(table->oid, mode, table->name);
  if (context.locks_taken != nullptr) context.locks_taken->push_back({table->oid, mode, table->name});
  return *table;
}

}  // namespace granary::planner
