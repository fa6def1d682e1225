// Reports of errors that end a subcommand, in PostgreSQL's frontend-tool style:
// "granary: error: MESSAGE", then "granary: detail: ..." and "granary: hint: ...".
#pragma once

#include <string_view>

#include "granary/error.hpp"

namespace granary::tools {

void ReportFatal(const granary::Error& error);
void ReportFatal(std::string_view message);

}  // namespace granary::tools
