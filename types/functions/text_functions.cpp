// More string functions (see the header).
#include "types/functions/text_functions.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <climits>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/keywords.hpp"
#include "types/value_ops.hpp"
#include "types/varlena_limits.hpp"

namespace granary::types {
namespace {

bool IsContinuationByte(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// The characters of UTF-8 text, each as its bytes.
std::vector<std::string_view> Characters(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t at = 0; at < text.size();) {
    size_t end = at + 1;
    while (end < text.size() && IsContinuationByte(text[end])) ++end;
    out.push_back(text.substr(at, end - at));
    at = end;
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& characters, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < characters.size(); ++i) out.append(characters[i]);
  return out;
}

void AppendCodePoint(std::string& out, UChar32 code_point) {
  uint8_t buffer[U8_MAX_LENGTH];
  int32_t written = 0;
  UBool error = false;
  U8_APPEND(buffer, written, U8_MAX_LENGTH, code_point, error);
  (void)error;
  out.append(reinterpret_cast<const char*>(buffer), written);
}

// The text output of a value of any type (strings as they are).
std::string AnyText(const Value& value) {
  switch (value.type()) {
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kName:
      return value.AsString();
    default:
      return ToText(value);
  }
}

Value Pad(std::span<const Value> args, bool left) {
  const std::vector<std::string_view> text = Characters(args[0].AsString());
  const int64_t length = args[1].AsInt();
  const std::vector<std::string_view> fill = Characters(args.size() > 2 ? args[2].AsString() : " ");
  if (length <= 0) return Value::Text("");
  const size_t want = static_cast<size_t>(length);
  if (static_cast<uint64_t>(length) * 4 > kMaxValueBytes) {
    throw Error(sqlstate::kProgramLimitExceeded, "requested length too large");
  }
  if (text.size() >= want || fill.empty()) return Value::Text(Join(text, 0, want));
  std::string padding;
  for (size_t i = 0; i < want - text.size(); ++i) padding.append(fill[i % fill.size()]);
  const std::string body = Join(text, 0, text.size());
  return Value::Text(left ? padding + body : body + padding);
}

}  // namespace

std::string QuoteIdentifierText(std::string_view name) {
  bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      plain = false;
    }
  }
  if (plain) {
    const parser::Keyword* keyword = parser::LookupKeyword(name);
    if (keyword == nullptr || keyword->category == parser::KeywordCategory::kUnreserved) {
      return std::string(name);
    }
  }
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteLiteralText(std::string_view text) {
  std::string out;
  if (text.find('\\') != std::string_view::npos) out += 'E';
  out += '\'';
  for (char c : text) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

Value SplitPart(std::span<const Value> args) {
  const std::string& text = args[0].AsString();
  const std::string& delimiter = args[1].AsString();
  int64_t field = args[2].AsInt();
  if (field == 0) throw Error(sqlstate::kInvalidParameterValue, "field position must not be zero");
  if (text.empty()) return Value::Text("");
  if (delimiter.empty()) {
    return Value::Text(field == 1 || field == -1 ? text : "");
  }
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t found; (found = text.find(delimiter, start)) != std::string::npos;
       start = found + delimiter.size()) {
    fields.push_back(text.substr(start, found - start));
  }
  fields.push_back(text.substr(start));
  const int64_t count = static_cast<int64_t>(fields.size());
  if (field < 0) field = count + field + 1;
  if (field < 1 || field > count) return Value::Text("");
  return Value::Text(fields[static_cast<size_t>(field - 1)]);
}

Value Chr(std::span<const Value> args) {
  if (args[0].AsInt() < 0) throw Error(sqlstate::kInvalidParameterValue, "character number must be positive");
  const auto code = static_cast<uint32_t>(args[0].AsInt());
  if (code > 0x10FFFF) {
    throw Error(sqlstate::kProgramLimitExceeded,
                "requested character too large for encoding: " + std::to_string(code));
  }
  if (code >= 0xD800 && code <= 0xDFFF) {
    throw Error(sqlstate::kProgramLimitExceeded,
                "requested character not valid for encoding: " + std::to_string(code));
  }
  if (code == 0) throw Error(sqlstate::kProgramLimitExceeded, "null character not permitted");
  std::string out;
  AppendCodePoint(out, static_cast<UChar32>(code));
  return Value::Text(std::move(out));
}

Value Ascii(std::span<const Value> args) {
  const std::string& text = args[0].AsString();
  if (text.empty()) return Value::Int4(0);
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t at = 0;
  UChar32 code_point;
  U8_NEXT(bytes, at, static_cast<int32_t>(text.size()), code_point);
  return Value::Int4(code_point < 0 ? bytes[0] : code_point);
}

