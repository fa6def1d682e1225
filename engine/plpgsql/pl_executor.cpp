// ExecuteFunction (pl_executor.hpp): the PL/pgSQL interpreter.
#include "engine/plpgsql/pl_executor.hpp"

#include <map>
#include <set>

#include "common/sqlstate.hpp"
#include "types/array.hpp"
#include "types/value_ops.hpp"

namespace granary::plpgsql {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

enum class Flow { kNormal, kExit, kContinue, kReturn };

const char* StatementName(const PlStmt& stmt) {
  switch (stmt.kind) {
    case PlStmtKind::kBlock: return "statement block";
    case PlStmtKind::kAssign: return "assignment";
    case PlStmtKind::kIf: return "IF";
    case PlStmtKind::kCase: return "CASE";
    case PlStmtKind::kLoop: return "LOOP";
    case PlStmtKind::kWhile: return "WHILE";
    case PlStmtKind::kForInteger: return "FOR with integer loop variable";
    case PlStmtKind::kForQuery: return stmt.dynamic ? "FOR over EXECUTE statement" : "FOR over SELECT rows";
    case PlStmtKind::kForEach: return "FOREACH over array";
    case PlStmtKind::kExit: return "EXIT";
    case PlStmtKind::kContinue: return "CONTINUE";
    case PlStmtKind::kReturn: return "RETURN";
    case PlStmtKind::kReturnNext: return "RETURN NEXT";
    case PlStmtKind::kReturnQuery: return "RETURN QUERY";
    case PlStmtKind::kPerform: return "PERFORM";
    case PlStmtKind::kSql: return "SQL statement";
    case PlStmtKind::kExecute: return "EXECUTE";
    case PlStmtKind::kGetDiagnostics: return "GET DIAGNOSTICS";
    case PlStmtKind::kRaise: return "RAISE";
    case PlStmtKind::kAssert: return "ASSERT";
    case PlStmtKind::kNull: return "NULL";
  }
  return "statement";
}

class Executor {
 public:
  Executor(PlFunction& function, PlSpi& spi) : function_(function), spi_(spi) {
    values_.resize(function.variables.size());
    records_.resize(function.variables.size());
    for (size_t i = 0; i < values_.size(); ++i) values_[i] = Value::Null(function.variables[i].type.id);
  }

  PlResult Run(const std::vector<Value>& args) {
    for (size_t i = 0; i < args.size() && i < function_.argument_slots.size(); ++i) {
      values_[function_.argument_slots[i]] = args[i];
    }
    values_[function_.found_slot] = Value::Bool(false);
    const Flow flow = Execute(*function_.body.block);
    PlResult result;
    if (function_.returns_set) {
      result.rows = std::move(rows_);
      return result;
    }
    if (flow == Flow::kReturn) {
      result.value = std::move(return_value_);
      return result;
    }
    if (!function_.output_slots.empty()) {
      result.value = values_[function_.output_slots.front()];
      return result;
    }
    if (function_.result_type.id == TypeId::kVoid) {
      result.value = Value::OfInt(TypeId::kVoid, 0);
      return result;
    }
    throw Error("2F005", "control reached end of function without RETURN")
        .WithContext("PL/pgSQL function " + function_.signature);
  }

 private:
  // ---- values

  Type TypeOfSlot(int slot) const {
    const Type declared = function_.variables[slot].type;
    if (declared.id == TypeId::kUnknown) return Type{values_[slot].type(), -1};
    return declared;
  }

  PlRecord& RecordOf(int slot) {
    if (!records_[slot]) {
      const PlVariable& variable = function_.variables[slot];
      if (variable.row_names.empty()) {
        throw Error(sqlstate::kObjectNotInPrerequisiteState,
                    "record \"" + variable.name + "\" is not assigned yet")
            .WithDetail("The tuple structure of a not-yet-assigned record is indeterminate.");
      }
      auto record = std::make_shared<PlRecord>();
      record->names = variable.row_names;
      record->types = variable.row_types;
      for (const Type& type : record->types) record->values.push_back(Value::Null(type.id));
      records_[slot] = std::move(record);
    }
    return *records_[slot];
  }

  size_t FieldIndex(int slot, const std::string& field) {
    PlRecord& record = RecordOf(slot);
    for (size_t i = 0; i < record.names.size(); ++i) {
      if (record.names[i] == field) return i;
    }
    throw Error(sqlstate::kUndefinedColumn,
                "record \"" + function_.variables[slot].name + "\" has no field \"" + field + "\"");
  }

