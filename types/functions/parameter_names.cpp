// The table of built-in parameter names: PostgreSQL 15's proargnames and proargdefaults of
// the functions builtin_functions.cpp has.
#include "types/functions/parameter_names.hpp"

namespace granary::types {
namespace {

const std::vector<ParameterNames>& Table() {
  static const std::vector<ParameterNames> table = {
      {"make_interval",
       {"years", "months", "weeks", "days", "hours", "mins", "secs"},
       {"0", "0", "0", "0", "0", "0", "0.0"}},
      {"make_date", {"year", "month", "day"}, {}},
      {"make_time", {"hour", "min", "sec"}, {}},
      {"make_timestamp", {"year", "month", "mday", "hour", "min", "sec"}, {}},
      {"make_timestamptz", {"year", "month", "mday", "hour", "min", "sec"}, {}},
      {"make_timestamptz", {"year", "month", "mday", "hour", "min", "sec", "timezone"}, {}},
      {"jsonb_set", {"jsonb_in", "path", "replacement", "create_if_missing"}, {"true"}},
      {"jsonb_insert", {"jsonb_in", "path", "replacement", "insert_after"}, {"false"}},
  };
  return table;
}

}  // namespace

std::vector<const ParameterNames*> FindParameterNames(std::string_view function) {
  std::vector<const ParameterNames*> found;
  for (const ParameterNames& entry : Table()) {
    if (entry.function == function) found.push_back(&entry);
  }
  return found;
}

}  // namespace granary::types
