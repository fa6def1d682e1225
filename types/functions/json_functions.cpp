// json and jsonb functions and operators; see json_functions.hpp. Values are parsed into
// JsonNode trees (types/json.hpp), changed there and printed back: jsonb results through
// MakeJsonb (normalized), json results as text built the way json.c writes it.
#include "types/functions/json_functions.hpp"

#include "types/record.hpp"

#include <cerrno>
#include <cstdlib>
#include <optional>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/datetime.hpp"
#include "types/json.hpp"
#include "types/numeric.hpp"
#include "types/timestamptz.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

using Kind = JsonNode::Kind;

[[noreturn]] void ThrowParameter(const std::string& message) {
  throw Error(sqlstate::kInvalidParameterValue, message);
}

bool IsJsonb(const Value& value) { return value.type() == TypeId::kJsonb; }

JsonNode Parse(const Value& value) { return ParseJson(value.AsString(), true); }

// A node of a json operand as a json value: its bytes in the original text.
Value JsonSlice(const Value& source, const JsonNode& node) {
  return Value::OfString(TypeId::kJson, source.AsString().substr(node.begin, node.end - node.begin));
}

// The result of -> and #>: a jsonb node, or the slice of a json operand.
Value AsResult(const Value& source, const JsonNode& node) {
  if (IsJsonb(source)) return MakeJsonb(node);
  return JsonSlice(source, node);
}

// The result of ->> and #>>: strings unquoted, JSON null as SQL NULL, the rest as text.
Value AsTextResult(const Value& source, const JsonNode& node) {
  if (node.kind == Kind::kNull) return Value::Null(TypeId::kText);
  if (node.kind == Kind::kString) return Value::Text(node.text);
  if (IsJsonb(source)) return Value::Text(JsonbText(node));
  return Value::Text(source.AsString().substr(node.begin, node.end - node.begin));
}

const JsonNode* Element(const JsonNode& node, int64_t index) {
  if (node.kind != Kind::kArray) return nullptr;
  const auto size = static_cast<int64_t>(node.elements.size());
  if (index < 0) index += size;
  if (index < 0 || index >= size) return nullptr;
  return &node.elements[static_cast<size_t>(index)];
}

// An array index in a path: the whole text an integer (strtol), else nullopt.
std::optional<int64_t> PathIndex(const std::string& text) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long index = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || errno != 0 || index > INT32_MAX || index < INT32_MIN) return std::nullopt;
  return index;
}

// #> and #>>: the node at `path`, or null when a step is missing (or a path element is NULL).
// (Unlike -> with an index, a path does not see a top-level scalar as an array.)
const JsonNode* FollowPath(const JsonNode& root, const Array& path) {
  const JsonNode* node = &root;
  for (const Value& step : path.elements) {
    if (step.is_null()) return nullptr;
    if (node->kind == Kind::kObject) {
      node = node->Find(step.AsString());
    } else if (node->kind == Kind::kArray) {
      const std::optional<int64_t> index = PathIndex(step.AsString());
      node = index ? Element(*node, *index) : nullptr;
    } else {
      return nullptr;
    }
    if (node == nullptr) return nullptr;
  }
  return node;
}

bool ScalarEqual(const JsonNode& a, const JsonNode& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Kind::kNull: return true;
    case Kind::kBool: return a.boolean == b.boolean;
    case Kind::kString: return a.text == b.text;
    case Kind::kNumber: return Numeric::Parse(a.text).Compare(Numeric::Parse(b.text)) == 0;
    default: return false;
  }
}

// JsonbDeepContains below the top level.
bool Contains(const JsonNode& value, const JsonNode& contained) {
  if (value.kind != contained.kind) return false;
  if (value.kind == Kind::kObject) {
    for (const auto& [key, wanted] : contained.members) {
      const JsonNode* have = value.Find(key);
      if (have == nullptr) return false;
      if (wanted.IsScalar()) {
        if (!ScalarEqual(*have, wanted)) return false;
      } else if (!Contains(*have, wanted)) {
        return false;
      }
    }
    return true;
  }
  if (value.kind == Kind::kArray) {
    for (const JsonNode& wanted : contained.elements) {
      bool found = false;
      for (const JsonNode& have : value.elements) {
        found = wanted.IsScalar() ? ScalarEqual(have, wanted) : (!have.IsScalar() && Contains(have, wanted));
        if (found) break;
      }
      if (!found) return false;
    }
    return true;
  }
  return ScalarEqual(value, contained);
}

