#!/usr/bin/env bash
# tpch_bench.sh - TPC-H Q1, Q3 and Q6 on PostgreSQL 15 and on `granary serve`, side by side.
# Both servers are started by this script in /tmp on free ports and loaded with the same rows:
# lineitem by the shared ../shared/bench/tpch_lineitem.sql (deterministic, generate_series and
# integer hashes), orders and customer by tpch_orders.sql here (the shared script has lineitem
# alone; see that file for how they fit it). Both end with VACUUM ANALYZE. Each query then
# runs --reps times on each server, the two alternating (PostgreSQL first on odd runs,
# Granary first on even ones); the best time of each (psql's \timing, client-observed wall
# time) and the ratio Granary / PostgreSQL are printed, with both servers' EXPLAIN and a
# check that both returned the same rows.
#
# Usage: bench/tpch/tpch_bench.sh [--rows N] [--reps R] [--queries "q1 q3 q6"]
#          [--shared DIR] [--build DIR] [--pgbin DIR]
#   rows: lineitem rows (default 6000000, TPC-H scale factor 1; orders = rows / 4,
#   customer = rows / 40). Run from the repository root after `make build`.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROWS=6000000
REPS=3
QUERIES="q1 q3 q6"
SHARED="$HERE/../../../shared/bench"
BUILD=build/release
PGBIN=/usr/lib/postgresql/15/bin
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --queries) QUERIES="$2"; shift 2 ;;
    --shared) SHARED="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --pgbin) PGBIN="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
GRANARY="$BUILD/tools/granary"
[[ -x "$GRANARY" ]] || { echo "build $BUILD first (make build)" >&2; exit 2; }
[[ -f "$SHARED/tpch_lineitem.sql" ]] || { echo "no tpch_lineitem.sql in $SHARED (--shared)" >&2; exit 2; }
query_file() {  # q1 q6 from the shared directory, q3 from here
  if [[ -f "$HERE/tpch_$1.sql" ]]; then echo "$HERE/tpch_$1.sql"; else echo "$SHARED/tpch_$1.sql"; fi
}
for query in $QUERIES; do
  [[ -f "$(query_file "$query")" ]] || { echo "no query file for $query" >&2; exit 2; }
done

source "$HERE/../lib.sh"
bench_setup tpch-bench
ROOT=$BENCH_ROOT
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }

bench_start_postgres -c max_connections=100
PORT=$BENCH_PG_PORT
log "PostgreSQL 15 on port $PORT, data in $ROOT"

bench_start_granary "$GRANARY"
GPORT=$BENCH_GRANARY_PORT
log "granary serve on port $GPORT"

CONN_pg="host=127.0.0.1 port=$PORT user=postgres dbname=postgres"
CONN_granary="host=127.0.0.1 port=$GPORT user=granary dbname=granary"
conn() { local v="CONN_$1"; echo "${!v}"; }
psql_on() { local system=$1; shift; "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$@" "$(conn "$system")"; }

# ---------- load ----------
for system in pg granary; do
  start=$(now)
  psql_on "$system" -v rows="$ROWS" -f "$SHARED/tpch_lineitem.sql" >"$ROOT/load_$system.log" 2>&1 \
    || { cat "$ROOT/load_$system.log" >&2; exit 1; }
  lineitem_seconds=$(since "$start")
  start=$(now)
  psql_on "$system" -v rows="$ROWS" -f "$HERE/tpch_orders.sql" >>"$ROOT/load_$system.log" 2>&1 \
    || { cat "$ROOT/load_$system.log" >&2; exit 1; }
  log "$system: lineitem ($ROWS rows) loaded and analysed in $lineitem_seconds s," \
      "orders and customer in $(since "$start") s"
done

# ---------- plans ----------
for query in $QUERIES; do
  for system in pg granary; do
    echo "== EXPLAIN $query on $system"
    { echo "EXPLAIN"; cat "$(query_file "$query")"; } | psql_on "$system" -At -f - | sed 's/^/   /'
  done
done

# ---------- runs ----------
RESULTS="$ROOT/results.csv"
: >"$RESULTS"
run_one() {  # system query rep
  local system=$1 query=$2 rep=$3 ms
  { echo '\timing on'; echo "\\o $ROOT/out_${system}_$query.txt"; cat "$(query_file "$query")"; } \
    | psql_on "$system" -f - >"$ROOT/time.txt" 2>&1 || { cat "$ROOT/time.txt" >&2; exit 1; }
  ms=$(awk '/^Time:/{print $2; exit}' "$ROOT/time.txt")
  echo "$system,$query,$rep,$ms" >>"$RESULTS"
  log "$system $query run $rep: $ms ms"
}
for ((rep = 1; rep <= REPS; rep++)); do
  for query in $QUERIES; do
    if (( rep % 2 == 1 )); then
      run_one pg "$query" "$rep"; run_one granary "$query" "$rep"
    else
      run_one granary "$query" "$rep"; run_one pg "$query" "$rep"
    fi
  done
done

# ---------- report ----------
echo "tpch_bench: lineitem $ROWS rows, orders $(( (ROWS + 3) / 4 )), customer $(( ROWS / 40 > 0 ? ROWS / 40 : 1 )); best of $REPS runs"
for query in $QUERIES; do
  if cmp -s "$ROOT/out_pg_$query.txt" "$ROOT/out_granary_$query.txt"; then
    echo "$query same rows"
  else
    echo "$query ROWS DIFFER"
    diff "$ROOT/out_pg_$query.txt" "$ROOT/out_granary_$query.txt" | head -20 >&2 || true
  fi
done >"$ROOT/checks.txt"
python3 - "$RESULTS" "$ROOT/checks.txt" <<'PY'
import csv, sys
best = {}
order = []
for system, query, rep, ms in csv.reader(open(sys.argv[1])):
    if query not in order:
        order.append(query)
    key = (system, query)
    best[key] = min(best.get(key, float("inf")), float(ms))
checks = dict(line.rstrip("\n").split(" ", 1) for line in open(sys.argv[2]))
print(f"{'query':6} | {'pg15 best ms':>12} | {'granary best ms':>15} | {'Granary/PG':>10} | result")
for query in order:
    pg, ours = best[("pg", query)], best[("granary", query)]
    print(f"{query:6} | {pg:>12.1f} | {ours:>15.1f} | {ours / pg:>10.2f} | {checks[query]}")
PY
