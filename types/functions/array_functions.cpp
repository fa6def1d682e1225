// Array functions (arrayfuncs.c, array_userfuncs.c), with PostgreSQL's NULL rules and errors.
#include "types/functions/array_functions.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

// NULL-safe equality of elements (IS NOT DISTINCT FROM), as array_position and array_remove
// compare.
bool SameElement(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  return Compare(a, b) == 0;
}

// The array type of an argument that may be a NULL of that type.
TypeId ArrayTypeFor(const Value& array, const Value& element) {
  if (IsArray(array.type())) return array.type();
  return ArrayTypeOf(element.type()).value_or(TypeId::kTextArray);
}

const Array& EmptyArray() {
  static const Array empty;
  return empty;
}

const Array& ArrayOf(const Value& value) { return value.is_null() ? EmptyArray() : value.AsArray(); }

Value Int4OrNull(std::optional<int64_t> value) {
  return value ? Value::Int4(*value) : Value::Null(TypeId::kInt4);
}

std::optional<int64_t> Dimension(std::span<const Value> args, bool upper, bool length) {
  const Array& array = args[0].AsArray();
  const int64_t dim = args[1].AsInt();
  if (dim < 1 || dim > static_cast<int64_t>(array.dimensions.size())) return std::nullopt;
  const ArrayDimension& d = array.dimensions[dim - 1];
  if (length) return d.length;
  return upper ? static_cast<int64_t>(d.lower_bound) + d.length - 1 : d.lower_bound;
}

void RequireOneDimension(const Array& array, const char* message) {
  if (array.dimensions.size() > 1) throw Error(sqlstate::kFeatureNotSupported, message);
}

Array WithElements(const Array& shape, std::vector<Value> elements) {
  Array result;
  result.element_type = shape.element_type;
  result.dimensions = shape.dimensions;
  result.elements = std::move(elements);
  return result;
}

