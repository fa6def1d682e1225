/*
 * parser/grammar/ddl.y -- CREATE TABLE, CREATE INDEX and DROP.
 */
%type <granary::parser::StmtPtr> CreateStmt DropStmt IndexStmt ViewStmt CreateSchemaStmt
%type <granary::parser::StmtPtr> AlterSchemaStmt CreateAsStmt CreateCollationStmt
%type <granary::parser::StmtPtr> CreateMatViewStmt RefreshMatViewStmt
%type <bool> opt_concurrently
%type <TableLikeClause> TableLikeClause
%type <uint32_t> TableLikeOptionList TableLikeOption
%type <std::vector<std::string>> opt_c_include
%type <std::vector<IndexElem>> opt_include
%type <bool> opt_with_data
%type <int> opt_check_option
%type <granary::parser::StmtPtr> CommentStmt
%type <ObjectType> comment_type_name
%type <std::optional<std::string>> comment_text
%type <bool> opt_unique
%type <std::string> opt_index_name access_method_clause
%type <std::vector<IndexElem>> index_params
%type <IndexElem> index_elem
%type <std::vector<std::string>> opt_opclass
%type <std::vector<std::string>> opt_collate
%type <bool> OptTemp opt_drop_behavior
%type <OnCommitAction> OnCommitOption
%type <TableElements> OptTableElementList TableElementList
%type <TableElement> TableElement
%type <ColumnDef> columnDef
%type <std::vector<Constraint>> ColQualList
%type <Constraint> ColConstraint ColConstraintElem TableConstraint ConstraintElem
%type <std::vector<std::string>> columnList opt_column_list
%type <char> key_match
%type <KeyAction> key_action key_update key_delete
%type <KeyActions> key_actions
%type <int> ConstraintAttributeSpec ConstraintAttributeElem ConstraintAttr opt_no_inherit
%type <ObjectType> object_type_any_name drop_type_name
%type <std::vector<std::vector<std::string>>> any_name_list drop_name_list

%%

CreateStmt:
    CREATE OptTemp TABLE qualified_name '(' OptTableElementList ')' OptWith OnCommitOption
        {
          $$ = MakeCreateTable($4, $6, $2, false, $8);
          $$->As<CreateTableStmt>().on_commit = $9;
        }
  | CREATE OptTemp TABLE IF_P NOT EXISTS qualified_name '(' OptTableElementList ')' OptWith
    OnCommitOption
        {
          $$ = MakeCreateTable($7, $9, $2, true, $11);
          $$->As<CreateTableStmt>().on_commit = $12;
        }
  ;

/* ON COMMIT: what happens to a temporary table when its session's transactions commit. */
OnCommitOption:
    ON COMMIT DROP                  { $$ = OnCommitAction::kDrop; }
  | ON COMMIT DELETE_P ROWS         { $$ = OnCommitAction::kDeleteRows; }
  | ON COMMIT PRESERVE ROWS         { $$ = OnCommitAction::kPreserveRows; }
  | %empty                          { $$ = OnCommitAction::kNoop; }
  ;

/*
 * GLOBAL is accepted and ignored, as PostgreSQL does (with a warning there): temporary
 * tables are always local to the session.
 */
/*
 * CREATE TABLE ... AS query: PostgreSQL's create_as_target without access method and
 * tablespace. The query keeps its own span.
 */
CreateAsStmt:
    CREATE OptTemp TABLE qualified_name opt_column_list OptWith OnCommitOption AS SelectStmt
    opt_with_data
        {
          StmtPtr query = $9;
          SetSpan(*query, @9);
          $$ = MakeCreateTableAs($4, $5, $6, std::move(query), $2, false, $10);
          $$->As<CreateTableAsStmt>().on_commit = $7;
        }
  | CREATE OptTemp TABLE IF_P NOT EXISTS qualified_name opt_column_list OptWith OnCommitOption
    AS SelectStmt opt_with_data
        {
          StmtPtr query = $12;
          SetSpan(*query, @12);
          $$ = MakeCreateTableAs($7, $8, $9, std::move(query), $2, true, $13);
          $$->As<CreateTableAsStmt>().on_commit = $10;
        }
  ;

