/*
 * parser/grammar/expr.y -- value expressions.
 *
 * As in PostgreSQL: a_expr is the full expression syntax; b_expr is a restricted subset
 * (no AND/OR/NOT/IS/LIKE/IN/BETWEEN) for contexts where those would be ambiguous, such as
 * a column DEFAULT followed by NOT NULL or the lower bound of BETWEEN; c_expr holds what
 * is common to both. Operator precedence comes entirely from the precedence table.
 */
%type <ExprPtr> a_expr b_expr c_expr AexprConst columnref func_expr
%type <ExprPtr> row explicit_row implicit_row
%type <ExprPtr> func_expr_common_subexpr case_expr case_default case_arg filter_clause
%type <std::unique_ptr<FuncCallExpr>> func_application
%type <std::vector<SortBy>> within_group_clause
%type <std::unique_ptr<WindowDef>> over_clause window_specification opt_frame_clause frame_extent
%type <FrameBound> frame_bound
%type <FrameExclusion> opt_window_exclusion_clause
%type <std::string> opt_existing_window_name
%type <ExprList> opt_partition_clause
%type <ExprList> expr_list func_arg_list func_arg_list_opt trim_list substr_list
%type <ExprPtr> func_arg_expr
%type <ExprList> extract_list position_list overlay_list
%type <std::vector<CaseWhen>> when_clause_list
%type <CaseWhen> when_clause
%type <InTarget> in_expr
%type <std::string> qual_Op all_Op MathOp any_operator subquery_Op extract_arg
%type <SubqueryKind> sub_type
%type <std::vector<Indirection>> indirection opt_indirection
%type <Indirection> indirection_el
%type <ExprPtr> array_expr opt_slice_bound
%type <ExprList> array_expr_list
%type <std::vector<std::string>> func_name
%type <std::string> Iconst Sconst
%type <int64_t> SignedIconst

%%

