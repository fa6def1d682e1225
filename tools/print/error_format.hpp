// Error and notice reports in the form libpq builds them for psql.
#pragma once

#include <string>
#include <string_view>

#include "granary/error.hpp"

namespace granary::tools {

// psql's VERBOSITY: terse (primary line only), default, verbose (SQLSTATE and object names),
// sqlstate (severity and SQLSTATE only).
enum class Verbosity { kTerse, kDefault, kVerbose, kSqlstate };

// "ERROR:  message\n", then (when the error has a position inside `statement`) the
// "LINE n: ..." line with a caret under the position, then "DETAIL:  ", "HINT:  " lines.
// kVerbose adds the SQLSTATE after the severity ("ERROR:  22012: division by zero") and the
// SCHEMA/TABLE/COLUMN/CONSTRAINT NAME lines, as psql's \set VERBOSITY verbose does.
std::string FormatError(const granary::Error& error, std::string_view statement,
                        Verbosity verbosity);

// libpq's error-position display: "LINE n: <text of that line>\n" and a caret line, the line
// cut to about 60 columns around the position with "..." marks. `position` is 1-based in
// characters; returns "" when it is outside `statement`.
std::string FormatErrorPosition(std::string_view statement, int position);

}  // namespace granary::tools
