/*
 * A libpq program exercising the extended query protocol against granary serve: binary and
 * text parameters and results for every supported type (PQexecParams, PQprepare with
 * parameter types, PQdescribePrepared), NULLs, errors with SQLSTATE and position, and
 * pipeline mode (several Executes before one Sync, skip-until-Sync after an error).
 *
 * Usage: libpq_client "host=127.0.0.1 port=N user=U dbname=granary"
 * Prints "ok" and exits 0 when every check passes; otherwise names the failed check.
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs (pg_type.h). */
#define BOOLOID 16
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23
#define BYTEAOID 17
#define TEXTOID 25
#define FLOAT8OID 701
#define VARCHAROID 1043
#define DATEOID 1082
#define TIMESTAMPOID 1114
#define NUMERICOID 1700

static int failures = 0;

#define CHECK(condition)                                                     \
  do {                                                                       \
    if (!(condition)) {                                                      \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      failures++;                                                            \
    }                                                                        \
  } while (0)

static void put16(char *out, int16_t v) {
  out[0] = (char)((uint16_t)v >> 8);
  out[1] = (char)((uint16_t)v & 0xFF);
}
static void put32(char *out, int32_t v) {
  for (int i = 0; i < 4; i++) out[i] = (char)(((uint32_t)v >> (24 - 8 * i)) & 0xFF);
}
static void put64(char *out, int64_t v) {
  for (int i = 0; i < 8; i++) out[i] = (char)(((uint64_t)v >> (56 - 8 * i)) & 0xFF);
}
static int32_t get32(const char *in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v = (v << 8) | (unsigned char)in[i];
  return (int32_t)v;
}
static int64_t get64(const char *in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = (v << 8) | (unsigned char)in[i];
  return (int64_t)v;
}

/* i + 0.5 (0 <= i < 10000) in numeric's binary form; returns its length. */
static int numeric_half(int i, char *out) {
  put16(out + 4, 0);  /* sign */
  put16(out + 6, 1);  /* dscale */
  if (i == 0) {       /* 0.5: one digit of weight -1 */
    put16(out, 1);
    put16(out + 2, -1);
    put16(out + 8, 5000);
    return 10;
  }
  put16(out, 2);
  put16(out + 2, 0);
  put16(out + 8, (int16_t)i);
  put16(out + 10, 5000);
  return 12;
}

static PGresult *exec_ok(PGconn *conn, const char *sql) {
  PGresult *res = PQexec(conn, sql);
  if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
    fprintf(stderr, "%s failed: %s", sql, PQerrorMessage(conn));
    failures++;
  }
  return res;
}

