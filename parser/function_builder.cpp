// Node builders for CREATE / DROP / ALTER FUNCTION (grammar/function.y).
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/node_builder.hpp"
#include "parser/parse_context.hpp"

namespace granary::parser {

FunctionParameter MakeFunctionParameter(std::string name, FunctionType type, FunctionParameterMode mode,
                                        int location) {
  if (type.setof && mode != FunctionParameterMode::kTable) {
    throw Error(sqlstate::kInvalidFunctionDefinition, "functions cannot accept set arguments");
  }
  FunctionParameter parameter;
  parameter.name = std::move(name);
  parameter.type = std::move(type.type);
  parameter.mode = mode;
  parameter.location = location;
  return parameter;
}

StmtPtr MakeCreateFunction(bool replace, bool procedure, std::vector<std::string> name, int location,
                           std::vector<FunctionParameter> parameters, FunctionType* returns,
                           std::vector<FunctionParameter> table_columns, std::vector<FunctionOption> options,
                           FunctionBody body) {
  auto stmt = std::make_unique<CreateFunctionStmt>();
  stmt->replace = replace;
  stmt->procedure = procedure;
  stmt->name = std::move(name);
  stmt->location = location;
  stmt->parameters = std::move(parameters);
  if (returns != nullptr) {
    stmt->has_return_type = true;
    stmt->return_type = std::move(returns->type);
    stmt->returns_set = returns->setof;
  }
  if (!table_columns.empty()) {
    stmt->returns_table = true;
    stmt->returns_set = true;
    for (FunctionParameter& column : table_columns) stmt->parameters.push_back(std::move(column));
  }
  stmt->options = std::move(options);
  stmt->has_sql_body = body.present;
  stmt->sql_body = std::move(body.texts);
  stmt->sql_body_statements = std::move(body.statements);
  stmt->sql_body_expressions = std::move(body.expressions);
  return stmt;
}

FunctionBody MakeReturnBody(ParseContext& ctx, ExprPtr expr, const Location& span) {
  FunctionBody body;
  body.present = true;
  AddReturnStatement(ctx, body, std::move(expr), span);
  return body;
}

void AddBodyStatement(ParseContext& ctx, FunctionBody& body, StmtPtr statement, const Location& span) {
  if (statement == nullptr) return;
  body.texts.push_back(ctx.SourceText(span));
  body.statements.push_back(std::move(statement));
}

void AddReturnStatement(ParseContext& ctx, FunctionBody& body, ExprPtr expr, const Location& span) {
  body.texts.push_back("SELECT " + ctx.SourceText(span));
  body.expressions.push_back(std::move(expr));
}

FunctionWithArgs MakeFunctionWithArgs(std::vector<std::string> name, bool has_args,
                                      std::vector<FunctionParameter> parameters, int location) {
  FunctionWithArgs function;
  function.name = std::move(name);
  function.has_args = has_args;
  function.location = location;
  // As PostgreSQL's extractArgTypes: OUT parameters are not part of the signature.
  for (FunctionParameter& parameter : parameters) {
    if (parameter.mode == FunctionParameterMode::kOut || parameter.mode == FunctionParameterMode::kTable) continue;
    function.arg_types.push_back(std::move(parameter.type));
  }
  return function;
}

StmtPtr MakeCommentOnFunction(FunctionWithArgs function, std::optional<std::string> text) {
  auto stmt = std::make_unique<CommentStmt>();
  stmt->object_type = ObjectType::kFunction;
  stmt->name = function.name;
  stmt->location = function.location;
  stmt->function = std::move(function);
  stmt->text = std::move(text);
  return stmt;
}

StmtPtr MakeDropFunction(std::vector<FunctionWithArgs> functions, bool if_exists, bool cascade) {
  auto stmt = std::make_unique<DropFunctionStmt>();
  stmt->functions = std::move(functions);
  stmt->if_exists = if_exists;
  stmt->cascade = cascade;
  return stmt;
}

StmtPtr MakeAlterFunction(FunctionWithArgs function, AlterFunctionAction action, std::string new_name,
                          std::vector<FunctionOption> options) {
  auto stmt = std::make_unique<AlterFunctionStmt>();
  stmt->function = std::move(function);
  stmt->action = action;
  stmt->new_name = std::move(new_name);
  stmt->options = std::move(options);
  return stmt;
}

}  // namespace granary::parser
