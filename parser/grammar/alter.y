/*
 * parser/grammar/alter.y -- ALTER TABLE (PostgreSQL's AlterTableStmt and the table forms of
 * RenameStmt), TRUNCATE, LOCK, and the storage parameters of CREATE TABLE ... WITH (...).
 */
%type <granary::parser::StmtPtr> AlterTableStmt RenameStmt TruncateStmt LockStmt
%type <int> opt_lock lock_type
%type <bool> opt_nowait
%type <std::vector<AlterTableCmd>> alter_table_cmds
%type <AlterTableCmd> alter_table_cmd alter_column_default
%type <std::vector<RelOption>> reloptions reloption_list OptWith
%type <RelOption> reloption_elem
%type <std::string> def_arg reloption_name
%type <ExprPtr> alter_using
%type <std::vector<std::unique_ptr<RangeVar>>> relation_expr_list
%type <bool> opt_restart_seqs

%%

AlterTableStmt:
    ALTER TABLE relation_expr alter_table_cmds
                                    { $$ = MakeAlterTable($3, false, $4); }
  | ALTER TABLE IF_P EXISTS relation_expr alter_table_cmds
                                    { $$ = MakeAlterTable($5, true, $6); }
  ;

alter_table_cmds:
    alter_table_cmd                 { $$.push_back($1); }
  | alter_table_cmds ',' alter_table_cmd
                                    { $$ = $1; $$.push_back($3); }
  ;

alter_table_cmd:
    ADD_P columnDef                 { $$ = MakeAddColumn($2, false, @1.begin); }
  | ADD_P IF_P NOT EXISTS columnDef { $$ = MakeAddColumn($5, true, @1.begin); }
  | ADD_P COLUMN columnDef          { $$ = MakeAddColumn($3, false, @1.begin); }
  | ADD_P COLUMN IF_P NOT EXISTS columnDef
                                    { $$ = MakeAddColumn($6, true, @1.begin); }
  | ALTER opt_column ColId alter_column_default
                                    { $$ = $4; $$.name = $3; $$.location = @1.begin; }
  | ALTER opt_column ColId DROP NOT NULL_P
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropNotNull, $3, @1.begin); }
  | ALTER opt_column ColId SET NOT NULL_P
        { $$ = MakeAlterCmd(AlterTableCmdKind::kSetNotNull, $3, @1.begin); }
  | ALTER opt_column ColId ADD_P GENERATED generated_when AS IDENTITY_P OptParenthesizedSeqOptList
        {
          $$ = MakeAlterCmd(AlterTableCmdKind::kAddIdentity, $3, @1.begin);
          $$.constraint = MakeConstraint(ConstraintKind::kIdentity, @4.begin);
          $$.constraint.generated_always = $6;
          $$.constraint.sequence_options = $9;
        }
  | ALTER opt_column ColId DROP EXPRESSION
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropExpression, $3, @1.begin); }
  | ALTER opt_column ColId DROP EXPRESSION IF_P EXISTS
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropExpression, $3, @1.begin); $$.missing_ok = true; }
  | ALTER opt_column ColId DROP IDENTITY_P
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropIdentity, $3, @1.begin); }
  | ALTER opt_column ColId DROP IDENTITY_P IF_P EXISTS
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropIdentity, $3, @1.begin); $$.missing_ok = true; }
  | ALTER opt_column ColId alter_identity_column_option_list
        { $$ = MakeAlterCmd(AlterTableCmdKind::kAlterIdentity, $3, @1.begin); $$.sequence_options = $4; }
  | ALTER opt_column ColId opt_set_data TYPE_P Typename opt_collate alter_using
        {
          $$ = MakeAlterCmd(AlterTableCmdKind::kAlterType, $3, @1.begin);
          $$.type = $6; $$.collation = $7; $$.collation_location = @7.begin; $$.expr = $8;
        }
  | DROP opt_column IF_P EXISTS ColId opt_drop_behavior
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropColumn, $5, @1.begin); $$.missing_ok = true; $$.cascade = $6; }
  | DROP opt_column ColId opt_drop_behavior
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropColumn, $3, @1.begin); $$.cascade = $4; }
  | ADD_P TableConstraint
        { $$ = MakeAlterCmd(AlterTableCmdKind::kAddConstraint, "", @1.begin); $$.constraint = $2; }
  | VALIDATE CONSTRAINT name
        { $$ = MakeAlterCmd(AlterTableCmdKind::kValidateConstraint, $3, @1.begin); }
  | DROP CONSTRAINT IF_P EXISTS name opt_drop_behavior
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropConstraint, $5, @1.begin); $$.missing_ok = true; $$.cascade = $6; }
  | DROP CONSTRAINT name opt_drop_behavior
        { $$ = MakeAlterCmd(AlterTableCmdKind::kDropConstraint, $3, @1.begin); $$.cascade = $4; }
  | SET reloptions
        { $$ = MakeAlterCmd(AlterTableCmdKind::kSetOptions, "", @1.begin); $$.options = $2; }
  | CLUSTER ON name
        { $$ = MakeAlterCmd(AlterTableCmdKind::kClusterOn, $3, @1.begin); }
  | SET WITHOUT CLUSTER
        { $$ = MakeAlterCmd(AlterTableCmdKind::kSetWithoutCluster, "", @1.begin); }
  | RESET reloptions
        { $$ = MakeAlterCmd(AlterTableCmdKind::kResetOptions, "", @1.begin); $$.options = $2; }
  ;

alter_column_default:
    SET DEFAULT a_expr
        { $$ = MakeAlterCmd(AlterTableCmdKind::kSetDefault, "", @1.begin); $$.expr = $3; }
  | DROP DEFAULT
        { $$ = MakeAlterCmd(AlterTableCmdKind::kSetDefault, "", @1.begin); }
  ;

