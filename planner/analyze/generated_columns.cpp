// Stored generated columns: definition checks and binding (see generated_columns.hpp).
#include "planner/analyze/generated_columns.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

constexpr std::string_view kClause = "column generation expressions";

// The system columns a generation expression may not read (PostgreSQL allows tableoid,
// which Granary does not offer as a column; it is refused with the others).
constexpr std::array<std::string_view, 6> kSystemColumns = {"ctid", "xmin", "cmin", "xmax", "cmax", "tableoid"};

// The table's row as a scope, its system columns trailing so that a reference to one is
// found (and refused) rather than reported missing.
Scope RowScope(const catalog::TableSchema& table) {
  ScopeEntry entry;
  entry.alias = table.name;
  entry.schema = table.schema_name;
  for (const catalog::ColumnSchema& column : table.columns) {
    entry.column_names.push_back(column.name);
    entry.column_types.push_back(column.type);
  }
  for (std::string_view name : kSystemColumns) {
    entry.column_names.emplace_back(name);
    entry.column_types.push_back(Type{name == "ctid" ? TypeId::kTid : TypeId::kInt8, -1});
  }
  entry.system_columns = kSystemColumns.size();
  Scope scope;
  scope.Add(std::move(entry));
  return scope;
}

// Built-in functions that are volatile or stable in PostgreSQL whatever their arguments.
constexpr std::array<std::string_view, 24> kNotImmutable = {
    "random",       "setseed",          "gen_random_uuid",       "clock_timestamp",
    "current_date", "current_timestamp", "localtimestamp",       "now",
    "statement_timestamp", "timeofday", "transaction_timestamp", "version",
    "age",          "to_char",          "to_date",               "to_timestamp",
    "to_number",    "timezone",         "make_timestamptz",      "pg_size_pretty",
    "current_time", "localtime",        "current_user",          "current_schema",
};

bool IsDateTime(TypeId type) {
  return type == TypeId::kDate || type == TypeId::kTimestamp || type == TypeId::kInterval ||
         type == TypeId::kTime || type == TypeId::kTimestampTz || type == TypeId::kTimeTz;
}

bool IsCharacterString(TypeId type) {
  return type == TypeId::kText || type == TypeId::kVarchar || type == TypeId::kBpchar ||
         type == TypeId::kName || type == TypeId::kChar;
}

// Whether PostgreSQL would call the node stable or volatile: the calls above, anything that
// computes a timestamptz or timetz from another type (the TimeZone setting), date/time
// text conversions (DateStyle), sequence and catalog calls and SQL function calls.
bool NotImmutable(const BoundExpr& node) {
  switch (node.kind) {
    case BoundKind::kSequenceCall:
    case BoundKind::kCatalogCall:
    case BoundKind::kRoutineCall:
    case BoundKind::kParam:
      return true;
    case BoundKind::kCall: {
      if (std::find(kNotImmutable.begin(), kNotImmutable.end(), node.name) != kNotImmutable.end()) return true;
      const bool zoned_result = node.type.id == TypeId::kTimestampTz || node.type.id == TypeId::kTimeTz;
      return zoned_result && std::any_of(node.args.begin(), node.args.end(), [&](const BoundExprPtr& arg) {
               return arg->type.id != node.type.id && arg->type.id != TypeId::kInterval;
             });
    }
    case BoundKind::kCast: {
      const TypeId from = node.args[0]->type.id;
      const TypeId to = node.type.id;
      if (from == to) return false;
      if ((IsDateTime(from) && IsCharacterString(to)) || (IsCharacterString(from) && IsDateTime(to))) return true;
      return to == TypeId::kTimestampTz || to == TypeId::kTimeTz || from == TypeId::kTimestampTz ||
             from == TypeId::kTimeTz;
    }
    default:
      return false;
  }
}

BoundExprPtr BindOver(const catalog::TableSchema& table, const parser::Expr& expr, const Type& type,
                      AnalyzeContext& context) {
  const Scope scope = RowScope(table);
  ExprBinder binder(context, scope, nullptr, std::string(kClause));
  return Coerce(binder.Bind(expr), type, types::CastContext::kAssignment, context);
}

}  // namespace

std::string CheckGenerationExpression(const catalog::TableSchema& table, size_t column,
                                      const parser::Expr& expr, AnalyzeContext& context) {
  const BoundExprPtr bound = BindOver(table, expr, table.columns[column].type, context);
  const size_t width = table.columns.size();
  std::optional<Error> error;
  bool not_immutable = false;
  bound->Walk([&](const BoundExpr& node) {
    if (error) return;
    if (node.kind == BoundKind::kSubquery) {
      error = context.ErrorAt(sqlstate::kFeatureNotSupported,
                              "cannot use subquery in column generation expression", node.location);
    } else if (node.kind == BoundKind::kColumn && node.index >= width) {
      error = context.ErrorAt(sqlstate::kInvalidColumnReference,
                              "cannot use system column \"" +
                                  std::string(kSystemColumns[node.index - width]) +
                                  "\" in column generation expression",
                              node.location);
    } else if (node.kind == BoundKind::kColumn && table.columns[node.index].generated != 0) {
      error = context
                  .ErrorAt(sqlstate::kInvalidObjectDefinition,
                           "cannot use generated column \"" + table.columns[node.index].name +
                               "\" in column generation expression",
                           node.location)
                  .WithDetail("A generated column cannot reference another generated column.");
    }
    not_immutable = not_immutable || NotImmutable(node);
  });
  if (error) throw *error;
  if (not_immutable) throw Error(sqlstate::kInvalidObjectDefinition, "generation expression is not immutable");
  return ExprToSql(expr);
}

BoundGenerated BindGenerated(const catalog::TableSchema& table, AnalyzeContext& context) {
  BoundGenerated generated;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const catalog::ColumnSchema& column = table.columns[c];
    if (column.generated == 0 || !column.default_sql) continue;
    // The stored text is bound on its own, with the statement's search path, as a CHECK
    // constraint's is (BindChecks).
    const std::string sql = "SELECT " + *column.default_sql;
    std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
    const auto& select = parsed.front()->As<parser::SelectStmt>();
    std::vector<Type> no_params;
    AnalyzeContext expr_context{context.catalog, context.snapshot, sql, no_params};
    expr_context.search_path = context.search_path;
    expr_context.database = context.database;
    generated.columns.push_back(c);
    generated.exprs.push_back(BindOver(table, *select.targets.front().expr, column.type, expr_context));
  }
  return generated;
}

std::optional<size_t> GeneratedColumnUsing(const catalog::TableSchema& table, size_t column,
                                           AnalyzeContext& context) {
  const BoundGenerated generated = BindGenerated(table, context);
  for (size_t i = 0; i < generated.columns.size(); ++i) {
    bool uses = false;
    generated.exprs[i]->Walk([&](const BoundExpr& node) {
      uses = uses || (node.kind == BoundKind::kColumn && node.index == column);
    });
    if (uses) return generated.columns[i];
  }
  return std::nullopt;
}

void ThrowGeneratedInsert(const catalog::ColumnSchema& column) {
  throw Error(sqlstate::kGeneratedAlways, "cannot insert a non-DEFAULT value into column \"" + column.name + "\"")
      .WithDetail("Column \"" + column.name + "\" is a generated column.");
}

void ThrowGeneratedUpdate(const catalog::ColumnSchema& column) {
  throw Error(sqlstate::kGeneratedAlways, "column \"" + column.name + "\" can only be updated to DEFAULT")
      .WithDetail("Column \"" + column.name + "\" is a generated column.");
}

}  // namespace granary::planner