// The top level: a scalar is a one-element raw-scalar array, and a raw scalar contains no
// real array.
bool TopContains(const JsonNode& value, const JsonNode& contained) {
  if ((value.kind == Kind::kObject) != (contained.kind == Kind::kObject)) return false;
  if (value.kind == Kind::kObject) return Contains(value, contained);
  if (value.IsScalar() && !contained.IsScalar()) return false;
  JsonNode left_array;
  left_array.kind = Kind::kArray;
  const JsonNode* left = &value;
  if (value.IsScalar()) {
    left_array.elements.push_back(value);
    left = &left_array;
  }
  JsonNode right_array;
  right_array.kind = Kind::kArray;
  const JsonNode* right = &contained;
  if (contained.IsScalar()) {
    right_array.elements.push_back(contained);
    right = &right_array;
  }
  return Contains(*left, *right);
}

// jsonb ? text: a key of an object, or a string element of an array (or raw scalar).
bool Exists(const JsonNode& node, const std::string& key) {
  if (node.kind == Kind::kObject) return node.Find(key) != nullptr;
  if (node.kind == Kind::kArray) {
    for (const JsonNode& element : node.elements) {
      if (element.kind == Kind::kString && element.text == key) return true;
    }
    return false;
  }
  return node.kind == Kind::kString && node.text == key;
}

JsonNode AsArrayNode(JsonNode node) {
  if (node.kind == Kind::kArray) return node;
  JsonNode array;
  array.kind = Kind::kArray;
  array.elements.push_back(std::move(node));
  return array;
}

void RemoveMember(JsonNode& node, const std::string& key) {
  std::erase_if(node.members, [&](const auto& member) { return member.first == key; });
}

void RemoveStringElements(JsonNode& node, const std::string& text) {
  std::erase_if(node.elements, [&](const JsonNode& element) {
    return element.kind == Kind::kString && element.text == text;
  });
}

// A path element for an array step of jsonb_set, jsonb_insert and #-.
int64_t RequirePathIndex(const Value& step, size_t position) {
  const std::optional<int64_t> index = PathIndex(step.AsString());
  if (!index) {
    throw Error(sqlstate::kInvalidTextRepresentation,
                "path element at position " + std::to_string(position + 1) +
                    " is not an integer: \"" + step.AsString() + "\"");
  }
  return *index;
}

void CheckPathNulls(const Array& path) {
  for (size_t i = 0; i < path.elements.size(); ++i) {
    if (path.elements[i].is_null()) {
      throw Error(sqlstate::kNullValueNotAllowed,
                  "path element at position " + std::to_string(i + 1) + " is null");
    }
  }
}

enum class SetMode { kSet, kInsertBefore, kInsertAfter };

// setPath of jsonfuncs.c: replaces (kSet) or inserts `value` at `path`, creating the last
// step when `create` (jsonb_set) — a missing intermediate step leaves the value unchanged.
void SetPath(JsonNode& node, const Array& path, size_t level, const JsonNode& value, SetMode mode,
             bool create) {
  const bool last = level + 1 == path.elements.size();
  const Value& step = path.elements[level];
  if (node.kind == Kind::kObject) {
    const std::string& key = step.AsString();
    for (auto it = node.members.rbegin(); it != node.members.rend(); ++it) {
      if (it->first != key) continue;
      if (last) {
        if (mode != SetMode::kSet) {
          throw Error(sqlstate::kInvalidParameterValue, "cannot replace existing key")
              .WithHint("Try using the function jsonb_set to replace key value.");
        }
        it->second = value;
      } else {
        SetPath(it->second, path, level + 1, value, mode, create);
      }
      return;
    }
    if (last && (create || mode != SetMode::kSet)) node.members.emplace_back(key, value);
    return;
  }
  if (node.kind == Kind::kArray) {
    int64_t index = RequirePathIndex(step, level);
    const auto size = static_cast<int64_t>(node.elements.size());
    if (index < 0) index = index + size < 0 ? -1 : index + size;  // before the start: prepend
    const bool before_start = index < 0;
    if (before_start) index = 0;
    if (index >= size) {
      if (last && (create || mode != SetMode::kSet)) node.elements.push_back(value);
      return;
    }
    if (before_start) {
      if (last && (create || mode != SetMode::kSet)) node.elements.insert(node.elements.begin(), value);
      return;
    }
    auto position = node.elements.begin() + index;
    if (!last) {
      SetPath(*position, path, level + 1, value, mode, create);
      return;
    }
    switch (mode) {
      case SetMode::kSet: *position = value; return;
      case SetMode::kInsertBefore: node.elements.insert(position, value); return;
      case SetMode::kInsertAfter: node.elements.insert(position + 1, value); return;
    }
  }
}

