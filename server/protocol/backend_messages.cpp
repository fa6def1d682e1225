// Backend message encoders.
#include "server/protocol/backend_messages.hpp"

namespace granary::server::protocol {
namespace {

void AppendBigEndian32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

// Authentication request codes.
constexpr int32_t kAuthOk = 0;
constexpr int32_t kAuthCleartextPassword = 3;
constexpr int32_t kAuthMd5Password = 5;
constexpr int32_t kAuthSasl = 10;
constexpr int32_t kAuthSaslContinue = 11;
constexpr int32_t kAuthSaslFinal = 12;

void Field(MessageBuilder& message, char code, std::string_view value) {
  if (value.empty()) return;
  message.Byte(code).String(value);
}

}  // namespace

MessageBuilder::MessageBuilder(std::string& out, char type) : out_(out) {
  out_.push_back(type);
  start_ = out_.size();
  out_.append(4, '\0');
}

MessageBuilder& MessageBuilder::Byte(char value) {
  out_.push_back(value);
  return *this;
}

MessageBuilder& MessageBuilder::Int16(int16_t value) {
  const auto bits = static_cast<uint16_t>(value);
  out_.push_back(static_cast<char>(bits >> 8));
  out_.push_back(static_cast<char>(bits & 0xFF));
  return *this;
}

MessageBuilder& MessageBuilder::Int32(int32_t value) {
  AppendBigEndian32(out_, static_cast<uint32_t>(value));
  return *this;
}

MessageBuilder& MessageBuilder::String(std::string_view value) {
  // A protocol string ends at its first NUL: one inside it would end the field early and
  // break the message, so nothing after it is sent.
  out_.append(value.substr(0, value.find('\0')));
  out_.push_back('\0');
  return *this;
}

MessageBuilder& MessageBuilder::Bytes(std::string_view value) {
  out_.append(value);
  return *this;
}

void MessageBuilder::Finish() {
  if (finished_) return;
  finished_ = true;
  const auto length = static_cast<uint32_t>(out_.size() - start_);
  for (int i = 0; i < 4; ++i) out_[start_ + i] = static_cast<char>((length >> (24 - 8 * i)) & 0xFF);
}

void AppendAuthenticationOk(std::string& out) { MessageBuilder(out, 'R').Int32(kAuthOk); }

void AppendAuthenticationCleartextPassword(std::string& out) {
  MessageBuilder(out, 'R').Int32(kAuthCleartextPassword);
}

void AppendAuthenticationMd5Password(std::string& out, std::string_view salt) {
  MessageBuilder(out, 'R').Int32(kAuthMd5Password).Bytes(salt);
}

void AppendAuthenticationSasl(std::string& out, const std::vector<std::string_view>& mechanisms) {
  MessageBuilder message(out, 'R');
  message.Int32(kAuthSasl);
  for (std::string_view mechanism : mechanisms) message.String(mechanism);
  message.Byte('\0');
}

void AppendAuthenticationSaslContinue(std::string& out, std::string_view data) {
  MessageBuilder(out, 'R').Int32(kAuthSaslContinue).Bytes(data);
}

void AppendAuthenticationSaslFinal(std::string& out, std::string_view data) {
  MessageBuilder(out, 'R').Int32(kAuthSaslFinal).Bytes(data);
}

void AppendParameterStatus(std::string& out, std::string_view name, std::string_view value) {
  MessageBuilder(out, 'S').String(name).String(value);
}

void AppendBackendKeyData(std::string& out, int32_t process_id, int32_t secret_key) {
  MessageBuilder(out, 'K').Int32(process_id).Int32(secret_key);
}

void AppendReadyForQuery(std::string& out, char status) { MessageBuilder(out, 'Z').Byte(status); }

void AppendNegotiateProtocolVersion(std::string& out, int32_t newest_minor,
                                    const std::vector<std::string>& unrecognized_options) {
  MessageBuilder message(out, 'v');
  message.Int32((3 << 16) | newest_minor).Int32(static_cast<int32_t>(unrecognized_options.size()));
  for (const std::string& option : unrecognized_options) message.String(option);
}

// The fields of ErrorResponse and NoticeResponse.
static void AppendReport(std::string& out, char type, const Error& error, Severity severity) {
  MessageBuilder message(out, type);
  const std::string_view name = SeverityName(severity);
  message.Byte('S').String(name);
  message.Byte('V').String(name);
  message.Byte('C').String(error.sqlstate());
  message.Byte('M').String(error.message());
  Field(message, 'D', error.detail());
  Field(message, 'H', error.hint());
  if (error.position() > 0) message.Byte('P').String(std::to_string(error.position()));
  Field(message, 'W', error.context());
  Field(message, 's', error.schema_name());
  Field(message, 't', error.table_name());
  Field(message, 'c', error.column_name());
  Field(message, 'n', error.constraint_name());
  message.Byte('\0');
}

void AppendErrorResponse(std::string& out, const Error& error, Severity severity) {
  AppendReport(out, 'E', error, severity);
}

void AppendErrorResponse(std::string& out, const Error& error) {
  AppendReport(out, 'E', error, error.severity());
}

void AppendNoticeResponse(std::string& out, const Error& notice) {
  AppendReport(out, 'N', notice, notice.severity());
}

int16_t FormatOf(const std::vector<int16_t>& formats, size_t column) {
  if (formats.empty()) return 0;
  if (formats.size() == 1) return formats[0];
  return column < formats.size() ? formats[column] : 0;
}

void AppendRowDescription(std::string& out, const std::vector<ColumnInfo>& columns,
                          const std::vector<int16_t>& formats) {
  MessageBuilder message(out, 'T');
  message.Int16(static_cast<int16_t>(columns.size()));
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnInfo& column = columns[i];
    message.String(column.name)
        .Int32(0)  // table OID: not tracked yet
        .Int16(0)  // column number
        .Int32(static_cast<int32_t>(column.type_oid))
        .Int16(column.type_length)
        .Int32(column.type_modifier)
        .Int16(FormatOf(formats, i));
  }
}

