// granary::Error: construction and the protocol names of severities.
#include "granary/error.hpp"

#include <utility>

namespace granary {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo: return "INFO";
    case Severity::kNotice: return "NOTICE";
    case Severity::kWarning: return "WARNING";
    case Severity::kError: return "ERROR";
    case Severity::kFatal: return "FATAL";
    case Severity::kPanic: return "PANIC";
  }
  return "ERROR";
}

Error::Error(std::string_view sqlstate, std::string message, Severity severity)
    : severity_(severity), sqlstate_(sqlstate), message_(std::move(message)) {
  what_ = std::string(SeverityName(severity_)) + ":  " + message_;
}

Error& Error::WithDetail(std::string detail) & {
  detail_ = std::move(detail);
  return *this;
}
Error&& Error::WithDetail(std::string detail) && { return std::move(WithDetail(std::move(detail))); }

Error& Error::WithHint(std::string hint) & {
  hint_ = std::move(hint);
  return *this;
}
Error&& Error::WithHint(std::string hint) && { return std::move(WithHint(std::move(hint))); }

Error& Error::WithPosition(int position) & {
  position_ = position;
  return *this;
}
Error&& Error::WithPosition(int position) && { return std::move(WithPosition(position)); }

Error&& Error::WithTable(std::string schema, std::string table) && {
  schema_name_ = std::move(schema);
  table_name_ = std::move(table);
  return std::move(*this);
}

Error&& Error::WithColumn(std::string column) && {
  column_name_ = std::move(column);
  return std::move(*this);
}

Error&& Error::WithConstraint(std::string constraint) && {
  constraint_name_ = std::move(constraint);
  return std::move(*this);
}

Error& Error::WithContext(std::string context) & {
  context_ = std::move(context);
  return *this;
}

Error&& Error::WithContext(std::string context) && { return std::move(WithContext(std::move(context))); }

}  // namespace granary
