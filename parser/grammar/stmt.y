/*
 * parser/grammar/stmt.y -- statement lists and utility statements: transactions, EXPLAIN,
 * SET / RESET / SHOW, CHECKPOINT.
 */
%type <granary::parser::StmtPtr> toplevel_stmt stmt TransactionStmt TransactionStmtLegacy
%type <granary::parser::StmtPtr> ExplainStmt ExplainableStmt DoStmt
%type <std::vector<std::pair<std::string, std::string>>> dostmt_opt_list
%type <std::pair<std::string, std::string>> dostmt_opt_item
%type <granary::parser::StmtPtr> VariableSetStmt VariableResetStmt VariableShowStmt
%type <granary::parser::StmtPtr> CheckPointStmt VacuumStmt AnalyzeStmt ConstraintsSetStmt ReindexStmt
%type <granary::parser::StmtPtr> ClusterStmt
%type <std::string> cluster_index_specification
%type <std::vector<GenericOption>> opt_reindex_option_list
%type <ReindexTarget> reindex_target_relation reindex_target_all
%type <bool> opt_reindex_concurrently
%type <std::vector<VacuumRelation>> opt_vacuum_relation_list vacuum_relation_list
%type <VacuumRelation> vacuum_relation
%type <std::vector<std::vector<std::string>>> constraints_set_list
%type <bool> constraints_set_mode
%type <bool> opt_full opt_freeze opt_analyze_flag
%type <TransactionModes> transaction_mode_list transaction_mode_list_or_empty
%type <TransactionModes> transaction_mode_item
%type <std::string> iso_level var_name var_value opt_boolean_or_string
%type <std::string> NonReservedWord_or_Sconst utility_option_name reset_rest generic_reset
%type <std::vector<std::string>> var_list
%type <SetRest> set_rest set_rest_more generic_set zone_value opt_encoding
%type <std::vector<GenericOption>> utility_option_list
%type <GenericOption> utility_option_elem
%type <GenericValue> utility_option_arg NumericOnly
%type <bool> opt_verbose opt_transaction_chain
%type <granary::parser::StmtPtr> PrepareStmt ExecuteStmt DeallocateStmt
%type <std::vector<TypeName>> prep_type_clause type_list
%type <ExprList> execute_param_clause

%%

parse_toplevel:
    stmtmulti
  ;

/*
 * Statements separated by ';'. Each statement's span is its first to last token, so an
 * empty statement (;;) has none and is dropped.
 */
stmtmulti:
    stmtmulti ';' toplevel_stmt     { ctx.AddStatement($3, @3); }
  | toplevel_stmt                   { ctx.AddStatement($1, @1); }
  ;

/* BEGIN and END are only statements at top level (not inside EXPLAIN and the like). */
toplevel_stmt:
    stmt                            { $$ = $1; }
  | TransactionStmtLegacy           { $$ = $1; }
  ;

