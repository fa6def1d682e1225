// The PL/pgSQL parser (pl_parser.hpp).
#include "engine/plpgsql/pl_parser.hpp"

#include <cctype>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::plpgsql {
namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool IsIdentChar(char c) { return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }
bool IsOperatorChar(char c) {
  return std::string_view("+-*/<>=~!@#%^&|`?").find(c) != std::string_view::npos;
}

Error SyntaxError(const std::string& message, int line) {
  return Error(sqlstate::kSyntaxError, message)
      .WithContext("compilation of PL/pgSQL function near line " + std::to_string(line));
}

}  // namespace

std::vector<PlToken> TokenizePl(std::string_view text) {
  std::vector<PlToken> tokens;
  size_t i = 0;
  int line = 1;
  auto count_lines = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) line += text[k] == '\n' ? 1 : 0;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      line += c == '\n' ? 1 : 0;
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) throw SyntaxError("unterminated /* comment", line);
      count_lines(i, close);
      i = close + 2;
      continue;
    }
    PlToken token;
    token.begin = i;
    token.line = line;
    if ((c == 'e' || c == 'E') && i + 1 < text.size() && text[i + 1] == '\'') ++i;  // E'...'
    if (text[i] == '\'') {
      std::string value;
      size_t k = i + 1;
      const bool escapes = k >= 2 && (text[i - 1] == 'e' || text[i - 1] == 'E') && token.begin + 1 == i;
      for (;;) {
        if (k >= text.size()) throw SyntaxError("unterminated quoted string", line);
        if (text[k] == '\'') {
          if (k + 1 < text.size() && text[k + 1] == '\'') {
            value += '\'';
            k += 2;
            continue;
          }
          break;
        }
        if (escapes && text[k] == '\\' && k + 1 < text.size()) {
          value += text[k + 1];
          k += 2;
          continue;
        }
        value += text[k++];
      }
      count_lines(i, k);
      token.kind = PlTokenKind::kString;
      token.text = value;
      i = k + 1;
    } else if (c == '$' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      size_t k = i + 1;
      while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
      token.kind = PlTokenKind::kParam;
      token.text = std::string(text.substr(i + 1, k - i - 1));
      i = k;
    } else if (c == '$') {
      // $tag$ ... $tag$
      size_t k = i + 1;
      while (k < text.size() && text[k] != '$' && IsIdentChar(text[k])) ++k;
      if (k >= text.size() || text[k] != '$') throw SyntaxError("syntax error at or near \"$\"", line);
      const std::string tag(text.substr(i, k - i + 1));
      const size_t close = text.find(tag, k + 1);
      if (close == std::string_view::npos) throw SyntaxError("unterminated dollar-quoted string", line);
      token.kind = PlTokenKind::kString;
      token.text = std::string(text.substr(k + 1, close - k - 1));
      count_lines(i, close);
      i = close + tag.size();
    } else if (c == '"') {
      std::string value;
      size_t k = i + 1;
      for (;;) {
        if (k >= text.size()) throw SyntaxError("unterminated quoted identifier", line);
        if (text[k] == '"') {
          if (k + 1 < text.size() && text[k + 1] == '"') {
            value += '"';
            k += 2;
            continue;
          }
          break;
        }
        value += text[k++];
      }
      token.kind = PlTokenKind::kQuotedIdentifier;
      token.text = value;
      i = k + 1;
    } else if (IsIdentStart(c)) {
      size_t k = i;
      while (k < text.size() && IsIdentChar(text[k])) ++k;
      token.kind = PlTokenKind::kIdentifier;
      for (size_t m = i; m < k; ++m) token.text += static_cast<char>(std::tolower(static_cast<unsigned char>(text[m])));
      i = k;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      size_t k = i;
      while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
      // "1..10": the dots belong to the range, not the number.
      if (k < text.size() && text[k] == '.' && !(k + 1 < text.size() && text[k + 1] == '.')) {
        ++k;
        while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
      }
      if (k < text.size() && (text[k] == 'e' || text[k] == 'E')) {
        size_t m = k + 1;
        if (m < text.size() && (text[m] == '+' || text[m] == '-')) ++m;
        if (m < text.size() && std::isdigit(static_cast<unsigned char>(text[m]))) {
          k = m;
          while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
        }
      }
      token.kind = PlTokenKind::kNumber;
      token.text = std::string(text.substr(i, k - i));
      i = k;
    } else {
      token.kind = PlTokenKind::kOperator;
      size_t k = i + 1;
      if ((c == ':' && k < text.size() && (text[k] == '=' || text[k] == ':')) ||
          (c == '.' && k < text.size() && text[k] == '.')) {
        ++k;
      } else if (IsOperatorChar(c)) {
        while (k < text.size() && IsOperatorChar(text[k])) {
          // "a=-1" style runs end before a trailing + or - that starts an operand (PostgreSQL's
          // rule is subtler; this suffices for the operators PL/pgSQL code writes).
          if ((text[k] == '-' || text[k] == '+') && text[k - 1] != text[k] && k + 1 < text.size() &&
              !IsOperatorChar(text[k + 1]) && k > i) {
            break;
          }
          if (text[k] == '-' && k + 1 < text.size() && text[k + 1] == '-') break;  // comment
          ++k;
        }
      }
      token.text = std::string(text.substr(i, k - i));
      i = k;
    }
    token.end = i;
    tokens.push_back(std::move(token));
  }
  PlToken end;
  end.begin = end.end = text.size();
  end.line = line;
  tokens.push_back(end);
  return tokens;
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source), tokens_(TokenizePl(source)) {}

  PlFunctionBody Parse() {
    PlFunctionBody body;
    std::string label = ReadLabel();
    if (!Peek().Is("declare") && !Peek().Is("begin")) throw Unexpected(Peek());
    body.block = ParseBlock(label);
    if (Peek().IsOperator(";")) Next();
    if (Peek().kind != PlTokenKind::kEnd) throw Unexpected(Peek());
    return body;
  }

 private:
  const PlToken& Peek(size_t ahead = 0) const {
    return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
  }
  const PlToken& Next() {
    const PlToken& token = tokens_[position_];
    if (position_ + 1 < tokens_.size()) ++position_;
    return token;
  }
  Error Unexpected(const PlToken& token) const {
    if (token.kind == PlTokenKind::kEnd) return SyntaxError("syntax error at end of input", token.line);
    return SyntaxError("syntax error at or near \"" + std::string(source_.substr(token.begin, token.end - token.begin)) + "\"",
                       token.line);
  }
  void Expect(std::string_view word) {
    if (!Peek().Is(word)) throw Unexpected(Peek());
    Next();
  }
  void ExpectOperator(std::string_view op) {
    if (!Peek().IsOperator(op)) throw Unexpected(Peek());
    Next();
  }

  // <<label>>
  std::string ReadLabel() {
    if (!Peek().IsOperator("<<")) return "";
    Next();
    const PlToken& name = Next();
    if (name.kind != PlTokenKind::kIdentifier && name.kind != PlTokenKind::kQuotedIdentifier) throw Unexpected(name);
    if (!Peek().IsOperator(">>")) throw Unexpected(Peek());
    Next();
    return name.text;
  }

  // The SQL text from here to the first of `stops` (keywords, or operators such as ";") at
  // depth 0; the stop is not consumed. 42601 when the text is empty or the input ends.
  PlSql ReadSql(const std::vector<std::string_view>& stops, bool allow_empty = false) {
    const size_t start = position_;
    int depth = 0;
    int case_depth = 0;
    for (;;) {
      const PlToken& token = Peek();
      if (token.kind == PlTokenKind::kEnd) throw Unexpected(token);
      if (depth == 0) {
        bool stop = false;
        for (std::string_view word : stops) {
          if (token.IsOperator(word) || (case_depth == 0 && token.Is(word))) stop = true;
        }
        if (stop && !(token.Is("end") && case_depth > 0)) break;
      }
      if (token.IsOperator("(") || token.IsOperator("[")) ++depth;
      if (token.IsOperator(")") || token.IsOperator("]")) --depth;
      if (token.Is("case")) ++case_depth;
      if (token.Is("end") && case_depth > 0) --case_depth;
      Next();
    }
    PlSql sql;
    sql.line = tokens_[start].line;
    if (position_ == start) {
      if (!allow_empty) throw Unexpected(Peek());
      return sql;
    }
    sql.text = std::string(source_.substr(tokens_[start].begin, tokens_[position_ - 1].end - tokens_[start].begin));
    return sql;
  }

  PlTarget ReadTarget() {
    PlTarget target;
    const PlToken& first = Next();
    if (first.kind != PlTokenKind::kIdentifier && first.kind != PlTokenKind::kQuotedIdentifier &&
        first.kind != PlTokenKind::kParam) {
      throw Unexpected(first);
    }
    target.name.push_back(first.kind == PlTokenKind::kParam ? "$" + first.text : first.text);
    while (Peek().IsOperator(".")) {
      Next();
      const PlToken& part = Next();
      if (part.kind != PlTokenKind::kIdentifier && part.kind != PlTokenKind::kQuotedIdentifier) throw Unexpected(part);
      target.name.push_back(part.text);
    }
    return target;
  }

  std::vector<PlTarget> ReadTargets() {
    std::vector<PlTarget> targets{ReadTarget()};
    while (Peek().IsOperator(",")) {
      Next();
      targets.push_back(ReadTarget());
    }
    return targets;
  }

  PlStmtPtr ParseBlock(const std::string& label) {
    auto block = std::make_unique<PlStmt>();
    block->kind = PlStmtKind::kBlock;
    block->label = label;
    block->line = Peek().line;
    if (Peek().Is("declare")) {
      Next();
      while (!Peek().Is("begin")) {
        if (Peek().kind == PlTokenKind::kEnd) throw Unexpected(Peek());
        if (Peek().Is("declare")) {  // DECLARE may be repeated
          Next();
          continue;
        }
        block->declarations.push_back(ParseDeclaration());
      }
    }
    Expect("begin");
    block->body = ParseStatements({"end", "exception"});
    if (Peek().Is("exception")) {
      Next();
      block->has_handlers = true;
      while (Peek().Is("when")) {
        Next();
        PlHandler handler;
        for (;;) {
          const PlToken& condition = Next();
          if (condition.Is("sqlstate")) {
            const PlToken& code = Next();
            if (code.kind != PlTokenKind::kString) throw Unexpected(code);
            handler.conditions.push_back(code.text);
          } else if (condition.kind == PlTokenKind::kIdentifier) {
            handler.conditions.push_back(condition.text);
          } else {
            throw Unexpected(condition);
          }
          if (!Peek().Is("or")) break;
          Next();
        }
        Expect("then");
        handler.body = ParseStatements({"when", "end"});
        block->handlers.push_back(std::move(handler));
      }
      if (block->handlers.empty()) throw Unexpected(Peek());
    }
    Expect("end");
    if (Peek().kind == PlTokenKind::kIdentifier && !Peek().IsOperator(";")) {
      if (Peek().text != label) {
        throw SyntaxError("end label \"" + Peek().text + "\" differs from block's label \"" + label + "\"",
                          Peek().line);
      }
      Next();
    }
    return block;
  }

  PlDeclaration ParseDeclaration() {
    PlDeclaration declaration;
    declaration.line = Peek().line;
    const PlToken& name = Next();
    if (name.kind != PlTokenKind::kIdentifier && name.kind != PlTokenKind::kQuotedIdentifier) throw Unexpected(name);
    declaration.name = name.text;
    if (Peek().Is("alias")) {
      Next();
      Expect("for");
      const PlToken& param = Next();
      if (param.kind != PlTokenKind::kParam) throw Unexpected(param);
      declaration.alias_of = std::stoi(param.text) - 1;
      ExpectOperator(";");
      return declaration;
    }
    if (Peek().Is("constant")) {
      Next();
      declaration.constant = true;
    }
    if (Peek().Is("cursor") || Peek().Is("refcursor")) {
      throw Error(sqlstate::kFeatureNotSupported, "PL/pgSQL cursors are not supported");
    }
    const PlSql type = ReadSql({";", ":=", "=", "default", "not", "collate"});
    declaration.type_text = type.text;
    if (Peek().Is("collate")) {
      Next();
      Next();
    }
    if (Peek().Is("not")) {
      Next();
      Expect("null");
      declaration.not_null = true;
    }
    if (Peek().IsOperator(":=") || Peek().IsOperator("=") || Peek().Is("default")) {
      Next();
      declaration.default_value = ReadSql({";"});
    }
    ExpectOperator(";");
    return declaration;
  }

  PlBody ParseStatements(const std::vector<std::string_view>& ends) {
    PlBody body;
    for (;;) {
      const PlToken& token = Peek();
      if (token.kind == PlTokenKind::kEnd) throw Unexpected(token);
      bool at_end = false;
      for (std::string_view word : ends) at_end = at_end || token.Is(word);
      if (at_end) return body;
      body.push_back(ParseStatement());
    }
  }

  PlStmtPtr Make(PlStmtKind kind, int line) {
    auto stmt = std::make_unique<PlStmt>();
    stmt->kind = kind;
    stmt->line = line;
    return stmt;
  }

  PlStmtPtr ParseStatement() {
    const std::string label = ReadLabel();
    const PlToken& token = Peek();
    const int line = token.line;
    if (token.Is("declare") || token.Is("begin")) {
      PlStmtPtr block = ParseBlock(label);
      ExpectOperator(";");
      return block;
    }
    if (token.Is("loop") || token.Is("while") || token.Is("for") || token.Is("foreach")) return ParseLoop(label);
    if (!label.empty()) throw Unexpected(token);
    if (token.Is("if")) return ParseIf();
    if (token.Is("case") && !Peek(1).IsOperator(":=")) return ParseCase();
    if (token.Is("exit") || token.Is("continue")) {
      Next();
      PlStmtPtr stmt = Make(token.Is("exit") ? PlStmtKind::kExit : PlStmtKind::kContinue, line);
      if (Peek().kind == PlTokenKind::kIdentifier && !Peek().Is("when")) stmt->label = Next().text;
      if (Peek().Is("when")) {
        Next();
        stmt->expr = ReadSql({";"});
      }
      ExpectOperator(";");
      return stmt;
    }
    if (token.Is("return")) return ParseReturn();
    if (token.Is("raise")) return ParseRaise();
    if (token.Is("assert")) {
      Next();
      PlStmtPtr stmt = Make(PlStmtKind::kAssert, line);
      stmt->expr = ReadSql({";", ","});
      if (Peek().IsOperator(",")) {
        Next();
        stmt->arguments.push_back(ReadSql({";"}));
      }
      ExpectOperator(";");
      return stmt;
    }
    if (token.Is("null") && Peek(1).IsOperator(";")) {
      Next();
      Next();
      return Make(PlStmtKind::kNull, line);
    }
    if (token.Is("perform")) {
      Next();
      PlStmtPtr stmt = Make(PlStmtKind::kPerform, line);
      stmt->query = ReadSql({";"});
      ExpectOperator(";");
      return stmt;
    }
    if (token.Is("get") && (Peek(1).Is("diagnostics") || Peek(1).Is("current") || Peek(1).Is("stacked"))) {
      Next();
      if (Peek().Is("stacked")) throw Error(sqlstate::kFeatureNotSupported, "GET STACKED DIAGNOSTICS is not supported");
      if (Peek().Is("current")) Next();
      Expect("diagnostics");
      PlStmtPtr stmt = Make(PlStmtKind::kGetDiagnostics, line);
      for (;;) {
        PlTarget target = ReadTarget();
        if (!Peek().IsOperator(":=") && !Peek().IsOperator("=")) throw Unexpected(Peek());
        Next();
        const PlToken& item = Next();
        if (item.kind != PlTokenKind::kIdentifier) throw Unexpected(item);
        if (item.text != "row_count") {
          throw Error(sqlstate::kFeatureNotSupported, "GET DIAGNOSTICS " + item.text + " is not supported");
        }
        stmt->diagnostics.emplace_back(std::move(target), item.text);
        if (!Peek().IsOperator(",")) break;
        Next();
      }
      ExpectOperator(";");
      return stmt;
    }
    if (token.Is("execute")) {
      Next();
      PlStmtPtr stmt = Make(PlStmtKind::kExecute, line);
      stmt->dynamic = true;
      stmt->query = ReadSql({";", "into", "using"});
      ReadExecuteClauses(*stmt);
      ExpectOperator(";");
      return stmt;
    }
    if (token.Is("commit") || token.Is("rollback")) {
      throw Error(sqlstate::kFeatureNotSupported, "transaction control in PL/pgSQL is not supported");
    }
    // An assignment: target [.field] {:= | =} expr.
    size_t ahead = 1;
    while (Peek(ahead).IsOperator(".") && Peek(ahead + 1).kind != PlTokenKind::kEnd) ahead += 2;
    if ((token.kind == PlTokenKind::kIdentifier || token.kind == PlTokenKind::kQuotedIdentifier ||
         token.kind == PlTokenKind::kParam) &&
        (Peek(ahead).IsOperator(":=") || Peek(ahead).IsOperator("="))) {
      PlStmtPtr stmt = Make(PlStmtKind::kAssign, line);
      stmt->targets.push_back(ReadTarget());
      Next();
      stmt->expr = ReadSql({";"});
      ExpectOperator(";");
      return stmt;
    }
    if (token.Is("insert") || token.Is("update") || token.Is("delete") || token.Is("select") || token.Is("with") ||
        token.Is("values") || token.Is("create") || token.Is("drop") || token.Is("alter") || token.Is("truncate") ||
        token.Is("lock") || token.Is("set") || token.Is("reset") || token.Is("notify") || token.Is("merge") ||
        token.Is("comment") || token.Is("grant") || token.Is("revoke") || token.Is("analyze") ||
        token.Is("table") || token.Is("import")) {
      PlStmtPtr stmt = Make(PlStmtKind::kSql, line);
      stmt->query = ReadSql({";"});
      ExpectOperator(";");
      return stmt;
    }
    throw Unexpected(token);
  }

  void ReadExecuteClauses(PlStmt& stmt) {
    for (;;) {
      if (Peek().Is("into")) {
        Next();
        stmt.into = true;
        if (Peek().Is("strict")) {
          Next();
          stmt.strict = true;
        }
        stmt.targets = ReadTargets();
      } else if (Peek().Is("using")) {
        Next();
        for (;;) {
          stmt.using_args.push_back(ReadSql({";", ",", "into", "loop"}));
          if (!Peek().IsOperator(",")) break;
          Next();
        }
      } else {
        return;
      }
    }
  }

  PlStmtPtr ParseIf() {
    auto stmt = Make(PlStmtKind::kIf, Next().line);
    PlSql condition = ReadSql({"then"});
    Expect("then");
    stmt->branches.emplace_back(std::move(condition), ParseStatements({"elsif", "elseif", "else", "end"}));
    for (;;) {
      if (Peek().Is("elsif") || Peek().Is("elseif")) {
        Next();
        PlSql next = ReadSql({"then"});
        Expect("then");
        stmt->branches.emplace_back(std::move(next), ParseStatements({"elsif", "elseif", "else", "end"}));
        continue;
      }
      if (Peek().Is("else")) {
        Next();
        stmt->has_else = true;
        stmt->else_body = ParseStatements({"end"});
      }
      break;
    }
    Expect("end");
    Expect("if");
    ExpectOperator(";");
    return stmt;
  }

  PlStmtPtr ParseCase() {
    auto stmt = Make(PlStmtKind::kCase, Next().line);
    if (!Peek().Is("when")) stmt->expr = ReadSql({"when"});
    while (Peek().Is("when")) {
      Next();
      PlSql condition = ReadSql({"then"});
      Expect("then");
      stmt->branches.emplace_back(std::move(condition), ParseStatements({"when", "else", "end"}));
    }
    if (stmt->branches.empty()) throw Unexpected(Peek());
    if (Peek().Is("else")) {
      Next();
      stmt->has_else = true;
      stmt->else_body = ParseStatements({"end"});
    }
    Expect("end");
    Expect("case");
    ExpectOperator(";");
    return stmt;
  }

  void EndLoop(PlStmt& stmt) {
    stmt.body = ParseStatements({"end"});
    Expect("end");
    Expect("loop");
    if (Peek().kind == PlTokenKind::kIdentifier) {
      if (Peek().text != stmt.label) {
        throw SyntaxError("end label \"" + Peek().text + "\" differs from block's label \"" + stmt.label + "\"",
                          Peek().line);
      }
      Next();
    }
    ExpectOperator(";");
  }

  PlStmtPtr ParseLoop(const std::string& label) {
    const PlToken& keyword = Next();
    const int line = keyword.line;
    if (keyword.Is("loop")) {
      auto stmt = Make(PlStmtKind::kLoop, line);
      stmt->label = label;
      EndLoop(*stmt);
      return stmt;
    }
    if (keyword.Is("while")) {
      auto stmt = Make(PlStmtKind::kWhile, line);
      stmt->label = label;
      stmt->expr = ReadSql({"loop"});
      Expect("loop");
      EndLoop(*stmt);
      return stmt;
    }
    if (keyword.Is("foreach")) {
      auto stmt = Make(PlStmtKind::kForEach, line);
      stmt->label = label;
      stmt->targets = ReadTargets();
      if (Peek().Is("slice")) throw Error(sqlstate::kFeatureNotSupported, "FOREACH ... SLICE is not supported");
      Expect("in");
      Expect("array");
      stmt->expr = ReadSql({"loop"});
      Expect("loop");
      EndLoop(*stmt);
      return stmt;
    }
    // FOR target IN ...: an integer range when ".." follows at depth 0 before LOOP.
    std::vector<PlTarget> targets = ReadTargets();
    Expect("in");
    bool range = false;
    int depth = 0;
    for (size_t k = position_; k < tokens_.size(); ++k) {
      const PlToken& token = tokens_[k];
      if (token.IsOperator("(")) ++depth;
      if (token.IsOperator(")")) --depth;
      if (depth == 0 && token.Is("loop")) break;
      if (depth == 0 && token.IsOperator("..")) {
        range = true;
        break;
      }
    }
    if (range) {
      auto stmt = Make(PlStmtKind::kForInteger, line);
      stmt->label = label;
      stmt->targets = std::move(targets);
      if (Peek().Is("reverse")) {
        Next();
        stmt->reverse = true;
      }
      stmt->lower = ReadSql({".."});
      ExpectOperator("..");
      stmt->upper = ReadSql({"loop", "by"});
      if (Peek().Is("by")) {
        Next();
        stmt->step = ReadSql({"loop"});
      }
      Expect("loop");
      EndLoop(*stmt);
      return stmt;
    }
    auto stmt = Make(PlStmtKind::kForQuery, line);
    stmt->label = label;
    stmt->targets = std::move(targets);
    if (Peek().Is("execute")) {
      Next();
      stmt->dynamic = true;
      stmt->query = ReadSql({"loop", "using"});
      ReadExecuteClauses(*stmt);
    } else {
      stmt->query = ReadSql({"loop"});
    }
    Expect("loop");
    EndLoop(*stmt);
    return stmt;
  }

  PlStmtPtr ParseReturn() {
    const int line = Next().line;
    if (Peek().Is("next")) {
      Next();
      auto stmt = Make(PlStmtKind::kReturnNext, line);
      stmt->expr = ReadSql({";"}, true);
      ExpectOperator(";");
      return stmt;
    }
    if (Peek().Is("query")) {
      Next();
      auto stmt = Make(PlStmtKind::kReturnQuery, line);
      if (Peek().Is("execute")) {
        Next();
        stmt->dynamic = true;
        stmt->query = ReadSql({";", "using"});
        ReadExecuteClauses(*stmt);
      } else {
        stmt->query = ReadSql({";"});
      }
      ExpectOperator(";");
      return stmt;
    }
    auto stmt = Make(PlStmtKind::kReturn, line);
    stmt->expr = ReadSql({";"}, true);
    ExpectOperator(";");
    return stmt;
  }

  PlStmtPtr ParseRaise() {
    auto stmt = Make(PlStmtKind::kRaise, Next().line);
    stmt->level = "exception";
    if (Peek().IsOperator(";")) {
      Next();
      stmt->reraise = true;
      return stmt;
    }
    static const std::vector<std::string> kLevels = {"debug", "log", "info", "notice", "warning", "exception"};
    for (const std::string& level : kLevels) {
      if (Peek().Is(level)) {
        Next();
        stmt->level = level;
        break;
      }
    }
    if (Peek().kind == PlTokenKind::kString) {
      stmt->format = Next().text;
      while (Peek().IsOperator(",")) {
        Next();
        stmt->arguments.push_back(ReadSql({";", ",", "using"}));
      }
    } else if (Peek().Is("sqlstate")) {
      Next();
      const PlToken& code = Next();
      if (code.kind != PlTokenKind::kString) throw Unexpected(code);
      stmt->condition = code.text;
    } else if (Peek().kind == PlTokenKind::kIdentifier && !Peek().Is("using")) {
      stmt->condition = Next().text;
    }
    if (Peek().Is("using")) {
      Next();
      for (;;) {
        const PlToken& name = Next();
        if (name.kind != PlTokenKind::kIdentifier) throw Unexpected(name);
        if (!Peek().IsOperator("=") && !Peek().IsOperator(":=")) throw Unexpected(Peek());
        Next();
        stmt->options.push_back({name.text, ReadSql({";", ","})});
        if (!Peek().IsOperator(",")) break;
        Next();
      }
    }
    ExpectOperator(";");
    return stmt;
  }

  std::string_view source_;
  std::vector<PlToken> tokens_;
  size_t position_ = 0;
};

}  // namespace

PlFunctionBody ParsePlBody(std::string_view source) { return Parser(source).Parse(); }

}  // namespace granary::plpgsql
