// The parser's entry point (parser.hpp): validates the text, runs the Bison parser over
// the filtered token stream and returns the statements.
#include "parser/parser.hpp"

#include <algorithm>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/gram.hpp"
#include "parser/literals.hpp"
#include "parser/parse_context.hpp"

namespace granary::parser {
namespace {

// PostgreSQL's limit on one allocation, which bounds a query string; it also keeps every
// byte offset well inside an int.
constexpr std::size_t kMaxStatementBytes = 0x3FFFFFFF;

}  // namespace

std::vector<StmtPtr> Parse(std::string_view sql) {
  if (sql.size() > kMaxStatementBytes) {
    throw Error(sqlstate::kProgramLimitExceeded,
                "statement of " + std::to_string(sql.size()) + " bytes is too long");
  }
  // The scanner relies on valid UTF-8 without NUL bytes, which PostgreSQL guarantees by
  // checking the encoding of every query string it receives.
  const std::size_t bad = FindInvalidUtf8(sql);
  if (bad != std::string_view::npos) ThrowInvalidUtf8(sql, bad);

  ParseContext ctx(sql);
  grammar::Parser parser(ctx);
  if (parser.parse() != 0) {
    throw Error(sqlstate::kInternalError, "SQL parser stopped without reporting an error");
  }
  return ctx.TakeStatements();
}

int CharacterPosition(std::string_view sql, int offset) {
  if (offset < 0) return 0;
  const std::size_t end = std::min(static_cast<std::size_t>(offset), sql.size());
  int characters = 0;
  for (std::size_t i = 0; i < end; ++i) {
    // Count every byte that is not a UTF-8 continuation byte.
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) ++characters;
  }
  return characters + 1;
}

}  // namespace granary::parser
