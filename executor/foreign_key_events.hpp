// ForeignKeyEvents — the row changes of a statement that foreign keys must look at, queued by
// INSERT, UPDATE and DELETE and handed to the engine when the statement's plan has finished
// (PostgreSQL's after-trigger queue for its RI triggers). Only changes of tables with foreign
// keys, or referenced by one, are queued.
// Thread-safety: one statement's.
#pragma once

#include <vector>

#include "catalog/table_schema.hpp"
#include "types/value.hpp"

namespace granary::executor {

struct ForeignKeyEvent {
  enum class Kind { kInsert, kUpdate, kDelete };
  Kind kind = Kind::kInsert;
  // The changed table as the statement's plan describes it (lives as long as the plan).
  const catalog::TableSchema* table = nullptr;
  std::vector<types::Value> old_row;  // UPDATE, DELETE
  std::vector<types::Value> new_row;  // INSERT, UPDATE
};

struct ForeignKeyEvents {
  std::vector<ForeignKeyEvent> events;

  // Whether a change of `kind` to `table` needs an event.
  static bool Needed(const catalog::TableSchema& table, ForeignKeyEvent::Kind kind) {
    switch (kind) {
      case ForeignKeyEvent::Kind::kInsert: return !table.foreign_keys.empty();
      case ForeignKeyEvent::Kind::kDelete: return !table.referenced_by.empty();
      case ForeignKeyEvent::Kind::kUpdate:
        return !table.foreign_keys.empty() || !table.referenced_by.empty();
    }
    return false;
  }
};

}  // namespace granary::executor
