/*
 * parser/grammar/copy.y -- COPY, after PostgreSQL 15's CopyStmt: both option syntaxes (the
 * pre-9.0 list of keywords and the parenthesised generic list) produce the same options.
 */
%type <granary::parser::StmtPtr> CopyStmt PreparableStmt
%type <bool> copy_from opt_program opt_binary
%type <std::optional<std::string>> copy_file_name
%type <std::vector<CopyOption>> copy_options copy_opt_list copy_generic_opt_list copy_delimiter
%type <CopyOption> copy_opt_item copy_generic_opt_elem copy_generic_opt_arg
%type <std::vector<std::string>> copy_generic_opt_arg_list

%%

CopyStmt:
    COPY opt_binary qualified_name opt_column_list copy_from opt_program copy_file_name
        copy_delimiter opt_with copy_options where_clause
        { $$ = MakeCopy(ctx, $2, $3, $4, $5, $6, $7, $8, $10, $11, @1.begin); }
  | COPY '(' PreparableStmt ')' TO opt_program copy_file_name opt_with copy_options
        { $$ = MakeCopyQuery(ctx, $3, @3, $6, $7, $9, @1.begin); }
  ;

/* The statements COPY (query) TO accepts; DML needs RETURNING (checked by the engine). */
PreparableStmt:
    SelectStmt                      { $$ = $1; }
  | InsertStmt                      { $$ = $1; }
  | UpdateStmt                      { $$ = $1; }
  | DeleteStmt                      { $$ = $1; }
  ;

copy_from:
    FROM                            { $$ = true; }
  | TO                              { $$ = false; }
  ;

opt_program:
    PROGRAM                         { $$ = true; }
  | %empty                          { $$ = false; }
  ;

copy_file_name:
    Sconst                          { $$ = $1; }
  | STDIN                           { $$ = std::nullopt; }
  | STDOUT                          { $$ = std::nullopt; }
  ;

copy_options:
    copy_opt_list                   { $$ = $1; }
  | '(' copy_generic_opt_list ')'   { $$ = $2; }
  ;

copy_opt_list:
    copy_opt_list copy_opt_item     { $$ = $1; $$.push_back($2); }
  | %empty                          { $$ = std::vector<CopyOption>{}; }
  ;

copy_opt_item:
    BINARY                          { $$ = MakeCopyOption("format", "binary", @1.begin); }
  | FREEZE                          { $$ = MakeCopyOption("freeze", "true", @1.begin); }
  | DELIMITER opt_as Sconst         { $$ = MakeCopyOption("delimiter", $3, @1.begin); }
  | NULL_P opt_as Sconst            { $$ = MakeCopyOption("null", $3, @1.begin); }
  | CSV                             { $$ = MakeCopyOption("format", "csv", @1.begin); }
  | HEADER_P                        { $$ = MakeCopyOption("header", "true", @1.begin); }
  | QUOTE opt_as Sconst             { $$ = MakeCopyOption("quote", $3, @1.begin); }
  | ESCAPE opt_as Sconst            { $$ = MakeCopyOption("escape", $3, @1.begin); }
  | FORCE QUOTE columnList          { $$ = MakeCopyListOption("force_quote", $3, @1.begin); }
  | FORCE QUOTE '*'                 { $$ = MakeCopyStarOption("force_quote", @1.begin); }
  | FORCE NOT NULL_P columnList     { $$ = MakeCopyListOption("force_not_null", $4, @1.begin); }
  | FORCE NULL_P columnList         { $$ = MakeCopyListOption("force_null", $3, @1.begin); }
  | ENCODING Sconst                 { $$ = MakeCopyOption("encoding", $2, @1.begin); }
  ;

/* The pre-7.3 BINARY before the table name. */
opt_binary:
    BINARY                          { $$ = true; }
  | %empty                          { $$ = false; }
  ;

copy_delimiter:
    opt_using DELIMITERS Sconst     { $$.push_back(MakeCopyOption("delimiter", $3, @2.begin)); }
  | %empty                          { $$ = std::vector<CopyOption>{}; }
  ;

opt_using:
    USING
  | %empty
  ;

copy_generic_opt_list:
    copy_generic_opt_elem           { $$.push_back($1); }
  | copy_generic_opt_list ',' copy_generic_opt_elem
                                    { $$ = $1; $$.push_back($3); }
  ;

copy_generic_opt_elem:
    ColLabel copy_generic_opt_arg   { $$ = $2; $$.name = $1; $$.location = @1.begin; }
  ;

copy_generic_opt_arg:
    opt_boolean_or_string           { $$ = CopyOption{}; $$.kind = CopyOptionKind::kString; $$.value = $1; }
  | NumericOnly                     { $$ = CopyOption{}; $$.kind = CopyOptionKind::kNumber; $$.value = $1.text; }
  | '*'                             { $$ = CopyOption{}; $$.kind = CopyOptionKind::kStar; }
  | '(' copy_generic_opt_arg_list ')'
                                    { $$ = CopyOption{}; $$.kind = CopyOptionKind::kList; $$.list = $2; }
  | %empty                          { $$ = CopyOption{}; }
  ;

copy_generic_opt_arg_list:
    opt_boolean_or_string           { $$.push_back($1); }
  | copy_generic_opt_arg_list ',' opt_boolean_or_string
                                    { $$ = $1; $$.push_back($3); }
  ;

opt_as:
    AS
  | %empty
  ;
