// The table of built-in scalar functions. To add a function, add its implementation to the
// file of its family and one line per overload here.
#include "types/functions/builtin_functions.hpp"

#include "types/functions/bytea_functions.hpp"
#include "types/functions/math_functions.hpp"
#include "types/functions/string_functions.hpp"

namespace granary::types {
namespace {

using enum TypeId;

// version(): PostgreSQL's shape, so tools that parse it see a compatible server.
Value Version(std::span<const Value>) {
  return Value::Text("PostgreSQL 15.0 (Granary 0.1.0) on x86_64-pc-linux-gnu, compiled by g++");
}

// current_schema(): the first schema of the (fixed, for now) search path.
Value CurrentSchema(std::span<const Value>) { return Value::Text("public"); }

const std::vector<FunctionSignature>& Table() {
  static const std::vector<FunctionSignature> table = {
      {"length", {kText}, kInt4, Length},
      {"char_length", {kText}, kInt4, Length},
      {"character_length", {kText}, kInt4, Length},
      {"octet_length", {kText}, kInt4, OctetLength},
      {"upper", {kText}, kText, Upper},
      {"lower", {kText}, kText, Lower},
      {"substring", {kText, kInt4}, kText, Substring},
      {"substring", {kText, kInt4, kInt4}, kText, Substring},
      {"substr", {kText, kInt4}, kText, Substring},
      {"substr", {kText, kInt4, kInt4}, kText, Substring},
      {"btrim", {kText}, kText, BothTrim},
      {"btrim", {kText, kText}, kText, BothTrim},
      {"ltrim", {kText}, kText, LeadingTrim},
      {"ltrim", {kText, kText}, kText, LeadingTrim},
      {"rtrim", {kText}, kText, TrailingTrim},
      {"rtrim", {kText, kText}, kText, TrailingTrim},
      {"position", {kText, kText}, kInt4, Position},
      {"strpos", {kText, kText}, kInt4, Position},
      {"replace", {kText, kText, kText}, kText, Replace},
      {"repeat", {kText, kInt4}, kText, Repeat},
      {"length", {kBytea}, kInt4, ByteaLength},
      {"octet_length", {kBytea}, kInt4, ByteaLength},
      {"substring", {kBytea, kInt4}, kBytea, ByteaSubstring},
      {"substring", {kBytea, kInt4, kInt4}, kBytea, ByteaSubstring},
      {"substr", {kBytea, kInt4}, kBytea, ByteaSubstring},
      {"substr", {kBytea, kInt4, kInt4}, kBytea, ByteaSubstring},
      {"encode", {kBytea, kText}, kText, Encode},
      {"decode", {kText, kText}, kBytea, Decode},
      {"get_byte", {kBytea, kInt4}, kInt4, GetByte},
      {"set_byte", {kBytea, kInt4, kInt4}, kBytea, SetByte},
      {"md5", {kText}, kText, Md5},
      {"md5", {kBytea}, kText, Md5},
      {"sha256", {kBytea}, kBytea, Sha256},
      {"abs", {kInt2}, kInt2, Abs},
      {"abs", {kInt4}, kInt4, Abs},
      {"abs", {kInt8}, kInt8, Abs},
      {"abs", {kNumeric}, kNumeric, Abs},
      {"abs", {kFloat4}, kFloat4, Abs},
      {"abs", {kFloat8}, kFloat8, Abs},
      {"round", {kNumeric}, kNumeric, RoundNumeric},
      {"round", {kNumeric, kInt4}, kNumeric, RoundNumeric},
      {"round", {kFloat8}, kFloat8, RoundFloat8},
      {"trunc", {kNumeric}, kNumeric, TruncateNumeric},
      {"trunc", {kNumeric, kInt4}, kNumeric, TruncateNumeric},
      {"trunc", {kFloat8}, kFloat8, TruncateFloat8},
      {"ceil", {kFloat8}, kFloat8, CeilFloat8},
      {"ceiling", {kFloat8}, kFloat8, CeilFloat8},
      {"floor", {kFloat8}, kFloat8, FloorFloat8},
      {"sqrt", {kFloat8}, kFloat8, SqrtFloat8},
      {"version", {}, kText, Version},
      {"current_schema", {}, kText, CurrentSchema},
  };
  return table;
}

}  // namespace

std::vector<const FunctionSignature*> FindFunctions(std::string_view name) {
  std::vector<const FunctionSignature*> found;
  for (const FunctionSignature& signature : Table()) {
    if (signature.name == name) found.push_back(&signature);
  }
  return found;
}

}  // namespace granary::types
