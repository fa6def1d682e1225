// Lexical structure: identifiers, literals, numbers, operators, parameters and comments,
// as PostgreSQL's scanner reads them.
#include <catch2/catch.hpp>

#include <string>

#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

const ConstantExpr& Constant(StmtPtr& holder, std::string_view expr) {
  const Expr& node = SelectExpr(holder, expr);
  REQUIRE(node.kind == ExprKind::kConstant);
  return node.As<ConstantExpr>();
}

std::string StringValue(std::string_view literal) {
  StmtPtr holder;
  const ConstantExpr& constant = Constant(holder, literal);
  REQUIRE(constant.constant_kind == ConstantKind::kString);
  return constant.text;
}

TEST_CASE("unquoted identifiers fold to lower case, quoted ones are kept", "[parser][scanner]") {
  CHECK(Dump("SELECT FooBar, \"FooBar\", \"a\"\"b\", \"select\" FROM \"My Table\"") ==
        "(select :targets (foobar FooBar a\"b select) :from (My Table))");
  CHECK(Dump("select ÀB_c$1 from t") == "(select :targets (Àb_c$1) :from (t))");
}

TEST_CASE("identifiers are truncated to 63 bytes at a character boundary", "[parser][scanner]") {
  const std::string long_name(70, 'a');
  StmtPtr holder;
  const Expr& column = SelectExpr(holder, long_name);
  CHECK(column.As<ColumnRefExpr>().names[0] == std::string(63, 'a'));

  // 62 ASCII bytes then a two-byte character: it would straddle byte 63, so it goes.
  const std::string multibyte = std::string(62, 'b') + "éé";
  const Expr& quoted = SelectExpr(holder, "\"" + multibyte + "\"");
  CHECK(quoted.As<ColumnRefExpr>().names[0] == std::string(62, 'b'));
}

TEST_CASE("Unicode-escaped identifiers", "[parser][scanner]") {
  CHECK(Dump("select U&\"d\\0061t\\+000061\" from t") == "(select :targets (data) :from (t))");
  CHECK(Dump("select U&\"d!0061t!+000061\" UESCAPE '!' from t") ==
        "(select :targets (data) :from (t))");
  // U& not followed by a quote is the identifier u and the operator &.
  CHECK(DumpSelectExpr("u&x") == "(& u x)");
}

TEST_CASE("standard strings", "[parser][scanner]") {
  CHECK(StringValue("'abc'") == "abc");
  CHECK(StringValue("'it''s'") == "it's");
  CHECK(StringValue("''") == "");
  CHECK(StringValue("'a\\nb'") == "a\\nb");  // no backslash escapes
  CHECK(StringValue("'é'") == "é");
}

TEST_CASE("strings separated by a newline are concatenated", "[parser][scanner]") {
  CHECK(StringValue("'foo'\n'bar'") == "foobar");
  CHECK(StringValue("'foo'  -- comment\n  'bar'\n'baz'") == "foobarbaz");
  CHECK(StringValue("E'a\\t'\n'b'") == "a\tb");
  // Without a newline it is two tokens.
  CHECK(ParseError("select 'foo' 'bar'").message == "syntax error at or near \"'bar'\"");
}

TEST_CASE("escape strings", "[parser][scanner]") {
  CHECK(StringValue("E'a\\nb\\tc\\\\d\\'e'") == "a\nb\tc\\d'e");
  CHECK(StringValue("e'\\b\\f\\r'") == "\b\f\r");
  CHECK(StringValue("E'\\q\\v'") == "qv");  // unknown escapes stand for the character
  CHECK(StringValue("E'\\101\\x42\\x4'") == "AB\x04");
  CHECK(StringValue("E'\\u00e9\\U0001F600'") == "é\xF0\x9F\x98\x80");
  CHECK(StringValue("E'\\uD83D\\uDE00'") == "\xF0\x9F\x98\x80");  // surrogate pair
  CHECK(StringValue("E'\\xc3\\xa9'") == "é");
  CHECK(StringValue("E'it''s'") == "it's");
  CHECK(StringValue("E'\\xZZ'") == "xZZ");
}

TEST_CASE("Unicode-escaped strings", "[parser][scanner]") {
  CHECK(StringValue("U&'d\\0061t\\+000061'") == "data");
  CHECK(StringValue("U&'\\D83D\\DE00'") == "\xF0\x9F\x98\x80");
  CHECK(StringValue("U&'a\\\\b'") == "a\\b");
  CHECK(StringValue("U&'!0061' UESCAPE '!'") == "a");
  CHECK(StringValue("U&'\\0061' UESCAPE '!'") == "\\0061");
}

TEST_CASE("dollar-quoted strings", "[parser][scanner]") {
  CHECK(StringValue("$$abc$$") == "abc");
  CHECK(StringValue("$$$$") == "");
  CHECK(StringValue("$tag$it's $ and $$ and $other$ \\n$tag$") ==
        "it's $ and $$ and $other$ \\n");
  CHECK(StringValue("$a$x$b$y$a$") == "x$b$y");
  CHECK(StringValue("$é$x$é$") == "x");
  // $1 is a parameter; $a followed by no $ is the character $ then an identifier.
  CHECK(ParseError("select $a").message == "syntax error at or near \"$\"");
}

