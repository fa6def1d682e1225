// Expressions: every expression kind of ast.hpp, PostgreSQL's operator precedence, function
// call forms and the SQL-syntax functions.
#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

TEST_CASE("arithmetic follows PostgreSQL's precedence", "[parser][expr][precedence]") {
  CHECK(DumpSelectExpr("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(DumpSelectExpr("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(DumpSelectExpr("1 * 2 / 3 % 4") == "(% (/ (* 1 2) 3) 4)");
  CHECK(DumpSelectExpr("(1 + 2) * 3") == "(* (+ 1 2) 3)");
  // ^ is left-associative and binds tighter than * but looser than unary minus.
  CHECK(DumpSelectExpr("2 ^ 3 ^ 2") == "(^ (^ 2 3) 2)");
  CHECK(DumpSelectExpr("2 * 3 ^ 2") == "(* 2 (^ 3 2))");
  CHECK(DumpSelectExpr("-2 ^ 2") == "(^ -2 2)");
  CHECK(DumpSelectExpr("-a ^ 2") == "(^ (- a) 2)");
  CHECK(DumpSelectExpr("+a") == "(+ a)");
  // Other operators bind looser than arithmetic, tighter than comparison.
  CHECK(DumpSelectExpr("a || b + c") == "(|| a (+ b c))");
  CHECK(DumpSelectExpr("a || b = c || d") == "(= (|| a b) (|| c d))");
  CHECK(DumpSelectExpr("a || b || c") == "(|| (|| a b) c)");
  CHECK(DumpSelectExpr("|/ a + b") == "(|/ (+ a b))");
  CHECK(DumpSelectExpr("a::int + b") == "(+ (cast a int4) b)");
  CHECK(DumpSelectExpr("-a::int") == "(- (cast a int4))");
}

TEST_CASE("comparisons are non-associative", "[parser][expr][precedence]") {
  CHECK(DumpSelectExpr("a = b") == "(= a b)");
  CHECK(DumpSelectExpr("a + 1 < b * 2") == "(< (+ a 1) (* b 2))");
  CHECK(ParseError("select a = b = c").message == "syntax error at or near \"=\"");
  CHECK(ParseError("select a < b < c").message == "syntax error at or near \"<\"");
  CHECK(ParseError("select a <= b >= c").message == "syntax error at or near \">=\"");
}

TEST_CASE("AND, OR and NOT", "[parser][expr][precedence]") {
  CHECK(DumpSelectExpr("a AND b AND c AND d") == "(and a b c d)");
  CHECK(DumpSelectExpr("a OR b OR c") == "(or a b c)");
  CHECK(DumpSelectExpr("a OR b AND c") == "(or a (and b c))");
  CHECK(DumpSelectExpr("a AND b OR c AND d") == "(or (and a b) (and c d))");
  CHECK(DumpSelectExpr("NOT a AND b") == "(and (not a) b)");
  CHECK(DumpSelectExpr("NOT a = b") == "(not (= a b))");
  CHECK(DumpSelectExpr("NOT NOT a") == "(not (not a))");
  CHECK(DumpSelectExpr("a AND (b AND c)") == "(and a (and b c))");
  CHECK(DumpSelectExpr("(a AND b) AND c") == "(and a b c)");
  CHECK(DumpSelectExpr("(a OR b) AND c") == "(and (or a b) c)");
}

TEST_CASE("IS tests", "[parser][expr]") {
  CHECK(DumpSelectExpr("a IS NULL") == "(isnull a)");
  CHECK(DumpSelectExpr("a ISNULL") == "(isnull a)");
  CHECK(DumpSelectExpr("a IS NOT NULL") == "(notnull a)");
  CHECK(DumpSelectExpr("a NOTNULL") == "(notnull a)");
  CHECK(DumpSelectExpr("a IS TRUE") == "(is-true a)");
  CHECK(DumpSelectExpr("a IS NOT TRUE") == "(is-not-true a)");
  CHECK(DumpSelectExpr("a IS FALSE") == "(is-false a)");
  CHECK(DumpSelectExpr("a IS NOT FALSE") == "(is-not-false a)");
  CHECK(DumpSelectExpr("a IS UNKNOWN") == "(is-unknown a)");
  CHECK(DumpSelectExpr("a IS NOT UNKNOWN") == "(is-not-unknown a)");
  CHECK(DumpSelectExpr("a IS DISTINCT FROM b") == "(IS DISTINCT FROM a b)");
  CHECK(DumpSelectExpr("a IS NOT DISTINCT FROM b + 1") == "(IS NOT DISTINCT FROM a (+ b 1))");
  // IS binds looser than comparison and tighter than NOT.
  CHECK(DumpSelectExpr("a = b IS TRUE") == "(is-true (= a b))");
  CHECK(DumpSelectExpr("NOT a IS NULL") == "(not (isnull a))");
  CHECK(DumpSelectExpr("a + 1 IS NULL") == "(isnull (+ a 1))");

  StmtPtr holder;
  const auto& test = SelectExpr(holder, "a IS NOT NULL").As<NullTestExpr>();
  CHECK(test.is_not);
  CHECK(test.location == 9);  // IS
  const auto& boolean = SelectExpr(holder, "a IS NOT UNKNOWN").As<BooleanTestExpr>();
  CHECK(boolean.test == BooleanTestKind::kUnknown);
  CHECK(boolean.is_not);
}

TEST_CASE("BETWEEN", "[parser][expr]") {
  CHECK(DumpSelectExpr("a BETWEEN 1 AND 2") == "(between a 1 2)");
  CHECK(DumpSelectExpr("a NOT BETWEEN 1 AND 2") == "(not-between a 1 2)");
  CHECK(DumpSelectExpr("a BETWEEN SYMMETRIC 2 AND 1") == "(between-symmetric a 2 1)");
  CHECK(DumpSelectExpr("a NOT BETWEEN SYMMETRIC 2 AND 1") == "(not-between-symmetric a 2 1)");
  CHECK(DumpSelectExpr("a BETWEEN ASYMMETRIC 1 AND 2") == "(between a 1 2)");
  // The lower bound is a b_expr; the AND after the upper bound is a boolean AND.
  CHECK(DumpSelectExpr("a BETWEEN b + 1 AND c AND d") == "(and (between a (+ b 1) c) d)");
  CHECK(DumpSelectExpr("a BETWEEN 1 AND 2 OR b") == "(or (between a 1 2) b)");
}

TEST_CASE("LIKE, ILIKE and SIMILAR TO", "[parser][expr]") {
  CHECK(DumpSelectExpr("a LIKE 'x%'") == "(like a 'x%')");
  CHECK(DumpSelectExpr("a NOT LIKE 'x%'") == "(not-like a 'x%')");
  CHECK(DumpSelectExpr("a ILIKE 'x%' ESCAPE '!'") == "(ilike a 'x%' :escape '!')");
  CHECK(DumpSelectExpr("a NOT ILIKE b ESCAPE c") == "(not-ilike a b :escape c)");
  CHECK(DumpSelectExpr("a LIKE b || c") == "(like a (|| b c))");
  CHECK(DumpSelectExpr("a SIMILAR TO 'x'") == "(~ a (call similar_to_escape 'x'))");
  CHECK(DumpSelectExpr("a NOT SIMILAR TO 'x' ESCAPE '#'") ==
        "(!~ a (call similar_to_escape 'x' '#'))");
  CHECK(ParseError("select a like b like c").message == "syntax error at or near \"like\"");
}

TEST_CASE("IN lists and subqueries", "[parser][expr]") {
  CHECK(DumpSelectExpr("a IN (1, 2, 3)") == "(in a (1 2 3))");
  CHECK(DumpSelectExpr("a NOT IN (1)") == "(not-in a (1))");
  CHECK(DumpSelectExpr("a IN (SELECT b FROM t)") ==
        "(in-subquery a (select :targets (b) :from (t)))");
  CHECK(DumpSelectExpr("a NOT IN (SELECT b FROM t)") ==
        "(not (in-subquery a (select :targets (b) :from (t))))");
  CHECK(DumpSelectExpr("a IN ((SELECT 1))") == "(in-subquery a (select :targets (1)))");
  CHECK(DumpSelectExpr("a IN ((SELECT 1), 2)") == "(in a ((subquery (select :targets (1))) 2))");

  StmtPtr holder;
  const auto& in = SelectExpr(holder, "a IN (SELECT 1)").As<SubqueryExpr>();
  CHECK(in.subquery_kind == SubqueryKind::kIn);
  CHECK(in.operator_name == "=");
  CHECK(in.location == 9);
}

TEST_CASE("EXISTS, scalar subqueries and ANY / ALL / SOME", "[parser][expr]") {
  CHECK(DumpSelectExpr("EXISTS (SELECT 1)") == "(exists (select :targets (1)))");
  CHECK(DumpSelectExpr("NOT EXISTS (SELECT 1)") == "(not (exists (select :targets (1))))");
  CHECK(DumpSelectExpr("(SELECT max(a) FROM t) + 1") ==
        "(+ (subquery (select :targets ((call max a)) :from (t))) 1)");
  CHECK(DumpSelectExpr("a = ANY (SELECT b FROM t)") ==
        "(any = a (select :targets (b) :from (t)))");
  CHECK(DumpSelectExpr("a < SOME (SELECT 1)") == "(any < a (select :targets (1)))");
  CHECK(DumpSelectExpr("a <> ALL (SELECT 1)") == "(all <> a (select :targets (1)))");
  CHECK(DumpSelectExpr("a LIKE ANY (SELECT 'x')") == "(any ~~ a (select :targets ('x')))");
  CHECK(DumpSelectExpr("a NOT ILIKE ALL (SELECT 'x')") == "(all !~~* a (select :targets ('x')))");
  CHECK(DumpSelectExpr("a @> ANY (SELECT b)") == "(any @> a (select :targets (b)))");
  CHECK(DumpSelectExpr("a OPERATOR(pg_catalog.=) ANY (SELECT b)") ==
        "(any pg_catalog.= a (select :targets (b)))");
}

TEST_CASE("CASE", "[parser][expr]") {
  CHECK(DumpSelectExpr("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END") ==
        "(case (when a 1) (when b 2) (else 3))");
  CHECK(DumpSelectExpr("CASE x WHEN 1 THEN 'one' END") == "(case x (when 1 'one'))");
  CHECK(DumpSelectExpr("CASE WHEN a > 0 THEN CASE WHEN b THEN 1 END END") ==
        "(case (when (> a 0) (case (when b 1))))");
  StmtPtr holder;
  const auto& case_expr = SelectExpr(holder, "CASE WHEN a THEN 1 END").As<CaseExpr>();
  CHECK(case_expr.arg == nullptr);
  CHECK(case_expr.else_result == nullptr);
  CHECK(case_expr.location == 7);
}

TEST_CASE("casts and typed literals", "[parser][expr]") {
  CHECK(DumpSelectExpr("CAST(a AS integer)") == "(cast a int4)");
  CHECK(DumpSelectExpr("a::text::varchar(10)") == "(cast (cast a text) varchar(10))");
  CHECK(DumpSelectExpr("DATE '2024-01-01'") == "(cast '2024-01-01' date)");
  CHECK(DumpSelectExpr("TIMESTAMP '2024-01-01 10:00'") == "(cast '2024-01-01 10:00' timestamp)");
  CHECK(DumpSelectExpr("TIMESTAMP WITH TIME ZONE 'now'") == "(cast 'now' timestamptz)");
  CHECK(DumpSelectExpr("TIMESTAMP(3) WITHOUT TIME ZONE 'now'") == "(cast 'now' timestamp(3))");
  CHECK(DumpSelectExpr("TIME WITH TIME ZONE '10:00'") == "(cast '10:00' timetz)");
  CHECK(DumpSelectExpr("INTEGER '1'") == "(cast '1' int4)");
  CHECK(DumpSelectExpr("int4 '1'") == "(cast '1' int4)");
  CHECK(DumpSelectExpr("pg_catalog.int8 '1'") == "(cast '1' pg_catalog.int8)");
  CHECK(DumpSelectExpr("BOOLEAN 't'") == "(cast 't' bool)");
  CHECK(DumpSelectExpr("CHAR 'x'") == "(cast 'x' bpchar)");  // no length: unrestricted
  CHECK(DumpSelectExpr("varchar(3) 'abc'") == "(cast 'abc' varchar(3))");
  CHECK(DumpSelectExpr("numeric(10, 2) '1.5'") == "(cast '1.5' numeric(10,2))");
  CHECK(DumpSelectExpr("mytype(5) 'x'") == "(cast 'x' mytype(5))");
  CHECK(DumpSelectExpr("INTERVAL '1 day'") == "(cast '1 day' interval)");
  CHECK(DumpSelectExpr("INTERVAL '1' YEAR TO MONTH") == "(cast '1' interval(6))");
  CHECK(DumpSelectExpr("INTERVAL '1' DAY TO SECOND(3)") == "(cast '1' interval(7176,3))");
  CHECK(DumpSelectExpr("INTERVAL(2) '1 s'") == "(cast '1 s' interval(32767,2))");

  StmtPtr holder;
  const auto& cast = SelectExpr(holder, "a::int").As<TypeCastExpr>();
  CHECK(cast.location == 8);  // ::
  CHECK(cast.type.location == 10);
  const auto& literal = SelectExpr(holder, "DATE 'x'").As<TypeCastExpr>();
  CHECK(literal.location == 7);
  CHECK(literal.arg->location == 12);
}

TEST_CASE("type names are normalised", "[parser][expr][types]") {
  const auto type_of = [](const std::string& type) {
    StmtPtr holder;
    const Expr& cast = SelectExpr(holder, "CAST(a AS " + type + ")");
    return DumpTypeName(cast.As<TypeCastExpr>().type);
  };
  CHECK(type_of("int") == "int4");
  CHECK(type_of("integer") == "int4");
  CHECK(type_of("smallint") == "int2");
  CHECK(type_of("bigint") == "int8");
  CHECK(type_of("real") == "float4");
  CHECK(type_of("float") == "float8");
  CHECK(type_of("float(24)") == "float4");
  CHECK(type_of("float(25)") == "float8");
  CHECK(type_of("double precision") == "float8");
  CHECK(type_of("boolean") == "bool");
  CHECK(type_of("decimal(10,2)") == "numeric(10,2)");
  CHECK(type_of("dec") == "numeric");
  CHECK(type_of("numeric(5)") == "numeric(5)");
  CHECK(type_of("character varying(20)") == "varchar(20)");
  CHECK(type_of("varchar") == "varchar");
  CHECK(type_of("char") == "bpchar(1)");
  CHECK(type_of("character(5)") == "bpchar(5)");
  CHECK(type_of("national character varying(2)") == "varchar(2)");
  CHECK(type_of("nchar(3)") == "bpchar(3)");
  CHECK(type_of("bit") == "bit(1)");
  CHECK(type_of("bit varying(8)") == "varbit(8)");
  CHECK(type_of("timestamp") == "timestamp");
  CHECK(type_of("timestamp without time zone") == "timestamp");
  CHECK(type_of("timestamp with time zone") == "timestamptz");
  CHECK(type_of("timestamp(6) with time zone") == "timestamptz(6)");
  CHECK(type_of("time") == "time");
  CHECK(type_of("time(2) with time zone") == "timetz(2)");
  CHECK(type_of("interval") == "interval");
  CHECK(type_of("interval hour") == "interval(1024)");
  CHECK(type_of("interval(4)") == "interval(32767,4)");
  CHECK(type_of("text") == "text");
  CHECK(type_of("date") == "date");
  CHECK(type_of("int4") == "int4");
  CHECK(type_of("myschema.mytype") == "myschema.mytype");
  CHECK(type_of("\"MyType\"") == "MyType");
  CHECK(type_of("int[]") == "int4[]");
  CHECK(type_of("text[][]") == "text[][]");
  CHECK(type_of("int[3]") == "int4[]");
  CHECK(type_of("int array") == "int4[]");
  CHECK(type_of("int array[4]") == "int4[]");
}

TEST_CASE("function calls", "[parser][expr][functions]") {
  CHECK(DumpSelectExpr("now()") == "(call now)");
  CHECK(DumpSelectExpr("f(1, 'a', b)") == "(call f 1 'a' b)");
  CHECK(DumpSelectExpr("pg_catalog.lower(x)") == "(call pg_catalog.lower x)");
  CHECK(DumpSelectExpr("count(*)") == "(call count *)");
  CHECK(DumpSelectExpr("count(DISTINCT a)") == "(call count :distinct a)");
  CHECK(DumpSelectExpr("count(ALL a)") == "(call count a)");
  CHECK(DumpSelectExpr("sum(a) FILTER (WHERE a > 0)") == "(call sum a :filter (> a 0))");
  CHECK(DumpSelectExpr("count(*) FILTER (WHERE b)") == "(call count * :filter b)");
  CHECK(DumpSelectExpr("string_agg(a, ',' ORDER BY b DESC NULLS FIRST, c)") ==
        "(call string_agg a ',' :order-by ((sort b desc nulls-first) c))");
  CHECK(DumpSelectExpr("array_agg(DISTINCT a ORDER BY a)") ==
        "(call array_agg :distinct a :order-by (a))");
  // Type-function-name keywords are function names; others are not.
  CHECK(DumpSelectExpr("left('abc', 2)") == "(call left 'abc' 2)");
  CHECK(DumpSelectExpr("text(1)") == "(call text 1)");

  StmtPtr holder;
  const auto& call = SelectExpr(holder, "f(a)").As<FuncCallExpr>();
  CHECK(call.location == 7);
  CHECK_FALSE(call.star);
  CHECK_FALSE(call.distinct);
  CHECK(call.filter == nullptr);
}

TEST_CASE("WITHIN GROUP holds an ordered-set aggregate's ordering", "[parser][expr][functions]") {
  CHECK(DumpSelectExpr("percentile_cont(0.5) WITHIN GROUP (ORDER BY a DESC)") ==
        "(call percentile_cont 0.5 :within-group ((sort a desc)))");
  CHECK(DumpSelectExpr("rank(1, 'x') WITHIN GROUP (ORDER BY a, b) FILTER (WHERE c)") ==
        "(call rank 1 'x' :within-group (a b) :filter c)");
  // `within` stays usable as a column name.
  CHECK(DumpSelectExpr("within") == "within");
  const ParseFailure order = ParseError("select f(a ORDER BY a) WITHIN GROUP (ORDER BY a)");
  CHECK(order.sqlstate == "42601");
  CHECK(order.message == "cannot use multiple ORDER BY clauses with WITHIN GROUP");
  CHECK(order.position == 24);
  const ParseFailure distinct = ParseError("select f(DISTINCT a) WITHIN GROUP (ORDER BY a)");
  CHECK(distinct.message == "cannot use DISTINCT with WITHIN GROUP");
}

TEST_CASE("SQL-syntax functions become calls", "[parser][expr][functions]") {
  CHECK(DumpSelectExpr("SUBSTRING(x FROM 2 FOR 3)") == "(call substring x 2 3)");
  CHECK(DumpSelectExpr("SUBSTRING(x FOR 3 FROM 2)") == "(call substring x 2 3)");
  CHECK(DumpSelectExpr("SUBSTRING(x FROM 2)") == "(call substring x 2)");
  CHECK(DumpSelectExpr("SUBSTRING(x FOR 3)") == "(call substring x 1 (cast 3 int4))");
  CHECK(DumpSelectExpr("SUBSTRING(x, 2, 3)") == "(call substring x 2 3)");
  CHECK(DumpSelectExpr("SUBSTRING(x SIMILAR 'a' ESCAPE '#')") == "(call substring x 'a' '#')");
  CHECK(DumpSelectExpr("POSITION('b' IN x)") == "(call position x 'b')");
  CHECK(DumpSelectExpr("TRIM(x)") == "(call btrim x)");
  CHECK(DumpSelectExpr("TRIM(BOTH FROM x)") == "(call btrim x)");
  CHECK(DumpSelectExpr("TRIM(BOTH 'ab' FROM x)") == "(call btrim x 'ab')");
  CHECK(DumpSelectExpr("TRIM(LEADING 'a' FROM x)") == "(call ltrim x 'a')");
  CHECK(DumpSelectExpr("TRIM(TRAILING FROM x)") == "(call rtrim x)");
  CHECK(DumpSelectExpr("TRIM('a' FROM x)") == "(call btrim x 'a')");
  CHECK(DumpSelectExpr("EXTRACT(YEAR FROM d)") == "(call extract 'year' d)");
  CHECK(DumpSelectExpr("EXTRACT(epoch FROM d)") == "(call extract 'epoch' d)");
  CHECK(DumpSelectExpr("EXTRACT('dow' FROM d)") == "(call extract 'dow' d)");
  CHECK(DumpSelectExpr("OVERLAY(x PLACING 'y' FROM 2 FOR 3)") == "(call overlay x 'y' 2 3)");
  CHECK(DumpSelectExpr("COALESCE(a, b, 0)") == "(call coalesce a b 0)");
  CHECK(DumpSelectExpr("NULLIF(a, 0)") == "(call nullif a 0)");
  CHECK(DumpSelectExpr("GREATEST(a, b)") == "(call greatest a b)");
  CHECK(DumpSelectExpr("LEAST(a, b, c)") == "(call least a b c)");
  CHECK(DumpSelectExpr("d AT TIME ZONE 'UTC'") == "(call timezone 'UTC' d)");
  CHECK(DumpSelectExpr("COLLATION FOR (x)") == "(call pg_collation_for x)");
  CHECK(DumpSelectExpr("CURRENT_DATE") == "(call current_date)");
  CHECK(DumpSelectExpr("CURRENT_TIME") == "(call current_time)");
  CHECK(DumpSelectExpr("CURRENT_TIME(2)") == "(call current_time 2)");
  CHECK(DumpSelectExpr("CURRENT_TIMESTAMP") == "(call current_timestamp)");
  CHECK(DumpSelectExpr("CURRENT_TIMESTAMP(3)") == "(call current_timestamp 3)");
  CHECK(DumpSelectExpr("LOCALTIME") == "(call localtime)");
  CHECK(DumpSelectExpr("LOCALTIMESTAMP(0)") == "(call localtimestamp 0)");
  CHECK(DumpSelectExpr("CURRENT_USER") == "(call current_user)");
  CHECK(DumpSelectExpr("SESSION_USER") == "(call session_user)");
  CHECK(DumpSelectExpr("CURRENT_ROLE") == "(call current_role)");
  CHECK(DumpSelectExpr("USER") == "(call user)");
  CHECK(DumpSelectExpr("CURRENT_CATALOG") == "(call current_catalog)");
  CHECK(DumpSelectExpr("CURRENT_SCHEMA") == "(call current_schema)");
  CHECK(DumpSelectExpr("current_schema()") == "(call current_schema)");
}

TEST_CASE("column references, stars and parameters", "[parser][expr]") {
  CHECK(DumpSelectExpr("a") == "a");
  CHECK(DumpSelectExpr("t.a") == "t.a");
  CHECK(DumpSelectExpr("s.t.a") == "s.t.a");
  CHECK(DumpSelectExpr("t.*") == "t.*");
  CHECK(DumpSelectExpr("s.t.*") == "s.t.*");
  CHECK(DumpSelectExpr("t.\"Select\"") == "t.Select");
  CHECK(DumpSelectExpr("t.select") == "t.select");  // any keyword after a dot
  CHECK(DumpSelectExpr("$3") == "$3");

  StmtPtr holder;
  const auto& star = SelectExpr(holder, "t.*").As<StarExpr>();
  REQUIRE(star.qualifier.size() == 1);
  CHECK(star.qualifier[0] == "t");
  const auto& column = SelectExpr(holder, "  t.a").As<ColumnRefExpr>();
  CHECK(column.location == 9);
}

TEST_CASE("operator nodes record the operator's location", "[parser][expr]") {
  StmtPtr holder;
  const auto& op = SelectExpr(holder, "a + b").As<OperatorExpr>();
  CHECK(op.name == "+");
  CHECK(op.location == 9);
  CHECK(op.left->location == 7);
  CHECK(op.right->location == 11);
  const auto& prefix = SelectExpr(holder, "- a").As<OperatorExpr>();
  CHECK(prefix.left == nullptr);
  CHECK(prefix.location == 7);
  const auto& bool_expr = SelectExpr(holder, "a AND b AND c").As<BoolExpr>();
  CHECK(bool_expr.location == 9);
  CHECK(bool_expr.args.size() == 3);
}

TEST_CASE("generic and qualified operators", "[parser][expr]") {
  CHECK(DumpSelectExpr("a OPERATOR(pg_catalog.+) b") == "(pg_catalog.+ a b)");
  CHECK(DumpSelectExpr("OPERATOR(-) a") == "(- a)");
  CHECK(DumpSelectExpr("a ~ 'x' AND b !~* 'y'") == "(and (~ a 'x') (!~* b 'y'))");
  CHECK(DumpSelectExpr("@ a") == "(@ a)");
  CHECK(DumpSelectExpr("a # b") == "(# a b)");
}

TEST_CASE("DEFAULT is an expression", "[parser][expr]") {
  StmtPtr holder;
  const Expr& expr = SelectExpr(holder, "DEFAULT");
  CHECK(expr.kind == ExprKind::kDefault);
  CHECK(expr.location == 7);
}

}  // namespace
}  // namespace granary::parser::testing