// jsonb_delete_path below the root.
void DeletePath(JsonNode& node, const Array& path, size_t level) {
  const bool last = level + 1 == path.elements.size();
  const Value& step = path.elements[level];
  if (node.kind == Kind::kObject) {
    const std::string& key = step.AsString();
    for (auto it = node.members.begin(); it != node.members.end(); ++it) {
      if (it->first != key) continue;
      if (last) {
        node.members.erase(it);
      } else {
        DeletePath(it->second, path, level + 1);
      }
      return;
    }
    return;
  }
  if (node.kind == Kind::kArray) {
    int64_t index = RequirePathIndex(step, level);
    const auto size = static_cast<int64_t>(node.elements.size());
    if (index < 0) index += size;
    if (index < 0 || index >= size) return;
    if (last) {
      node.elements.erase(node.elements.begin() + index);
    } else {
      DeletePath(node.elements[static_cast<size_t>(index)], path, level + 1);
    }
  }
}

void StripNulls(JsonNode& node) {
  if (node.kind == Kind::kObject) {
    std::erase_if(node.members, [](const auto& member) { return member.second.kind == Kind::kNull; });
    for (auto& member : node.members) StripNulls(member.second);
  } else if (node.kind == Kind::kArray) {
    for (JsonNode& element : node.elements) StripNulls(element);
  }
}

// json_strip_nulls on json text: json.c keeps the input's tokens but writes objects with
// "," and ":" and no spaces.
void AppendStrippedJson(const std::string& source, const JsonNode& node, std::string& out) {
  if (node.kind == Kind::kObject) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, value] : node.members) {
      if (value.kind == Kind::kNull) continue;
      if (!first) out.push_back(',');
      first = false;
      AppendJsonString(key, out);
      out.push_back(':');
      AppendStrippedJson(source, value, out);
    }
    out.push_back('}');
    return;
  }
  if (node.kind == Kind::kArray) {
    out.push_back('[');
    for (size_t i = 0; i < node.elements.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendStrippedJson(source, node.elements[i], out);
    }
    out.push_back(']');
    return;
  }
  out.append(source, node.begin, node.end - node.begin);
}

// A text value as JSON: numbers only when they are valid JSON numbers.
bool IsJsonNumber(const std::string& text) {
  try {
    const JsonNode node = ParseJson(text, false);
    return node.kind == Kind::kNumber;
  } catch (const Error&) {
    return false;
  }
}

// JsonEncodeDateTime: ISO 8601 with a T and, for timestamptz, the offset as +hh:mm.
std::string DateTimeAsJson(const Value& value) {
  // The ISO forms whatever DateStyle says (JsonEncodeDateTime writes XSD dates).
  std::string text = value.type() == TypeId::kDate        ? FormatDate(static_cast<int32_t>(value.AsInt()))
                     : value.type() == TypeId::kTimestamp ? FormatTimestamp(value.AsInt())
                                                          : FormatTimestampTz(value.AsInt());
  if (text == "infinity" || text == "-infinity") return text;
  if (value.type() == TypeId::kDate) return text;
  const size_t space = text.find(' ');
  if (space != std::string::npos) text[space] = 'T';
  if (value.type() == TypeId::kTimestampTz) {
    const size_t sign = text.find_last_of("+-");
    if (sign != std::string::npos && sign > 10 && text.size() - sign == 3) text += ":00";
  }
  return text;
}

