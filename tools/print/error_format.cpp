// Error reports as libpq's pqBuildErrorMessage3()/reportErrorPosition() lay them out.
#include "tools/print/error_format.hpp"

#include <vector>

#include "tools/print/display_width.hpp"

namespace granary::tools {
namespace {

constexpr int kDisplaySize = 60;  // screen columns shown of a long statement line
constexpr int kMinRightCut = 10;  // keep at least this many columns right of the position

void AppendField(std::string& out, std::string_view label, const std::string& value) {
  if (value.empty()) return;
  out += label;
  out += ":  ";
  out += value;
  out += '\n';
}

}  // namespace

std::string FormatErrorPosition(std::string_view statement, int position) {
  const int location = position - 1;  // 0-based character number
  if (location < 0) return "";

  // Byte offset and starting screen column of each character up to the end of the line that
  // contains the position; tabs count as one column, like libpq.
  std::vector<size_t> byte_of;
  std::vector<int> column_of;
  int line_number = 1;
  int line_begin = 0;
  int line_end = -1;
  size_t offset = 0;
  int column = 0;
  int character = 0;
  for (; offset < statement.size(); ++character) {
    byte_of.push_back(offset);
    column_of.push_back(column);
    const char ch = statement[offset];
    if (ch == '\r' || ch == '\n') {
      if (character < location) {
        if (ch == '\r' || character == 0 || statement[byte_of[character - 1]] != '\r') {
          ++line_number;
        }
        line_begin = character + 1;
      } else {
        line_end = character;
        break;
      }
    }
    const int width = CodePointWidth(DecodeUtf8(statement, offset));
    column += width <= 0 ? 1 : width;
    offset += Utf8SequenceLength(static_cast<unsigned char>(ch));
    if (offset > statement.size()) offset = statement.size();
  }
  if (line_end < 0) {
    line_end = character;
    byte_of.push_back(offset);
    column_of.push_back(column);
  }
  if (location > character) return "";

  bool cut_left = false;
  bool cut_right = false;
  if (column_of[line_end] - column_of[line_begin] > kDisplaySize) {
    if (column_of[line_begin] + kDisplaySize >= column_of[location] + kMinRightCut) {
      while (column_of[line_end] - column_of[line_begin] > kDisplaySize) --line_end;
      cut_right = true;
    } else {
      while (column_of[location] + kMinRightCut < column_of[line_end]) {
        --line_end;
        cut_right = true;
      }
      while (column_of[line_end] - column_of[line_begin] > kDisplaySize) {
        ++line_begin;
        cut_left = true;
      }
    }
  }

  std::string prefix = "LINE " + std::to_string(line_number) + ": ";
  if (cut_left) prefix += "...";
  std::string text(statement.substr(byte_of[line_begin], byte_of[line_end] - byte_of[line_begin]));
  for (char& ch : text) {
    if (ch == '\t') ch = ' ';
  }
  std::string out = prefix + text;
  if (cut_right) out += "...";
  out += '\n';
  const int caret_column = DisplayWidth(prefix) + column_of[location] - column_of[line_begin];
  out.append(static_cast<size_t>(caret_column), ' ');
  out += "^\n";
  return out;
}

std::string FormatError(const granary::Error& error, std::string_view statement,
                        Verbosity verbosity) {
  std::string out(SeverityName(error.severity()));
  out += ":  ";
  if (verbosity == Verbosity::kSqlstate) return out + error.sqlstate() + '\n';
  if (verbosity == Verbosity::kVerbose) out += error.sqlstate() + ": ";
  out += error.message();
  out += '\n';
  if (verbosity == Verbosity::kTerse) return out;
  if (error.position() > 0) out += FormatErrorPosition(statement, error.position());
  AppendField(out, "DETAIL", error.detail());
  AppendField(out, "HINT", error.hint());
  AppendField(out, "CONTEXT", error.context());
  if (verbosity == Verbosity::kVerbose) {
    AppendField(out, "SCHEMA NAME", error.schema_name());
    AppendField(out, "TABLE NAME", error.table_name());
    AppendField(out, "COLUMN NAME", error.column_name());
    AppendField(out, "CONSTRAINT NAME", error.constraint_name());
  }
  return out;
}

}  // namespace granary::tools
