// Automatically updatable views: which views qualify, and their columns over the base table.
#include "planner/analyze/updatable_view.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/view_context.hpp"

namespace granary::planner {

// One view on the way down, with its parsed query (the binding of its expressions reads it).
struct UpdatableView::Layer {
  catalog::TableSchema view;
  std::vector<parser::StmtPtr> parsed;
  const parser::SelectStmt* select = nullptr;
  const parser::RangeVar* from = nullptr;  // the one relation it reads
  std::string from_alias;                  // the name its expressions give that relation
  // Per view column: its select-list expression, or null when a `*` supplied it; and the
  // column of the relation below it is, or empty when it is an expression.
  std::vector<const parser::Expr*> exprs;
  std::vector<std::string> below_columns;
  bool checked = false;  // rows written through the views must meet its WHERE
};

namespace {

const char* Verb(ViewChange change) {
  switch (change) {
    case ViewChange::kInsert: return "insert into";
    case ViewChange::kUpdate: return "update";
    case ViewChange::kDelete: return "delete from";
  }
  return "";
}

[[noreturn]] void ThrowNotUpdatable(const catalog::TableSchema& view, ViewChange change,
                                    const std::string& detail) {
  static const char* kHints[] = {
      "To enable inserting into the view, provide an INSTEAD OF INSERT trigger or an "
      "unconditional ON INSERT DO INSTEAD rule.",
      "To enable updating the view, provide an INSTEAD OF UPDATE trigger or an unconditional "
      "ON UPDATE DO INSTEAD rule.",
      "To enable deleting from the view, provide an INSTEAD OF DELETE trigger or an "
      "unconditional ON DELETE DO INSTEAD rule."};
  throw Error(sqlstate::kObjectNotInPrerequisiteState,
              std::string("cannot ") + Verb(change) + " view \"" + view.name + "\"")
      .WithDetail(detail)
      .WithHint(kHints[static_cast<int>(change)]);
}

// The first reason, in PostgreSQL's order (view_query_is_auto_updatable), that `select`
// cannot be changed through; empty when it can.
std::string NotUpdatableReason(const parser::SelectStmt& select, AnalyzeContext& context) {
  if (select.set_op != parser::SetOperation::kNone) {
    return "Views containing UNION, INTERSECT, or EXCEPT are not automatically updatable.";
  }
  if (select.distinct || !select.distinct_on.empty()) {
    return "Views containing DISTINCT are not automatically updatable.";
  }
  if (!select.group_by.empty()) return "Views containing GROUP BY are not automatically updatable.";
  if (select.having) return "Views containing HAVING are not automatically updatable.";
  if (select.with) return "Views containing WITH are not automatically updatable.";
  if (select.limit || select.offset) {
    return "Views containing LIMIT or OFFSET are not automatically updatable.";
  }
  const char* kSingleRelation =
      "Views that do not select from a single table or view are not automatically updatable.";
  if (!select.values.empty()) return kSingleRelation;
  const std::unique_ptr<BoundQuery> bound = BindSelect(select, context);
  if (bound->aggregated) return "Views that return aggregate functions are not automatically updatable.";
  if (!bound->windows.empty()) return "Views that return window functions are not automatically updatable.";
  for (const BoundExprPtr& target : bound->targets) {
    if (target->kind == BoundKind::kSetFunction) {
      return "Views that return set-returning functions are not automatically updatable.";
    }
  }
  if (select.from.size() != 1 || select.from.front()->kind != parser::TableRefKind::kRelation) {
    return kSingleRelation;
  }
  return "";
}

// The column of the relation below that `expr` is, or empty when it is an expression.
std::string PlainColumn(const parser::Expr& expr, const parser::RangeVar& from,
                        const std::string& from_alias, const std::vector<std::string>& below) {
  if (expr.kind != parser::ExprKind::kColumnRef) return "";
  const std::vector<std::string>& names = expr.As<parser::ColumnRefExpr>().names;
  if (names.size() >= 2 && names[names.size() - 2] != from_alias) return "";
  if (names.size() == 3 && !from.schema.empty() && names[0] != from.schema) return "";
  for (const std::string& column : below) {
    if (column == names.back()) return column;
  }
  return "";
}

}  // namespace

UpdatableView::~UpdatableView() = default;
UpdatableView::UpdatableView(UpdatableView&&) noexcept = default;

UpdatableView::UpdatableView(catalog::TableSchema view, const parser::RangeVar& name,
                             ViewChange change, AnalyzeContext& context)
    : alias_(name.alias ? name.alias->name : view.name), schema_(view.schema_name), change_(change) {
  for (;;) {
    Layer& layer = layers_.emplace_back();
    layer.view = std::move(view);
    layer.parsed = parser::Parse(layer.view.view_definition);
    layer.select = &layer.parsed.front()->As<parser::SelectStmt>();
    ViewContext view_context(layer.view, context);
    const std::string reason = NotUpdatableReason(*layer.select, view_context.context);
    if (!reason.empty()) ThrowNotUpdatable(layer.view, change, reason);
    layer.from = &layer.select->from.front()->As<parser::RangeVar>();
    layer.from_alias = layer.from->alias ? layer.from->alias->name : layer.from->name;
    catalog::TableSchema below =
        LookupTable(*layer.from, view_context.context, storage::LockMode::kRowExclusive, true);
    if (below.kind != 'v' && below.kind != 'r') {
      ThrowNotUpdatable(layer.view, change,
                        "Views that do not select from a single table or view are not "
                        "automatically updatable.");
    }
    // The columns of the relation below, as this view's query sees them.
    std::vector<std::string> below_columns;
    for (const catalog::ColumnSchema& column : below.columns) below_columns.push_back(column.name);
    if (layer.from->alias && !layer.from->alias->column_names.empty()) {
      const std::vector<std::string>& renamed = layer.from->alias->column_names;
      for (size_t i = 0; i < renamed.size() && i < below_columns.size(); ++i) below_columns[i] = renamed[i];
    }
    for (const parser::ResTarget& target : layer.select->targets) {
      if (target.expr->kind == parser::ExprKind::kStar) {
        for (const std::string& column : below_columns) {
          layer.exprs.push_back(nullptr);
          layer.below_columns.push_back(column);
        }
        continue;
      }
      layer.exprs.push_back(target.expr.get());
      layer.below_columns.push_back(PlainColumn(*target.expr, *layer.from, layer.from_alias, below_columns));
    }
    // A view keeps the columns it was made with, though `*` now finds more.
    layer.exprs.resize(std::min(layer.exprs.size(), layer.view.columns.size()));
    layer.below_columns.resize(layer.exprs.size());
    if (below.kind == 'r') {
      base_ = std::move(below);
      base_name_ = std::make_unique<parser::RangeVar>();
      base_name_->catalog = layer.from->catalog;
      base_name_->schema = base_.schema_name;
      base_name_->name = base_.name;
      base_name_->location = layer.from->location;
      base_name_->alias = layer.from->alias;
      break;
    }
    view = std::move(below);
  }

  // The base column of each column, from the innermost view out.
  std::vector<std::optional<size_t>> below_base;  // per column of the relation below
  for (size_t c = 0; c < base_.columns.size(); ++c) below_base.push_back(c);
  std::vector<std::string> below_names;
  for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
    // Names of the relation below as this layer reads them (a FROM alias may rename them).
    if (layer == layers_.rbegin()) {
      for (const catalog::ColumnSchema& column : base_.columns) below_names.push_back(column.name);
    }
    if (layer->from->alias) {
      const std::vector<std::string>& renamed = layer->from->alias->column_names;
      for (size_t i = 0; i < renamed.size() && i < below_names.size(); ++i) below_names[i] = renamed[i];
    }
    std::vector<std::optional<size_t>> columns;
    std::vector<std::string> names;
    for (size_t i = 0; i < layer->exprs.size(); ++i) {
      std::optional<size_t> base_column;
      for (size_t b = 0; b < below_names.size(); ++b) {
        if (!layer->below_columns[i].empty() && below_names[b] == layer->below_columns[i]) {
          base_column = below_base[b];
        }
      }
      columns.push_back(base_column);
      names.push_back(layer->view.columns[i].name);
    }
    below_base = std::move(columns);
    below_names = std::move(names);
  }
  base_columns_ = std::move(below_base);
  column_names_ = std::move(below_names);
  bool cascaded = false;
  for (Layer& layer : layers_) {
    cascaded = cascaded || layer.view.view_check_option == 'c';
    layer.checked = cascaded || layer.view.view_check_option == 'l';
  }
}

