// SessionEnvironment — a session as the system views and catalog functions see it
// (catalog::SystemViewEnvironment): its user and database, its settings, and the database's
// sessions, and the server's backends as pg_cancel_backend and its kin signal them. Lives for
// one statement; used from the statement's thread only.
#pragma once

#include "catalog/system_views.hpp"
#include "engine/session_impl.hpp"

namespace granary {

class SessionEnvironment final : public catalog::SystemViewEnvironment {
 public:
  // `notices` (may be null) receives the statement's warnings (pg_cancel_backend's).
  explicit SessionEnvironment(Session::Impl& session, std::vector<Error>* notices = nullptr)
      : session_(session), notices_(notices) {}
  std::vector<catalog::SessionActivity> Sessions() const override;
  std::vector<std::vector<std::string>> Settings() const override;
  std::vector<catalog::PreparedStatementInfo> PreparedStatements() const override;
  std::vector<catalog::CursorInfo> Cursors() const override;
  std::vector<storage::LockInfo> Locks() const override;
  storage::Xid TransactionXid() const override { return session_.transaction_xid(); }
  std::vector<std::pair<storage::RelFileNumber, storage::TableActivity>> RelationActivity() const override;
  storage::DatabaseActivity DatabaseActivity(catalog::Oid database) const override;
  catalog::BackgroundWriterActivity BackgroundWriter() const override;
  std::optional<catalog::SequenceInfo> ReadSequence(storage::RelFileNumber rel, const std::string& name) const override;
  std::optional<int64_t> CurrentOf(const std::string& cursor, catalog::Oid table_oid,
                                   const std::string& table_name,
                                   const storage::Snapshot& snapshot) const override;
  std::string CurrentUser() const override;
  std::string CurrentDatabase() const override;
  catalog::SearchPath CurrentSearchPath() const override { return session_.SearchPath(); }
  int32_t BackendPid() const override { return session_.process_id; }
  bool CancelBackend(int32_t pid) const override;
  bool TerminateBackend(int32_t pid, int64_t timeout_ms) const override;
  bool ReloadConfiguration() const override;
  std::string SetConfig(const std::string& name, const std::optional<std::string>& value,
                        bool is_local) const override;

 private:
  enum class Signal { kCancel, kTerminate };
  // The target's session when the caller may signal it (42501 otherwise); nullopt, with a
  // WARNING, when `pid` is no backend of the server.
  std::optional<catalog::SessionActivity> SignalTarget(int32_t pid, Signal signal) const;
  bool CallerIsSuperuser() const;
  void Warn(std::string message) const;

  Session::Impl& session_;  // set_config changes its settings
  std::vector<Error>* notices_;
};

}  // namespace granary