opt_with_data:
    WITH DATA_P                     { $$ = true; }
  | WITH NO DATA_P                  { $$ = false; }
  | %empty                          { $$ = true; }
  ;

OptTemp:
    TEMPORARY                       { $$ = true; }
  | TEMP                            { $$ = true; }
  | LOCAL TEMPORARY                 { $$ = true; }
  | LOCAL TEMP                      { $$ = true; }
  | GLOBAL TEMPORARY                { $$ = true; }
  | GLOBAL TEMP                     { $$ = true; }
  | %empty                          { $$ = false; }
  ;

OptTableElementList:
    TableElementList                { $$ = $1; }
  | %empty                          { $$ = TableElements{}; }
  ;

TableElementList:
    TableElement                    { AddTableElement($$, $1); }
  | TableElementList ',' TableElement
                                    { $$ = $1; AddTableElement($$, $3); }
  ;

TableElement:
    columnDef                       { $$ = $1; }
  | TableLikeClause                 { $$ = $1; }
  | TableConstraint                 { $$ = $1; }
  ;

columnDef:
    ColId Typename ColQualList      { $$ = ColumnDef{$1, $2, $3, @1.begin}; }
  ;

ColQualList:
    ColQualList ColConstraint       { $$ = $1; $$.push_back($2); }
  | %empty                          { $$ = std::vector<Constraint>{}; }
  ;

ColConstraint:
    CONSTRAINT name ColConstraintElem
                                    { $$ = $3; $$.name = $2; $$.location = @1.begin; }
  | ColConstraintElem               { $$ = $1; }
  | COLLATE any_name
        { $$ = MakeConstraint(ConstraintKind::kCollate, @1.begin); $$.collation = $2; }
  | ConstraintAttr
        { $$ = MakeConstraint(ConstraintKind::kAttribute, @1.begin); $$.attributes = $1; }
  ;

ConstraintAttr:
    DEFERRABLE                      { $$ = kConstraintDeferrable; }
  | NOT DEFERRABLE                  { $$ = kConstraintNotDeferrable; }
  | INITIALLY DEFERRED              { $$ = kConstraintInitiallyDeferred; }
  | INITIALLY IMMEDIATE             { $$ = kConstraintInitiallyImmediate; }
  ;

/*
 * DEFAULT takes a b_expr: an a_expr would make "DEFAULT 1 NOT NULL" ambiguous.
 */
ColConstraintElem:
    NOT NULL_P                      { $$ = MakeConstraint(ConstraintKind::kNotNull, @1.begin); }
  | NULL_P                          { $$ = MakeConstraint(ConstraintKind::kNull, @1.begin); }
  | UNIQUE                          { $$ = MakeConstraint(ConstraintKind::kUnique, @1.begin); }
  | PRIMARY KEY                     { $$ = MakeConstraint(ConstraintKind::kPrimaryKey, @1.begin); }
  | CHECK '(' a_expr ')' opt_no_inherit
        { $$ = MakeConstraint(ConstraintKind::kCheck, @1.begin); $$.expr = $3; $$.attributes = $5; }
  | DEFAULT b_expr
        { $$ = MakeConstraint(ConstraintKind::kDefault, @1.begin); $$.expr = $2; }
  | REFERENCES qualified_name opt_column_list key_match key_actions
        { $$ = MakeForeignKey({}, $2, $3, @1.begin); SetKeyOptions($$, $4, $5, 0); }
  | GENERATED generated_when AS IDENTITY_P OptParenthesizedSeqOptList
        {
          $$ = MakeConstraint(ConstraintKind::kIdentity, @1.begin);
          $$.generated_always = $2;
          $$.sequence_options = $5;
        }
  | GENERATED generated_when AS '(' a_expr ')' STORED
        { $$ = MakeGeneratedColumn(ctx, $2, $5, @1.begin, @2.begin); }
  ;

TableConstraint:
    CONSTRAINT name ConstraintElem  { $$ = $3; $$.name = $2; $$.location = @1.begin; }
  | ConstraintElem                  { $$ = $1; }
  ;