a_expr:
    c_expr                          { $$ = $1; }
  | a_expr TYPECAST Typename        { $$ = MakeTypeCast(ctx, $1, $3, @2.begin); }
  | a_expr COLLATE any_name         { $$ = MakeCollate(ctx, $1, $3, @2.begin); }
  | a_expr AT TIME ZONE a_expr %prec AT
        { $$ = MakeSqlFunction(ctx, "timezone", MakeList($5, $1), @2.begin); }
  /*
   * Unary minus binds tighter than ^ (so -2^2 is 4), and a minus sign before a numeric
   * constant is folded into it (so -2147483648 is one int4 constant).
   */
  | '+' a_expr %prec UMINUS         { $$ = MakeOperator(ctx, "+", nullptr, $2, @1.begin); }
  | '-' a_expr %prec UMINUS         { $$ = MakeNegation(ctx, $2, @1.begin); }
  /* (start, end) OVERLAPS (start, end): a call of overlaps() with the four values. */
  | row OVERLAPS row                { $$ = MakeOverlaps(ctx, $1, $3, @2.begin); }
  | a_expr '+' a_expr               { $$ = MakeOperator(ctx, "+", $1, $3, @2.begin); }
  | a_expr '-' a_expr               { $$ = MakeOperator(ctx, "-", $1, $3, @2.begin); }
  | a_expr '*' a_expr               { $$ = MakeOperator(ctx, "*", $1, $3, @2.begin); }
  | a_expr '/' a_expr               { $$ = MakeOperator(ctx, "/", $1, $3, @2.begin); }
  | a_expr '%' a_expr               { $$ = MakeOperator(ctx, "%", $1, $3, @2.begin); }
  | a_expr '^' a_expr               { $$ = MakeOperator(ctx, "^", $1, $3, @2.begin); }
  | a_expr '<' a_expr               { $$ = MakeOperator(ctx, "<", $1, $3, @2.begin); }
  | a_expr '>' a_expr               { $$ = MakeOperator(ctx, ">", $1, $3, @2.begin); }
  | a_expr '=' a_expr               { $$ = MakeOperator(ctx, "=", $1, $3, @2.begin); }
  | a_expr LESS_EQUALS a_expr       { $$ = MakeOperator(ctx, "<=", $1, $3, @2.begin); }
  | a_expr GREATER_EQUALS a_expr    { $$ = MakeOperator(ctx, ">=", $1, $3, @2.begin); }
  | a_expr NOT_EQUALS a_expr        { $$ = MakeOperator(ctx, "<>", $1, $3, @2.begin); }
  | a_expr qual_Op a_expr %prec Op  { $$ = MakeOperator(ctx, $2, $1, $3, @2.begin); }
  | qual_Op a_expr %prec Op         { $$ = MakeOperator(ctx, $1, nullptr, $2, @1.begin); }
  | a_expr AND a_expr               { $$ = MakeAnd(ctx, $1, $3, @2.begin); }
  | a_expr OR a_expr                { $$ = MakeOr(ctx, $1, $3, @2.begin); }
  | NOT a_expr                      { $$ = MakeNot(ctx, $2, @1.begin); }
  | NOT_LA a_expr %prec NOT         { $$ = MakeNot(ctx, $2, @1.begin); }
  | a_expr LIKE a_expr
        { $$ = MakeLike(ctx, $1, $3, nullptr, false, false, @2.begin); }
  | a_expr LIKE a_expr ESCAPE a_expr %prec LIKE
        { $$ = MakeLike(ctx, $1, $3, $5, false, false, @2.begin); }
  | a_expr NOT_LA LIKE a_expr %prec NOT_LA
        { $$ = MakeLike(ctx, $1, $4, nullptr, true, false, @2.begin); }
  | a_expr NOT_LA LIKE a_expr ESCAPE a_expr %prec NOT_LA
        { $$ = MakeLike(ctx, $1, $4, $6, true, false, @2.begin); }
  | a_expr ILIKE a_expr
        { $$ = MakeLike(ctx, $1, $3, nullptr, false, true, @2.begin); }
  | a_expr ILIKE a_expr ESCAPE a_expr %prec ILIKE
        { $$ = MakeLike(ctx, $1, $3, $5, false, true, @2.begin); }
  | a_expr NOT_LA ILIKE a_expr %prec NOT_LA
        { $$ = MakeLike(ctx, $1, $4, nullptr, true, true, @2.begin); }
  | a_expr NOT_LA ILIKE a_expr ESCAPE a_expr %prec NOT_LA
        { $$ = MakeLike(ctx, $1, $4, $6, true, true, @2.begin); }
  | a_expr SIMILAR TO a_expr %prec SIMILAR
        { $$ = MakeSimilar(ctx, $1, $4, nullptr, false, @2.begin); }
  | a_expr SIMILAR TO a_expr ESCAPE a_expr %prec SIMILAR
        { $$ = MakeSimilar(ctx, $1, $4, $6, false, @2.begin); }
  | a_expr NOT_LA SIMILAR TO a_expr %prec NOT_LA
        { $$ = MakeSimilar(ctx, $1, $5, nullptr, true, @2.begin); }
  | a_expr NOT_LA SIMILAR TO a_expr ESCAPE a_expr %prec NOT_LA
        { $$ = MakeSimilar(ctx, $1, $5, $7, true, @2.begin); }
  /* IS NULL, ISNULL, IS NOT NULL, NOTNULL; and IS [NOT] TRUE / FALSE / UNKNOWN */
  | a_expr IS NULL_P %prec IS       { $$ = MakeNullTest(ctx, $1, false, @2.begin); }
  | a_expr ISNULL                   { $$ = MakeNullTest(ctx, $1, false, @2.begin); }
  | a_expr IS NOT NULL_P %prec IS   { $$ = MakeNullTest(ctx, $1, true, @2.begin); }
  | a_expr NOTNULL                  { $$ = MakeNullTest(ctx, $1, true, @2.begin); }
  | a_expr IS TRUE_P %prec IS
        { $$ = MakeBooleanTest(ctx, $1, BooleanTestKind::kTrue, false, @2.begin); }
  | a_expr IS NOT TRUE_P %prec IS
        { $$ = MakeBooleanTest(ctx, $1, BooleanTestKind::kTrue, true, @2.begin); }
  | a_expr IS FALSE_P %prec IS
        { $$ = MakeBooleanTest(ctx, $1, BooleanTestKind::kFalse, false, @2.begin); }
  | a_expr IS NOT FALSE_P %prec IS
        { $$ = MakeBooleanTest(ctx, $1, BooleanTestKind::kFalse, true, @2.begin); }
  | a_expr IS UNKNOWN %prec IS
        { $$ = MakeBooleanTest(ctx, $1, BooleanTestKind::kUnknown, false, @2.begin); }
  | a_expr IS NOT UNKNOWN %prec IS
        { $$ = MakeBooleanTest(ctx, $1, BooleanTestKind::kUnknown, true, @2.begin); }
  | a_expr IS DISTINCT FROM a_expr %prec IS
        { $$ = MakeOperator(ctx, "IS DISTINCT FROM", $1, $5, @2.begin); }
  | a_expr IS NOT DISTINCT FROM a_expr %prec IS
        { $$ = MakeOperator(ctx, "IS NOT DISTINCT FROM", $1, $6, @2.begin); }
  /* The lower bound is a b_expr: "x BETWEEN a AND b AND c" must mean (..) AND c. */
  | a_expr BETWEEN opt_asymmetric b_expr AND a_expr %prec BETWEEN
        { $$ = MakeBetween(ctx, $1, $4, $6, false, false, @2.begin); }
  | a_expr NOT_LA BETWEEN opt_asymmetric b_expr AND a_expr %prec NOT_LA
        { $$ = MakeBetween(ctx, $1, $5, $7, true, false, @2.begin); }
  | a_expr BETWEEN SYMMETRIC b_expr AND a_expr %prec BETWEEN
        { $$ = MakeBetween(ctx, $1, $4, $6, false, true, @2.begin); }
  | a_expr NOT_LA BETWEEN SYMMETRIC b_expr AND a_expr %prec NOT_LA
        { $$ = MakeBetween(ctx, $1, $5, $7, true, true, @2.begin); }
  | a_expr IN_P in_expr             { $$ = MakeIn(ctx, $1, $3, false, @2.begin); }
  | a_expr NOT_LA IN_P in_expr %prec NOT_LA
                                    { $$ = MakeIn(ctx, $1, $4, true, @2.begin); }
  | a_expr subquery_Op sub_type select_with_parens %prec Op
        { $$ = MakeSubquery(ctx, $3, $1, $2, $4, @2.begin); }
  | a_expr subquery_Op sub_type '(' a_expr ')' %prec Op
        { $$ = MakeArrayComparison(ctx, $3, $1, $2, $5, @2.begin); }
  /*
   * DEFAULT is accepted in any expression and rejected by the analyzer where it does not
   * belong (it is only meaningful in INSERT ... VALUES and UPDATE ... SET), which gives a
   * better message than a syntax error.
   */
  | DEFAULT                         { $$ = MakeDefault(@1.begin); }
  ;