/* Every type as a binary parameter, read back in binary. */
static void binary_round_trip(PGconn *conn) {
  char b = 1, i2[2], i4[4], i8[8], f8[8], date[4], ts[8];
  /* numeric -12.5: ndigits 2, weight 0, sign negative, dscale 1, digits 12 5000 */
  char numeric[12];
  put16(numeric, 2); put16(numeric + 2, 0); put16(numeric + 4, 0x4000); put16(numeric + 6, 1);
  put16(numeric + 8, 12); put16(numeric + 10, 5000);
  put16(i2, -2);
  put32(i4, 123456);
  put64(i8, INT64_C(-9000000000));
  double d = 2.5;
  uint64_t bits;
  memcpy(&bits, &d, 8);
  put64(f8, (int64_t)bits);
  put32(date, 8766);                      /* 2024-01-01 */
  put64(ts, INT64_C(757382400000000) + 1); /* 2024-01-01 00:00:00.000001 */
  const char *values[10] = {&b, i2, i4, i8, f8, numeric, "héllo", "abc", date, ts};
  const int lengths[10] = {1, 2, 4, 8, 8, 12, (int)strlen("héllo"), 3, 4, 8};
  const int formats[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const Oid types[10] = {BOOLOID, INT2OID, INT4OID, INT8OID, FLOAT8OID, NUMERICOID, TEXTOID,
                         VARCHAROID, DATEOID, TIMESTAMPOID};
  const char *sql =
      "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10";
  PGresult *res = PQexecParams(conn, sql, 10, types, values, lengths, formats, 1);
  CHECK(PQresultStatus(res) == PGRES_TUPLES_OK);
  if (PQresultStatus(res) == PGRES_TUPLES_OK) {
    for (int c = 0; c < 10; c++) {
      CHECK(PQftype(res, c) == types[c]);
      CHECK(PQfformat(res, c) == 1);
      CHECK(PQgetlength(res, 0, c) == lengths[c]);
      CHECK(memcmp(PQgetvalue(res, 0, c), values[c], (size_t)lengths[c]) == 0);
    }
  } else {
    fprintf(stderr, "binary round trip: %s", PQresultErrorMessage(res));
  }
  PQclear(res);

  /* The same values in text. */
  res = PQexecParams(conn, sql, 10, types, values, lengths, formats, 0);
  CHECK(PQresultStatus(res) == PGRES_TUPLES_OK);
  if (PQresultStatus(res) == PGRES_TUPLES_OK) {
    const char *expected[10] = {"t", "-2", "123456", "-9000000000", "2.5", "-12.5", "héllo",
                                "abc", "2024-01-01", "2024-01-01 00:00:00.000001"};
    for (int c = 0; c < 10; c++) CHECK(strcmp(PQgetvalue(res, 0, c), expected[c]) == 0);
  }
  PQclear(res);
}

/* A table written with binary parameters and read with binary results. */
static void table_round_trip(PGconn *conn) {
  PQclear(exec_ok(conn, "CREATE TABLE measurement (id int8, value numeric(10,3), taken timestamp, note text)"));
  PGresult *res = PQprepare(conn, "insert_measurement",
                            "INSERT INTO measurement VALUES ($1, $2, $3, $4)", 4,
                            (const Oid[]){INT8OID, NUMERICOID, TIMESTAMPOID, TEXTOID});
  CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
  PQclear(res);

  res = PQdescribePrepared(conn, "insert_measurement");
  CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
  CHECK(PQnparams(res) == 4);
  CHECK(PQparamtype(res, 1) == NUMERICOID);
  CHECK(PQnfields(res) == 0);
  PQclear(res);

  for (int i = 0; i < 100; i++) {
    char id[8], numeric[12], ts[8];
    put64(id, i);
    const int length = numeric_half(i, numeric);
    put64(ts, INT64_C(757382400000000) + i * INT64_C(1000000));
    const char *values[4] = {id, numeric, ts, i == 0 ? "first" : NULL};
    const int lengths[4] = {8, length, 8, 5};
    const int formats[4] = {1, 1, 1, 0};
    res = PQexecPrepared(conn, "insert_measurement", 4, values, lengths, formats, 0);
    CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
    CHECK(strcmp(PQcmdTuples(res), "1") == 0);
    PQclear(res);
  }

  res = PQexecParams(conn, "SELECT id, value, taken, note FROM measurement WHERE id >= $1 ORDER BY id",
                     1, NULL, (const char *[]){"98"}, NULL, NULL, 1);
  CHECK(PQresultStatus(res) == PGRES_TUPLES_OK);
  CHECK(PQntuples(res) == 2);
  if (PQntuples(res) == 2) {
    CHECK(get64(PQgetvalue(res, 0, 0)) == 98);
    CHECK(PQgetlength(res, 0, 1) == 12);
    CHECK(get64(PQgetvalue(res, 1, 2)) == INT64_C(757382400000000) + 99 * INT64_C(1000000));
    CHECK(PQgetisnull(res, 1, 3));
  }
  PQclear(res);

  res = PQexecParams(conn, "SELECT value, note FROM measurement WHERE id = $1", 1,
                     (const Oid[]){INT8OID}, (const char *[]){"0"}, NULL, NULL, 0);
  CHECK(PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "0.500") == 0);
  CHECK(PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 1), "first") == 0);
  PQclear(res);

  res = PQexecParams(conn, "SELECT count(*), sum(value) FROM measurement", 0, NULL, NULL, NULL, NULL, 0);
  CHECK(strcmp(PQgetvalue(res, 0, 0), "100") == 0);
  CHECK(strcmp(PQgetvalue(res, 0, 1), "5000.000") == 0);
  PQclear(res);
}

