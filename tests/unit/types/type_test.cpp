// The type table: OIDs, SQL spellings, format_type() output and type categories.
#include <catch2/catch.hpp>

#include "types/type.hpp"

using namespace granary::types;

TEST_CASE("type table carries PostgreSQL's OIDs and names", "[types][type]") {
  CHECK(InfoOf(TypeId::kBool).oid == 16);
  CHECK(InfoOf(TypeId::kInt8).oid == 20);
  CHECK(InfoOf(TypeId::kInt2).oid == 21);
  CHECK(InfoOf(TypeId::kInt4).oid == 23);
  CHECK(InfoOf(TypeId::kText).oid == 25);
  CHECK(InfoOf(TypeId::kUnknown).oid == 705);
  CHECK(InfoOf(TypeId::kFloat8).oid == 701);
  CHECK(InfoOf(TypeId::kVarchar).oid == 1043);
  CHECK(InfoOf(TypeId::kDate).oid == 1082);
  CHECK(InfoOf(TypeId::kTimestamp).oid == 1114);
  CHECK(InfoOf(TypeId::kNumeric).oid == 1700);
  CHECK(InfoOf(TypeId::kInt4).name == "int4");
  CHECK(InfoOf(TypeId::kInt4).length == 4);
  CHECK(InfoOf(TypeId::kText).length == -1);
  for (TypeId id : {TypeId::kBool, TypeId::kInt2, TypeId::kInt4, TypeId::kInt8, TypeId::kFloat8,
                    TypeId::kNumeric, TypeId::kText, TypeId::kVarchar, TypeId::kDate,
                    TypeId::kTimestamp, TypeId::kFloat4, TypeId::kUnknown}) {
    CHECK(InfoOf(id).id == id);
    CHECK(TypeIdFromOid(InfoOf(id).oid) == id);
  }
  CHECK(TypeIdFromOid(700) == TypeId::kFloat4);
  CHECK(TypeIdFromOid(1186) == TypeId::kInterval);
  CHECK(TypeIdFromOid(1184) == TypeId::kTimestampTz);
  CHECK(TypeIdFromOid(1083) == TypeId::kTime);
  CHECK(TypeIdFromOid(1270) == TypeId::kTimeTzArray);
  CHECK_FALSE(TypeIdFromOid(1560).has_value());  // bit is not supported yet
}

TEST_CASE("type names resolve as SQL writes them", "[types][type]") {
  CHECK(LookupTypeName("int") == TypeId::kInt4);
  CHECK(LookupTypeName("integer") == TypeId::kInt4);
  CHECK(LookupTypeName("int4") == TypeId::kInt4);
  CHECK(LookupTypeName("smallint") == TypeId::kInt2);
  CHECK(LookupTypeName("int2") == TypeId::kInt2);
  CHECK(LookupTypeName("bigint") == TypeId::kInt8);
  CHECK(LookupTypeName("int8") == TypeId::kInt8);
  CHECK(LookupTypeName("float8") == TypeId::kFloat8);
  CHECK(LookupTypeName("float") == TypeId::kFloat8);
  CHECK(LookupTypeName("double precision") == TypeId::kFloat8);
  CHECK(LookupTypeName("DOUBLE   PRECISION") == TypeId::kFloat8);
  CHECK(LookupTypeName("numeric") == TypeId::kNumeric);
  CHECK(LookupTypeName("decimal") == TypeId::kNumeric);
  CHECK(LookupTypeName("text") == TypeId::kText);
  CHECK(LookupTypeName("varchar") == TypeId::kVarchar);
  CHECK(LookupTypeName("character varying") == TypeId::kVarchar);
  CHECK(LookupTypeName("bool") == TypeId::kBool);
  CHECK(LookupTypeName("boolean") == TypeId::kBool);
  CHECK(LookupTypeName("date") == TypeId::kDate);
  CHECK(LookupTypeName("timestamp") == TypeId::kTimestamp);
  CHECK(LookupTypeName("timestamp without time zone") == TypeId::kTimestamp);
  CHECK(LookupTypeName("real") == TypeId::kFloat4);
  CHECK(LookupTypeName("float4") == TypeId::kFloat4);
  CHECK_FALSE(LookupTypeName("unknown").has_value());
  CHECK_FALSE(LookupTypeName("integerx").has_value());
}

