// json and jsonb parsing, normalization, output, ordering and hashing. The lexer and
// parser follow PostgreSQL 15's src/common/jsonapi.c (json_lex, json_lex_string,
// json_lex_number, parse_object, parse_array, report_parse_error, json_errdetail) and
// report_json_context of utils/adt/jsonfuncs.c; ordering follows compareJsonbContainers
// of utils/adt/jsonb_util.c.
#include "types/json.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/numeric.hpp"
#include "types/value.hpp"
#include "types/value_internal.hpp"

namespace granary::types {
namespace {

enum class Token {
  kEnd,
  kObjectStart,
  kObjectEnd,
  kArrayStart,
  kArrayEnd,
  kComma,
  kColon,
  kString,
  kNumber,
  kTrue,
  kFalse,
  kNull,
};

bool IsAlphanumeric(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         u >= 0x80;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

void AppendUtf8(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

size_t Utf8Length(char first) {
  const auto u = static_cast<unsigned char>(first);
  if (u < 0x80) return 1;
  if ((u & 0xE0) == 0xC0) return 2;
  if ((u & 0xF0) == 0xE0) return 3;
  if ((u & 0xF8) == 0xF0) return 4;
  return 1;
}

// jsonapi.c's lexer and recursive-descent parser. The current token is always lexed one
// ahead, as in PostgreSQL, so a lexical error is reported before a grammar error.
class Parser {
 public:
  Parser(std::string_view input, bool decode) : input_(input), decode_(decode) {}

  JsonNode ParseDocument() {
    Lex();
    JsonNode node = ParseValue();
    if (token_ != Token::kEnd) ThrowFound("Expected end of input, but found \"%s\".");
    return node;
  }

 private:
  [[noreturn]] void Throw(const std::string& detail, std::string_view code = sqlstate::kInvalidTextRepresentation,
                          const char* message = "invalid input syntax for type json") {
    throw Error(code, message).WithDetail(detail).WithContext(Context());
  }

  // A grammar error: at the end of input it is always "ended unexpectedly".
  [[noreturn]] void ThrowFound(const char* format) {
    if (token_ == Token::kEnd) Throw("The input string ended unexpectedly.");
    std::string detail = format;
    const size_t at = detail.find("%s");
    detail.replace(at, 2, std::string(input_.substr(token_start_, token_end_ - token_start_)));
    Throw(detail);
  }

  [[noreturn]] void ThrowInvalidToken() {
    Throw("Token \"" + std::string(input_.substr(token_start_, token_end_ - token_start_)) +
          "\" is invalid.");
  }

  // report_json_context: the line up to the end of the current token, at most ~50 bytes.
  std::string Context() const {
    size_t context_start = line_start_;
    const size_t context_end = std::min(token_end_, input_.size());
    while (context_end > context_start && context_end - context_start >= 50) {
      context_start += Utf8Length(input_[context_start]);
    }
    if (context_start - line_start_ <= 3) context_start = line_start_;
    std::string text = "JSON data, line " + std::to_string(line_number_) + ": ";
    if (context_start > line_start_) text += "...";
    text += input_.substr(context_start, context_end - context_start);
    if (token_ != Token::kEnd && context_end < input_.size() && input_[context_end] != '\n' &&
        input_[context_end] != '\r') {
      text += "...";
    }
    return text;
  }

  void Lex() {
    size_t s = token_end_;
    while (s < input_.size() &&
           (input_[s] == ' ' || input_[s] == '\t' || input_[s] == '\n' || input_[s] == '\r')) {
      if (input_[s] == '\n') {
        ++line_number_;
        line_start_ = s + 1;
      }
      ++s;
    }
    token_start_ = s;
    if (s >= input_.size()) {
      token_ = Token::kEnd;
      token_end_ = s;
      return;
    }
    token_ = Token::kString;  // any token but the end, until this one is known (for Context)
    const char c = input_[s];
    auto single = [&](Token token) {
      token_ = token;
      token_end_ = s + 1;
    };
    switch (c) {
      case '{': return single(Token::kObjectStart);
      case '}': return single(Token::kObjectEnd);
      case '[': return single(Token::kArrayStart);
      case ']': return single(Token::kArrayEnd);
      case ',': return single(Token::kComma);
      case ':': return single(Token::kColon);
      case '"': return LexString(s);
      case '-': return LexNumber(s + 1);
      default: break;
    }
    if (IsDigit(c)) return LexNumber(s);
    size_t p = s;
    while (p < input_.size() && IsAlphanumeric(input_[p])) ++p;
    if (p == s) p = std::min(input_.size(), s + Utf8Length(c));
    token_end_ = p;
    const std::string_view word = input_.substr(s, p - s);
    if (word == "true") {
      token_ = Token::kTrue;
    } else if (word == "false") {
      token_ = Token::kFalse;
    } else if (word == "null") {
      token_ = Token::kNull;
    } else {
      ThrowInvalidToken();
    }
  }

  // json_lex_number, from after an optional minus sign.
  void LexNumber(size_t s) {
    bool error = false;
    const size_t n = input_.size();
    if (s < n && input_[s] == '0') {
      ++s;
    } else if (s < n && input_[s] >= '1' && input_[s] <= '9') {
      while (s < n && IsDigit(input_[s])) ++s;
    } else {
      error = true;
    }
    if (s < n && input_[s] == '.') {
      ++s;
      if (s == n || !IsDigit(input_[s])) {
        error = true;
      } else {
        while (s < n && IsDigit(input_[s])) ++s;
      }
    }
    if (s < n && (input_[s] == 'e' || input_[s] == 'E')) {
      ++s;
      if (s < n && (input_[s] == '+' || input_[s] == '-')) ++s;
      if (s == n || !IsDigit(input_[s])) {
        error = true;
      } else {
        while (s < n && IsDigit(input_[s])) ++s;
      }
    }
    while (s < n && IsAlphanumeric(input_[s])) {
      error = true;
      ++s;
    }
    token_end_ = s;
    if (error) ThrowInvalidToken();
    token_ = Token::kNumber;
    string_value_.assign(input_.substr(token_start_, token_end_ - token_start_));
  }

  static int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // json_lex_string: from the opening quote at `s`.
  void LexString(size_t s) {
    const size_t n = input_.size();
    string_value_.clear();
    int32_t high_surrogate = -1;
    ++s;
    while (true) {
      if (s >= n) {
        token_end_ = n;
        ThrowInvalidToken();
      }
      const char c = input_[s];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) {
        token_end_ = s;
        char buffer[64];
        std::snprintf(buffer, sizeof(buffer), "Character with value 0x%02x must be escaped.",
                      static_cast<unsigned>(static_cast<unsigned char>(c)));
        Throw(buffer);
      }
      if (c == '\\') {
        ++s;
        if (s >= n) {
          token_end_ = n;
          ThrowInvalidToken();
        }
        const char e = input_[s];
        if (e == 'u') {
          uint32_t code = 0;
          for (int i = 1; i <= 4; ++i) {
            const int digit = s + i < n ? HexValue(input_[s + i]) : -1;
            if (digit < 0) {
              token_end_ = std::min(n, s + i + (s + i < n ? 1 : 0));
              Throw("\"\\u\" must be followed by four hexadecimal digits.");
            }
            code = code * 16 + static_cast<uint32_t>(digit);
          }
          s += 4;
          // Surrogates are checked only where escapes are decoded (jsonb), as in json_lex_string.
          if (!decode_) {
            s += 1;
            continue;
          }
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (high_surrogate != -1) {
              token_end_ = s + 1;
              Throw("Unicode high surrogate must not follow a high surrogate.");
            }
            high_surrogate = static_cast<int32_t>(code);
            ++s;
            continue;
          }
          if (code >= 0xDC00 && code <= 0xDFFF) {
            if (high_surrogate == -1) {
              token_end_ = s + 1;
              Throw("Unicode low surrogate must follow a high surrogate.");
            }
            code = 0x10000 + ((static_cast<uint32_t>(high_surrogate) - 0xD800) << 10) + (code - 0xDC00);
            high_surrogate = -1;
          }
          if (high_surrogate != -1) {
            token_end_ = s + 1;
            Throw("Unicode low surrogate must follow a high surrogate.");
          }
          if (decode_) {
            if (code == 0) {
              token_end_ = s + 1;
              Throw("\\u0000 cannot be converted to text.", sqlstate::kUntranslatableCharacter,
                    "unsupported Unicode escape sequence");
            }
            AppendUtf8(code, string_value_);
          }
          ++s;
          continue;
        }
        if (high_surrogate != -1) {
          token_end_ = s + 1;
          Throw("Unicode low surrogate must follow a high surrogate.");
        }
        char decoded = 0;
        switch (e) {
          case '"': decoded = '"'; break;
          case '\\': decoded = '\\'; break;
          case '/': decoded = '/'; break;
          case 'b': decoded = '\b'; break;
          case 'f': decoded = '\f'; break;
          case 'n': decoded = '\n'; break;
          case 'r': decoded = '\r'; break;
          case 't': decoded = '\t'; break;
          default: {
            token_start_ = s;
            token_end_ = std::min(n, s + Utf8Length(e));
            Throw("Escape sequence \"\\" + std::string(input_.substr(s, token_end_ - s)) +
                  "\" is invalid.");
          }
        }
        if (decode_) string_value_.push_back(decoded);
        ++s;
        continue;
      }
      if (high_surrogate != -1) {
        token_end_ = s + 1;
        Throw("Unicode low surrogate must follow a high surrogate.");
      }
      if (decode_) string_value_.push_back(c);
      ++s;
    }
    if (high_surrogate != -1) {
      token_end_ = s + 1;  // the closing quote is shown, as PostgreSQL does
      Throw("Unicode low surrogate must follow a high surrogate.");
    }
    token_ = Token::kString;
    token_end_ = s + 1;
  }

  JsonNode ParseValue() {
    JsonNode node;
    node.begin = token_start_;
    switch (token_) {
      case Token::kObjectStart: return ParseObject();
      case Token::kArrayStart: return ParseArray();
      case Token::kString: node.kind = JsonNode::Kind::kString; node.text = std::move(string_value_); break;
      case Token::kNumber: node.kind = JsonNode::Kind::kNumber; node.text = std::move(string_value_); break;
      case Token::kTrue: node.kind = JsonNode::Kind::kBool; node.boolean = true; break;
      case Token::kFalse: node.kind = JsonNode::Kind::kBool; break;
      case Token::kNull: break;
      default: ThrowFound("Expected JSON value, but found \"%s\".");
    }
    node.end = token_end_;
    Lex();
    return node;
  }

  JsonNode ParseObject() {
    JsonNode node;
    node.kind = JsonNode::Kind::kObject;
    node.begin = token_start_;
    Lex();
    if (token_ == Token::kObjectEnd) {
      node.end = token_end_;
      Lex();
      return node;
    }
    if (token_ != Token::kString) ThrowFound("Expected string or \"}\", but found \"%s\".");
    while (true) {
      std::string key = std::move(string_value_);
      Lex();
      if (token_ != Token::kColon) ThrowFound("Expected \":\", but found \"%s\".");
      Lex();
      JsonNode value = ParseValue();
      node.members.emplace_back(std::move(key), std::move(value));
      if (token_ == Token::kComma) {
        Lex();
        if (token_ != Token::kString) ThrowFound("Expected string, but found \"%s\".");
        continue;
      }
      if (token_ != Token::kObjectEnd) ThrowFound("Expected \",\" or \"}\", but found \"%s\".");
      break;
    }
    node.end = token_end_;
    Lex();
    return node;
  }

  JsonNode ParseArray() {
    JsonNode node;
    node.kind = JsonNode::Kind::kArray;
    node.begin = token_start_;
    Lex();
    if (token_ == Token::kArrayEnd) {
      node.end = token_end_;
      Lex();
      return node;
    }
    while (true) {
      node.elements.push_back(ParseValue());
      if (token_ == Token::kComma) {
        Lex();
        continue;
      }
      if (token_ != Token::kArrayEnd) ThrowFound("Expected \",\" or \"]\", but found \"%s\".");
      break;
    }
    node.end = token_end_;
    Lex();
    return node;
  }

  std::string_view input_;
  bool decode_;
  Token token_ = Token::kEnd;
  size_t token_start_ = 0;
  size_t token_end_ = 0;
  size_t line_start_ = 0;
  int line_number_ = 1;
  std::string string_value_;
};

// lengthCompareJsonbString: shorter keys first, then bytes.
bool KeyLess(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return std::memcmp(a.data(), b.data(), a.size()) < 0;
}

void AppendJsonbText(const JsonNode& node, std::string& out) {
  switch (node.kind) {
    case JsonNode::Kind::kNull: out += "null"; return;
    case JsonNode::Kind::kBool: out += node.boolean ? "true" : "false"; return;
    case JsonNode::Kind::kNumber: out += node.text; return;
    case JsonNode::Kind::kString: AppendJsonString(node.text, out); return;
    case JsonNode::Kind::kArray:
      out.push_back('[');
      for (size_t i = 0; i < node.elements.size(); ++i) {
        if (i > 0) out += ", ";
        AppendJsonbText(node.elements[i], out);
      }
      out.push_back(']');
      return;
    case JsonNode::Kind::kObject:
      out.push_back('{');
      for (size_t i = 0; i < node.members.size(); ++i) {
        if (i > 0) out += ", ";
        AppendJsonString(node.members[i].first, out);
        out += ": ";
        AppendJsonbText(node.members[i].second, out);
      }
      out.push_back('}');
      return;
  }
}

// JsonbToCStringIndent's layout: four spaces per level, one element or pair per line.
void AppendPretty(const JsonNode& node, int level, std::string& out) {
  const auto indent = [&](int depth) {
    out.push_back('\n');
    out.append(static_cast<size_t>(depth) * 4, ' ');
  };
  if (node.kind == JsonNode::Kind::kArray) {
    out.push_back('[');
    for (size_t i = 0; i < node.elements.size(); ++i) {
      if (i > 0) out.push_back(',');
      indent(level + 1);
      AppendPretty(node.elements[i], level + 1, out);
    }
    indent(level);  // also inside an empty array, as JsonbToCStringIndent writes it
    out.push_back(']');
    return;
  }
  if (node.kind == JsonNode::Kind::kObject) {
    out.push_back('{');
    for (size_t i = 0; i < node.members.size(); ++i) {
      if (i > 0) out.push_back(',');
      indent(level + 1);
      AppendJsonString(node.members[i].first, out);
      out += ": ";
      AppendPretty(node.members[i].second, level + 1, out);
    }
    indent(level);
    out.push_back('}');
    return;
  }
  AppendJsonbText(node, out);
}

template <typename T>
int ThreeWay(const T& a, const T& b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

int CompareScalars(const JsonNode& a, const JsonNode& b) {
  switch (a.kind) {
    case JsonNode::Kind::kNull: return 0;
    case JsonNode::Kind::kBool: return ThreeWay(a.boolean, b.boolean);
    case JsonNode::Kind::kNumber: return Numeric::Parse(a.text).Compare(Numeric::Parse(b.text));
    case JsonNode::Kind::kString: {
      const int order = a.text.compare(b.text);
      return order < 0 ? -1 : (order > 0 ? 1 : 0);
    }
    default: return 0;
  }
}

int CompareNested(const JsonNode& a, const JsonNode& b) {
  if (a.kind != b.kind) return a.kind > b.kind ? 1 : -1;
  if (a.kind == JsonNode::Kind::kArray) {
    if (a.elements.size() != b.elements.size()) return a.elements.size() > b.elements.size() ? 1 : -1;
    for (size_t i = 0; i < a.elements.size(); ++i) {
      if (const int order = CompareNested(a.elements[i], b.elements[i])) return order;
    }
    return 0;
  }
  if (a.kind == JsonNode::Kind::kObject) {
    if (a.members.size() != b.members.size()) return a.members.size() > b.members.size() ? 1 : -1;
    for (size_t i = 0; i < a.members.size(); ++i) {
      const int key = a.members[i].first.compare(b.members[i].first);
      if (key != 0) return key < 0 ? -1 : 1;
      if (const int order = CompareNested(a.members[i].second, b.members[i].second)) return order;
    }
    return 0;
  }
  return CompareScalars(a, b);
}

size_t Mix(size_t seed, size_t value) {
  return seed ^ (value + 0x9E3779B97F4A7C15ULL + (seed << 6) + (seed >> 2));
}

}  // namespace

const JsonNode* JsonNode::Find(std::string_view key) const {
  const JsonNode* found = nullptr;
  for (const auto& [name, value] : members) {
    if (name == key) found = &value;
  }
  return found;
}

JsonNode ParseJson(std::string_view text, bool decode) { return Parser(text, decode).ParseDocument(); }

void NormalizeJsonb(JsonNode& node) {
  if (node.kind == JsonNode::Kind::kNumber) {
    node.text = Numeric::Parse(node.text).ToString();
    return;
  }
  for (JsonNode& element : node.elements) NormalizeJsonb(element);
  if (node.kind != JsonNode::Kind::kObject) return;
  for (auto& member : node.members) NormalizeJsonb(member.second);
  // Stable, so among equal keys the input order remains and the last one is kept.
  std::stable_sort(node.members.begin(), node.members.end(),
                   [](const auto& a, const auto& b) { return KeyLess(a.first, b.first); });
  std::vector<std::pair<std::string, JsonNode>> unique;
  unique.reserve(node.members.size());
  for (auto& member : node.members) {
    if (!unique.empty() && unique.back().first == member.first) {
      unique.back() = std::move(member);
    } else {
      unique.push_back(std::move(member));
    }
  }
  node.members = std::move(unique);
}

std::string JsonbText(const JsonNode& node) {
  std::string out;
  AppendJsonbText(node, out);
  return out;
}

std::string JsonbPrettyText(const JsonNode& node) {
  std::string out;
  AppendPretty(node, 0, out);
  return out;
}

std::string JsonbFromJsonText(std::string_view text) {
  JsonNode node = ParseJson(text, true);
  NormalizeJsonb(node);
  return JsonbText(node);
}

void AppendJsonString(std::string_view text, std::string& out) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned>(c));
          out += buffer;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

Value MakeJsonb(JsonNode node) {
  NormalizeJsonb(node);
  return Value::OfString(TypeId::kJsonb, JsonbText(node));
}

JsonNode JsonbNode(const Value& value) { return ParseJson(value.AsString(), true); }

std::string_view JsonTypeName(const JsonNode& node) {
  switch (node.kind) {
    case JsonNode::Kind::kNull: return "null";
    case JsonNode::Kind::kString: return "string";
    case JsonNode::Kind::kNumber: return "number";
    case JsonNode::Kind::kBool: return "boolean";
    case JsonNode::Kind::kArray: return "array";
    case JsonNode::Kind::kObject: return "object";
  }
  return "null";
}

int CompareJsonb(const JsonNode& left, const JsonNode& right) {
  const bool left_object = left.kind == JsonNode::Kind::kObject;
  const bool right_object = right.kind == JsonNode::Kind::kObject;
  if (left_object != right_object) return left_object ? 1 : -1;
  if (left_object) return CompareNested(left, right);
  // Both are arrays, one or both perhaps a raw scalar (a one-element pseudo array). The
  // count decides before raw-ness, as compareJsonbContainers lets it override.
  const bool left_raw = left.IsScalar();
  const bool right_raw = right.IsScalar();
  const size_t left_count = left_raw ? 1 : left.elements.size();
  const size_t right_count = right_raw ? 1 : right.elements.size();
  if (left_count != right_count) return left_count > right_count ? 1 : -1;
  if (left_raw != right_raw) return left_raw ? -1 : 1;
  if (left_raw) return CompareNested(left, right);
  for (size_t i = 0; i < left_count; ++i) {
    if (const int order = CompareNested(left.elements[i], right.elements[i])) return order;
  }
  return 0;
}

size_t HashJsonb(const JsonNode& node) {
  size_t seed = static_cast<size_t>(node.kind) + 1;
  switch (node.kind) {
    case JsonNode::Kind::kNull: return seed;
    case JsonNode::Kind::kBool: return Mix(seed, node.boolean ? 1 : 0);
    case JsonNode::Kind::kNumber: return Mix(seed, Numeric::Parse(node.text).Hash());
    case JsonNode::Kind::kString: return Mix(seed, value_internal::HashBytes(node.text));
    case JsonNode::Kind::kArray:
      seed = Mix(seed, node.elements.size());
      for (const JsonNode& element : node.elements) seed = Mix(seed, HashJsonb(element));
      return seed;
    case JsonNode::Kind::kObject:
      seed = Mix(seed, node.members.size());
      for (const auto& [key, value] : node.members) {
        seed = Mix(Mix(seed, value_internal::HashBytes(key)), HashJsonb(value));
      }
      return seed;
  }
  return seed;
}

}  // namespace granary::types
