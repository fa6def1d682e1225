// search_path parsing; resolution lives in catalog.cpp (it reads pg_namespace).
#include "catalog/search_path.hpp"

namespace granary::catalog {

std::optional<std::vector<std::string>> SearchPath::SplitSetting(std::string_view setting) {
  std::vector<std::string> names;
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < setting.size() && (setting[i] == ' ' || setting[i] == '\t' || setting[i] == '\n' ||
                                  setting[i] == '\r')) {
      ++i;
    }
  };
  skip_spaces();
  if (i == setting.size()) return names;  // an empty list is allowed
  for (;;) {
    std::string name;
    if (i < setting.size() && setting[i] == '"') {
      ++i;
      for (;;) {
        if (i == setting.size()) return std::nullopt;  // unterminated quote
        if (setting[i] == '"') {
          if (i + 1 < setting.size() && setting[i + 1] == '"') {
            name += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name += setting[i++];
      }
      // An empty quoted name is allowed (and names no schema), as in PostgreSQL.
    } else {
      while (i < setting.size() && setting[i] != ',' && setting[i] != ' ' && setting[i] != '\t' &&
             setting[i] != '\n' && setting[i] != '\r' && setting[i] != '"') {
        const char c = setting[i++];
        name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
      }
      if (name.empty()) return std::nullopt;
    }
    names.push_back(std::move(name));
    skip_spaces();
    if (i == setting.size()) break;
    if (setting[i] != ',') return std::nullopt;
    ++i;
    skip_spaces();
  }
  return names;
}

SearchPath SearchPath::FromSetting(std::string_view setting, std::string user) {
  SearchPath path;
  path.schemas = SplitSetting(setting).value_or(std::vector<std::string>{});
  path.user = std::move(user);
  return path;
}

std::string SearchPath::Key() const {
  std::string key = user;
  key += '\0';
  key += temp_schema;
  for (const std::string& schema : schemas) {
    key += '\0';
    key += schema;
  }
  return key;
}

ResolvedSearchPath ResolveSearchPath(const SearchPath& path, const std::vector<NamespaceName>& existing) {
  auto find = [&](std::string_view name) -> const NamespaceName* {
    for (const NamespaceName& entry : existing) {
      if (entry.name == name) return &entry;
    }
    return nullptr;
  };
  ResolvedSearchPath resolved;
  auto listed = [&](Oid oid) {
    for (const NamespaceName& entry : resolved.namespaces) {
      if (entry.oid == oid) return true;
    }
    return false;
  };
  for (const std::string& schema : path.schemas) {
    // "$user" is the schema named like the session user, when there is one; pg_temp is the
    // session's temporary schema, when it exists.
    const NamespaceName* entry =
        find(schema == "$user" ? std::string_view(path.user) : path.Schema(schema));
    if (entry == nullptr || listed(entry->oid)) continue;
    resolved.namespaces.push_back(*entry);
  }
  if (!listed(kPgCatalogNamespace)) {
    resolved.namespaces.insert(resolved.namespaces.begin(), NamespaceName{kPgCatalogNamespace, "pg_catalog"});
    resolved.implicit_count = 1;
  }
  if (!path.temp_schema.empty()) {
    const NamespaceName* temp = find(path.temp_schema);
    if (temp != nullptr && !listed(temp->oid)) {
      resolved.namespaces.insert(resolved.namespaces.begin(), *temp);
      ++resolved.implicit_count;
    }
  }
  return resolved;
}

std::optional<NamespaceName> ResolvedSearchPath::CreationNamespace() const {
  if (implicit_count >= namespaces.size()) return std::nullopt;
  return namespaces[implicit_count];
}

}  // namespace granary::catalog
