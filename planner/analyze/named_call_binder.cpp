// ExprBinder::BindNamedCall: a function call with named arguments (`make_interval(days =>
// 3)`, `f(1, c := 2)`), as PostgreSQL's ParseFuncOrColumn and func_get_detail take it.
//
// The names are checked first (42601), then the values bound. A built-in that PostgreSQL
// names the parameters of (types/functions/parameter_names.hpp) is called with its
// arguments put in parameter order and the omitted ones filled with their defaults, and
// then resolved as a positional call; otherwise the user functions are tried with the names
// (sql_function_binder.hpp). Aggregates, window functions and the SQL-syntax forms have no
// named parameters here, as in PostgreSQL: 42883 with the call's signature.
#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/call_arguments.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "types/functions/parameter_names.hpp"

namespace granary::planner {
namespace {

// A built-in parameter's default (types::ParameterNames::defaults), as a constant of the
// type its text reads as.
parser::ExprPtr ParseDefault(std::string_view text) {
  std::vector<parser::StmtPtr> parsed = parser::Parse("SELECT " + std::string(text));
  auto& select = parsed.front()->As<parser::SelectStmt>();
  return std::move(select.targets.front().expr);
}

}  // namespace

BoundExprPtr ExprBinder::BindNamedCall(const parser::FuncCallExpr& expr, bool set_function_here) {
  CheckArgumentNames(expr, context_);
  const std::vector<std::string> names = CallArgumentNames(expr);
  std::vector<BoundExprPtr> args;
  for (const parser::ExprPtr& arg : expr.args) args.push_back(Bind(ArgumentValue(*arg)));
  const std::string& name = expr.name.back();
  const bool qualified = expr.name.size() > 1 && expr.name[expr.name.size() - 2] != "pg_catalog";
  const bool plain_call = !expr.star && !expr.distinct && !expr.filter && expr.order_by.empty() &&
                          expr.within_group.empty() && !expr.over;
  if (!qualified && plain_call) {
    for (const types::ParameterNames* entry : types::FindParameterNames(name)) {
      const std::vector<std::string> parameters(entry->names.begin(), entry->names.end());
      const std::optional<std::vector<int>> slots =
          MatchCallArguments(parameters, entry->defaults.size(), args.size(), names);
      if (!slots) continue;
      const size_t first_default = parameters.size() - entry->defaults.size();
      std::vector<BoundExprPtr> positional;
      for (size_t p = 0; p < parameters.size(); ++p) {
        const int slot = (*slots)[p];
        if (slot >= 0) {
          positional.push_back(std::move(args[static_cast<size_t>(slot)]));
        } else {
          const parser::ExprPtr value = ParseDefault(entry->defaults[p - first_default]);
          positional.push_back(Bind(*value));
        }
      }
      return BindCallWithArguments(expr, name, std::move(positional), set_function_here);
    }
  }
  if (plain_call) {
    const std::string schema = qualified ? expr.name[expr.name.size() - 2] : std::string();
    if (BoundExprPtr call = BindUserFunction(expr, schema, args, set_function_here)) return call;
  }
  std::string full_name;
  for (const std::string& part : expr.name) full_name += (full_name.empty() ? "" : ".") + part;
  throw context_
      .ErrorAt(sqlstate::kUndefinedFunction,
               "function " + CallSignatureText(full_name, args, names) + " does not exist", expr.location)
      .WithHint(kNoFunctionMatchesHint);
}

}  // namespace granary::planner
