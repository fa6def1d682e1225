// SearchPath — the session's search_path as name lookups use it, and its resolution against
// the namespaces a snapshot sees (PostgreSQL's namespace.c: recomputeNamespacePath).
//
// The setting is a comma-separated list of identifiers (double quotes keep case and commas);
// "$user" stands for the schema named like the session user. Resolving it against the catalog
// skips schemas that do not exist and duplicates, and puts pg_catalog first unless the list
// names it (the implicit part of the path). New objects go to the first schema of the explicit
// part; none is 3F000 "no schema has been selected to create in".
//
// Temporary schemas (PostgreSQL's myTempNamespace): each session has one, pg_temp_N, made when
// it first creates a temporary relation. When it exists it is searched first, before
// pg_catalog, unless the path names it ("pg_temp" stands for it); an explicit pg_temp at the
// head of the path makes it the creation schema. Only relations are looked up in it (Granary
// has no user-defined functions, types or operators).
//
// Thread-safety: plain values, no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_schema.hpp"

namespace granary::catalog {

struct SearchPath {
  // The setting's elements, as written ("$user" unexpanded), case already resolved.
  std::vector<std::string> schemas = {"$user", "public"};
  // The session user, for "$user".
  std::string user;
  // The session's temporary schema (pg_temp_N) whether or not it exists yet; empty when the
  // path belongs to no session (a view's stored path).
  std::string temp_schema;

  // The elements of a search_path setting value (PostgreSQL's SplitIdentifierString: unquoted
  // names folded to lower case). nullopt when the list syntax is invalid.
  static std::optional<std::vector<std::string>> SplitSetting(std::string_view setting);
  static SearchPath FromSetting(std::string_view setting, std::string user);
  // A string that identifies what the path resolves to for a given catalog: caches of
  // lookups by unqualified name are keyed by it.
  std::string Key() const;
  // `schema` as written in a qualified name, with the alias pg_temp replaced by the session's
  // temporary schema.
  std::string_view Schema(std::string_view schema) const {
    return schema == "pg_temp" && !temp_schema.empty() ? std::string_view(temp_schema) : schema;
  }
};

// Whether a schema name is that of a session's temporary schema (pg_temp_N). Users cannot
// create schemas named pg_... (42939), so the name says it.
inline bool IsTempSchemaName(std::string_view name) { return name.starts_with("pg_temp_"); }

struct NamespaceName {
  Oid oid = 0;
  std::string name;
};

// A search path resolved against one snapshot: namespaces in search order, the first
// `implicit_count` of them added implicitly (pg_catalog when the path does not name it).
struct ResolvedSearchPath {
  std::vector<NamespaceName> namespaces;
  size_t implicit_count = 0;

  // Where CREATE puts an unqualified name: the first explicit namespace, or nullopt.
  std::optional<NamespaceName> CreationNamespace() const;
};

// Resolves `path` given every namespace that exists (name and oid).
ResolvedSearchPath ResolveSearchPath(const SearchPath& path, const std::vector<NamespaceName>& existing);

}  // namespace granary::catalog
