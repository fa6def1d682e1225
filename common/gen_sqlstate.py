#!/usr/bin/env python3
"""Generates sqlstate.hpp and sqlstate_names.cpp from errcodes.txt.

Usage: gen_sqlstate.py errcodes.txt out_dir
Each '<code> <condition_name>' line becomes `inline constexpr SqlState kConditionName{"code"}`
and an entry in the table that maps codes to condition names.
"""
import pathlib
import sys


def pascal(name):
    return "".join(part.capitalize() for part in name.split("_"))


def main():
    source, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    entries = []
    for line in source.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        code, name = line.split()
        if len(code) != 5:
            sys.exit(f"bad SQLSTATE '{code}' in {source}")
        entries.append((code, name))

    header = [
        "// Generated from common/errcodes.txt by common/gen_sqlstate.py. Do not edit.",
        "#pragma once",
        "",
        "#include <string_view>",
        "",
        "namespace granary::sqlstate {",
        "",
        "// A SQLSTATE is five characters; constants are string views into static storage.",
        "using SqlState = std::string_view;",
        "",
    ]
    for code, name in entries:
        header.append(f'inline constexpr SqlState k{pascal(name)}{{"{code}"}};')
    header += [
        "",
        "// The condition name for a code (\"division_by_zero\" for \"22012\"), or \"\" if unknown.",
        "std::string_view ConditionName(std::string_view code);",
        "// The code for a condition name (\"22012\" for \"division_by_zero\"), or \"\" if unknown.",
        "std::string_view ConditionCode(std::string_view name);",
        "",
        "}  // namespace granary::sqlstate",
        "",
    ]
    names = [
        "// Generated from common/errcodes.txt by common/gen_sqlstate.py. Do not edit.",
        '#include "sqlstate.hpp"',
        "",
        "#include <array>",
        "#include <utility>",
        "",
        "namespace granary::sqlstate {",
        "namespace {",
        f"constexpr std::array<std::pair<std::string_view, std::string_view>, {len(entries)}> kNames{{{{",
    ]
    for code, name in entries:
        names.append(f'    {{"{code}", "{name}"}},')
    names += [
        "}};",
        "}  // namespace",
        "",
        "std::string_view ConditionName(std::string_view code) {",
        "  for (const auto& [entry_code, entry_name] : kNames) {",
        "    if (entry_code == code) return entry_name;",
        "  }",
        "  return {};",
        "}",
        "",
        "std::string_view ConditionCode(std::string_view name) {",
        "  for (const auto& [entry_code, entry_name] : kNames) {",
        "    if (entry_name == name) return entry_code;",
        "  }",
        "  return {};",
        "}",
        "",
        "}  // namespace granary::sqlstate",
        "",
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "sqlstate.hpp").write_text("\n".join(header))
    (out_dir / "sqlstate_names.cpp").write_text("\n".join(names))


if __name__ == "__main__":
    main()