b_expr:
    c_expr                          { $$ = $1; }
  | b_expr TYPECAST Typename        { $$ = MakeTypeCast(ctx, $1, $3, @2.begin); }
  | '+' b_expr %prec UMINUS         { $$ = MakeOperator(ctx, "+", nullptr, $2, @1.begin); }
  | '-' b_expr %prec UMINUS         { $$ = MakeNegation(ctx, $2, @1.begin); }
  | b_expr '+' b_expr               { $$ = MakeOperator(ctx, "+", $1, $3, @2.begin); }
  | b_expr '-' b_expr               { $$ = MakeOperator(ctx, "-", $1, $3, @2.begin); }
  | b_expr '*' b_expr               { $$ = MakeOperator(ctx, "*", $1, $3, @2.begin); }
  | b_expr '/' b_expr               { $$ = MakeOperator(ctx, "/", $1, $3, @2.begin); }
  | b_expr '%' b_expr               { $$ = MakeOperator(ctx, "%", $1, $3, @2.begin); }
  | b_expr '^' b_expr               { $$ = MakeOperator(ctx, "^", $1, $3, @2.begin); }
  | b_expr '<' b_expr               { $$ = MakeOperator(ctx, "<", $1, $3, @2.begin); }
  | b_expr '>' b_expr               { $$ = MakeOperator(ctx, ">", $1, $3, @2.begin); }
  | b_expr '=' b_expr               { $$ = MakeOperator(ctx, "=", $1, $3, @2.begin); }
  | b_expr LESS_EQUALS b_expr       { $$ = MakeOperator(ctx, "<=", $1, $3, @2.begin); }
  | b_expr GREATER_EQUALS b_expr    { $$ = MakeOperator(ctx, ">=", $1, $3, @2.begin); }
  | b_expr NOT_EQUALS b_expr        { $$ = MakeOperator(ctx, "<>", $1, $3, @2.begin); }
  | b_expr qual_Op b_expr %prec Op  { $$ = MakeOperator(ctx, $2, $1, $3, @2.begin); }
  | qual_Op b_expr %prec Op         { $$ = MakeOperator(ctx, $1, nullptr, $2, @1.begin); }
  | b_expr IS DISTINCT FROM b_expr %prec IS
        { $$ = MakeOperator(ctx, "IS DISTINCT FROM", $1, $5, @2.begin); }
  | b_expr IS NOT DISTINCT FROM b_expr %prec IS
        { $$ = MakeOperator(ctx, "IS NOT DISTINCT FROM", $1, $6, @2.begin); }
  ;

