// Execution of sqllogictest records against a Session (see slt_runner.hpp).
#include "slt_runner.hpp"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <vector>

#include "granary/granary.hpp"
#include "slt_file.hpp"
#include "slt_render.hpp"

namespace granary::slt {
namespace {

constexpr size_t kMaxShownValues = 20;   // values of expected/actual printed per failure
constexpr size_t kMaxShownSql = 300;

bool IsOurEngine(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return lower == "granary" || lower == "postgresql";
}

bool ShouldRun(const Record& record) {
  for (const Condition& condition : record.conditions) {
    const bool ours = IsOurEngine(condition.engine);
    if (condition.only_if != ours) return false;
  }
  return true;
}

bool IsSqlstate(const std::string& word) {
  if (word.size() != 5) return false;
  return std::all_of(word.begin(), word.end(), [](unsigned char ch) {
    return std::isdigit(ch) || std::isupper(ch);
  });
}

std::string Collapse(const std::string& sql) {
  std::istringstream in(sql);
  std::string word, out;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out.substr(0, kMaxShownSql);
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

std::string JoinWords(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : " ") + value;
  return out;
}

// A failure message plus, for result mismatches, the two value lists.
struct Failure {
  std::string message;
  std::vector<std::string> expected;
  std::vector<std::string> actual;
};

class FileRunner {
 public:
  FileRunner(granary::Session& session) : session_(session) {}

  std::optional<Failure> RunStatement(const Record& record);
  std::optional<Failure> RunQuery(const Record& record);

 private:
  granary::Session& session_;
  std::map<std::string, std::string> labels_;
};

std::string ErrorText(const granary::Error& error) {
  return "ERROR:  " + error.message() + " (SQLSTATE " + error.sqlstate() + ")";
}

std::optional<Failure> FileRunner::RunStatement(const Record& record) {
  const bool expect_ok = !record.args.empty() && record.args[0] == "ok";
  try {
    session_.ExecuteScript(record.sql);
  } catch (const granary::Error& error) {
    if (expect_ok) return Failure{"statement failed: " + ErrorText(error), {}, {}};
    if (record.args.size() < 2) return std::nullopt;
    // statement error <SQLSTATE> | statement error <message regex>
    if (record.args.size() == 2 && IsSqlstate(record.args[1])) {
      if (error.sqlstate() == record.args[1]) return std::nullopt;
      return Failure{"expected SQLSTATE " + record.args[1] + " but got " + ErrorText(error), {}, {}};
    }
    std::string pattern = record.header.substr(record.header.find("error") + 5);
    pattern.erase(0, pattern.find_first_not_of(" \t"));
    try {
      const std::regex regex(pattern);
      if (std::regex_search(error.message(), regex)) return std::nullopt;
    } catch (const std::regex_error&) {
      return Failure{"invalid error pattern: " + pattern, {}, {}};
    }
    return Failure{"error message does not match /" + pattern + "/: " + ErrorText(error),
                   {}, {}};
  } catch (const std::exception& exception) {
    return Failure{std::string("statement raised a non-granary exception: ") + exception.what(), {}, {}};
  }
  if (expect_ok) return std::nullopt;
  return Failure{"statement succeeded, but an error was expected", {}, {}};
}

std::optional<Failure> FileRunner::RunQuery(const Record& record) {
  const std::string types = record.args.empty() ? "" : record.args[0];
  const std::string sort_mode = record.args.size() > 1 ? record.args[1] : "nosort";
  const std::optional<std::string> label =
      record.args.size() > 2 ? std::optional<std::string>(record.args[2]) : std::nullopt;

  std::vector<std::vector<std::string>> rows;
  try {
    std::vector<granary::Result> results = session_.ExecuteScript(record.sql);
    const size_t columns = results.empty() ? 0 : results.back().columns().size();
    if (columns != types.size()) {
      return Failure{"wrong number of result columns: expected " + std::to_string(types.size()) +
                         " but got " + std::to_string(columns),
                     {}, {}};
    }
    for (const granary::Row row : results.back()) {
      std::vector<std::string> values;
      for (size_t c = 0; c < columns; ++c) values.push_back(Render(row.GetOptionalString(c), types[c]));
      rows.push_back(std::move(values));
    }
  } catch (const granary::Error& error) {
    return Failure{"query failed: " + ErrorText(error), {}, {}};
  } catch (const std::exception& exception) {
    return Failure{std::string("query raised a non-granary exception: ") + exception.what(), {}, {}};
  }

  if (sort_mode == "rowsort") {
    std::sort(rows.begin(), rows.end());
  } else if (sort_mode == "valuesort") {
    std::vector<std::string> flat;
    for (const auto& row : rows) flat.insert(flat.end(), row.begin(), row.end());
    std::sort(flat.begin(), flat.end());
    rows.clear();
    for (std::string& value : flat) rows.push_back({std::move(value)});
  } else if (sort_mode != "nosort") {
    return Failure{"unknown sort mode '" + sort_mode + "'", {}, {}};
  }
  std::vector<std::string> values;
  for (const auto& row : rows) values.insert(values.end(), row.begin(), row.end());
  const std::string digest = HashValues(values);

  if (label) {
    auto [it, inserted] = labels_.emplace(*label, digest);
    if (!inserted && it->second != digest) {
      return Failure{"labeled result [" + *label + "] does not agree with previous values", {}, {}};
    }
  }

  const std::vector<std::string>& expected = record.expected;
  if (!expected.empty() && IsHashLine(expected[0])) {
    if (SplitWords(expected[0]) == SplitWords(digest)) return std::nullopt;
    return Failure{"wrong result hash: expected [" + expected[0] + "] got [" + digest + "]", {}, {}};
  }
  if (values == expected) return std::nullopt;
  // Tolerate row-per-line files (the values of one row separated by spaces).
  std::vector<std::string> expected_rows, actual_rows;
  for (const std::string& line : expected) expected_rows.push_back(JoinWords(SplitWords(line)));
  for (const auto& row : rows) actual_rows.push_back(JoinWords(SplitWords(JoinWords(row))));
  if (expected_rows == actual_rows) return std::nullopt;
  for (size_t i = 0; i < std::min(expected.size(), values.size()); ++i) {
    if (expected[i] != values[i]) {
      return Failure{"wrong result at value " + std::to_string(i + 1) + ": expected [" +
                         expected[i] + "] got [" + values[i] + "]",
                     expected, values};
    }
  }
  return Failure{"expected " + std::to_string(expected.size()) + " values, got " +
                     std::to_string(values.size()),
                 expected, values};
}

void PrintValues(std::FILE* out, const char* title, const std::vector<std::string>& values) {
  std::fprintf(out, "       %s (%zu values):\n", title, values.size());
  for (size_t i = 0; i < values.size() && i < kMaxShownValues; ++i) {
    std::fprintf(out, "         %s\n", values[i].c_str());
  }
  if (values.size() > kMaxShownValues) std::fprintf(out, "         ...\n");
}

// A fresh directory under $TMPDIR holding the file's data directory "data".
std::optional<std::filesystem::path> MakeScratchDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "granary-slt-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return std::nullopt;
  return std::filesystem::path(pattern);
}

}  // namespace

