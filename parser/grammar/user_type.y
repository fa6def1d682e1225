/*
 * parser/grammar/user_type.y -- CREATE TYPE ... AS ENUM and ALTER TYPE's enum forms
 * (PostgreSQL's CreateEnumStmt and AlterEnumStmt). DROP TYPE is a DropStmt (ddl.y).
 */
%type <granary::parser::StmtPtr> CreateEnumStmt AlterEnumStmt
%type <std::vector<std::string>> opt_enum_val_list enum_val_list
%type <bool> opt_if_not_exists

%%

CreateEnumStmt:
    CREATE TYPE_P any_name AS ENUM_P '(' opt_enum_val_list ')'
                                    { $$ = MakeCreateEnum($3, $7, @3.begin); }
  ;

opt_enum_val_list:
    enum_val_list                   { $$ = $1; }
  | %empty                          { $$ = std::vector<std::string>{}; }
  ;

enum_val_list:
    Sconst                          { $$.push_back($1); }
  | enum_val_list ',' Sconst        { $$ = $1; $$.push_back($3); }
  ;

AlterEnumStmt:
    ALTER TYPE_P any_name ADD_P VALUE_P opt_if_not_exists Sconst
        { $$ = MakeAlterEnumAdd($3, $6, $7, std::nullopt, false, @3.begin); }
  | ALTER TYPE_P any_name ADD_P VALUE_P opt_if_not_exists Sconst BEFORE Sconst
        { $$ = MakeAlterEnumAdd($3, $6, $7, $9, true, @3.begin); }
  | ALTER TYPE_P any_name ADD_P VALUE_P opt_if_not_exists Sconst AFTER Sconst
        { $$ = MakeAlterEnumAdd($3, $6, $7, $9, false, @3.begin); }
  | ALTER TYPE_P any_name RENAME VALUE_P Sconst TO Sconst
        { $$ = MakeAlterEnumRename($3, $6, $8, @3.begin); }
  ;

opt_if_not_exists:
    IF_P NOT EXISTS                 { $$ = true; }
  | %empty                          { $$ = false; }
  ;