TEST_CASE("format_type renders modifiers", "[types][type]") {
  CHECK(FormatType({TypeId::kInt4, -1}) == "integer");
  CHECK(FormatType({TypeId::kInt2, -1}) == "smallint");
  CHECK(FormatType({TypeId::kInt8, -1}) == "bigint");
  CHECK(FormatType({TypeId::kFloat8, -1}) == "double precision");
  CHECK(FormatType(Type::NumericOf(10, 2)) == "numeric(10,2)");
  CHECK(FormatType(Type::NumericOf(10, 0)) == "numeric(10,0)");
  CHECK(FormatType({TypeId::kNumeric, -1}) == "numeric");
  CHECK(FormatType(Type::Varchar(20)) == "character varying(20)");
  CHECK(FormatType({TypeId::kVarchar, -1}) == "character varying");
  CHECK(FormatType({TypeId::kText, -1}) == "text");
  CHECK(FormatType(Type::Bpchar(5)) == "character(5)");
  CHECK(FormatType({TypeId::kBpchar, -1}) == "character");
  CHECK(FormatType({TypeId::kBpcharArray, 7}) == "character(3)[]");
  CHECK(FormatType({TypeId::kBool, -1}) == "boolean");
  CHECK(FormatType({TypeId::kDate, -1}) == "date");
  CHECK(FormatType({TypeId::kTimestamp, -1}) == "timestamp without time zone");
  CHECK(FormatType({TypeId::kUnknown, -1}) == "unknown");
}

TEST_CASE("typmods decode as PostgreSQL encodes them", "[types][type]") {
  CHECK(Type::Varchar(20).typmod == 24);
  CHECK(Type::Varchar(20).VarcharLength() == 20);
  CHECK_FALSE(Type{TypeId::kVarchar, -1}.VarcharLength().has_value());
  CHECK(Type::Bpchar(1).typmod == 5);
  CHECK(Type::Bpchar(8).BpcharLength() == 8);
  CHECK_FALSE(Type::Bpchar(8).VarcharLength().has_value());
  CHECK_FALSE(Type{TypeId::kBpchar, -1}.BpcharLength().has_value());
  CHECK(LookupTypeName("bpchar") == TypeId::kBpchar);
  CHECK(LookupTypeName("character") == TypeId::kBpchar);
  CHECK(TypeIdFromOid(1042) == TypeId::kBpchar);
  CHECK(TypeIdFromOid(1014) == TypeId::kBpcharArray);
  CHECK(Type::NumericOf(10, 2).typmod == 655366);
  CHECK(Type::NumericOf(10, 2).NumericPrecisionScale() == std::make_pair(10, 2));
  CHECK_FALSE(Type{TypeId::kNumeric, -1}.NumericPrecisionScale().has_value());
  CHECK_FALSE(Type::Varchar(3).NumericPrecisionScale().has_value());
}

TEST_CASE("type categories", "[types][type]") {
  CHECK(IsInteger(TypeId::kInt2));
  CHECK(IsInteger(TypeId::kInt8));
  CHECK_FALSE(IsInteger(TypeId::kNumeric));
  CHECK(IsNumericCategory(TypeId::kNumeric));
  CHECK(IsNumericCategory(TypeId::kFloat8));
  CHECK_FALSE(IsNumericCategory(TypeId::kBool));
  CHECK(IsString(TypeId::kText));
  CHECK(IsString(TypeId::kVarchar));
  CHECK(IsString(TypeId::kUnknown));
  CHECK_FALSE(IsString(TypeId::kDate));
}

TEST_CASE("time and timetz are named and formatted as PostgreSQL names them", "[types][type]") {
  CHECK(LookupTypeName("time") == TypeId::kTime);
  CHECK(LookupTypeName("time without time zone") == TypeId::kTime);
  CHECK(LookupTypeName("TIME WITH TIME ZONE") == TypeId::kTimeTz);
  CHECK(LookupTypeName("timetz") == TypeId::kTimeTz);
  CHECK(FormatType(Type{TypeId::kTime, -1}) == "time without time zone");
  CHECK(FormatType(Type{TypeId::kTimeTz, 3}) == "time(3) with time zone");
  CHECK(FormatType(Type{TypeId::kTimeArray, 0}) == "time(0) without time zone[]");
  CHECK(ArrayTypeOf(TypeId::kTimeTz) == TypeId::kTimeTzArray);
  CHECK(InfoOf(TypeId::kTimeTz).length == 12);
}