ConstraintElem:
    CHECK '(' a_expr ')' ConstraintAttributeSpec
        {
          $$ = MakeConstraint(ConstraintKind::kCheck, @1.begin);
          $$.expr = $3;
          $$.attributes = $5;
          CheckConstraintAttributes(ctx, $$);
        }
  | UNIQUE '(' columnList ')' opt_c_include ConstraintAttributeSpec
        {
          $$ = MakeConstraint(ConstraintKind::kUnique, @1.begin);
          $$.columns = $3;
          $$.including = $5;
          $$.attributes = $6;
          CheckConstraintAttributes(ctx, $$);
        }
  | PRIMARY KEY '(' columnList ')' opt_c_include ConstraintAttributeSpec
        {
          $$ = MakeConstraint(ConstraintKind::kPrimaryKey, @1.begin);
          $$.columns = $4;
          $$.including = $6;
          $$.attributes = $7;
          CheckConstraintAttributes(ctx, $$);
        }
  | FOREIGN KEY '(' columnList ')' REFERENCES qualified_name opt_column_list key_match
        key_actions ConstraintAttributeSpec
        {
          $$ = MakeForeignKey($4, $7, $8, @1.begin);
          SetKeyOptions($$, $9, $10, $11);
          CheckConstraintAttributes(ctx, $$);
        }
  ;

opt_no_inherit:
    NO INHERIT                      { $$ = kConstraintNoInherit; }
  | %empty                          { $$ = 0; }
  ;

key_match:
    MATCH FULL                      { $$ = 'f'; }
  | MATCH PARTIAL                   { $$ = 'p'; }
  | MATCH SIMPLE                    { $$ = 's'; }
  | %empty                          { $$ = 's'; }
  ;

key_actions:
    key_update                      { $$.update = $1; }
  | key_delete                      { $$.del = $1; }
  | key_update key_delete           { $$.update = $1; $$.del = $2; }
  | key_delete key_update           { $$.del = $1; $$.update = $2; }
  | %empty                          { $$ = KeyActions{}; }
  ;

key_update:
    ON UPDATE key_action            { $$ = $3; }
  ;

key_delete:
    ON DELETE_P key_action          { $$ = $3; }
  ;

key_action:
    NO ACTION                       { $$.action = 'a'; }
  | RESTRICT                        { $$.action = 'r'; }
  | CASCADE                         { $$.action = 'c'; }
  | SET NULL_P opt_column_list      { $$.action = 'n'; $$.columns = $3; }
  | SET DEFAULT opt_column_list     { $$.action = 'd'; $$.columns = $3; }
  ;

ConstraintAttributeSpec:
    %empty                          { $$ = 0; }
  | ConstraintAttributeSpec ConstraintAttributeElem
                                    { $$ = $1 | $2; }
  ;

ConstraintAttributeElem:
    NOT DEFERRABLE                  { $$ = kConstraintNotDeferrable; }
  | DEFERRABLE                      { $$ = kConstraintDeferrable; }
  | INITIALLY IMMEDIATE             { $$ = kConstraintInitiallyImmediate; }
  | INITIALLY DEFERRED              { $$ = kConstraintInitiallyDeferred; }
  | NOT VALID                       { $$ = kConstraintNotValid; }
  | NO INHERIT                      { $$ = kConstraintNoInherit; }
  ;

columnList:
    ColId                           { $$.push_back($1); }
  | columnList ',' ColId            { $$ = $1; $$.push_back($3); }
  ;

opt_column_list:
    '(' columnList ')'              { $$ = $2; }
  | %empty                          { $$ = std::vector<std::string>{}; }
  ;

