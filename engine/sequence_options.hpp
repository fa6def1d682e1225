// Sequence options: CREATE/ALTER SEQUENCE and identity column options turned into validated
// storage::SequenceOptions, with PostgreSQL 15's defaults, checks and messages (its
// init_params in sequence.c).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/ast_ddl.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "storage/sequence/sequence_file.hpp"

namespace granary {

struct SequenceDefinition {
  storage::SequenceOptions options;
  std::optional<int64_t> restart;  // RESTART [WITH n] (n = START when not given)
  bool restart_given = false;
  // OWNED BY: the names as written (one name "none" removes ownership); nullopt when absent.
  std::optional<std::vector<std::string>> owned_by;
  std::vector<std::string> sequence_name;  // SEQUENCE NAME (identity columns only)
  std::optional<bool> generated_always;    // SET GENERATED (ALTER TABLE ... ALTER COLUMN)
};

// Applies `list` to `existing` (ALTER: the current options; nullopt for CREATE, where the
// defaults come from the type and the increment). `last_value` is the current value checked
// against the new bounds (ALTER); RESTART gives a new one. `column_type` (identity and serial
// columns) is the type the sequence takes when AS is not given.
// Errors: 42601 conflicting or redundant options; 22023 bad type, zero increment, bounds out
// of the type's range, MINVALUE >= MAXVALUE, START/RESTART outside the bounds, CACHE <= 0;
// 22P02/22003 numbers that are not bigints.
SequenceDefinition ResolveSequenceOptions(const std::vector<parser::SequenceOption>& list,
                                          const std::optional<storage::SequenceOptions>& existing,
                                          std::optional<int64_t> last_value,
                                          std::optional<types::TypeId> column_type,
                                          const planner::AnalyzeContext& context);

// "smallint", "integer" or "bigint" for a sequence's type.
std::string SequenceTypeName(uint8_t type_bytes);

}  // namespace granary
