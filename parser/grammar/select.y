/*
 * parser/grammar/select.y -- SELECT, VALUES, set operations, FROM and joins, ORDER BY,
 * LIMIT / OFFSET / FETCH, and the row locking clauses (FOR UPDATE / SHARE ...).
 *
 * As in PostgreSQL: select_with_parens is a SELECT in parentheses (any depth);
 * select_no_parens has no outer parentheses; select_clause is either, so that
 * "(SELECT ...) UNION ..." works; simple_select has no ORDER BY / LIMIT of its own, which
 * are attached to the whole set operation by InsertSelectOptions.
 */
%type <std::unique_ptr<SelectStmt>> SelectStmt select_no_parens select_with_parens
%type <std::unique_ptr<SelectStmt>> select_clause simple_select values_clause
%type <DistinctClause> distinct_clause
%type <std::unique_ptr<IntoClause>> into_clause OptTempTableName
%type <std::vector<ResTarget>> target_list opt_target_list
%type <ResTarget> target_el
%type <std::vector<TableRefPtr>> from_clause from_list
%type <TableRefPtr> table_ref joined_table
%type <std::unique_ptr<TableSampleClause>> tablesample_clause
%type <ExprPtr> opt_repeatable_clause
%type <std::unique_ptr<RangeVar>> relation_expr qualified_name relation_expr_opt_alias
%type <std::optional<Alias>> opt_alias_clause
%type <Alias> alias_clause
%type <JoinType> join_type
%type <JoinQualifier> join_qual
%type <ExprPtr> where_clause having_clause
%type <std::vector<WindowDef>> window_clause window_definition_list
%type <WindowDef> window_definition
%type <GroupClause> group_clause
%type <ExprList> group_by_list
%type <ExprPtr> group_by_item grouping_element
%type <ExprList> grouping_element_list
%type <bool> group_set_quantifier
%type <std::vector<SortBy>> sort_clause opt_sort_clause sortby_list
%type <SortBy> sortby
%type <SortDirection> opt_asc_desc
%type <NullsOrder> opt_nulls_order
%type <SelectLimit> select_limit limit_clause offset_clause
%type <ExprPtr> select_limit_value select_offset_value select_fetch_first_value I_or_F_const
%type <bool> set_quantifier
%type <std::vector<LockingClause>> for_locking_clause opt_for_locking_clause for_locking_items
%type <LockingClause> for_locking_item
%type <LockStrength> for_locking_strength
%type <std::vector<std::unique_ptr<RangeVar>>> locked_rels_list qualified_name_list
%type <LockWaitPolicy> opt_nowait_or_skip
%type <SelectLimit> opt_select_limit
%type <std::unique_ptr<WithClause>> with_clause opt_with_clause
%type <std::vector<CommonTableExpr>> cte_list
%type <CommonTableExpr> common_table_expr
%type <CteMaterialize> opt_materialized
%type <std::unique_ptr<CteSearchClause>> opt_search_clause
%type <std::unique_ptr<CteCycleClause>> opt_cycle_clause
%type <std::vector<std::string>> opt_name_list

%%

SelectStmt:
    select_no_parens %prec UMINUS   { $$ = $1; }
  | select_with_parens %prec UMINUS { $$ = $1; }
  ;

select_with_parens:
    '(' select_no_parens ')'        { $$ = $2; }
  | '(' select_with_parens ')'      { $$ = $2; }
  ;

select_no_parens:
    simple_select                   { $$ = $1; }
  | select_clause sort_clause
        { $$ = $1; InsertSelectOptions(ctx, *$$, $2, SelectLimit{}); SetSpan(*$$, @$); }
  | select_clause opt_sort_clause for_locking_clause opt_select_limit
        { $$ = $1; InsertSelectOptions(ctx, *$$, $2, $4); AppendLocking(*$$, $3); SetSpan(*$$, @$); }
  | select_clause opt_sort_clause select_limit opt_for_locking_clause
        { $$ = $1; InsertSelectOptions(ctx, *$$, $2, $3); AppendLocking(*$$, $4); SetSpan(*$$, @$); }
  | with_clause select_clause
        { $$ = $2; InsertWithClause(ctx, *$$, $1); SetSpan(*$$, @$); }
  | with_clause select_clause sort_clause
        {
          $$ = $2; InsertSelectOptions(ctx, *$$, $3, SelectLimit{});
          InsertWithClause(ctx, *$$, $1); SetSpan(*$$, @$);
        }
  | with_clause select_clause opt_sort_clause for_locking_clause opt_select_limit
        {
          $$ = $2; InsertSelectOptions(ctx, *$$, $3, $5); AppendLocking(*$$, $4);
          InsertWithClause(ctx, *$$, $1); SetSpan(*$$, @$);
        }
  | with_clause select_clause opt_sort_clause select_limit opt_for_locking_clause
        {
          $$ = $2; InsertSelectOptions(ctx, *$$, $3, $4); AppendLocking(*$$, $5);
          InsertWithClause(ctx, *$$, $1); SetSpan(*$$, @$);
        }
  ;

