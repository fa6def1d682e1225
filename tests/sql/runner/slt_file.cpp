// sqllogictest parsing, line for line the rules of slt_run.py's parse_file().
#include "slt_file.hpp"

#include <sstream>

namespace granary::slt {
namespace {

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

bool IsBlank(const std::string& line) {
  return line.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

}  // namespace

std::vector<Record> ParseRecords(const std::string& text) {
  // (line number, text) with comments dropped and blank lines made empty
  std::vector<std::pair<int, std::string>> lines;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (IsBlank(line)) {
      line.clear();
    } else if (line[0] == '#') {
      continue;
    }
    lines.emplace_back(number, line);
  }

  std::vector<Record> records;
  size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].second.empty()) {
      ++i;
      continue;
    }
    std::vector<std::pair<int, std::string>> block;
    while (i < lines.size() && !lines[i].second.empty()) block.push_back(lines[i++]);
    Record record;
    size_t first = 0;
    while (first < block.size()) {
      const std::vector<std::string> words = Words(block[first].second);
      if (words[0] != "skipif" && words[0] != "onlyif") break;
      record.conditions.push_back({words[0] == "onlyif", words.size() > 1 ? words[1] : ""});
      ++first;
    }
    if (first == block.size()) continue;
    const std::vector<std::string> words = Words(block[first].second);
    record.line = block[first].first;
    record.header = block[first].second;
    record.kind = words[0];
    record.args.assign(words.begin() + 1, words.end());
    std::vector<std::string> body;
    for (size_t k = first + 1; k < block.size(); ++k) body.push_back(block[k].second);
    if (record.kind == "query") {
      std::vector<std::string> sql;
      size_t k = 0;
      for (; k < body.size() && body[k] != "----"; ++k) sql.push_back(body[k]);
      if (k < body.size()) {
        record.has_expected = true;
        record.expected.assign(body.begin() + static_cast<long>(k) + 1, body.end());
      }
      record.sql = Join(sql);
    } else if (record.kind == "statement") {
      record.sql = Join(body);
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace granary::slt
