// COPY text and CSV parsing and formatting.
#include "engine/copy_format.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "parser/literals.hpp"

namespace granary {
namespace {

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void CheckUtf8(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || c == 0) {
      const size_t bad = parser::FindInvalidUtf8(text);
      if (bad != std::string_view::npos) parser::ThrowInvalidUtf8(text, bad);
      return;
    }
  }
}

}  // namespace

void CopyReader::Feed(std::string_view data) {
  if (ended_) return;
  if (position_ > 0 && position_ >= buffer_.size() / 2) {
    buffer_.erase(0, position_);
    position_ = 0;
  }
  buffer_.append(data);
}

void CopyReader::FormatError(std::string message, std::string hint) {
  Error error(sqlstate::kBadCopyFileFormat, std::move(message));
  if (!hint.empty()) error.WithHint(std::move(hint));
  throw error;
}

bool CopyReader::ReadLine() {
  const bool csv = options_.csv();
  const char* data = buffer_.data();
  const size_t size = buffer_.size();
  size_t i = position_;
  bool in_quote = false;
  bool last_was_escape = false;
  // An escape equal to the quote needs no special care: the quote just toggles.
  const char escape = options_.escape == options_.quote ? '\0' : options_.escape;
  uint64_t embedded_lines = 0;
  line_valid_ = false;
  line_number_ = next_line_number_;
  // Needs one more byte to decide (a CR's LF, the byte after a backslash): wait for it,
  // unless the data is complete.
  auto need_more = [&](size_t at) { return at >= size && !finished_; };
  while (true) {
    if (i >= size) {
      if (!finished_) return false;
      if (i == position_) return false;  // nothing left
      if (csv && in_quote) {
        // Let the field splitter report the unterminated quote on the whole rest.
      }
      line_.assign(data + position_, i - position_);
      position_ = i;
      next_line_number_ = line_number_ + 1 + embedded_lines;
      return true;
    }
    const char c = data[i];
    if (csv) {
      if ((c == '\\' || c == '\r') && need_more(i + 1)) return false;
      if (in_quote && c == escape) last_was_escape = !last_was_escape;
      if (c == options_.quote && !last_was_escape) in_quote = !in_quote;
      if (c != escape) last_was_escape = false;
      if (in_quote && c == (line_end_ == LineEnd::kNewline || line_end_ == LineEnd::kUnknown ? '\n' : '\r')) {
        ++embedded_lines;
      }
    }
    if (c == '\r' && (!csv || !in_quote)) {
      size_t end = i + 1;
      if (line_end_ == LineEnd::kUnknown || line_end_ == LineEnd::kCrNewline) {
        if (need_more(i + 1)) return false;
        if (i + 1 < size && data[i + 1] == '\n') {
          end = i + 2;
          line_end_ = LineEnd::kCrNewline;
        } else if (line_end_ == LineEnd::kCrNewline) {
          FormatError(csv ? "unquoted carriage return found in data" : "literal carriage return found in data",
                      csv ? "Use quoted CSV field to represent carriage return."
                          : "Use \"\\r\" to represent carriage return.");
        } else {
          line_end_ = LineEnd::kCarriageReturn;
        }
      } else if (line_end_ == LineEnd::kNewline) {
        FormatError(csv ? "unquoted carriage return found in data" : "literal carriage return found in data",
                    csv ? "Use quoted CSV field to represent carriage return."
                        : "Use \"\\r\" to represent carriage return.");
      }
      line_.assign(data + position_, i - position_);
      position_ = end;
      next_line_number_ = line_number_ + 1 + embedded_lines;
      return true;
    }
    if (c == '\n' && (!csv || !in_quote)) {
      if (line_end_ == LineEnd::kCarriageReturn || line_end_ == LineEnd::kCrNewline) {
        FormatError(csv ? "unquoted newline found in data" : "literal newline found in data",
                    csv ? "Use quoted CSV field to represent newline." : "Use \"\\n\" to represent newline.");
      }
      line_end_ = LineEnd::kNewline;
      line_.assign(data + position_, i - position_);
      position_ = i + 1;
      next_line_number_ = line_number_ + 1 + embedded_lines;
      return true;
    }
    if (c == '\\' && (!csv || i == position_)) {
      if (need_more(i + 1)) return false;
      if (i + 1 >= size) {
        ++i;
        continue;
      }
      if (data[i + 1] == '.') {
        // The end-of-copy marker: \. then the line end (always in text, else CSV data).
        size_t next = i + 2;
        if (line_end_ == LineEnd::kCrNewline) {
          if (need_more(next)) return false;
          const char c2 = next < size ? data[next++] : '\0';
          if (c2 == '\n') {
            if (!csv) FormatError("end-of-copy marker does not match previous newline style");
            ++i;
            continue;
          }
          if (c2 != '\r') {
            if (!csv) FormatError("end-of-copy marker corrupt");
            ++i;
            continue;
          }
        }
        if (need_more(next)) return false;
        const char c2 = next < size ? data[next++] : '\0';
        if (c2 != '\r' && c2 != '\n') {
          if (!csv) FormatError("end-of-copy marker corrupt");
          ++i;
          continue;
        }
        if ((line_end_ == LineEnd::kNewline && c2 != '\n') ||
            (line_end_ == LineEnd::kCrNewline && c2 != '\n') ||
            (line_end_ == LineEnd::kCarriageReturn && c2 != '\r')) {
          FormatError("end-of-copy marker does not match previous newline style");
        }
        ended_ = true;
        const bool has_row = i > position_;
        line_.assign(data + position_, i - position_);
        buffer_.clear();
        position_ = 0;
        return has_row;
      }
      if (!csv) ++i;  // the escaped byte is data, whatever it is
    }
    ++i;
  }
}

