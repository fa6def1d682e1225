// The type table: the one place that states each type's catalog facts (name, SQL name, OID,
// length), the SQL spellings that name it, and format_type()'s rendering of modifiers.
#include "types/type.hpp"

#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "parser/ast_type.hpp"
#include "types/enum.hpp"
#include "types/oid_names.hpp"

namespace granary::types {
namespace {

// Indexed by TypeId; the static_assert below keeps the order honest.
constexpr std::array<TypeInfo, 65> kTypeTable = {{
    {TypeId::kUnknown, "unknown", "unknown", 705, -2},
    {TypeId::kBool, "bool", "boolean", 16, 1},
    {TypeId::kInt2, "int2", "smallint", 21, 2},
    {TypeId::kInt4, "int4", "integer", 23, 4},
    {TypeId::kInt8, "int8", "bigint", 20, 8},
    {TypeId::kFloat8, "float8", "double precision", 701, 8},
    {TypeId::kNumeric, "numeric", "numeric", 1700, -1},
    {TypeId::kText, "text", "text", 25, -1},
    {TypeId::kVarchar, "varchar", "character varying", 1043, -1},
    {TypeId::kDate, "date", "date", 1082, 4},
    {TypeId::kTimestamp, "timestamp", "timestamp without time zone", 1114, 8},
    {TypeId::kFloat4, "float4", "real", 700, 4},
    {TypeId::kTid, "tid", "tid", 27, 6},
    {TypeId::kBytea, "bytea", "bytea", 17, -1},
    {TypeId::kTimestampTz, "timestamptz", "timestamp with time zone", 1184, 8},
    {TypeId::kInterval, "interval", "interval", 1186, 16},
    {TypeId::kOid, "oid", "oid", 26, 4},
    {TypeId::kName, "name", "name", 19, 64},
    {TypeId::kChar, "char", "\"char\"", 18, 1},
    {TypeId::kRegclass, "regclass", "regclass", 2205, 4},
    {TypeId::kRegtype, "regtype", "regtype", 2206, 4},
    {TypeId::kRegproc, "regproc", "regproc", 24, 4},
    {TypeId::kAnyElement, "anyelement", "anyelement", 2283, 4},
    {TypeId::kAnyArray, "anyarray", "anyarray", 2277, -1},
    {TypeId::kBoolArray, "_bool", "boolean[]", 1000, -1},
    {TypeId::kInt2Array, "_int2", "smallint[]", 1005, -1},
    {TypeId::kInt4Array, "_int4", "integer[]", 1007, -1},
    {TypeId::kInt8Array, "_int8", "bigint[]", 1016, -1},
    {TypeId::kFloat8Array, "_float8", "double precision[]", 1022, -1},
    {TypeId::kNumericArray, "_numeric", "numeric[]", 1231, -1},
    {TypeId::kTextArray, "_text", "text[]", 1009, -1},
    {TypeId::kVarcharArray, "_varchar", "character varying[]", 1015, -1},
    {TypeId::kDateArray, "_date", "date[]", 1182, -1},
    {TypeId::kTimestampArray, "_timestamp", "timestamp without time zone[]", 1115, -1},
    {TypeId::kFloat4Array, "_float4", "real[]", 1021, -1},
    {TypeId::kTidArray, "_tid", "tid[]", 1010, -1},
    {TypeId::kByteaArray, "_bytea", "bytea[]", 1001, -1},
    {TypeId::kTimestampTzArray, "_timestamptz", "timestamp with time zone[]", 1185, -1},
    {TypeId::kIntervalArray, "_interval", "interval[]", 1187, -1},
    {TypeId::kOidArray, "_oid", "oid[]", 1028, -1},
    {TypeId::kNameArray, "_name", "name[]", 1003, -1},
    {TypeId::kCharArray, "_char", "\"char\"[]", 1002, -1},
    {TypeId::kRegclassArray, "_regclass", "regclass[]", 2210, -1},
    {TypeId::kRegtypeArray, "_regtype", "regtype[]", 2211, -1},
    {TypeId::kRegprocArray, "_regproc", "regproc[]", 1008, -1},
    {TypeId::kInt2Vector, "int2vector", "int2vector", 22, -1},
    {TypeId::kOidVector, "oidvector", "oidvector", 30, -1},
    {TypeId::kUuid, "uuid", "uuid", 2950, 16},
    {TypeId::kJson, "json", "json", 114, -1},
    {TypeId::kJsonb, "jsonb", "jsonb", 3802, -1},
    {TypeId::kUuidArray, "_uuid", "uuid[]", 2951, -1},
    {TypeId::kJsonArray, "_json", "json[]", 199, -1},
    {TypeId::kJsonbArray, "_jsonb", "jsonb[]", 3807, -1},
    {TypeId::kRecord, "record", "record", 2249, -1},
    {TypeId::kBpchar, "bpchar", "character", 1042, -1},
    {TypeId::kBpcharArray, "_bpchar", "character[]", 1014, -1},
    {TypeId::kRecordArray, "_record", "record[]", 2287, -1},
    {TypeId::kVoid, "void", "void", 2278, 4},
    // Enums: each CREATE TYPE ... AS ENUM has its own oid (TypeOid); these are the rows of
    // the pseudo-type anyenum and of the arrays of enums, which are never named in SQL.
    {TypeId::kEnum, "anyenum", "anyenum", 3500, 4},
    {TypeId::kEnumArray, "_anyenum", "anyenum[]", 0, -1},
    {TypeId::kTime, "time", "time without time zone", 1083, 8},
    {TypeId::kTimeTz, "timetz", "time with time zone", 1266, 12},
    {TypeId::kTimeArray, "_time", "time without time zone[]", 1183, -1},
    {TypeId::kTimeTzArray, "_timetz", "time with time zone[]", 1270, -1},
    {TypeId::kXid, "xid", "xid", 28, 4},
}};

// Element type -> array type, in both directions (int2vector and oidvector are arrays of
// int2 and oid too, but int2[] and oid[] are the array types of those elements).
struct ArrayPair {
  TypeId element;
  TypeId array;
};
constexpr ArrayPair kArrayTypes[] = {
    {TypeId::kBool, TypeId::kBoolArray},
    {TypeId::kInt2, TypeId::kInt2Array},
    {TypeId::kInt4, TypeId::kInt4Array},
    {TypeId::kInt8, TypeId::kInt8Array},
    {TypeId::kFloat8, TypeId::kFloat8Array},
    {TypeId::kNumeric, TypeId::kNumericArray},
    {TypeId::kText, TypeId::kTextArray},
    {TypeId::kVarchar, TypeId::kVarcharArray},
    {TypeId::kDate, TypeId::kDateArray},
    {TypeId::kTimestamp, TypeId::kTimestampArray},
    {TypeId::kFloat4, TypeId::kFloat4Array},
    {TypeId::kTid, TypeId::kTidArray},
    {TypeId::kBytea, TypeId::kByteaArray},
    {TypeId::kTimestampTz, TypeId::kTimestampTzArray},
    {TypeId::kInterval, TypeId::kIntervalArray},
    {TypeId::kOid, TypeId::kOidArray},
    {TypeId::kName, TypeId::kNameArray},
    {TypeId::kChar, TypeId::kCharArray},
    {TypeId::kRegclass, TypeId::kRegclassArray},
    {TypeId::kRegtype, TypeId::kRegtypeArray},
    {TypeId::kRegproc, TypeId::kRegprocArray},
    {TypeId::kInt2, TypeId::kInt2Vector},
    {TypeId::kOid, TypeId::kOidVector},
    {TypeId::kUuid, TypeId::kUuidArray},
    {TypeId::kJson, TypeId::kJsonArray},
    {TypeId::kJsonb, TypeId::kJsonbArray},
    {TypeId::kBpchar, TypeId::kBpcharArray},
    {TypeId::kRecord, TypeId::kRecordArray},
    {TypeId::kEnum, TypeId::kEnumArray},
    {TypeId::kTime, TypeId::kTimeArray},
    {TypeId::kTimeTz, TypeId::kTimeTzArray},
};

constexpr bool TableIsIndexedById() {
  for (size_t i = 0; i < kTypeTable.size(); ++i) {
    if (static_cast<size_t>(kTypeTable[i].id) != i) return false;
  }
  return true;
}
static_assert(TableIsIndexedById(), "kTypeTable must be in TypeId order");

// Spellings accepted in SQL beyond each type's own name and SQL name.
struct Alias {
  std::string_view name;
  TypeId id;
};
constexpr Alias kAliases[] = {
    {"int", TypeId::kInt4},
    {"float", TypeId::kFloat8},
    {"decimal", TypeId::kNumeric},
    {"char varying", TypeId::kVarchar},
    // regnamespace and regrole are read as plain oids (they print as numbers).
    {"regnamespace", TypeId::kOid},
    {"regrole", TypeId::kOid},
};

// Lower-cases and collapses runs of white space, so "DOUBLE   PRECISION" is found.
std::string Normalize(std::string_view name) {
  std::string out;
  bool pending_space = false;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// PostgreSQL's typmod layout: VARHDRSZ (4) is added to the payload.
constexpr int32_t kTypmodHeader = 4;

}  // namespace

std::optional<int> Type::VarcharLength() const {
  if (id != TypeId::kVarchar || typmod < kTypmodHeader) return std::nullopt;
  return typmod - kTypmodHeader;
}

std::optional<int> Type::BpcharLength() const {
  if (id != TypeId::kBpchar || typmod < kTypmodHeader) return std::nullopt;
  return typmod - kTypmodHeader;
}

std::optional<std::pair<int, int>> Type::NumericPrecisionScale() const {
  if (id != TypeId::kNumeric || typmod < kTypmodHeader) return std::nullopt;
  const int32_t payload = typmod - kTypmodHeader;
  const int precision = (payload >> 16) & 0xFFFF;
  // The scale is an 11-bit two's-complement field (PostgreSQL 15 allows negative scales).
  const int scale = ((payload & 0x7FF) ^ 1024) - 1024;
  return std::make_pair(precision, scale);
}

std::optional<int> Type::SecondsPrecision() const {
  if ((id == TypeId::kTimestamp || id == TypeId::kTimestampTz || id == TypeId::kTime ||
       id == TypeId::kTimeTz) &&
      typmod >= 0) {
    return typmod;
  }
  if (id == TypeId::kInterval && typmod >= 0 && (typmod & 0xFFFF) != 0xFFFF) return typmod & 0xFFFF;
  return std::nullopt;
}

std::optional<int> Type::IntervalRange() const {
  if (id != TypeId::kInterval || typmod < 0) return std::nullopt;
  const int range = (typmod >> 16) & 0x7FFF;
  if (range == parser::interval_mask::kFullRange) return std::nullopt;
  return range;
}

const TypeInfo& InfoOf(TypeId id) { return kTypeTable[static_cast<size_t>(id)]; }

std::optional<TypeId> LookupTypeName(std::string_view name) {
  const std::string normalized = Normalize(name);
  for (const TypeInfo& info : kTypeTable) {
    // Not types one can name in SQL (an enum is named by its own name: the catalog's).
    if (info.id == TypeId::kUnknown || info.id == TypeId::kEnum || info.id == TypeId::kEnumArray) continue;
    if (normalized == info.name) return info.id;
    // "integer[]" is not a name: the parser reads the brackets.
    if (normalized == info.sql_name && !info.sql_name.ends_with("[]")) return info.id;
  }
  for (const Alias& alias : kAliases) {
    if (normalized == alias.name) return alias.id;
  }
  return std::nullopt;
}

std::optional<TypeId> TypeIdFromOid(uint32_t oid) {
  for (const TypeInfo& info : kTypeTable) {
    if (info.oid == oid && oid != 0) return info.id;
  }
  return std::nullopt;
}

std::string FormatType(const Type& type) {
  if (type.id != TypeId::kInt2Vector && type.id != TypeId::kOidVector) {
    if (const std::optional<TypeId> element = ElementTypeOf(type.id)) {
      return FormatType(Type{*element, type.typmod}) + "[]";
    }
  }
  if (const auto range = type.IntervalRange()) {
    // intervaltypmodout: the fields, then the precision.
    namespace mask = parser::interval_mask;
    static const std::pair<int64_t, const char*> kRanges[] = {
        {mask::kYear, " year"},
        {mask::kMonth, " month"},
        {mask::kDay, " day"},
        {mask::kHour, " hour"},
        {mask::kMinute, " minute"},
        {mask::kSecond, " second"},
        {mask::kYear | mask::kMonth, " year to month"},
        {mask::kDay | mask::kHour, " day to hour"},
        {mask::kDay | mask::kHour | mask::kMinute, " day to minute"},
        {mask::kDay | mask::kHour | mask::kMinute | mask::kSecond, " day to second"},
        {mask::kHour | mask::kMinute, " hour to minute"},
        {mask::kHour | mask::kMinute | mask::kSecond, " hour to second"},
        {mask::kMinute | mask::kSecond, " minute to second"},
    };
    std::string out = "interval";
    for (const auto& [fields, text] : kRanges) {
      if (fields == *range) out += text;
    }
    if (const auto precision = type.SecondsPrecision()) out += "(" + std::to_string(*precision) + ")";
    return out;
  }
  if (const auto precision = type.SecondsPrecision()) {
    const std::string digits = "(" + std::to_string(*precision) + ")";
    if (type.id == TypeId::kTimestamp) return "timestamp" + digits + " without time zone";
    if (type.id == TypeId::kTimestampTz) return "timestamp" + digits + " with time zone";
    if (type.id == TypeId::kTime) return "time" + digits + " without time zone";
    if (type.id == TypeId::kTimeTz) return "time" + digits + " with time zone";
    return "interval" + digits;
  }
  if (type.id == TypeId::kEnum && type.typmod > 0) {
    if (const OidNames* names = CurrentOidNames()) {
      if (std::optional<std::string> name = names->UserTypeName(static_cast<uint32_t>(type.typmod))) return *name;
    }
    if (const std::optional<EnumTypeDefinition> definition = FindEnumType(static_cast<uint32_t>(type.typmod))) {
      return definition->name;
    }
  }
  std::string out(InfoOf(type.id).sql_name);
  if (const auto length = type.VarcharLength()) {
    out += "(" + std::to_string(*length) + ")";
  } else if (const auto bpchar_length = type.BpcharLength()) {
    out += "(" + std::to_string(*bpchar_length) + ")";
  } else if (const auto precision_scale = type.NumericPrecisionScale()) {
    out += "(" + std::to_string(precision_scale->first) + "," +
           std::to_string(precision_scale->second) + ")";
  }
  return out;
}

bool IsInteger(TypeId id) {
  return id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8;
}

bool IsNumericCategory(TypeId id) {
  return IsInteger(id) || id == TypeId::kNumeric || id == TypeId::kFloat8 || id == TypeId::kFloat4;
}

bool IsString(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar ||
         id == TypeId::kUnknown;
}

bool IsToastable(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar ||
         id == TypeId::kBytea || id == TypeId::kJson || id == TypeId::kJsonb || IsArray(id);
}

bool IsOidType(TypeId id) {
  return id == TypeId::kOid || id == TypeId::kRegclass || id == TypeId::kRegtype ||
         id == TypeId::kRegproc;
}

std::optional<TypeId> ArrayTypeOf(TypeId element) {
  for (const ArrayPair& pair : kArrayTypes) {
    if (pair.element == element) return pair.array;
  }
  return std::nullopt;
}

std::optional<TypeId> ElementTypeOf(TypeId array) {
  for (const ArrayPair& pair : kArrayTypes) {
    if (pair.array == array) return pair.element;
  }
  return std::nullopt;
}

bool IsPseudoType(TypeId id) { return id == TypeId::kAnyElement || id == TypeId::kAnyArray; }

uint32_t TypeOid(const Type& type) {
  if (type.id == TypeId::kEnum && type.typmod > 0) return static_cast<uint32_t>(type.typmod);
  if (type.id == TypeId::kEnumArray && type.typmod > 0) {
    if (const auto definition = FindEnumType(static_cast<uint32_t>(type.typmod))) return definition->array_oid;
  }
  return InfoOf(type.id).oid;
}

std::optional<Type> TypeFromOid(uint32_t oid) {
  if (const std::optional<TypeId> id = TypeIdFromOid(oid)) return Type{*id, -1};
  if (FindEnumType(oid)) return Type{TypeId::kEnum, static_cast<int32_t>(oid)};
  if (const auto definition = FindEnumTypeByArray(oid)) {
    return Type{TypeId::kEnumArray, static_cast<int32_t>(definition->oid)};
  }
  return std::nullopt;
}

int32_t ClientTypmod(const Type& type) {
  switch (type.id) {
    case TypeId::kRecord:
    case TypeId::kRecordArray:
    case TypeId::kEnum:
    case TypeId::kEnumArray:
      return -1;
    default:
      return type.typmod;
  }
}

}  // namespace granary::types
