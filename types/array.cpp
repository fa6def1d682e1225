// Arrays: construction, text and binary forms, comparison, hashing and element casts.
// The text parser and printer follow PostgreSQL 15's array_in/array_out (arrayfuncs.c),
// including their error messages.
#include "types/array.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/value_internal.hpp"

namespace granary::types {
namespace {

// PostgreSQL's MaxArraySize: the most elements one array may hold.
constexpr size_t kMaxArraySize = 134217727;

bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool IsVectorType(TypeId id) { return id == TypeId::kInt2Vector || id == TypeId::kOidVector; }

Error Malformed(std::string_view text, const std::string& detail) {
  return Error(sqlstate::kInvalidTextRepresentation,
               "malformed array literal: \"" + std::string(text) + "\"")
      .WithDetail(detail);
}

bool EqualsNullIgnoringCase(std::string_view text) {
  if (text.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != "null"[i]) return false;
  }
  return true;
}

// array_out's quoting rule for one element's text.
void AppendElementText(const std::string& text, std::string& out) {
  bool quote = text.empty() || EqualsNullIgnoringCase(text);
  for (char c : text) {
    if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || IsArraySpace(c)) {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out += text;
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

// One level of braces as parsed: either nested levels or elements, never both.
struct ParsedLevel {
  std::vector<ParsedLevel> children;
  std::vector<std::optional<std::string>> elements;  // nullopt = NULL
  bool has_children = false;
};

// The structural part of array_in: braces, commas, quoting and escapes.
class ArrayTextParser {
 public:
  explicit ArrayTextParser(std::string_view text) : text_(text) {}

  // Parses the dimension decoration `[l:u][l:u]=` if present. Returns the dimensions given.
  std::vector<ArrayDimension> ParseDecoration() {
    std::vector<ArrayDimension> dimensions;
    SkipSpace();
    while (pos_ < text_.size() && text_[pos_] == '[') {
      ++pos_;
      if (dimensions.size() == kMaxArrayDimensions) {
        throw Error(sqlstate::kProgramLimitExceeded,
                    "number of array dimensions (" + std::to_string(dimensions.size() + 1) +
                        ") exceeds the maximum allowed (" + std::to_string(kMaxArrayDimensions) + ")");
      }
      SkipSpace();
      std::optional<int64_t> first = ParseBound();
      if (!first) throw Malformed(text_, "\"[\" must introduce explicitly-specified array dimensions.");
      int64_t lower = 1;
      int64_t upper = *first;
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ':') {
        ++pos_;
        SkipSpace();
        std::optional<int64_t> second = ParseBound();
        if (!second) throw Malformed(text_, "Missing array dimension value.");
        lower = *first;
        upper = *second;
        SkipSpace();
      }
      if (pos_ >= text_.size() || text_[pos_] != ']') {
        throw Malformed(text_, "Missing \"]\" after array dimensions.");
      }
      ++pos_;
      if (upper < lower) {
        throw Error(sqlstate::kArraySubscriptError,
                    "upper bound cannot be less than lower bound");
      }
      dimensions.push_back(ArrayDimension{static_cast<int32_t>(upper - lower + 1),
                                          static_cast<int32_t>(lower)});
      SkipSpace();
    }
    if (!dimensions.empty()) {
      if (pos_ >= text_.size() || text_[pos_] != '=') {
        throw Malformed(text_, "Missing \"=\" after array dimensions.");
      }
      ++pos_;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '{') {
        throw Malformed(text_, "Array contents must start with \"{\".");
      }
    } else if (pos_ >= text_.size() || text_[pos_] != '{') {
      throw Malformed(text_, "Array value must start with \"{\" or dimension information.");
    }
    return dimensions;
  }

  ParsedLevel ParseBody(int depth) {
    ParsedLevel level;
    ++pos_;  // the opening brace
    if (depth > kMaxArrayDimensions) {
      throw Error(sqlstate::kProgramLimitExceeded,
                  "number of array dimensions (" + std::to_string(depth) +
                      ") exceeds the maximum allowed (" + std::to_string(kMaxArrayDimensions) + ")");
    }
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      if (depth > 1) throw Malformed(text_, "Unexpected \"}\" character.");
      ++pos_;
      return level;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size()) throw Malformed(text_, "Unexpected end of input.");
      const char c = text_[pos_];
      if (c == '{') {
        if (!level.elements.empty()) throw Malformed(text_, "Unexpected \"{\" character.");
        level.has_children = true;
        level.children.push_back(ParseBody(depth + 1));
      } else {
        if (level.has_children) throw Malformed(text_, "Unexpected array element.");
        if (c == ',' || c == '}') {
          throw Malformed(text_, std::string("Unexpected \"") + c + "\" character.");
        }
        level.elements.push_back(ParseElement());
      }
      SkipSpace();
      if (pos_ >= text_.size()) throw Malformed(text_, "Unexpected end of input.");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        return level;
      }
      throw Malformed(text_, "Unexpected array element.");
    }
  }

  void ExpectEnd() {
    SkipSpace();
    if (pos_ != text_.size()) throw Malformed(text_, "Junk after closing right brace.");
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && IsArraySpace(text_[pos_])) ++pos_;
  }

  std::optional<int64_t> ParseBound() {
    const size_t start = pos_;
    if (pos_ < text_.size() && (text_[pos_] == '-' || text_[pos_] == '+')) ++pos_;
    const size_t digits = pos_;
    int64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      value = value * 10 + (text_[pos_] - '0');
      if (value > std::numeric_limits<int32_t>::max()) {
        throw Error(sqlstate::kNumericValueOutOfRange, "array bound is out of integer range");
      }
      ++pos_;
    }
    if (pos_ == digits) {
      pos_ = start;
      return std::nullopt;
    }
    return text_[start] == '-' ? -value : value;
  }

  // One element up to its delimiter: a double-quoted element ends at its closing quote,
  // backslash escapes, unquoted white space at the end is dropped, and an unquoted NULL is
  // the null value. A quote in the middle of an element is an error, as in PostgreSQL.
  std::optional<std::string> ParseElement() {
    std::string out;
    bool escaped = false;
    bool in_quotes = false;
    size_t keep = 0;  // length of `out` without trailing unquoted white space
    while (true) {
      if (pos_ >= text_.size()) throw Malformed(text_, "Unexpected end of input.");
      const char c = text_[pos_];
      if (c == '\\') {
        if (pos_ + 1 >= text_.size()) throw Malformed(text_, "Unexpected end of input.");
        out.push_back(text_[pos_ + 1]);
        keep = out.size();
        escaped = true;
        pos_ += 2;
        continue;
      }
      if (c == '"') {
        ++pos_;
        if (in_quotes) return out;
        if (!out.empty() || escaped) throw Malformed(text_, "Unexpected array element.");
        in_quotes = true;
        continue;
      }
      if (in_quotes) {
        out.push_back(c);
        ++pos_;
        continue;
      }
      if (c == ',' || c == '}') break;
      if (c == '{') throw Malformed(text_, "Unexpected \"{\" character.");
      out.push_back(c);
      if (!IsArraySpace(c)) keep = out.size();
      ++pos_;
    }
    out.resize(keep);
    if (!escaped && EqualsNullIgnoringCase(out)) return std::nullopt;
    return out;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// The dimensions of a parsed body (the first visit of each depth sets its length); 22P02
// when sub-arrays disagree.
void MeasureLevel(const ParsedLevel& level, size_t depth, std::vector<ArrayDimension>& dims,
                  std::string_view text) {
  const size_t count = level.has_children ? level.children.size() : level.elements.size();
  if (depth == dims.size()) {
    dims.push_back(ArrayDimension{static_cast<int32_t>(count), 1});
  } else if (dims[depth].length != static_cast<int32_t>(count)) {
    throw Malformed(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
  }
  for (const ParsedLevel& child : level.children) MeasureLevel(child, depth + 1, dims, text);
}

// Every innermost level must sit at the deepest dimension.
void CheckLeafDepth(const ParsedLevel& level, size_t depth, size_t ndims, std::string_view text) {
  if (!level.has_children) {
    if (depth + 1 != ndims) {
      throw Malformed(text, "Multidimensional arrays must have sub-arrays with matching dimensions.");
    }
    return;
  }
  for (const ParsedLevel& child : level.children) CheckLeafDepth(child, depth + 1, ndims, text);
}

void CollectElements(const ParsedLevel& level, std::vector<std::optional<std::string>>& out) {
  for (const ParsedLevel& child : level.children) CollectElements(child, out);
  for (const auto& element : level.elements) out.push_back(element);
}

// int2vector/oidvector input: integers separated by white space.
Value VectorFromText(std::string_view text, TypeId type) {
  const TypeId element = *ElementTypeOf(type);
  Array array;
  array.element_type = element;
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && IsArraySpace(text[pos])) ++pos;
    if (pos >= text.size()) break;
    size_t end = pos;
    while (end < text.size() && !IsArraySpace(text[end])) ++end;
    array.elements.push_back(FromText(text.substr(pos, end - pos), Type{element, -1}));
    pos = end;
  }
  if (!array.elements.empty()) {
    array.dimensions.push_back(ArrayDimension{static_cast<int32_t>(array.elements.size()), 0});
  }
  return MakeArray(type, std::move(array));
}