bool CopyReader::NextRow(std::vector<CopyField>& fields) {
  if (ended_) return false;
  if (!ReadLine()) return false;
  CheckUtf8(line_);  // before line_valid_: a line that is not UTF-8 is not shown in context
  line_valid_ = true;
  if (options_.csv()) {
    SplitCsv(fields);
  } else {
    SplitText(fields);
  }
  return true;
}

void CopyReader::SplitText(std::vector<CopyField>& fields) {
  size_t count = 0;
  const std::string& line = line_;
  const size_t end = line.size();
  size_t i = 0;
  while (true) {
    if (count == fields.size()) fields.emplace_back();
    CopyField& field = fields[count++];
    field.value.clear();
    field.quoted = false;
    const size_t start = i;
    bool found_delimiter = false;
    bool saw_non_ascii = false;
    while (i < end) {
      char c = line[i++];
      if (c == options_.delimiter) {
        found_delimiter = true;
        break;
      }
      if (c == '\\') {
        if (i >= end) break;
        c = line[i++];
        switch (c) {
          case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            int value = c - '0';
            if (i < end && IsOctal(line[i])) {
              value = (value << 3) + (line[i++] - '0');
              if (i < end && IsOctal(line[i])) value = (value << 3) + (line[i++] - '0');
            }
            c = static_cast<char>(value & 0377);
            if (c == '\0' || (c & 0x80) != 0) saw_non_ascii = true;
            break;
          }
          case 'x':
            if (i < end && HexValue(line[i]) >= 0) {
              int value = HexValue(line[i++]);
              if (i < end && HexValue(line[i]) >= 0) value = (value << 4) + HexValue(line[i++]);
              c = static_cast<char>(value & 0xff);
              if (c == '\0' || (c & 0x80) != 0) saw_non_ascii = true;
            }
            break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'n': c = '\n'; break;
          case 'r': c = '\r'; break;
          case 't': c = '\t'; break;
          case 'v': c = '\v'; break;
          default: break;  // the byte after a backslash, literally
        }
      }
      field.value += c;
    }
    const size_t raw_end = found_delimiter ? i - 1 : i;
    field.is_null = std::string_view(line).substr(start, raw_end - start) == options_.null_string;
    if (!field.is_null && saw_non_ascii) CheckUtf8(field.value);
    if (!found_delimiter) break;
  }
  fields.resize(count);
}