FileTally RunFile(const std::string& path, const RunnerOptions& options, std::FILE* out) {
  FileTally tally;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(out, "  FAIL %s: cannot read the file\n", path.c_str());
    tally.failed = 1;
    return tally;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::vector<Record> records = ParseRecords(text.str());

  const std::optional<std::filesystem::path> scratch = MakeScratchDirectory();
  if (!scratch) {
    std::fprintf(out, "  FAIL %s: cannot create a temporary directory\n", path.c_str());
    tally.failed = 1;
    return tally;
  }
  int reported = 0;
  try {
    const std::string data_directory = (*scratch / "data").string();
    granary::Database::Create(data_directory);
    granary::Database database = granary::Database::Open(data_directory);
    {
      granary::Session session = database.Connect();
      FileRunner runner(session);
      for (const Record& record : records) {
        if (!ShouldRun(record)) {
          if (record.kind == "statement" || record.kind == "query") ++tally.skipped;
          continue;
        }
        if (record.kind == "halt") break;
        if (record.kind == "hash-threshold") continue;  // the expected block says if it is hashed
        std::optional<Failure> failure;
        if (record.kind == "statement") {
          failure = runner.RunStatement(record);
        } else if (record.kind == "query") {
          failure = runner.RunQuery(record);
        } else {
          failure = Failure{"unknown record type '" + record.kind + "'", {}, {}};
        }
        if (!failure) {
          ++tally.passed;
          continue;
        }
        ++tally.failed;
        if (options.verbose || reported < options.max_report) {
          ++reported;
          std::fprintf(out, "  FAIL %s:%d: %s\n       sql: %s\n", path.c_str(), record.line,
                       failure->message.c_str(), Collapse(record.sql).c_str());
          if (!failure->expected.empty() || !failure->actual.empty()) {
            PrintValues(out, "expected", failure->expected);
            PrintValues(out, "actual", failure->actual);
          }
        }
      }
    }
    database.Close();
  } catch (const granary::Error& error) {
    std::fprintf(out, "  FAIL %s: %s\n", path.c_str(), ErrorText(error).c_str());
    ++tally.failed;
  } catch (const std::exception& exception) {
    std::fprintf(out, "  FAIL %s: %s\n", path.c_str(), exception.what());
    ++tally.failed;
  }
  if (!options.keep_data) {
    std::error_code ignored;
    std::filesystem::remove_all(*scratch, ignored);
  } else {
    std::fprintf(out, "  data directory kept: %s\n", (*scratch / "data").c_str());
  }
  return tally;
}

}  // namespace granary::slt
