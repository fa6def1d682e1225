#!/usr/bin/env bash
# row_lock_bench.sh — contended read-modify-write transactions: bank transfers between
# --accounts rows (default 10), each transaction locking both rows with SELECT ... FOR UPDATE
# (in id order, so there are no deadlocks) and then updating them, as
# tests/unit/engine/concurrency_test.cpp does. PostgreSQL 15 and `granary serve` are both
# started by this script in /tmp on free ports and run the same pgbench script over TCP
# (-M prepared, synchronous_commit off, so the row locks and not fsync set the pace). Prints
# the transactions per second of each at 1, 8 and 64 clients, medians of --repeat runs in
# alternating order, and the ratio Granary / PostgreSQL; checks afterwards that the balances
# still sum to the starting total on both.
#
# Usage: bench/row_lock_bench.sh [--seconds S] [--repeat N] [--accounts N] [--clients "1 8 64"]
#                                [--build DIR] [--pgbin DIR]
#   run from the repository root after `cmake --build build/release`.
set -euo pipefail

RUN_SECONDS=10
REPEAT=3
ACCOUNTS=10
CLIENTS="1 8 64"
BUILD=build/release
PGBIN=/usr/lib/postgresql/15/bin
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) RUN_SECONDS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --accounts) ACCOUNTS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --pgbin) PGBIN="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
GRANARY="$BUILD/tools/granary"
[[ -x "$GRANARY" ]] || { echo "build $BUILD first (cmake --build $BUILD)" >&2; exit 2; }

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup row-lock-bench
ROOT=$BENCH_ROOT
bench_start_postgres -c max_connections=100
PORT=$BENCH_PG_PORT
PSQL=("$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres postgres)

bench_start_granary "$GRANARY"
GPORT=$BENCH_GRANARY_PORT
GPSQL=("$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$GPORT" -U granary granary)

SETUP="CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
       INSERT INTO accounts SELECT g, 100 FROM generate_series(1, $ACCOUNTS) g;"
"${PSQL[@]}" -c "$SETUP"
"${GPSQL[@]}" -c "$SETUP"
cat >"$ROOT/transfer.sql" <<SQL
\set a random(1, $ACCOUNTS)
\set b random(1, $ACCOUNTS)
\set amount random(0, 19)
BEGIN;
SELECT balance FROM accounts WHERE id IN (:a, :b) ORDER BY id FOR UPDATE;
UPDATE accounts SET balance = balance - :amount WHERE id = :a;
UPDATE accounts SET balance = balance + :amount WHERE id = :b;
END;
SQL

run() {  # host port user db clients -> tps
  local port=$2 user=$3 db=$4 clients=$5 jobs=$(( $5 < 2 ? $5 : 2 ))
  local out tps
  out=$(PGOPTIONS="-c synchronous_commit=off" "$PGBIN/pgbench" -n -M prepared -f "$ROOT/transfer.sql" \
        -c "$clients" -j "$jobs" -T "$RUN_SECONDS" -h "$1" -p "$port" -U "$user" "$db" 2>&1)
  tps=$(awk '/^tps = /{print $3; exit}' <<<"$out")
  [[ -n "$tps" ]] || { echo "pgbench failed on port $port:" >&2; echo "$out" >&2; exit 1; }
  echo "$tps"
}

printf "%7s | %9s %9s | %6s\n" "clients" "pg tps" "granary" "ratio"
for clients in $CLIENTS; do
  samples=()
  for ((rep = 1; rep <= REPEAT; rep++)); do
    if (( rep % 2 == 1 )); then
      pg=$(run 127.0.0.1 "$PORT" postgres postgres "$clients")
      ours=$(run 127.0.0.1 "$GPORT" granary granary "$clients")
    else
      ours=$(run 127.0.0.1 "$GPORT" granary granary "$clients")
      pg=$(run 127.0.0.1 "$PORT" postgres postgres "$clients")
    fi
    samples+=("$pg,$ours")
  done
  python3 - "$clients" "${samples[@]}" <<'PY'
import statistics, sys
rows = [r.split(",") for r in sys.argv[2:]]
pg = statistics.median(float(r[0]) for r in rows)
ours = statistics.median(float(r[1]) for r in rows)
print(f"{sys.argv[1]:>7} | {pg:9.0f} {ours:9.0f} | {ours / pg:6.2f}")
PY
done
total=$((ACCOUNTS * 100))
for side in PSQL GPSQL; do
  declare -n client=$side
  sum=$("${client[@]}" -c "SELECT sum(balance) FROM accounts")
  [[ "$sum" == "$total" ]] || { echo "$side: balances sum to $sum, not $total" >&2; exit 1; }
done
echo "(medians of $REPEAT runs of ${RUN_SECONDS}s over $ACCOUNTS accounts, pgbench -M prepared,"
echo " synchronous_commit off; ratio = Granary tps / PostgreSQL tps; balances verified)"