c_expr:
    columnref                       { $$ = $1; }
  | AexprConst                      { $$ = $1; }
  | PARAM opt_indirection           { $$ = MakeSubscripts(ctx, MakeParamRef($1, @1.begin), $2); }
  | '(' a_expr ')' opt_indirection  { $$ = MakeSubscripts(ctx, $2, $4); }
  | ARRAY select_with_parens        { $$ = MakeArraySubquery(ctx, $2, @1.begin); }
  | ARRAY array_expr                { $$ = $2; $$->location = @1.begin; $$->As<ArrayExpr>().nested = false; }
  | case_expr                       { $$ = $1; }
  | func_expr                       { $$ = $1; }
  | select_with_parens %prec UMINUS
        { $$ = MakeSubquery(ctx, SubqueryKind::kScalar, nullptr, std::string(), $1, @1.begin); }
  | select_with_parens indirection
        { $$ = MakeSubscripts(ctx, MakeSubquery(ctx, SubqueryKind::kScalar, nullptr, std::string(), $1, @1.begin), $2); }
  | EXISTS select_with_parens
        { $$ = MakeSubquery(ctx, SubqueryKind::kExists, nullptr, std::string(), $2, @1.begin); }
  | explicit_row                    { $$ = $1; }
  | implicit_row                    { $$ = $1; }
  ;

/* Rows are nonterminals of their own so that OVERLAPS can follow one (PostgreSQL's row). */
row:
    explicit_row                    { $$ = $1; }
  | implicit_row                    { $$ = $1; }
  ;

explicit_row:
    ROW '(' expr_list ')'           { $$ = MakeRow(ctx, $3, true, @1.begin); }
  | ROW '(' ')'                     { $$ = MakeRow(ctx, ExprList{}, true, @1.begin); }
  ;

implicit_row:
    '(' expr_list ',' a_expr ')'
        {
          ExprList members = $2;
          members.push_back($4);
          $$ = MakeRow(ctx, std::move(members), false, @1.begin);
        }
  ;

/* ---------------------------------------------------------------- function calls */

func_application:
    func_name '(' ')'               { $$ = NewFuncCall($1, ExprList{}, @1.begin); }
  | func_name '(' func_arg_list opt_sort_clause ')'
        { $$ = NewFuncCall($1, $3, @1.begin); $$->order_by = $4; }
  | func_name '(' VARIADIC func_arg_expr opt_sort_clause ')'
        {
          $$ = NewFuncCall($1, MakeList($4), @1.begin); $$->order_by = $5; $$->variadic = true;
        }
  | func_name '(' func_arg_list ',' VARIADIC func_arg_expr opt_sort_clause ')'
        {
          ExprList args = $3;
          args.push_back($6);
          $$ = NewFuncCall($1, std::move(args), @1.begin); $$->order_by = $7; $$->variadic = true;
        }
  | func_name '(' ALL func_arg_list opt_sort_clause ')'
        { $$ = NewFuncCall($1, $4, @1.begin); $$->order_by = $5; }
  | func_name '(' DISTINCT func_arg_list opt_sort_clause ')'
        { $$ = NewFuncCall($1, $4, @1.begin); $$->order_by = $5; $$->distinct = true; }
  | func_name '(' '*' ')'
        { $$ = NewFuncCall($1, ExprList{}, @1.begin); $$->star = true; }
  ;

func_expr:
    func_application within_group_clause filter_clause over_clause
        { $$ = FinishFuncCall(ctx, $1, $3, $4, std::move($2), @2.begin); }
  | func_expr_common_subexpr        { $$ = $1; }
  ;

within_group_clause:
    WITHIN GROUP_P '(' sort_clause ')'   { $$ = $4; }
  | %empty                          { $$ = std::vector<SortBy>{}; }
  ;

filter_clause:
    FILTER '(' WHERE a_expr ')'     { $$ = $4; }
  | %empty                          { $$ = nullptr; }
  ;

over_clause:
    OVER window_specification       { $$ = $2; $$->location = @1.begin; }
  | OVER ColId
        { $$ = std::make_unique<WindowDef>(); $$->name = $2; $$->location = @1.begin; }
  | %empty                          { $$ = nullptr; }
  ;

/* Also the body of a WINDOW clause entry (select.y). */
window_specification:
    '(' opt_existing_window_name opt_partition_clause opt_sort_clause opt_frame_clause ')'
        {
          $$ = $5;
          $$->existing = $2;
          $$->partition_by = $3;
          $$->order_by = $4;
          $$->location = @1.begin;
        }
  ;

/* As in PostgreSQL: PARTITION, RANGE, ROWS and GROUPS are ColIds too; the empty rule's
 * precedence (Op) makes them start their clause instead of naming a window. */
