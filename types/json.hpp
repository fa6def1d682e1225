// json and jsonb: parsing (PostgreSQL's json lexer and recursive-descent parser, with its
// error details and context lines), the normalized jsonb form, jsonb ordering and hashing.
//
// json values are stored as the text the user gave (validated). jsonb values are stored as
// their normalized text: keys of each object sorted by length, then bytes (PostgreSQL's
// lengthCompareJsonbString), duplicate keys removed (the last one wins), numbers printed
// by numeric_out, strings re-escaped by escape_json, and PostgreSQL's separators (`", "`,
// `": "`). That text is exactly jsonb_out's output, so output and the binary send form need
// no work; operators parse it back into a JsonNode tree.
//
// Errors: 22P02 `invalid input syntax for type json` with PostgreSQL's DETAIL
// (`Token "x" is invalid.`, `The input string ended unexpectedly.`, ...) and CONTEXT
// (`JSON data, line 1: ...`); 22P05 for \u0000 (and for escapes of non-ASCII characters
// outside UTF-8, never the case here) in jsonb; 22P02 for lone Unicode surrogates.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace granary::types {

class Value;

// One JSON value. Kinds are declared in jsonb's type order (null < string < number <
// boolean < array < object), which CompareJsonb relies on.
struct JsonNode {
  enum class Kind : uint8_t { kNull, kString, kNumber, kBool, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;                                       // a string (decoded) or a number's text
  std::vector<JsonNode> elements;                         // an array's elements
  std::vector<std::pair<std::string, JsonNode>> members;  // an object's keys and values
  size_t begin = 0;  // the value's bytes in the parsed text: [begin, end)
  size_t end = 0;

  bool IsScalar() const { return kind != Kind::kArray && kind != Kind::kObject; }
  // The member `key` (the last one with that name), or null.
  const JsonNode* Find(std::string_view key) const;
};

// Parses `text` as JSON. With `decode` false only validates the escapes (json_in), with it
// string escapes are decoded and \u0000 is refused (jsonb_in). Raises 22P02/22P05.
JsonNode ParseJson(std::string_view text, bool decode = true);
// jsonb's normal form of a parsed value: keys sorted and unique, recursively.
void NormalizeJsonb(JsonNode& node);
// jsonb_out of a normalized node.
std::string JsonbText(const JsonNode& node);
// jsonb_pretty.
std::string JsonbPrettyText(const JsonNode& node);
// The normalized text of `text` given as json (what json::jsonb does).
std::string JsonbFromJsonText(std::string_view text);
// escape_json: `"` + the string with ", \, and control characters escaped + `"`.
void AppendJsonString(std::string_view text, std::string& out);
// A jsonb Value from a node (normalized here).
Value MakeJsonb(JsonNode node);
// Parses a stored jsonb value's text.
JsonNode JsonbNode(const Value& value);
// PostgreSQL's jsonb name of a node's type for messages and jsonb_typeof: "object",
// "array", "string", "number", "boolean", "null".
std::string_view JsonTypeName(const JsonNode& node);

// jsonb's btree order (compareJsonbContainers): at the top level a scalar is a one-element
// "raw scalar" array; containers compare by element/pair count first.
int CompareJsonb(const JsonNode& left, const JsonNode& right);
size_t HashJsonb(const JsonNode& node);
// An order-preserving byte encoding (memcmp of two encodings = CompareJsonb), self-delimiting.
void AppendJsonbKey(const JsonNode& node, std::string& out);

}  // namespace granary::types
