// Per-parse state shared by the grammar actions (see parse_context.hpp).
#include "parser/parse_context.hpp"

#include <algorithm>
#include <utility>

#include "parser/errors.hpp"
#include "parser/lexer.hpp"
#include "parser/node_builder.hpp"

namespace granary::parser {

ParseContext::ParseContext(std::string_view sql)
    : sql_(sql), lexer_(std::make_unique<Lexer>(sql)) {}

ParseContext::~ParseContext() = default;

void ParseContext::ThrowSyntaxErrorAt(const Location& location) const {
  parser::ThrowSyntaxError(sql_, "syntax error", location.begin, location.end);
}

void ParseContext::ThrowSyntaxError(std::string_view message) const {
  const Location& current = lexer_->last_location();
  parser::ThrowSyntaxError(sql_, message, current.begin, current.end);
}

void ParseContext::ThrowErrorAt(std::string_view sqlstate, std::string message, int offset,
                                std::string hint) const {
  parser::ThrowErrorAt(sql_, sqlstate, std::move(message), offset, std::move(hint));
}

int ParseContext::DepthOf(const void* node) const {
  if (node == nullptr) return 0;
  const auto it = depths_.find(node);
  return it == depths_.end() ? 1 : it->second;
}

int ParseContext::DepthOf(const ExprList& exprs) const {
  int depth = 0;
  for (const ExprPtr& expr : exprs) depth = std::max(depth, DepthOf(expr.get()));
  return depth;
}

void ParseContext::RecordDepth(const void* node, int depth) {
  if (depth > kMaxNodeDepth) ThrowStackDepthExceeded();
  depths_[node] = depth;
}

void ParseContext::AddStatement(StmtPtr statement, const Location& span) {
  if (statement == nullptr) return;
  SetSpan(*statement, span);
  statements_.push_back(std::move(statement));
}

}  // namespace granary::parser