opt_existing_window_name:
    ColId                           { $$ = $1; }
  | %empty %prec Op                 { $$ = std::string(); }
  ;

opt_frame_clause:
    RANGE frame_extent opt_window_exclusion_clause
        { $$ = $2; $$->frame_mode = FrameMode::kRange; $$->exclusion = $3; }
  | ROWS frame_extent opt_window_exclusion_clause
        { $$ = $2; $$->frame_mode = FrameMode::kRows; $$->exclusion = $3; }
  | GROUPS frame_extent opt_window_exclusion_clause
        { $$ = $2; $$->frame_mode = FrameMode::kGroups; $$->exclusion = $3; }
  | %empty                          { $$ = std::make_unique<WindowDef>(); }
  ;

/* Impossible frames are rejected in MakeFrameExtent (42P20, PostgreSQL's messages). */
frame_extent:
    frame_bound                     { $$ = MakeFrameExtent(ctx, $1, std::nullopt, @1.begin, @1.begin); }
  | BETWEEN frame_bound AND frame_bound
                                    { $$ = MakeFrameExtent(ctx, $2, $4, @2.begin, @4.begin); }
  ;

frame_bound:
    UNBOUNDED PRECEDING             { $$.kind = FrameBoundKind::kUnboundedPreceding; $$.location = @1.begin; }
  | UNBOUNDED FOLLOWING             { $$.kind = FrameBoundKind::kUnboundedFollowing; $$.location = @1.begin; }
  | CURRENT_P ROW                   { $$.kind = FrameBoundKind::kCurrentRow; $$.location = @1.begin; }
  | a_expr PRECEDING
        { $$.kind = FrameBoundKind::kPreceding; $$.offset = $1; $$.location = @1.begin; }
  | a_expr FOLLOWING
        { $$.kind = FrameBoundKind::kFollowing; $$.offset = $1; $$.location = @1.begin; }
  ;

opt_window_exclusion_clause:
    EXCLUDE CURRENT_P ROW           { $$ = FrameExclusion::kCurrentRow; }
  | EXCLUDE GROUP_P                 { $$ = FrameExclusion::kGroup; }
  | EXCLUDE TIES                    { $$ = FrameExclusion::kTies; }
  | EXCLUDE NO OTHERS               { $$ = FrameExclusion::kNoOthers; }
  | %empty                          { $$ = FrameExclusion::kNoOthers; }
  ;

opt_partition_clause:
    PARTITION BY expr_list          { $$ = $3; }
  | %empty                          { $$ = ExprList{}; }
  ;

/*
 * Functions with SQL-standard call syntax, rewritten to ordinary calls (see FuncCallExpr
 * in ast.hpp). The niladic ones keep their SQL name so that the analyzer can tell them
 * from user functions and name the result column as PostgreSQL does.
 */
