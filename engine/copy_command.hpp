// COPY: FROM STDIN (CopyInState, fed by the session as data arrives), TO STDOUT (rows
// formatted into the Result), and the checks both share (PostgreSQL's DoCopy, BeginCopyFrom,
// BeginCopyTo).
//
// COPY FROM inserts through the executor's INSERT operator, so defaults of columns not
// listed, NOT NULL, CHECK constraints and index maintenance are exactly INSERT's; rows are
// parsed into batches of executor::kBatchSize and inserted a batch at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/copy_format.hpp"
#include "engine/copy_options.hpp"
#include "engine/session_impl.hpp"
#include "engine/statement_services.hpp"
#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/plan.hpp"

namespace granary {

class CopyServerFile;  // copy_server_file.hpp

namespace executor {
class BatchSource;
class Operator;
}  // namespace executor

// The statement. COPY FROM STDIN leaves a CopyInState in `session.copy_in` and returns a
// Result of direction kIn; COPY TO STDOUT returns its rows. Errors: 42P01/42703/42701 names,
// 42809 views, 42501 a server file or program without superuser (0A000 with it: not
// supported), 55000 FREEZE on a table not created or truncated in this transaction, and the
// option errors of copy_options.hpp.
Result Copy(Session::Impl& session, const parser::CopyStmt& stmt, planner::AnalyzeContext& context,
            const std::vector<types::Value>& params);

// COPY FROM ... WHERE: the condition over the whole row (the table's columns, then a NULL
// ctid), and the defaults that fill the columns the data does not give (null for those it
// does), evaluated before the condition as PostgreSQL does.
struct CopyFilter {
  planner::BoundExprPtr where;
  std::vector<planner::BoundExprPtr> defaults;
};

// A COPY FROM STDIN in progress. Not thread-safe: the session calls it under the statement
// mutex.
class CopyInState {
 public:
  // `insert_plan` inserts rows of the fields' columns (`targets`), or with a filter rows of
  // every column of the table.
  CopyInState(Session::Impl& session, CopyOptions options, catalog::TableSchema table,
              std::vector<size_t> targets, planner::PlanPtr insert_plan,
              const storage::Snapshot& snapshot, std::unique_ptr<CopyFilter> filter = nullptr);
  ~CopyInState();
  CopyInState(const CopyInState&) = delete;
  CopyInState& operator=(const CopyInState&) = delete;

  // Parses the complete rows in `data` (with what was buffered before) and inserts them a
  // batch at a time. Errors carry the "COPY t, line N[, column c: "v"]" context.
  void Feed(std::string_view data);
  // End of data: the last row, the last batch. Returns the rows inserted.
  uint64_t Finish();
  size_t column_count() const { return targets_.size(); }
  // The inserted rows foreign keys must check, run by the session after Finish.
  executor::ForeignKeyEvents& foreign_key_events() { return foreign_key_events_; }
  // "COPY t, line N" for an error that ends the COPY between rows (CopyFail).
  std::string CurrentContext() const {
    return LineContext(options_.format == CopyFormat::kBinary ? binary_reader_.row_number() + 1
                                                              : reader_.next_line_number(),
                       {}, false);
  }

  // Whether the session commits when the COPY completes (it ran outside any transaction
  // block or script).
  bool commits = false;
  // COPY FROM a file or program: the session reads it to the end itself (copy_session.cpp)
  // instead of waiting for the client's data.
  std::unique_ptr<CopyServerFile> server_file;

 private:
  void ReadRows();
  void AddRow();
  void InsertBatch();
  std::string LineContext(uint64_t line, std::string_view text, bool with_text) const;

  Session::Impl& session_;
  CopyOptions options_;
  catalog::TableSchema table_;
  std::vector<size_t> targets_;        // table column of each field
  std::vector<types::Type> types_;     // their types
  std::vector<bool> force_not_null_;   // per field
  std::vector<bool> force_null_;       // per field
  std::unique_ptr<CopyFilter> filter_;
  std::vector<types::Value> converted_;  // the current row's field values
  executor::Batch scratch_;              // one full row, for the filter
  planner::PlanPtr plan_;
  std::vector<types::Value> no_params_;
  executor::ExecContext exec_;
  executor::ForeignKeyEvents foreign_key_events_;
  std::unique_ptr<StatementServices> services_;  // nextval in column defaults, catalog functions
  executor::BatchSource* source_ = nullptr;  // owned by insert_
  std::unique_ptr<executor::Operator> insert_;
  CopyReader reader_;
  CopyBinaryReader binary_reader_;
  std::vector<CopyField> fields_;
  bool header_pending_;
  executor::Batch batch_;
  std::vector<uint64_t> batch_lines_;        // each batched row's line number
  std::vector<std::string> batch_texts_;     // and text, for error context
};

}  // namespace granary