  static Value Coerce(const Value& value, const Type& type) {
    if (type.id == TypeId::kUnknown || type.id == TypeId::kRecord) return value;
    if (value.is_null()) return Value::Null(type.id);
    if (value.type() == type.id && type.typmod < 0) return value;
    return types::Cast(value, type, types::CastContext::kAssignment);
  }

  void Assign(const PlTarget& target, const Value& value) {
    const PlVariable& variable = function_.variables[target.slot];
    if (!target.field.empty()) {
      PlRecord& record = RecordOf(target.slot);
      const size_t index = FieldIndex(target.slot, target.field);
      record.values[index] = Coerce(value, record.types[index]);
      return;
    }
    if (variable.not_null && value.is_null()) {
      throw Error(sqlstate::kNullValueNotAllowed,
                  "null value cannot be assigned to variable \"" + variable.name + "\" declared NOT NULL");
    }
    values_[target.slot] = variable.type.id == TypeId::kUnknown ? value : Coerce(value, variable.type);
  }

  // A row into targets: one record variable takes the whole row; scalars take a column each.
  void AssignRow(const std::vector<PlTarget>& targets, const std::vector<std::string>& names,
                 const std::vector<Type>& types, const std::vector<Value>* row) {
    if (targets.size() == 1 && targets[0].field.empty() && function_.variables[targets[0].slot].record) {
      const int slot = targets[0].slot;
      const PlVariable& variable = function_.variables[slot];
      if (!variable.row_names.empty()) {
        PlRecord& record = RecordOf(slot);
        for (size_t i = 0; i < record.values.size(); ++i) {
          record.values[i] = row != nullptr && i < row->size() ? Coerce((*row)[i], record.types[i]) : Value::Null(record.types[i].id);
        }
        return;
      }
      auto record = std::make_shared<PlRecord>();
      record->names = names;
      record->types = types;
      for (size_t i = 0; i < types.size(); ++i) record->values.push_back(row != nullptr ? (*row)[i] : Value::Null(types[i].id));
      records_[slot] = std::move(record);
      return;
    }
    for (size_t i = 0; i < targets.size(); ++i) {
      Assign(targets[i], row != nullptr && i < row->size() ? (*row)[i] : Value::Null(TypeId::kText));
    }
  }

  // The values and types of a query's parameters.
  void Parameters(const PlQuery& query, std::vector<Value>& values, std::vector<Type>& types) {
    values.clear();
    types.clear();
    for (const PlParamRef& ref : query.params) {
      if (!ref.field.empty()) {
        const size_t index = FieldIndex(ref.slot, ref.field);
        const PlRecord& record = *records_[ref.slot];
        values.push_back(record.values[index]);
        types.push_back(record.types[index]);
        continue;
      }
      Type type = TypeOfSlot(ref.slot);
      if (type.id == TypeId::kRecord) {
        throw Error(sqlstate::kFeatureNotSupported,
                    "record variable \"" + function_.variables[ref.slot].name + "\" cannot be used as a value here");
      }
      values.push_back(values_[ref.slot]);
      types.push_back(Type{type.id, -1});
    }
  }

  Value Evaluate(const PlSql& sql, Type* type = nullptr) {
    Parameters(*sql.query, params_, param_types_);
    return spi_.Evaluate(*sql.query, params_, param_types_, type);
  }

  bool EvaluateCondition(const PlSql& sql) {
    const Value value = Evaluate(sql);
    if (value.is_null()) return false;
    if (value.type() != TypeId::kBool) return types::Cast(value, Type{TypeId::kBool, -1}, types::CastContext::kAssignment).AsBool();
    return value.AsBool();
  }

  PlRows Query(const PlSql& sql, size_t max_rows = SIZE_MAX) {
    Parameters(*sql.query, params_, param_types_);
    return spi_.Run(*sql.query, params_, param_types_, max_rows);
  }

