// The C embedding API (include/granary/granary.h), written only against the public C++ API.
//
// Every entry point catches everything: granary::Error keeps its message and SQLSTATE on the
// database handle, std::bad_alloc becomes 53200, any other exception XX000. Calls that
// return a code reset the handle's error to "00000" first, so granary_errmsg/
// granary_sqlstate describe the last such call; the column getters only ever set an error.
//
// Ownership: a granary_db owns its Database and one Session; a granary_stmt owns its
// PreparedStatement, its bound parameters and the materialised Result of its current run.
// Closing a database detaches (and releases the engine objects of) its unfinalized
// statements; such a statement can then only be finalized.
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "granary/granary.h"
#include "granary/granary.hpp"

namespace {

constexpr char kSuccess[] = "00000";
constexpr char kOutOfMemory[] = "53200";
constexpr char kInternalError[] = "XX000";
constexpr char kInvalidParameterValue[] = "22023";

}  // namespace

struct granary_db {
  std::optional<granary::Database> database;
  std::optional<granary::Session> session;
  std::set<granary_stmt*> statements;  // not yet finalized
  std::string errmsg = "not an error";
  std::string sqlstate = kSuccess;
  int64_t changes = 0;
};

struct granary_stmt {
  granary_db* db = nullptr;  // nullptr once the database was closed
  std::optional<granary::PreparedStatement> prepared;
  std::vector<granary::Param> params;
  std::optional<granary::Result> result;  // set by the first step of a run
  size_t next_row = 0;                     // row index after the current one
  bool done = false;
  // Text of the current row's columns handed out by granary_column_text.
  std::vector<std::optional<std::string>> text;
  std::vector<bool> text_loaded;
};

namespace {

void ClearError(granary_db* db) {
  db->errmsg = "not an error";
  db->sqlstate = kSuccess;
}

int SetError(granary_db* db, const std::string& sqlstate, const std::string& message) {
  db->sqlstate = sqlstate;
  db->errmsg = message;
  return GRANARY_ERROR;
}

// Runs `body`, turning any exception into an error on `db`. Returns body's code, or
// GRANARY_ERROR after an exception.
template <typename Body>
int Guard(granary_db* db, Body&& body) noexcept {
  try {
    return body();
  } catch (const granary::Error& e) {
    try {
      return SetError(db, e.sqlstate(), e.message());
    } catch (...) {
      return GRANARY_ERROR;
    }
  } catch (const std::bad_alloc&) {
    db->sqlstate = kOutOfMemory;
    db->errmsg.clear();
    return GRANARY_ERROR;
  } catch (const std::exception& e) {
    try {
      return SetError(db, kInternalError, e.what());
    } catch (...) {
      return GRANARY_ERROR;
    }
  } catch (...) {
    try {
      return SetError(db, kInternalError, "unknown error");
    } catch (...) {
      return GRANARY_ERROR;
    }
  }
}

int Misuse(granary_db* db, const char* message) {
  if (db != nullptr) {
    try {
      SetError(db, kInvalidParameterValue, message);
    } catch (...) {
    }
  }
  return GRANARY_MISUSE;
}

bool IsModifyingTag(const std::string& tag) {
  for (const char* verb : {"INSERT", "UPDATE", "DELETE", "MERGE"}) {
    if (tag.compare(0, std::strlen(verb), verb) == 0) return true;
  }
  return false;
}

void NoteChanges(granary_db* db, const granary::Result& result) {
  if (IsModifyingTag(result.command_tag())) db->changes = static_cast<int64_t>(result.affected_rows());
}

void ResetRun(granary_stmt* stmt) {
  stmt->result.reset();
  stmt->next_row = 0;
  stmt->done = false;
  stmt->text.clear();
  stmt->text_loaded.clear();
}

// The statement's current row, or nullptr when there is none (before the first step, after
// GRANARY_DONE, or a column out of range); sets a misuse error then.
const granary::Result* CurrentRow(granary_stmt* stmt, int column, size_t* row_index) {
  if (stmt == nullptr || stmt->db == nullptr) return nullptr;
  if (!stmt->result || stmt->done || stmt->next_row == 0) {
    Misuse(stmt->db, "no current row: granary_step has not returned GRANARY_ROW");
    return nullptr;
  }
  if (column < 0 || static_cast<size_t>(column) >= stmt->result->columns().size()) {
    Misuse(stmt->db, "column index out of range");
    return nullptr;
  }
  *row_index = stmt->next_row - 1;
  return &*stmt->result;
}

int Bind(granary_stmt* stmt, int index, granary::Param param) noexcept {
  if (stmt == nullptr) return GRANARY_MISUSE;
  if (stmt->db == nullptr) return GRANARY_MISUSE;
  ClearError(stmt->db);
  if (index < 1 || static_cast<size_t>(index) > stmt->params.size()) {
    return Misuse(stmt->db, "parameter index out of range");
  }
  return Guard(stmt->db, [&] {
    ResetRun(stmt);  // binding starts a new run, as after granary_reset
    stmt->params[static_cast<size_t>(index) - 1] = std::move(param);
    return GRANARY_OK;
  });
}

}  // namespace

