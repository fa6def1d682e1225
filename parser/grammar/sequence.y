/*
 * parser/grammar/sequence.y -- CREATE SEQUENCE, ALTER SEQUENCE, and the sequence options
 * identity columns share (PostgreSQL's SeqOptList).
 */
%type <granary::parser::StmtPtr> CreateSeqStmt AlterSeqStmt
%type <std::vector<SequenceOption>> OptSeqOptList OptParenthesizedSeqOptList SeqOptList
%type <std::vector<SequenceOption>> alter_identity_column_option_list
%type <SequenceOption> SeqOptElem alter_identity_column_option
%type <bool> generated_when

%%

CreateSeqStmt:
    CREATE OptTemp SEQUENCE qualified_name OptSeqOptList
                                    { $$ = MakeCreateSequence($4, $5, $2, false); }
  | CREATE OptTemp SEQUENCE IF_P NOT EXISTS qualified_name OptSeqOptList
                                    { $$ = MakeCreateSequence($7, $8, $2, true); }
  ;

AlterSeqStmt:
    ALTER SEQUENCE qualified_name SeqOptList
                                    { $$ = MakeAlterSequence($3, $4, false); }
  | ALTER SEQUENCE IF_P EXISTS qualified_name SeqOptList
                                    { $$ = MakeAlterSequence($5, $6, true); }
  ;

OptSeqOptList:
    SeqOptList                      { $$ = $1; }
  | %empty                          { $$ = std::vector<SequenceOption>{}; }
  ;

OptParenthesizedSeqOptList:
    '(' SeqOptList ')'              { $$ = $2; }
  | %empty                          { $$ = std::vector<SequenceOption>{}; }
  ;

SeqOptList:
    SeqOptElem                      { $$.push_back($1); }
  | SeqOptList SeqOptElem           { $$ = $1; $$.push_back($2); }
  ;

SeqOptElem:
    AS SimpleTypename               { $$ = MakeSequenceOption("as", @1.begin); $$.type = $2; }
  | CACHE NumericOnly               { $$ = MakeSequenceOption("cache", @1.begin, $2.text); }
  | CYCLE                           { $$ = MakeSequenceOption("cycle", @1.begin); }
  | NO CYCLE                        { $$ = MakeSequenceOption("cycle", @1.begin); $$.flag = false; }
  | INCREMENT opt_by NumericOnly    { $$ = MakeSequenceOption("increment", @1.begin, $3.text); }
  | MAXVALUE NumericOnly            { $$ = MakeSequenceOption("maxvalue", @1.begin, $2.text); }
  | MINVALUE NumericOnly            { $$ = MakeSequenceOption("minvalue", @1.begin, $2.text); }
  | NO MAXVALUE                     { $$ = MakeSequenceOption("maxvalue", @1.begin); }
  | NO MINVALUE                     { $$ = MakeSequenceOption("minvalue", @1.begin); }
  | OWNED BY any_name               { $$ = MakeSequenceOption("owned_by", @1.begin); $$.names = $3; }
  | SEQUENCE NAME_P any_name        { $$ = MakeSequenceOption("sequence_name", @1.begin); $$.names = $3; }
  | START opt_with NumericOnly      { $$ = MakeSequenceOption("start", @1.begin, $3.text); }
  | RESTART                         { $$ = MakeSequenceOption("restart", @1.begin); }
  | RESTART opt_with NumericOnly    { $$ = MakeSequenceOption("restart", @1.begin, $3.text); }
  ;

opt_by:
    BY
  | %empty
  ;

generated_when:
    ALWAYS                          { $$ = true; }
  | BY DEFAULT                      { $$ = false; }
  ;

/* ALTER TABLE ... ALTER [COLUMN] c RESTART [WITH n] | SET GENERATED ... | SET option */
alter_identity_column_option_list:
    alter_identity_column_option    { $$.push_back($1); }
  | alter_identity_column_option_list alter_identity_column_option
                                    { $$ = $1; $$.push_back($2); }
  ;

alter_identity_column_option:
    RESTART                         { $$ = MakeSequenceOption("restart", @1.begin); }
  | RESTART opt_with NumericOnly    { $$ = MakeSequenceOption("restart", @1.begin, $3.text); }
  | SET SeqOptElem                  { $$ = $2; }
  | SET GENERATED generated_when
        { $$ = MakeSequenceOption("generated", @1.begin); $$.flag = $3; }
  ;