template <typename T>
void AppendInt(std::string& out, T value) {
  for (int shift = static_cast<int>(sizeof(T)) * 8 - 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((static_cast<uint64_t>(value) >> shift) & 0xFF));
  }
}

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view bytes) : bytes_(bytes) {}
  int32_t Int32() {
    if (bytes_.size() - pos_ < 4) {
      throw Error(sqlstate::kProtocolViolation, "insufficient data left in message");
    }
    uint32_t bits = 0;
    for (int i = 0; i < 4; ++i) bits = (bits << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
    pos_ += 4;
    return static_cast<int32_t>(bits);
  }
  std::string_view Take(size_t count) {
    if (bytes_.size() - pos_ < count) {
      throw Error(sqlstate::kProtocolViolation, "insufficient data left in message");
    }
    const std::string_view taken = bytes_.substr(pos_, count);
    pos_ += count;
    return taken;
  }
  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

}  // namespace

bool Array::HasNulls() const {
  for (const Value& element : elements) {
    if (element.is_null()) return true;
  }
  return false;
}

void CheckArraySize(size_t count) {
  if (count > kMaxArraySize) {
    throw Error(sqlstate::kProgramLimitExceeded,
                "array size exceeds the maximum allowed (" + std::to_string(kMaxArraySize) + ")");
  }
}