extern "C" {

int granary_open(const char* path, granary_db** db) {
  if (db == nullptr) return GRANARY_MISUSE;
  *db = nullptr;
  granary_db* handle = new (std::nothrow) granary_db();
  if (handle == nullptr) return GRANARY_ERROR;
  *db = handle;
  if (path == nullptr) return Misuse(handle, "path is NULL");
  return Guard(handle, [&] {
    handle->database.emplace(granary::Database::Open(path));
    handle->session.emplace(handle->database->Connect());
    return GRANARY_OK;
  });
}

int granary_close(granary_db* db) {
  if (db == nullptr) return GRANARY_OK;
  int code = Guard(db, [&] {
    for (granary_stmt* stmt : db->statements) {
      stmt->db = nullptr;
      ResetRun(stmt);
      stmt->prepared.reset();
    }
    db->statements.clear();
    db->session.reset();  // rolls back an open transaction
    if (db->database) db->database->Close();
    return GRANARY_OK;
  });
  try {
    db->database.reset();
  } catch (...) {
    code = GRANARY_ERROR;
  }
  delete db;
  return code;
}

int granary_exec(granary_db* db, const char* sql) {
  if (db == nullptr) return GRANARY_MISUSE;
  ClearError(db);
  if (sql == nullptr) return Misuse(db, "sql is NULL");
  if (!db->session) return Misuse(db, "the database is not open");
  return Guard(db, [&] {
    const std::vector<granary::Result> results = db->session->ExecuteScript(sql);
    for (const granary::Result& result : results) NoteChanges(db, result);
    return GRANARY_OK;
  });
}

int granary_prepare(granary_db* db, const char* sql, granary_stmt** stmt) {
  if (db == nullptr || stmt == nullptr) return GRANARY_MISUSE;
  *stmt = nullptr;
  ClearError(db);
  if (sql == nullptr) return Misuse(db, "sql is NULL");
  if (!db->session) return Misuse(db, "the database is not open");
  return Guard(db, [&] {
    auto handle = std::make_unique<granary_stmt>();
    handle->db = db;
    handle->prepared.emplace(db->session->Prepare(sql));
    handle->params.resize(handle->prepared->parameter_count());
    db->statements.insert(handle.get());
    *stmt = handle.release();
    return GRANARY_OK;
  });
}

int granary_bind_null(granary_stmt* stmt, int index) { return Bind(stmt, index, granary::Param()); }

int granary_bind_int64(granary_stmt* stmt, int index, int64_t value) {
  return Bind(stmt, index, granary::Param(static_cast<long long>(value)));
}

int granary_bind_double(granary_stmt* stmt, int index, double value) {
  return Bind(stmt, index, granary::Param(value));
}

int granary_bind_text(granary_stmt* stmt, int index, const char* value) {
  if (value == nullptr) return Bind(stmt, index, granary::Param());
  try {
    return Bind(stmt, index, granary::Param(std::string(value)));
  } catch (...) {  // copying the text ran out of memory
    return stmt != nullptr && stmt->db != nullptr ? Misuse(stmt->db, "out of memory")
                                                  : GRANARY_MISUSE;
  }
}

int granary_step(granary_stmt* stmt) {
  if (stmt == nullptr || stmt->db == nullptr || !stmt->prepared) return GRANARY_MISUSE;
  granary_db* db = stmt->db;
  ClearError(db);
  return Guard(db, [&] {
    if (stmt->done) ResetRun(stmt);  // stepping a finished statement runs it again
    if (!stmt->result) {
      stmt->result.emplace(stmt->prepared->Execute(stmt->params));
      stmt->next_row = 0;
      if (!stmt->result->returns_rows()) {
        NoteChanges(db, *stmt->result);
        stmt->done = true;
        return GRANARY_DONE;
      }
    }
    stmt->text.assign(stmt->result->columns().size(), std::nullopt);
    stmt->text_loaded.assign(stmt->result->columns().size(), false);
    if (stmt->next_row < stmt->result->row_count()) {
      ++stmt->next_row;
      return GRANARY_ROW;
    }
    NoteChanges(db, *stmt->result);  // INSERT ... RETURNING and friends
    stmt->done = true;
    return GRANARY_DONE;
  });
}

int granary_reset(granary_stmt* stmt) {
  if (stmt == nullptr || stmt->db == nullptr) return GRANARY_MISUSE;
  ClearError(stmt->db);
  ResetRun(stmt);
  return GRANARY_OK;
}

int granary_finalize(granary_stmt* stmt) {
  if (stmt == nullptr) return GRANARY_OK;
  if (stmt->db != nullptr) {
    ClearError(stmt->db);
    stmt->db->statements.erase(stmt);
  }
  try {
    delete stmt;
  } catch (...) {
    return GRANARY_ERROR;
  }
  return GRANARY_OK;
}

int granary_column_count(granary_stmt* stmt) {
  if (stmt == nullptr || !stmt->result) return 0;
  return static_cast<int>(stmt->result->columns().size());
}

const char* granary_column_name(granary_stmt* stmt, int column) {
  if (stmt == nullptr || !stmt->result) return nullptr;
  if (column < 0 || static_cast<size_t>(column) >= stmt->result->columns().size()) {
    Misuse(stmt->db, "column index out of range");
    return nullptr;
  }
  return stmt->result->columns()[static_cast<size_t>(column)].name.c_str();
}

uint32_t granary_column_type(granary_stmt* stmt, int column) {
  if (stmt == nullptr || !stmt->result) return 0;
  if (column < 0 || static_cast<size_t>(column) >= stmt->result->columns().size()) {
    Misuse(stmt->db, "column index out of range");
    return 0;
  }
  return stmt->result->columns()[static_cast<size_t>(column)].type_oid;
}

int granary_column_is_null(granary_stmt* stmt, int column) {
  size_t row = 0;
  const granary::Result* result = CurrentRow(stmt, column, &row);
  if (result == nullptr) return 1;
  int is_null = 1;
  Guard(stmt->db, [&] {
    is_null = result->row(row).IsNull(static_cast<size_t>(column)) ? 1 : 0;
    return GRANARY_OK;
  });
  return is_null;
}

int64_t granary_column_int64(granary_stmt* stmt, int column) {
  size_t row = 0;
  const granary::Result* result = CurrentRow(stmt, column, &row);
  if (result == nullptr) return 0;
  int64_t value = 0;
  Guard(stmt->db, [&] {
    const granary::Row current = result->row(row);
    if (!current.IsNull(static_cast<size_t>(column))) value = current.GetInt64(static_cast<size_t>(column));
    return GRANARY_OK;
  });
  return value;
}

double granary_column_double(granary_stmt* stmt, int column) {
  size_t row = 0;
  const granary::Result* result = CurrentRow(stmt, column, &row);
  if (result == nullptr) return 0;
  double value = 0;
  Guard(stmt->db, [&] {
    const granary::Row current = result->row(row);
    if (!current.IsNull(static_cast<size_t>(column))) value = current.GetDouble(static_cast<size_t>(column));
    return GRANARY_OK;
  });
  return value;
}

const char* granary_column_text(granary_stmt* stmt, int column) {
  size_t row = 0;
  const granary::Result* result = CurrentRow(stmt, column, &row);
  if (result == nullptr) return nullptr;
  const auto index = static_cast<size_t>(column);
  const int code = Guard(stmt->db, [&] {
    if (!stmt->text_loaded[index]) {
      stmt->text[index] = result->row(row).GetOptionalString(index);
      stmt->text_loaded[index] = true;
    }
    return GRANARY_OK;
  });
  if (code != GRANARY_OK || !stmt->text[index]) return nullptr;
  return stmt->text[index]->c_str();
}

int64_t granary_changes(granary_db* db) { return db == nullptr ? 0 : db->changes; }

const char* granary_errmsg(granary_db* db) {
  if (db == nullptr) return "out of memory";
  if (db->sqlstate == kOutOfMemory && db->errmsg.empty()) return "out of memory";
  return db->errmsg.c_str();
}

const char* granary_sqlstate(granary_db* db) {
  if (db == nullptr) return kOutOfMemory;
  return db->sqlstate.c_str();
}

}  // extern "C"
