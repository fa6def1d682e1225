// Window function calls: f(args) OVER window. Resolves OVER name / OVER (name ...) against
// the query's WINDOW clause as PostgreSQL's transformWindowDefinitions does, binds the
// window's keys, frame and the call's arguments, and makes the call a kWindowRef into
// BoundQuery::windows (the select binder turns it into a column). Part of ExprBinder.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

#include "catalog/catalog_functions.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "types/functions/aggregate_functions.hpp"
#include "types/functions/builtin_functions.hpp"

namespace granary::planner {
namespace {

using parser::FrameBoundKind;
using types::Type;
using types::TypeId;

struct WindowFunctionEntry {
  std::string_view name;
  WindowFunction function;
};

// PostgreSQL's built-in window functions (prokind 'w').
constexpr WindowFunctionEntry kWindowFunctions[] = {
    {"row_number", WindowFunction::kRowNumber},
    {"rank", WindowFunction::kRank},
    {"dense_rank", WindowFunction::kDenseRank},
    {"percent_rank", WindowFunction::kPercentRank},
    {"cume_dist", WindowFunction::kCumeDist},
    {"ntile", WindowFunction::kNtile},
    {"lag", WindowFunction::kLag},
    {"lead", WindowFunction::kLead},
    {"first_value", WindowFunction::kFirstValue},
    {"last_value", WindowFunction::kLastValue},
    {"nth_value", WindowFunction::kNthValue},
};

std::optional<WindowFunction> LookupWindowFunction(std::string_view name) {
  for (const WindowFunctionEntry& entry : kWindowFunctions) {
    if (entry.name == name) return entry.function;
  }
  return std::nullopt;
}

std::string SignatureText(const std::string& name, const std::vector<BoundExprPtr>& args) {
  std::string text = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) text += ", ";
    text += args[i]->type.id == TypeId::kUnknown ? "unknown"
                                                 : types::FormatType(Type{args[i]->type.id, -1});
  }
  return text + ")";
}

Error NoSuchFunction(AnalyzeContext& context, const std::string& name,
                     const std::vector<BoundExprPtr>& args, int location) {
  return context
      .ErrorAt(sqlstate::kUndefinedFunction,
               "function " + SignatureText(name, args) + " does not exist", location)
      .WithHint(
          kNoFunctionMatchesHint);
}

// A window after OVER name / OVER (name ...) are resolved: the parts it takes from each
// definition (pointers into the AST).
struct ResolvedWindow {
  const parser::ExprList* partition_by = nullptr;
  const std::vector<parser::SortBy>* order_by = nullptr;
  const parser::WindowDef* frame = nullptr;
};

// `named` entries before `limit` are visible (a WINDOW entry sees only earlier ones, as in
// PostgreSQL, which also rules out cycles).
ResolvedWindow ResolveWindow(const parser::WindowDef& def,
                             const std::vector<parser::WindowDef>* named, size_t limit,
                             AnalyzeContext& context) {
  auto find = [&](const std::string& name) -> size_t {
    for (size_t i = 0; named && i < std::min(limit, named->size()); ++i) {
      if ((*named)[i].name == name) return i;
    }
    throw context.ErrorAt(sqlstate::kUndefinedObject, "window \"" + name + "\" does not exist",
                          def.location);
  };
  const bool is_definition = named && &def >= named->data() && &def < named->data() + named->size();
  if (!is_definition && !def.name.empty()) {  // OVER name: that window as it is
    const size_t index = find(def.name);
    return ResolveWindow((*named)[index], named, index, context);
  }
  if (def.existing.empty()) return ResolvedWindow{&def.partition_by, &def.order_by, &def};
  const size_t index = find(def.existing);
  const parser::WindowDef& base_def = (*named)[index];
  const ResolvedWindow base = ResolveWindow(base_def, named, index, context);
  const std::string quoted = "\"" + def.existing + "\"";
  if (!def.partition_by.empty()) {
    throw context.ErrorAt(sqlstate::kWindowingError,
                          "cannot override PARTITION BY clause of window " + quoted, def.location);
  }
  if (!def.order_by.empty() && !base.order_by->empty()) {
    throw context.ErrorAt(sqlstate::kWindowingError,
                          "cannot override ORDER BY clause of window " + quoted, def.location);
  }
  if (base_def.frame_mode != parser::FrameMode::kDefault) {
    Error error = context.ErrorAt(sqlstate::kWindowingError,
                                  "cannot copy window " + quoted + " because it has a frame clause",
                                  def.location);
    const bool bare =
        !is_definition && def.order_by.empty() && def.frame_mode == parser::FrameMode::kDefault;
    throw bare ? error.WithHint("Omit the parentheses in this OVER clause.") : error;
  }
  return ResolvedWindow{base.partition_by, def.order_by.empty() ? base.order_by : &def.order_by,
                        &def};
}

