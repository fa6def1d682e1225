// The session side of COPY FROM STDIN: data arriving after the COPY statement started (or
// read by the session itself from a server file or program).
//
// Each call holds the statement gate (shared, as a statement does) only while it inserts the
// rows of its piece of data; between pieces the COPY holds only its transaction's locks.
#include <shared_mutex>

#include "common/sqlstate.hpp"
#include "engine/copy_command.hpp"
#include "engine/copy_server_file.hpp"
#include "engine/foreign_keys.hpp"
#include "engine/session_impl.hpp"

namespace granary {
namespace {

[[noreturn]] void NoCopy() {
  throw Error(sqlstate::kProtocolViolation, "no COPY FROM STDIN is in progress");
}

}  // namespace

void Session::Impl::EndCopy() {
  copy_in.reset();
  copy_waiting.store(false);
  copy_cancel_requested.store(false);
}

void Session::Impl::ThrowIfCopyCancelled() {
  if (!copy_cancel_requested.load()) return;
  std::string context = copy_in->CurrentContext();
  EndCopy();
  FailStatement();
  throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request")
      .WithContext(std::move(context));
}

void Session::Impl::CopyData(std::string_view data) {
  std::shared_lock gate(db.statement_gate);
  if (!copy_in) NoCopy();
  ThrowIfCopyCancelled();
  const types::ScopedDatetimeSession datetime(DatetimeState());
  try {
    copy_in->Feed(data);
  } catch (...) {
    EndCopy();
    FailStatement();
    throw;
  }
}

Result Session::Impl::CopyDone() {
  if (!copy_in) NoCopy();
  Result result;
  {
    std::shared_lock gate(db.statement_gate);  // released before the commit, as for statements
    ThrowIfCopyCancelled();
    const types::ScopedDatetimeSession datetime(DatetimeState());
    try {
      const uint64_t rows = copy_in->Finish();
      executor::ForeignKeyEvents& events = copy_in->foreign_key_events();
      if (!events.events.empty()) {
        // The COPY statement's command is over: its foreign key checks take the next ones.
        extra_commands_ = 0;
        const storage::Snapshot base = db.transactions->TakeSnapshot(WriterXid(), command_id_, OwnAncestors());
        RunForeignKeyEvents(*this, base, events);
        command_id_ += 1 + extra_commands_;
      }
      result.impl().affected_rows = rows;
      result.impl().command_tag = "COPY " + std::to_string(rows);
    } catch (...) {
      EndCopy();
      FailStatement();
      throw;
    }
  }
  const bool commits = copy_in->commits;
  EndCopy();
  if (commits) CommitTransaction();
  return result;
}

Result Session::Impl::CopyFromServerFile() {
  constexpr size_t kPiece = 256 << 10;
  try {
    for (std::string data = copy_in->server_file->Read(kPiece); !data.empty();
         data = copy_in->server_file->Read(kPiece)) {
      CopyData(data);
    }
    copy_in->server_file->Close();
  } catch (...) {
    if (copy_in) {  // CopyData has ended the COPY when the error was its own
      EndCopy();
      FailStatement();
    }
    throw;
  }
  return CopyDone();
}

void Session::Impl::CopyFail(std::string_view message) {
  std::shared_lock gate(db.statement_gate);
  if (!copy_in) NoCopy();
  std::string context = copy_in->CurrentContext();
  EndCopy();
  FailStatement();
  throw Error(sqlstate::kQueryCanceled, "COPY from stdin failed: " + std::string(message))
      .WithContext(std::move(context));
}

}  // namespace granary
