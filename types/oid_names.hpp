// regclass and regproc print names and read names, which only the catalog knows. The engine
// installs an OidNames for the statement running on a thread (ScopedOidNames); without one,
// regclass and regproc print as numbers and accept only numbers. regtype needs no catalog:
// the type table is the types module's own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/value.hpp"

namespace granary::types {

class OidNames {
 public:
  virtual ~OidNames() = default;
  // regclassout: the relation's name, schema-qualified when not visible; nullopt if none.
  virtual std::optional<std::string> RelationName(uint32_t oid) const = 0;
  // regclassin: the oid of a possibly qualified, possibly quoted name; nullopt if none.
  virtual std::optional<uint32_t> RelationOid(std::string_view name) const = 0;
  virtual std::optional<std::string> FunctionName(uint32_t oid) const = 0;
  virtual std::optional<uint32_t> FunctionOid(std::string_view name) const = 0;
  // format_type of an enum type (types/enum.hpp): its name, schema-qualified when not
  // visible on the search path; regtypein of a user type's name. nullopt if none.
  virtual std::optional<std::string> UserTypeName(uint32_t oid) const { return std::nullopt; }
  virtual std::optional<uint32_t> UserTypeOid(std::string_view name) const { return std::nullopt; }
};

const OidNames* CurrentOidNames();

class ScopedOidNames {
 public:
  explicit ScopedOidNames(const OidNames* names);
  ~ScopedOidNames();
  ScopedOidNames(const ScopedOidNames&) = delete;
  ScopedOidNames& operator=(const ScopedOidNames&) = delete;

 private:
  const OidNames* previous_;
};

// regclassout/regtypeout/regprocout: "-" for 0, the name, or the number when unknown.
std::string RegOidToText(const Value& value);
// regclassin/regtypein/regprocin: a number, "-" (0) or a name (42P01 relation, 42704 type,
// 42883 function "does not exist").
Value RegOidFromText(std::string_view text, TypeId type);

}  // namespace granary::types