BoundExprPtr MakeWindowRef(size_t index, Type type, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = BoundKind::kWindowRef;
  node->index = index;
  node->type = type;
  node->location = location;
  return node;
}

}  // namespace

BoundExprPtr ExprBinder::BindWindowFunction(const parser::FuncCallExpr& expr,
                                            const std::string& name) {
  if (inside_aggregate_) {
    throw context_.ErrorAt(sqlstate::kGroupingError,
                           "aggregate function calls cannot contain window function calls",
                           expr.location);
  }
  if (windows_ == nullptr) {
    if (window_part_ == WindowPart::kArguments) {
      throw context_.ErrorAt(sqlstate::kWindowingError, "window function calls cannot be nested",
                             expr.location);
    }
    const std::string clause = window_part_ == WindowPart::kDefinition ? "window definitions"
                               : clause_.empty()                       ? "this context"
                                                                       : clause_;
    throw context_.ErrorAt(sqlstate::kWindowingError,
                           "window functions are not allowed in " + clause, expr.location);
  }
  const std::optional<WindowFunction> function = LookupWindowFunction(name);
  const bool aggregate = !function && types::IsAggregateName(name);
  if (!function && !aggregate) {
    std::vector<BoundExprPtr> args;
    for (const parser::ExprPtr& arg : expr.args) args.push_back(Bind(*arg));
    const bool known = !types::FindFunctions(name).empty() ||
                       !catalog::FindCatalogFunctions(name).empty() || name == "coalesce" ||
                       name == "nullif" || name == "greatest" || name == "least";
    if (!known) throw NoSuchFunction(context_, name, args, expr.location);
    throw context_.ErrorAt(
        sqlstate::kWrongObjectType,
        "OVER specified, but " + name + " is not a window function nor an aggregate function",
        expr.location);
  }
  if (expr.distinct) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "DISTINCT is not implemented for window functions", expr.location);
  }
  if (expr.filter && !aggregate) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "FILTER is not implemented for non-aggregate window functions",
                           expr.location);
  }
  if (!expr.order_by.empty()) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "aggregate ORDER BY is not implemented for window functions",
                           expr.location);
  }
  BoundWindow window;
  window.name = name;
  window.function = function.value_or(WindowFunction::kAggregate);

  std::vector<BoundWindow>* windows = windows_;
  windows_ = nullptr;
  window_part_ = WindowPart::kArguments;
  BindWindowArguments(expr, name, window);
  window_part_ = WindowPart::kDefinition;
  BindWindowDefinition(*expr.over, window);
  window_part_ = WindowPart::kNone;
  windows_ = windows;

  const Type type = window.type;
  for (size_t i = 0; i < windows_->size(); ++i) {
    if ((*windows_)[i].Equals(window)) return MakeWindowRef(i, type, expr.location);
  }
  windows_->push_back(std::move(window));
  return MakeWindowRef(windows_->size() - 1, type, expr.location);
}