// array_to_json_internal: `line_feeds` (array_to_json's pretty) puts ",\n " between the
// elements of the outermost dimension.
void AppendArrayLevel(const Array& array, size_t dimension, size_t& index, std::string& out,
                      bool line_feeds = false) {
  out.push_back('[');
  const int32_t length = array.dimensions[dimension].length;
  for (int32_t i = 0; i < length; ++i) {
    if (i > 0) out += line_feeds && dimension == 0 ? ",\n " : ",";
    if (dimension + 1 == array.dimensions.size()) {
      const Value& element = array.elements[index++];
      if (element.is_null()) {
        out += "null";
      } else {
        AppendValueAsJson(element, out);
      }
    } else {
      AppendArrayLevel(array, dimension + 1, index, out);
    }
  }
  out.push_back(']');
}

// A json object key from a value (json_build_object's keys).
std::string KeyText(const Value& key, size_t position) {
  if (key.is_null()) {
    throw Error(sqlstate::kInvalidParameterValue,
                "argument " + std::to_string(position + 1) + ": key must not be null");
  }
  const TypeId type = key.type();
  if (IsArray(type) || type == TypeId::kJson || type == TypeId::kJsonb) {
    ThrowParameter("key value must be scalar, not array, composite, or json");
  }
  if (type == TypeId::kBool) return key.AsBool() ? "true" : "false";
  if (type == TypeId::kDate || type == TypeId::kTimestamp || type == TypeId::kTimestampTz) {
    return DateTimeAsJson(key);
  }
  return ToText(key);
}

// composite_to_json: {"name":value,...} with the names of the row type the record was
// made as (f1, f2, ... when it has none); `line_feeds` (row_to_json's pretty) puts ",\n "
// between the fields.
void AppendRecordAsJson(const Record& record, std::string& out, bool line_feeds) {
  const RecordDescriptor* descriptor = RecordTypeOf(Type{TypeId::kRecord, record.descriptor});
  out.push_back('{');
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (i > 0) out += line_feeds ? ",\n " : ",";
    const bool named = descriptor != nullptr && i < descriptor->fields.size();
    AppendJsonString(named ? descriptor->fields[i].name : "f" + std::to_string(i + 1), out);
    out.push_back(':');
    if (record.fields[i].is_null()) {
      out += "null";
    } else {
      AppendValueAsJson(record.fields[i], out);
    }
  }
  out.push_back('}');
}

void AppendJsonOrNull(const Value& value, std::string& out) {
  if (value.is_null()) {
    out += "null";
  } else {
    AppendValueAsJson(value, out);
  }
}

JsonNode NodeOf(const Value& value) {
  if (value.is_null()) return JsonNode{};
  if (value.type() == TypeId::kJsonb) return Parse(value);
  std::string text;
  AppendValueAsJson(value, text);
  return ParseJson(text, true);
}

void CheckEvenArguments(std::span<const Value> args, std::string_view name) {
  if (args.size() % 2 != 0) {
    throw Error(sqlstate::kInvalidParameterValue, "argument list must have even number of elements")
        .WithHint("The arguments of " + std::string(name) +
                  "() must consist of alternating keys and values.");
  }
}

Value TextArray(std::vector<Value> elements) { return MakeArray(TypeId::kTextArray, std::move(elements)); }

const JsonNode& RequireArray(const JsonNode& node) {
  if (node.kind == Kind::kObject) ThrowParameter("cannot extract elements from an object");
  if (node.kind != Kind::kArray) ThrowParameter("cannot extract elements from a scalar");
  return node;
}

const JsonNode& RequireObject(const JsonNode& node, const Value& source, std::string_view function) {
  if (node.kind != Kind::kObject) {
    const std::string prefix = IsJsonb(source) ? "jsonb" : "json";
    if (function == "object_keys") {
      ThrowParameter("cannot call " + prefix + "_object_keys on " +
                     (node.kind == Kind::kArray ? "an array" : "a scalar"));
    }
    ThrowParameter("cannot call " + prefix + "_each on a non-object");
  }
  return node;
}

}  // namespace