Value MakeArray(TypeId array_type, Array array) {
  size_t count = array.dimensions.empty() ? 0 : 1;
  for (const ArrayDimension& dimension : array.dimensions) {
    count *= static_cast<size_t>(dimension.length);
  }
  if (count == 0) array.dimensions.clear();
  CheckArraySize(count);
  if (count != array.elements.size()) {
    throw Error(sqlstate::kInternalError, "array dimensions do not match its element count");
  }
  if (array.element_type == TypeId::kUnknown) array.element_type = *ElementTypeOf(array_type);
  return Value::OfArray(array_type, std::make_shared<const Array>(std::move(array)));
}

Value MakeArray(TypeId array_type, std::vector<Value> elements) {
  Array array;
  array.element_type = *ElementTypeOf(array_type);
  if (!elements.empty()) {
    array.dimensions.push_back(ArrayDimension{static_cast<int32_t>(elements.size()), 1});
  }
  array.elements = std::move(elements);
  return MakeArray(array_type, std::move(array));
}

std::string ArrayToText(const Value& value) {
  const Array& array = value.AsArray();
  std::string out;
  if (IsVectorType(value.type())) {
    for (size_t i = 0; i < array.elements.size(); ++i) {
      if (i > 0) out.push_back(' ');
      out += ToText(array.elements[i]);
    }
    return out;
  }
  if (array.dimensions.empty()) return "{}";
  bool decorate = false;
  for (const ArrayDimension& dimension : array.dimensions) decorate |= dimension.lower_bound != 1;
  if (decorate) {
    for (const ArrayDimension& dimension : array.dimensions) {
      out += "[" + std::to_string(dimension.lower_bound) + ":" +
             std::to_string(static_cast<int64_t>(dimension.lower_bound) + dimension.length - 1) + "]";
    }
    out.push_back('=');
  }
  // Walk the elements in row-major order, opening and closing braces as the indexes roll.
  const size_t ndim = array.dimensions.size();
  std::vector<int32_t> index(ndim, 0);
  for (size_t d = 0; d < ndim; ++d) out.push_back('{');
  for (size_t i = 0; i < array.elements.size(); ++i) {
    const Value& element = array.elements[i];
    if (element.is_null()) {
      out += "NULL";
    } else {
      AppendElementText(ToText(element), out);
    }
    // Advance the index from the last dimension, closing and reopening braces.
    size_t d = ndim;
    while (d > 0) {
      --d;
      if (++index[d] < array.dimensions[d].length) break;
      index[d] = 0;
      out.push_back('}');
      if (d == 0) return out;
    }
    out.push_back(',');
    for (size_t reopen = d + 1; reopen < ndim; ++reopen) out.push_back('{');
  }
  return out;
}

