// sqllogictest files: records and their parser (the format of SQLite's sqllogictest as
// /work/shared/tools/slt_run.py reads it, see tests/sql/README.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace granary::slt {

struct Condition {
  bool only_if;  // onlyif (true) or skipif (false)
  std::string engine;
};

struct Record {
  std::string kind;               // "statement", "query", "hash-threshold", "halt", ...
  int line = 0;                   // line of the record's first (non-condition) line
  std::string header;             // the whole first line
  std::vector<std::string> args;  // its words after the keyword
  std::string sql;
  bool has_expected = false;      // a "----" line was present
  std::vector<std::string> expected;
  std::vector<Condition> conditions;
};

// Parses `text`: '#' lines are comments, records are separated by blank lines, skipif/onlyif
// lines prefix a record.
std::vector<Record> ParseRecords(const std::string& text);

}  // namespace granary::slt
