#include "engine/session_environment.hpp"

#include "engine/cursors.hpp"

namespace granary {

std::vector<catalog::SessionActivity> SessionEnvironment::Sessions() const {
  return session_.db.activity.Sessions();
}

std::vector<std::vector<std::string>> SessionEnvironment::Settings() const {
  return session_.settings.ShowAll();
}

std::vector<catalog::PreparedStatementInfo> SessionEnvironment::PreparedStatements() const {
  std::vector<catalog::PreparedStatementInfo> statements;
  for (const auto& [name, named] : session_.named_statements.entries()) {
    catalog::PreparedStatementInfo info;
    info.name = name;
    info.statement = named.statement->sql;
    info.prepare_time = named.prepare_time;
    info.from_sql = named.from_sql;
    for (const types::Type& type : named.statement->param_types) {
      // Undecided parameters of the protocol's statements are received as text.
      info.parameter_types.push_back(
          types::FormatType(types::Type{type.id == types::TypeId::kUnknown ? types::TypeId::kText : type.id, -1}));
    }
    statements.push_back(std::move(info));
  }
  return statements;
}

std::vector<catalog::CursorInfo> SessionEnvironment::Cursors() const { return session_.cursors->List(); }

std::string SessionEnvironment::CurrentUser() const {
  return session_.settings.Show("session_authorization");
}

std::string SessionEnvironment::CurrentDatabase() const { return session_.database; }

}  // namespace granary