void AppendValueAsJson(const Value& value, std::string& out) {
  const TypeId type = value.type();
  switch (type) {
    case TypeId::kBool:
      out += value.AsBool() ? "true" : "false";
      return;
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kNumeric:
    case TypeId::kFloat4:
    case TypeId::kFloat8: {
      const std::string text = ToText(value);
      if (IsJsonNumber(text)) {
        out += text;
      } else {
        AppendJsonString(text, out);
      }
      return;
    }
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      AppendJsonString(DateTimeAsJson(value), out);
      return;
    case TypeId::kJson:
    case TypeId::kJsonb:
      out += value.AsString();
      return;
    case TypeId::kRecord:
      AppendRecordAsJson(value.AsRecord(), out, false);
      return;
    default:
      break;
  }
  if (IsArray(type) && type != TypeId::kInt2Vector && type != TypeId::kOidVector) {
    const Array& array = value.AsArray();
    if (array.dimensions.empty()) {
      out += "[]";
      return;
    }
    size_t index = 0;
    AppendArrayLevel(array, 0, index, out);
    return;
  }
  AppendJsonString(ToText(value), out);
}

Value ValueToJsonb(const Value& value) { return MakeJsonb(NodeOf(value)); }

Value JsonFieldOperator(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  if (root.kind != Kind::kObject) return Value::Null(args[0].type());
  const JsonNode* node = root.Find(args[1].AsString());
  return node ? AsResult(args[0], *node) : Value::Null(args[0].type());
}

Value JsonFieldTextOperator(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  if (root.kind != Kind::kObject) return Value::Null(TypeId::kText);
  const JsonNode* node = root.Find(args[1].AsString());
  return node ? AsTextResult(args[0], *node) : Value::Null(TypeId::kText);
}

// A jsonb scalar at the top level is a one-element "raw scalar" array to element access.
const JsonNode* RootElement(const Value& source, const JsonNode& root, int64_t index) {
  if (IsJsonb(source) && root.IsScalar()) return index == 0 || index == -1 ? &root : nullptr;
  return Element(root, index);
}

Value JsonElementOperator(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  const JsonNode* node = RootElement(args[0], root, args[1].AsInt());
  return node ? AsResult(args[0], *node) : Value::Null(args[0].type());
}

Value JsonElementTextOperator(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  const JsonNode* node = RootElement(args[0], root, args[1].AsInt());
  return node ? AsTextResult(args[0], *node) : Value::Null(TypeId::kText);
}

Value JsonPathOperator(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  const JsonNode* node = FollowPath(root, args[1].AsArray());
  return node ? AsResult(args[0], *node) : Value::Null(args[0].type());
}

Value JsonPathTextOperator(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  const JsonNode* node = FollowPath(root, args[1].AsArray());
  if (node == nullptr) return Value::Null(TypeId::kText);
  // #>> '{}' prints the whole value, a top-level null included.
  if (node == &root && node->kind == Kind::kNull && args[1].AsArray().elements.empty()) {
    return Value::Text("null");
  }
  return AsTextResult(args[0], *node);
}

Value JsonbContains(std::span<const Value> args) {
  return Value::Bool(TopContains(Parse(args[0]), Parse(args[1])));
}

Value JsonbContainedBy(std::span<const Value> args) {
  return Value::Bool(TopContains(Parse(args[1]), Parse(args[0])));
}

Value JsonbExists(std::span<const Value> args) {
  return Value::Bool(Exists(Parse(args[0]), args[1].AsString()));
}

Value JsonbExistsAny(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  for (const Value& key : args[1].AsArray().elements) {
    if (!key.is_null() && Exists(root, key.AsString())) return Value::Bool(true);
  }
  return Value::Bool(false);
}

Value JsonbExistsAll(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  for (const Value& key : args[1].AsArray().elements) {
    if (!key.is_null() && !Exists(root, key.AsString())) return Value::Bool(false);
  }
  return Value::Bool(true);
}

Value JsonbConcatenate(std::span<const Value> args) {
  JsonNode left = Parse(args[0]);
  JsonNode right = Parse(args[1]);
  if (left.kind == Kind::kObject && right.kind == Kind::kObject) {
    for (auto& member : right.members) left.members.push_back(std::move(member));
    return MakeJsonb(std::move(left));
  }
  JsonNode result = AsArrayNode(std::move(left));
  JsonNode tail = AsArrayNode(std::move(right));
  for (JsonNode& element : tail.elements) result.elements.push_back(std::move(element));
  return MakeJsonb(std::move(result));
}