/*
 * WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (query) [SEARCH ...] [CYCLE ...],
 * ... WITH_LA is WITH before TIME or ORDINALITY, names a WITH item may have.
 */
with_clause:
    WITH cte_list                   { $$ = MakeWithClause($2, false, @1.begin); }
  | WITH_LA cte_list                { $$ = MakeWithClause($2, false, @1.begin); }
  | WITH RECURSIVE cte_list         { $$ = MakeWithClause($3, true, @1.begin); }
  ;

cte_list:
    common_table_expr               { $$.push_back($1); }
  | cte_list ',' common_table_expr  { $$ = $1; $$.push_back($3); }
  ;

common_table_expr:
    name opt_name_list AS opt_materialized '(' PreparableStmt ')' opt_search_clause opt_cycle_clause
        {
          $$ = MakeCommonTableExpr(ctx, $1, $2, $4, $6, @1.begin);
          $$.search = $8;
          $$.cycle = $9;
        }
  ;

opt_search_clause:
    SEARCH DEPTH FIRST_P BY columnList SET ColId
                                    { $$ = MakeSearchClause($5, false, $7, @1.begin); }
  | SEARCH BREADTH FIRST_P BY columnList SET ColId
                                    { $$ = MakeSearchClause($5, true, $7, @1.begin); }
  | %empty                          { $$ = nullptr; }
  ;

opt_cycle_clause:
    CYCLE columnList SET ColId TO AexprConst DEFAULT AexprConst USING ColId
                                    { $$ = MakeCycleClause($2, $4, $6, $8, $10, @1.begin); }
  | CYCLE columnList SET ColId USING ColId
        {
          $$ = MakeCycleClause($2, $4, MakeBoolConstant(true, -1), MakeBoolConstant(false, -1), $6,
                               @1.begin);
        }
  | %empty                          { $$ = nullptr; }
  ;

opt_materialized:
    MATERIALIZED                    { $$ = CteMaterialize::kAlways; }
  | NOT MATERIALIZED                { $$ = CteMaterialize::kNever; }
  | %empty                          { $$ = CteMaterialize::kDefault; }
  ;

opt_name_list:
    '(' name_list ')'               { $$ = $2; }
  | %empty                          { $$ = std::vector<std::string>{}; }
  ;

opt_with_clause:
    with_clause                     { $$ = $1; }
  | %empty                          { $$ = nullptr; }
  ;

select_clause:
    simple_select                   { $$ = $1; }
  | select_with_parens              { $$ = $1; }
  ;

/*
 * UNION and EXCEPT bind equally and associate left to right; INTERSECT binds tighter
 * (the precedence table), as the SQL standard requires.
 */
simple_select:
    SELECT opt_all_clause opt_target_list into_clause from_clause where_clause group_clause
    having_clause window_clause
        {
          $$ = MakeSimpleSelect(DistinctClause{}, $3, $5, $6, $7, $8);
          $$->windows = $9;
          $$->into = $4;
          SetSpan(*$$, @$);
        }
  | SELECT distinct_clause target_list into_clause from_clause where_clause group_clause
    having_clause window_clause
        {
          $$ = MakeSimpleSelect($2, $3, $5, $6, $7, $8);
          $$->windows = $9;
          $$->into = $4;
          SetSpan(*$$, @$);
        }
  | values_clause                   { $$ = $1; SetSpan(*$$, @$); }
  | TABLE relation_expr             { $$ = MakeTableSelect($2, @1.begin); SetSpan(*$$, @$); }
  | select_clause UNION set_quantifier select_clause
        { $$ = MakeSetOperation(ctx, SetOperation::kUnion, $3, $1, $4); SetSpan(*$$, @$); }
  | select_clause INTERSECT set_quantifier select_clause
        { $$ = MakeSetOperation(ctx, SetOperation::kIntersect, $3, $1, $4); SetSpan(*$$, @$); }
  | select_clause EXCEPT set_quantifier select_clause
        { $$ = MakeSetOperation(ctx, SetOperation::kExcept, $3, $1, $4); SetSpan(*$$, @$); }
  ;

