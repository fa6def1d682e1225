/*
 * parser/grammar/types.y -- type names. SQL-standard spellings are normalised to
 * PostgreSQL's internal names (see TypeName in ast.hpp).
 */
%type <TypeName> Typename SimpleTypename ConstTypename GenericType Numeric Bit ConstBit
%type <TypeName> BitWithLength BitWithoutLength Character ConstCharacter
%type <TypeName> CharacterWithLength CharacterWithoutLength character ConstDatetime
%type <TypeName> ConstInterval
%type <ExprList> opt_type_modifiers
%type <int> opt_array_bounds
%type <bool> opt_varying opt_timezone
%type <std::vector<int64_t>> opt_interval interval_second

%%

Typename:
    SimpleTypename opt_array_bounds { $$ = $1; $$.array_bounds = $2; }
  | SimpleTypename ARRAY '[' Iconst ']'
                                    { $$ = $1; $$.array_bounds = 1; }
  | SimpleTypename ARRAY            { $$ = $1; $$.array_bounds = 1; }
  ;

/* Array sizes are accepted and ignored, as in PostgreSQL. */
opt_array_bounds:
    opt_array_bounds '[' ']'        { $$ = $1 + 1; }
  | opt_array_bounds '[' Iconst ']' { $$ = $1 + 1; }
  | %empty                          { $$ = 0; }
  ;

SimpleTypename:
    GenericType                     { $$ = $1; }
  | Numeric                         { $$ = $1; }
  | Bit                             { $$ = $1; }
  | Character                       { $$ = $1; }
  | ConstDatetime                   { $$ = $1; }
  | ConstInterval opt_interval      { $$ = $1; $$.modifiers = $2; }
  | ConstInterval '(' Iconst ')'
        { $$ = $1; $$.modifiers = {interval_mask::kFullRange, ParseIconst($3)}; }
  ;

/*
 * Types that may precede a string literal ("typed literals" such as DATE '2024-01-01'
 * go through GenericType in AexprConst instead). A length omitted here means "no limit",
 * not char(1).
 */
ConstTypename:
    Numeric                         { $$ = $1; }
  | ConstBit                        { $$ = $1; }
  | ConstCharacter                  { $$ = $1; }
  | ConstDatetime                   { $$ = $1; }
  ;

GenericType:
    type_function_name opt_type_modifiers
        { $$ = MakeGenericType(ctx, std::vector<std::string>{$1}, $2, @1.begin); }
  | type_function_name attrs opt_type_modifiers
        { $$ = MakeGenericType(ctx, PrependName($1, $2), $3, @1.begin); }
  ;

opt_type_modifiers:
    '(' expr_list ')'               { $$ = $2; }
  | %empty                          { $$ = ExprList{}; }
  ;

Numeric:
    INT_P                           { $$ = MakeTypeName("int4", @1.begin); }
  | INTEGER                         { $$ = MakeTypeName("int4", @1.begin); }
  | SMALLINT                        { $$ = MakeTypeName("int2", @1.begin); }
  | BIGINT                          { $$ = MakeTypeName("int8", @1.begin); }
  | REAL                            { $$ = MakeTypeName("float4", @1.begin); }
  | FLOAT_P                         { $$ = MakeTypeName("float8", @1.begin); }
  | FLOAT_P '(' Iconst ')'          { $$ = MakeFloatType(ctx, $3, @3.begin, @1.begin); }
  | DOUBLE_P PRECISION              { $$ = MakeTypeName("float8", @1.begin); }
  | DECIMAL_P opt_type_modifiers    { $$ = MakeModifiedType(ctx, "numeric", $2, @1.begin); }
  | DEC opt_type_modifiers          { $$ = MakeModifiedType(ctx, "numeric", $2, @1.begin); }
  | NUMERIC opt_type_modifiers      { $$ = MakeModifiedType(ctx, "numeric", $2, @1.begin); }
  | BOOLEAN_P                       { $$ = MakeTypeName("bool", @1.begin); }
  ;

Bit:
    BitWithLength                   { $$ = $1; }
  | BitWithoutLength                { $$ = $1; }
  ;

ConstBit:
    BitWithLength                   { $$ = $1; }
  | BitWithoutLength                { $$ = $1; $$.modifiers.clear(); }
  ;

BitWithLength:
    BIT opt_varying '(' expr_list ')'
        { $$ = MakeModifiedType(ctx, $2 ? "varbit" : "bit", $4, @1.begin); }
  ;