Value Left(std::span<const Value> args) {
  const std::vector<std::string_view> text = Characters(args[0].AsString());
  const int64_t n = args[1].AsInt();
  const int64_t size = static_cast<int64_t>(text.size());
  const int64_t take = n >= 0 ? std::min(n, size) : std::max<int64_t>(size + n, 0);
  return Value::Text(Join(text, 0, static_cast<size_t>(take)));
}

Value Right(std::span<const Value> args) {
  const std::vector<std::string_view> text = Characters(args[0].AsString());
  const int64_t n = args[1].AsInt();
  const int64_t size = static_cast<int64_t>(text.size());
  const int64_t take = n >= 0 ? std::min(n, size) : std::max<int64_t>(size + n, 0);
  return Value::Text(Join(text, static_cast<size_t>(size - take), text.size()));
}

Value LeftPad(std::span<const Value> args) { return Pad(args, true); }
Value RightPad(std::span<const Value> args) { return Pad(args, false); }

Value Reverse(std::span<const Value> args) {
  const std::vector<std::string_view> text = Characters(args[0].AsString());
  std::string out;
  for (auto it = text.rbegin(); it != text.rend(); ++it) out.append(*it);
  return Value::Text(std::move(out));
}

Value InitCap(std::span<const Value> args) {
  const std::string& text = args[0].AsString();
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  std::string out;
  bool word = false;
  for (int32_t at = 0; at < length;) {
    const int32_t start = at;
    UChar32 code_point;
    U8_NEXT(bytes, at, length, code_point);
    if (code_point < 0) {
      out.append(text, static_cast<size_t>(start), static_cast<size_t>(at - start));
      word = false;
      continue;
    }
    AppendCodePoint(out, word ? u_tolower(code_point) : u_toupper(code_point));
    word = u_isalnum(code_point);
  }
  return Value::Text(std::move(out));
}

Value Translate(std::span<const Value> args) {
  const std::vector<std::string_view> text = Characters(args[0].AsString());
  const std::vector<std::string_view> from = Characters(args[1].AsString());
  const std::vector<std::string_view> to = Characters(args[2].AsString());
  std::string out;
  for (std::string_view c : text) {
    size_t i = 0;
    while (i < from.size() && from[i] != c) ++i;
    if (i == from.size()) {
      out.append(c);
    } else if (i < to.size()) {
      out.append(to[i]);
    }
  }
  return Value::Text(std::move(out));
}

Value StartsWith(std::span<const Value> args) {
  return Value::Bool(args[0].AsString().starts_with(args[1].AsString()));
}

Value QuoteIdent(std::span<const Value> args) { return Value::Text(QuoteIdentifierText(args[0].AsString())); }
Value QuoteLiteral(std::span<const Value> args) { return Value::Text(QuoteLiteralText(AnyText(args[0]))); }
Value QuoteNullable(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Text("NULL");
  return QuoteLiteral(args);
}

Value Concat(std::span<const Value> args) {
  std::string out;
  for (const Value& arg : args) {
    if (!arg.is_null()) out += AnyText(arg);
  }
  CheckValueSize(out.size());
  return Value::Text(std::move(out));
}

Value ConcatWs(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Null(TypeId::kText);
  const std::string separator = AnyText(args[0]);
  std::string out;
  bool first = true;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].is_null()) continue;
    if (!first) out += separator;
    out += AnyText(args[i]);
    first = false;
  }
  CheckValueSize(out.size());
  return Value::Text(std::move(out));
}

namespace {

[[noreturn]] void Unterminated() {
  throw Error(sqlstate::kInvalidParameterValue, "unterminated format() type specifier")
      .WithHint("For a single \"%\" use \"%%\".");
}

// Digits at `at` as a non-negative int; false when there are none. 22003 past INT_MAX.
bool ParseDigits(std::string_view format, size_t& at, int64_t& number) {
  if (at >= format.size() || !std::isdigit(static_cast<unsigned char>(format[at]))) return false;
  number = 0;
  while (at < format.size() && std::isdigit(static_cast<unsigned char>(format[at]))) {
    number = number * 10 + (format[at] - '0');
    if (number > INT_MAX) throw Error(sqlstate::kNumericValueOutOfRange, "number is out of range");
    ++at;
  }
  if (at >= format.size()) Unterminated();
  return true;
}

}  // namespace