func_expr_common_subexpr:
    COLLATION FOR '(' a_expr ')'
        { $$ = MakeSqlFunction(ctx, "pg_collation_for", MakeList($4), @1.begin); }
  | CURRENT_DATE                    { $$ = MakeSqlFunction(ctx, "current_date", ExprList{}, @1.begin); }
  | CURRENT_TIME                    { $$ = MakeSqlFunction(ctx, "current_time", ExprList{}, @1.begin); }
  | CURRENT_TIME '(' Iconst ')'
        { $$ = MakeSqlFunction(ctx, "current_time", MakeList(MakeConstant(ConstantKind::kInteger, $3, @3.begin)), @1.begin); }
  | CURRENT_TIMESTAMP               { $$ = MakeSqlFunction(ctx, "current_timestamp", ExprList{}, @1.begin); }
  | CURRENT_TIMESTAMP '(' Iconst ')'
        { $$ = MakeSqlFunction(ctx, "current_timestamp", MakeList(MakeConstant(ConstantKind::kInteger, $3, @3.begin)), @1.begin); }
  | LOCALTIME                       { $$ = MakeSqlFunction(ctx, "localtime", ExprList{}, @1.begin); }
  | LOCALTIME '(' Iconst ')'
        { $$ = MakeSqlFunction(ctx, "localtime", MakeList(MakeConstant(ConstantKind::kInteger, $3, @3.begin)), @1.begin); }
  | LOCALTIMESTAMP                  { $$ = MakeSqlFunction(ctx, "localtimestamp", ExprList{}, @1.begin); }
  | LOCALTIMESTAMP '(' Iconst ')'
        { $$ = MakeSqlFunction(ctx, "localtimestamp", MakeList(MakeConstant(ConstantKind::kInteger, $3, @3.begin)), @1.begin); }
  | CURRENT_ROLE                    { $$ = MakeSqlFunction(ctx, "current_role", ExprList{}, @1.begin); }
  | CURRENT_USER                    { $$ = MakeSqlFunction(ctx, "current_user", ExprList{}, @1.begin); }
  | SESSION_USER                    { $$ = MakeSqlFunction(ctx, "session_user", ExprList{}, @1.begin); }
  | USER                            { $$ = MakeSqlFunction(ctx, "user", ExprList{}, @1.begin); }
  | CURRENT_CATALOG                 { $$ = MakeSqlFunction(ctx, "current_catalog", ExprList{}, @1.begin); }
  | CURRENT_SCHEMA                  { $$ = MakeSqlFunction(ctx, "current_schema", ExprList{}, @1.begin); }
  | CAST '(' a_expr AS Typename ')' { $$ = MakeTypeCast(ctx, $3, $5, @1.begin); }
  | EXTRACT '(' extract_list ')'    { $$ = MakeSqlFunction(ctx, "extract", $3, @1.begin); }
  | OVERLAY '(' overlay_list ')'    { $$ = MakeSqlFunction(ctx, "overlay", $3, @1.begin); }
  | OVERLAY '(' func_arg_list_opt ')'
                                    { $$ = MakeSqlFunction(ctx, "overlay", $3, @1.begin); }
  | POSITION '(' position_list ')'  { $$ = MakeSqlFunction(ctx, "position", $3, @1.begin); }
  | SUBSTRING '(' substr_list ')'   { $$ = MakeSqlFunction(ctx, "substring", $3, @1.begin); }
  | SUBSTRING '(' func_arg_list_opt ')'
                                    { $$ = MakeSqlFunction(ctx, "substring", $3, @1.begin); }
  | TRIM '(' BOTH trim_list ')'     { $$ = MakeSqlFunction(ctx, "btrim", $4, @1.begin); }
  | TRIM '(' LEADING trim_list ')'  { $$ = MakeSqlFunction(ctx, "ltrim", $4, @1.begin); }
  | TRIM '(' TRAILING trim_list ')' { $$ = MakeSqlFunction(ctx, "rtrim", $4, @1.begin); }
  | TRIM '(' trim_list ')'          { $$ = MakeSqlFunction(ctx, "btrim", $3, @1.begin); }
  | NULLIF '(' a_expr ',' a_expr ')'
                                    { $$ = MakeSqlFunction(ctx, "nullif", MakeList($3, $5), @1.begin); }
  | COALESCE '(' expr_list ')'      { $$ = MakeSqlFunction(ctx, "coalesce", $3, @1.begin); }
  | GROUPING '(' expr_list ')'      { $$ = MakeSqlFunction(ctx, "grouping", $3, @1.begin); }
  | GREATEST '(' expr_list ')'      { $$ = MakeSqlFunction(ctx, "greatest", $3, @1.begin); }
  | LEAST '(' expr_list ')'         { $$ = MakeSqlFunction(ctx, "least", $3, @1.begin); }
  ;

/* EXTRACT(field FROM x) -> extract('field', x) */
extract_list:
    extract_arg FROM a_expr
        { $$ = MakeList(MakeConstant(ConstantKind::kString, $1, @1.begin), $3); }
  ;

extract_arg:
    IDENT                           { $$ = $1; }
  | YEAR_P                          { $$ = "year"; }
  | MONTH_P                         { $$ = "month"; }
  | DAY_P                           { $$ = "day"; }
  | HOUR_P                          { $$ = "hour"; }
  | MINUTE_P                        { $$ = "minute"; }
  | SECOND_P                        { $$ = "second"; }
  | Sconst                          { $$ = $1; }
  ;

/* OVERLAY(a PLACING b FROM c [FOR d]) -> overlay(a, b, c [, d]) */
overlay_list:
    a_expr PLACING a_expr FROM a_expr FOR a_expr
                                    { $$ = MakeList($1, $3, $5, $7); }
  | a_expr PLACING a_expr FROM a_expr
                                    { $$ = MakeList($1, $3, $5); }
  ;

/* POSITION(a IN b) -> position(b, a); b_expr because IN is an operator in a_expr */
position_list:
    b_expr IN_P b_expr              { $$ = MakeList($3, $1); }
  | %empty                          { $$ = ExprList{}; }
  ;

/*
 * SUBSTRING(x FROM a FOR b) -> substring(x, a, b). FOR without FROM is not SQL but
 * PostgreSQL allows it, starting at 1 and casting the length to int4.
 */