bool ContainsAll(const Array& haystack, const Array& needles) {
  for (const Value& needle : needles.elements) {
    if (needle.is_null()) return false;  // a NULL is never found
    bool found = false;
    for (const Value& candidate : haystack.elements) {
      if (!candidate.is_null() && Compare(candidate, needle) == 0) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

[[noreturn]] void ThrowIncompatible(const std::string& detail) {
  throw Error(sqlstate::kArraySubscriptError, "cannot concatenate incompatible arrays").WithDetail(detail);
}

}  // namespace

Value ArrayLength(std::span<const Value> args) { return Int4OrNull(Dimension(args, false, true)); }
Value ArrayLower(std::span<const Value> args) { return Int4OrNull(Dimension(args, false, false)); }
Value ArrayUpper(std::span<const Value> args) { return Int4OrNull(Dimension(args, true, false)); }

Value ArrayNdims(std::span<const Value> args) {
  const size_t ndims = args[0].AsArray().dimensions.size();
  return ndims == 0 ? Value::Null(TypeId::kInt4) : Value::Int4(static_cast<int64_t>(ndims));
}

Value ArrayDims(std::span<const Value> args) {
  const Array& array = args[0].AsArray();
  if (array.dimensions.empty()) return Value::Null(TypeId::kText);
  std::string out;
  for (const ArrayDimension& d : array.dimensions) {
    out += "[" + std::to_string(d.lower_bound) + ":" +
           std::to_string(static_cast<int64_t>(d.lower_bound) + d.length - 1) + "]";
  }
  return Value::Text(out);
}

Value Cardinality(std::span<const Value> args) {
  return Value::Int4(static_cast<int64_t>(args[0].AsArray().elements.size()));
}

Value ArrayToString(std::span<const Value> args) {
  if (args[0].is_null() || args[1].is_null()) return Value::Null(TypeId::kText);
  const bool replace_nulls = args.size() > 2 && !args[2].is_null();
  std::string out;
  bool first = true;
  for (const Value& element : args[0].AsArray().elements) {
    if (element.is_null() && !replace_nulls) continue;
    if (!first) out += args[1].AsString();
    first = false;
    out += element.is_null() ? args[2].AsString() : ToText(element);
  }
  return Value::Text(std::move(out));
}

Value StringToArray(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Null(TypeId::kTextArray);
  const std::string& text = args[0].AsString();
  const bool has_null_string = args.size() > 2 && !args[2].is_null();
  std::vector<Value> fields;
  auto add = [&](std::string field) {
    if (has_null_string && field == args[2].AsString()) {
      fields.push_back(Value::Null(TypeId::kText));
    } else {
      fields.push_back(Value::Text(std::move(field)));
    }
  };
  if (text.empty()) return MakeArray(TypeId::kTextArray, std::vector<Value>{});
  if (args[1].is_null()) {
    // Each character is a field.
    for (size_t i = 0; i < text.size();) {
      size_t length = 1;
      const auto lead = static_cast<unsigned char>(text[i]);
      if (lead >= 0xF0) length = 4; else if (lead >= 0xE0) length = 3; else if (lead >= 0xC0) length = 2;
      add(text.substr(i, length));
      i += length;
    }
  } else if (args[1].AsString().empty()) {
    add(text);
  } else {
    const std::string& separator = args[1].AsString();
    size_t start = 0;
    while (true) {
      const size_t found = text.find(separator, start);
      if (found == std::string::npos) {
        add(text.substr(start));
        break;
      }
      add(text.substr(start, found - start));
      start = found + separator.size();
    }
  }
  return MakeArray(TypeId::kTextArray, std::move(fields));
}

Value ArrayAppend(std::span<const Value> args) {
  const TypeId type = ArrayTypeFor(args[0], args[1]);
  const Array& array = ArrayOf(args[0]);
  if (array.dimensions.empty()) return MakeArray(type, std::vector<Value>{args[1]});
  if (array.dimensions.size() != 1) {
    throw Error(sqlstate::kDataException, "argument must be empty or one-dimensional array");
  }
  Array result = WithElements(array, array.elements);
  result.elements.push_back(args[1]);
  result.dimensions[0].length += 1;
  return MakeArray(type, std::move(result));
}

Value ArrayPrepend(std::span<const Value> args) {
  const TypeId type = ArrayTypeFor(args[1], args[0]);
  const Array& array = ArrayOf(args[1]);
  if (array.dimensions.empty()) return MakeArray(type, std::vector<Value>{args[0]});
  if (array.dimensions.size() != 1) {
    throw Error(sqlstate::kDataException, "argument must be empty or one-dimensional array");
  }
  std::vector<Value> elements;
  elements.reserve(array.elements.size() + 1);
  elements.push_back(args[0]);
  elements.insert(elements.end(), array.elements.begin(), array.elements.end());
  Array result = WithElements(array, std::move(elements));
  result.dimensions[0].length += 1;
  return MakeArray(type, std::move(result));
}

Value ArrayCat(std::span<const Value> args) {
  if (args[0].is_null() && args[1].is_null()) return Value::Null(args[0].type());
  if (args[0].is_null() || args[0].AsArray().dimensions.empty()) {
    return args[1].is_null() ? args[0] : args[1];
  }
  if (args[1].is_null() || args[1].AsArray().dimensions.empty()) return args[0];
  const Array& left = args[0].AsArray();
  const Array& right = args[1].AsArray();
  const size_t left_dims = left.dimensions.size();
  const size_t right_dims = right.dimensions.size();
  Array result;
  result.element_type = left.element_type;
  if (left_dims == right_dims) {
    for (size_t d = 1; d < left_dims; ++d) {
      if (left.dimensions[d].length != right.dimensions[d].length) {
        ThrowIncompatible("Arrays with differing element dimensions are not compatible for concatenation.");
      }
    }
    result.dimensions = left.dimensions;
    result.dimensions[0].length += right.dimensions[0].length;
  } else if (left_dims + 1 == right_dims || left_dims == right_dims + 1) {
    const Array& outer = left_dims > right_dims ? left : right;
    const Array& inner = left_dims > right_dims ? right : left;
    for (size_t d = 0; d < inner.dimensions.size(); ++d) {
      if (inner.dimensions[d].length != outer.dimensions[d + 1].length) {
        ThrowIncompatible("Arrays with differing dimensions are not compatible for concatenation.");
      }
    }
    result.dimensions = outer.dimensions;
    result.dimensions[0].length += 1;
  } else {
    ThrowIncompatible("Arrays of " + std::to_string(left_dims) + " and " + std::to_string(right_dims) +
                      " dimensions are not compatible for concatenation.");
  }
  result.elements = left.elements;
  result.elements.insert(result.elements.end(), right.elements.begin(), right.elements.end());
  CheckArraySize(result.elements.size());
  return MakeArray(args[0].type(), std::move(result));
}

Value ArrayPosition(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Null(TypeId::kInt4);
  const Array& array = args[0].AsArray();
  RequireOneDimension(array, "searching for elements in multidimensional arrays is not supported");
  if (array.dimensions.empty()) return Value::Null(TypeId::kInt4);
  const int64_t lower = array.dimensions[0].lower_bound;
  int64_t start = lower;
  if (args.size() > 2) {
    if (args[2].is_null()) {
      throw Error(sqlstate::kNullValueNotAllowed, "initial position must not be null");
    }
    start = args[2].AsInt();
  }
  for (size_t i = 0; i < array.elements.size(); ++i) {
    const int64_t position = lower + static_cast<int64_t>(i);
    if (position < start) continue;
    if (SameElement(array.elements[i], args[1])) return Value::Int4(position);
  }
  return Value::Null(TypeId::kInt4);
}

Value ArrayPositions(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Null(TypeId::kInt4Array);
  const Array& array = args[0].AsArray();
  RequireOneDimension(array, "searching for elements in multidimensional arrays is not supported");
  std::vector<Value> positions;
  const int64_t lower = array.dimensions.empty() ? 1 : array.dimensions[0].lower_bound;
  for (size_t i = 0; i < array.elements.size(); ++i) {
    if (SameElement(array.elements[i], args[1])) positions.push_back(Value::Int4(lower + static_cast<int64_t>(i)));
  }
  return MakeArray(TypeId::kInt4Array, std::move(positions));
}

Value ArrayRemove(std::span<const Value> args) {
  if (args[0].is_null()) return args[0];
  const Array& array = args[0].AsArray();
  RequireOneDimension(array, "removing elements from multidimensional arrays is not supported");
  std::vector<Value> kept;
  for (const Value& element : array.elements) {
    if (!SameElement(element, args[1])) kept.push_back(element);
  }
  if (kept.size() == array.elements.size()) return args[0];
  Array result = WithElements(array, std::move(kept));
  if (!result.dimensions.empty()) result.dimensions[0].length = static_cast<int32_t>(result.elements.size());
  return MakeArray(args[0].type(), std::move(result));
}

Value ArrayReplace(std::span<const Value> args) {
  if (args[0].is_null()) return args[0];
  const Array& array = args[0].AsArray();
  std::vector<Value> elements = array.elements;
  for (Value& element : elements) {
    if (SameElement(element, args[1])) element = args[2];
  }
  return MakeArray(args[0].type(), WithElements(array, std::move(elements)));
}

Value ArrayFill(std::span<const Value> args) {
  const TypeId type = ArrayTypeOf(args[0].type()).value_or(TypeId::kTextArray);
  if (args[1].is_null() || (args.size() > 2 && args[2].is_null())) {
    throw Error(sqlstate::kNullValueNotAllowed, "dimension array or low bound array cannot be null");
  }
  const Array& lengths = args[1].AsArray();
  if (lengths.dimensions.size() > 1) {
    throw Error(sqlstate::kArraySubscriptError, "wrong number of array subscripts")
        .WithDetail("Dimension array must be one dimensional.");
  }
  Array result;
  result.element_type = *ElementTypeOf(type);
  size_t count = 1;
  for (size_t d = 0; d < lengths.elements.size(); ++d) {
    if (lengths.elements[d].is_null()) {
      throw Error(sqlstate::kNullValueNotAllowed, "dimension values cannot be null");
    }
    int32_t lower = 1;
    if (args.size() > 2) {
      const Array& lowers = args[2].AsArray();
      if (lowers.elements.size() != lengths.elements.size()) {
        throw Error(sqlstate::kArraySubscriptError, "wrong number of array subscripts")
            .WithDetail("Low bound array has different size than dimensions array.");
      }
      if (lowers.elements[d].is_null()) {
        throw Error(sqlstate::kNullValueNotAllowed, "dimension values cannot be null");
      }
      lower = static_cast<int32_t>(lowers.elements[d].AsInt());
    }
    const int64_t length = lengths.elements[d].AsInt();
    if (length < 0) {
      throw Error(sqlstate::kArraySubscriptError, "array size exceeds the maximum allowed (134217727)");
    }
    count *= static_cast<size_t>(length);
    CheckArraySize(count);
    result.dimensions.push_back(ArrayDimension{static_cast<int32_t>(length), lower});
  }
  if (result.dimensions.empty()) count = 0;
  result.elements.assign(count, args[0]);
  return MakeArray(type, std::move(result));
}

Value TrimArray(std::span<const Value> args) {
  const Array& array = args[0].AsArray();
  const int64_t total = array.dimensions.empty() ? 0 : array.dimensions[0].length;
  const int64_t trim = args[1].AsInt();
  if (trim < 0 || trim > total) {
    throw Error(sqlstate::kArraySubscriptError,
                "number of elements to trim must be between 0 and " + std::to_string(total));
  }
  if (array.dimensions.empty()) return args[0];
  Array result = WithElements(array, {});
  result.dimensions[0].length = static_cast<int32_t>(total - trim);
  const size_t inner = array.elements.size() / static_cast<size_t>(total);
  result.elements.assign(array.elements.begin(),
                         array.elements.begin() + static_cast<std::ptrdiff_t>(inner * (total - trim)));
  return MakeArray(args[0].type(), std::move(result));
}

Value ArraySetElement(std::span<const Value> args) {
  const TypeId type = ArrayTypeFor(args[0], args[1]);
  std::vector<int64_t> subscripts;
  for (size_t i = 2; i < args.size(); ++i) {
    if (args[i].is_null()) {
      throw Error(sqlstate::kNullValueNotAllowed, "array subscript in assignment must not be null");
    }
    subscripts.push_back(args[i].AsInt());
  }
  const Array& array = ArrayOf(args[0]);
  Array result;
  result.element_type = *ElementTypeOf(type);
  if (array.dimensions.empty()) {
    // A new array holding just this element, its lower bounds the subscripts.
    for (int64_t subscript : subscripts) {
      result.dimensions.push_back(ArrayDimension{1, static_cast<int32_t>(subscript)});
    }
    result.elements.push_back(args[1]);
    return MakeArray(type, std::move(result));
  }
  if (subscripts.size() != array.dimensions.size()) {
    throw Error(sqlstate::kArraySubscriptError, "wrong number of array subscripts");
  }
  result.dimensions = array.dimensions;
  result.elements = array.elements;
  if (subscripts.size() == 1) {
    ArrayDimension& dimension = result.dimensions[0];
    const int64_t lower = dimension.lower_bound;
    const int64_t upper = lower + dimension.length - 1;
    const int64_t index = subscripts[0];
    if (index < lower) {
      result.elements.insert(result.elements.begin(), static_cast<size_t>(lower - index),
                             Value::Null(result.element_type));
      dimension.lower_bound = static_cast<int32_t>(index);
    } else if (index > upper) {
      result.elements.resize(result.elements.size() + static_cast<size_t>(index - upper),
                             Value::Null(result.element_type));
    }
    CheckArraySize(result.elements.size());
    dimension.length = static_cast<int32_t>(result.elements.size());
    result.elements[static_cast<size_t>(index - dimension.lower_bound)] = args[1];
    return MakeArray(type, std::move(result));
  }
  size_t offset = 0;
  for (size_t d = 0; d < subscripts.size(); ++d) {
    const ArrayDimension& dimension = result.dimensions[d];
    const int64_t position = subscripts[d] - dimension.lower_bound;
    if (position < 0 || position >= dimension.length) {
      throw Error(sqlstate::kArraySubscriptError, "array subscript out of range");
    }
    offset = offset * static_cast<size_t>(dimension.length) + static_cast<size_t>(position);
  }
  result.elements[offset] = args[1];
  return MakeArray(type, std::move(result));
}

Value ArrayContains(std::span<const Value> args) {
  return Value::Bool(ContainsAll(args[0].AsArray(), args[1].AsArray()));
}

Value ArrayContainedBy(std::span<const Value> args) {
  return Value::Bool(ContainsAll(args[1].AsArray(), args[0].AsArray()));
}

Value ArrayOverlaps(std::span<const Value> args) {
  for (const Value& a : args[0].AsArray().elements) {
    if (a.is_null()) continue;
    for (const Value& b : args[1].AsArray().elements) {
      if (!b.is_null() && Compare(a, b) == 0) return Value::Bool(true);
    }
  }
  return Value::Bool(false);
}

}  // namespace granary::types