stmt:
    AlterRoleStmt                   { $$ = $1; }
  | AlterSchemaStmt                 { $$ = $1; }
  | AlterSeqStmt                    { $$ = $1; }
  | AlterTableStmt                  { $$ = $1; }
  | CopyStmt                        { $$ = $1; }
  | RenameStmt                      { $$ = $1; }
  | TruncateStmt                    { $$ = $1; }
  | CheckPointStmt                  { $$ = $1; }
  | DoStmt                          { $$ = $1; }
  | ReindexStmt                     { $$ = $1; }
  | ConstraintsSetStmt              { $$ = $1; }
  | CommentStmt                     { $$ = $1; }
  | CreateRoleStmt                  { $$ = $1; }
  | CreateSchemaStmt                { $$ = $1; }
  | CreateCollationStmt             { $$ = $1; }
  | CreateEnumStmt                  { $$ = $1; }
  | AlterEnumStmt                   { $$ = $1; }
  | CreateFunctionStmt              { $$ = $1; }
  | DropFunctionStmt                { $$ = $1; }
  | AlterFunctionStmt               { $$ = $1; }
  | CreateSeqStmt                   { $$ = $1; }
  | CreateStmt                      { $$ = $1; }
  | CreateAsStmt                    { $$ = $1; }
  | CreateMatViewStmt               { $$ = $1; }
  | RefreshMatViewStmt              { $$ = $1; }
  | CreateUserStmt                  { $$ = $1; }
  | ClosePortalStmt                 { $$ = $1; }
  | DeallocateStmt                  { $$ = $1; }
  | DeclareCursorStmt               { $$ = $1; }
  | DeleteStmt                      { $$ = $1; }
  | DropRoleStmt                    { $$ = $1; }
  | DropStmt                        { $$ = $1; }
  | ExecuteStmt                     { $$ = $1; }
  | ExplainStmt                     { $$ = $1; }
  | FetchStmt                       { $$ = $1; }
  | IndexStmt                       { $$ = $1; }
  | ViewStmt                        { $$ = $1; }
  | InsertStmt                      { $$ = $1; }
  | LockStmt                        { $$ = $1; }
  | PrepareStmt                     { $$ = $1; }
  | SelectStmt                      { $$ = $1; }
  | TransactionStmt                 { $$ = $1; }
  | UpdateStmt                      { $$ = $1; }
  | VacuumStmt                      { $$ = $1; }
  | ClusterStmt                     { $$ = $1; }
  | AnalyzeStmt                     { $$ = $1; }
  | VariableResetStmt               { $$ = $1; }
  | VariableSetStmt                 { $$ = $1; }
  | VariableShowStmt                { $$ = $1; }
  | %empty                          { $$ = nullptr; }
  ;

/* ---------------------------------------------------------------- transactions */

TransactionStmt:
    ABORT_P opt_transaction opt_transaction_chain
                                    { $$ = MakeTransaction(TransactionKind::kRollback, {}, $3); }
  | START TRANSACTION transaction_mode_list_or_empty
                                    { $$ = MakeBegin($3); }
  | COMMIT opt_transaction opt_transaction_chain
                                    { $$ = MakeTransaction(TransactionKind::kCommit, {}, $3); }
  | SAVEPOINT ColId                 { $$ = MakeTransaction(TransactionKind::kSavepoint, $2); }
  | RELEASE SAVEPOINT ColId         { $$ = MakeTransaction(TransactionKind::kRelease, $3); }
  | RELEASE ColId                   { $$ = MakeTransaction(TransactionKind::kRelease, $2); }
  | ROLLBACK opt_transaction opt_transaction_chain
                                    { $$ = MakeTransaction(TransactionKind::kRollback, {}, $3); }
  | ROLLBACK opt_transaction TO SAVEPOINT ColId
                                    { $$ = MakeTransaction(TransactionKind::kRollbackTo, $5); }
  | ROLLBACK opt_transaction TO ColId
                                    { $$ = MakeTransaction(TransactionKind::kRollbackTo, $4); }
  ;

TransactionStmtLegacy:
    BEGIN_P opt_transaction transaction_mode_list_or_empty
                                    { $$ = MakeBegin($3); }
  | END_P opt_transaction opt_transaction_chain
                                    { $$ = MakeTransaction(TransactionKind::kCommit, {}, $3); }
  ;

opt_transaction:
    WORK
  | TRANSACTION
  | %empty
  ;

/* COMMIT / ROLLBACK AND CHAIN: a new transaction block with the same characteristics. */
opt_transaction_chain:
    AND CHAIN                       { $$ = true; }
  | AND NO CHAIN                    { $$ = false; }
  | %empty                          { $$ = false; }
  ;

transaction_mode_item:
    ISOLATION LEVEL iso_level       { $$.isolation_level = $3; $$.count = 1; }
  | READ ONLY                       { $$.read_only = true; $$.count = 1; }
  | READ WRITE                      { $$.read_only = false; $$.count = 1; }
  | DEFERRABLE                      { $$.deferrable = true; $$.count = 1; }
  | NOT DEFERRABLE                  { $$.deferrable = false; $$.count = 1; }
  ;