/* bit defaults to bit(1), varbit to no limit */
BitWithoutLength:
    BIT opt_varying
        {
          $$ = MakeTypeName($2 ? "varbit" : "bit", @1.begin);
          if ($$.names.back() == "bit") $$.modifiers = {1};
        }
  ;

Character:
    CharacterWithLength             { $$ = $1; }
  | CharacterWithoutLength          { $$ = $1; }
  ;

ConstCharacter:
    CharacterWithLength             { $$ = $1; }
  | CharacterWithoutLength          { $$ = $1; $$.modifiers.clear(); }
  ;

CharacterWithLength:
    character '(' Iconst ')'        { $$ = $1; $$.modifiers = {ParseIconst($3)}; }
  ;

/* char defaults to char(1), varchar to no limit */
CharacterWithoutLength:
    character
        { $$ = $1; if ($$.names.back() == "bpchar") $$.modifiers = {1}; }
  ;

character:
    CHARACTER opt_varying           { $$ = MakeTypeName($2 ? "varchar" : "bpchar", @1.begin); }
  | CHAR_P opt_varying              { $$ = MakeTypeName($2 ? "varchar" : "bpchar", @1.begin); }
  | VARCHAR                         { $$ = MakeTypeName("varchar", @1.begin); }
  | NATIONAL CHARACTER opt_varying  { $$ = MakeTypeName($3 ? "varchar" : "bpchar", @1.begin); }
  | NATIONAL CHAR_P opt_varying     { $$ = MakeTypeName($3 ? "varchar" : "bpchar", @1.begin); }
  | NCHAR opt_varying               { $$ = MakeTypeName($2 ? "varchar" : "bpchar", @1.begin); }
  ;

opt_varying:
    VARYING                         { $$ = true; }
  | %empty                          { $$ = false; }
  ;

ConstDatetime:
    TIMESTAMP '(' Iconst ')' opt_timezone
        { $$ = MakeTypeName($5 ? "timestamptz" : "timestamp", @1.begin); $$.modifiers = {ParseIconst($3)}; }
  | TIMESTAMP opt_timezone          { $$ = MakeTypeName($2 ? "timestamptz" : "timestamp", @1.begin); }
  | TIME '(' Iconst ')' opt_timezone
        { $$ = MakeTypeName($5 ? "timetz" : "time", @1.begin); $$.modifiers = {ParseIconst($3)}; }
  | TIME opt_timezone               { $$ = MakeTypeName($2 ? "timetz" : "time", @1.begin); }
  ;

ConstInterval:
    INTERVAL                        { $$ = MakeTypeName("interval", @1.begin); }
  ;

opt_timezone:
    WITH_LA TIME ZONE               { $$ = true; }
  | WITHOUT TIME ZONE               { $$ = false; }
  | %empty                          { $$ = false; }
  ;

/* Interval fields, encoded as PostgreSQL's interval typmod (interval_mask in ast.hpp). */
opt_interval:
    YEAR_P                          { $$ = {interval_mask::kYear}; }
  | MONTH_P                         { $$ = {interval_mask::kMonth}; }
  | DAY_P                           { $$ = {interval_mask::kDay}; }
  | HOUR_P                          { $$ = {interval_mask::kHour}; }
  | MINUTE_P                        { $$ = {interval_mask::kMinute}; }
  | interval_second                 { $$ = $1; }
  | YEAR_P TO MONTH_P               { $$ = {interval_mask::kYear | interval_mask::kMonth}; }
  | DAY_P TO HOUR_P                 { $$ = {interval_mask::kDay | interval_mask::kHour}; }
  | DAY_P TO MINUTE_P
        { $$ = {interval_mask::kDay | interval_mask::kHour | interval_mask::kMinute}; }
  | DAY_P TO interval_second
        {
          $$ = $3;
          $$[0] = interval_mask::kDay | interval_mask::kHour | interval_mask::kMinute |
                  interval_mask::kSecond;
        }
  | HOUR_P TO MINUTE_P              { $$ = {interval_mask::kHour | interval_mask::kMinute}; }
  | HOUR_P TO interval_second
        {
          $$ = $3;
          $$[0] = interval_mask::kHour | interval_mask::kMinute | interval_mask::kSecond;
        }
  | MINUTE_P TO interval_second
        { $$ = $3; $$[0] = interval_mask::kMinute | interval_mask::kSecond; }
  | %empty                          { $$ = std::vector<int64_t>{}; }
  ;

interval_second:
    SECOND_P                        { $$ = {interval_mask::kSecond}; }
  | SECOND_P '(' Iconst ')'         { $$ = {interval_mask::kSecond, ParseIconst($3)}; }
  ;
