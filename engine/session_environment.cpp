#include "engine/session_environment.hpp"

namespace granary {

std::vector<catalog::SessionActivity> SessionEnvironment::Sessions() const {
  return session_.db.activity.Sessions();
}

std::vector<std::vector<std::string>> SessionEnvironment::Settings() const {
  return session_.settings.ShowAll();
}

std::string SessionEnvironment::CurrentUser() const {
  return session_.settings.Show("session_authorization");
}

std::string SessionEnvironment::CurrentDatabase() const { return session_.database; }

}  // namespace granary
