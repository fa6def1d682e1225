// CompileFunction (pl_function.hpp): variables to slots, names to parameters, SQL pieces to
// parsed statements.
#include <functional>
#include <map>
#include <set>

#include "common/sqlstate.hpp"
#include "engine/plpgsql/pl_function.hpp"
#include "engine/plpgsql/pl_parser.hpp"
#include "granary/error.hpp"
#include "parser/parser.hpp"

namespace granary::plpgsql {
namespace {

using types::Type;
using types::TypeId;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class Compiler {
 public:
  Compiler(PlFunction& function, const DescribeQuery& describe) : function_(function), describe_(describe) {}

  void Run() {
    const catalog::FunctionSchema& schema = function_.schema;
    scopes_.emplace_back();
    labels_.emplace_back(schema.name);
    // Parameters: the call's, then OUT / TABLE ones (which start NULL).
    const bool modes = !schema.arg_modes.empty();
    const size_t count = modes ? schema.all_arg_types.size() : schema.arg_types.size();
    for (size_t i = 0; i < count; ++i) {
      const char mode = modes ? schema.arg_modes[i] : 'i';
      const uint32_t oid = modes ? schema.all_arg_types[i] : schema.arg_types[i];
      PlVariable variable;
      variable.name = i < schema.arg_names.size() ? schema.arg_names[i] : "";
      variable.type = Type{types::TypeIdFromOid(oid).value_or(TypeId::kText), -1};
      const int slot = Declare(variable);
      if (mode == 'i' || mode == 'b' || mode == 'v') function_.argument_slots.push_back(slot);
      if (mode == 'o' || mode == 'b' || mode == 't') function_.output_slots.push_back(slot);
    }
    function_.found_slot = Declare({"found", Type{TypeId::kBool, -1}});
    function_.sqlstate_slot = Declare({"sqlstate", Type{TypeId::kText, -1}});
    function_.sqlerrm_slot = Declare({"sqlerrm", Type{TypeId::kText, -1}});
    CompileStatement(*function_.body.block);
  }

 private:
  int Declare(PlVariable variable) {
    const int slot = static_cast<int>(function_.variables.size());
    if (!variable.name.empty()) scopes_.back()[variable.name] = slot;
    function_.variables.push_back(std::move(variable));
    return slot;
  }

  // The slot of `name`, innermost block first; -1 when none.
  int Find(const std::string& name) const {
    for (size_t i = scopes_.size(); i-- > 0;) {
      if (const auto found = scopes_[i].find(name); found != scopes_[i].end()) return found->second;
    }
    return -1;
  }
  // `label.name`: the variable `name` of the block labelled `label` (or of the function).
  int FindQualified(const std::string& label, const std::string& name) const {
    for (size_t i = labels_.size(); i-- > 0;) {
      if (labels_[i] != label) continue;
      if (const auto found = scopes_[i].find(name); found != scopes_[i].end()) return found->second;
    }
    return -1;
  }

  Type ResolveType(const std::string& written, PlVariable& variable, int line) {
    const std::string text = Lower(written);
    if (text == "record") {
      variable.record = true;
      return Type{TypeId::kRecord, -1};
    }
    if (EndsWith(text, "%rowtype")) {
      auto [names, types] = describe_("SELECT * FROM " + written.substr(0, written.size() - 8) + " LIMIT 0");
      variable.record = true;
      variable.row_names = std::move(names);
      variable.row_types = std::move(types);
      return Type{TypeId::kRecord, -1};
    }
    if (EndsWith(text, "%type")) {
      const std::string target = written.substr(0, written.size() - 5);
      if (const int slot = Find(Lower(target)); slot >= 0) return function_.variables[slot].type;
      const size_t dot = target.rfind('.');
      if (dot == std::string::npos) {
        throw Error(sqlstate::kSyntaxError, "invalid type name \"" + written + "\"")
            .WithContext("compilation of PL/pgSQL function near line " + std::to_string(line));
      }
      return describe_("SELECT " + target.substr(dot + 1) + " FROM " + target.substr(0, dot) + " LIMIT 0")
          .second.at(0);
    }
    return describe_("SELECT NULL::" + written).second.at(0);
  }

  void ResolveTarget(PlTarget& target, int line) {
    const std::vector<std::string>& name = target.name;
    auto fail = [&](const std::string& message) {
      return Error(sqlstate::kSyntaxError, message)
          .WithContext("compilation of PL/pgSQL function near line " + std::to_string(line));
    };
    if (name[0][0] == '$') {
      const size_t number = std::stoul(name[0].substr(1));
      if (number == 0 || number > function_.argument_slots.size()) throw fail("there is no parameter " + name[0]);
      target.slot = function_.argument_slots[number - 1];
    } else {
      target.slot = Find(name[0]);
    }
    size_t used = 1;
    if (name.size() >= 2) {
      const int qualified = FindQualified(name[0], name[1]);
      if ((target.slot < 0 || !function_.variables[target.slot].record) && qualified >= 0) {
        target.slot = qualified;
        used = 2;
      }
    }
    if (target.slot < 0) throw fail("\"" + name[0] + "\" is not a known variable");
    if (used < name.size()) {
      if (!function_.variables[target.slot].record || used + 1 != name.size()) {
        throw fail("\"" + name[0] + "." + name[1] + "\" is not a known variable");
      }
      target.field = name[used];
    }
    if (function_.variables[target.slot].constant) {
      throw Error("22005", "variable \"" + function_.variables[target.slot].name + "\" is declared CONSTANT");
    }
  }

  // SQL text with the variables it reads as $n (see pl_function.hpp for the rules).
  std::shared_ptr<PlQuery> Substitute(const std::string& text, int line) {
    auto query = std::make_shared<PlQuery>();
    query->line = line;
    const std::vector<PlToken> tokens = TokenizePl(text);
    std::map<std::pair<int, std::string>, size_t> numbers;
    auto param = [&](int slot, const std::string& field) {
      auto [found, inserted] = numbers.emplace(std::make_pair(slot, field), query->params.size() + 1);
      if (inserted) query->params.push_back({slot, field});
      return "$" + std::to_string(found->second);
    };
    const bool is_insert = !tokens.empty() && tokens[0].Is("insert");
    const bool is_update = !tokens.empty() && tokens[0].Is("update");
    int depth = 0;
    int column_list_depth = -1;  // INSERT INTO t (columns): inside that list
    std::string out;
    size_t copied = 0;
    for (size_t t = 0; t + 1 < tokens.size(); ++t) {
      const PlToken& token = tokens[t];
      if (token.IsOperator("(")) {
        if (is_insert && column_list_depth < 0 && t >= 2 && depth == 0 &&
            (tokens[t - 1].kind == PlTokenKind::kIdentifier || tokens[t - 1].kind == PlTokenKind::kQuotedIdentifier)) {
          // INSERT INTO name (columns: the paren right after the table name.
          bool after_into = false;
          for (size_t k = 0; k < t; ++k) after_into = after_into || tokens[k].Is("into");
          if (after_into && !tokens[t - 1].Is("values") && !tokens[t - 1].Is("select")) column_list_depth = depth;
        }
        ++depth;
        continue;
      }
      if (token.IsOperator(")")) {
        --depth;
        if (depth == column_list_depth) column_list_depth = -2;  // the list is over
        continue;
      }
      std::string replacement;
      size_t last = t;
      if (token.kind == PlTokenKind::kParam) {
        const size_t number = std::stoul(token.text);
        if (number >= 1 && number <= function_.argument_slots.size()) {
          replacement = param(function_.argument_slots[number - 1], "");
        }
      } else if (token.kind == PlTokenKind::kIdentifier || token.kind == PlTokenKind::kQuotedIdentifier) {
        const PlToken* previous = t > 0 ? &tokens[t - 1] : nullptr;
        const bool skip = (previous != nullptr && (previous->IsOperator(".") || previous->Is("as"))) ||
                          tokens[t + 1].IsOperator("(") || (column_list_depth >= 0 && depth == column_list_depth + 1) ||
                          (is_update && depth == 0 && tokens[t + 1].IsOperator("=") && previous != nullptr &&
                           (previous->Is("set") || previous->IsOperator(",")));
        if (!skip) {
          // The dotted chain starting here.
          std::vector<std::string> chain{token.text};
          size_t k = t;
          while (k + 2 < tokens.size() && tokens[k + 1].IsOperator(".") &&
                 (tokens[k + 2].kind == PlTokenKind::kIdentifier || tokens[k + 2].kind == PlTokenKind::kQuotedIdentifier)) {
            chain.push_back(tokens[k + 2].text);
            k += 2;
          }
          int slot = Find(chain[0]);
          size_t used = 1;
          if (chain.size() >= 2 && (slot < 0 || !function_.variables[slot].record)) {
            if (const int qualified = FindQualified(chain[0], chain[1]); qualified >= 0) {
              slot = qualified;
              used = 2;
            }
          }
          if (slot >= 0) {
            const PlVariable& variable = function_.variables[slot];
            if (variable.record && used < chain.size()) {
              replacement = param(slot, chain[used]);
              last = t + 2 * used;
            } else if (!variable.record && used == chain.size()) {
              replacement = param(slot, "");
              last = t + 2 * (used - 1);
            }
          }
        }
      }
      if (replacement.empty()) continue;
      out += text.substr(copied, token.begin - copied);
      out += replacement;
      copied = tokens[last].end;
      t = last;
    }
    out += text.substr(copied);
    query->text = std::move(out);
    return query;
  }

  // Compiles `sql` (an expression when `expression`: run as SELECT) and checks its syntax.
  void CompileSql(PlSql& sql, bool expression) {
    if (sql.empty()) return;
    sql.query = Substitute(expression ? "SELECT " + sql.text : sql.text, sql.line);
    try {
      std::vector<parser::StmtPtr> statements = parser::Parse(sql.query->text);
      if (statements.size() != 1) throw Error(sqlstate::kSyntaxError, "syntax error at or near \";\"");
      sql.query->statement = std::move(statements.front());
    } catch (Error& error) {
      error.WithPosition(-1);
      error.WithContext("PL/pgSQL function " + function_.signature + " line " + std::to_string(sql.line));
      throw;
    }
  }

  // SELECT ... INTO [STRICT] targets / DML ... RETURNING ... INTO: the INTO clause taken out
  // of the text into `stmt`.
  void ExtractInto(PlStmt& stmt) {
    const std::string& text = stmt.query.text;
    const std::vector<PlToken> tokens = TokenizePl(text);
    if (tokens.empty()) return;
    const bool select = tokens[0].Is("select") || tokens[0].Is("with");
    const bool dml = tokens[0].Is("insert") || tokens[0].Is("update") || tokens[0].Is("delete");
    if (!select && !dml) return;
    int depth = 0;
    bool returning = false;
    for (size_t t = 0; t + 1 < tokens.size(); ++t) {
      const PlToken& token = tokens[t];
      if (token.IsOperator("(")) ++depth;
      if (token.IsOperator(")")) --depth;
      if (depth != 0) continue;
      if (token.Is("returning")) returning = true;
      if (!token.Is("into") || (dml && !returning)) continue;
      size_t k = t + 1;
      if (tokens[k].Is("strict")) {
        stmt.strict = true;
        ++k;
      }
      for (;;) {
        PlTarget target;
        if (tokens[k].kind != PlTokenKind::kIdentifier && tokens[k].kind != PlTokenKind::kQuotedIdentifier) {
          throw Error(sqlstate::kSyntaxError, "syntax error at or near \"INTO\"");
        }
        target.name.push_back(tokens[k].text);
        while (tokens[k + 1].IsOperator(".")) {
          target.name.push_back(tokens[k + 2].text);
          k += 2;
        }
        stmt.targets.push_back(std::move(target));
        ++k;
        if (!tokens[k].IsOperator(",")) break;
        ++k;
      }
      stmt.into = true;
      const size_t end = tokens[k - 1].end;
      stmt.query.text = text.substr(0, token.begin) + " " + text.substr(end);
      return;
    }
  }

  // A loop's body, in a scope of its own under the loop's label; `declare_variables` adds the
  // loop's own variables to that scope first.
  void CompileLoopBody(PlStmt& stmt, const std::function<void()>& declare_variables = nullptr) {
    labels_.push_back(stmt.label);
    scopes_.emplace_back();
    if (declare_variables) declare_variables();
    CompileBody(stmt.body);
    scopes_.pop_back();
    labels_.pop_back();
  }

  void CompileBody(PlBody& body) {
    for (PlStmtPtr& stmt : body) CompileStatement(*stmt);
  }

  void CompileStatement(PlStmt& stmt) {
    switch (stmt.kind) {
      case PlStmtKind::kBlock: {
        scopes_.emplace_back();
        labels_.push_back(stmt.label);
        for (PlDeclaration& declaration : stmt.declarations) {
          PlVariable variable;
          variable.name = declaration.name;
          if (declaration.alias_of >= 0) {
            if (static_cast<size_t>(declaration.alias_of) >= function_.argument_slots.size()) {
              throw Error(sqlstate::kSyntaxError, "there is no parameter $" + std::to_string(declaration.alias_of + 1));
            }
            scopes_.back()[declaration.name] = function_.argument_slots[declaration.alias_of];
            continue;
          }
          variable.type = ResolveType(declaration.type_text, variable, declaration.line);
          variable.constant = declaration.constant;
          variable.not_null = declaration.not_null;
          // The default is compiled before the variable is in scope (it may read an outer one).
          CompileSql(declaration.default_value, true);
          declaration.slot = Declare(std::move(variable));
        }
        CompileBody(stmt.body);
        for (PlHandler& handler : stmt.handlers) {
          for (std::string& condition : handler.conditions) {
            if (condition == "others") continue;
            if (condition.size() == 5 && sqlstate::ConditionName(condition).empty() &&
                sqlstate::ConditionCode(condition).empty()) {
              continue;  // an SQLSTATE of our own
            }
            if (sqlstate::ConditionCode(condition).empty() && sqlstate::ConditionName(condition).empty()) {
              throw Error(sqlstate::kUndefinedObject, "unrecognized exception condition \"" + condition + "\"");
            }
          }
          CompileBody(handler.body);
        }
        scopes_.pop_back();
        labels_.pop_back();
        return;
      }
      case PlStmtKind::kAssign:
        ResolveTarget(stmt.targets[0], stmt.line);
        CompileSql(stmt.expr, true);
        return;
      case PlStmtKind::kIf:
        for (auto& [condition, body] : stmt.branches) {
          CompileSql(condition, true);
          CompileBody(body);
        }
        CompileBody(stmt.else_body);
        return;
      case PlStmtKind::kCase: {
        scopes_.emplace_back();
        labels_.emplace_back();
        std::string value_name;
        if (!stmt.expr.empty()) {
          CompileSql(stmt.expr, true);
          value_name = "__case_" + std::to_string(function_.variables.size());
          PlVariable variable;
          variable.name = value_name;
          variable.type = Type{TypeId::kUnknown, -1};  // the value's own type, set at run time
          stmt.targets.push_back(PlTarget{{value_name}, Declare(std::move(variable)), ""});
        }
        for (auto& [condition, body] : stmt.branches) {
          if (!value_name.empty()) condition.text = value_name + " IN (" + condition.text + ")";
          CompileSql(condition, true);
          CompileBody(body);
        }
        CompileBody(stmt.else_body);
        scopes_.pop_back();
        labels_.pop_back();
        return;
      }
      case PlStmtKind::kLoop: CompileLoopBody(stmt); return;
      case PlStmtKind::kWhile:
        CompileSql(stmt.expr, true);
        CompileLoopBody(stmt);
        return;
      case PlStmtKind::kForInteger: {
        CompileSql(stmt.lower, true);
        CompileSql(stmt.upper, true);
        CompileSql(stmt.step, true);
        CompileLoopBody(stmt, [&] {
          // The loop variable is an integer of the loop's own.
          PlTarget& target = stmt.targets.at(0);
          target.slot = Declare({target.name.back(), Type{TypeId::kInt4, -1}});
        });
        return;
      }
      case PlStmtKind::kForQuery:
      case PlStmtKind::kForEach: {
        CompileSql(stmt.kind == PlStmtKind::kForEach ? stmt.expr : stmt.query, stmt.kind == PlStmtKind::kForEach || stmt.dynamic);
        for (PlSql& argument : stmt.using_args) CompileSql(argument, true);
        for (PlTarget& target : stmt.targets) {
          if (Find(target.name[0]) < 0 && stmt.kind == PlStmtKind::kForQuery) {
            throw Error(sqlstate::kSyntaxError,
                        "loop variable of loop over rows must be a record variable or list of scalar variables");
          }
          ResolveTarget(target, stmt.line);
        }
        CompileLoopBody(stmt);
        return;
      }
      case PlStmtKind::kExit:
      case PlStmtKind::kContinue:
        if (!stmt.label.empty()) {
          bool found = false;
          for (const std::string& label : labels_) found = found || label == stmt.label;
          if (!found) {
            throw Error(sqlstate::kSyntaxError, "there is no label \"" + stmt.label + "\" attached to any block or loop enclosing this statement");
          }
        }
        CompileSql(stmt.expr, true);
        return;
      case PlStmtKind::kReturn:
      case PlStmtKind::kReturnNext:
        if (!stmt.expr.empty() && (function_.returns_set ? stmt.kind == PlStmtKind::kReturn : stmt.kind == PlStmtKind::kReturnNext)) {
          throw Error(sqlstate::kDatatypeMismatch, function_.returns_set
                                                  ? "RETURN cannot have a parameter in function returning set"
                                                  : "cannot use RETURN NEXT in a non-SETOF function");
        }
        if (stmt.expr.empty() && !function_.output_slots.empty()) break;
        if (stmt.expr.empty() && stmt.kind == PlStmtKind::kReturn && !function_.returns_set &&
            function_.result_type.id != TypeId::kVoid && !function_.inline_block) {
          throw Error(sqlstate::kSyntaxError, "missing expression at or near \";\"");
        }
        if (!stmt.expr.empty() && function_.result_type.id == TypeId::kVoid) {
          throw Error(sqlstate::kDatatypeMismatch, "RETURN cannot have a parameter in function returning void");
        }
        if (const int slot = Find(Lower(stmt.expr.text)); slot >= 0 && function_.variables[slot].record) {
          stmt.targets.push_back(PlTarget{{stmt.expr.text}, slot, ""});  // RETURN rec
          return;
        }
        CompileSql(stmt.expr, true);
        return;
      case PlStmtKind::kReturnQuery:
        if (!function_.returns_set) throw Error(sqlstate::kSyntaxError, "cannot use RETURN QUERY in a non-SETOF function");
        CompileSql(stmt.query, stmt.dynamic);
        for (PlSql& argument : stmt.using_args) CompileSql(argument, true);
        return;
      case PlStmtKind::kPerform:
        stmt.query.text = "SELECT " + stmt.query.text;
        CompileSql(stmt.query, false);
        return;
      case PlStmtKind::kSql:
        ExtractInto(stmt);
        for (PlTarget& target : stmt.targets) ResolveTarget(target, stmt.line);
        CompileSql(stmt.query, false);
        return;
      case PlStmtKind::kExecute:
        CompileSql(stmt.query, true);
        for (PlSql& argument : stmt.using_args) CompileSql(argument, true);
        for (PlTarget& target : stmt.targets) ResolveTarget(target, stmt.line);
        return;
      case PlStmtKind::kGetDiagnostics:
        for (auto& [target, item] : stmt.diagnostics) ResolveTarget(target, stmt.line);
        return;
      case PlStmtKind::kRaise: {
        if (stmt.format) {
          size_t placeholders = 0;
          for (size_t i = 0; i < stmt.format->size(); ++i) {
            if ((*stmt.format)[i] != '%') continue;
            if (i + 1 < stmt.format->size() && (*stmt.format)[i + 1] == '%') {
              ++i;
              continue;
            }
            ++placeholders;
          }
          if (placeholders > stmt.arguments.size()) throw Error(sqlstate::kSyntaxError, "too few parameters specified for RAISE");
          if (placeholders < stmt.arguments.size()) throw Error(sqlstate::kSyntaxError, "too many parameters specified for RAISE");
        }
        if (!stmt.condition.empty() && stmt.condition.size() != 5 && sqlstate::ConditionCode(stmt.condition).empty()) {
          throw Error(sqlstate::kUndefinedObject, "unrecognized exception condition \"" + stmt.condition + "\"");
        }
        for (PlSql& argument : stmt.arguments) CompileSql(argument, true);
        for (PlRaiseOption& option : stmt.options) CompileSql(option.value, true);
        return;
      }
      case PlStmtKind::kAssert:
        CompileSql(stmt.expr, true);
        for (PlSql& argument : stmt.arguments) CompileSql(argument, true);
        return;
      case PlStmtKind::kNull:
        return;
    }
  }

  PlFunction& function_;
  const DescribeQuery& describe_;
  std::vector<std::map<std::string, int>> scopes_;
  std::vector<std::string> labels_;
};

}  // namespace

std::unique_ptr<PlFunction> CompileFunction(const catalog::FunctionSchema& schema, const std::string& source,
                                            const DescribeQuery& describe, bool inline_block) {
  auto function = std::make_unique<PlFunction>();
  function->schema = schema;
  std::string arguments;
  for (uint32_t oid : schema.arg_types) {
    if (!arguments.empty()) arguments += ", ";
    arguments += types::FormatType(Type{types::TypeIdFromOid(oid).value_or(TypeId::kText), -1});
  }
  function->inline_block = inline_block;
  function->signature = inline_block ? "inline_code_block" : schema.name + "(" + arguments + ")";
  function->returns_set = schema.returns_set;
  function->result_type = inline_block ? Type{TypeId::kVoid, -1}
                                       : Type{types::TypeIdFromOid(schema.return_type).value_or(TypeId::kVoid), -1};
  try {
    function->body = ParsePlBody(source);
    Compiler(*function, describe).Run();
  } catch (Error& error) {
    if (error.context().empty()) {
      error.WithContext("compilation of PL/pgSQL function \"" + (inline_block ? std::string("inline_code_block") : schema.name) + "\"");
    }
    throw;
  }
  return function;
}

}  // namespace granary::plpgsql