Value ArrayFromText(std::string_view text, const Type& type) {
  if (IsVectorType(type.id)) return VectorFromText(text, type.id);
  const TypeId element_type = *ElementTypeOf(type.id);
  ArrayTextParser parser(text);
  const std::vector<ArrayDimension> given = parser.ParseDecoration();
  const ParsedLevel body = parser.ParseBody(1);
  parser.ExpectEnd();

  std::vector<ArrayDimension> dimensions;
  MeasureLevel(body, 0, dimensions, text);
  CheckLeafDepth(body, 0, dimensions.size(), text);
  std::vector<std::optional<std::string>> texts;
  CollectElements(body, texts);
  if (texts.empty()) dimensions.clear();
  if (!given.empty()) {
    bool match = given.size() == dimensions.size();
    for (size_t d = 0; match && d < given.size(); ++d) match = given[d].length == dimensions[d].length;
    if (!match) throw Malformed(text, "Specified array dimensions do not match array contents.");
    dimensions = given;
  }
  Array array;
  array.element_type = element_type;
  array.dimensions = std::move(dimensions);
  array.elements.reserve(texts.size());
  const Type element{element_type, type.typmod};
  for (const auto& element_text : texts) {
    array.elements.push_back(element_text ? FromText(*element_text, element)
                                          : Value::Null(element_type));
  }
  return MakeArray(type.id, std::move(array));
}

void AppendArrayBinary(const Value& value, std::string& out) {
  const Array& array = value.AsArray();
  AppendInt<int32_t>(out, static_cast<int32_t>(array.dimensions.size()));
  AppendInt<int32_t>(out, array.HasNulls() ? 1 : 0);
  AppendInt<uint32_t>(out, InfoOf(array.element_type).oid);
  for (const ArrayDimension& dimension : array.dimensions) {
    AppendInt<int32_t>(out, dimension.length);
    AppendInt<int32_t>(out, dimension.lower_bound);
  }
  std::string element_bytes;
  for (const Value& element : array.elements) {
    if (element.is_null()) {
      AppendInt<int32_t>(out, -1);
      continue;
    }
    element_bytes.clear();
    AppendBinary(element, element_bytes);
    AppendInt<int32_t>(out, static_cast<int32_t>(element_bytes.size()));
    out += element_bytes;
  }
}

