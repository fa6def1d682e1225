// FunctionSchema: a user-defined function as the rest of the engine sees it (a pg_proc row
// written by CREATE FUNCTION; catalog/function_catalog.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/table_schema.hpp"

namespace granary::catalog {

// PostgreSQL's pg_language oids of the languages of user functions: sql, and plpgsql (whose
// oid initdb assigns; 13563 in PostgreSQL 15's).
inline constexpr Oid kSqlLanguageOid = 14;
inline constexpr Oid kPlpgsqlLanguageOid = 13563;
// pg_proc's own oid, the classoid of a function's comments.
inline constexpr Oid kProcedureClassOid = 1255;
inline constexpr uint32_t kRecordTypeOid = 2249;

struct FunctionSchema {
  Oid oid = 0;
  std::string name;
  Oid namespace_oid = 0;
  std::string schema_name;  // filled by lookups
  Oid owner = 10;
  Oid language = kSqlLanguageOid;  // prolang: kSqlLanguageOid or kPlpgsqlLanguageOid
  char volatility = 'v';  // 'i' immutable, 's' stable, 'v' volatile
  bool strict = false;
  bool returns_set = false;
  bool leakproof = false;
  char parallel = 'u';  // 's' safe, 'r' restricted, 'u' unsafe
  double cost = 100;
  double rows = 0;  // estimated rows of a set-returning function (1000 by default)
  uint32_t return_type = 0;  // type oid; 2249 (record) for RETURNS TABLE / several OUT columns
  std::vector<uint32_t> arg_types;  // the call's arguments (IN, INOUT, VARIADIC): proargtypes
  // Every parameter when some are not plain IN (OUT, INOUT, TABLE): proallargtypes,
  // proargmodes ('i', 'o', 'b', 'v', 't'); empty otherwise.
  std::vector<uint32_t> all_arg_types;
  std::string arg_modes;
  std::vector<std::string> arg_names;  // proargnames: every parameter's ('' unnamed); empty when none is named
  // The defaults of the last arguments, as SQL text (proargdefaults, one expression each).
  std::vector<std::string> arg_defaults;
  std::string source;      // prosrc: the body as written (AS '...'), or the standard body's statements
  bool sql_body = false;   // the body was RETURN / BEGIN ATOMIC (prosqlbody in PostgreSQL)

  // Whether the result is a row of several columns (RETURNS TABLE or OUT parameters, more
  // than one): prorettype record. A single OUT / TABLE column makes a single-valued result.
  bool IsPlpgsql() const { return language == kPlpgsqlLanguageOid; }
  bool ReturnsRecord() const { return return_type == kRecordTypeOid; }
  // The OUT / INOUT / TABLE parameters (the result's columns): their names and type oids;
  // empty when there are none.
  std::vector<std::pair<std::string, uint32_t>> OutputColumns() const {
    std::vector<std::pair<std::string, uint32_t>> columns;
    for (size_t i = 0; i < arg_modes.size() && i < all_arg_types.size(); ++i) {
      if (arg_modes[i] == 'o' || arg_modes[i] == 'b' || arg_modes[i] == 't') {
        columns.emplace_back(i < arg_names.size() ? arg_names[i] : std::string(), all_arg_types[i]);
      }
    }
    return columns;
  }
  // The names of the call's arguments, in order ('' unnamed).
  std::vector<std::string> InputNames() const {
    std::vector<std::string> names;
    if (arg_modes.empty()) {
      for (size_t i = 0; i < arg_types.size(); ++i) names.push_back(i < arg_names.size() ? arg_names[i] : "");
      return names;
    }
    for (size_t i = 0; i < arg_modes.size(); ++i) {
      if (arg_modes[i] == 'i' || arg_modes[i] == 'b' || arg_modes[i] == 'v') {
        names.push_back(i < arg_names.size() ? arg_names[i] : "");
      }
    }
    return names;
  }
};

// psql's and pg_dump's views of a function, as PostgreSQL's ruleutils prints them:
// pg_get_function_arguments ("a integer, b text DEFAULT 'x'": defaults as written),
// pg_get_function_result ("integer", "SETOF integer", "TABLE(a integer, b text)") and
// pg_get_functiondef (CREATE OR REPLACE FUNCTION ... AS $function$body$function$; a
// RETURN / BEGIN ATOMIC body is printed as its stored statements).
std::string FunctionArgumentsText(const FunctionSchema& function);
std::string FunctionResultText(const FunctionSchema& function);
std::string FunctionDefinitionText(const FunctionSchema& function, const std::string& schema_name);

}  // namespace granary::catalog