/* Parameter types inferred from the statement, and result columns described before running. */
static void describe_and_infer(PGconn *conn) {
  PGresult *res = PQprepare(conn, "lookup", "SELECT id, note FROM measurement WHERE id = $1 AND note <> $2", 2, NULL);
  CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
  PQclear(res);
  res = PQdescribePrepared(conn, "lookup");
  CHECK(PQnparams(res) == 2);
  CHECK(PQparamtype(res, 0) == INT8OID);
  CHECK(PQparamtype(res, 1) == TEXTOID);
  CHECK(PQnfields(res) == 2);
  CHECK(strcmp(PQfname(res, 0), "id") == 0 && PQftype(res, 0) == INT8OID);
  CHECK(strcmp(PQfname(res, 1), "note") == 0 && PQftype(res, 1) == TEXTOID);
  PQclear(res);
}

static void errors(PGconn *conn) {
  PGresult *res = PQexecParams(conn, "SELECT nosuch FROM measurement", 0, NULL, NULL, NULL, NULL, 0);
  CHECK(PQresultStatus(res) == PGRES_FATAL_ERROR);
  CHECK(strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE), "42703") == 0);
  CHECK(strcmp(PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION), "8") == 0);
  CHECK(strcmp(PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED), "ERROR") == 0);
  PQclear(res);

  /* A bad binary value: 3 bytes for an int4. */
  res = PQexecParams(conn, "SELECT $1::int4", 1, (const Oid[]){INT4OID}, (const char *[]){"abc"},
                     (const int[]){3}, (const int[]){1}, 0);
  CHECK(PQresultStatus(res) == PGRES_FATAL_ERROR);
  PQclear(res);
  res = PQexecParams(conn, "SELECT $1::int4", 1, (const Oid[]){INT4OID}, (const char *[]){"12x"},
                     NULL, NULL, 0);
  CHECK(strcmp(PQresultErrorField(res, PG_DIAG_SQLSTATE), "22P02") == 0);
  PQclear(res);
  /* The session is fine afterwards. */
  res = PQexec(conn, "SELECT 1");
  CHECK(PQresultStatus(res) == PGRES_TUPLES_OK);
  PQclear(res);
}

/* Pipeline mode: three statements and one Sync; the failing second skips the third. */
static void pipeline(PGconn *conn) {
  CHECK(PQenterPipelineMode(conn) == 1);
  CHECK(PQsendQueryParams(conn, "INSERT INTO measurement (id) VALUES (1000)", 0, NULL, NULL, NULL, NULL, 0));
  CHECK(PQsendQueryParams(conn, "SELECT 1/0", 0, NULL, NULL, NULL, NULL, 0));
  CHECK(PQsendQueryParams(conn, "INSERT INTO measurement (id) VALUES (1001)", 0, NULL, NULL, NULL, NULL, 0));
  CHECK(PQpipelineSync(conn));
  PGresult *res = PQgetResult(conn);
  CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
  PQclear(res);
  CHECK(PQgetResult(conn) == NULL);
  res = PQgetResult(conn);
  CHECK(PQresultStatus(res) == PGRES_FATAL_ERROR);
  PQclear(res);
  CHECK(PQgetResult(conn) == NULL);
  res = PQgetResult(conn);
  CHECK(PQresultStatus(res) == PGRES_PIPELINE_ABORTED);
  PQclear(res);
  CHECK(PQgetResult(conn) == NULL);
  res = PQgetResult(conn);
  CHECK(PQresultStatus(res) == PGRES_PIPELINE_SYNC);
  PQclear(res);
  CHECK(PQexitPipelineMode(conn) == 1);
  /* The implicit transaction of the pipeline rolled back as a whole. */
  res = PQexec(conn, "SELECT count(*) FROM measurement WHERE id >= 1000");
  CHECK(strcmp(PQgetvalue(res, 0, 0), "0") == 0);
  PQclear(res);

  /* A pipeline that succeeds commits once, at its Sync. */
  CHECK(PQenterPipelineMode(conn) == 1);
  for (int i = 0; i < 5; i++) {
    CHECK(PQsendQueryParams(conn, "INSERT INTO measurement (id) VALUES (2000)", 0, NULL, NULL, NULL, NULL, 0));
  }
  CHECK(PQpipelineSync(conn));
  for (int i = 0; i < 5; i++) {
    res = PQgetResult(conn);
    CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
    PQclear(res);
    CHECK(PQgetResult(conn) == NULL);
  }
  res = PQgetResult(conn);
  CHECK(PQresultStatus(res) == PGRES_PIPELINE_SYNC);
  PQclear(res);
  CHECK(PQexitPipelineMode(conn) == 1);
  res = PQexec(conn, "SELECT count(*) FROM measurement WHERE id = 2000");
  CHECK(strcmp(PQgetvalue(res, 0, 0), "5") == 0);
  PQclear(res);
}

