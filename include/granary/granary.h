/* Granary's C embedding API, shaped like SQLite's.
 *
 *   granary_db* db;
 *   if (granary_open("./data", &db) != GRANARY_OK) { ... granary_errmsg(db) ...; }
 *   granary_stmt* stmt;
 *   granary_prepare(db, "SELECT name FROM t WHERE id = $1", &stmt);
 *   granary_bind_int64(stmt, 1, 42);
 *   while (granary_step(stmt) == GRANARY_ROW) puts(granary_column_text(stmt, 0));
 *   granary_finalize(stmt);
 *   granary_close(db);
 *
 * Every function returns a code and never lets a C++ exception escape. After an error the
 * message and SQLSTATE are kept on the database handle (granary_errmsg, granary_sqlstate)
 * until the next call on it. A granary_db holds one session; use one handle per thread.
 * Strings returned are owned by the handle and valid until the next step/finalize/close.
 */
#ifndef GRANARY_GRANARY_H
#define GRANARY_GRANARY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct granary_db granary_db;
typedef struct granary_stmt granary_stmt;

enum {
  GRANARY_OK = 0,
  GRANARY_ERROR = 1,   /* an SQL or I/O error: see granary_errmsg / granary_sqlstate */
  GRANARY_MISUSE = 21, /* a NULL handle, a bad column or parameter index */
  GRANARY_ROW = 100,   /* granary_step produced a row */
  GRANARY_DONE = 101   /* granary_step finished the statement */
};

/* Opens an existing data directory. *db is set even on failure (to report the error) and
 * must be closed with granary_close. */
int granary_open(const char* path, granary_db** db);
int granary_close(granary_db* db);

/* Runs one or more statements without results. */
int granary_exec(granary_db* db, const char* sql);

int granary_prepare(granary_db* db, const char* sql, granary_stmt** stmt);
/* Parameters are 1-based ($1 is index 1). */
int granary_bind_null(granary_stmt* stmt, int index);
int granary_bind_int64(granary_stmt* stmt, int index, int64_t value);
int granary_bind_double(granary_stmt* stmt, int index, double value);
int granary_bind_text(granary_stmt* stmt, int index, const char* value);
int granary_step(granary_stmt* stmt);
int granary_reset(granary_stmt* stmt); /* ready to step again; bindings are kept */
int granary_finalize(granary_stmt* stmt);

/* Columns are 0-based. */
int granary_column_count(granary_stmt* stmt);
const char* granary_column_name(granary_stmt* stmt, int column);
uint32_t granary_column_type(granary_stmt* stmt, int column); /* PostgreSQL type OID */
int granary_column_is_null(granary_stmt* stmt, int column);
int64_t granary_column_int64(granary_stmt* stmt, int column);
double granary_column_double(granary_stmt* stmt, int column);
const char* granary_column_text(granary_stmt* stmt, int column); /* NULL for SQL NULL */
/* Rows changed by the last INSERT/UPDATE/DELETE run to completion. */
int64_t granary_changes(granary_db* db);

const char* granary_errmsg(granary_db* db);
const char* granary_sqlstate(granary_db* db); /* "00000" when the last call succeeded */

#ifdef __cplusplus
}
#endif

#endif /* GRANARY_GRANARY_H */