Value JsonbDeleteKey(std::span<const Value> args) {
  JsonNode root = Parse(args[0]);
  if (root.IsScalar()) ThrowParameter("cannot delete from scalar");
  if (root.kind == Kind::kObject) {
    RemoveMember(root, args[1].AsString());
  } else {
    RemoveStringElements(root, args[1].AsString());
  }
  return MakeJsonb(std::move(root));
}

Value JsonbDeleteIndex(std::span<const Value> args) {
  JsonNode root = Parse(args[0]);
  if (root.IsScalar()) ThrowParameter("cannot delete from scalar");
  if (root.kind == Kind::kObject) ThrowParameter("cannot delete from object using integer index");
  int64_t index = args[1].AsInt();
  const auto size = static_cast<int64_t>(root.elements.size());
  if (index < 0) index += size;
  if (index >= 0 && index < size) root.elements.erase(root.elements.begin() + index);
  return MakeJsonb(std::move(root));
}

Value JsonbDeleteKeys(std::span<const Value> args) {
  JsonNode root = Parse(args[0]);
  if (root.IsScalar()) ThrowParameter("cannot delete from scalar");
  for (const Value& key : args[1].AsArray().elements) {
    if (key.is_null()) continue;
    if (root.kind == Kind::kObject) {
      RemoveMember(root, key.AsString());
    } else {
      RemoveStringElements(root, key.AsString());
    }
  }
  return MakeJsonb(std::move(root));
}

Value JsonbDeletePath(std::span<const Value> args) {
  JsonNode root = Parse(args[0]);
  const Array& path = args[1].AsArray();
  if (root.IsScalar()) ThrowParameter("cannot delete path in scalar");
  CheckPathNulls(path);
  if (path.elements.empty()) return args[0];
  DeletePath(root, path, 0);
  return MakeJsonb(std::move(root));
}

Value JsonTypeof(std::span<const Value> args) {
  return Value::Text(std::string(JsonTypeName(Parse(args[0]))));
}

Value JsonArrayLength(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  if (root.kind == Kind::kObject) ThrowParameter("cannot get array length of a non-array");
  if (root.kind != Kind::kArray) ThrowParameter("cannot get array length of a scalar");
  return Value::Int4(static_cast<int64_t>(root.elements.size()));
}

Value JsonbSet(std::span<const Value> args) {
  JsonNode root = Parse(args[0]);
  const Array& path = args[1].AsArray();
  const bool create = args.size() < 4 || args[3].AsBool();
  if (root.IsScalar()) ThrowParameter("cannot set path in scalar");
  CheckPathNulls(path);
  if (path.elements.empty()) return args[0];
  SetPath(root, path, 0, Parse(args[2]), SetMode::kSet, create);
  return MakeJsonb(std::move(root));
}

Value JsonbInsert(std::span<const Value> args) {
  JsonNode root = Parse(args[0]);
  const Array& path = args[1].AsArray();
  const bool after = args.size() >= 4 && args[3].AsBool();
  if (root.IsScalar()) ThrowParameter("cannot set path in scalar");
  CheckPathNulls(path);
  if (path.elements.empty()) return args[0];
  SetPath(root, path, 0, Parse(args[2]), after ? SetMode::kInsertAfter : SetMode::kInsertBefore, true);
  return MakeJsonb(std::move(root));
}

Value JsonStripNulls(std::span<const Value> args) {
  JsonNode root = Parse(args[0]);
  if (IsJsonb(args[0])) {
    StripNulls(root);
    return MakeJsonb(std::move(root));
  }
  std::string out;
  AppendStrippedJson(args[0].AsString(), root, out);
  return Value::OfString(TypeId::kJson, std::move(out));
}

Value JsonbPretty(std::span<const Value> args) { return Value::Text(JsonbPrettyText(Parse(args[0]))); }

Value ToJson(std::span<const Value> args) {
  std::string out;
  AppendValueAsJson(args[0], out);
  return Value::OfString(TypeId::kJson, std::move(out));
}

Value ToJsonb(std::span<const Value> args) { return ValueToJsonb(args[0]); }

Value RowToJson(std::span<const Value> args) {
  std::string out;
  AppendRecordAsJson(args[0].AsRecord(), out, args.size() > 1 && args[1].AsBool());
  return Value::OfString(TypeId::kJson, std::move(out));
}