/* Syntax with commas is SQL-spec, without commas is Postgres historical */
transaction_mode_list:
    transaction_mode_item           { $$ = $1; }
  | transaction_mode_list ',' transaction_mode_item
                                    { $$ = MergeTransactionModes($1, $3); }
  | transaction_mode_list transaction_mode_item
                                    { $$ = MergeTransactionModes($1, $2); }
  ;

transaction_mode_list_or_empty:
    transaction_mode_list           { $$ = $1; }
  | %empty                          { $$ = TransactionModes{}; }
  ;

iso_level:
    READ UNCOMMITTED                { $$ = "read uncommitted"; }
  | READ COMMITTED                  { $$ = "read committed"; }
  | REPEATABLE READ                 { $$ = "repeatable read"; }
  | SERIALIZABLE                    { $$ = "serializable"; }
  ;

/* ---------------------------------------------------------------- EXPLAIN */

ExplainStmt:
    EXPLAIN ExplainableStmt         { $$ = MakeExplain($2, false, false); }
  | EXPLAIN analyze_keyword opt_verbose ExplainableStmt
                                    { $$ = MakeExplain($4, true, $3); }
  | EXPLAIN VERBOSE ExplainableStmt { $$ = MakeExplain($3, false, true); }
  | EXPLAIN '(' utility_option_list ')' ExplainableStmt
                                    { $$ = MakeExplainWithOptions(ctx, $3, $5); }
  ;

/* The explained statement carries its own span, like a top-level statement. */
ExplainableStmt:
    SelectStmt                      { $$ = $1; SetSpan(*$$, @1); }
  | InsertStmt                      { $$ = $1; SetSpan(*$$, @1); }
  | UpdateStmt                      { $$ = $1; SetSpan(*$$, @1); }
  | DeleteStmt                      { $$ = $1; SetSpan(*$$, @1); }
  | ExecuteStmt                     { $$ = $1; SetSpan(*$$, @1); }
  | DeclareCursorStmt               { $$ = $1; SetSpan(*$$, @1); }
  ;

analyze_keyword:
    ANALYZE
  | ANALYSE /* British */
  ;

opt_verbose:
    VERBOSE                         { $$ = true; }
  | %empty                          { $$ = false; }
  ;

utility_option_list:
    utility_option_elem             { $$.push_back($1); }
  | utility_option_list ',' utility_option_elem
                                    { $$ = $1; $$.push_back($3); }
  ;

utility_option_elem:
    utility_option_name utility_option_arg
                                    { $$ = GenericOption{$1, $2, @1.begin}; }
  ;

utility_option_name:
    NonReservedWord                 { $$ = $1; }
  | analyze_keyword                 { $$ = "analyze"; }
  ;

utility_option_arg:
    opt_boolean_or_string           { $$ = GenericValue{GenericValueKind::kString, $1}; }
  | NumericOnly                     { $$ = $1; }
  | %empty                          { $$ = GenericValue{}; }
  ;

/* ---------------------------------------------------------------- PREPARE / EXECUTE */

/* The prepared statement (PreparableStmt: copy.y) carries its own span. */
PrepareStmt:
    PREPARE name prep_type_clause AS PreparableStmt
        {
          StmtPtr statement = $5;
          SetSpan(*statement, @5);
          $$ = MakePrepare($2, $3, std::move(statement));
        }
  ;

prep_type_clause:
    '(' type_list ')'               { $$ = $2; }
  | %empty                          { $$ = std::vector<TypeName>{}; }
  ;

type_list:
    Typename                        { $$.push_back($1); }
  | type_list ',' Typename          { $$ = $1; $$.push_back($3); }
  ;

