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
[[ -x "$PGBIN/postgres" ]] || { echo "PostgreSQL not found in $PGBIN" >&2; exit 2; }

ROOT=$(mktemp -d /tmp/granary-row-lock-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres "$ROOT"
SERVER=""
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$ROOT/pg" -m immediate stop >/dev/null 2>&1 || true
  if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$ROOT"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$ROOT/pg" -U postgres >/dev/null 2>&1
as_pg "$PGBIN/pg_ctl" -D "$ROOT/pg" -l "$ROOT/pg.log" -w \
  -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
PSQL=("$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres postgres)

"$GRANARY" init -D "$ROOT/served" >/dev/null
"$GRANARY" serve -D "$ROOT/served" --port 0 2>"$ROOT/serve.log" &
SERVER=$!
for _ in $(seq 100); do
  GPORT=$(sed -n 's/.*connect with: psql -h [^ ]* -p \([0-9]*\).*/\1/p' "$ROOT/serve.log")
  [[ -n "$GPORT" ]] && break
  sleep 0.1
done
[[ -n "${GPORT:-}" ]] || { echo "granary serve did not start:" >&2; cat "$ROOT/serve.log" >&2; exit 1; }
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
