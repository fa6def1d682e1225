"""Running one statement and deciding whether two outcomes are the same.

An outcome is ("ok", column type oids, rows of text-or-None) or ("error", SQLSTATE, message).
Rows are compared as multisets unless the query is ordered by every output column, in which
case the sequence counts. Integers, numeric, text, dates and booleans compare as exact text;
float4/float8 with a relative tolerance.
"""
from decimal import Decimal, InvalidOperation

import psycopg2

FLOAT_OIDS = (700, 701)
NUMERIC_OID = 1700
FLOAT_DIGITS = 10  # float last digits may differ (PostgreSQL's shortest-exact output vs others)
TIMEOUT_SQLSTATE = "57014"
# Constructs that keep one of several equal values: 1.0 and 1.00 are equal numerics, and which
# text survives DISTINCT, GROUP BY, min/max or a set operation depends on the order rows arrive.
MERGING = ("DISTINCT", "GROUP BY", "MIN(", "MAX(", "UNION", "INTERSECT", "EXCEPT", "GREATEST",
           "LEAST")


def run(connection, sql):
    cursor = connection.cursor()
    try:
        cursor.execute(sql)
        if cursor.description is None:
            return ("ok", (), [])
        types = tuple(column.type_code for column in cursor.description)
        return ("ok", types, [tuple(row) for row in cursor.fetchall()])
    except psycopg2.Error as error:
        if error.pgcode is None:
            raise  # the connection broke: the caller treats it as a crash
        return ("error", error.pgcode, (error.pgerror or "").strip().splitlines()[0])
    finally:
        cursor.close()


def _key(value, oid):
    if value is None:
        return (0, "")
    if oid in FLOAT_OIDS:
        try:
            return (1, "%.*g" % (FLOAT_DIGITS, float(value)))
        except ValueError:
            return (2, value)
    if oid == NUMERIC_OID:
        try:
            number = Decimal(value)
            return (1, str(number.normalize()) if number != 0 else "0")
        except InvalidOperation:
            return (2, value)
    return (2, value)


def _exact(value, oid):
    if value is not None and oid in FLOAT_OIDS:
        return _key(value, oid)
    return (0, "") if value is None else (2, value)


def _rows(rows, types, convert):
    return [tuple(convert(v, types[i]) for i, v in enumerate(row)) for row in rows]


def same(expected, actual, sql, ordered, limited):
    """None when the outcomes agree, else a one-line reason. Timeouts count as agreement."""
    if expected[0] == "error" or actual[0] == "error":
        if TIMEOUT_SQLSTATE in (expected[1], actual[1]):
            return None
        if expected[0] != actual[0]:
            return "PostgreSQL: %s, Granary: %s" % (describe(expected), describe(actual))
        if expected[1] != actual[1]:
            return "SQLSTATE %s (%s) vs %s (%s)" % (expected[1], expected[2], actual[1], actual[2])
        return None
    types = expected[1]
    if types != actual[1]:
        return "column types %s vs %s" % (type_names(expected[1]), type_names(actual[1]))
    if len(expected[2]) != len(actual[2]):
        return "%d rows vs %d rows" % (len(expected[2]), len(actual[2]))
    merging = any(word in sql.upper() for word in MERGING)
    if ordered:
        keys_e, keys_a = _rows(expected[2], types, _key), _rows(actual[2], types, _key)
        if keys_e != keys_a:
            return "ordered rows differ"
        # Within a run of equal rows the exact texts must agree as multisets.
        start = 0
        for end in range(1, len(keys_e) + 1):
            if end == len(keys_e) or keys_e[end] != keys_e[start]:
                last = end == len(keys_e)
                run_e = sorted(_rows(expected[2][start:end], types, _exact))
                run_a = sorted(_rows(actual[2][start:end], types, _exact))
                if run_e != run_a and not merging and not (last and limited):
                    return "ordered rows differ in text"
                start = end
        return None
    if sorted(_rows(expected[2], types, _exact)) == sorted(_rows(actual[2], types, _exact)):
        return None
    if merging and sorted(_rows(expected[2], types, _key)) == sorted(_rows(actual[2], types, _key)):
        return None
    return "rows differ"


def describe(outcome):
    if outcome[0] == "error":
        return "error %s: %s" % (outcome[1], outcome[2])
    rows = outcome[2]
    shown = ", ".join("(%s)" % ", ".join("NULL" if v is None else v for v in row) for row in rows[:8])
    return "%d rows: %s%s" % (len(rows), shown, ", ..." if len(rows) > 8 else "")


TYPE_NAMES = {16: "boolean", 20: "bigint", 21: "smallint", 23: "integer", 25: "text", 700: "real",
              701: "double precision", 1043: "varchar", 1082: "date", 1114: "timestamp",
              1700: "numeric"}


def type_names(oids):
    return "(%s)" % ", ".join(TYPE_NAMES.get(oid, str(oid)) for oid in oids)