static void session_state(PGconn *conn) {
  CHECK(strcmp(PQparameterStatus(conn, "server_version"), "15.0") == 0);
  CHECK(strcmp(PQparameterStatus(conn, "integer_datetimes"), "on") == 0);
  CHECK(strcmp(PQparameterStatus(conn, "standard_conforming_strings"), "on") == 0);
  CHECK(PQserverVersion(conn) == 150000);
  CHECK(PQtransactionStatus(conn) == PQTRANS_IDLE);
  PQclear(exec_ok(conn, "BEGIN"));
  CHECK(PQtransactionStatus(conn) == PQTRANS_INTRANS);
  PQclear(PQexec(conn, "SELECT broken"));
  CHECK(PQtransactionStatus(conn) == PQTRANS_INERROR);
  PQclear(exec_ok(conn, "ROLLBACK"));
  CHECK(PQtransactionStatus(conn) == PQTRANS_IDLE);
  PQclear(exec_ok(conn, "SET application_name = 'renamed'"));
  CHECK(strcmp(PQparameterStatus(conn, "application_name"), "renamed") == 0);
}

/* bytea as a binary parameter: NUL and high bytes, a large value stored out of line, read
 * back in binary and in text (hex). */
static void bytea_round_trip(PGconn *conn) {
  PGresult *res = PQexec(conn, "CREATE TABLE blobs (id int, b bytea)");
  CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
  PQclear(res);
  static char large[300000];
  for (size_t i = 0; i < sizeof large; i++) large[i] = (char)((i * 7919u) >> 3);
  const char small[4] = {0, (char)0xFF, 'a', 0};
  const char *blobs[2] = {small, large};
  const int sizes[2] = {4, (int)sizeof large};
  for (int k = 0; k < 2; k++) {
    char id[4];
    put32(id, k);
    const char *values[2] = {id, blobs[k]};
    const int lengths[2] = {4, sizes[k]};
    const int formats[2] = {1, 1};
    const Oid types[2] = {INT4OID, BYTEAOID};
    res = PQexecParams(conn, "INSERT INTO blobs VALUES ($1, $2)", 2, types, values, lengths,
                       formats, 0);
    CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
    PQclear(res);
  }
  res = PQexecParams(conn, "SELECT b FROM blobs ORDER BY id", 0, NULL, NULL, NULL, NULL, 1);
  CHECK(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 2);
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 2) {
    for (int k = 0; k < 2; k++) {
      CHECK(PQftype(res, 0) == BYTEAOID);
      CHECK(PQgetlength(res, k, 0) == sizes[k]);
      CHECK(memcmp(PQgetvalue(res, k, 0), blobs[k], (size_t)sizes[k]) == 0);
    }
  }
  PQclear(res);
  res = PQexec(conn, "SELECT b FROM blobs WHERE id = 0");
  CHECK(PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "\\x00ff6100") == 0);
  PQclear(res);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s CONNINFO\n", argv[0]);
    return 2;
  }
  PGconn *conn = PQconnectdb(argv[1]);
  if (PQstatus(conn) != CONNECTION_OK) {
    fprintf(stderr, "connection failed: %s", PQerrorMessage(conn));
    return 1;
  }
  session_state(conn);
  binary_round_trip(conn);
  bytea_round_trip(conn);
  table_round_trip(conn);
  describe_and_infer(conn);
  errors(conn);
  pipeline(conn);
  PQfinish(conn);
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("ok\n");
  return 0;
}
