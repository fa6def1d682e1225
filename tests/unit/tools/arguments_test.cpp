// getopt_long-style argument parsing of the granary subcommands.
#include <catch2/catch.hpp>

#include "tools/cli/arguments.hpp"

namespace {

using granary::tools::OptionSpec;
using granary::tools::ParseArguments;
using granary::tools::ParsedArguments;

const std::vector<OptionSpec> kSpecs = {
    {'D', "data-dir", true}, {'c', "command", true}, {'q', "quiet", false}, {'\0', "csv", false}};

}  // namespace

TEST_CASE("short, long and attached option values keep their order", "[tools][cli]") {
  ParsedArguments parsed;
  std::string error;
  REQUIRE(ParseArguments({"-D", "dir", "-cselect 1", "--command=select 2", "--command", "x", "-q",
                          "--csv", "pos"},
                         kSpecs, &parsed, &error));
  REQUIRE(parsed.options.size() == 6);
  REQUIRE(parsed.options[0].name == "data-dir");
  REQUIRE(parsed.options[0].value == "dir");
  REQUIRE(parsed.options[1].value == "select 1");
  REQUIRE(parsed.options[2].value == "select 2");
  REQUIRE(parsed.options[3].value == "x");
  REQUIRE(parsed.options[4].name == "quiet");
  REQUIRE(parsed.options[5].name == "csv");
  REQUIRE(parsed.positional == std::vector<std::string>{"pos"});
}

TEST_CASE("usage errors are reported, not thrown", "[tools][cli]") {
  ParsedArguments parsed;
  std::string error;
  REQUIRE_FALSE(ParseArguments({"--bogus"}, kSpecs, &parsed, &error));
  REQUIRE(error == "unrecognized option \"--bogus\"");
  REQUIRE_FALSE(ParseArguments({"-x"}, kSpecs, &parsed, &error));
  REQUIRE_FALSE(ParseArguments({"-D"}, kSpecs, &parsed, &error));
  REQUIRE_FALSE(ParseArguments({"--csv=1"}, kSpecs, &parsed, &error));
  ParsedArguments after_dashes;
  REQUIRE(ParseArguments({"--", "-q"}, kSpecs, &after_dashes, &error));
  REQUIRE(after_dashes.positional == std::vector<std::string>{"-q"});
}
