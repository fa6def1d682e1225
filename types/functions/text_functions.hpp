// More string functions of PostgreSQL's varlena.c and oracle_compat.c: split_part, chr,
// ascii, left, right, lpad, rpad, reverse, initcap, translate, starts_with, the quote_*
// family, concat, concat_ws and format. Characters are UTF-8 code points.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "types/value.hpp"

namespace granary::types {

// PostgreSQL's quote_identifier: double quotes unless the name is lower case letters, digits
// and underscores starting with a letter or underscore, and no keyword but an unreserved one.
std::string QuoteIdentifierText(std::string_view name);
// quote_literal: single quotes doubled, backslashes doubled and an E prefix when any.
std::string QuoteLiteralText(std::string_view text);

Value SplitPart(std::span<const Value> args);     // (text, delimiter, n); 22023 on n = 0
Value Chr(std::span<const Value> args);           // 54000 on 0 and past U+10FFFF
Value Ascii(std::span<const Value> args);
Value Left(std::span<const Value> args);
Value Right(std::span<const Value> args);
Value LeftPad(std::span<const Value> args);       // (text, length[, fill])
Value RightPad(std::span<const Value> args);
Value Reverse(std::span<const Value> args);
Value InitCap(std::span<const Value> args);
Value Translate(std::span<const Value> args);
Value StartsWith(std::span<const Value> args);
Value QuoteIdent(std::span<const Value> args);
Value QuoteLiteral(std::span<const Value> args);  // any value through its text output
Value QuoteNullable(std::span<const Value> args); // not strict: NULL gives 'NULL'
// Variadic over any types (not strict; the analyzer passes the arguments as they are, with
// untyped literals as text).
Value Concat(std::span<const Value> args);
Value ConcatWs(std::span<const Value> args);
Value Format(std::span<const Value> args);
Value Overlay(std::span<const Value> args);  // (text, text, start[, count]); 22011 on start < 1  // 22023 for bad specifiers and too few arguments

}  // namespace granary::types
