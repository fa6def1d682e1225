// SQL types: identity, modifiers and the catalog facts PostgreSQL clients see (OIDs, names).
//
// A Type is a TypeId plus a type modifier (typmod) encoded as PostgreSQL encodes it in
// pg_attribute.atttypmod: -1 for none; varchar(n) and character(n) -> n + 4; numeric(p, s) -> ((p << 16) | s) + 4;
// timestamp(p), timestamptz(p), time(p) and timetz(p) -> p; interval(p) -> (0x7FFF << 16) | p (all fields).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace granary::types {

enum class TypeId : uint8_t {
  kUnknown,  // an untyped literal ('abc' or NULL) before coercion
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat8,
  kNumeric,
  kText,
  kVarchar,
  kDate,
  kTimestamp,
  kFloat4,  // real: the payload is a double holding a float's value
  kTid,     // a tuple id (the ctid system column): (block << 16) | slot
  kBytea,   // binary string: the payload is a std::string of raw bytes
  kTimestampTz,  // timestamp with time zone: int64_t microseconds since 2000-01-01 UTC
  kInterval,     // interval: the payload is an Interval (months, days, microseconds)
  // Catalog types (payload int64_t for the oid family, std::string for name and "char").
  kOid,          // unsigned 32-bit object identifier
  kName,         // 63-byte identifier type of the system catalogs
  kChar,         // "char": a single byte (or none)
  kRegclass,     // a relation's oid, printed as its name
  kRegtype,      // a type's oid, printed as format_type's name
  kRegproc,      // a function's oid, printed as its name
  // Polymorphic pseudo-types of function signatures; no value has them.
  kAnyElement,
  kAnyArray,
  // Arrays (types/array.hpp): the payload is a shared, immutable Array; the typmod of an
  // array type is its elements' typmod, as in pg_attribute.
  kBoolArray,
  kInt2Array,
  kInt4Array,
  kInt8Array,
  kFloat8Array,
  kNumericArray,
  kTextArray,
  kVarcharArray,
  kDateArray,
  kTimestampArray,
  kFloat4Array,
  kTidArray,
  kByteaArray,
  kTimestampTzArray,
  kIntervalArray,
  kOidArray,
  kNameArray,
  kCharArray,
  kRegclassArray,
  kRegtypeArray,
  kRegprocArray,
  kInt2Vector,   // int2vector: a one-dimensional int2 array indexed from 0 (pg_index.indkey)
  kOidVector,    // oidvector: the same for oids (pg_proc.proargtypes)
  // Scalar types added after the arrays above (the order is only the table's order).
  kUuid,         // uuid: the payload is a std::string of exactly 16 bytes
  kJson,         // json: the payload is the validated input text, kept as given
  kJsonb,        // jsonb: the payload is the normalized text of the value (types/json.hpp)
  kUuidArray,
  kJsonArray,
  kJsonbArray,
  // An anonymous record (types/record.hpp): the payload is a shared, immutable Record; the
  // typmod numbers the fields' descriptor (RecordTypeOf), -1 when they are not known.
  kRecord,
  // character(n) / bpchar: blank-padded text (types/bpchar.hpp). The payload is the padded
  // std::string; trailing spaces are insignificant in comparisons, hashing and length().
  kBpchar,
  kBpcharArray,
  // record[]: arrays of anonymous records (the path and depth-first sequence columns of a
  // recursive WITH item's CYCLE and SEARCH clauses); the typmod is the records' descriptor.
  kRecordArray,
  // void (oid 2278): the result of a function that returns no value (pg_sleep). Its one
  // value prints as the empty string, is sent as zero bytes and cannot be stored (a
  // pseudo-type); the payload is int64_t 0, PostgreSQL's (Datum) 0.
  kVoid,
  // An enum type (types/enum.hpp): the payload is int64_t, the pg_enum oid of the label; the
  // typmod is the enum's pg_type oid (-1 only for the pseudo-type anyenum, oid 3500).
  kEnum,
  kEnumArray,  // an enum's array type; the typmod is the element enum's oid
  // time [(p)] (types/time.hpp): int64_t microseconds since midnight, 0 .. 24:00:00.
  kTime,
  // time [(p)] with time zone: int64_t, the time and its zone packed so that integer order
  // is timetz_cmp's order (types/time.hpp, PackTimeTz).
  kTimeTz,
  kTimeArray,
  kTimeTzArray,
  // xid (oid 28): a 32-bit transaction id, as the xmin and xmax system columns show a row's
  // (the low 32 bits of the engine's 64-bit ids); int64_t payload. Only = and <> compare it.
  kXid,
};

