// COPY option processing, after PostgreSQL 15's ProcessCopyOptions (commands/copy.c).
#include "engine/copy_options.hpp"

#include <cctype>
#include <cstring>
#include <optional>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary {
namespace {

using parser::CopyOption;
using parser::CopyOptionKind;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

[[noreturn]] void Conflicting() {
  throw Error(sqlstate::kSyntaxError, "conflicting or redundant options");
}

// PostgreSQL's defGetString: any value but none; numbers as written.
std::string StringValue(const CopyOption& option) {
  if (option.kind == CopyOptionKind::kString || option.kind == CopyOptionKind::kNumber) return option.value;
  if (option.kind == CopyOptionKind::kStar) return "*";
  throw Error(sqlstate::kSyntaxError, option.name + " requires a parameter");
}

// PostgreSQL's defGetBoolean.
bool BooleanValue(const CopyOption& option) {
  if (option.kind == CopyOptionKind::kNone) return true;
  if (option.kind == CopyOptionKind::kNumber) {
    if (option.value == "0") return false;
    if (option.value == "1") return true;
  } else if (option.kind == CopyOptionKind::kString) {
    const std::string value = Lower(option.value);
    if (value == "true" || value == "on") return true;
    if (value == "false" || value == "off") return false;
  }
  throw Error(sqlstate::kSyntaxError, option.name + " requires a Boolean value");
}

std::vector<std::string> ColumnList(const CopyOption& option) {
  if (option.kind == CopyOptionKind::kList) return option.list;
  throw Error(sqlstate::kInvalidParameterValue,
              "argument to option \"" + option.name + "\" must be a list of column names");
}

}  // namespace

