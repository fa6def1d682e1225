// psql's --csv output format: header line, one line per row, quoting as psql's
// csv_print_field() decides (separator, quote, CR or LF inside, or the field "\.").
#include "tools/print/table.hpp"

namespace granary::tools {
namespace {

constexpr char kSeparator = ',';

void AppendField(std::string_view field, std::string& out) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos || field == "\\.";
  if (!quote) {
    out += field;
    return;
  }
  out += '"';
  for (char ch : field) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

}  // namespace

std::string FormatCsv(const Table& table) {
  std::string out;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) out += kSeparator;
    AppendField(table.columns[c].name, out);
  }
  out += '\n';
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) out += kSeparator;
      if (c < row.size() && row[c]) AppendField(*row[c], out);
    }
    out += '\n';
  }
  return out;
}

}  // namespace granary::tools
