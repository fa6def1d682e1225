// QuerySession — an authenticated connection's session: the granary::Session its statements
// run in, the parameters reported to the client (ParameterStatus), and the pieces of result
// delivery that the simple and extended query protocols share.
//
// Thread-safety: used by one worker at a time (the connection's); Cancel from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "granary/granary.hpp"
#include "server/reply.hpp"

namespace granary::server {

class QuerySession {
 public:
  explicit QuerySession(Session session);

  Session& session() { return session_; }
  char transaction_status() const { return session_.transaction_status(); }

  // ParameterStatus for every reported parameter (after authentication).
  void ReportAllParameters(std::string& out);
  // ParameterStatus for each reported parameter whose value changed: after SET/RESET, and
  // after anything that ends a transaction (COMMIT drops SET LOCALs, a rollback or an error
  // undoes SETs).
  void ReportChangedParameters(std::string& out);
  // Whether a statement with this command tag may have changed settings.
  static bool MayChangeSettings(std::string_view command_tag) {
    return command_tag == "SET" || command_tag == "RESET" || command_tag == "COMMIT" ||
           command_tag == "ROLLBACK";
  }

  // NoticeResponse for each notice of `result`.
  static void AppendNotices(std::string& out, const Result& result);
  // DataRows [begin, end) of `result`, flushing the reply as it grows.
  static void AppendRows(Reply& reply, const Result& result, const std::vector<int16_t>& formats,
                         size_t begin, size_t end);
  // COPY TO STDOUT's data: CopyOutResponse, a CopyData per row, CopyDone.
  static void AppendCopyOut(Reply& reply, const Result& result);
  // Notices, then — for a statement returning rows — RowDescription (when `describe`) and
  // the rows it still holds (RowStream sent the others), then CommandComplete, and
  // ParameterStatus when the statement changed a reported one.
  // COPY TO STDOUT sends its data before CommandComplete; COPY FROM STDIN only its
  // CopyInResponse (the rest follows the client's data).
  void AppendResult(Reply& reply, const Result& result, const std::vector<int16_t>& formats,
                    bool describe);

 private:
  Session session_;
  std::vector<std::pair<std::string, std::string>> reported_;  // name, value last sent
  uint64_t reported_generation_ = 0;  // the settings' generation when reported_ was current
};

// Writes a statement's rows to the reply as the engine hands them over (granary::RowSink,
// PostgreSQL's printtup receiver): notices, RowDescription before the first rows when asked
// to describe, then DataRows, the reply flushing to the connection as it grows, so rows leave
// while the statement runs and an error midway follows the rows before it.
class RowStream : public RowSink {
 public:
  // `formats`: the result formats (Bind's); with `simple_query`, text, or binary for a FETCH
  // from a BINARY cursor, and RowDescription first. `expected`: the columns a Describe
  // announced, checked against the first rows (0A000 `cached plan must not change result
  // type`), or null.
  RowStream(Reply& reply, std::vector<int16_t> formats, bool simple_query,
            const std::vector<ColumnInfo>* expected = nullptr)
      : reply_(reply), formats_(std::move(formats)), simple_query_(simple_query), expected_(expected) {}

  void Rows(const Result& rows) override;
  // Whether RowDescription was sent for the current statement; Reset starts the next one.
  bool described() const { return described_; }
  void Reset() { described_ = false; }
  // The rows written so far.
  uint64_t sent() const { return sent_; }
  // The result formats for `result`.
  const std::vector<int16_t>& FormatsFor(const Result& result) const;

 private:
  Reply& reply_;
  std::vector<int16_t> formats_;
  bool simple_query_;
  const std::vector<ColumnInfo>* expected_;
  bool described_ = false;
  bool checked_ = false;
  uint64_t sent_ = 0;
};

// Whether two column lists have the same types (a Describe's and an Execute's).
bool SameShape(const std::vector<ColumnInfo>& described, const std::vector<ColumnInfo>& actual);

}  // namespace granary::server
