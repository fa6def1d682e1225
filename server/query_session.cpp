// Session-level protocol pieces: ParameterStatus reporting, notices, result rows.
#include "server/query_session.hpp"

#include "common/sqlstate.hpp"
#include "server/protocol/backend_messages.hpp"

namespace granary::server {
namespace {

// PostgreSQL 15's GUC_REPORT parameters, in the order it reports them at startup.
constexpr std::string_view kReportedParameters[] = {
    "application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
    "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser", "server_encoding",
    "server_version", "session_authorization", "standard_conforming_strings", "TimeZone",
};


}  // namespace

QuerySession::QuerySession(Session session) : session_(std::move(session)) {}

void QuerySession::ReportAllParameters(std::string& out) {
  reported_.clear();
  reported_generation_ = session_.SettingsGeneration();
  for (std::string_view name : kReportedParameters) {
    std::string value = session_.Setting(name);
    protocol::AppendParameterStatus(out, name, value);
    reported_.emplace_back(std::string(name), std::move(value));
  }
}

void QuerySession::ReportChangedParameters(std::string& out) {
  // Most statements set nothing: then no value can differ from what was sent.
  const uint64_t generation = session_.SettingsGeneration();
  if (generation == reported_generation_) return;
  reported_generation_ = generation;
  for (auto& [name, last] : reported_) {
    std::string value = session_.Setting(name);
    if (value == last) continue;
    protocol::AppendParameterStatus(out, name, value);
    last = std::move(value);
  }
}

void QuerySession::AppendNotices(std::string& out, const Result& result) {
  for (const Error& notice : result.notices()) protocol::AppendNoticeResponse(out, notice);
}

void QuerySession::AppendRows(Reply& reply, const Result& result,
                              const std::vector<int16_t>& formats, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    protocol::AppendDataRow(reply.bytes(), result.row(i), formats);
    reply.FlushIfLarge();
  }
}

bool SameShape(const std::vector<ColumnInfo>& described, const std::vector<ColumnInfo>& actual) {
  if (described.size() != actual.size()) return false;
  for (size_t i = 0; i < described.size(); ++i) {
    if (described[i].type_oid != actual[i].type_oid) return false;
  }
  return true;
}

const std::vector<int16_t>& RowStream::FormatsFor(const Result& result) const {
  static const std::vector<int16_t> kBinary{1};
  return simple_query_ && result.binary_cursor() ? kBinary : formats_;
}

void RowStream::Rows(const Result& rows) {
  if (expected_ != nullptr && !checked_) {
    if (!SameShape(*expected_, rows.columns())) {
      throw Error(sqlstate::kFeatureNotSupported, "cached plan must not change result type");
    }
    checked_ = true;
  }
  QuerySession::AppendNotices(reply_.bytes(), rows);
  const std::vector<int16_t>& formats = FormatsFor(rows);
  if (simple_query_ && !described_) {
    protocol::AppendRowDescription(reply_.bytes(), rows.columns(), formats);
    described_ = true;
  }
  QuerySession::AppendRows(reply_, rows, formats, 0, rows.row_count());
  sent_ += rows.row_count();
  reply_.FlushIfLarge();
}

void QuerySession::AppendCopyOut(Reply& reply, const Result& result) {
  protocol::AppendCopyOutResponse(reply.bytes(), result.copy_binary(), result.copy_column_count());
  for (size_t i = 0; i < result.copy_row_count(); ++i) {
    protocol::AppendCopyData(reply.bytes(), result.copy_row(i));
    reply.FlushIfLarge();
  }
  protocol::AppendCopyDone(reply.bytes());
}

void QuerySession::AppendResult(Reply& reply, const Result& result,
                                const std::vector<int16_t>& formats, bool describe) {
  AppendNotices(reply.bytes(), result);
  if (result.copy_direction() == Result::CopyDirection::kIn) {
    protocol::AppendCopyInResponse(reply.bytes(), result.copy_binary(), result.copy_column_count());
    return;  // CommandComplete comes when the client's CopyDone has ended the COPY
  }
  if (result.copy_direction() == Result::CopyDirection::kOut) AppendCopyOut(reply, result);
  if (result.returns_rows()) {
    if (describe) protocol::AppendRowDescription(reply.bytes(), result.columns(), formats);
    AppendRows(reply, result, formats, 0, result.row_count());
  }
  protocol::AppendCommandComplete(reply.bytes(), result.command_tag());
  if (MayChangeSettings(result.command_tag())) {
    ReportChangedParameters(reply.bytes());
  }
}

}  // namespace granary::server
