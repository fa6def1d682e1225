// regclass/regtype/regproc input and output (regproc.c), and the per-thread name resolver.
#include "types/oid_names.hpp"

#include <cctype>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/value_internal.hpp"

namespace granary::types {
namespace {

thread_local const OidNames* current_names = nullptr;

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// regtypein over the type table: a type name as SQL spells it, optionally with [] suffixes
// and a pg_catalog. prefix.
std::optional<uint32_t> TypeOidFromName(std::string_view name) {
  int array_depth = 0;
  while (name.size() > 2 && name.substr(name.size() - 2) == "[]") {
    name.remove_suffix(2);
    name = Trim(name);
    ++array_depth;
  }
  if (name.substr(0, 11) == "pg_catalog.") name.remove_prefix(11);
  // A type modifier ("character(7)", "numeric(10,2)") does not change the type.
  if (!name.empty() && name.back() == ')') {
    const size_t open = name.find('(');
    if (open == std::string_view::npos) return std::nullopt;
    name = Trim(name.substr(0, open));
  }
  std::string unquoted(name);
  const bool quoted = unquoted.size() >= 2 && unquoted.front() == '"' && unquoted.back() == '"';
  if (quoted) unquoted = unquoted.substr(1, unquoted.size() - 2);
  // Unquoted, char is SQL's character (bpchar); only "char" is the one-byte type.
  std::string lowered;
  for (char c : unquoted) lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::optional<TypeId> id = !quoted && lowered == "char" ? std::optional<TypeId>(TypeId::kBpchar)
                                                          : LookupTypeName(unquoted);
  if (!id) return std::nullopt;
  if (array_depth > 0) {
    id = IsArray(*id) ? id : ArrayTypeOf(*id);
    if (!id) return std::nullopt;
  }
  return InfoOf(*id).oid;
}

}  // namespace

const OidNames* CurrentOidNames() { return current_names; }

ScopedOidNames::ScopedOidNames(const OidNames* names) : previous_(current_names) {
  current_names = names;
}

ScopedOidNames::~ScopedOidNames() { current_names = previous_; }

std::string RegOidToText(const Value& value) {
  const auto oid = static_cast<uint32_t>(value.AsInt());
  if (oid == 0) return "-";
  std::optional<std::string> name;
  switch (value.type()) {
    case TypeId::kRegtype:
      if (const std::optional<Type> type = TypeFromOid(oid)) name = FormatType(*type);
      break;
    case TypeId::kRegclass:
      if (current_names) name = current_names->RelationName(oid);
      break;
    case TypeId::kRegproc:
      if (current_names) name = current_names->FunctionName(oid);
      break;
    default:
      break;
  }
  return name ? *name : std::to_string(oid);
}

Value RegOidFromText(std::string_view text, TypeId type) {
  const std::string_view trimmed = Trim(text);
  if (trimmed == "-") return Value::OfInt(type, 0);
  if (AllDigits(trimmed)) return Value::OfInt(type, value_internal::ParseOid(trimmed));
  std::optional<uint32_t> oid;
  switch (type) {
    case TypeId::kRegtype:
      oid = TypeOidFromName(trimmed);
      if (!oid && current_names) oid = current_names->UserTypeOid(trimmed);
      if (!oid) {
        throw Error(sqlstate::kUndefinedObject, "type \"" + std::string(trimmed) + "\" does not exist");
      }
      break;
    case TypeId::kRegclass:
      if (current_names) oid = current_names->RelationOid(trimmed);
      if (!oid) {
        throw Error(sqlstate::kUndefinedTable,
                    "relation \"" + std::string(trimmed) + "\" does not exist");
      }
      break;
    default:
      if (current_names) oid = current_names->FunctionOid(trimmed);
      if (!oid) {
        throw Error(sqlstate::kUndefinedFunction,
                    "function \"" + std::string(trimmed) + "\" does not exist");
      }
      break;
  }
  return Value::OfInt(type, *oid);
}

}  // namespace granary::types