  // EXECUTE's text and USING values.
  PlRows Dynamic(const PlStmt& stmt, size_t max_rows = SIZE_MAX) {
    const Value text = Evaluate(stmt.query);
    if (text.is_null()) throw Error(sqlstate::kNullValueNotAllowed, "query string argument of EXECUTE is null");
    std::vector<Value> values;
    std::vector<Type> value_types;
    for (const PlSql& argument : stmt.using_args) {
      Type type;
      values.push_back(Evaluate(argument, &type));
      value_types.push_back(type.id == TypeId::kUnknown ? Type{TypeId::kText, -1} : type);
    }
    return spi_.RunDynamic(types::ToText(text), values, value_types, max_rows);
  }

  void SetFound(bool found) { values_[function_.found_slot] = Value::Bool(found); }

  // ---- statements

  Flow ExecuteBody(const PlBody& body) {
    for (const PlStmtPtr& stmt : body) {
      const Flow flow = Execute(*stmt);
      if (flow != Flow::kNormal) return flow;
    }
    return Flow::kNormal;
  }

  Flow Execute(const PlStmt& stmt) {
    try {
      return ExecuteStatement(stmt);
    } catch (Error& error) {
      if (annotated_.count(&error) == 0) {
        std::string line = "PL/pgSQL function " + function_.signature + " line " + std::to_string(stmt.line) + " at " +
                           StatementName(stmt);
        error.WithContext(error.context().empty() ? line : error.context() + "\n" + line);
        annotated_.insert(&error);
      }
      throw;
    }
  }

  Flow Loop(const PlStmt& stmt, Flow flow, bool& stop) {
    stop = false;
    if (flow == Flow::kReturn) {
      stop = true;
      return flow;
    }
    if (flow == Flow::kExit) {
      stop = true;
      if (exit_label_.empty() || exit_label_ == stmt.label) {
        exit_label_.clear();
        return Flow::kNormal;
      }
      return flow;
    }
    if (flow == Flow::kContinue) {
      if (exit_label_.empty() || exit_label_ == stmt.label) {
        exit_label_.clear();
        return Flow::kNormal;
      }
      stop = true;
      return flow;
    }
    return Flow::kNormal;
  }