/* SELECT ... INTO: PostgreSQL's into_clause and OptTempTableName. */
into_clause:
    INTO OptTempTableName           { $$ = $2; $$->location = @1.begin; $$->end = @2.end; }
  | %empty                          { $$ = nullptr; }
  ;

OptTempTableName:
    TEMPORARY opt_table qualified_name
                                    { $$ = MakeIntoClause($3, true, @$); }
  | TEMP opt_table qualified_name   { $$ = MakeIntoClause($3, true, @$); }
  | LOCAL TEMPORARY opt_table qualified_name
                                    { $$ = MakeIntoClause($4, true, @$); }
  | LOCAL TEMP opt_table qualified_name
                                    { $$ = MakeIntoClause($4, true, @$); }
  | GLOBAL TEMPORARY opt_table qualified_name
                                    { $$ = MakeIntoClause($4, true, @$); }
  | GLOBAL TEMP opt_table qualified_name
                                    { $$ = MakeIntoClause($4, true, @$); }
  | UNLOGGED opt_table qualified_name
                                    { $$ = MakeIntoClause($3, false, @$); }
  | TABLE qualified_name            { $$ = MakeIntoClause($2, false, @$); }
  | qualified_name                  { $$ = MakeIntoClause($1, false, @$); }
  ;

set_quantifier:
    ALL                             { $$ = true; }
  | DISTINCT                        { $$ = false; }
  | %empty                          { $$ = false; }
  ;

opt_all_clause:
    ALL
  | %empty
  ;

distinct_clause:
    DISTINCT                        { $$.distinct = true; }
  | DISTINCT ON '(' expr_list ')'   { $$.distinct = true; $$.on = $4; }
  ;

values_clause:
    VALUES '(' expr_list ')'        { $$ = MakeValues($3); }
  | values_clause ',' '(' expr_list ')'
                                    { $$ = $1; $$->values.push_back($4); }
  ;

/* ---------------------------------------------------------------- target list */

opt_target_list:
    target_list                     { $$ = $1; }
  | %empty                          { $$ = std::vector<ResTarget>{}; }
  ;

target_list:
    target_el                       { $$.push_back($1); }
  | target_list ',' target_el       { $$ = $1; $$.push_back($3); }
  ;

target_el:
    a_expr AS ColLabel              { $$ = ResTarget{$1, $3, @1.begin}; }
  | a_expr BareColLabel             { $$ = ResTarget{$1, $2, @1.begin}; }
  | a_expr                          { $$ = ResTarget{$1, std::string(), @1.begin}; }
  | '*'                             { $$ = ResTarget{MakeStar(@1.begin), std::string(), @1.begin}; }
  ;

/* ---------------------------------------------------------------- FROM */

from_clause:
    FROM from_list                  { $$ = $2; }
  | %empty                          { $$ = std::vector<TableRefPtr>{}; }
  ;

from_list:
    table_ref                       { $$.push_back($1); }
  | from_list ',' table_ref         { $$ = $1; $$.push_back($3); }
  ;

table_ref:
    relation_expr opt_alias_clause  { $$ = MakeRelationRef($1, $2); }
  | relation_expr opt_alias_clause tablesample_clause
        {
          std::unique_ptr<RangeVar> table = $1;
          table->sample = $3;
          $$ = MakeRelationRef(std::move(table), $2);
        }
  | select_with_parens opt_alias_clause
                                    { $$ = MakeSubqueryRef(ctx, $1, $2, false, @1.begin); }
  | LATERAL_P select_with_parens opt_alias_clause
                                    { $$ = MakeSubqueryRef(ctx, $2, $3, true, @2.begin); }
  | func_application opt_alias_clause
                                    { $$ = MakeFunctionRef(ctx, $1, $2, @1.begin); }
  | LATERAL_P func_application opt_alias_clause
                                    { $$ = MakeFunctionRef(ctx, $2, $3, @2.begin); }
  | joined_table                    { $$ = $1; }
  | '(' joined_table ')' alias_clause
                                    { $$ = $2; $$->As<JoinRef>().alias = $4; }
  ;

