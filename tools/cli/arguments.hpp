// Command-line option parsing for the granary subcommands (getopt_long's conventions:
// "-D DIR", "-DDIR", "--data-dir DIR", "--data-dir=DIR", "--" ends the options).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace granary::tools {

struct OptionSpec {
  char short_name;             // '\0' when the option has only a long form
  std::string_view long_name;  // the option's name in ParsedOption
  bool takes_value;
};

struct ParsedOption {
  std::string name;  // the long name
  std::string value;
};

struct ParsedArguments {
  std::vector<ParsedOption> options;  // in command-line order (-c and -f run in that order)
  std::vector<std::string> positional;
};

// Parses `args` against `specs`. Returns false with a message such as
// "unrecognized option \"--foo\"" in *error on a usage error.
bool ParseArguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                    ParsedArguments* parsed, std::string* error);

}  // namespace granary::tools