Value ArrayFromBinary(std::string_view bytes, const Type& type) {
  const TypeId element_type = *ElementTypeOf(type.id);
  BinaryReader reader(bytes);
  const int32_t ndim = reader.Int32();
  const int32_t flags = reader.Int32();
  const auto element_oid = static_cast<uint32_t>(reader.Int32());
  if (ndim < 0) {
    throw Error(sqlstate::kInvalidBinaryRepresentation,
                "invalid number of dimensions: " + std::to_string(ndim));
  }
  if (ndim > kMaxArrayDimensions) {
    throw Error(sqlstate::kProgramLimitExceeded,
                "number of array dimensions (" + std::to_string(ndim) +
                    ") exceeds the maximum allowed (" + std::to_string(kMaxArrayDimensions) + ")");
  }
  if (flags != 0 && flags != 1) {
    throw Error(sqlstate::kInvalidBinaryRepresentation, "invalid array flags");
  }
  if (element_oid != InfoOf(element_type).oid) {
    throw Error(sqlstate::kDatatypeMismatch, "binary data has array element type " +
                                                 std::to_string(element_oid) + " (" +
                                                 (TypeIdFromOid(element_oid)
                                                      ? std::string(InfoOf(*TypeIdFromOid(element_oid)).sql_name)
                                                      : std::string("unknown")) +
                                                 ") instead of expected " +
                                                 std::to_string(InfoOf(element_type).oid) + " (" +
                                                 std::string(InfoOf(element_type).sql_name) + ")");
  }
  Array array;
  array.element_type = element_type;
  size_t count = ndim == 0 ? 0 : 1;
  for (int32_t d = 0; d < ndim; ++d) {
    ArrayDimension dimension;
    dimension.length = reader.Int32();
    dimension.lower_bound = reader.Int32();
    if (dimension.length < 0 ||
        static_cast<int64_t>(dimension.lower_bound) + dimension.length - 1 >
            std::numeric_limits<int32_t>::max()) {
      throw Error(sqlstate::kProgramLimitExceeded, "array size exceeds the maximum allowed (" +
                                                       std::to_string(kMaxArraySize) + ")");
    }
    count *= static_cast<size_t>(dimension.length);
    CheckArraySize(count);
    array.dimensions.push_back(dimension);
  }
  const Type element{element_type, type.typmod};
  array.elements.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const int32_t length = reader.Int32();
    if (length == -1) {
      array.elements.push_back(Value::Null(element_type));
      continue;
    }
    if (length < 0) {
      throw Error(sqlstate::kInvalidBinaryRepresentation,
                  "insufficient data left in message");
    }
    array.elements.push_back(FromBinary(reader.Take(static_cast<size_t>(length)), element));
  }
  if (!reader.AtEnd()) {
    throw Error(sqlstate::kInvalidBinaryRepresentation, "incorrect binary data format");
  }
  return MakeArray(type.id, std::move(array));
}

int CompareArrays(const Array& left, const Array& right) {
  const size_t shared = std::min(left.elements.size(), right.elements.size());
  for (size_t i = 0; i < shared; ++i) {
    const Value& a = left.elements[i];
    const Value& b = right.elements[i];
    if (a.is_null() || b.is_null()) {
      if (a.is_null() && b.is_null()) continue;
      return a.is_null() ? 1 : -1;
    }
    if (const int order = Compare(a, b); order != 0) return order;
  }
  if (left.elements.size() != right.elements.size()) {
    return left.elements.size() < right.elements.size() ? -1 : 1;
  }
  if (left.dimensions.size() != right.dimensions.size()) {
    return left.dimensions.size() < right.dimensions.size() ? -1 : 1;
  }
  for (size_t d = 0; d < left.dimensions.size(); ++d) {
    const ArrayDimension& a = left.dimensions[d];
    const ArrayDimension& b = right.dimensions[d];
    if (a.length != b.length) return a.length < b.length ? -1 : 1;
    if (a.lower_bound != b.lower_bound) return a.lower_bound < b.lower_bound ? -1 : 1;
  }
  return 0;
}

size_t HashArray(const Array& array) {
  // hash_array: result = result * 31 + element hash, NULL hashing as 0.
  uint64_t result = 1;
  for (const Value& element : array.elements) {
    result = result * 31 + (element.is_null() ? 0 : Hash(element));
  }
  return static_cast<size_t>(value_internal::HashInt64(static_cast<int64_t>(result)));
}

Value ArrayElementAt(const Value& array_value, std::span<const int64_t> subscripts,
                     TypeId element_type) {
  const Array& array = array_value.AsArray();
  if (subscripts.size() != array.dimensions.size()) return Value::Null(element_type);
  size_t offset = 0;
  for (size_t d = 0; d < subscripts.size(); ++d) {
    const ArrayDimension& dimension = array.dimensions[d];
    const int64_t position = subscripts[d] - dimension.lower_bound;
    if (position < 0 || position >= dimension.length) return Value::Null(element_type);
    offset = offset * static_cast<size_t>(dimension.length) + static_cast<size_t>(position);
  }
  return array.elements[offset];
}

