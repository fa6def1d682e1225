// SequenceAccess — how a running statement calls nextval, currval, setval and lastval and
// reads a sequence's state for `SELECT * FROM seq`.
//
// The executor knows sequences only by the name an expression gives at run time (nextval
// takes regclass text, as in PostgreSQL); resolving it against the catalog and keeping the
// session's currval/lastval memory is the engine's job (engine/sequence_functions.*), behind
// this interface, so the executor does not depend on the session.
// Thread-safety: one object per running statement, used by its thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sequence/sequence_file.hpp"

namespace granary::executor {

class SequenceAccess {
 public:
  virtual ~SequenceAccess() = default;
  // `name` is regclass input text: a possibly qualified, possibly quoted name. 42P01 for an
  // unknown relation, 42809 for one that is not a sequence.
  virtual int64_t NextValue(std::string_view name) = 0;                      // 2200H
  virtual int64_t CurrentValue(std::string_view name) = 0;                   // 55000
  virtual int64_t LastValue() = 0;                                           // 55000
  virtual int64_t SetValue(std::string_view name, int64_t value, bool is_called) = 0;  // 22003
  virtual storage::SequenceState ReadState(std::string_view name) = 0;
  // pg_get_serial_sequence(table, column): "schema.sequence" owned by the column, or nullopt.
  // 42P01 unknown table, 42703 unknown column.
  virtual std::optional<std::string> SerialSequence(std::string_view table,
                                                    std::string_view column) = 0;
};

}  // namespace granary::executor
