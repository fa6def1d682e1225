// Read-only transactions: the name PostgreSQL's PreventCommandIfReadOnly gives a statement
// that would write ("INSERT", "CREATE TABLE", "COPY FROM", "SELECT FOR UPDATE", ...), for
// the 25006 "cannot execute X in a read-only transaction".
#pragma once

#include <optional>
#include <string>

namespace granary {

namespace parser {
struct Stmt;
}
namespace planner {
struct PlanNode;
}

// A utility statement (DDL, COPY FROM, roles, ...) that writes; nullopt for the others.
std::optional<std::string> UtilityWriteCommand(const parser::Stmt& stmt);
// A planned SELECT/INSERT/UPDATE/DELETE that writes or locks rows of a table that is not
// temporary; nullopt for a plain read or one touching only the session's temporary tables.
std::optional<std::string> PlanWriteCommand(const planner::PlanNode& root);

}  // namespace granary