ExecuteStmt:
    EXECUTE name execute_param_clause
                                    { $$ = MakeExecute($2, $3); }
  | CREATE OptTemp TABLE qualified_name opt_column_list OptWith OnCommitOption AS EXECUTE name
    execute_param_clause opt_with_data
        {
          StmtPtr execute = MakeExecute($10, $11);
          SetSpan(*execute, Location{@9.begin, @11.empty() ? @10.end : @11.end});
          $$ = MakeCreateTableAs($4, $5, $6, std::move(execute), $2, false, $12);
          $$->As<CreateTableAsStmt>().on_commit = $7;
        }
  | CREATE OptTemp TABLE IF_P NOT EXISTS qualified_name opt_column_list OptWith OnCommitOption AS
    EXECUTE name execute_param_clause opt_with_data
        {
          StmtPtr execute = MakeExecute($13, $14);
          SetSpan(*execute, Location{@12.begin, @14.empty() ? @13.end : @14.end});
          $$ = MakeCreateTableAs($7, $8, $9, std::move(execute), $2, true, $15);
          $$->As<CreateTableAsStmt>().on_commit = $10;
        }
  ;

execute_param_clause:
    '(' expr_list ')'               { $$ = $2; }
  | %empty                          { $$ = ExprList{}; }
  ;

DeallocateStmt:
    DEALLOCATE name                 { $$ = MakeDeallocate($2, false); }
  | DEALLOCATE PREPARE name         { $$ = MakeDeallocate($3, false); }
  | DEALLOCATE ALL                  { $$ = MakeDeallocate("", true); }
  | DEALLOCATE PREPARE ALL          { $$ = MakeDeallocate("", true); }
  ;

/* ---------------------------------------------------------------- SET / RESET / SHOW */

VariableSetStmt:
    SET set_rest                    { $$ = MakeVariableSet($2, false); }
  | SET LOCAL set_rest              { $$ = MakeVariableSet($3, true); }
  | SET SESSION set_rest            { $$ = MakeVariableSet($3, false); }
  ;

set_rest:
    TRANSACTION transaction_mode_list
                                    { $$ = TransactionModesToSet(ctx, $2, false, @2.begin); }
  | SESSION CHARACTERISTICS AS TRANSACTION transaction_mode_list
                                    { $$ = TransactionModesToSet(ctx, $5, true, @5.begin); }
  | set_rest_more                   { $$ = $1; }
  ;

generic_set:
    var_name TO var_list            { $$ = SetRest{$1, $3, false}; }
  | var_name '=' var_list           { $$ = SetRest{$1, $3, false}; }
  | var_name TO DEFAULT             { $$ = SetRest{$1, {}, true}; }
  | var_name '=' DEFAULT            { $$ = SetRest{$1, {}, true}; }
  ;

set_rest_more:
    generic_set                     { $$ = $1; }
  | TIME ZONE zone_value            { $$ = $3; $$.name = "timezone"; }
  | SCHEMA Sconst                   { $$ = SetRest{"search_path", {$2}, false}; }
  | NAMES opt_encoding              { $$ = $2; $$.name = "client_encoding"; }
  | ROLE NonReservedWord_or_Sconst  { $$ = SetRest{"role", {$2}, false}; }
  | SESSION AUTHORIZATION NonReservedWord_or_Sconst
                                    { $$ = SetRest{"session_authorization", {$3}, false}; }
  | SESSION AUTHORIZATION DEFAULT   { $$ = SetRest{"session_authorization", {}, true}; }
  ;

var_name:
    ColId                           { $$ = $1; }
  | var_name '.' ColId              { $$ = $1 + "." + $3; }
  ;

var_list:
    var_value                       { $$.push_back($1); }
  | var_list ',' var_value          { $$ = $1; $$.push_back($3); }
  ;

var_value:
    opt_boolean_or_string           { $$ = $1; }
  | NumericOnly                     { $$ = $1.text; }
  ;

opt_boolean_or_string:
    TRUE_P                          { $$ = "true"; }
  | FALSE_P                         { $$ = "false"; }
  | ON                              { $$ = "on"; }
    /*
     * OFF is also accepted as a boolean value, but is handled by the NonReservedWord
     * rule. The action for booleans and strings is the same, so we don't need to
     * distinguish them here.
     */
  | NonReservedWord_or_Sconst       { $$ = $1; }
  ;