/* CREATE INDEX, after PostgreSQL's IndexStmt (ONLY not yet). */
IndexStmt:
    CREATE opt_unique INDEX opt_index_name ON relation_expr access_method_clause
        '(' index_params ')' opt_include where_clause
        { $$ = WithIncluded(MakeCreateIndex($2, false, $4, $6, $7, $9, $12), $11); }
  | CREATE opt_unique INDEX IF_P NOT EXISTS name ON relation_expr access_method_clause
        '(' index_params ')' opt_include where_clause
        { $$ = WithIncluded(MakeCreateIndex($2, true, $7, $9, $10, $12, $15), $14); }
  | CREATE opt_unique INDEX CONCURRENTLY opt_index_name ON relation_expr access_method_clause
        '(' index_params ')' opt_include where_clause
        { $$ = MarkConcurrent(WithIncluded(MakeCreateIndex($2, false, $5, $7, $8, $10, $13), $12)); }
  | CREATE opt_unique INDEX CONCURRENTLY IF_P NOT EXISTS name ON relation_expr access_method_clause
        '(' index_params ')' opt_include where_clause
        { $$ = MarkConcurrent(WithIncluded(MakeCreateIndex($2, true, $8, $10, $11, $13, $16), $15)); }
  ;

opt_unique:
    UNIQUE                          { $$ = true; }
  | %empty                          { $$ = false; }
  ;

opt_index_name:
    name                            { $$ = $1; }
  | %empty                          { $$ = std::string(); }
  ;

access_method_clause:
    USING name                      { $$ = $2; }
  | %empty                          { $$ = std::string(); }
  ;

index_params:
    index_elem                      { $$.push_back(std::move($1)); }
  | index_params ',' index_elem     { $$ = std::move($1); $$.push_back(std::move($3)); }
  ;

index_elem:
    ColId opt_collate opt_opclass opt_asc_desc opt_nulls_order
        { $$ = MakeIndexElem($1, nullptr, $4, $5, @1.begin); $$.collation = OperatorClassCollation(ctx, $2, $3, @3.begin); }
  /* No operator class after a call: WITHIN, FILTER and OVER would read as one (PostgreSQL
   * has func_expr_windowless here). */
  | func_expr opt_collate opt_asc_desc opt_nulls_order
        { $$ = MakeIndexElem("", $1, $3, $4, @1.begin); $$.collation = $2; }
  | '(' a_expr ')' opt_collate opt_opclass opt_asc_desc opt_nulls_order
        { $$ = MakeIndexElem("", $2, $6, $7, @1.begin); $$.collation = OperatorClassCollation(ctx, $4, $5, @5.begin); }
  ;

/* An index key's operator class (PostgreSQL's opt_qualified_name in index_elem_options). */
opt_opclass:
    any_name                        { $$ = $1; }
  | %empty                          { $$ = std::vector<std::string>{}; }
  ;

opt_collate:
    COLLATE any_name                { $$ = $2; }
  | %empty                          { $$ = std::vector<std::string>{}; }
  ;

/* CREATE SCHEMA (schema elements not yet). AUTHORIZATION is not a ColId, so the forms
 * with and without a name are told apart by the token after SCHEMA. */
CreateSchemaStmt:
    CREATE SCHEMA ColId             { $$ = MakeCreateSchema($3, "", false, @3.begin); }
  | CREATE SCHEMA ColId AUTHORIZATION RoleSpec
                                    { $$ = MakeCreateSchema($3, $5, false, @3.begin); }
  | CREATE SCHEMA AUTHORIZATION RoleSpec
                                    { $$ = MakeCreateSchema("", $4, false, @3.begin); }
  | CREATE SCHEMA IF_P NOT EXISTS ColId
                                    { $$ = MakeCreateSchema($6, "", true, @6.begin); }
  | CREATE SCHEMA IF_P NOT EXISTS ColId AUTHORIZATION RoleSpec
                                    { $$ = MakeCreateSchema($6, $8, true, @6.begin); }
  | CREATE SCHEMA IF_P NOT EXISTS AUTHORIZATION RoleSpec
                                    { $$ = MakeCreateSchema("", $7, true, @6.begin); }
  ;

AlterSchemaStmt:
    ALTER SCHEMA name RENAME TO name
                                    { $$ = MakeRenameSchema($3, $6); }
  ;

