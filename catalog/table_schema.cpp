// TableSchema helpers.
#include "catalog/table_schema.hpp"

#include <sstream>

namespace granary::catalog {

std::optional<size_t> TableSchema::ColumnIndex(std::string_view column_name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column_name) return i;
  }
  return std::nullopt;
}

std::vector<types::Type> TableSchema::ColumnTypes() const {
  std::vector<types::Type> result;
  result.reserve(columns.size());
  for (const ColumnSchema& column : columns) result.push_back(column.type);
  return result;
}

namespace {

std::string NumberList(const std::vector<size_t>& columns) {
  std::string text;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) text += ',';
    text += std::to_string(columns[i] + 1);
  }
  return text;
}

std::vector<size_t> ParseNumberList(const std::string& text) {
  std::vector<size_t> columns;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) columns.push_back(std::stoul(item) - 1);
  }
  return columns;
}

}  // namespace

// Source text: "confrelid=16390;conindid=16392;conkey=1,2;confkey=1,2;match=s;upd=a;del=c;
// delset=;valid=t", one field per key, so that fields can be added later.
std::string ForeignKey::Encode() const {
  return "confrelid=" + std::to_string(referenced_oid) + ";conindid=" + std::to_string(index_oid) +
         ";conkey=" + NumberList(columns) + ";confkey=" + NumberList(referenced_columns) +
         ";match=" + std::string(1, match) + ";upd=" + std::string(1, on_update) +
         ";del=" + std::string(1, on_delete) + ";delset=" + NumberList(delete_set_columns) +
         ";valid=" + (validated ? "t" : "f") +
         ";defer=" + (initially_deferred ? "d" : deferrable ? "i" : "n");
}

std::string QuoteName(const std::string& name) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  bool plain = !name.empty() && (lower(name[0]) || name[0] == '_');
  for (char c : name) {
    if (!(lower(c) || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return name;
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

namespace {

std::string NameList(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) text += (i > 0 ? ", " : "") + QuoteName(names[i]);
  return text;
}

const char* ActionText(char action) {
  switch (action) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return "NO ACTION";
  }
}

}  // namespace

std::string ForeignKey::Definition(bool referenced_visible) const {
  std::string text = "FOREIGN KEY (" + NameList(column_names) + ") REFERENCES ";
  if (!referenced_visible) text += QuoteName(referenced_schema) + ".";
  text += QuoteName(referenced_name) + "(" + NameList(referenced_column_names) + ")";
  if (match == 'f') text += " MATCH FULL";
  if (on_update != 'a') text += std::string(" ON UPDATE ") + ActionText(on_update);
  if (on_delete != 'a') {
    text += std::string(" ON DELETE ") + ActionText(on_delete);
    if (!delete_set_columns.empty()) {
      std::vector<std::string> names;
      for (size_t column : delete_set_columns) {
        for (size_t i = 0; i < columns.size(); ++i) {
          if (columns[i] == column) names.push_back(column_names[i]);
        }
      }
      text += " (" + NameList(names) + ")";
    }
  }
  if (deferrable) text += " DEFERRABLE";
  if (initially_deferred) text += " INITIALLY DEFERRED";
  if (!validated) text += " NOT VALID";
  return text;
}

ForeignKey ForeignKey::Decode(const std::string& source) {
  ForeignKey key;
  std::stringstream in(source);
  std::string field;
  while (std::getline(in, field, ';')) {
    const size_t equals = field.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = field.substr(0, equals);
    const std::string value = field.substr(equals + 1);
    if (name == "confrelid") key.referenced_oid = static_cast<Oid>(std::stoul(value));
    if (name == "conindid") key.index_oid = static_cast<Oid>(std::stoul(value));
    if (name == "conkey") key.columns = ParseNumberList(value);
    if (name == "confkey") key.referenced_columns = ParseNumberList(value);
    if (name == "match" && !value.empty()) key.match = value[0];
    if (name == "upd" && !value.empty()) key.on_update = value[0];
    if (name == "del" && !value.empty()) key.on_delete = value[0];
    if (name == "delset") key.delete_set_columns = ParseNumberList(value);
    if (name == "valid") key.validated = value == "t";
    if (name == "defer") {
      key.deferrable = value == "i" || value == "d";
      key.initially_deferred = value == "d";
    }
  }
  return key;
}

}  // namespace granary::catalog