tablesample_clause:
    TABLESAMPLE func_name '(' expr_list ')' opt_repeatable_clause
        {
          $$ = std::make_unique<TableSampleClause>();
          $$->method = $2; $$->args = $4; $$->repeatable = $6; $$->location = @2.begin;
        }
  ;

opt_repeatable_clause:
    REPEATABLE '(' a_expr ')'       { $$ = $3; }
  | %empty                          { $$ = nullptr; }
  ;

/*
 * Joins associate left to right (JOIN, CROSS, ... are left-associative in the precedence
 * table); a qualified join needs ON or USING, a CROSS or NATURAL join has neither.
 */
joined_table:
    '(' joined_table ')'            { $$ = $2; }
  | table_ref CROSS JOIN table_ref
        { $$ = MakeJoin(ctx, JoinType::kCross, false, $1, $4, JoinQualifier{}, @2.begin); }
  | table_ref join_type JOIN table_ref join_qual
        { $$ = MakeJoin(ctx, $2, false, $1, $4, $5, @2.begin); }
  | table_ref JOIN table_ref join_qual
        { $$ = MakeJoin(ctx, JoinType::kInner, false, $1, $3, $4, @2.begin); }
  | table_ref NATURAL join_type JOIN table_ref
        { $$ = MakeJoin(ctx, $3, true, $1, $5, JoinQualifier{}, @2.begin); }
  | table_ref NATURAL JOIN table_ref
        { $$ = MakeJoin(ctx, JoinType::kInner, true, $1, $4, JoinQualifier{}, @2.begin); }
  ;

join_type:
    FULL opt_outer                  { $$ = JoinType::kFull; }
  | LEFT opt_outer                  { $$ = JoinType::kLeft; }
  | RIGHT opt_outer                 { $$ = JoinType::kRight; }
  | INNER_P                         { $$ = JoinType::kInner; }
  ;

opt_outer:
    OUTER_P
  | %empty
  ;

join_qual:
    USING '(' name_list ')'         { $$.using_columns = $3; }
  | USING '(' name_list ')' AS ColId
                                    { $$.using_columns = $3; $$.using_alias = $6; }
  | ON a_expr                       { $$.on = $2; }
  ;

alias_clause:
    AS ColId '(' name_list ')'      { $$ = Alias{$2, $4}; }
  | AS ColId                        { $$ = Alias{$2, {}}; }
  | ColId '(' name_list ')'         { $$ = Alias{$1, $3}; }
  | ColId                           { $$ = Alias{$1, {}}; }
  ;

opt_alias_clause:
    alias_clause                    { $$ = $1; }
  | %empty                          { $$ = std::nullopt; }
  ;

/*
 * "t *" (inheritance children included) is the default and the only behaviour while there
 * is no inheritance; ONLY waits for RangeVar to record it.
 */
relation_expr:
    qualified_name                  { $$ = $1; }
  | qualified_name '*'              { $$ = $1; }
  ;

/*
 * The target of UPDATE / DELETE, with an optional alias. SET is unreserved, so
 * "UPDATE t SET ..." would otherwise read SET as an alias: the %prec makes the bare
 * relation_expr win whenever SET follows (SET has the lowest precedence).
 */
relation_expr_opt_alias:
    relation_expr %prec UMINUS      { $$ = $1; }
  | relation_expr ColId             { $$ = $1; $$->alias = Alias{$2, {}}; }
  | relation_expr AS ColId          { $$ = $1; $$->alias = Alias{$3, {}}; }
  ;

qualified_name:
    ColId                           { $$ = MakeRangeVar(ctx, $1, {}, @1.begin); }
  | ColId indirection               { $$ = MakeRangeVar(ctx, $1, $2, @1.begin); }
  ;

/* ---------------------------------------------------------------- WHERE, GROUP BY, HAVING */

where_clause:
    WHERE a_expr                    { $$ = $2; }
  | %empty                          { $$ = nullptr; }
  ;

