#!/usr/bin/env bash
# portal_bench.sh - a web portal's read mix on PostgreSQL 15 and on `granary serve`, side by
# side: both servers are started by this script in /tmp on free ports, loaded with the same
# rows (schema.sql: articles, authors, categories), and each query runs as a pgbench custom
# script (-M prepared) at 1 and 8 clients, PostgreSQL and Granary alternating (ABBA over
# --repeat). Prints per query and client count the TPS of both and the time ratio
# Granary / PostgreSQL (PostgreSQL's TPS over Granary's: above 1.0, Granary is slower).
#
# Before the runs it prints both servers' EXPLAIN of each query, as the prepared statement
# runs it (PREPARE, five EXECUTEs so that PostgreSQL may switch to its generic plan, then
# EXPLAIN EXECUTE), and flags each query whose access paths differ: an index PostgreSQL
# scans that Granary does not, or the other way round.
#
# The queries (one pgbench script each, next to this file):
#   point   (a) point lookup by primary key
#   page    (b) ORDER BY created_at DESC LIMIT 20 OFFSET 0..2000
#   join    (c) articles JOIN authors JOIN categories, one category, newest 20
#   report  (d) count and avg(views) per category over 30 days
#
# Usage: bench/portal/portal_bench.sh [--seconds S] [--clients "1 8"] [--repeat R]
#          [--rows N] [--queries "point page join report"] [--build DIR] [--pgbin DIR]
#          [--explain-only]
#   run from the repository root after building the release preset (make build).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN_SECONDS=15
CLIENTS="1 8"
REPEAT=1
ROWS=200000
QUERIES="point page join report"
BUILD=build/release
PGBIN=/usr/lib/postgresql/15/bin
EXPLAIN_ONLY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) RUN_SECONDS="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --rows) ROWS="$2"; shift 2 ;;
    --queries) QUERIES="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --pgbin) PGBIN="$2"; shift 2 ;;
    --explain-only) EXPLAIN_ONLY=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
GRANARY="$BUILD/tools/granary"
[[ -x "$GRANARY" ]] || { echo "build $BUILD first (make build)" >&2; exit 2; }

source "$HERE/../lib.sh"
bench_setup portal-bench
ROOT=$BENCH_ROOT
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

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

for system in pg granary; do
  start=$(date +%s.%N)
  psql_on "$system" -v rows="$ROWS" -f "$HERE/schema.sql" >"$ROOT/load_$system.log" 2>&1 \
    || { cat "$ROOT/load_$system.log" >&2; exit 1; }
  log "$system: $ROWS articles loaded, indexed and analysed in $(python3 -c "import time; print(f'{time.time() - $start:.1f}')") s"
done

