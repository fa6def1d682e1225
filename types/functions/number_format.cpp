// to_char for numbers (see the header).
#include "types/functions/number_format.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/numeric.hpp"

namespace granary::types {
namespace {

enum class Key { kLiteral, kRN, k9, k0, kDec, kD, kComma, kG, kS, kPR, kMI, kPL, kSG, kL, kV, kEEEE, kFM, kTH, kth };

struct Node {
  Key key;
  std::string text;  // kLiteral
};

struct Desc {
  int pre = 0, post = 0, multi = 0, zero_start = 0, zero_end = 0, pre_lsign_num = 0;
  bool decimal = false, zero = false, fill = false, lsign = false, lsign_pre = false, lsign_post = false;
  bool bracket = false, minus = false, plus = false, multi_flag = false, eeee = false, roman = false;
};

[[noreturn]] void Syntax(const std::string& message) { throw Error(sqlstate::kSyntaxError, message); }

std::vector<Node> Parse(std::string_view format, Desc& num) {
  static const std::pair<const char*, Key> kKeys[] = {
      {"EEEE", Key::kEEEE}, {"FM", Key::kFM}, {"fm", Key::kFM}, {"PR", Key::kPR}, {"pr", Key::kPR},
      {"MI", Key::kMI}, {"mi", Key::kMI}, {"PL", Key::kPL}, {"pl", Key::kPL}, {"SG", Key::kSG},
      {"sg", Key::kSG}, {"TH", Key::kTH}, {"th", Key::kth}, {"eeee", Key::kEEEE}, {"9", Key::k9},
      {"0", Key::k0}, {".", Key::kDec}, {",", Key::kComma}, {"D", Key::kD}, {"d", Key::kD},
      {"G", Key::kG}, {"g", Key::kG}, {"S", Key::kS}, {"s", Key::kS}, {"L", Key::kL}, {"l", Key::kL},
      {"V", Key::kV}, {"v", Key::kV}};
  std::vector<Node> nodes;
  for (size_t at = 0; at < format.size();) {
    bool matched = false;
    if (format.compare(at, 2, "RN") == 0 || format.compare(at, 2, "rn") == 0) {
      // Roman numerals: refused by the callers (to_char and to_number differ in wording).
      num.roman = true;
      nodes.push_back(Node{Key::kRN, {}});
      at += 2;
      continue;
    }
    for (const auto& [word, key] : kKeys) {
      const std::string_view w(word);
      if (format.compare(at, w.size(), w) != 0) continue;
      matched = true;
      at += w.size();
      nodes.push_back(Node{key, {}});
      switch (key) {
        case Key::k9:
          if (num.bracket) Syntax("\"9\" must be ahead of \"PR\"");
          if (num.multi_flag) { ++num.multi; break; }
          if (num.decimal) ++num.post; else ++num.pre;
          break;
        case Key::k0:
          if (num.bracket) Syntax("\"0\" must be ahead of \"PR\"");
          if (!num.zero && !num.decimal) { num.zero = true; num.zero_start = num.pre + 1; }
          if (!num.decimal) ++num.pre; else ++num.post;
          num.zero_end = num.pre + num.post;
          break;
        case Key::kDec:
        case Key::kD:
          if (num.decimal) Syntax("multiple decimal points");
          if (num.multi_flag) Syntax("cannot use \"V\" and decimal point together");
          num.decimal = true;
          break;
        case Key::kFM: num.fill = true; break;
        case Key::kS:
          if (num.lsign) Syntax("cannot use \"S\" twice");
          if (num.plus || num.minus || num.bracket) Syntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
          if (!num.decimal) {
            num.lsign = num.lsign_pre = true;
            num.pre_lsign_num = num.pre;
          } else if (!num.lsign) {
            num.lsign = num.lsign_post = true;
          }
          break;
        case Key::kMI:
          if (num.lsign) Syntax("cannot use \"S\" and \"MI\" together");
          num.minus = true;
          break;
        case Key::kPL:
          if (num.lsign) Syntax("cannot use \"S\" and \"PL\" together");
          num.plus = true;
          break;
        case Key::kSG:
          if (num.lsign) Syntax("cannot use \"S\" and \"SG\" together");
          num.minus = num.plus = true;
          break;
        case Key::kPR:
          if (num.lsign || num.plus || num.minus) Syntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
          num.bracket = true;
          break;
        case Key::kV:
          if (num.decimal) Syntax("cannot use \"V\" and decimal point together");
          num.multi_flag = true;
          break;
        case Key::kEEEE:
          if (num.eeee) Syntax("cannot use \"EEEE\" twice");
          if (num.fill || num.lsign || num.bracket || num.minus || num.plus || num.multi_flag) {
            throw Error(sqlstate::kSyntaxError, "\"EEEE\" is incompatible with other formats")
                .WithDetail("\"EEEE\" may only be used together with digit and decimal point patterns.");
          }
          num.eeee = true;
          break;
        default: break;
      }
      break;
    }
    if (matched) continue;
    // A double-quoted string is copied; a backslash quotes the next character.
    if (format[at] == '"') {
      std::string text;
      for (++at; at < format.size() && format[at] != '"'; ++at) {
        if (format[at] == '\\' && at + 1 < format.size()) ++at;
        text += format[at];
      }
      if (at < format.size()) ++at;
      nodes.push_back(Node{Key::kLiteral, text});
      continue;
    }
    if (format[at] == '\\' && at + 1 < format.size() && format[at + 1] == '"') ++at;
    size_t end = at + 1;
    while (end < format.size() && (static_cast<unsigned char>(format[end]) & 0xC0) == 0x80) ++end;
    nodes.push_back(Node{Key::kLiteral, std::string(format.substr(at, end - at))});
    at = end;
  }
  return nodes;
}

std::string Ordinal(const std::string& number, bool upper) {
  // get_th: the suffix of the number's last digit (11-13 take "th").
  size_t len = number.size();
  while (len > 0 && number[len - 1] == '.') --len;
  if (len == 0) return "";
  const char last = number[len - 1];
  const bool teen = len > 1 && number[len - 2] == '1';
  const char* suffix = "th";
  if (!teen) {
    if (last == '1') suffix = "st";
    else if (last == '2') suffix = "nd";
    else if (last == '3') suffix = "rd";
  }
  std::string out(suffix);
  if (upper) for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// NUM_processor for to_char: `number` is the digits without sign ("12.50"), or '#'s.
std::string Process(const std::vector<Node>& nodes, Desc num, const std::string& number, int out_pre_spaces, char sign) {
  std::string out;
  bool sign_wrote = false;
  if (num.plus || num.minus) {
    sign_wrote = !(num.plus && !num.minus);
  } else {
    if (sign != '-' && num.fill) num.bracket = false;
    sign_wrote = sign == '+' && num.fill && !num.lsign;
    if (num.lsign_pre && num.pre == num.pre_lsign_num) {
      num.lsign_pre = false;
      num.lsign_post = true;
    }
  }
  int num_count = num.post + num.pre - 1;
  const char* const base = number.c_str();
  const char* last_relevant = nullptr;
  if (num.fill && num.decimal) {
    // get_last_relevant_decnum: the last non-zero digit after the point (or the point).
    const char* point = std::strchr(base, '.');
    if (point) {
      last_relevant = point;
      for (const char* p = point + 1; *p; ++p) {
        if (*p != '0') last_relevant = p;
      }
    }
    if (last_relevant && num.zero_end > out_pre_spaces) {
      int last_zero_pos = static_cast<int>(number.size()) - 1;
      last_zero_pos = std::min(last_zero_pos, num.zero_end - out_pre_spaces);
      const char* last_zero = base + last_zero_pos;
      if (last_relevant < last_zero) last_relevant = last_zero;
    }
  }
  if (!sign_wrote && out_pre_spaces == 0) ++num_count;
  if (num.zero) --num.zero_start;
  const char* number_p = base;
  int num_curr = 0;
  bool num_in = false;
  const auto predec_space = [&] {
    return !num.zero && number_p == base && base[0] == '0' && num.post != 0;
  };
  for (const Node& node : nodes) {
    switch (node.key) {
      case Key::k9:
      case Key::k0:
      case Key::kDec:
      case Key::kD: {
        num_in = false;
        if (!sign_wrote &&
            (num_curr >= out_pre_spaces || (num.zero && num.zero_start == num_curr)) &&
            (!predec_space() || (last_relevant && *last_relevant == '.'))) {
          if (num.lsign) {
            if (num.lsign_pre) {
              out += sign == '-' ? '-' : '+';
              sign_wrote = true;
            }
          } else if (num.bracket) {
            out += sign == '+' ? ' ' : '<';
            sign_wrote = true;
          } else if (sign == '+') {
            if (!num.fill) out += ' ';
            sign_wrote = true;
          } else if (sign == '-') {
            out += '-';
            sign_wrote = true;
          }
        }
        if (num_curr < out_pre_spaces && (num.zero_start > num_curr || !num.zero)) {
          if (!num.fill) out += ' ';
        } else if (num.zero && num_curr < out_pre_spaces && num.zero_start <= num_curr) {
          out += '0';
          num_in = true;
        } else {
          if (*number_p == '.') {
            if (!last_relevant || *last_relevant != '.') {
              out += '.';
            } else if (num.fill && last_relevant && *last_relevant == '.') {
              out += '.';
            }
          } else {
            if (last_relevant && number_p > last_relevant && node.key != Key::k0) {
            } else if (predec_space()) {
              if (!num.fill) {
                out += ' ';
              } else if (last_relevant && *last_relevant == '.') {
                out += '0';
              }
            } else if (*number_p) {
              out += *number_p;
              num_in = true;
            }
          }
          if (*number_p) ++number_p;
        }
        int end = num_count + (out_pre_spaces ? 1 : 0) + (num.decimal ? 1 : 0);
        if (last_relevant && last_relevant == number_p) end = num_curr;
        if (num_curr + 1 == end) {
          if (sign_wrote && num.bracket) {
            out += sign == '+' ? ' ' : '>';
          } else if (num.lsign && num.lsign_post) {
            out += sign == '-' ? '-' : '+';
          }
        }
        ++num_curr;
        break;
      }
      case Key::kComma:
      case Key::kG:
        if (!num_in) {
          if (!num.fill) out += ' ';
        } else {
          out += ',';
        }
        break;
      case Key::kL: out += ' '; break;
      case Key::kTH:
      case Key::kth:
        if (number[0] == '#' || sign == '-' || num.decimal) break;
        out += Ordinal(number, node.key == Key::kTH);
        break;
      case Key::kMI:
        if (sign == '-') out += '-';
        else if (!num.fill) out += ' ';
        break;
      case Key::kPL:
        if (sign == '+') out += '+';
        else if (!num.fill) out += ' ';
        break;
      case Key::kSG: out += sign; break;
      case Key::kLiteral: out += node.text; break;
      default: break;
    }
  }
  return out;
}

// "%+.*e" with the exponent at least two digits, the leading '+' a space.
std::string Scientific(double value, int post) {
  if (std::isnan(value) || std::isinf(value)) {
    std::string out(static_cast<size_t>(post) + 7, '#');
    out[0] = ' ';
    out[2] = '.';
    return out;
  }
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%+.*e", post, value);
  std::string out(buffer);
  if (out[0] == '+') out[0] = ' ';
  return out;
}

std::string Hashes(const Desc& num) {
  std::string out(static_cast<size_t>(num.pre + num.post + 1), '#');
  out[static_cast<size_t>(num.pre)] = '.';
  return out;
}

// Bytes in the UTF-8 character that starts with `lead` (pg_mblen).
size_t CharLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// NUM_processor for to_number (formatting.c's from-char direction): walks the format nodes
// over `input` and collects the sign, digits and decimal point it reads into numeric_in's
// syntax (" 123.45", "-5"). `read_post` receives the digits read after the point. In the C
// locale the decimal point is ".", the group separator "," and the currency symbol " ".
class NumberReader {
 public:
  NumberReader(const Desc& num, std::string_view input) : num_(num), input_(input) {}

  std::string Read(const std::vector<Node>& nodes, int& read_post) {
    for (const Node& node : nodes) {
      if (AtEnd()) break;
      if (node.key == Key::kLiteral) {
        // One input character skipped for each format character, whether or not it matches.
        for (size_t i = 0; i < node.text.size(); i += CharLength(static_cast<unsigned char>(node.text[i]))) {
          if (AtEnd()) break;
          SkipCharacter();
        }
        continue;
      }
      if (!Action(node.key)) continue;  // the action left the position where it is
      ++at_;
    }
    if (!number_.empty() && number_.back() == '.') number_.pop_back();
    read_post = read_post_;
    return std::string(1, sign_) + number_;
  }

 private:
  bool AtEnd() const { return at_ >= input_.size(); }
  char Peek(size_t offset = 0) const {
    return at_ + offset < input_.size() ? input_[at_ + offset] : '\0';
  }
  void SkipCharacter() { at_ += CharLength(static_cast<unsigned char>(input_[at_])); }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  // NUM_eat_non_data_chars: skips up to n characters that cannot be part of the number.
  void EatNonDataChars(int n) {
    while (n-- > 0) {
      if (AtEnd()) break;
      if (std::strchr("0123456789.,+-", input_[at_]) != nullptr) break;
      SkipCharacter();
    }
  }

  // One format action; true when the position then advances by one character.
  bool Action(Key key) {
    switch (key) {
      case Key::k9:
      case Key::k0:
      case Key::kDec:
      case Key::kD:
        NumberPart(key);
        return true;
      case Key::kComma:
        if (num_.fill) return false;
        return Peek() == ',';
      case Key::kG:
        if (num_.fill) return false;
        return Peek() == ',';
      case Key::kL:
        EatNonDataChars(1);
        return false;
      case Key::kTH:
      case Key::kth:
        if (num_.decimal) return false;
        EatNonDataChars(2);
        return false;
      case Key::kMI:
        if (Peek() == '-') {
          sign_ = '-';
          return true;
        }
        EatNonDataChars(1);
        return false;
      case Key::kPL:
        if (Peek() == '+') {
          sign_ = '+';
          return true;
        }
        EatNonDataChars(1);
        return false;
      case Key::kSG:
        if (Peek() == '-' || Peek() == '+') {
          sign_ = Peek();
          return true;
        }
        EatNonDataChars(1);
        return false;
      default:
        return false;  // S and PR are read with the digits; FM and V take no input
    }
  }

  // NUM_numpart_from_char: an optional sign before the first digit, one digit or the
  // decimal point, and a sign right after the last digit.
  void NumberPart(Key key) {
    if (Peek() == ' ') ++at_;
    if (Peek() == ' ') ++at_;
    if (AtEnd()) return;
    const bool digit_key = key == Key::k9 || key == Key::k0;
    if (sign_ == ' ' && digit_key && read_pre_ + read_post_ == 0) {
      if (num_.lsign && num_.lsign_pre) {
        if (Peek() == '-') {
          ++at_;
          sign_ = '-';
        } else if (Peek() == '+') {
          ++at_;
          sign_ = '+';
        }
      } else if (Peek() == '-' || (num_.bracket && Peek() == '<')) {
        sign_ = '-';
        ++at_;
      } else if (Peek() == '+') {
        sign_ = '+';
        ++at_;
      }
    }
    if (AtEnd()) return;
    bool read = false;
    if (IsDigit(Peek())) {
      if (read_dec_ && read_post_ == num_.post) return;
      number_ += Peek();
      if (read_dec_) ++read_post_; else ++read_pre_;
      read = true;
    } else if (num_.decimal && !read_dec_ && Peek() == '.') {
      number_ += '.';
      read_dec_ = true;
      read = true;
    }
    if (AtEnd()) return;
    // A sign right behind the last digit: S anywhere ("9.9S" reads ".5-"), or MI/PL/SG when
    // the format does not fix where it stands ("FM9.999999MI" reads "5.01-").
    if (sign_ != ' ' || read_pre_ + read_post_ == 0) return;
    if (num_.lsign && read && !IsDigit(Peek(1))) {
      if (Peek(1) == '-' || Peek(1) == '+') {
        ++at_;
        sign_ = Peek();
      }
    } else if (!read && !num_.lsign && (num_.plus || num_.minus)) {
      if (Peek() == '-' || Peek() == '+') sign_ = Peek();
    }
  }

  const Desc& num_;
  std::string_view input_;
  size_t at_ = 0;
  char sign_ = ' ';
  std::string number_;
  int read_pre_ = 0;
  int read_post_ = 0;
  bool read_dec_ = false;
};

}  // namespace

Value ToNumber(std::span<const Value> args) {
  const std::string_view format = args[1].AsString();
  if (format.empty()) return Value::Null();
  Desc num;
  const std::vector<Node> nodes = Parse(format, num);
  if (num.eeee) throw Error(sqlstate::kFeatureNotSupported, "\"EEEE\" not supported for input");
  if (num.roman) throw Error(sqlstate::kFeatureNotSupported, "\"RN\" not supported for input");
  int scale = 0;
  const std::string text = NumberReader(num, args[0].AsString()).Read(nodes, scale);
  // numeric_in with the typmod numeric(pre + multi + post, post), then V's scaling.
  const int precision = num.pre + num.multi + scale;
  Numeric result = Numeric::Parse(text).ApplyPrecisionScale(precision, scale);
  if (num.multi_flag) {
    result = result.Multiply(Numeric::FromInt64(10).Power(Numeric::FromInt64(-num.multi)));
  }
  return Value::OfNumeric(result);
}

Value ToCharNumber(std::span<const Value> args) {
  Desc num;
  const std::vector<Node> nodes = Parse(args[1].AsString(), num);
  if (num.roman) throw Error(sqlstate::kFeatureNotSupported, "roman numerals in to_char are not supported");
  const Value& value = args[0];
  if (num.eeee) {
    const double x = value.type() == TypeId::kNumeric ? value.AsNumeric().ToDouble()
                     : value.type() == TypeId::kFloat8 || value.type() == TypeId::kFloat4
                         ? value.AsDouble()
                         : static_cast<double>(value.AsInt());
    return Value::Text(Scientific(x, num.post));
  }
  std::string text;
  if (value.type() == TypeId::kFloat8 || value.type() == TypeId::kFloat4) {
    double x = value.AsDouble();
    if (num.multi_flag) {
      x *= std::pow(10.0, num.multi);
      num.pre += num.multi;
    }
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, "%.0f", std::fabs(x));
    const int digits = static_cast<int>(std::strlen(buffer));
    // DBL_DIG (FLT_DIG for real) digits at most, as float8_to_char and float4_to_char.
    const int kDblDig = value.type() == TypeId::kFloat4 ? 6 : 15;
    if (digits >= kDblDig) num.post = 0;
    else if (digits + num.post > kDblDig) num.post = kDblDig - digits;
    std::snprintf(buffer, sizeof buffer, "%.*f", num.post, x);
    text = buffer;
  } else {
    Numeric x = value.type() == TypeId::kNumeric ? value.AsNumeric() : Numeric::FromInt64(value.AsInt());
    if (num.multi_flag) {
      x = x.Multiply(Numeric::Parse("1e" + std::to_string(num.multi)));
      num.pre += num.multi;
    }
    text = x.Round(num.post).ToString();
  }
  char sign = '+';
  std::string digits = text;
  if (!digits.empty() && digits[0] == '-') {
    sign = '-';
    digits.erase(0, 1);
  }
  const size_t point = digits.find('.');
  const int pre_len = static_cast<int>(point == std::string::npos ? digits.size() : point);
  int out_pre_spaces = 0;
  if (pre_len < num.pre) {
    out_pre_spaces = num.pre - pre_len;
  } else if (pre_len > num.pre) {
    digits = Hashes(num);
  }
  return Value::Text(Process(nodes, num, digits, out_pre_spaces, sign));
}

}  // namespace granary::types