void AppendDataRow(std::string& out, const Row& row, const std::vector<int16_t>& formats) {
  MessageBuilder message(out, 'D');
  const size_t count = row.size();
  message.Int16(static_cast<int16_t>(count));
  for (size_t i = 0; i < count; ++i) {
    if (row.IsNull(i)) {
      message.Int32(-1);
      continue;
    }
    // Write the value, then patch its length in front of it.
    const size_t length_at = out.size();
    out.append(4, '\0');
    if (FormatOf(formats, i) == 1) {
      row.AppendBinary(i, out);
    } else {
      out += row.GetString(i);
    }
    const auto length = static_cast<uint32_t>(out.size() - length_at - 4);
    for (int k = 0; k < 4; ++k) out[length_at + k] = static_cast<char>((length >> (24 - 8 * k)) & 0xFF);
  }
}

void AppendCommandComplete(std::string& out, std::string_view tag) {
  MessageBuilder(out, 'C').String(tag);
}

void AppendEmptyQueryResponse(std::string& out) { MessageBuilder(out, 'I'); }

void AppendParameterDescription(std::string& out, const std::vector<uint32_t>& types) {
  MessageBuilder message(out, 't');
  message.Int16(static_cast<int16_t>(types.size()));
  for (uint32_t type : types) message.Int32(static_cast<int32_t>(type));
}

void AppendNoData(std::string& out) { MessageBuilder(out, 'n'); }
void AppendParseComplete(std::string& out) { MessageBuilder(out, '1'); }
void AppendBindComplete(std::string& out) { MessageBuilder(out, '2'); }
void AppendCloseComplete(std::string& out) { MessageBuilder(out, '3'); }
void AppendPortalSuspended(std::string& out) { MessageBuilder(out, 's'); }

// CopyInResponse 'G' / CopyOutResponse 'H': overall format, then each column's.
static void AppendCopyResponse(std::string& out, char type, bool binary, size_t columns) {
  MessageBuilder message(out, type);
  message.Byte(binary ? 1 : 0).Int16(static_cast<int16_t>(columns));
  for (size_t i = 0; i < columns; ++i) message.Int16(binary ? 1 : 0);
}

void AppendCopyInResponse(std::string& out, bool binary, size_t columns) {
  AppendCopyResponse(out, 'G', binary, columns);
}

void AppendCopyOutResponse(std::string& out, bool binary, size_t columns) {
  AppendCopyResponse(out, 'H', binary, columns);
}

void AppendCopyData(std::string& out, std::string_view data) { MessageBuilder(out, 'd').Bytes(data); }
void AppendCopyDone(std::string& out) { MessageBuilder(out, 'c'); }

}  // namespace granary::server::protocol
