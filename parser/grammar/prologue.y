/*
 * parser/grammar/prologue.y -- Bison settings, value types, tokens and precedence.
 *
 * The grammar follows PostgreSQL 15's gram.y: the same nonterminal names and structure
 * (stmtmulti, SelectStmt with select_no_parens / select_with_parens / simple_select,
 * a_expr / b_expr / c_expr, func_application, keyword categories), the same precedence
 * table and the same lookahead tokens (NOT_LA, NULLS_LA, WITH_LA), so that further syntax
 * can be ported rule by rule. Actions only call the node builders (node_builder.hpp).
 */
%require "3.8"
%language "c++"
%skeleton "lalr1.cc"

%define api.namespace {granary::parser::grammar}
%define api.parser.class {Parser}
%define api.value.type variant
%define api.value.automove
%define api.token.constructor
%define api.location.type {granary::parser::Location}
%locations
%param {granary::parser::ParseContext& ctx}
%expect 0

%code requires {
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "parser/grammar_support.hpp"
#include "parser/location.hpp"

namespace granary::parser {
class ParseContext;
}  // namespace granary::parser
}

%code {
#include "parser/lexer.hpp"
#include "parser/node_builder.hpp"
#include "parser/parse_context.hpp"

/*
 * A nonterminal spans from the first to the last of its non-empty parts; an empty
 * production has no span (PostgreSQL gives it location -1).
 */
#define YYLLOC_DEFAULT(Current, Rhs, N)                         \
  do {                                                          \
    (Current) = ::granary::parser::Location{};                  \
    for (int yy_i = 1; yy_i <= (N); ++yy_i) {                   \
      const ::granary::parser::Location& yy_part = YYRHSLOC(Rhs, yy_i); \
      if (yy_part.begin < 0) continue;                          \
      if ((Current).begin < 0) (Current).begin = yy_part.begin; \
      (Current).end = yy_part.end;                              \
    }                                                           \
  } while (false)

namespace granary::parser::grammar {

Parser::symbol_type yylex(ParseContext& ctx) { return ctx.lexer().Next(); }

// Bison's syntax errors become PostgreSQL's "syntax error at or near ...".
void Parser::error(const location_type& location, const std::string&) {
  ctx.ThrowSyntaxErrorAt(location);
}

}  // namespace granary::parser::grammar
}

/* Non-keyword tokens; keyword tokens are generated from keywords.def. */
%token <std::string> IDENT UIDENT FCONST SCONST USCONST BCONST XCONST Op ICONST
%token <int> PARAM
%token TYPECAST DOT_DOT COLON_EQUALS EQUALS_GREATER
%token LESS_EQUALS GREATER_EQUALS NOT_EQUALS

/* Tokens the lexer substitutes for keywords when the next token disambiguates them. */
%token <std::string> NOT_LA NULLS_LA WITH_LA

%start parse_toplevel

/*
 * Precedence: lowest to highest, exactly PostgreSQL 15's table (gram.y). Tokens listed
 * here that no rule uses yet keep their place for the rules still to be ported.
 */
%nonassoc	SET				/* see relation_expr_opt_alias */
%left		UNION EXCEPT
%left		INTERSECT
%left		OR
%left		AND
%right		NOT
%nonassoc	IS ISNULL NOTNULL	/* IS sets precedence for IS NULL, etc */
%nonassoc	'<' '>' '=' LESS_EQUALS GREATER_EQUALS NOT_EQUALS
%nonassoc	BETWEEN IN_P LIKE ILIKE SIMILAR NOT_LA
%nonassoc	ESCAPE			/* ESCAPE must be just above LIKE/ILIKE/SIMILAR */
%nonassoc	UNBOUNDED		/* ideally would have same precedence as IDENT */
%nonassoc	IDENT PARTITION RANGE ROWS GROUPS PRECEDING FOLLOWING CUBE ROLLUP
%left		Op OPERATOR		/* multi-character ops and user-defined operators */
%left		'+' '-'
%left		'*' '/' '%'
%left		'^'
/* Unary Operators */
%left		AT				/* sets precedence for AT TIME ZONE */
%left		COLLATE
%right		UMINUS
%left		'[' ']'
%left		'(' ')'
%left		TYPECAST
%left		'.'
/*
 * These might seem to be low-precedence, but actually they are not part of the
 * arithmetic hierarchy at all in their use as JOIN operators. We make them high
 * precedence to support their use as function names.
 */
%left		JOIN CROSS LEFT FULL RIGHT INNER_P NATURAL