/* CREATE VIEW (RECURSIVE and WITH options not yet). */
ViewStmt:
    CREATE OptTemp VIEW qualified_name opt_column_list AS SelectStmt opt_check_option
        {
          $$ = MakeCreateView(false, $4, $5, $7);
          $$->As<CreateViewStmt>().temporary = $2;
          $$->As<CreateViewStmt>().check_option = static_cast<char>($8);
        }
  | CREATE OR REPLACE OptTemp VIEW qualified_name opt_column_list AS SelectStmt opt_check_option
        {
          $$ = MakeCreateView(true, $6, $7, $9);
          $$->As<CreateViewStmt>().temporary = $4;
          $$->As<CreateViewStmt>().check_option = static_cast<char>($10);
        }
  ;

/* 'c' cascaded, 'l' local, 0 none */
opt_check_option:
    WITH CHECK OPTION               { $$ = 'c'; }
  | WITH CASCADED CHECK OPTION      { $$ = 'c'; }
  | WITH LOCAL CHECK OPTION         { $$ = 'l'; }
  | %empty                          { $$ = 0; }
  ;

DropStmt:
    DROP object_type_any_name IF_P EXISTS any_name_list opt_drop_behavior
                                    { $$ = MakeDrop($2, $5, true, $6); }
  | DROP object_type_any_name any_name_list opt_drop_behavior
                                    { $$ = MakeDrop($2, $3, false, $4); }
  | DROP INDEX CONCURRENTLY any_name_list opt_drop_behavior
        { $$ = MarkConcurrent(MakeDrop(ObjectType::kIndex, $4, false, $5)); }
  | DROP INDEX CONCURRENTLY IF_P EXISTS any_name_list opt_drop_behavior
        { $$ = MarkConcurrent(MakeDrop(ObjectType::kIndex, $6, true, $7)); }
  | DROP drop_type_name IF_P EXISTS drop_name_list opt_drop_behavior
                                    { $$ = MakeDrop($2, $5, true, $6); }
  | DROP drop_type_name drop_name_list opt_drop_behavior
                                    { $$ = MakeDrop($2, $3, false, $4); }
  ;

/*
 * COMMENT ON: PostgreSQL's CommentStmt for the objects Granary has (tables, views,
 * sequences, indexes, columns, constraints of tables, schemas, databases, roles).
 */
CommentStmt:
    COMMENT ON object_type_any_name any_name IS comment_text
                                    { $$ = MakeComment($3, $4, "", $6, @4.begin); }
  | COMMENT ON COLUMN any_name IS comment_text
                                    { $$ = MakeComment(ObjectType::kColumn, $4, "", $6, @4.begin); }
  | COMMENT ON comment_type_name name IS comment_text
                                    { $$ = MakeComment($3, {$4}, "", $6, @4.begin); }
  | COMMENT ON CONSTRAINT name ON any_name IS comment_text
                                    { $$ = MakeComment(ObjectType::kConstraint, $6, $4, $8, @6.begin); }
  | COMMENT ON FUNCTION function_with_argtypes IS comment_text
                                    { $$ = MakeCommentOnFunction($4, $6); }
  ;

comment_type_name:
    SCHEMA                          { $$ = ObjectType::kSchema; }
  | DATABASE                        { $$ = ObjectType::kDatabase; }
  | ROLE                            { $$ = ObjectType::kRole; }
  ;

comment_text:
    Sconst                          { $$ = $1; }
  | NULL_P                          { $$ = std::nullopt; }
  ;

/* object types named by possibly qualified names */
object_type_any_name:
    TABLE                           { $$ = ObjectType::kTable; }
  | SEQUENCE                        { $$ = ObjectType::kSequence; }
  | VIEW                            { $$ = ObjectType::kView; }
  | INDEX                           { $$ = ObjectType::kIndex; }
  | COLLATION                       { $$ = ObjectType::kCollation; }
  | TYPE_P                          { $$ = ObjectType::kType; }
  | MATERIALIZED VIEW               { $$ = ObjectType::kMaterializedView; }
  ;