group_clause:
    GROUP_P BY group_set_quantifier group_by_list
                                    { $$.distinct = $3; $$.items = $4; }
  | %empty                          { $$ = GroupClause{}; }
  ;

/* PostgreSQL's set_quantifier as GROUP BY uses it: true for DISTINCT. */
group_set_quantifier:
    ALL                             { $$ = false; }
  | DISTINCT                        { $$ = true; }
  | %empty                          { $$ = false; }
  ;

group_by_list:
    group_by_item                   { $$.push_back($1); }
  | group_by_list ',' group_by_item { $$ = $1; $$.push_back($3); }
  ;

/* As PostgreSQL: CUBE and ROLLUP followed by '(' start their clause, not a function call
 * (the precedence table puts them with IDENT). */
group_by_item:
    grouping_element                { $$ = $1; }
  | '(' ')'                         { $$ = MakeGroupingSet(ctx, GroupingSetKind::kEmpty, ExprList{}, @1.begin); }
  | CUBE '(' grouping_element_list ')'
                                    { $$ = MakeGroupingSet(ctx, GroupingSetKind::kCube, $3, @1.begin); }
  | ROLLUP '(' grouping_element_list ')'
                                    { $$ = MakeGroupingSet(ctx, GroupingSetKind::kRollup, $3, @1.begin); }
  | GROUPING SETS '(' group_by_list ')'
                                    { $$ = MakeGroupingSet(ctx, GroupingSetKind::kSets, $4, @1.begin); }
  ;

/* An expression or a parenthesized list of two or more (PostgreSQL's implicit_row, which
 * grouping flattens to its members). */
grouping_element:
    a_expr                          { $$ = GroupingElementOf(ctx, $1); }
  ;

grouping_element_list:
    grouping_element                { $$.push_back($1); }
  | grouping_element_list ',' grouping_element
                                    { $$ = $1; $$.push_back($3); }
  ;

having_clause:
    HAVING a_expr                   { $$ = $2; }
  | %empty                          { $$ = nullptr; }
  ;

/* WINDOW name AS (...), ...: the body is expr.y's window_specification. */
window_clause:
    WINDOW window_definition_list   { $$ = $2; }
  | %empty                          { $$ = std::vector<WindowDef>{}; }
  ;

window_definition_list:
    window_definition               { $$.push_back($1); }
  | window_definition_list ',' window_definition
                                    { $$ = $1; $$.push_back($3); }
  ;

window_definition:
    ColId AS window_specification
        { $$ = std::move(*$3); $$.name = $1; $$.location = @1.begin; }
  ;

/* ---------------------------------------------------------------- ORDER BY, LIMIT */

sort_clause:
    ORDER BY sortby_list            { $$ = $3; }
  ;

opt_sort_clause:
    sort_clause                     { $$ = $1; }
  | %empty                          { $$ = std::vector<SortBy>{}; }
  ;

sortby_list:
    sortby                          { $$.push_back($1); }
  | sortby_list ',' sortby          { $$ = $1; $$.push_back($3); }
  ;

sortby:
    a_expr opt_asc_desc opt_nulls_order
                                    { $$ = SortBy{$1, $2, $3, @1.begin}; }
  ;

opt_asc_desc:
    ASC                             { $$ = SortDirection::kAscending; }
  | DESC                            { $$ = SortDirection::kDescending; }
  | %empty                          { $$ = SortDirection::kDefault; }
  ;

opt_nulls_order:
    NULLS_LA FIRST_P                { $$ = NullsOrder::kFirst; }
  | NULLS_LA LAST_P                 { $$ = NullsOrder::kLast; }
  | %empty                          { $$ = NullsOrder::kDefault; }
  ;

opt_select_limit:
    select_limit                    { $$ = $1; }
  | %empty                          { $$ = SelectLimit{}; }
  ;

select_limit:
    limit_clause offset_clause      { $$ = MergeSelectLimit($1, $2); }
  | offset_clause limit_clause      { $$ = MergeSelectLimit($2, $1); }
  | limit_clause                    { $$ = $1; }
  | offset_clause                   { $$ = $1; }
  ;