CopyOptions ProcessCopyOptions(const std::vector<CopyOption>& options, bool is_from) {
  CopyOptions out;
  bool format_seen = false, freeze_seen = false, header_seen = false;
  bool force_quote_seen = false, force_not_null_seen = false, force_null_seen = false;
  std::optional<std::string> delimiter, null_string, quote, escape;
  for (const CopyOption& option : options) {
    const std::string& name = option.name;
    if (name == "format") {
      if (format_seen) Conflicting();
      format_seen = true;
      const std::string format = StringValue(option);
      if (format == "text") {
        out.format = CopyFormat::kText;
      } else if (format == "csv") {
        out.format = CopyFormat::kCsv;
      } else if (format == "binary") {
        out.format = CopyFormat::kBinary;
      } else {
        throw Error(sqlstate::kInvalidParameterValue, "COPY format \"" + format + "\" not recognized");
      }
    } else if (name == "freeze") {
      if (freeze_seen) Conflicting();
      freeze_seen = true;
      out.freeze = BooleanValue(option);
    } else if (name == "delimiter") {
      if (delimiter) Conflicting();
      delimiter = StringValue(option);
    } else if (name == "null") {
      if (null_string) Conflicting();
      null_string = StringValue(option);
    } else if (name == "header") {
      if (header_seen) Conflicting();
      header_seen = true;
      // PostgreSQL's defGetCopyHeaderChoice: a Boolean or "match".
      if (option.kind == CopyOptionKind::kString && Lower(option.value) == "match") {
        if (!is_from) {
          throw Error(sqlstate::kFeatureNotSupported, "cannot use \"match\" with HEADER in COPY TO");
        }
        out.header = out.header_match = true;
      } else {
        try {
          out.header = BooleanValue(option);
        } catch (const Error&) {
          throw Error(sqlstate::kSyntaxError, name + " requires a Boolean value or \"match\"");
        }
      }
    } else if (name == "quote") {
      if (quote) Conflicting();
      quote = StringValue(option);
    } else if (name == "escape") {
      if (escape) Conflicting();
      escape = StringValue(option);
    } else if (name == "force_quote") {
      if (force_quote_seen) Conflicting();
      force_quote_seen = true;
      if (option.kind == CopyOptionKind::kStar) {
        out.force_quote_all = true;
      } else {
        out.force_quote = ColumnList(option);
      }
    } else if (name == "force_not_null") {
      if (force_not_null_seen) Conflicting();
      force_not_null_seen = true;
      out.force_not_null = ColumnList(option);
    } else if (name == "force_null") {
      if (force_null_seen) Conflicting();
      force_null_seen = true;
      out.force_null = ColumnList(option);
    } else if (name == "encoding") {
      const std::string encoding = Lower(StringValue(option));
      if (encoding != "utf8" && encoding != "utf-8" && encoding != "unicode") {
        throw Error(sqlstate::kFeatureNotSupported,
                    "COPY ENCODING other than UTF8 is not supported yet");
      }
    } else {
      throw Error(sqlstate::kSyntaxError, "option \"" + name + "\" not recognized");
    }
  }

  const bool binary = out.format == CopyFormat::kBinary;
  const bool csv = out.csv();
  if (binary && delimiter) throw Error(sqlstate::kSyntaxError, "cannot specify DELIMITER in BINARY mode");
  if (binary && null_string) throw Error(sqlstate::kSyntaxError, "cannot specify NULL in BINARY mode");
  if (binary && out.header) {
    throw Error(sqlstate::kFeatureNotSupported, "cannot specify HEADER in BINARY mode");
  }
  const std::string delimiter_text = delimiter.value_or(csv ? "," : "\t");
  out.null_string = null_string.value_or(csv ? "" : "\\N");
  if (delimiter_text.size() != 1) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY delimiter must be a single one-byte character");
  }
  out.delimiter = delimiter_text[0];
  if (out.delimiter == '\n' || out.delimiter == '\r') {
    throw Error(sqlstate::kInvalidParameterValue, "COPY delimiter cannot be newline or carriage return");
  }
  if (out.null_string.find_first_of("\r\n") != std::string::npos) {
    throw Error(sqlstate::kInvalidParameterValue,
                "COPY null representation cannot use newline or carriage return");
  }
  // Backslash and the letters and digits of escapes cannot delimit text format.
  if (!csv && std::strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", out.delimiter) != nullptr) {
    throw Error(sqlstate::kInvalidParameterValue,
                "COPY delimiter cannot be \"" + delimiter_text + "\"");
  }
  if (!csv && quote) throw Error(sqlstate::kFeatureNotSupported, "COPY quote available only in CSV mode");
  if (csv && quote && quote->size() != 1) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY quote must be a single one-byte character");
  }
  if (csv && quote) out.quote = (*quote)[0];
  if (csv && out.delimiter == out.quote) {
    throw Error(sqlstate::kInvalidParameterValue, "COPY delimiter and quote must be different");
  }
  if (!csv && escape) throw Error(sqlstate::kFeatureNotSupported, "COPY escape available only in CSV mode");
  if (csv && escape && escape->size() != 1) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY escape must be a single one-byte character");
  }
  out.escape = escape ? (*escape)[0] : out.quote;
  if (!csv && force_quote_seen) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY force quote available only in CSV mode");
  }
  if (force_quote_seen && is_from) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY force quote only available using COPY TO");
  }
  if (!csv && force_not_null_seen) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY force not null available only in CSV mode");
  }
  if (force_not_null_seen && !is_from) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY force not null only available using COPY FROM");
  }
  if (!csv && force_null_seen) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY force null available only in CSV mode");
  }
  if (force_null_seen && !is_from) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY force null only available using COPY FROM");
  }
  if (!binary && out.null_string.find(out.delimiter) != std::string::npos) {
    throw Error(sqlstate::kFeatureNotSupported, "COPY delimiter must not appear in the NULL specification");
  }
  if (csv && out.null_string.find(out.quote) != std::string::npos) {
    throw Error(sqlstate::kFeatureNotSupported, "CSV quote character must not appear in the NULL specification");
  }
  return out;
}

}  // namespace granary