  Flow ExecuteStatement(const PlStmt& stmt) {
    if (spi_.session().cancel_requested.load(std::memory_order_relaxed)) {
      throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    }
    switch (stmt.kind) {
      case PlStmtKind::kBlock: return ExecuteBlock(stmt);
      case PlStmtKind::kAssign: Assign(stmt.targets[0], Evaluate(stmt.expr)); return Flow::kNormal;
      case PlStmtKind::kIf:
        for (const auto& [condition, body] : stmt.branches) {
          if (EvaluateCondition(condition)) return ExecuteBody(body);
        }
        return ExecuteBody(stmt.else_body);
      case PlStmtKind::kCase: {
        if (!stmt.expr.empty()) values_[stmt.targets[0].slot] = Evaluate(stmt.expr);
        for (const auto& [condition, body] : stmt.branches) {
          if (EvaluateCondition(condition)) return ExecuteBody(body);
        }
        if (!stmt.has_else) {
          throw Error(sqlstate::kCaseNotFound, "case not found")
              .WithHint("CASE statement is missing ELSE part.");
        }
        return ExecuteBody(stmt.else_body);
      }
      case PlStmtKind::kLoop:
        for (;;) {
          bool stop = false;
          const Flow flow = Loop(stmt, ExecuteBody(stmt.body), stop);
          if (stop) return flow;
        }
      case PlStmtKind::kWhile:
        while (EvaluateCondition(stmt.expr)) {
          bool stop = false;
          const Flow flow = Loop(stmt, ExecuteBody(stmt.body), stop);
          if (stop) return flow;
        }
        return Flow::kNormal;
      case PlStmtKind::kForInteger: return ExecuteForInteger(stmt);
      case PlStmtKind::kForQuery: {
        PlRows rows = stmt.dynamic ? Dynamic(stmt) : Query(stmt.query);
        SetFound(!rows.rows.empty());
        for (const std::vector<Value>& row : rows.rows) {
          AssignRow(stmt.targets, rows.names, rows.types, &row);
          bool stop = false;
          const Flow flow = Loop(stmt, ExecuteBody(stmt.body), stop);
          if (stop) return flow;
        }
        return Flow::kNormal;
      }
      case PlStmtKind::kForEach: {
        const Value array = Evaluate(stmt.expr);
        if (array.is_null()) throw Error(sqlstate::kNullValueNotAllowed, "FOREACH expression must not be null");
        if (!types::IsArray(array.type())) {
          throw Error(sqlstate::kDatatypeMismatch, "FOREACH expression must yield an array, not type " +
                                                       types::FormatType(Type{array.type(), -1}));
        }
        const std::vector<Value> elements = array.AsArray().elements;
        for (const Value& element : elements) {
          Assign(stmt.targets[0], element);
          bool stop = false;
          const Flow flow = Loop(stmt, ExecuteBody(stmt.body), stop);
          if (stop) return flow;
        }
        return Flow::kNormal;
      }
      case PlStmtKind::kExit:
      case PlStmtKind::kContinue:
        if (!stmt.expr.empty() && !EvaluateCondition(stmt.expr)) return Flow::kNormal;
        exit_label_ = stmt.label;
        return stmt.kind == PlStmtKind::kExit ? Flow::kExit : Flow::kContinue;
      case PlStmtKind::kReturn:
        if (function_.returns_set) return Flow::kReturn;
        if (!stmt.targets.empty()) {
          throw Error(sqlstate::kFeatureNotSupported, "returning a record variable is not supported");
        }
        if (stmt.expr.empty()) {
          return_value_ = function_.output_slots.empty() ? Value::OfInt(TypeId::kVoid, 0)
                                                          : values_[function_.output_slots.front()];
          return Flow::kReturn;
        }
        return_value_ = Coerce(Evaluate(stmt.expr), function_.result_type);
        return Flow::kReturn;
      case PlStmtKind::kReturnNext:
        if (stmt.expr.empty()) {
          if (function_.output_slots.empty()) throw Error(sqlstate::kSyntaxError, "RETURN NEXT must have a parameter");
          rows_.push_back(values_[function_.output_slots.front()]);
        } else {
          rows_.push_back(Coerce(Evaluate(stmt.expr), function_.result_type));
        }
        return Flow::kNormal;
      case PlStmtKind::kReturnQuery: {
        PlRows rows = stmt.dynamic ? Dynamic(stmt) : Query(stmt.query);
        if (!rows.types.empty() && rows.types.size() != 1) {
          throw Error(sqlstate::kDatatypeMismatch, "structure of query does not match function result type")
              .WithDetail("Number of returned columns (" + std::to_string(rows.types.size()) +
                          ") does not match expected column count (1).");
        }
        for (const std::vector<Value>& row : rows.rows) rows_.push_back(Coerce(row[0], function_.result_type));
        row_count_ = rows.processed;
        SetFound(rows.processed > 0);
        return Flow::kNormal;
      }
      case PlStmtKind::kPerform: {
        const PlRows rows = Query(stmt.query, 0);
        row_count_ = rows.processed;
        SetFound(rows.processed > 0);
        return Flow::kNormal;
      }
      case PlStmtKind::kSql:
      case PlStmtKind::kExecute: {
        PlRows rows = stmt.kind == PlStmtKind::kExecute ? Dynamic(stmt, stmt.into ? 2 : 0) : Query(stmt.query, stmt.into ? 2 : 0);
        row_count_ = rows.processed;
        if (stmt.into) {
          if (stmt.strict && rows.rows.empty()) throw Error(sqlstate::kNoDataFound, "query returned no rows");
          if (stmt.strict && rows.processed > 1) {
            throw Error(sqlstate::kTooManyRows, "query returned more than one row")
                .WithHint("Make sure the query returns a single row, or use LIMIT 1.");
          }
          AssignRow(stmt.targets, rows.names, rows.types, rows.rows.empty() ? nullptr : &rows.rows[0]);
        }
        if (stmt.kind == PlStmtKind::kSql) SetFound(rows.processed > 0);
        return Flow::kNormal;
      }
      case PlStmtKind::kGetDiagnostics:
        for (const auto& [target, item] : stmt.diagnostics) Assign(target, Value::Int8(static_cast<int64_t>(row_count_)));
        return Flow::kNormal;
      case PlStmtKind::kRaise: return ExecuteRaise(stmt);
      case PlStmtKind::kAssert: {
        const Value value = Evaluate(stmt.expr);
        if (!value.is_null() && value.AsBool()) return Flow::kNormal;
        std::string message = "assertion failed";
        if (!stmt.arguments.empty()) {
          const Value text = Evaluate(stmt.arguments[0]);
          if (!text.is_null()) message = types::ToText(text);
        }
        throw Error(sqlstate::kAssertFailure, message);
      }
      case PlStmtKind::kNull: return Flow::kNormal;
    }
    return Flow::kNormal;
  }

