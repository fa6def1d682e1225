// psql's "aligned" output format (border 1, no wrapping), byte for byte.
//
// Follows the layout rules of psql's print_aligned_text(): each header is centered in its
// column (extra space to the right), cells are padded to the column width except a
// left-aligned value in the last column, and a value with newlines continues on further
// display lines with a '+' mark after each line but the last.
#include <algorithm>

#include "tools/print/display_width.hpp"
#include "tools/print/table.hpp"

namespace granary::tools {
namespace {

void AppendSpaces(std::string& out, int count) {
  if (count > 0) out.append(static_cast<size_t>(count), ' ');
}

std::string RowCountFooter(size_t rows) {
  return "(" + std::to_string(rows) + (rows == 1 ? " row)" : " rows)");
}

using CellLines = std::vector<DisplayLine>;

void AppendHeader(const Table& table, const std::vector<CellLines>& headers,
                  const std::vector<int>& widths, std::string& out) {
  const size_t columns = table.columns.size();
  size_t height = 0;
  for (const CellLines& lines : headers) height = std::max(height, lines.size());
  for (size_t line = 0; line < height; ++line) {
    for (size_t c = 0; c < columns; ++c) {
      const CellLines& lines = headers[c];
      out += ' ';
      const bool has_line = line < lines.size();
      if (has_line) {
        const int spaces = widths[c] - lines[line].width;
        AppendSpaces(out, spaces / 2);
        out += lines[line].text;
        AppendSpaces(out, (spaces + 1) / 2);
      } else {
        AppendSpaces(out, widths[c]);
      }
      const bool more = line + 1 < lines.size();
      out += more ? '+' : ' ';
      if (c + 1 < columns) out += '|';
    }
    out += '\n';
  }
}

void AppendRule(const std::vector<int>& widths, std::string& out) {
  out += '-';
  for (size_t c = 0; c < widths.size(); ++c) {
    out.append(static_cast<size_t>(widths[c]), '-');
    if (c + 1 < widths.size()) out += "-+-";
  }
  out += "-\n";
}

void AppendRow(const Table& table, const std::vector<CellLines>& cells,
               const std::vector<int>& widths, std::string& out) {
  const size_t columns = table.columns.size();
  size_t height = 0;
  for (const CellLines& lines : cells) height = std::max(height, lines.size());
  for (size_t line = 0; line < height; ++line) {
    for (size_t c = 0; c < columns; ++c) {
      const CellLines& lines = cells[c];
      const bool last_column = c + 1 == columns;
      out += ' ';  // psql's left mark: a space both for first lines and newline continuations
      const bool has_line = line < lines.size();
      const bool continues = line + 1 < lines.size();
      if (!has_line) {
        if (!last_column) AppendSpaces(out, widths[c]);
      } else if (table.columns[c].right_aligned) {
        AppendSpaces(out, widths[c] - lines[line].width);
        out += lines[line].text;
      } else {
        out += lines[line].text;
        if (!last_column || continues) AppendSpaces(out, widths[c] - lines[line].width);
      }
      if (has_line && continues) {
        out += '+';
      } else if (!last_column) {
        out += ' ';
      }
      if (!last_column) out += '|';
    }
    out += '\n';
  }
}

}  // namespace

std::string FormatAligned(const Table& table) {
  const size_t columns = table.columns.size();
  std::vector<int> widths(columns, 0);
  std::vector<CellLines> headers(columns);
  for (size_t c = 0; c < columns; ++c) {
    headers[c] = FormatForDisplay(table.columns[c].name);
    for (const DisplayLine& line : headers[c]) widths[c] = std::max(widths[c], line.width);
  }
  std::vector<std::vector<CellLines>> cells(table.rows.size(), std::vector<CellLines>(columns));
  for (size_t r = 0; r < table.rows.size(); ++r) {
    for (size_t c = 0; c < columns && c < table.rows[r].size(); ++c) {
      const std::optional<std::string>& value = table.rows[r][c];
      cells[r][c] = FormatForDisplay(value ? *value : std::string());
      for (const DisplayLine& line : cells[r][c]) widths[c] = std::max(widths[c], line.width);
    }
    for (size_t c = table.rows[r].size(); c < columns; ++c) cells[r][c] = CellLines(1);
  }

  std::string out;
  AppendHeader(table, headers, widths, out);
  AppendRule(widths, out);
  if (columns > 0) {
    for (const std::vector<CellLines>& row : cells) AppendRow(table, row, widths, out);
  }
  out += RowCountFooter(table.rows.size());
  out += "\n\n";
  return out;
}

}  // namespace granary::tools