limit_clause:
    LIMIT select_limit_value
        { $$.has_limit = true; $$.limit = $2; $$.limit_location = @2.begin; }
  | LIMIT select_limit_value ',' select_offset_value
        {
          ctx.ThrowErrorAt(sqlstate::kSyntaxError, "LIMIT #,# syntax is not supported",
                           @1.begin, "Use separate LIMIT and OFFSET clauses.");
        }
  /* SQL:2008 syntax */
  | FETCH first_or_next select_fetch_first_value row_or_rows ONLY
        { $$.has_limit = true; $$.limit = $3; $$.limit_location = @3.begin; }
  | FETCH first_or_next row_or_rows ONLY
        {
          $$.has_limit = true;
          $$.limit = MakeConstant(ConstantKind::kInteger, "1", -1);
        }
  | FETCH first_or_next select_fetch_first_value row_or_rows WITH TIES
        {
          $$.has_limit = true; $$.limit = $3; $$.limit_location = @3.begin;
          $$.with_ties = true; $$.with_ties_location = @5.begin;
        }
  | FETCH first_or_next row_or_rows WITH TIES
        {
          $$.has_limit = true;
          $$.limit = MakeConstant(ConstantKind::kInteger, "1", -1);
          $$.with_ties = true; $$.with_ties_location = @4.begin;
        }
  ;

offset_clause:
    OFFSET select_offset_value
        { $$.has_offset = true; $$.offset = $2; $$.offset_location = @2.begin; }
  /* SQL:2008 syntax */
  | OFFSET select_fetch_first_value row_or_rows
        { $$.has_offset = true; $$.offset = $2; $$.offset_location = @2.begin; }
  ;

select_limit_value:
    a_expr                          { $$ = $1; }
  | ALL                             { $$ = nullptr; /* LIMIT ALL: no limit */ }
  ;

select_offset_value:
    a_expr                          { $$ = $1; }
  ;

/*
 * FETCH FIRST takes only a c_expr (or a signed number), because a_expr would make
 * "ROW" / "ROWS" ambiguous.
 */
select_fetch_first_value:
    c_expr                          { $$ = $1; }
  | '+' I_or_F_const                { $$ = MakeOperator(ctx, "+", nullptr, $2, @1.begin); }
  | '-' I_or_F_const                { $$ = MakeNegation(ctx, $2, @1.begin); }
  ;

I_or_F_const:
    Iconst                          { $$ = MakeConstant(ConstantKind::kInteger, $1, @1.begin); }
  | FCONST                          { $$ = MakeNumericConstant($1, @1.begin); }
  ;

row_or_rows:
    ROW
  | ROWS
  ;

first_or_next:
    FIRST_P
  | NEXT
  ;

/* ---------------------------------------------------------------- FOR UPDATE / SHARE */

for_locking_clause:
    for_locking_items               { $$ = $1; }
  | FOR READ ONLY                   { $$ = std::vector<LockingClause>{}; }
  ;

opt_for_locking_clause:
    for_locking_clause              { $$ = $1; }
  | %empty                          { $$ = std::vector<LockingClause>{}; }
  ;

for_locking_items:
    for_locking_item                { $$.push_back($1); }
  | for_locking_items for_locking_item
                                    { $$ = $1; $$.push_back($2); }
  ;

for_locking_item:
    for_locking_strength locked_rels_list opt_nowait_or_skip
                                    { $$ = MakeLockingClause($1, $2, $3, @1.begin); }
  ;

for_locking_strength:
    FOR UPDATE                      { $$ = LockStrength::kUpdate; }
  | FOR NO KEY UPDATE               { $$ = LockStrength::kNoKeyUpdate; }
  | FOR SHARE                       { $$ = LockStrength::kShare; }
  | FOR KEY SHARE                   { $$ = LockStrength::kKeyShare; }
  ;

locked_rels_list:
    OF qualified_name_list          { $$ = $2; }
  | %empty                          { $$ = std::vector<std::unique_ptr<RangeVar>>{}; }
  ;

qualified_name_list:
    qualified_name                  { $$.push_back($1); }
  | qualified_name_list ',' qualified_name
                                    { $$ = $1; $$.push_back($3); }
  ;

opt_nowait_or_skip:
    NOWAIT                          { $$ = LockWaitPolicy::kError; }
  | SKIP LOCKED                     { $$ = LockWaitPolicy::kSkip; }
  | %empty                          { $$ = LockWaitPolicy::kBlock; }
  ;