  Flow ExecuteForInteger(const PlStmt& stmt) {
    const Type integer{TypeId::kInt4, -1};
    const Value lower = Evaluate(stmt.lower);
    const Value upper = Evaluate(stmt.upper);
    if (lower.is_null()) throw Error(sqlstate::kNullValueNotAllowed, "lower bound of FOR loop cannot be null");
    if (upper.is_null()) throw Error(sqlstate::kNullValueNotAllowed, "upper bound of FOR loop cannot be null");
    int64_t step = 1;
    if (!stmt.step.empty()) {
      const Value by = Evaluate(stmt.step);
      if (by.is_null()) throw Error(sqlstate::kNullValueNotAllowed, "BY value of FOR loop cannot be null");
      step = types::Cast(by, integer, types::CastContext::kAssignment).AsInt();
      if (step <= 0) throw Error(sqlstate::kInvalidParameterValue, "BY value of FOR loop must be greater than zero");
    }
    int64_t current = types::Cast(lower, integer, types::CastContext::kAssignment).AsInt();
    const int64_t last = types::Cast(upper, integer, types::CastContext::kAssignment).AsInt();
    bool found = false;
    while (stmt.reverse ? current >= last : current <= last) {
      found = true;
      values_[stmt.targets[0].slot] = Value::Int4(static_cast<int32_t>(current));
      bool stop = false;
      const Flow flow = Loop(stmt, ExecuteBody(stmt.body), stop);
      if (stop) {
        SetFound(true);
        return flow;
      }
      current += stmt.reverse ? -step : step;
    }
    SetFound(found);
    return Flow::kNormal;
  }

  bool Matches(const PlHandler& handler, const Error& error) const {
    for (const std::string& condition : handler.conditions) {
      if (condition == "others") {
        if (error.sqlstate() != "57014" && error.sqlstate() != "P0004") return true;
        continue;
      }
      const std::string_view code = sqlstate::ConditionCode(condition);
      const std::string wanted = code.empty() ? condition : std::string(code);
      if (wanted == error.sqlstate()) return true;
      // A class code (the last three characters 000) matches every code of its class.
      if (wanted.size() == 5 && wanted.substr(2) == "000" && error.sqlstate().substr(0, 2) == wanted.substr(0, 2)) return true;
    }
    return false;
  }

  Flow ExecuteBlock(const PlStmt& stmt) {
    // Declarations: defaults evaluated in order, each variable starting NULL otherwise.
    InitializeDeclarations(stmt);
    if (!stmt.has_handlers) {
      const Flow flow = ExecuteBody(stmt.body);
      if (flow == Flow::kExit && exit_label_ == stmt.label && !stmt.label.empty()) {
        exit_label_.clear();
        return Flow::kNormal;
      }
      return flow;
    }
    Session::Impl& session = spi_.session();
    session.BeginSubtransaction();
    Flow flow;
    try {
      flow = ExecuteBody(stmt.body);
      session.EndSubtransaction(true);
    } catch (Error& error) {
      session.EndSubtransaction(false);
      const PlHandler* handler = nullptr;
      for (const PlHandler& candidate : stmt.handlers) {
        if (Matches(candidate, error)) {
          handler = &candidate;
          break;
        }
      }
      if (handler == nullptr) throw;
      annotated_.erase(&error);
      const Value saved_state = values_[function_.sqlstate_slot];
      const Value saved_message = values_[function_.sqlerrm_slot];
      values_[function_.sqlstate_slot] = Value::Text(error.sqlstate());
      values_[function_.sqlerrm_slot] = Value::Text(error.message());
      caught_.push_back(error);
      struct PopCaught {
        std::vector<Error>& caught;
        ~PopCaught() { caught.pop_back(); }
      } pop{caught_};
      flow = ExecuteBody(handler->body);
      values_[function_.sqlstate_slot] = saved_state;
      values_[function_.sqlerrm_slot] = saved_message;
    }
    if (flow == Flow::kExit && exit_label_ == stmt.label && !stmt.label.empty()) {
      exit_label_.clear();
      return Flow::kNormal;
    }
    return flow;
  }

