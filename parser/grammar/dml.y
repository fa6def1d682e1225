/*
 * parser/grammar/dml.y -- INSERT, UPDATE, DELETE, each with an optional WITH clause.
 */
%type <granary::parser::StmtPtr> InsertStmt UpdateStmt DeleteStmt
%type <std::unique_ptr<RangeVar>> insert_target
%type <InsertRest> insert_rest
%type <std::vector<std::string>> insert_column_list
%type <std::vector<ResTarget>> returning_clause
%type <std::vector<SetClause>> set_clause_list
%type <SetClause> set_clause
%type <std::vector<TableRefPtr>> using_clause
%type <std::unique_ptr<OnConflictClause>> opt_on_conflict
%type <OnConflictClause> opt_conf_expr
%type <OverridingKind> override_kind

%%

InsertStmt:
    opt_with_clause INSERT INTO insert_target insert_rest opt_on_conflict returning_clause
                                    { $$ = MakeInsert($4, $5, $6, $7); AttachWithClause(*$$, $1); }
  ;

/* Can't easily make AS optional here, because VALUES in insert_rest would have a
 * shift/reduce conflict with VALUES as an optional alias. */
insert_target:
    qualified_name                  { $$ = $1; }
  | qualified_name AS ColId         { $$ = $1; $$->alias = Alias{$3, {}}; }
  ;

insert_rest:
    SelectStmt                      { $$.select = $1; }
  | OVERRIDING override_kind VALUE_P SelectStmt
                                    { $$.overriding = $2; $$.select = $4; }
  | '(' insert_column_list ')' SelectStmt
                                    { $$.columns = $2; $$.select = $4; }
  | '(' insert_column_list ')' OVERRIDING override_kind VALUE_P SelectStmt
                                    { $$.columns = $2; $$.overriding = $5; $$.select = $7; }
  | DEFAULT VALUES                  { $$ = InsertRest{}; }
  ;

override_kind:
    USER                            { $$ = OverridingKind::kUserValue; }
  | SYSTEM_P                        { $$ = OverridingKind::kSystemValue; }
  ;

opt_on_conflict:
    ON CONFLICT opt_conf_expr DO UPDATE SET set_clause_list where_clause
        {
          $$ = std::make_unique<OnConflictClause>(std::move($3));
          $$->action = OnConflictAction::kUpdate;
          $$->set_clauses = $7;
          $$->where = $8;
          $$->location = @1.begin;
        }
  | ON CONFLICT opt_conf_expr DO NOTHING
        {
          $$ = std::make_unique<OnConflictClause>(std::move($3));
          $$->action = OnConflictAction::kNothing;
          $$->location = @1.begin;
        }
  | %empty                          { $$ = nullptr; }
  ;

opt_conf_expr:
    '(' index_params ')' where_clause
                                    { $$ = OnConflictClause{}; $$.target = $2; $$.target_where = $4; }
  | ON CONSTRAINT name              { $$ = OnConflictClause{}; $$.constraint_name = $3; }
  | %empty                          { $$ = OnConflictClause{}; }
  ;

insert_column_list:
    ColId                           { $$.push_back($1); }
  | insert_column_list ',' ColId    { $$ = $1; $$.push_back($3); }
  ;

returning_clause:
    RETURNING target_list           { $$ = $2; }
  | %empty                          { $$ = std::vector<ResTarget>{}; }
  ;

UpdateStmt:
    opt_with_clause UPDATE relation_expr_opt_alias SET set_clause_list from_clause where_or_current_clause
    returning_clause
                                    { $$ = MakeUpdate($3, $5, $6, $7, $8); AttachWithClause(*$$, $1); }
  ;

set_clause_list:
    set_clause                      { $$.push_back($1); }
  | set_clause_list ',' set_clause  { $$ = $1; $$.push_back($3); }
  ;

set_clause:
    ColId '=' a_expr                { $$ = SetClause{$1, $3, @1.begin}; }
  | ColId indirection '=' a_expr    { $$ = MakeElementSetClause(ctx, $1, $2, $4, @1.begin); }
  ;

DeleteStmt:
    opt_with_clause DELETE_P FROM relation_expr_opt_alias using_clause where_or_current_clause returning_clause
                                    { $$ = MakeDelete($4, $5, $6, $7); AttachWithClause(*$$, $1); }
  ;

using_clause:
    USING from_list                 { $$ = $2; }
  | %empty                          { $$ = std::vector<TableRefPtr>{}; }
  ;
