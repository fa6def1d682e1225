// bytea: PostgreSQL's binary string type — its input and output functions (byteain,
// byteaout with `bytea_output` hex or escape) and the encodings of encode()/decode()
// (utils/adt/varlena.c and encode.c of PostgreSQL 15, byte for byte).
//
// The output format is a session setting (`bytea_output`), but ToText has no session: the
// engine sets the format of the thread that runs a statement or renders its results with a
// ScopedByteaOutput, and ToText reads it. The default (no scope) is hex, PostgreSQL's
// default.
//
// Errors: 22P02 `invalid input syntax for type bytea` (escape format); 22023
// `invalid hexadecimal digit: "g"`, `invalid hexadecimal data: odd number of digits`,
// `unrecognized encoding: "x"`, base64 errors as PostgreSQL words them.
// Thread-safety: pure functions, except that the output format is per thread.
#pragma once

#include <string>
#include <string_view>

namespace granary::types {

enum class ByteaOutput { kHex, kEscape };

// The output format of this thread (hex unless a ScopedByteaOutput says otherwise).
ByteaOutput CurrentByteaOutput();

// Sets this thread's bytea output format for its lifetime; restores the previous one.
class ScopedByteaOutput {
 public:
  explicit ScopedByteaOutput(ByteaOutput format);
  ~ScopedByteaOutput();
  ScopedByteaOutput(const ScopedByteaOutput&) = delete;
  ScopedByteaOutput& operator=(const ScopedByteaOutput&) = delete;

 private:
  ByteaOutput previous_;
};

// byteain: `\x` followed by hex digits (white space between pairs allowed), else the escape
// format (`\\` and `\ooo` octal escapes, every other byte literal).
std::string ByteaFromText(std::string_view text);
// byteaout in the given format: `\x` + lower-case hex, or escape (`\\`, `\ooo` for bytes
// outside 0x20..0x7e).
std::string ByteaToText(std::string_view bytes, ByteaOutput format);

// encode(bytes, format) / decode(text, format) with format hex, base64 or escape (the
// names are case-insensitive, as PostgreSQL's pg_strcasecmp compares them).
std::string EncodeBytes(std::string_view bytes, std::string_view format);
std::string DecodeBytes(std::string_view text, std::string_view format);

}  // namespace granary::types
