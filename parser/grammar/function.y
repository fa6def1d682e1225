/*
 * parser/grammar/function.y -- CREATE [OR REPLACE] FUNCTION, DROP FUNCTION, ALTER FUNCTION
 * (PostgreSQL 15's CreateFunctionStmt, RemoveFuncStmt and AlterFunctionStmt / RenameStmt /
 * AlterOwnerStmt / AlterObjectSchemaStmt forms for functions).
 */
%type <granary::parser::StmtPtr> CreateFunctionStmt DropFunctionStmt AlterFunctionStmt
%type <bool> opt_or_replace
%type <std::vector<FunctionParameter>> func_args_with_defaults func_args_with_defaults_list
%type <std::vector<FunctionParameter>> func_args func_args_list table_func_column_list
%type <FunctionParameter> func_arg_with_default func_arg table_func_column
%type <FunctionParameterMode> arg_class
%type <FunctionType> func_type func_return
%type <std::vector<FunctionOption>> opt_createfunc_opt_list createfunc_opt_list alterfunc_opt_list
%type <FunctionOption> createfunc_opt_item common_func_opt_item func_as
%type <FunctionBody> opt_routine_body routine_body_stmt_list
%type <FunctionWithArgs> function_with_argtypes
%type <std::vector<FunctionWithArgs>> function_with_argtypes_list
%type <std::string> param_name

%%

CreateFunctionStmt:
    CREATE opt_or_replace FUNCTION func_name func_args_with_defaults
    RETURNS func_return opt_createfunc_opt_list opt_routine_body
        { FunctionType returns = $7;
          $$ = MakeCreateFunction($2, false, $4, @4.begin, $5, &returns, {}, $8, $9); }
  | CREATE opt_or_replace FUNCTION func_name func_args_with_defaults
    RETURNS TABLE '(' table_func_column_list ')' opt_createfunc_opt_list opt_routine_body
        { $$ = MakeCreateFunction($2, false, $4, @4.begin, $5, nullptr, $9, $11, $12); }
  | CREATE opt_or_replace FUNCTION func_name func_args_with_defaults
    opt_createfunc_opt_list opt_routine_body
        { $$ = MakeCreateFunction($2, false, $4, @4.begin, $5, nullptr, {}, $6, $7); }
  | CREATE opt_or_replace PROCEDURE func_name func_args_with_defaults
    opt_createfunc_opt_list opt_routine_body
        { $$ = MakeCreateFunction($2, true, $4, @4.begin, $5, nullptr, {}, $6, $7); }
  ;

opt_or_replace:
    OR REPLACE                      { $$ = true; }
  | %empty                          { $$ = false; }
  ;

func_args:
    '(' func_args_list ')'          { $$ = $2; }
  | '(' ')'                         { $$ = std::vector<FunctionParameter>{}; }
  ;

func_args_list:
    func_arg                        { $$.push_back($1); }
  | func_args_list ',' func_arg     { $$ = $1; $$.push_back($3); }
  ;

func_args_with_defaults:
    '(' func_args_with_defaults_list ')'
                                    { $$ = $2; }
  | '(' ')'                         { $$ = std::vector<FunctionParameter>{}; }
  ;

func_args_with_defaults_list:
    func_arg_with_default           { $$.push_back($1); }
  | func_args_with_defaults_list ',' func_arg_with_default
                                    { $$ = $1; $$.push_back($3); }
  ;

/* The parameter forms of PostgreSQL's func_arg: [mode] [name] type, or name mode type. */
func_arg:
    arg_class param_name func_type  { $$ = MakeFunctionParameter($2, $3, $1, @1.begin); }
  | param_name arg_class func_type  { $$ = MakeFunctionParameter($1, $3, $2, @1.begin); }
  | param_name func_type            { $$ = MakeFunctionParameter($1, $2, FunctionParameterMode::kIn, @1.begin); }
  | arg_class func_type             { $$ = MakeFunctionParameter("", $2, $1, @1.begin); }
  | func_type                       { $$ = MakeFunctionParameter("", $1, FunctionParameterMode::kIn, @1.begin); }
  ;

arg_class:
    IN_P                            { $$ = FunctionParameterMode::kIn; }
  | OUT_P                           { $$ = FunctionParameterMode::kOut; }
  | INOUT                           { $$ = FunctionParameterMode::kInOut; }
  | IN_P OUT_P                      { $$ = FunctionParameterMode::kInOut; }
  | VARIADIC                        { $$ = FunctionParameterMode::kVariadic; }
  ;

param_name:
    type_function_name              { $$ = $1; }
  ;

func_return:
    func_type                       { $$ = $1; }
  ;

func_type:
    Typename                        { $$ = FunctionType{$1, false}; }
  | SETOF Typename                  { $$ = FunctionType{$2, true}; }
  ;

func_arg_with_default:
    func_arg                        { $$ = $1; }
  | func_arg DEFAULT a_expr
        { $$ = $1; $$.default_text = ctx.SourceText(@3); $$.default_expr = $3; }
  | func_arg '=' a_expr
        { $$ = $1; $$.default_text = ctx.SourceText(@3); $$.default_expr = $3; }
  ;

table_func_column_list:
    table_func_column               { $$.push_back($1); }
  | table_func_column_list ',' table_func_column
                                    { $$ = $1; $$.push_back($3); }
  ;

table_func_column:
    param_name func_type            { $$ = MakeFunctionParameter($1, $2, FunctionParameterMode::kTable, @1.begin); }
  ;

opt_createfunc_opt_list:
    createfunc_opt_list             { $$ = $1; }
  | %empty                          { $$ = std::vector<FunctionOption>{}; }
  ;