// The arguments and result type, after PostgreSQL's pg_proc entries: ntile(int4) int4;
// lag/lead(anycompatible [, int4 [, anycompatible]]); nth_value(anyelement, int4); the
// ranking functions take none (f(*) is accepted as f(), as PostgreSQL does).
void ExprBinder::BindWindowArguments(const parser::FuncCallExpr& expr, const std::string& name,
                                     BoundWindow& window) {
  std::vector<BoundExprPtr> args;
  {
    const SetFunctionBarrier barrier(*this, "window");
    for (const parser::ExprPtr& arg : expr.args) args.push_back(Bind(*arg));
  }
  const Type int4{TypeId::kInt4, -1};
  auto require = [&](bool ok) {
    if (!ok) throw NoSuchFunction(context_, name, args, expr.location);
  };
  auto coerce_int4 = [&](size_t i) {
    require(args[i]->type.id == TypeId::kUnknown ||
            CanImplicitlyCast(args[i]->type.id, TypeId::kInt4));
    args[i] = Coerce(std::move(args[i]), int4, types::CastContext::kImplicit, context_);
  };
  auto resolve_unknown = [&](size_t i) {
    if (args[i]->type.id == TypeId::kUnknown) {
      args[i] = Coerce(std::move(args[i]), Type{TypeId::kText, -1}, types::CastContext::kImplicit,
                       context_);
    }
  };
  switch (window.function) {
    case WindowFunction::kRowNumber:
    case WindowFunction::kRank:
    case WindowFunction::kDenseRank:
    case WindowFunction::kPercentRank:
    case WindowFunction::kCumeDist:
      if (!args.empty() && window.function != WindowFunction::kRowNumber) {
        throw context_.ErrorAt(sqlstate::kWrongObjectType,
                               "WITHIN GROUP is required for ordered-set aggregate " + name,
                               expr.location);
      }
      require(args.empty());
      window.type = window.function == WindowFunction::kPercentRank ||
                            window.function == WindowFunction::kCumeDist
                        ? Type{TypeId::kFloat8, -1}
                        : Type{TypeId::kInt8, -1};
      break;
    case WindowFunction::kNtile:
      require(args.size() == 1);
      coerce_int4(0);
      window.type = int4;
      break;
    case WindowFunction::kLag:
    case WindowFunction::kLead:
      require(!args.empty() && args.size() <= 3);
      if (args.size() >= 2) coerce_int4(1);
      if (args.size() == 3) {
        const TypeId ids[] = {args[0]->type.id, args[2]->type.id};
        require(CommonType(ids).has_value());
        std::vector<BoundExprPtr> pair;
        pair.push_back(std::move(args[0]));
        pair.push_back(std::move(args[2]));
        CoerceToCommonType(pair, "lag", context_);
        args[0] = std::move(pair[0]);
        args[2] = std::move(pair[1]);
      }
      resolve_unknown(0);
      window.type = args[0]->type;
      break;
    case WindowFunction::kFirstValue:
    case WindowFunction::kLastValue:
      require(args.size() == 1);
      resolve_unknown(0);
      window.type = args[0]->type;
      break;
    case WindowFunction::kNthValue:
      require(args.size() == 2);
      coerce_int4(1);
      resolve_unknown(0);
      window.type = args[0]->type;
      break;
    case WindowFunction::kAggregate: {
      const size_t arity = expr.star ? 0 : types::TakesDelimiter(name) ? 2 : 1;
      require(args.size() == arity);
      if (arity == 2) {
        const std::optional<TypeId> second_type =
            types::SecondArgumentType(name, args[0]->type.id, args[1]->type.id);
        require(second_type.has_value());
        args[1] = Coerce(std::move(args[1]), Type{*second_type, -1}, types::CastContext::kImplicit,
                         context_);
      }
      const TypeId argument = args.empty() ? TypeId::kUnknown : args[0]->type.id;
      const auto signature = types::ResolveAggregate(name, argument, expr.star);
      if (!signature) {
        if (expr.star) {
          throw context_.ErrorAt(sqlstate::kUndefinedFunction,
                                 "function " + name + "(*) does not exist", expr.location);
        }
        require(false);
      }
      window.aggregate = *signature;
      if (!args.empty() && signature->argument != TypeId::kUnknown) {
        args[0] = Coerce(std::move(args[0]), Type{signature->argument, -1},
                         types::CastContext::kImplicit, context_);
      }
      window.type = Type{signature->result, -1};
      if (expr.filter) {
        window.filter = BindFilter(*expr.filter);
      }
      break;
    }
  }
  window.args = std::move(args);
}

void ExprBinder::CheckWindowDefinition(size_t index) {
  const parser::WindowDef& def = (*named_windows_)[index];
  const ResolvedWindow resolved = ResolveWindow(def, named_windows_, index, context_);
  std::vector<BoundAggregate> scratch;  // aggregates here count only where the window is used
  std::vector<BoundAggregate>* aggregates = aggregates_;
  std::vector<BoundWindow>* windows = windows_;
  aggregates_ = &scratch;
  windows_ = nullptr;
  window_part_ = WindowPart::kDefinition;
  BoundWindow window;
  for (const parser::ExprPtr& key : *resolved.partition_by)
    window.partition_by.push_back(BindDetached(*key));
  for (const parser::SortBy& key : *resolved.order_by) window.order_by.push_back(BindDetached(*key.expr));
  window.descending.assign(window.order_by.size(), false);
  window.nulls_first.assign(window.order_by.size(), false);
  BindFrame(*resolved.frame, window);
  window_part_ = WindowPart::kNone;
  windows_ = windows;
  aggregates_ = aggregates;
}

void ExprBinder::BindWindowDefinition(const parser::WindowDef& over, BoundWindow& window) {
  const ResolvedWindow resolved = ResolveWindow(over, named_windows_, SIZE_MAX, context_);
  for (const parser::ExprPtr& key : *resolved.partition_by)
    window.partition_by.push_back(BindDetached(*key));
  for (const parser::SortBy& key : *resolved.order_by) {
    window.order_by.push_back(BindDetached(*key.expr));
    const bool descending = key.direction == parser::SortDirection::kDescending;
    window.descending.push_back(descending);
    window.nulls_first.push_back(key.nulls == parser::NullsOrder::kDefault
                                     ? descending
                                     : key.nulls == parser::NullsOrder::kFirst);
  }
  BindFrame(*resolved.frame, window);
}

