// SessionSequences — nextval, currval, setval, lastval and pg_get_serial_sequence for one
// running statement (executor::SequenceAccess), with the session's memory of the values it
// got (PostgreSQL's SeqTable: currval per sequence, lastval).
//
// Names are resolved like regclass input, under the statement's catalog snapshot; the
// sequence is locked RowExclusive for the rest of the transaction (AccessShare to read it),
// so DROP and ALTER SEQUENCE wait for it.
// Thread-safety: one per running statement; the session memory is the session's. The catalog
// snapshot is copied; `locks` must outlive the object.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "catalog/catalog.hpp"
#include "executor/sequence_access.hpp"
#include "storage/lock/lock_context.hpp"

namespace granary {

// What a session remembers between statements.
struct SequenceMemory {
  std::unordered_map<catalog::Oid, int64_t> current;  // currval per sequence
  std::optional<catalog::Oid> last;                   // lastval's sequence
};

class SessionSequences final : public executor::SequenceAccess {
 public:
  SessionSequences(catalog::Catalog& catalog, storage::BufferPool& pool,
                   const storage::Snapshot& snapshot, const storage::LockContext* locks,
                   SequenceMemory& memory, catalog::SearchPath search_path, std::string database)
      : catalog_(catalog),
        pool_(pool),
        snapshot_(snapshot),
        locks_(locks),
        memory_(memory),
        search_path_(std::move(search_path)),
        database_(std::move(database)) {}

  int64_t NextValue(std::string_view name) override;
  int64_t CurrentValue(std::string_view name) override;
  int64_t LastValue() override;
  int64_t SetValue(std::string_view name, int64_t value, bool is_called) override;
  storage::SequenceState ReadState(std::string_view name) override;
  std::optional<std::string> SerialSequence(std::string_view table, std::string_view column) override;

  // Set in a read-only transaction: nextval and setval raise 25006.
  bool read_only = false;

 private:
  // 42602 bad name syntax, 3F000 unknown schema, 42P01 unknown relation, 42809 not a
  // sequence, 0A000 another database.
  catalog::TableSchema Resolve(std::string_view name, storage::LockMode mode);
  void RequireReadWrite(std::string_view function) const;
  void Lock(const catalog::TableSchema& sequence, storage::LockMode mode);

  catalog::Catalog& catalog_;
  storage::BufferPool& pool_;
  const storage::Snapshot snapshot_;
  const storage::LockContext* locks_;
  SequenceMemory& memory_;
  const catalog::SearchPath search_path_;  // the session's, for unqualified names
  const std::string database_;
};

}  // namespace granary