substr_list:
    a_expr FROM a_expr FOR a_expr   { $$ = MakeList($1, $3, $5); }
  | a_expr FOR a_expr FROM a_expr   { $$ = MakeList($1, $5, $3); }
  | a_expr FROM a_expr              { $$ = MakeList($1, $3); }
  | a_expr FOR a_expr
        {
          $$ = MakeList($1, MakeConstant(ConstantKind::kInteger, "1", -1),
                        MakeTypeCast(ctx, $3, MakeTypeName("int4", -1), -1));
        }
  | a_expr SIMILAR a_expr ESCAPE a_expr
                                    { $$ = MakeList($1, $3, $5); }
  ;

/* TRIM([BOTH|LEADING|TRAILING] [chars] FROM x) -> btrim/ltrim/rtrim(x [, chars]) */
trim_list:
    a_expr FROM expr_list           { $$ = $3; $$.push_back($1); }
  | FROM expr_list                  { $$ = $2; }
  | expr_list                       { $$ = $1; }
  ;

func_name:
    type_function_name              { $$.push_back($1); }
  | ColId indirection               { $$ = MakeQualifiedFuncName(ctx, $1, $2); }
  ;

func_arg_list:
    func_arg_expr                   { $$.push_back($1); }
  | func_arg_list ',' func_arg_expr { $$ = $1; $$.push_back($3); }
  ;

/* name => value and name := value: named arguments (NamedArgExpr) */
func_arg_expr:
    a_expr                          { $$ = $1; }
  | param_name COLON_EQUALS a_expr  { $$ = MakeNamedArg(ctx, $1, $3, @1.begin); }
  | param_name EQUALS_GREATER a_expr
                                    { $$ = MakeNamedArg(ctx, $1, $3, @1.begin); }
  ;

func_arg_list_opt:
    func_arg_list                   { $$ = $1; }
  | %empty                          { $$ = ExprList{}; }
  ;

expr_list:
    a_expr                          { $$.push_back($1); }
  | expr_list ',' a_expr            { $$ = $1; $$.push_back($3); }
  ;

/* ---------------------------------------------------------------- CASE, IN, operators */

case_expr:
    CASE case_arg when_clause_list case_default END_P
                                    { $$ = MakeCase(ctx, $2, $3, $4, @1.begin); }
  ;

when_clause_list:
    when_clause                     { $$.push_back($1); }
  | when_clause_list when_clause    { $$ = $1; $$.push_back($2); }
  ;

when_clause:
    WHEN a_expr THEN a_expr         { $$ = CaseWhen{$2, $4}; }
  ;

case_default:
    ELSE a_expr                     { $$ = $2; }
  | %empty                          { $$ = nullptr; }
  ;

case_arg:
    a_expr                          { $$ = $1; }
  | %empty                          { $$ = nullptr; }
  ;

in_expr:
    select_with_parens              { $$.select = $1; }
  | '(' expr_list ')'               { $$.list = $2; }
  ;

opt_asymmetric:
    ASYMMETRIC
  | %empty
  ;

sub_type:
    ANY                             { $$ = SubqueryKind::kAny; }
  | SOME                            { $$ = SubqueryKind::kAny; }
  | ALL                             { $$ = SubqueryKind::kAll; }
  ;

all_Op:
    Op                              { $$ = $1; }
  | MathOp                          { $$ = $1; }
  ;

MathOp:
    '+'                             { $$ = "+"; }
  | '-'                             { $$ = "-"; }
  | '*'                             { $$ = "*"; }
  | '/'                             { $$ = "/"; }
  | '%'                             { $$ = "%"; }
  | '^'                             { $$ = "^"; }
  | '<'                             { $$ = "<"; }
  | '>'                             { $$ = ">"; }
  | '='                             { $$ = "="; }
  | LESS_EQUALS                     { $$ = "<="; }
  | GREATER_EQUALS                  { $$ = ">="; }
  | NOT_EQUALS                      { $$ = "<>"; }
  ;

/* OPERATOR(schema.op) is kept as "schema.op" (see OperatorExpr in ast.hpp). */
qual_Op:
    Op                              { $$ = $1; }
  | OPERATOR '(' any_operator ')'   { $$ = $3; }
  ;

subquery_Op:
    all_Op                          { $$ = $1; }
  | OPERATOR '(' any_operator ')'   { $$ = $3; }
  | LIKE                            { $$ = "~~"; }
  | NOT_LA LIKE                     { $$ = "!~~"; }
  | ILIKE                           { $$ = "~~*"; }
  | NOT_LA ILIKE                    { $$ = "!~~*"; }
  ;

any_operator:
    all_Op                          { $$ = $1; }
  | ColId '.' any_operator          { $$ = $1 + "." + $3; }
  ;