// The default frame is RANGE UNBOUNDED PRECEDING .. CURRENT ROW, excluding nothing.
void ExprBinder::BindFrame(const parser::WindowDef& def, BoundWindow& window) {
  if (def.frame_mode == parser::FrameMode::kDefault) return;
  if (def.frame_mode == parser::FrameMode::kGroups && window.order_by.empty()) {
    throw context_.ErrorAt(sqlstate::kWindowingError, "GROUPS mode requires an ORDER BY clause",
                           def.location);
  }
  BoundFrame& frame = window.frame;
  frame.exclusion = def.exclusion;
  frame.rows = def.frame_mode == parser::FrameMode::kRows;
  frame.groups = def.frame_mode == parser::FrameMode::kGroups;
  frame.start = def.frame_start.kind;
  frame.end = def.frame_end.kind;
  const bool has_offset = def.frame_start.offset || def.frame_end.offset;
  if (has_offset && !frame.rows && !frame.groups && window.order_by.size() != 1) {
    throw context_.ErrorAt(
        sqlstate::kWindowingError,
        "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column", def.location);
  }
  const parser::FrameMode mode = def.frame_mode;
  if (def.frame_start.offset) frame.start_offset = BindFrameOffset(def.frame_start, window, mode);
  if (def.frame_end.offset) frame.end_offset = BindFrameOffset(def.frame_end, window, mode);
}

// ROWS and GROUPS offsets are bigint; RANGE offsets take the ORDER BY key's in_range offset type
// (bigint for integers, numeric, double precision): other key types are 0A000 here, as
// PostgreSQL's, except that it also supports date/time keys with interval offsets.
BoundExprPtr ExprBinder::BindFrameOffset(const parser::FrameBound& bound, const BoundWindow& window,
                                         parser::FrameMode frame_mode) {
  const bool rows = frame_mode != parser::FrameMode::kRange;  // ROWS and GROUPS count
  const std::string mode = frame_mode == parser::FrameMode::kRows     ? "ROWS"
                           : frame_mode == parser::FrameMode::kGroups ? "GROUPS"
                                                                      : "RANGE";
  std::vector<BoundAggregate>* aggregates = aggregates_;
  const std::string clause = clause_;
  aggregates_ = nullptr;
  clause_ = "window " + mode;
  BoundExprPtr offset = Bind(*bound.offset);
  aggregates_ = aggregates;
  clause_ = clause;
  if (offset->ReferencesColumns()) {
    throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                           "argument of " + mode + " must not contain variables",
                           bound.offset->location);
  }
  const TypeId given = offset->type.id;
  TypeId target = TypeId::kInt8;
  if (!rows) {
    const TypeId key = window.order_by[0]->type.id;
    std::optional<TypeId> wanted;
    if (types::IsInteger(key)) wanted = TypeId::kInt8;
    if (key == TypeId::kNumeric) wanted = TypeId::kNumeric;
    if (key == TypeId::kFloat4 || key == TypeId::kFloat8) wanted = TypeId::kFloat8;
    const bool fits =
        wanted &&
        (given == TypeId::kUnknown ||
         (types::IsInteger(*wanted) ? types::IsInteger(given) : CanImplicitlyCast(given, *wanted)));
    if (!fits) {
      const bool datetime = key == TypeId::kDate || key == TypeId::kTimestamp;
      std::string message =
          "RANGE with offset PRECEDING/FOLLOWING is not supported for column type " +
          types::FormatType(Type{key, -1});
      if (wanted || datetime) message += " and offset type " + types::FormatType(Type{given, -1});
      Error error =
          context_.ErrorAt(sqlstate::kFeatureNotSupported, message, bound.offset->location);
      throw wanted || datetime ? error.WithHint("Cast the offset value to an appropriate type.")
                               : error;
    }
    target = *wanted;
    return Coerce(std::move(offset), Type{target, -1}, types::CastContext::kImplicit, context_);
  }
  // ROWS and GROUPS take any number, as PostgreSQL's assignment cast to bigint (1.5 rounds to 2).
  const bool number = given == TypeId::kUnknown || types::IsInteger(given) ||
                      given == TypeId::kNumeric || given == TypeId::kFloat4 ||
                      given == TypeId::kFloat8;
  if (!number) {
    throw context_.ErrorAt(sqlstate::kDatatypeMismatch,
                           "argument of " + mode + " must be type bigint, not type " +
                               types::FormatType(Type{given, -1}),
                           bound.offset->location);
  }
  return Coerce(std::move(offset), Type{target, -1}, types::CastContext::kAssignment, context_);
}

}  // namespace granary::planner
