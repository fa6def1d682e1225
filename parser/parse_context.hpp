// The state of one Parse() call, passed to every grammar action as `ctx`: the statement
// text, the token stream, the statements parsed so far, error raising, and the nesting
// depth of the nodes built so far.
//
// Thread-safety: one ParseContext per Parse() call; nothing is shared between calls.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/sqlstate.hpp"
#include "parser/ast_expr.hpp"
#include "parser/ast_stmt.hpp"
#include "parser/location.hpp"

namespace granary::parser {

class Lexer;

class ParseContext {
 public:
  // Deepest node nesting a statement may have (README invariant 4); past it Parse raises
  // 54001, so later phases may recurse over a tree without their own guard.
  static constexpr int kMaxNodeDepth = 3000;

  // `sql` must outlive the context.
  explicit ParseContext(std::string_view sql);
  ~ParseContext();
  ParseContext(const ParseContext&) = delete;
  ParseContext& operator=(const ParseContext&) = delete;

  std::string_view sql() const { return sql_; }
  // The text of `span` (empty for an empty span): a function body's statements and
  // parameter defaults are stored as written.
  std::string SourceText(const Location& span) const {
    if (span.empty()) return {};
    return std::string(sql_.substr(static_cast<size_t>(span.begin), static_cast<size_t>(span.end - span.begin)));
  }

  // The token stream (kept behind a pointer so that the node builders, which include this
  // header, need not see the generated grammar header).
  Lexer& lexer() { return *lexer_; }

  // PostgreSQL's "syntax error at or near ..." for the token at `location`.
  [[noreturn]] void ThrowSyntaxErrorAt(const Location& location) const;
  // `message` at or near the current token (PostgreSQL's parser_yyerror(message)).
  [[noreturn]] void ThrowSyntaxError(std::string_view message) const;
  [[noreturn]] void ThrowErrorAt(std::string_view sqlstate, std::string message, int offset,
                                 std::string hint = {}) const;

  // Nesting depth of a node built during this parse: 1 for a node never recorded (a leaf),
  // 0 for null.
  int DepthOf(const void* node) const;
  // The greatest DepthOf over `exprs` (0 when empty).
  int DepthOf(const ExprList& exprs) const;
  // Records the depth of a node with children; raises 54001 past kMaxNodeDepth. A
  // recorded node must live until the parse ends (builders never free nodes they did not
  // create), or its address could be reused by a leaf that would inherit its depth.
  void RecordDepth(const void* node, int depth);

  // Appends a parsed statement (null for an empty one) and sets its span.
  void AddStatement(StmtPtr statement, const Location& span);
  std::vector<StmtPtr> TakeStatements() { return std::move(statements_); }

 private:
  std::string_view sql_;
  std::unique_ptr<Lexer> lexer_;
  std::unordered_map<const void*, int> depths_;
  std::vector<StmtPtr> statements_;
};

}  // namespace granary::parser