  void InitializeDeclarations(const PlStmt& stmt) {
    // The declared variables of this block are the slots after those declared before it, in
    // order: find them by name from the innermost scope (the compiler declared them so).
    for (const PlDeclaration& declaration : stmt.declarations) {
      if (declaration.alias_of >= 0) continue;
      const int slot = declaration.slot;
      records_[slot].reset();
      const PlVariable& variable = function_.variables[slot];
      Value value = Value::Null(variable.type.id);
      if (!declaration.default_value.empty()) value = Coerce(Evaluate(declaration.default_value), variable.type);
      if (variable.not_null && value.is_null()) {
        throw Error(sqlstate::kNullValueNotAllowed,
                    "null value cannot be assigned to variable \"" + variable.name + "\" declared NOT NULL");
      }
      values_[slot] = value;
    }
  }

  Flow ExecuteRaise(const PlStmt& stmt) {
    if (stmt.reraise) {
      if (caught_.empty()) {
        throw Error("0Z002", "RAISE without parameters cannot be used outside an exception handler");
      }
      throw Error(caught_.back());
    }
    std::string message;
    std::string code = stmt.level == "exception" ? "P0001" : "00000";
    if (!stmt.condition.empty()) {
      const std::string_view known = sqlstate::ConditionCode(stmt.condition);
      code = known.empty() ? stmt.condition : std::string(known);
      message = known.empty() ? code : stmt.condition;
    }
    if (stmt.format) {
      size_t argument = 0;
      const std::string& format = *stmt.format;
      for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '%') {
          if (i + 1 < format.size() && format[i + 1] == '%') {
            message += '%';
            ++i;
            continue;
          }
          const Value value = Evaluate(stmt.arguments.at(argument++));
          message += value.is_null() ? "<NULL>" : types::ToText(value);
          continue;
        }
        message += format[i];
      }
    }
    std::string detail;
    std::string hint;
    for (const PlRaiseOption& option : stmt.options) {
      const Value value = Evaluate(option.value);
      const std::string text = value.is_null() ? "" : types::ToText(value);
      if (option.name == "errcode") {
        const std::string_view known = sqlstate::ConditionCode(text);
        code = known.empty() ? text : std::string(known);
        if (code.size() != 5) throw Error(sqlstate::kSyntaxError, "invalid SQLSTATE code");
        if (message.empty() && !stmt.format) message = text;
      } else if (option.name == "message") {
        message = text;
      } else if (option.name == "detail") {
        detail = text;
      } else if (option.name == "hint") {
        hint = text;
      } else {
        throw Error(sqlstate::kSyntaxError, "unrecognized RAISE statement option \"" + option.name + "\"");
      }
    }
    if (message.empty() && stmt.condition.empty()) message = code;
    if (stmt.level != "exception") {
      const Severity severity = stmt.level == "warning" ? Severity::kWarning
                                : stmt.level == "info" ? Severity::kInfo
                                                        : Severity::kNotice;
      // DEBUG and LOG go to the server log only, below client_min_messages' default.
      if (stmt.level == "debug" || stmt.level == "log") return Flow::kNormal;
      Error notice(code == "P0001" ? "00000" : code, message, severity);
      if (!detail.empty()) notice.WithDetail(detail);
      if (!hint.empty()) notice.WithHint(hint);
      notice.WithContext("PL/pgSQL function " + function_.signature + " line " + std::to_string(stmt.line) + " at RAISE");
      spi_.session().statement_notices.push_back(std::move(notice));
      return Flow::kNormal;
    }
    Error error(code, message);
    if (!detail.empty()) error.WithDetail(detail);
    if (!hint.empty()) error.WithHint(hint);
    throw error;
  }

 private:
  PlFunction& function_;
  PlSpi& spi_;
  std::vector<Value> values_;
  std::vector<std::shared_ptr<PlRecord>> records_;
  std::vector<Value> rows_;
  Value return_value_;
  std::string exit_label_;
  uint64_t row_count_ = 0;
  std::vector<Value> params_;
  std::vector<Type> param_types_;
  std::vector<Error> caught_;
  std::set<const Error*> annotated_;
};

}  // namespace

PlResult ExecuteFunction(PlFunction& function, PlSpi& spi, const std::vector<Value>& args) {
  Executor executor(function, spi);
  return executor.Run(args);
}

}  // namespace granary::plpgsql
