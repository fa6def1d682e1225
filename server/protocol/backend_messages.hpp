// Encoding backend messages (PostgreSQL's pqformat.c writers and the message layouts of the
// protocol chapter). Each function appends one complete message — type byte, length, payload
// — to `out`; nothing here does I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "granary/error.hpp"
#include "granary/granary.hpp"

namespace granary::server::protocol {

// Builds one message in place: the type and a length placeholder on construction, the
// length patched by Finish() (or the destructor).
class MessageBuilder {
 public:
  MessageBuilder(std::string& out, char type);
  ~MessageBuilder() { Finish(); }
  MessageBuilder(const MessageBuilder&) = delete;
  MessageBuilder& operator=(const MessageBuilder&) = delete;

  MessageBuilder& Byte(char value);
  MessageBuilder& Int16(int16_t value);
  MessageBuilder& Int32(int32_t value);
  MessageBuilder& String(std::string_view value);  // with its NUL terminator
  MessageBuilder& Bytes(std::string_view value);
  void Finish();

 private:
  std::string& out_;
  size_t start_;
  bool finished_ = false;
};

// Authentication requests ('R').
void AppendAuthenticationOk(std::string& out);
void AppendAuthenticationCleartextPassword(std::string& out);
void AppendAuthenticationMd5Password(std::string& out, std::string_view salt);
void AppendAuthenticationSasl(std::string& out, const std::vector<std::string_view>& mechanisms);
void AppendAuthenticationSaslContinue(std::string& out, std::string_view data);
void AppendAuthenticationSaslFinal(std::string& out, std::string_view data);

void AppendParameterStatus(std::string& out, std::string_view name, std::string_view value);
void AppendBackendKeyData(std::string& out, int32_t process_id, int32_t secret_key);
// `status`: 'I' idle, 'T' in a transaction block, 'E' in a failed one.
void AppendReadyForQuery(std::string& out, char status);
// The server's answer to a protocol minor version or _pq_ options it does not support.
void AppendNegotiateProtocolVersion(std::string& out, int32_t newest_minor,
                                    const std::vector<std::string>& unrecognized_options);

// ErrorResponse ('E'), with `severity` overriding the error's own (FATAL during startup).
// Fields: S and V (severity), C (SQLSTATE), M, and D, H, P, s, t, c, n when present.
void AppendErrorResponse(std::string& out, const Error& error, Severity severity);
void AppendErrorResponse(std::string& out, const Error& error);
// NoticeResponse ('N') for a notice or warning, with the same fields as ErrorResponse.
void AppendNoticeResponse(std::string& out, const Error& notice);

// Result formats per column from a Bind's format codes: none -> all text, one -> all that
// one, else one per column (the caller has checked the count).
int16_t FormatOf(const std::vector<int16_t>& formats, size_t column);
void AppendRowDescription(std::string& out, const std::vector<ColumnInfo>& columns,
                          const std::vector<int16_t>& formats);
// DataRow ('D') for one row, each value in its column's format.
void AppendDataRow(std::string& out, const Row& row, const std::vector<int16_t>& formats);
void AppendCommandComplete(std::string& out, std::string_view tag);
void AppendEmptyQueryResponse(std::string& out);
void AppendParameterDescription(std::string& out, const std::vector<uint32_t>& types);
void AppendNoData(std::string& out);
void AppendParseComplete(std::string& out);
void AppendBindComplete(std::string& out);
void AppendCloseComplete(std::string& out);
void AppendPortalSuspended(std::string& out);
// COPY: CopyInResponse / CopyOutResponse (text or binary for every column), CopyData, CopyDone.
void AppendCopyInResponse(std::string& out, bool binary, size_t columns);
void AppendCopyOutResponse(std::string& out, bool binary, size_t columns);
void AppendCopyData(std::string& out, std::string_view data);
void AppendCopyDone(std::string& out);

}  // namespace granary::server::protocol
