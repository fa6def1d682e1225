// getopt_long-style parsing without global state (see arguments.hpp).
#include "tools/cli/arguments.hpp"

namespace granary::tools {
namespace {

const OptionSpec* FindLong(const std::vector<OptionSpec>& specs, std::string_view name) {
  for (const OptionSpec& spec : specs) {
    if (spec.long_name == name) return &spec;
  }
  return nullptr;
}

const OptionSpec* FindShort(const std::vector<OptionSpec>& specs, char name) {
  for (const OptionSpec& spec : specs) {
    if (spec.short_name != '\0' && spec.short_name == name) return &spec;
  }
  return nullptr;
}

}  // namespace

bool ParseArguments(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs,
                    ParsedArguments* parsed, std::string* error) {
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      parsed->positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg[1] == '-') {
      const size_t equals = arg.find('=');
      const std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
      const OptionSpec* spec = FindLong(specs, name);
      if (spec == nullptr) {
        *error = "unrecognized option \"--" + name + "\"";
        return false;
      }
      if (!spec->takes_value) {
        if (equals != std::string::npos) {
          *error = "option \"--" + name + "\" does not take a value";
          return false;
        }
        parsed->options.push_back({name, ""});
      } else if (equals != std::string::npos) {
        parsed->options.push_back({name, arg.substr(equals + 1)});
      } else if (i + 1 < args.size()) {
        parsed->options.push_back({name, args[++i]});
      } else {
        *error = "option \"--" + name + "\" requires a value";
        return false;
      }
      continue;
    }
    // A cluster of short options: "-qX", "-DDIR", "-c" "SQL".
    for (size_t j = 1; j < arg.size(); ++j) {
      const OptionSpec* spec = FindShort(specs, arg[j]);
      if (spec == nullptr) {
        *error = std::string("invalid option -- '") + arg[j] + "'";
        return false;
      }
      if (!spec->takes_value) {
        parsed->options.push_back({std::string(spec->long_name), ""});
        continue;
      }
      if (j + 1 < arg.size()) {
        parsed->options.push_back({std::string(spec->long_name), arg.substr(j + 1)});
      } else if (i + 1 < args.size()) {
        parsed->options.push_back({std::string(spec->long_name), args[++i]});
      } else {
        *error = std::string("option requires an argument -- '") + arg[j] + "'";
        return false;
      }
      break;
    }
  }
  return true;
}

}  // namespace granary::tools
