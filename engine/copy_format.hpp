// COPY's formats: reading text, CSV and binary rows from a byte stream that arrives in pieces,
// and writing text and CSV rows (binary output is written by copy_command.cpp). Byte-for-byte PostgreSQL 15's copyfromparse.c / copyto.c rules:
//
//  - Lines end with \n, \r\n or \r; the first line fixes which, and a different one later is
//    22P04 (`literal carriage return found in data`, ...). In CSV a quoted field may contain
//    line ends; in text a backslash makes the next byte (a line end too) data.
//  - Text fields: the NULL string matched on the raw field; escapes \b \f \n \r \t \v, \\,
//    1-3 octal digits, \x with 1-2 hex digits, and a backslash before any other byte is that
//    byte. CSV fields: quote, escape (the quote unless set), NULL only when unquoted (FORCE
//    NULL / FORCE NOT NULL change that per column).
//  - `\.` ends the data: anywhere in text (the line's earlier bytes are its last row), alone
//    on its line in CSV; what follows is ignored.
//  - Output escapes text as PostgreSQL's CopyAttributeOutText and quotes CSV fields that need
//    it (delimiter, quote, CR or LF, the NULL string, a lone `\.`) or are forced to be.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/copy_options.hpp"

namespace granary {

// One field of a row read from COPY data.
struct CopyField {
  std::string value;
  bool is_null = false;
  bool quoted = false;  // CSV: the field had quotes (FORCE_NULL / header matching)
};

// Splits COPY FROM data into rows. Feed bytes in any pieces; NextRow hands out each complete
// row (after Finish, the last one even without a line end). Raises 22P04 (format), 22021 (bad
// UTF-8): the caller adds the "COPY t, line N" context from line_number() / line().
class CopyReader {
 public:
  explicit CopyReader(const CopyOptions& options) : options_(options) {}

  // Appends data; ignored after the end marker.
  void Feed(std::string_view data);
  // No more data will come.
  void Finish() { finished_ = true; }
  // The next row's fields; false when no complete row is buffered or the data has ended.
  bool NextRow(std::vector<CopyField>& fields);
  // 1-based number of the line the last row (or the failing line) started at.
  uint64_t line_number() const { return line_number_; }
  // The raw text of the last row read (for error context).
  std::string_view line() const { return line_; }
  // Whether the error context may show line(): false for errors found while finding the end
  // of the line, as PostgreSQL's line_buf_valid.
  bool line_valid() const { return line_valid_; }
  bool ended() const { return ended_; }
  // The line the next row starts at.
  uint64_t next_line_number() const { return next_line_number_; }

 private:
  // Finds the next line in buffer_ from position_: sets line_, advances; false when more data
  // is needed.
  bool ReadLine();
  void SplitText(std::vector<CopyField>& fields);
  void SplitCsv(std::vector<CopyField>& fields);
  [[noreturn]] void FormatError(std::string message, std::string hint = {});

  enum class LineEnd { kUnknown, kNewline, kCarriageReturn, kCrNewline };

  const CopyOptions& options_;
  std::string buffer_;
  size_t position_ = 0;
  std::string line_;
  LineEnd line_end_ = LineEnd::kUnknown;
  uint64_t line_number_ = 0;
  uint64_t next_line_number_ = 1;
  bool line_valid_ = false;
  bool finished_ = false;
  bool ended_ = false;
};

// Splits COPY FROM data in PostgreSQL's binary format (the PGCOPY signature, flags and header
// extension, then per row an int16 field count and each field as an int32 length, -1 for
// NULL, and its bytes in the type's send format; a field count of -1 ends the data) into
// rows of raw fields. Errors are 22P04 with PostgreSQL's messages.
class CopyBinaryReader {
 public:
  void Feed(std::string_view data);
  void Finish() { finished_ = true; }
  // The next complete row (fields' values are the raw bytes); false when more data is
  // needed, or the data has ended (after the trailer, or at the end of the data between
  // rows).
  bool NextRow(std::vector<CopyField>& fields, size_t expected_fields);
  uint64_t row_number() const { return row_number_; }
  bool header_done() const { return header_done_; }
  // The field being read when an error was raised, or -1 (error context).
  int current_field() const { return current_field_; }

 private:
  bool ReadHeader();
  bool Available(size_t bytes) const { return buffer_.size() - position_ >= bytes; }
  uint32_t ReadUint32();
  uint16_t ReadUint16();

  std::string buffer_;
  size_t position_ = 0;
  bool header_done_ = false;
  bool finished_ = false;
  bool ended_ = false;
  uint64_t row_number_ = 0;
  int current_field_ = -1;
};

// Appends one row of COPY TO output (with its "\n"). `values` are the fields' text, null
// where NULL; `force_quote[i]` forces CSV quotes on column i.
void AppendCopyRow(const CopyOptions& options, const std::vector<const std::string*>& values,
                   const std::vector<bool>& force_quote, std::string& out);

}  // namespace granary