void CopyReader::SplitCsv(std::vector<CopyField>& fields) {
  size_t count = 0;
  const std::string& line = line_;
  const size_t end = line.size();
  size_t i = 0;
  const char quote = options_.quote;
  const char escape = options_.escape;
  while (true) {
    if (count == fields.size()) fields.emplace_back();
    CopyField& field = fields[count++];
    field.value.clear();
    field.quoted = false;
    const size_t start = i;
    bool found_delimiter = false;
    while (true) {
      // Outside quotes.
      bool entered_quote = false;
      while (i < end) {
        const char c = line[i++];
        if (c == options_.delimiter) {
          found_delimiter = true;
          break;
        }
        if (c == quote) {
          field.quoted = true;
          entered_quote = true;
          break;
        }
        field.value += c;
      }
      if (!entered_quote) break;
      // Inside quotes.
      while (true) {
        if (i >= end) FormatError("unterminated CSV quoted field");
        const char c = line[i++];
        if (c == escape && i < end && (line[i] == escape || line[i] == quote)) {
          field.value += line[i++];
          continue;
        }
        if (c == quote) break;
        field.value += c;
      }
    }
    const size_t raw_end = found_delimiter ? i - 1 : i;
    field.is_null = !field.quoted &&
                    std::string_view(line).substr(start, raw_end - start) == options_.null_string;
    if (!found_delimiter) break;
  }
  fields.resize(count);
}

void AppendCopyRow(const CopyOptions& options, const std::vector<const std::string*>& values,
                   const std::vector<bool>& force_quote, std::string& out) {
  const char delimiter = options.delimiter;
  for (size_t column = 0; column < values.size(); ++column) {
    if (column > 0) out += delimiter;
    const std::string* value = values[column];
    if (value == nullptr) {
      out += options.null_string;
      continue;
    }
    if (!options.csv()) {
      for (const char c : *value) {
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped = 0;
          switch (c) {
            case '\b': escaped = 'b'; break;
            case '\f': escaped = 'f'; break;
            case '\n': escaped = 'n'; break;
            case '\r': escaped = 'r'; break;
            case '\t': escaped = 't'; break;
            case '\v': escaped = 'v'; break;
            default: break;
          }
          if (escaped != 0) {
            out += '\\';
            out += escaped;
          } else {
            if (c == delimiter) out += '\\';
            out += c;
          }
        } else {
          if (c == '\\' || c == delimiter) out += '\\';
          out += c;
        }
      }
      continue;
    }
    bool use_quote = (column < force_quote.size() && force_quote[column]) || *value == options.null_string;
    if (!use_quote) {
      if (values.size() == 1 && *value == "\\.") {
        use_quote = true;
      } else {
        for (const char c : *value) {
          if (c == delimiter || c == options.quote || c == '\n' || c == '\r') {
            use_quote = true;
            break;
          }
        }
      }
    }
    if (!use_quote) {
      out += *value;
      continue;
    }
    out += options.quote;
    for (const char c : *value) {
      if (c == options.quote || c == options.escape) out += options.escape;
      out += c;
    }
    out += options.quote;
  }
  out += '\n';
}

namespace {

constexpr char kBinarySignature[] = "PGCOPY\n\377\r\n";  // with its NUL: 11 bytes
constexpr size_t kBinarySignatureSize = 11;

[[noreturn]] void BinaryFormatError(const std::string& message) {
  throw Error(sqlstate::kBadCopyFileFormat, message);
}

}  // namespace

void CopyBinaryReader::Feed(std::string_view data) {
  if (ended_) {
    if (!data.empty()) BinaryFormatError("received copy data after EOF marker");
    return;
  }
  if (position_ > 0 && position_ >= buffer_.size() / 2) {
    buffer_.erase(0, position_);
    position_ = 0;
  }
  buffer_.append(data);
}