Value ArrayToJson(std::span<const Value> args) {
  const Array& array = args[0].AsArray();
  if (array.dimensions.empty()) return Value::OfString(TypeId::kJson, "[]");
  std::string out;
  size_t index = 0;
  AppendArrayLevel(array, 0, index, out, args.size() > 1 && args[1].AsBool());
  return Value::OfString(TypeId::kJson, std::move(out));
}

Value JsonBuildObject(std::span<const Value> args) {
  CheckEvenArguments(args, "json_build_object");
  std::string out = "{";
  for (size_t i = 0; i < args.size(); i += 2) {
    if (i > 0) out += ", ";
    AppendJsonString(KeyText(args[i], i), out);
    out += " : ";
    AppendJsonOrNull(args[i + 1], out);
  }
  out += "}";
  return Value::OfString(TypeId::kJson, std::move(out));
}

Value JsonbBuildObject(std::span<const Value> args) {
  CheckEvenArguments(args, "jsonb_build_object");
  JsonNode object;
  object.kind = Kind::kObject;
  for (size_t i = 0; i < args.size(); i += 2) {
    object.members.emplace_back(KeyText(args[i], i), NodeOf(args[i + 1]));
  }
  return MakeJsonb(std::move(object));
}

Value JsonBuildArray(std::span<const Value> args) {
  std::string out = "[";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    AppendJsonOrNull(args[i], out);
  }
  out += "]";
  return Value::OfString(TypeId::kJson, std::move(out));
}

Value JsonbBuildArray(std::span<const Value> args) {
  JsonNode array;
  array.kind = Kind::kArray;
  for (const Value& arg : args) array.elements.push_back(NodeOf(arg));
  return MakeJsonb(std::move(array));
}

Value JsonExtractPath(std::span<const Value> args) {
  const TypeId type = args[0].type();
  if (args[0].is_null()) return Value::Null(type);
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].is_null()) return Value::Null(type);
  }
  std::vector<Value> steps(args.begin() + 1, args.end());
  const Value path = TextArray(std::move(steps));
  const Value operands[] = {args[0], path};
  return JsonPathOperator(operands);
}

Value JsonExtractPathText(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Null(TypeId::kText);
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].is_null()) return Value::Null(TypeId::kText);
  }
  std::vector<Value> steps(args.begin() + 1, args.end());
  const Value path = TextArray(std::move(steps));
  const Value operands[] = {args[0], path};
  return JsonPathTextOperator(operands);
}

Value JsonArrayElementsArray(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  std::vector<Value> elements;
  for (const JsonNode& element : RequireArray(root).elements) elements.push_back(AsResult(args[0], element));
  return MakeArray(IsJsonb(args[0]) ? TypeId::kJsonbArray : TypeId::kJsonArray, std::move(elements));
}

Value JsonArrayElementsTextArray(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  std::vector<Value> elements;
  for (const JsonNode& element : RequireArray(root).elements) {
    elements.push_back(AsTextResult(args[0], element));
  }
  return TextArray(std::move(elements));
}

Value JsonObjectKeysArray(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  std::vector<Value> keys;
  for (const auto& member : RequireObject(root, args[0], "object_keys").members) {
    keys.push_back(Value::Text(member.first));
  }
  return TextArray(std::move(keys));
}

Value JsonEachKeysArray(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  std::vector<Value> keys;
  for (const auto& member : RequireObject(root, args[0], "each").members) keys.push_back(Value::Text(member.first));
  return TextArray(std::move(keys));
}

Value JsonEachValuesArray(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  std::vector<Value> values;
  for (const auto& member : RequireObject(root, args[0], "each").members) {
    values.push_back(AsResult(args[0], member.second));
  }
  return MakeArray(IsJsonb(args[0]) ? TypeId::kJsonbArray : TypeId::kJsonArray, std::move(values));
}

Value JsonEachTextValuesArray(std::span<const Value> args) {
  const JsonNode root = Parse(args[0]);
  std::vector<Value> values;
  for (const auto& member : RequireObject(root, args[0], "each").members) {
    values.push_back(AsTextResult(args[0], member.second));
  }
  return TextArray(std::move(values));
}

}  // namespace granary::types