/* Timezone values can be a string, a number, an identifier, or DEFAULT / LOCAL. */
zone_value:
    Sconst                          { $$ = SetRest{"", {$1}, false}; }
  | IDENT                           { $$ = SetRest{"", {$1}, false}; }
  | NumericOnly                     { $$ = SetRest{"", {$1.text}, false}; }
  | DEFAULT                         { $$ = SetRest{"", {}, true}; }
  | LOCAL                           { $$ = SetRest{"", {}, true}; }
  ;

opt_encoding:
    Sconst                          { $$ = SetRest{"", {$1}, false}; }
  | DEFAULT                         { $$ = SetRest{"", {}, true}; }
  | %empty                          { $$ = SetRest{"", {}, true}; }
  ;

NonReservedWord_or_Sconst:
    NonReservedWord                 { $$ = $1; }
  | Sconst                          { $$ = $1; }
  ;

NumericOnly:
    FCONST                          { $$ = GenericValue{GenericValueKind::kNumeric, $1}; }
  | '+' FCONST                      { $$ = GenericValue{GenericValueKind::kNumeric, $2}; }
  | '-' FCONST                      { $$ = GenericValue{GenericValueKind::kNumeric, NegateNumber($2)}; }
  | SignedIconst                    { $$ = GenericValue{GenericValueKind::kInteger, std::to_string($1)}; }
  ;

VariableResetStmt:
    RESET reset_rest                { $$ = MakeVariableReset($2); }
  ;

reset_rest:
    generic_reset                   { $$ = $1; }
  | TIME ZONE                       { $$ = "timezone"; }
  | TRANSACTION ISOLATION LEVEL     { $$ = "transaction_isolation"; }
  | SESSION AUTHORIZATION           { $$ = "session_authorization"; }
  ;

generic_reset:
    var_name                        { $$ = $1; }
  | ALL                             { $$ = "all"; }
  ;

VariableShowStmt:
    SHOW var_name                   { $$ = MakeVariableShow($2); }
  | SHOW TIME ZONE                  { $$ = MakeVariableShow("timezone"); }
  | SHOW TRANSACTION ISOLATION LEVEL
                                    { $$ = MakeVariableShow("transaction_isolation"); }
  | SHOW SESSION AUTHORIZATION      { $$ = MakeVariableShow("session_authorization"); }
  | SHOW ALL                        { $$ = MakeVariableShow("all"); }
  ;

/* ---------------------------------------------------------------- DO */

DoStmt:
    DO dostmt_opt_list              { $$ = MakeDo($2); }
  ;

dostmt_opt_list:
    dostmt_opt_item                 { $$.push_back($1); }
  | dostmt_opt_list dostmt_opt_item { $$ = $1; $$.push_back($2); }
  ;

dostmt_opt_item:
    Sconst                          { $$ = std::make_pair(std::string("as"), $1); }
  | LANGUAGE NonReservedWord_or_Sconst
                                    { $$ = std::make_pair(std::string("language"), $2); }
  ;

/* ---------------------------------------------------------------- CHECKPOINT */

CheckPointStmt:
    CHECKPOINT                      { $$ = MakeCheckpoint(); }
  ;

/* ---------------------------------------------------------------- REINDEX */

ReindexStmt:
    REINDEX opt_reindex_option_list reindex_target_relation opt_reindex_concurrently qualified_name
        {
          const std::unique_ptr<RangeVar> relation = $5;
          std::vector<std::string> name;
          if (!relation->schema.empty()) name.push_back(relation->schema);
          name.push_back(relation->name);
          $$ = MakeReindex(ctx, $2, $3, $4, std::move(name), @5.begin);
        }
  | REINDEX opt_reindex_option_list reindex_target_all opt_reindex_concurrently name
        { $$ = MakeReindex(ctx, $2, $3, $4, {$5}, @5.begin); }
  ;

opt_reindex_option_list:
    '(' utility_option_list ')'     { $$ = $2; }
  | %empty                          { $$ = {}; }
  ;