struct Type {
  TypeId id = TypeId::kUnknown;
  int32_t typmod = -1;
  // For text and varchar: the pg_collation oid of a column or expression of this type
  // (collation.hpp; 0 = the default collation). It rides along wherever the type is copied
  // (a column's type, a subquery's output) but is not part of the type's identity:
  // operator== ignores it, as PostgreSQL's type equality ignores collations.
  uint32_t collation = 0;

  bool operator==(const Type& other) const { return id == other.id && typmod == other.typmod; }

  static Type Varchar(int max_length) { return {TypeId::kVarchar, max_length + 4}; }
  static Type Bpchar(int length) { return {TypeId::kBpchar, length + 4}; }
  static Type NumericOf(int precision, int scale) {
    return {TypeId::kNumeric, ((precision << 16) | scale) + 4};
  }
  // varchar(n): n, or nullopt for unbounded varchar.
  std::optional<int> VarcharLength() const;
  // character(n) / bpchar(n): n, or nullopt for unbounded bpchar.
  std::optional<int> BpcharLength() const;
  // numeric(p, s): {p, s}, or nullopt for unconstrained numeric.
  std::optional<std::pair<int, int>> NumericPrecisionScale() const;
  // The fractional-second digits of timestamp(p), timestamptz(p), time(p), timetz(p) or
  // interval(p); nullopt
  // when not limited.
  std::optional<int> SecondsPrecision() const;
  // interval <fields>: the field mask (parser/ast_type.hpp's interval_mask, PostgreSQL's
  // INTERVAL_RANGE of the typmod); nullopt for interval and interval(p), whose range is all
  // fields.
  std::optional<int> IntervalRange() const;
};

// Facts fixed per TypeId; one table in type.cpp is their single source.
struct TypeInfo {
  TypeId id;
  std::string_view name;      // pg_type.typname: "int4"
  std::string_view sql_name;  // format_type(): "integer"
  uint32_t oid;               // pg_type.oid
  int16_t length;             // pg_type.typlen: -1 for variable length
};

const TypeInfo& InfoOf(TypeId id);
// Resolves a type name as written in SQL ("int", "integer", "int4", "character varying",
// "double precision", ...). nullopt if unknown.
std::optional<TypeId> LookupTypeName(std::string_view name);
std::optional<TypeId> TypeIdFromOid(uint32_t oid);
// format_type(oid, typmod): "character varying(20)", "numeric(10,2)", "integer". Without a
// modifier, the name error messages use (format_type_be): bpchar is "character".
std::string FormatType(const Type& type);

bool IsInteger(TypeId id);
bool IsNumericCategory(TypeId id);  // int2/4/8, numeric, float8
bool IsString(TypeId id);           // text, varchar, bpchar (and unknown literals)
// Types whose values may be stored out of line (TOAST): text, varchar, bytea, json, jsonb
// and arrays.
bool IsToastable(TypeId id);
// The oid family: oid, regclass, regtype, regproc (an int64_t payload in 0..2^32-1).
bool IsOidType(TypeId id);
// Arrays: the array type of an element type (nullopt when there is none) and back.
std::optional<TypeId> ArrayTypeOf(TypeId element);
std::optional<TypeId> ElementTypeOf(TypeId array);
inline bool IsArray(TypeId id) { return ElementTypeOf(id).has_value(); }
bool IsPseudoType(TypeId id);  // anyelement, anyarray

// The pg_type oid of a type as clients see it: InfoOf(id).oid, except for enum types and
// their arrays, whose oid is per type (types/enum.hpp).
uint32_t TypeOid(const Type& type);
// The type of a pg_type oid, built-in or enum (and enum array); nullopt if unknown.
std::optional<Type> TypeFromOid(uint32_t oid);
// The typmod clients see (pg_attribute.atttypmod, RowDescription): -1 for enums and
// records, whose typmod is internal.
int32_t ClientTypmod(const Type& type);

}  // namespace granary::types
