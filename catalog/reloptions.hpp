// Storage parameters of tables (CREATE TABLE ... WITH (...), ALTER TABLE SET/RESET (...)):
// PostgreSQL 15's heap and toast parameters, declared once, validated as its reloptions.c
// does, and stored in pg_class.reloptions as "name=value" text.
//
// Granary accepts and records them; none changes behaviour yet (fillfactor included: pages
// are filled completely), so tools that set them — pgbench's fillfactor=100 — work unchanged.
//
// Errors: 22023 invalid_parameter_value for an unknown parameter or namespace, a value of the
// wrong kind or out of bounds, and a parameter given twice.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace granary::catalog {

// One parameter as written: `name` (possibly "toast.name") and its value (nullopt when only
// the name was written, which means "true").
struct RelOptionInput {
  std::string name;
  std::optional<std::string> value;
};

// Validates `options` for an ordinary table and returns them as stored ("name=value").
std::vector<std::string> ValidateTableOptions(const std::vector<RelOptionInput>& options);

// `current` with `changes` applied: SET replaces or adds (validated), RESET (reset = true)
// removes the named parameters.
std::vector<std::string> ApplyTableOptions(const std::vector<std::string>& current,
                                           const std::vector<RelOptionInput>& changes, bool reset);

}  // namespace granary::catalog