reindex_target_relation:
    INDEX                           { $$ = ReindexTarget::kIndex; }
  | TABLE                           { $$ = ReindexTarget::kTable; }
  ;

reindex_target_all:
    SCHEMA                          { $$ = ReindexTarget::kSchema; }
  | SYSTEM_P                        { $$ = ReindexTarget::kSystem; }
  | DATABASE                        { $$ = ReindexTarget::kDatabase; }
  ;

opt_reindex_concurrently:
    CONCURRENTLY                    { $$ = true; }
  | %empty                          { $$ = false; }
  ;

/* ---------------------------------------------------------------- CLUSTER */

ClusterStmt:
    CLUSTER opt_verbose qualified_name cluster_index_specification
        { $$ = MakeCluster(ctx, {}, $2, $3, $4, @3.begin); }
  | CLUSTER '(' utility_option_list ')' qualified_name cluster_index_specification
        { $$ = MakeCluster(ctx, $3, false, $5, $6, @5.begin); }
  | CLUSTER opt_verbose
        { $$ = MakeCluster(ctx, {}, $2, nullptr, "", @1.begin); }
  | CLUSTER '(' utility_option_list ')'
        { $$ = MakeCluster(ctx, $3, false, nullptr, "", @1.begin); }
  /* the form PostgreSQL keeps for compatibility: CLUSTER index ON table */
  | CLUSTER opt_verbose name ON qualified_name
        { $$ = MakeCluster(ctx, {}, $2, $5, $3, @5.begin); }
  ;

cluster_index_specification:
    USING name                      { $$ = $2; }
  | %empty                          { $$ = std::string(); }
  ;

/* ---------------------------------------------------------------- SET CONSTRAINTS */

ConstraintsSetStmt:
    SET CONSTRAINTS constraints_set_list constraints_set_mode
        {
          auto stmt = std::make_unique<SetConstraintsStmt>();
          stmt->names = $3;
          stmt->deferred = $4;
          $$ = std::move(stmt);
        }
  ;

constraints_set_list:
    ALL                             { $$ = std::vector<std::vector<std::string>>{}; }
  | any_name_list                   { $$ = $1; }
  ;

constraints_set_mode:
    DEFERRED                        { $$ = true; }
  | IMMEDIATE                       { $$ = false; }
  ;

/* ---------------------------------------------------------------- VACUUM */

VacuumStmt:
    VACUUM opt_full opt_freeze opt_verbose opt_analyze_flag opt_vacuum_relation_list
                                    { $$ = MakeVacuum($2, $3, $4, $5, std::move($6)); }
  | VACUUM '(' utility_option_list ')' opt_vacuum_relation_list
                                    { $$ = MakeVacuumWithOptions(ctx, $3, std::move($5)); }
  ;

AnalyzeStmt:
    analyze_keyword opt_verbose opt_vacuum_relation_list
                                    { $$ = MakeAnalyze($2, std::move($3)); }
  | analyze_keyword '(' utility_option_list ')' opt_vacuum_relation_list
                                    { $$ = MakeVacuumWithOptions(ctx, $3, std::move($5), false); }
  ;

opt_full:
    FULL                            { $$ = true; }
  | %empty                          { $$ = false; }
  ;

opt_freeze:
    FREEZE                          { $$ = true; }
  | %empty                          { $$ = false; }
  ;

opt_analyze_flag:
    analyze_keyword                 { $$ = true; }
  | %empty                          { $$ = false; }
  ;

opt_vacuum_relation_list:
    vacuum_relation_list            { $$ = std::move($1); }
  | %empty                          { $$ = std::vector<VacuumRelation>{}; }
  ;

vacuum_relation_list:
    vacuum_relation                 { $$.push_back(std::move($1)); }
  | vacuum_relation_list ',' vacuum_relation
                                    { $$ = std::move($1); $$.push_back(std::move($3)); }
  ;

vacuum_relation:
    qualified_name opt_name_list    { $$.relation = std::move($1); $$.columns = std::move($2); $$.location = @1.begin; }
  ;
