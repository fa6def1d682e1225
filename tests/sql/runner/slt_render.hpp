// sqllogictest value rendering and result hashing, identical to slt_run.py's render() and
// md5_of(): NULL -> "NULL"; I -> integer (booleans 1/0, numbers truncated toward zero,
// otherwise the leading integer like atoi); R -> "%.3f"; T -> text with "" shown as
// "(empty)" and bytes outside ' '..'~' as '@'.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace granary::slt {

std::string Render(const std::optional<std::string>& value, char type);

// "N values hashing to <md5 of every value followed by '\n'>".
std::string HashValues(const std::vector<std::string>& values);

// Whether an expected-result line is such a hash line (`\s*\d+ values hashing to [0-9a-f]{32}\s*`).
bool IsHashLine(const std::string& line);

}  // namespace granary::slt
