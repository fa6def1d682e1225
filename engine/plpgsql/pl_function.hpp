// A compiled PL/pgSQL function: its parsed body with every name resolved to a variable slot,
// and every SQL piece turned into a PlQuery: the SQL text with the variables it reads
// replaced by $n parameters (PostgreSQL resolves them through parser hooks instead; the
// effect is the same: variables are values, never text spliced into SQL), plus the cached
// plan of that text (planned at its first run, again when a parameter's type changes).
//
// Name resolution: a name in SQL text is a variable when it is declared in an enclosing
// block (innermost first) or is a parameter, unless it follows a `.`, precedes `(`, follows
// AS, or names a column being assigned (INSERT's column list, UPDATE's SET). A name that is
// both a variable and a column of a table the statement reads is taken as the variable
// (PostgreSQL raises 42702 unless #variable_conflict says otherwise). `rec.field` of a record
// variable is its own parameter; `label.name` and `function.param` qualify a variable.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/function_schema.hpp"
#include "engine/plpgsql/pl_ast.hpp"
#include "engine/statement_runner.hpp"
#include "parser/ast.hpp"
#include "types/value.hpp"

namespace granary::plpgsql {

// A variable: declared type, or a record (names and types known when assigned).
struct PlVariable {
  std::string name;
  types::Type type;
  bool record = false;
  bool constant = false;
  bool not_null = false;
  // %ROWTYPE: the row's field names and types, fixed at compile time.
  std::vector<std::string> row_names;
  std::vector<types::Type> row_types;
};

// Where a $n of a compiled query takes its value from: a variable, or a field of a record.
struct PlParamRef {
  int slot = -1;
  std::string field;
};

struct PlQuery {
  std::string text;  // SQL with $1.. for `params`
  int line = 0;
  std::vector<PlParamRef> params;
  // The cached plan, for `planned_types`: the plan of a SELECT / INSERT / UPDATE / DELETE,
  // `simple` when that plan is a single row computed from the parameters alone (an
  // expression evaluated without building an executor tree), or the parsed statement of a
  // utility command run through the engine each time.
  std::vector<types::Type> planned_types;
  uint64_t planned_version = 0;
  std::unique_ptr<PlannedStatement> planned;
  std::vector<const planner::BoundExpr*> simple;
  bool is_simple = false;
  parser::StmtPtr statement;
};

// A compiled function (or DO block).
struct PlFunction {
  catalog::FunctionSchema schema;
  bool inline_block = false;       // a DO block
  std::string signature;           // "name(type, ...)" for CONTEXT lines
  PlFunctionBody body;
  std::vector<PlVariable> variables;
  int found_slot = -1;
  int sqlstate_slot = -1;
  int sqlerrm_slot = -1;
  std::vector<int> argument_slots;  // the call's arguments, in order
  std::vector<int> output_slots;    // OUT / INOUT / TABLE parameters
  types::Type result_type;          // void for a procedure-like body
  bool returns_set = false;
  // Validity of the cached compilation (pl_routine_caller.cpp).
  uint64_t catalog_version = 0;
};

// Resolves types (through `describe`, which plans a query and returns its output columns)
// and names. 42601 for SQL pieces that do not parse or names that cannot be assigned,
// 42704 for unknown types, 0A000 for what is not supported.
using DescribeQuery = std::function<std::pair<std::vector<std::string>, std::vector<types::Type>>(const std::string&)>;
// `inline_block`: a DO block (no result, CONTEXT names inline_code_block).
std::unique_ptr<PlFunction> CompileFunction(const catalog::FunctionSchema& schema, const std::string& source,
                                            const DescribeQuery& describe, bool inline_block = false);

}  // namespace granary::plpgsql