bool UpdatableView::HasCheckOptions() const {
  return std::any_of(layers_.begin(), layers_.end(), [](const Layer& layer) { return layer.checked; });
}

size_t UpdatableView::AssignedColumn(const std::string& name, int location, AnalyzeContext& context) const {
  for (size_t i = 0; i < column_names_.size(); ++i) {
    if (column_names_[i] != name) continue;
    if (!base_columns_[i]) {
      throw context
          .ErrorAt(sqlstate::kFeatureNotSupported,
                   std::string("cannot ") + (change_ == ViewChange::kInsert ? "insert into" : "update") +
                       " column \"" + name + "\" of view \"" + layers_.front().view.name + "\"",
                   location)
          .WithDetail("View columns that are not columns of their base relation are not updatable.");
    }
    return *base_columns_[i];
  }
  throw context.ErrorAt(sqlstate::kUndefinedColumn,
                        "column \"" + name + "\" of relation \"" + layers_.front().view.name +
                            "\" does not exist",
                        location);
}

BoundExprPtr UpdatableView::Expose(Scope& scope, AnalyzeContext& context, BoundChecks* checks) const {
  BoundExprPtr condition;
  // Innermost view first: its expressions read the base table's entry, each outer view's the
  // computed columns of the view below it.
  for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
    ViewContext view_context(layer->view, context);
    ExprBinder binder(view_context.context, scope, nullptr, "view");
    Scope::ComputedRelation columns;
    // Named as the view above reads it; the outermost, as the statement does.
    columns.alias = layer + 1 != layers_.rend() ? (layer + 1)->from_alias : alias_;
    columns.schema = layer + 1 != layers_.rend() ? layer->view.schema_name : schema_;
    for (size_t i = 0; i < layer->exprs.size(); ++i) {
      columns.column_names.push_back(layer->view.columns[i].name);
      if (layer->exprs[i] != nullptr) {
        columns.columns.push_back(binder.Bind(*layer->exprs[i]));
      } else {
        parser::ColumnRefExpr star_column;
        star_column.names = {layer->from_alias, layer->below_columns[i]};
        columns.columns.push_back(binder.Bind(star_column));
      }
    }
    if (layer->select->where) {
      BoundExprPtr where = binder.BindCondition(*layer->select->where, "WHERE");
      if (checks != nullptr && layer->checked) {
        checks->exprs.push_back(where->Clone());
        checks->names.push_back(layer->view.name);
        checks->view_options.resize(checks->exprs.size() - 1, false);
        checks->view_options.push_back(true);
      }
      if (!condition) {
        condition = std::move(where);
      } else {
        auto both = std::make_unique<BoundExpr>();
        both->kind = BoundKind::kAnd;
        both->type = types::Type{types::TypeId::kBool, -1};
        both->args.push_back(std::move(where));
        both->args.push_back(std::move(condition));
        condition = std::move(both);
      }
    }
    if (layer == layers_.rbegin()) scope.HideEntry(0);
    scope.ClearComputed();
    scope.AddComputed(std::move(columns));
  }
  return condition;
}

}  // namespace granary::planner
