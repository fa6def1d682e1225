/*
 * parser/grammar/names.y -- identifiers and the keyword categories that decide where a
 * keyword may serve as a name. The category rules themselves (unreserved_keyword, ...)
 * are generated from keywords.def.
 */
%type <std::string> ColId type_function_name NonReservedWord ColLabel BareColLabel
%type <std::string> attr_name name
%type <std::string> unreserved_keyword col_name_keyword type_func_name_keyword
%type <std::string> reserved_keyword bare_label_keyword
%type <std::vector<std::string>> attrs name_list any_name

%%

/* Column identifier: a name of a column, table, schema, alias, ... */
ColId:
    IDENT                           { $$ = $1; }
  | unreserved_keyword              { $$ = $1; }
  | col_name_keyword                { $$ = $1; }
  ;

/* Type / function identifier */
type_function_name:
    IDENT                           { $$ = $1; }
  | unreserved_keyword              { $$ = $1; }
  | type_func_name_keyword          { $$ = $1; }
  ;

/* Any not-fully-reserved word */
NonReservedWord:
    IDENT                           { $$ = $1; }
  | unreserved_keyword              { $$ = $1; }
  | col_name_keyword                { $$ = $1; }
  | type_func_name_keyword          { $$ = $1; }
  ;

/* Column label: allowed after AS, and for the names after a dot */
ColLabel:
    IDENT                           { $$ = $1; }
  | unreserved_keyword              { $$ = $1; }
  | col_name_keyword                { $$ = $1; }
  | type_func_name_keyword          { $$ = $1; }
  | reserved_keyword                { $$ = $1; }
  ;

/* Column label allowed without AS */
BareColLabel:
    IDENT                           { $$ = $1; }
  | bare_label_keyword              { $$ = $1; }
  ;

attr_name:
    ColLabel                        { $$ = $1; }
  ;

name:
    ColId                           { $$ = $1; }
  ;

name_list:
    name                            { $$.push_back($1); }
  | name_list ',' name              { $$ = $1; $$.push_back($3); }
  ;

attrs:
    '.' attr_name                   { $$.push_back($2); }
  | attrs '.' attr_name             { $$ = $1; $$.push_back($3); }
  ;

any_name:
    ColId                           { $$.push_back($1); }
  | ColId attrs                     { $$ = PrependName($1, $2); }
  ;
