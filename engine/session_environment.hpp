// SessionEnvironment — a session as the system views and catalog functions see it
// (catalog::SystemViewEnvironment): its user and database, its settings, and the database's
// sessions. Lives for one statement; used from the statement's thread only.
#pragma once

#include "catalog/system_views.hpp"
#include "engine/session_impl.hpp"

namespace granary {

class SessionEnvironment final : public catalog::SystemViewEnvironment {
 public:
  explicit SessionEnvironment(const Session::Impl& session) : session_(session) {}
  std::vector<catalog::SessionActivity> Sessions() const override;
  std::vector<std::vector<std::string>> Settings() const override;
  std::vector<catalog::PreparedStatementInfo> PreparedStatements() const override;
  std::vector<catalog::CursorInfo> Cursors() const override;
  std::string CurrentUser() const override;
  std::string CurrentDatabase() const override;
  catalog::SearchPath CurrentSearchPath() const override { return session_.SearchPath(); }
  int32_t BackendPid() const override { return session_.process_id; }

 private:
  const Session::Impl& session_;
};

}  // namespace granary
