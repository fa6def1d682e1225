// SessionSequences: the sequence functions of a running statement (see sequence_functions.hpp).
#include "engine/sequence_functions.hpp"

#include "catalog/search_path.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/regclass.hpp"
#include "storage/sequence/sequence_file.hpp"

namespace granary {

using planner::ParseQualifiedName;

namespace {

// [database.]schema of a parsed name ("" when unqualified); 0A000 for another database.
std::string SchemaOf(const std::vector<std::string>& names, const std::string& database) {
  if (names.size() == 3 && names[0] != database) {
    throw Error(sqlstate::kFeatureNotSupported, "cross-database references are not implemented: \"" +
                                                    names[0] + "." + names[1] + "." + names[2] + "\"");
  }
  return names.size() > 1 ? names[names.size() - 2] : "";
}

}  // namespace

void SessionSequences::Lock(const catalog::TableSchema& sequence, storage::LockMode mode) {
  if (locks_ == nullptr || !locks_->active()) return;
  // Taken while the statement runs: never restart it for a catalog change.
  storage::LockContext lock = *locks_;
  lock.catalog_version = nullptr;
  lock.LockRelation(sequence.oid, mode, sequence.name);
}

catalog::TableSchema SessionSequences::Resolve(std::string_view name, storage::LockMode mode) {
  const std::vector<std::string> names = ParseQualifiedName(name);
  const std::string schema = SchemaOf(names, database_);
  std::optional<catalog::TableSchema> sequence =
      catalog_.FindTable(schema, names.back(), search_path_, snapshot_);
  if (!sequence) {
    const std::string shown = schema.empty() ? names.back() : schema + "." + names.back();
    throw Error(sqlstate::kUndefinedTable, "relation \"" + shown + "\" does not exist");
  }
  if (sequence->kind != 'S') {
    throw Error(sqlstate::kWrongObjectType, "\"" + sequence->name + "\" is not a sequence");
  }
  Lock(*sequence, mode);
  return *sequence;
}

int64_t SessionSequences::NextValue(std::string_view name) {
  const catalog::TableSchema sequence = Resolve(name, storage::LockMode::kRowExclusive);
  // A temporary sequence (a temporary table's serial) advances in a read-only transaction.
  if (!catalog::IsTempSchemaName(sequence.schema_name)) RequireReadWrite("nextval()");
  const int64_t value = storage::SequenceFile(pool_, sequence.relfile, sequence.name).NextValue();
  memory_.current[sequence.oid] = value;
  memory_.last = sequence.oid;
  return value;
}

int64_t SessionSequences::CurrentValue(std::string_view name) {
  const catalog::TableSchema sequence = Resolve(name, storage::LockMode::kAccessShare);
  const auto found = memory_.current.find(sequence.oid);
  if (found == memory_.current.end()) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "currval of sequence \"" + sequence.name + "\" is not yet defined in this session");
  }
  return found->second;
}

void SessionSequences::RequireReadWrite(std::string_view function) const {
  if (read_only) {
    throw Error(sqlstate::kReadOnlySqlTransaction,
                "cannot execute " + std::string(function) + " in a read-only transaction");
  }
}

int64_t SessionSequences::LastValue() {
  if (!memory_.last) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState, "lastval is not yet defined in this session");
  }
  const auto found = memory_.current.find(*memory_.last);
  if (found == memory_.current.end()) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState, "lastval is not yet defined in this session");
  }
  return found->second;
}

int64_t SessionSequences::SetValue(std::string_view name, int64_t value, bool is_called) {
  const catalog::TableSchema sequence = Resolve(name, storage::LockMode::kRowExclusive);
  if (!catalog::IsTempSchemaName(sequence.schema_name)) RequireReadWrite("setval()");
  storage::SequenceFile file(pool_, sequence.relfile, sequence.name);
  const storage::SequenceOptions options = file.ReadOptions();
  if (value < options.min_value || value > options.max_value) {
    throw Error(sqlstate::kNumericValueOutOfRange,
                "setval: value " + std::to_string(value) + " is out of bounds for sequence \"" +
                    sequence.name + "\" (" + std::to_string(options.min_value) + ".." +
                    std::to_string(options.max_value) + ")");
  }
  file.SetValue(value, is_called);
  if (is_called) memory_.current[sequence.oid] = value;  // lastval's sequence stays
  return value;
}

std::optional<std::string> SessionSequences::SerialSequence(std::string_view table_name,
                                                            std::string_view column_name) {
  const std::vector<std::string> names = ParseQualifiedName(table_name);
  const std::string schema = SchemaOf(names, database_);
  const std::optional<catalog::TableSchema> table =
      catalog_.FindTable(schema, names.back(), search_path_, snapshot_);
  if (!table) {
    const std::string shown = schema.empty() ? names.back() : schema + "." + names.back();
    throw Error(sqlstate::kUndefinedTable, "relation \"" + shown + "\" does not exist");
  }
  const std::optional<size_t> column = table->ColumnIndex(column_name);
  if (!column) {
    throw Error(sqlstate::kUndefinedColumn, "column \"" + std::string(column_name) +
                                                "\" of relation \"" + table->name + "\" does not exist");
  }
  for (const catalog::TableSchema& sequence : catalog_.ListTables(snapshot_, 'S')) {
    const storage::SequenceOptions options =
        storage::SequenceFile(pool_, sequence.relfile, sequence.name).ReadOptions();
    if (options.owner_relation == table->oid && options.owner_column == *column + 1) {
      return planner::QuoteIdentifier(sequence.schema_name) + "." +
             planner::QuoteIdentifier(sequence.name);
    }
  }
  return std::nullopt;
}

storage::SequenceState SessionSequences::ReadState(std::string_view name) {
  const catalog::TableSchema sequence = Resolve(name, storage::LockMode::kAccessShare);
  return storage::SequenceFile(pool_, sequence.relfile, sequence.name).ReadState();
}

}  // namespace granary
