// json and jsonb functions and operators (PostgreSQL 15's utils/adt/json.c, jsonb.c,
// jsonfuncs.c, jsonb_op.c): field and element access (-> ->> #> #>>), containment and
// existence (@> <@ ? ?| ?&), concatenation and deletion (|| - #-), jsonb_set, jsonb_insert,
// to_json/to_jsonb, json(b)_build_object/array, and the arrays behind the set-returning
// functions (json(b)_array_elements(_text), json(b)_object_keys, json(b)_each(_text)).
//
// Operands arrive with their types: json or jsonb on the left (the analyzer picks the
// variant), int4 for element indexes, text or text[] for keys and paths. Errors are
// PostgreSQL's: 22023 for a wrong kind of value (`cannot extract elements from a scalar`,
// `cannot delete from scalar`, `cannot set path in scalar`, ...), 22P02 for a path element
// that is not an integer where an array index is needed, 22004 for a NULL path element.
#pragma once

#include <span>
#include <string>

#include "types/value.hpp"

namespace granary::types {

// The json text of any value as datum_to_json writes it (arrays without spaces, strings
// quoted, timestamps in ISO 8601 with a T, numbers that are not JSON numbers quoted).
void AppendValueAsJson(const Value& value, std::string& out);
// Any value as jsonb (to_jsonb).
Value ValueToJsonb(const Value& value);

// Operators. Strict; the result is NULL where PostgreSQL's is (missing key or index).
Value JsonFieldOperator(std::span<const Value> args);         // json/jsonb -> text
Value JsonFieldTextOperator(std::span<const Value> args);     // json/jsonb ->> text
Value JsonElementOperator(std::span<const Value> args);       // json/jsonb -> int4
Value JsonElementTextOperator(std::span<const Value> args);   // json/jsonb ->> int4
Value JsonPathOperator(std::span<const Value> args);          // json/jsonb #> text[]
Value JsonPathTextOperator(std::span<const Value> args);      // json/jsonb #>> text[]
Value JsonbContains(std::span<const Value> args);             // jsonb @> jsonb
Value JsonbContainedBy(std::span<const Value> args);          // jsonb <@ jsonb
Value JsonbExists(std::span<const Value> args);               // jsonb ? text
Value JsonbExistsAny(std::span<const Value> args);            // jsonb ?| text[]
Value JsonbExistsAll(std::span<const Value> args);            // jsonb ?& text[]
Value JsonbConcatenate(std::span<const Value> args);          // jsonb || jsonb
Value JsonbDeleteKey(std::span<const Value> args);            // jsonb - text
Value JsonbDeleteIndex(std::span<const Value> args);          // jsonb - int4
Value JsonbDeleteKeys(std::span<const Value> args);           // jsonb - text[]
Value JsonbDeletePath(std::span<const Value> args);           // jsonb #- text[]

// Functions (table in builtin_functions.cpp).
Value JsonTypeof(std::span<const Value> args);         // json(b)_typeof -> text
Value JsonArrayLength(std::span<const Value> args);    // json(b)_array_length -> int4
Value JsonbSet(std::span<const Value> args);           // (jsonb, text[], jsonb [, bool])
Value JsonbInsert(std::span<const Value> args);        // (jsonb, text[], jsonb [, bool])
Value JsonStripNulls(std::span<const Value> args);     // json(b)_strip_nulls
Value JsonbPretty(std::span<const Value> args);        // jsonb_pretty -> text
Value ToJson(std::span<const Value> args);             // to_json(anything) -> json
Value ToJsonb(std::span<const Value> args);            // to_jsonb(anything) -> jsonb
Value RowToJson(std::span<const Value> args);          // row_to_json(record [, pretty]) -> json
Value ArrayToJson(std::span<const Value> args);        // array_to_json(anyarray [, pretty]) -> json

// Variadic, not strict (the analyzer binds them; see planner/analyze/json_binder.cpp).
Value JsonBuildObject(std::span<const Value> args);    // json_build_object(k, v, ...)
Value JsonbBuildObject(std::span<const Value> args);   // jsonb_build_object(k, v, ...)
Value JsonBuildArray(std::span<const Value> args);     // json_build_array(...)
Value JsonbBuildArray(std::span<const Value> args);    // jsonb_build_array(...)
Value JsonExtractPath(std::span<const Value> args);    // json(b)_extract_path(j, VARIADIC text)
Value JsonExtractPathText(std::span<const Value> args);  // ..._text

// The members of the set-returning functions as arrays, which the analyzer unnests:
// json(b)_array_elements -> json[]/jsonb[], ..._text -> text[], json(b)_object_keys ->
// text[], json(b)_each keys -> text[] and values -> json[]/jsonb[] (or text[] for _text).
Value JsonArrayElementsArray(std::span<const Value> args);
Value JsonArrayElementsTextArray(std::span<const Value> args);
Value JsonObjectKeysArray(std::span<const Value> args);
Value JsonEachKeysArray(std::span<const Value> args);
Value JsonEachValuesArray(std::span<const Value> args);
Value JsonEachTextValuesArray(std::span<const Value> args);

}  // namespace granary::types