TEST_CASE("national and bit string constants", "[parser][scanner]") {
  CHECK(DumpSelectExpr("N'abc'") == "(cast 'abc' bpchar)");
  CHECK(DumpSelectExpr("B'0101'") == "(cast 'b0101' bit(4))");
  CHECK(DumpSelectExpr("X'1F'") == "(cast 'x1F' bit(8))");
  CHECK(DumpSelectExpr("b''") == "(cast 'b' bit(0))");
  CHECK(ParseError("select B'01").message == "unterminated bit string literal at or near \"B'01\"");
  CHECK(ParseError("select x'1").message ==
        "unterminated hexadecimal string literal at or near \"x'1\"");
}

TEST_CASE("numeric literals", "[parser][scanner]") {
  StmtPtr holder;
  CHECK(Constant(holder, "42").constant_kind == ConstantKind::kInteger);
  CHECK(Constant(holder, "42").text == "42");
  CHECK(Constant(holder, "007").text == "007");
  // Too big for int4: still an integer; the analyzer picks int8 or numeric.
  CHECK(Constant(holder, "99999999999999999999").constant_kind == ConstantKind::kInteger);
  CHECK(Constant(holder, "1.5").constant_kind == ConstantKind::kDecimal);
  CHECK(Constant(holder, ".5").text == ".5");
  CHECK(Constant(holder, "5.").text == "5.");
  CHECK(Constant(holder, "1e10").constant_kind == ConstantKind::kDecimal);
  CHECK(Constant(holder, "1.5E-3").text == "1.5E-3");
  CHECK(Constant(holder, "1e+2").text == "1e+2");
  CHECK(ParseError("select 1..2").message == "syntax error at or near \"..\"");
  CHECK(ParseError("select 1e").message == "trailing junk after numeric literal at or near \"1e\"");
  CHECK(ParseError("select 1e+").message == "trailing junk after numeric literal at or near \"1e+\"");
  CHECK(ParseError("select 1_000").message ==
        "trailing junk after numeric literal at or near \"1_000\"");
}

TEST_CASE("a minus sign folds into a numeric constant", "[parser][scanner]") {
  StmtPtr holder;
  const ConstantExpr& negative = Constant(holder, "-2147483648");
  CHECK(negative.constant_kind == ConstantKind::kInteger);
  CHECK(negative.text == "-2147483648");
  CHECK(negative.location == 7);  // the minus sign
  CHECK(Constant(holder, "- -1.5").text == "1.5");
  CHECK(Constant(holder, "-(1)").text == "-1");
  CHECK(DumpSelectExpr("-'1'") == "(- '1')");
  CHECK(DumpSelectExpr("-a") == "(- a)");
}

TEST_CASE("operators", "[parser][scanner]") {
  CHECK(DumpSelectExpr("a <= b") == "(<= a b)");
  CHECK(DumpSelectExpr("a >= b") == "(>= a b)");
  CHECK(DumpSelectExpr("a <> b") == "(<> a b)");
  CHECK(DumpSelectExpr("a != b") == "(<> a b)");
  CHECK(DumpSelectExpr("a || b") == "(|| a b)");
  CHECK(DumpSelectExpr("a @> b") == "(@> a b)");
  CHECK(DumpSelectExpr("a <-> b") == "(<-> a b)");
  CHECK(DumpSelectExpr("a ~~* b") == "(~~* a b)");
  // A trailing + or - is split off unless the operator has a non-SQL character.
  CHECK(DumpSelectExpr("a=-1") == "(= a -1)");
  CHECK(DumpSelectExpr("a<=-1") == "(<= a -1)");
  CHECK(DumpSelectExpr("a*-b") == "(* a (- b))");
  CHECK(DumpSelectExpr("a @- b") == "(@- a b)");
  CHECK(DumpSelectExpr("a !=- b") == "(!=- a b)");
  CHECK(DumpSelectExpr("1 ++ 2") == "(+ 1 (+ 2))");
  // A comment start ends an operator.
  CHECK(DumpSelectExpr("1 +/* c */2") == "(+ 1 2)");
  CHECK(DumpSelectExpr("1 +-- c\n2") == "(+ 1 2)");
  CHECK(DumpSelectExpr("@ -5") == "(@ -5)");
  CHECK(DumpSelectExpr("a::int") == "(cast a int4)");
}

TEST_CASE("parameters", "[parser][scanner]") {
  StmtPtr holder;
  const Expr& param = SelectExpr(holder, "$12");
  REQUIRE(param.kind == ExprKind::kParamRef);
  CHECK(param.As<ParamRefExpr>().number == 12);
  CHECK(param.location == 7);
  CHECK(DumpSelectExpr("$1::text") == "(cast $1 text)");
}

TEST_CASE("comments", "[parser][scanner]") {
  CHECK(Dump("select /* one */ 1 -- two\n + /* three /* nested */ still */ 2") ==
        "(select :targets ((+ 1 2)))");
  CHECK(Dump("select 1 /*+ hint */") == "(select :targets (1))");
  CHECK(Dump("select 1--comment without newline") == "(select :targets (1))");
  CHECK(Dump("select 1 /**/ /***/") == "(select :targets (1))");
  CHECK(Parse("-- nothing here").empty());
  CHECK(Parse("/* nothing /* here */ */").empty());
}

TEST_CASE("every kind of whitespace separates tokens", "[parser][scanner]") {
  CHECK(Dump("select\t1\r\n,\f2") == "(select :targets (1 2))");
}

}  // namespace
}  // namespace granary::parser::testing