Value Format(std::span<const Value> args) {
  if (args[0].is_null()) return Value::Null(TypeId::kText);
  const std::string& format = args[0].AsString();
  const int64_t values = static_cast<int64_t>(args.size()) - 1;
  std::string out;
  int64_t arg = 0;  // the last argument used, 1-based
  auto advance = [&](size_t& at) {
    if (++at >= format.size()) Unterminated();
  };
  for (size_t at = 0; at < format.size(); ++at) {
    if (format[at] != '%') {
      out += format[at];
      continue;
    }
    advance(at);
    if (format[at] == '%') {
      out += '%';
      continue;
    }
    int64_t position = -1;
    int64_t width_position = -1;
    int64_t width = 0;
    bool left = false;
    int64_t number = 0;
    bool have_width = false;
    if (ParseDigits(format, at, number)) {
      if (format[at] == '$') {
        if (number == 0) {
          throw Error(sqlstate::kInvalidParameterValue,
                      "format specifies argument 0, but arguments are numbered from 1");
        }
        position = number;
        advance(at);
      } else {
        width = number;
        have_width = true;
      }
    }
    if (!have_width) {
      while (format[at] == '-') {
        left = true;
        advance(at);
      }
      if (format[at] == '*') {
        advance(at);
        if (ParseDigits(format, at, number)) {
          if (format[at] != '$') {
            throw Error(sqlstate::kInvalidParameterValue, "width argument position must be ended by \"$\"");
          }
          if (number == 0) {
            throw Error(sqlstate::kInvalidParameterValue,
                        "format specifies argument 0, but arguments are numbered from 1");
          }
          width_position = number;
          advance(at);
        } else {
          width_position = 0;
        }
      } else {
        ParseDigits(format, at, width);
      }
    }
    const char type = format[at];
    if (type != 's' && type != 'I' && type != 'L') {
      size_t end = at + 1;
      while (end < format.size() && IsContinuationByte(format[end])) ++end;
      throw Error(sqlstate::kInvalidParameterValue,
                  "unrecognized format() type specifier \"" + format.substr(at, end - at) + "\"")
          .WithHint("For a single \"%\" use \"%%\".");
    }
    if (width_position >= 0) {
      arg = width_position > 0 ? width_position : arg + 1;
      if (arg > values) throw Error(sqlstate::kInvalidParameterValue, "too few arguments for format()");
      const Value& given = args[static_cast<size_t>(arg)];
      if (given.is_null()) {
        width = 0;
      } else {
        const Value as_int = FromText(AnyText(given), Type{TypeId::kInt4, -1});
        width = as_int.AsInt();
        if (width < 0) {
          if (width == INT_MIN) throw Error(sqlstate::kNumericValueOutOfRange, "number is out of range");
          left = true;
          width = -width;
        }
      }
    }
    arg = position > 0 ? position : arg + 1;
    if (arg > values) throw Error(sqlstate::kInvalidParameterValue, "too few arguments for format()");
    const Value& value = args[static_cast<size_t>(arg)];
    std::string piece;
    if (type == 's') {
      if (!value.is_null()) piece = AnyText(value);
    } else if (type == 'I') {
      if (value.is_null()) {
        throw Error(sqlstate::kNullValueNotAllowed, "null values cannot be formatted as an SQL identifier");
      }
      piece = QuoteIdentifierText(AnyText(value));
    } else {
      piece = value.is_null() ? "NULL" : QuoteLiteralText(AnyText(value));
    }
    const int64_t characters = static_cast<int64_t>(Characters(piece).size());
    if (characters < width) {
      const std::string padding(static_cast<size_t>(width - characters), ' ');
      piece = left ? piece + padding : padding + piece;
    }
    out += piece;
    CheckValueSize(out.size());
  }
  return Value::Text(std::move(out));
}

}  // namespace granary::types

#include "types/functions/string_functions.hpp"

namespace granary::types {

// overlay(string PLACING replacement FROM start [FOR count]): count defaults to the
// replacement's length; 22011 for a start below 1, as text_overlay's substrings raise.
Value Overlay(std::span<const Value> args) {
  const int64_t start = args[2].AsInt();
  const int64_t count = args.size() > 3 ? args[3].AsInt() : CharacterLength(args[1].AsString());
  const Value head_args[] = {args[0], Value::Int4(1), Value::Int4(start - 1)};
  const Value head = Substring(head_args);
  const Value tail_args[] = {args[0], Value::Int8(start + count)};
  const Value tail = Substring(tail_args);
  return Value::Text(head.AsString() + args[1].AsString() + tail.AsString());
}

}  // namespace granary::types
