/*
 * parser/grammar/cursor.y -- SQL cursors: DECLARE ... CURSOR, FETCH / MOVE, CLOSE, and
 * UPDATE / DELETE's WHERE CURRENT OF.
 */
%type <granary::parser::StmtPtr> DeclareCursorStmt FetchStmt ClosePortalStmt
%type <std::unique_ptr<DeclareCursorStmt>> cursor_options
%type <bool> opt_hold
%type <std::unique_ptr<FetchStmt>> fetch_args
%type <std::string> cursor_name
%type <WhereClause> where_or_current_clause

%%

DeclareCursorStmt:
    DECLARE cursor_name cursor_options CURSOR opt_hold FOR SelectStmt
        { $$ = MakeDeclareCursor($2, $3, $5, $7); }
  ;

cursor_name:
    name                            { $$ = $1; }
  ;

cursor_options:
    %empty                          { $$ = std::make_unique<DeclareCursorStmt>(); }
  | cursor_options NO SCROLL        { $$ = $1; $$->no_scroll = true; }
  | cursor_options SCROLL           { $$ = $1; $$->scroll = true; }
  | cursor_options BINARY           { $$ = $1; $$->binary = true; }
  | cursor_options ASENSITIVE       { $$ = $1; $$->asensitive = true; }
  | cursor_options INSENSITIVE      { $$ = $1; $$->insensitive = true; }
  ;

opt_hold:
    %empty                          { $$ = false; }
  | WITH HOLD                       { $$ = true; }
  | WITHOUT HOLD                    { $$ = false; }
  ;

FetchStmt:
    FETCH fetch_args                { $$ = FinishFetch($2, false); }
  | MOVE fetch_args                 { $$ = FinishFetch($2, true); }
  ;

fetch_args:
    cursor_name                     { $$ = MakeFetch(FetchDirection::kForward, 1, $1); }
  | from_in cursor_name             { $$ = MakeFetch(FetchDirection::kForward, 1, $2); }
  | NEXT opt_from_in cursor_name    { $$ = MakeFetch(FetchDirection::kForward, 1, $3); }
  | PRIOR opt_from_in cursor_name   { $$ = MakeFetch(FetchDirection::kBackward, 1, $3); }
  | FIRST_P opt_from_in cursor_name { $$ = MakeFetch(FetchDirection::kAbsolute, 1, $3); }
  | LAST_P opt_from_in cursor_name  { $$ = MakeFetch(FetchDirection::kAbsolute, -1, $3); }
  | ABSOLUTE_P SignedIconst opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kAbsolute, $2, $4); }
  | RELATIVE_P SignedIconst opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kRelative, $2, $4); }
  | SignedIconst opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kForward, $1, $3); }
  | ALL opt_from_in cursor_name     { $$ = MakeFetch(FetchDirection::kForward, FetchStmt::kAll, $3); }
  | FORWARD opt_from_in cursor_name { $$ = MakeFetch(FetchDirection::kForward, 1, $3); }
  | FORWARD SignedIconst opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kForward, $2, $4); }
  | FORWARD ALL opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kForward, FetchStmt::kAll, $4); }
  | BACKWARD opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kBackward, 1, $3); }
  | BACKWARD SignedIconst opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kBackward, $2, $4); }
  | BACKWARD ALL opt_from_in cursor_name
                                    { $$ = MakeFetch(FetchDirection::kBackward, FetchStmt::kAll, $4); }
  ;

from_in:
    FROM
  | IN_P
  ;

opt_from_in:
    from_in
  | %empty
  ;

ClosePortalStmt:
    CLOSE cursor_name               { $$ = MakeClosePortal($2, false); }
  | CLOSE ALL                       { $$ = MakeClosePortal("", true); }
  ;

/* UPDATE / DELETE ... WHERE condition | WHERE CURRENT OF cursor (the cursor's current row). */
where_or_current_clause:
    WHERE a_expr                    { $$ = WhereClause{$2, {}, -1}; }
  | WHERE CURRENT_P OF cursor_name  { $$ = WhereClause{nullptr, $4, @2.begin}; }
  | %empty                          { $$ = WhereClause{}; }
  ;