createfunc_opt_list:
    createfunc_opt_item             { $$.push_back($1); }
  | createfunc_opt_list createfunc_opt_item
                                    { $$ = $1; $$.push_back($2); }
  ;

createfunc_opt_item:
    AS func_as                      { $$ = $2; $$.location = @1.begin; }
  | LANGUAGE NonReservedWord_or_Sconst
                                    { $$ = FunctionOption{"language", $2, "", @1.begin}; }
  | WINDOW                          { $$ = FunctionOption{"window", "true", "", @1.begin}; }
  | common_func_opt_item            { $$ = $1; }
  ;

func_as:
    Sconst                          { $$ = FunctionOption{"as", $1, "", -1}; }
  | Sconst ',' Sconst               { $$ = FunctionOption{"as", $1, $3, -1}; }
  ;

common_func_opt_item:
    CALLED ON NULL_P INPUT_P        { $$ = FunctionOption{"strict", "false", "", @1.begin}; }
  | RETURNS NULL_P ON NULL_P INPUT_P
                                    { $$ = FunctionOption{"strict", "true", "", @1.begin}; }
  | STRICT_P                        { $$ = FunctionOption{"strict", "true", "", @1.begin}; }
  | IMMUTABLE                       { $$ = FunctionOption{"volatility", "immutable", "", @1.begin}; }
  | STABLE                          { $$ = FunctionOption{"volatility", "stable", "", @1.begin}; }
  | VOLATILE                        { $$ = FunctionOption{"volatility", "volatile", "", @1.begin}; }
  | EXTERNAL SECURITY DEFINER       { $$ = FunctionOption{"security", "definer", "", @1.begin}; }
  | EXTERNAL SECURITY INVOKER       { $$ = FunctionOption{"security", "invoker", "", @1.begin}; }
  | SECURITY DEFINER                { $$ = FunctionOption{"security", "definer", "", @1.begin}; }
  | SECURITY INVOKER                { $$ = FunctionOption{"security", "invoker", "", @1.begin}; }
  | LEAKPROOF                       { $$ = FunctionOption{"leakproof", "true", "", @1.begin}; }
  | NOT LEAKPROOF                   { $$ = FunctionOption{"leakproof", "false", "", @1.begin}; }
  | COST NumericOnly                { $$ = FunctionOption{"cost", $2.text, "", @1.begin}; }
  | ROWS NumericOnly                { $$ = FunctionOption{"rows", $2.text, "", @1.begin}; }
  | SUPPORT any_name                { $$ = FunctionOption{"support", "", "", @1.begin}; }
  | PARALLEL ColId                  { $$ = FunctionOption{"parallel", $2, "", @1.begin}; }
  ;

/* RETURN expr, or BEGIN ATOMIC statements END: kept as the text of each statement. */
opt_routine_body:
    RETURN a_expr                   { $$ = MakeReturnBody(ctx, $2, @2); }
  | BEGIN_P ATOMIC routine_body_stmt_list END_P
                                    { $$ = $3; $$.present = true; }
  | %empty                          { $$ = FunctionBody{}; }
  ;

routine_body_stmt_list:
    routine_body_stmt_list stmt ';' { $$ = $1; AddBodyStatement(ctx, $$, $2, @2); }
  | routine_body_stmt_list RETURN a_expr ';'
                                    { $$ = $1; AddReturnStatement(ctx, $$, $3, @3); }
  | %empty                          { $$ = FunctionBody{}; }
  ;

DropFunctionStmt:
    DROP FUNCTION function_with_argtypes_list opt_drop_behavior
                                    { $$ = MakeDropFunction($3, false, $4); }
  | DROP FUNCTION IF_P EXISTS function_with_argtypes_list opt_drop_behavior
                                    { $$ = MakeDropFunction($5, true, $6); }
  ;

function_with_argtypes_list:
    function_with_argtypes          { $$.push_back($1); }
  | function_with_argtypes_list ',' function_with_argtypes
                                    { $$ = $1; $$.push_back($3); }
  ;

function_with_argtypes:
    func_name func_args             { $$ = MakeFunctionWithArgs($1, true, $2, @1.begin); }
  | type_func_name_keyword          { $$ = MakeFunctionWithArgs({$1}, false, {}, @1.begin); }
  | ColId                           { $$ = MakeFunctionWithArgs({$1}, false, {}, @1.begin); }
  | ColId indirection               { $$ = MakeFunctionWithArgs(MakeQualifiedFuncName(ctx, $1, $2), false, {}, @1.begin); }
  ;

AlterFunctionStmt:
    ALTER FUNCTION function_with_argtypes alterfunc_opt_list opt_restrict
        { $$ = MakeAlterFunction($3, AlterFunctionAction::kOptions, "", $4); }
  | ALTER FUNCTION function_with_argtypes RENAME TO name
        { $$ = MakeAlterFunction($3, AlterFunctionAction::kRename, $6, {}); }
  | ALTER FUNCTION function_with_argtypes OWNER TO RoleSpec
        { $$ = MakeAlterFunction($3, AlterFunctionAction::kOwner, $6, {}); }
  | ALTER FUNCTION function_with_argtypes SET SCHEMA name
        { $$ = MakeAlterFunction($3, AlterFunctionAction::kSetSchema, $6, {}); }
  ;

alterfunc_opt_list:
    common_func_opt_item            { $$.push_back($1); }
  | alterfunc_opt_list common_func_opt_item
                                    { $$ = $1; $$.push_back($2); }
  ;

opt_restrict:
    RESTRICT
  | %empty
  ;