/* CREATE COLLATION: PostgreSQL's DefineStmt form and the FROM form. */
CreateCollationStmt:
    CREATE COLLATION any_name reloptions
        { $$ = MakeCreateCollation($3, false, $4, {}, @3.begin, -1); }
  | CREATE COLLATION IF_P NOT EXISTS any_name reloptions
        { $$ = MakeCreateCollation($6, true, $7, {}, @6.begin, -1); }
  | CREATE COLLATION any_name FROM any_name
        { $$ = MakeCreateCollation($3, false, {}, $5, @3.begin, @5.begin); }
  | CREATE COLLATION IF_P NOT EXISTS any_name FROM any_name
        { $$ = MakeCreateCollation($6, true, {}, $8, @6.begin, @8.begin); }
  ;

/* object types named by a single unqualified name */
drop_type_name:
    SCHEMA                          { $$ = ObjectType::kSchema; }
  ;

any_name_list:
    any_name                        { $$.push_back($1); }
  | any_name_list ',' any_name      { $$ = $1; $$.push_back($3); }
  ;

drop_name_list:
    name                            { $$.push_back(std::vector<std::string>{$1}); }
  | drop_name_list ',' name         { $$ = $1; $$.push_back(std::vector<std::string>{$3}); }
  ;

opt_drop_behavior:
    CASCADE                         { $$ = true; }
  | RESTRICT                        { $$ = false; }
  | %empty                          { $$ = false; }
  ;

/*
 * ---------------------------------------------------------------- LIKE, INCLUDE and
 * materialized views (PostgreSQL's TableLikeClause, opt_c_include / opt_include,
 * CreateMatViewStmt and RefreshMatViewStmt; UNLOGGED, USING and TABLESPACE not yet).
 */
TableLikeClause:
    LIKE qualified_name TableLikeOptionList
        {
          $$.relation = $2;
          $$.options = $3;
          $$.location = @1.begin;
        }
  ;

TableLikeOptionList:
    TableLikeOptionList INCLUDING TableLikeOption   { $$ = $1 | $3; }
  | TableLikeOptionList EXCLUDING TableLikeOption   { $$ = $1 & ~$3; }
  | %empty                                          { $$ = 0; }
  ;

TableLikeOption:
    COMMENTS                        { $$ = kLikeComments; }
  | COMPRESSION                     { $$ = kLikeCompression; }
  | CONSTRAINTS                     { $$ = kLikeConstraints; }
  | DEFAULTS                        { $$ = kLikeDefaults; }
  | IDENTITY_P                      { $$ = kLikeIdentity; }
  | GENERATED                       { $$ = kLikeGenerated; }
  | INDEXES                         { $$ = kLikeIndexes; }
  | STATISTICS                      { $$ = kLikeStatistics; }
  | STORAGE                         { $$ = kLikeStorage; }
  | ALL                             { $$ = kLikeAll; }
  ;

opt_c_include:
    INCLUDE '(' columnList ')'      { $$ = $3; }
  | %empty                          { $$ = std::vector<std::string>{}; }
  ;

opt_include:
    INCLUDE '(' index_params ')'    { $$ = $3; }
  | %empty                          { $$ = std::vector<IndexElem>{}; }
  ;

CreateMatViewStmt:
    CREATE MATERIALIZED VIEW qualified_name opt_column_list OptWith AS SelectStmt opt_with_data
        {
          StmtPtr query = $8;
          SetSpan(*query, @8);
          $$ = MakeCreateTableAs($4, $5, $6, std::move(query), false, false, $9);
          $$->As<CreateTableAsStmt>().materialized = true;
        }
  | CREATE MATERIALIZED VIEW IF_P NOT EXISTS qualified_name opt_column_list OptWith AS SelectStmt
    opt_with_data
        {
          StmtPtr query = $11;
          SetSpan(*query, @11);
          $$ = MakeCreateTableAs($7, $8, $9, std::move(query), false, true, $12);
          $$->As<CreateTableAsStmt>().materialized = true;
        }
  ;

RefreshMatViewStmt:
    REFRESH MATERIALIZED VIEW opt_concurrently qualified_name opt_with_data
        { $$ = MakeRefreshMatView($5, $4, !$6); }
  ;

opt_concurrently:
    CONCURRENTLY                    { $$ = true; }
  | %empty                          { $$ = false; }
  ;
