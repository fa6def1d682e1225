// Enum types (CREATE TYPE name AS ENUM): the process-wide registry of their labels.
//
// An enum value is, as in PostgreSQL, the oid of its pg_enum row: Value::OfInt(kEnum, oid).
// A column or expression of an enum type is Type{kEnum, typmod = the type's pg_type oid}
// (and Type{kEnumArray, same typmod} for its array type), so that input, casts and the
// protocol know which enum is meant; clients see typmod -1 (TypeOid() gives the oid).
//
// The catalog registers every pg_type / pg_enum row it reads or writes here, as it does
// collations, so that output, comparison, hashing and index keys, which see only values,
// can map a label oid to its label and sort order. Entries are never removed (a dropped
// type's oids are never reused, so stale entries are unreachable), except that the engine
// undoes the additions and renames of a transaction that aborts (UndoEnumChange).
//
// Thread-safety: all functions may be called concurrently (one shared mutex).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "types/type.hpp"
#include "types/value.hpp"

namespace granary::types {

struct EnumTypeDefinition {
  uint32_t oid = 0;        // pg_type.oid of the enum
  uint32_t array_oid = 0;  // pg_type.oid of its array type (_name)
  uint32_t namespace_oid = 0;
  std::string name;
  std::string schema;  // the namespace's name, for format_type outside the search path
};

struct EnumLabel {
  uint32_t oid = 0;       // pg_enum.oid: the value
  uint32_t type_oid = 0;  // pg_enum.enumtypid
  // pg_enum.enumsortorder. Kept as a double: ADD VALUE BEFORE/AFTER takes the midpoint of
  // the neighbours, and a label's order never changes once given (index keys hold it).
  double sort_order = 0;
  std::string label;
};

void RegisterEnumType(const EnumTypeDefinition& definition);
void RegisterEnumLabel(const EnumLabel& label);
// The enum type whose pg_type oid (or whose array type's oid) is `oid`.
std::optional<EnumTypeDefinition> FindEnumType(uint32_t oid);
std::optional<EnumTypeDefinition> FindEnumTypeByArray(uint32_t array_oid);
std::optional<EnumLabel> FindEnumLabel(uint32_t label_oid);
// The labels of an enum type in sort order.
std::vector<EnumLabel> EnumLabelsOf(uint32_t type_oid);

// A transaction's change to the registry, undone if it aborts: a label added (forgotten)
// or renamed (its old label restored).
struct EnumChange {
  uint32_t label_oid = 0;
  std::optional<std::string> old_label;  // set for a rename
};
void UndoEnumChange(const EnumChange& change);

// The registry holds one data directory's enums: oids are per data directory, so the
// first database a process opens (again) starts it empty. A Database holds an
// EnumRegistryUse while it is open; two data directories open at once share the registry
// (their enums' oids must then not collide).
class EnumRegistryUse {
 public:
  EnumRegistryUse();
  ~EnumRegistryUse();
  EnumRegistryUse(const EnumRegistryUse&) = delete;
  EnumRegistryUse& operator=(const EnumRegistryUse&) = delete;
};

// enum_in: the value of `label` in enum type `type_oid`; 22P02 `invalid input value for
// enum mood: "x"` when it has no such label.
Value EnumFromText(std::string_view label, uint32_t type_oid);
// enum_out: the label of a value.
std::string EnumToText(int64_t label_oid);
// enum_cmp: declaration (sort) order.
int CompareEnum(int64_t left_oid, int64_t right_oid);
double EnumSortOrder(int64_t label_oid);

}  // namespace granary::types