/* ---------------------------------------------------------------- names and constants */

columnref:
    ColId                           { $$ = MakeColumnRef(ctx, $1, {}, @1.begin); }
  | ColId indirection               { $$ = MakeColumnRef(ctx, $1, $2, @1.begin); }
  ;

indirection:
    indirection_el                  { $$.push_back($1); }
  | indirection indirection_el      { $$ = $1; $$.push_back($2); }
  ;

indirection_el:
    '.' attr_name                   { $$.name = $2; $$.location = @2.begin; }
  | '.' '*'                         { $$.name = "*"; $$.star = true; $$.location = @2.begin; }
  | '[' a_expr ']'
        { $$.subscript = true; $$.lower = $2; $$.location = @1.begin; }
  | '[' opt_slice_bound ':' opt_slice_bound ']'
        { $$.subscript = true; $$.slice = true; $$.lower = $2; $$.upper = $4; $$.location = @1.begin; }
  ;

opt_slice_bound:
    a_expr                          { $$ = $1; }
  | %empty                          { $$ = nullptr; }
  ;

opt_indirection:
    %empty                          { $$ = std::vector<Indirection>{}; }
  | opt_indirection indirection_el  { $$ = $1; $$.push_back($2); }
  ;

/* ARRAY[...]: the elements, or rows of a multi-dimensional array written as bare [...] */
array_expr:
    '[' expr_list ']'               { $$ = MakeArrayConstructor(ctx, $2, true, @1.begin); }
  | '[' array_expr_list ']'         { $$ = MakeArrayConstructor(ctx, $2, true, @1.begin); }
  | '[' ']'                         { $$ = MakeArrayConstructor(ctx, ExprList{}, true, @1.begin); }
  ;

array_expr_list:
    array_expr                      { $$.push_back($1); }
  | array_expr_list ',' array_expr  { $$ = $1; $$.push_back($3); }
  ;

AexprConst:
    Iconst                          { $$ = MakeConstant(ConstantKind::kInteger, $1, @1.begin); }
  | FCONST                          { $$ = MakeNumericConstant($1, @1.begin); }
  | Sconst                          { $$ = MakeConstant(ConstantKind::kString, $1, @1.begin); }
  | BCONST                          { $$ = MakeBitStringConstant(ctx, $1, @1.begin); }
  | XCONST                          { $$ = MakeBitStringConstant(ctx, $1, @1.begin); }
  /* typed literals: type 'string' */
  | func_name Sconst
        { $$ = MakeStringCast(ctx, $2, @2.begin, MakeGenericType(ctx, $1, ExprList{}, @1.begin), @1.begin); }
  | func_name '(' func_arg_list opt_sort_clause ')' Sconst
        {
          ExprList modifiers = $3;
          for (const ExprPtr& modifier : modifiers) {
            if (modifier->kind == ExprKind::kNamedArg) {
              ctx.ThrowErrorAt(sqlstate::kSyntaxError, "type modifier cannot have parameter name",
                               modifier->location);
            }
          }
          if (!$4.empty()) {
            ctx.ThrowErrorAt(sqlstate::kSyntaxError, "type modifier cannot have ORDER BY",
                             @4.begin);
          }
          $$ = MakeStringCast(ctx, $6, @6.begin, MakeGenericType(ctx, $1, std::move(modifiers), @1.begin), @1.begin);
        }
  | ConstTypename Sconst            { $$ = MakeStringCast(ctx, $2, @2.begin, $1, @1.begin); }
  | ConstInterval Sconst opt_interval
        { TypeName type = $1; type.modifiers = $3; $$ = MakeStringCast(ctx, $2, @2.begin, type, @1.begin); }
  | ConstInterval '(' Iconst ')' Sconst
        {
          TypeName type = $1;
          type.modifiers = {interval_mask::kFullRange, ParseIconst($3)};
          $$ = MakeStringCast(ctx, $5, @5.begin, type, @1.begin);
        }
  | TRUE_P                          { $$ = MakeBoolConstant(true, @1.begin); }
  | FALSE_P                         { $$ = MakeBoolConstant(false, @1.begin); }
  | NULL_P                          { $$ = MakeConstant(ConstantKind::kNull, std::string(), @1.begin); }
  ;

Iconst:
    ICONST                          { $$ = $1; }
  ;

Sconst:
    SCONST                          { $$ = $1; }
  ;

SignedIconst:
    Iconst                          { $$ = ParseIconst($1); }
  | '+' Iconst                      { $$ = ParseIconst($2); }
  | '-' Iconst                      { $$ = -ParseIconst($2); }
  ;