Value ArraySlice(const Value& array_value, std::span<const std::optional<int64_t>> lowers,
                 std::span<const std::optional<int64_t>> uppers) {
  const Array& array = array_value.AsArray();
  Array result;
  result.element_type = array.element_type;
  const size_t ndim = array.dimensions.size();
  if (ndim == 0 || lowers.size() > ndim) return MakeArray(array_value.type(), std::move(result));
  std::vector<int64_t> from(ndim);
  std::vector<int64_t> to(ndim);
  for (size_t d = 0; d < ndim; ++d) {
    const ArrayDimension& dimension = array.dimensions[d];
    const int64_t first = dimension.lower_bound;
    const int64_t last = first + dimension.length - 1;
    from[d] = d < lowers.size() && lowers[d] ? std::max(*lowers[d], first) : first;
    to[d] = d < uppers.size() && uppers[d] ? std::min(*uppers[d], last) : last;
    if (from[d] > to[d]) return MakeArray(array_value.type(), std::move(result));
  }
  // Row-major walk over the selected box.
  std::vector<int64_t> index = from;
  while (true) {
    size_t offset = 0;
    for (size_t d = 0; d < ndim; ++d) {
      offset = offset * static_cast<size_t>(array.dimensions[d].length) +
               static_cast<size_t>(index[d] - array.dimensions[d].lower_bound);
    }
    result.elements.push_back(array.elements[offset]);
    size_t d = ndim;
    while (d > 0) {
      --d;
      if (++index[d] <= to[d]) break;
      index[d] = from[d];
      if (d == 0) {
        for (size_t k = 0; k < ndim; ++k) {
          result.dimensions.push_back(ArrayDimension{static_cast<int32_t>(to[k] - from[k] + 1), 1});
        }
        return MakeArray(array_value.type(), std::move(result));
      }
    }
  }
}

Value StackArrays(TypeId array_type, std::span<const Value> subarrays) {
  Array result;
  result.element_type = *ElementTypeOf(array_type);
  const std::vector<ArrayDimension>* shape = nullptr;
  bool saw_empty = false;
  size_t stacked = 0;
  const auto mismatch = [] {
    return Error(sqlstate::kArraySubscriptError,
                 "multidimensional arrays must have array expressions with matching dimensions");
  };
  for (const Value& sub : subarrays) {
    if (sub.is_null() || sub.AsArray().dimensions.empty()) {
      saw_empty = true;
      continue;
    }
    const Array& array = sub.AsArray();
    if (!shape) {
      shape = &array.dimensions;
      if (shape->size() + 1 > static_cast<size_t>(kMaxArrayDimensions)) {
        throw Error(sqlstate::kProgramLimitExceeded,
                    "number of array dimensions (" + std::to_string(shape->size() + 1) +
                        ") exceeds the maximum allowed (" + std::to_string(kMaxArrayDimensions) + ")");
      }
    } else if (array.dimensions != *shape) {
      throw mismatch();
    }
    result.elements.insert(result.elements.end(), array.elements.begin(), array.elements.end());
    CheckArraySize(result.elements.size());
    ++stacked;
  }
  if (!shape) return MakeArray(array_type, std::move(result));
  if (saw_empty) throw mismatch();
  result.dimensions.push_back(ArrayDimension{static_cast<int32_t>(stacked), 1});
  result.dimensions.insert(result.dimensions.end(), shape->begin(), shape->end());
  return MakeArray(array_type, std::move(result));
}

Value CastArrayElements(const Value& value, const Type& target, CastContext context) {
  const Array& source = value.AsArray();
  Array array;
  array.element_type = *ElementTypeOf(target.id);
  array.dimensions = source.dimensions;
  if (IsVectorType(target.id) && !array.dimensions.empty()) array.dimensions[0].lower_bound = 0;
  const Type element{array.element_type, target.typmod};
  array.elements.reserve(source.elements.size());
  for (const Value& item : source.elements) array.elements.push_back(Cast(item, element, context));
  return MakeArray(target.id, std::move(array));
}

}  // namespace granary::types