# ---------- plans ----------
# A query's script as one statement with $1 for its variable, and a sample value.
declare -A SAMPLE=([point]=12345 [page]=1500 [join]=17 [report]=100)
prepared_text() {
  grep -v -e '^--' -e '^\\set' "$HERE/$1.sql" | tr '\n' ' ' | sed -E 's/;[[:space:]]*$//; s/:[a-z]+/$1/g'
}
plan_of() {  # system query -> the EXPLAIN text of the statement as pgbench -M prepared runs it
  local system=$1 query=$2 value=${SAMPLE[$2]}
  {
    echo "PREPARE bench_query AS $(prepared_text "$query");"
    for _ in 1 2 3 4 5; do echo "\\o /dev/null"; echo "EXECUTE bench_query($value);"; done
    echo "\\o"
    echo "EXPLAIN EXECUTE bench_query($value);"
  } | psql_on "$system" -At -f -
}
access_paths() {  # plan text on stdin -> sorted "relation: index or seq" lines
  python3 -c '
import re, sys
paths = set()
for line in sys.stdin:
    m = re.search(r"(Index Only Scan|Index Scan)(?: Backward)? using (\S+) on (\S+)", line)
    if m: paths.add(f"index {m.group(2)}"); continue
    m = re.search(r"Bitmap Index Scan on (\S+)", line)
    if m: paths.add(f"index {m.group(1)}"); continue
    m = re.search(r"Seq Scan on (\S+)", line)
    if m: paths.add(f"seq scan {m.group(1)}")
print(", ".join(sorted(paths)))'
}
declare -A PLAN_FLAG
for query in $QUERIES; do
  echo "== EXPLAIN $query: $(prepared_text "$query")  [\$1 = ${SAMPLE[$query]}]"
  for system in pg granary; do
    plan_of "$system" "$query" >"$ROOT/plan_${system}_$query.txt"
    echo "-- $system"
    sed 's/^/   /' "$ROOT/plan_${system}_$query.txt"
  done
  pg_paths=$(access_paths <"$ROOT/plan_pg_$query.txt")
  granary_paths=$(access_paths <"$ROOT/plan_granary_$query.txt")
  if [[ "$pg_paths" == "$granary_paths" ]]; then
    PLAN_FLAG[$query]="same access paths"
  else
    PLAN_FLAG[$query]="PLAN DIFFERS: pg {$pg_paths} granary {$granary_paths}"
  fi
  echo "-- ${PLAN_FLAG[$query]}"
  echo
done
(( EXPLAIN_ONLY )) && exit 0

# ---------- runs ----------
RESULTS="$ROOT/results.csv"
: >"$RESULTS"
run_one() {  # system query clients rep
  local system=$1 query=$2 clients=$3 rep=$4 jobs=$(( $3 < 2 ? $3 : 2 ))
  local out tps
  out=$("$PGBIN/pgbench" -n -M prepared -f "$HERE/$query.sql" -D rows="$ROWS" \
        -c "$clients" -j "$jobs" -T "$RUN_SECONDS" "$(conn "$system")" 2>&1) || true
  tps=$(awk '/^tps = /{print $3; exit}' <<<"$out")
  [[ -n "$tps" ]] || { echo "pgbench on $system failed:" >&2; echo "$out" >&2; exit 1; }
  echo "$system,$query,$clients,$rep,$tps" >>"$RESULTS"
  log "$system $query c=$clients rep=$rep: tps=$tps"
}
for ((rep = 1; rep <= REPEAT; rep++)); do
  for query in $QUERIES; do
    for clients in $CLIENTS; do
      if (( rep % 2 == 1 )); then
        run_one pg "$query" "$clients" "$rep"; run_one granary "$query" "$clients" "$rep"
      else
        run_one granary "$query" "$clients" "$rep"; run_one pg "$query" "$clients" "$rep"
      fi
    done
  done
done

# ---------- report ----------
echo "portal_bench: $ROWS articles, ${RUN_SECONDS}s per run, pgbench -M prepared, repeat $REPEAT (medians)"
for query in $QUERIES; do echo "$query ${PLAN_FLAG[$query]}"; done >"$ROOT/flags.txt"
python3 - "$RESULTS" "$ROOT/flags.txt" <<'PY'
import csv, statistics, sys
tps = {}
order = []
for system, query, clients, rep, value in csv.reader(open(sys.argv[1])):
    key = (query, int(clients))
    if key not in order:
        order.append(key)
    tps.setdefault((system,) + key, []).append(float(value))
flags = dict(line.rstrip("\n").split(" ", 1) for line in open(sys.argv[2]))
print(f"{'query':8} {'clients':>7} | {'pg15 tps':>10} | {'granary tps':>11} | {'time Granary/PG':>15} | plan")
for query, clients in order:
    pg = statistics.median(tps[("pg", query, clients)])
    ours = statistics.median(tps[("granary", query, clients)])
    ratio = pg / ours if ours else float("inf")
    print(f"{query:8} {clients:>7} | {pg:>10.1f} | {ours:>11.1f} | {ratio:>15.2f} | {flags[query]}")
PY
