// Error raising for the parser: PostgreSQL's message shapes and cursor positions.
//
// Every function takes the whole statement text and a byte offset into it and raises
// granary::Error with the 1-based character position PostgreSQL reports.
#pragma once

#include <string>
#include <string_view>

namespace granary::parser {

// Raises 42601 "<message> at or near "<sql[begin, end)>"", or "<message> at end of input"
// when `begin` is at the end of `sql`, positioned at `begin` -- PostgreSQL's
// scanner_yyerror(), used for both scanner and grammar syntax errors.
[[noreturn]] void ThrowSyntaxError(std::string_view sql, std::string_view message, int begin,
                                   int end);

// Raises `sqlstate` with `message` (and `hint` when non-empty) positioned at byte `offset`;
// no position when offset < 0.
[[noreturn]] void ThrowErrorAt(std::string_view sql, std::string_view sqlstate,
                               std::string message, int offset, std::string hint = {});

// Raises 54001 "stack depth limit exceeded": the statement nests deeper than the parser
// allows (see README invariant on nesting).
[[noreturn]] void ThrowStackDepthExceeded();

// Raises XX000 for an internal scanner failure (Flex's YY_FATAL_ERROR), which must never
// terminate the process.
[[noreturn]] void ThrowScannerFailure(const char* message);

}  // namespace granary::parser