uint32_t CopyBinaryReader::ReadUint32() {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(buffer_[position_++]);
  return value;
}

uint16_t CopyBinaryReader::ReadUint16() {
  const auto high = static_cast<unsigned char>(buffer_[position_]);
  const auto low = static_cast<unsigned char>(buffer_[position_ + 1]);
  position_ += 2;
  return static_cast<uint16_t>((high << 8) | low);
}

bool CopyBinaryReader::ReadHeader() {
  if (!Available(kBinarySignatureSize + 8)) {
    if (!finished_) return false;
    if (!Available(kBinarySignatureSize) ||
        buffer_.compare(position_, kBinarySignatureSize, kBinarySignature, kBinarySignatureSize) != 0) {
      BinaryFormatError("COPY file signature not recognized");
    }
    BinaryFormatError(Available(kBinarySignatureSize + 4) ? "invalid COPY file header (missing length)"
                                                          : "invalid COPY file header (missing flags)");
  }
  if (buffer_.compare(position_, kBinarySignatureSize, kBinarySignature, kBinarySignatureSize) != 0) {
    BinaryFormatError("COPY file signature not recognized");
  }
  const size_t start = position_;
  position_ += kBinarySignatureSize;
  const uint32_t flags = ReadUint32();
  if ((flags & (1u << 16)) != 0) BinaryFormatError("invalid COPY file header (WITH OIDS)");
  if ((flags & 0xFFFF0000u & ~(1u << 16)) != 0) BinaryFormatError("unrecognized critical flags in COPY file header");
  const uint32_t extension = ReadUint32();
  if (extension > (1u << 30)) BinaryFormatError("invalid COPY file header (wrong length)");
  if (!Available(extension)) {
    if (finished_) BinaryFormatError("invalid COPY file header (wrong length)");
    position_ = start;
    return false;
  }
  position_ += extension;
  header_done_ = true;
  return true;
}

bool CopyBinaryReader::NextRow(std::vector<CopyField>& fields, size_t expected_fields) {
  if (ended_) return false;
  if (!header_done_ && !ReadHeader()) return false;
  const size_t start = position_;
  auto need_more = [&]() {
    if (finished_) BinaryFormatError("unexpected EOF in COPY data");
    position_ = start;
    return false;
  };
  current_field_ = -1;
  if (!Available(2)) {
    if (finished_) return false;  // the end, without a trailer (as PostgreSQL, a lone byte too)
    return need_more();
  }
  const auto count = static_cast<int16_t>(ReadUint16());
  if (count == -1) {
    ended_ = true;
    ++row_number_;  // the trailer is a "line" of its own in PostgreSQL's error context
    if (position_ != buffer_.size()) BinaryFormatError("received copy data after EOF marker");
    return false;
  }
  ++row_number_;
  if (count < 0 || static_cast<size_t>(count) != expected_fields) {
    BinaryFormatError("row field count is " + std::to_string(count) + ", expected " +
                      std::to_string(expected_fields));
  }
  fields.resize(static_cast<size_t>(count));
  for (CopyField& field : fields) {
    ++current_field_;
    if (!Available(4)) {
      if (finished_) BinaryFormatError("unexpected EOF in COPY data");
      --row_number_;
      return need_more();
    }
    const auto length = static_cast<int32_t>(ReadUint32());
    field.quoted = false;
    if (length == -1) {
      field.is_null = true;
      field.value.clear();
      continue;
    }
    if (length < 0) BinaryFormatError("invalid field size");
    if (!Available(static_cast<size_t>(length))) {
      if (finished_) BinaryFormatError("unexpected EOF in COPY data");
      --row_number_;
      return need_more();
    }
    field.is_null = false;
    field.value.assign(buffer_, position_, static_cast<size_t>(length));
    position_ += static_cast<size_t>(length);
  }
  current_field_ = -1;
  return true;
}

}  // namespace granary
