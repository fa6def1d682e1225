// granary::Error — the one error type of Granary, shared by the engine and its public API.
//
// It carries exactly the fields of the PostgreSQL protocol's ErrorResponse: severity,
// SQLSTATE, message, detail, hint, cursor position and the names of the object concerned.
// Inside the engine a query-ending error is thrown as granary::Error; the C++ API lets it
// reach the application unchanged; the C API catches it and keeps it on the handle.
//
// Thread-safety: an Error is a value; copies are independent.
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace granary {

// What an error invalidates: the statement (kError), the session (kFatal) or the process
// (kPanic). kWarning and kNotice are informational and never thrown.
enum class Severity { kInfo, kNotice, kWarning, kError, kFatal, kPanic };

// The protocol's name for a severity ("ERROR", "FATAL", ...).
std::string_view SeverityName(Severity severity);

class Error : public std::exception {
 public:
  // `sqlstate` is a five-character code such as "22012"; `message` follows PostgreSQL's
  // style: lower case, one line, no final period.
  Error(std::string_view sqlstate, std::string message, Severity severity = Severity::kError);

  Error& WithDetail(std::string detail) &;
  Error&& WithDetail(std::string detail) &&;
  Error& WithHint(std::string hint) &;
  Error&& WithHint(std::string hint) &&;
  // 1-based character position in the statement text; 0 means "no position".
  Error& WithPosition(int position) &;
  Error&& WithPosition(int position) &&;
  Error&& WithTable(std::string schema, std::string table) &&;
  Error&& WithColumn(std::string column) &&;
  Error&& WithConstraint(std::string constraint) &&;
  // Where the error happened, as PostgreSQL's CONTEXT line ("COPY t, line 2, column a: "x"").
  Error& WithContext(std::string context) &;
  Error&& WithContext(std::string context) &&;

  Severity severity() const { return severity_; }
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }
  int position() const { return position_; }
  const std::string& schema_name() const { return schema_name_; }
  const std::string& table_name() const { return table_name_; }
  const std::string& column_name() const { return column_name_; }
  const std::string& constraint_name() const { return constraint_name_; }
  const std::string& context() const { return context_; }

  // "ERROR:  message", as psql prints the primary line.
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  Severity severity_;
  std::string sqlstate_;
  std::string message_;
  std::string detail_;
  std::string hint_;
  int position_ = 0;
  std::string schema_name_;
  std::string table_name_;
  std::string column_name_;
  std::string constraint_name_;
  std::string context_;
  std::string what_;
};

}  // namespace granary
