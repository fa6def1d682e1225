// Type-name construction for the grammar (see node_builder.hpp).
#include <charconv>
#include <limits>
#include <utility>

#include "common/sqlstate.hpp"
#include "parser/node_builder.hpp"
#include "parser/parse_context.hpp"

namespace granary::parser {

TypeName MakeTypeName(std::string name, int location) {
  TypeName type;
  type.names.push_back(std::move(name));
  type.location = location;
  return type;
}

TypeName MakeGenericType(ParseContext& ctx, std::vector<std::string> names,
                         ExprList modifiers, int location) {
  TypeName type;
  type.names = std::move(names);
  type.location = location;
  for (const ExprPtr& modifier : modifiers) {
    // PostgreSQL also passes identifiers and strings to the type's typmod function; the
    // AST holds integers only, which is all the built-in types take.
    const bool identifier = modifier->kind == ExprKind::kColumnRef &&
                            modifier->As<ColumnRefExpr>().names.size() == 1;
    if (modifier->kind != ExprKind::kConstant && !identifier) {
      ctx.ThrowErrorAt(sqlstate::kSyntaxError,
                       "type modifiers must be simple constants or identifiers",
                       modifier->location);
    }
    if (identifier || modifier->As<ConstantExpr>().constant_kind != ConstantKind::kInteger) {
      ctx.ThrowErrorAt(sqlstate::kFeatureNotSupported,
                       "type modifiers other than integers are not supported",
                       modifier->location);
    }
    const auto& constant = modifier->As<ConstantExpr>();
    int64_t value = 0;
    const char* begin = constant.text.data();
    const char* end = begin + constant.text.size();
    const auto [last, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || last != end || value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max()) {
      ctx.ThrowErrorAt(sqlstate::kNumericValueOutOfRange,
                       "value \"" + constant.text + "\" is out of range for type integer",
                       modifier->location);
    }
    type.modifiers.push_back(value);
  }
  return type;
}

TypeName MakeModifiedType(ParseContext& ctx, std::string name, ExprList modifiers,
                          int location) {
  std::vector<std::string> names;
  names.push_back(std::move(name));
  return MakeGenericType(ctx, std::move(names), std::move(modifiers), location);
}

TypeName MakeFloatType(ParseContext& ctx, const std::string& precision,
                       int precision_location, int location) {
  const int64_t bits = ParseIconst(precision);
  if (bits < 1) {
    ctx.ThrowErrorAt(sqlstate::kInvalidParameterValue,
                     "precision for type float must be at least 1 bit", precision_location);
  }
  if (bits <= 24) return MakeTypeName("float4", location);
  if (bits <= 53) return MakeTypeName("float8", location);
  ctx.ThrowErrorAt(sqlstate::kInvalidParameterValue,
                   "precision for type float must be less than 54 bits", precision_location);
}

int64_t ParseIconst(const std::string& text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::vector<std::string> PrependName(std::string first, std::vector<std::string> rest) {
  rest.insert(rest.begin(), std::move(first));
  return rest;
}

}  // namespace granary::parser
