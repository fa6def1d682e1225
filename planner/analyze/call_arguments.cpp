// Named and VARIADIC call arguments (call_arguments.hpp).
#include "planner/analyze/call_arguments.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "types/type.hpp"

namespace granary::planner {

std::vector<std::string> CallArgumentNames(const parser::FuncCallExpr& call) {
  std::vector<std::string> names;
  bool any = false;
  for (const parser::ExprPtr& arg : call.args) {
    if (arg->kind == parser::ExprKind::kNamedArg) {
      names.push_back(arg->As<parser::NamedArgExpr>().name);
      any = true;
    } else {
      names.emplace_back();
    }
  }
  if (!any) names.clear();
  return names;
}

const parser::Expr& ArgumentValue(const parser::Expr& arg) {
  if (arg.kind == parser::ExprKind::kNamedArg) return *arg.As<parser::NamedArgExpr>().arg;
  return arg;
}

void CheckArgumentNames(const parser::FuncCallExpr& call, AnalyzeContext& context) {
  bool seen_named = false;
  for (size_t i = 0; i < call.args.size(); ++i) {
    const parser::Expr& arg = *call.args[i];
    if (arg.kind != parser::ExprKind::kNamedArg) {
      if (seen_named) {
        throw context.ErrorAt(sqlstate::kSyntaxError, "positional argument cannot follow named argument",
                              arg.location);
      }
      continue;
    }
    seen_named = true;
    const std::string& name = arg.As<parser::NamedArgExpr>().name;
    for (size_t j = 0; j < i; ++j) {
      const parser::Expr& earlier = *call.args[j];
      if (earlier.kind == parser::ExprKind::kNamedArg && earlier.As<parser::NamedArgExpr>().name == name) {
        throw context.ErrorAt(sqlstate::kSyntaxError, "argument name \"" + name + "\" used more than once",
                              arg.location);
      }
    }
  }
}

std::optional<std::vector<int>> MatchCallArguments(const std::vector<std::string>& parameters, size_t defaults,
                                                   size_t arg_count, const std::vector<std::string>& arg_names) {
  if (arg_count > parameters.size()) return std::nullopt;
  std::vector<int> slots(parameters.size(), -1);
  size_t positional = 0;
  while (positional < arg_count && (arg_names.empty() || arg_names[positional].empty())) {
    slots[positional] = static_cast<int>(positional);
    ++positional;
  }
  for (size_t i = positional; i < arg_count; ++i) {
    bool found = false;
    for (size_t p = positional; p < parameters.size(); ++p) {
      if (parameters[p].empty() || parameters[p] != arg_names[i]) continue;
      slots[p] = static_cast<int>(i);
      found = true;
      break;
    }
    if (!found) return std::nullopt;
  }
  const size_t first_default = parameters.size() - std::min(defaults, parameters.size());
  for (size_t p = 0; p < parameters.size(); ++p) {
    if (slots[p] < 0 && p < first_default) return std::nullopt;
  }
  return slots;
}

std::string CallSignatureText(const std::string& name, const std::vector<BoundExprPtr>& args,
                              const std::vector<std::string>& arg_names) {
  std::string text = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) text += ", ";
    if (i < arg_names.size() && !arg_names[i].empty()) text += arg_names[i] + " => ";
    const types::TypeId type = args[i]->type.id;
    text += type == types::TypeId::kUnknown ? "unknown" : types::FormatType(types::Type{type, -1});
  }
  return text + ")";
}

}  // namespace granary::planner