opt_column:
    COLUMN
  | %empty
  ;

opt_set_data:
    SET DATA_P
  | %empty
  ;

alter_using:
    USING a_expr                    { $$ = $2; }
  | %empty                          { $$ = nullptr; }
  ;

RenameStmt:
    ALTER INDEX qualified_name RENAME TO name
        { $$ = MakeRenameIndex($3, false, $6, @4.begin); }
  | ALTER INDEX IF_P EXISTS qualified_name RENAME TO name
        { $$ = MakeRenameIndex($5, true, $8, @6.begin); }
  | ALTER TABLE relation_expr RENAME TO name
        { $$ = MakeRenameTable($3, false, AlterTableCmdKind::kRenameTable, "", $6, @4.begin); }
  | ALTER TABLE IF_P EXISTS relation_expr RENAME TO name
        { $$ = MakeRenameTable($5, true, AlterTableCmdKind::kRenameTable, "", $8, @6.begin); }
  | ALTER TABLE relation_expr RENAME opt_column name TO name
        { $$ = MakeRenameTable($3, false, AlterTableCmdKind::kRenameColumn, $6, $8, @4.begin); }
  | ALTER TABLE IF_P EXISTS relation_expr RENAME opt_column name TO name
        { $$ = MakeRenameTable($5, true, AlterTableCmdKind::kRenameColumn, $8, $10, @6.begin); }
  | ALTER TABLE relation_expr RENAME CONSTRAINT name TO name
        { $$ = MakeRenameTable($3, false, AlterTableCmdKind::kRenameConstraint, $6, $8, @4.begin); }
  | ALTER TABLE IF_P EXISTS relation_expr RENAME CONSTRAINT name TO name
        { $$ = MakeRenameTable($5, true, AlterTableCmdKind::kRenameConstraint, $8, $10, @6.begin); }
  | ALTER MATERIALIZED VIEW qualified_name RENAME TO name
        { $$ = OnMaterializedView(MakeRenameTable($4, false, AlterTableCmdKind::kRenameTable, "", $7, @5.begin)); }
  | ALTER MATERIALIZED VIEW IF_P EXISTS qualified_name RENAME TO name
        { $$ = OnMaterializedView(MakeRenameTable($6, true, AlterTableCmdKind::kRenameTable, "", $9, @7.begin)); }
  | ALTER MATERIALIZED VIEW qualified_name RENAME opt_column name TO name
        { $$ = OnMaterializedView(MakeRenameTable($4, false, AlterTableCmdKind::kRenameColumn, $7, $9, @5.begin)); }
  | ALTER MATERIALIZED VIEW IF_P EXISTS qualified_name RENAME opt_column name TO name
        { $$ = OnMaterializedView(MakeRenameTable($6, true, AlterTableCmdKind::kRenameColumn, $9, $11, @7.begin)); }
  ;

TruncateStmt:
    TRUNCATE opt_table relation_expr_list opt_restart_seqs opt_drop_behavior
                                    { $$ = MakeTruncate($3, $4, $5); }
  ;

/* LOCK [TABLE] names [IN mode MODE] [NOWAIT]; modes numbered as PostgreSQL's lockdefs.h. */
LockStmt:
    LOCK_P opt_table relation_expr_list opt_lock opt_nowait
                                    { $$ = MakeLock($3, $4, $5); }
  ;

opt_lock:
    IN_P lock_type MODE             { $$ = $2; }
  | %empty                          { $$ = 8; }
  ;

lock_type:
    ACCESS SHARE                    { $$ = 1; }
  | ROW SHARE                       { $$ = 2; }
  | ROW EXCLUSIVE                   { $$ = 3; }
  | SHARE UPDATE EXCLUSIVE          { $$ = 4; }
  | SHARE                           { $$ = 5; }
  | SHARE ROW EXCLUSIVE             { $$ = 6; }
  | EXCLUSIVE                       { $$ = 7; }
  | ACCESS EXCLUSIVE                { $$ = 8; }
  ;

opt_nowait:
    NOWAIT                          { $$ = true; }
  | %empty                          { $$ = false; }
  ;

opt_table:
    TABLE
  | %empty
  ;

relation_expr_list:
    relation_expr                   { $$.push_back($1); }
  | relation_expr_list ',' relation_expr
                                    { $$ = $1; $$.push_back($3); }
  ;

opt_restart_seqs:
    CONTINUE_P IDENTITY_P           { $$ = false; }
  | RESTART IDENTITY_P              { $$ = true; }
  | %empty                          { $$ = false; }
  ;

/* CREATE TABLE ... WITH (storage parameters); WITHOUT OIDS is accepted as PostgreSQL does. */
OptWith:
    WITH reloptions                 { $$ = $2; }
  | WITHOUT OIDS                    { $$ = std::vector<RelOption>{}; }
  | %empty                          { $$ = std::vector<RelOption>{}; }
  ;

reloptions:
    '(' reloption_list ')'          { $$ = $2; }
  ;

reloption_list:
    reloption_elem                  { $$.push_back($1); }
  | reloption_list ',' reloption_elem
                                    { $$ = $1; $$.push_back($3); }
  ;

reloption_elem:
    reloption_name '=' def_arg      { $$ = RelOption{$1, $3, true, @1.begin}; }
  | reloption_name                  { $$ = RelOption{$1, "", false, @1.begin}; }
  ;

reloption_name:
    ColLabel                        { $$ = $1; }
  | ColLabel '.' ColLabel           { $$ = $1 + "." + $3; }
  ;

/* PostgreSQL's def_arg less operators and reserved words: enough for every storage parameter. */
def_arg:
    opt_boolean_or_string           { $$ = $1; }
  | NumericOnly                     { $$ = $1.text; }
  ;
