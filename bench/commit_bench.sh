#!/usr/bin/env bash
# commit_bench.sh — commit latency (1 session) and commit throughput (64 sessions) with
# synchronous_commit on and off: Granary against PostgreSQL 15, both started by this script in
# /tmp on free ports. Each commit is one single-row INSERT in its own transaction. The same
# pgbench script (-M prepared) runs against PostgreSQL and against `granary serve` (both over
# TCP on 127.0.0.1); bench/commit_bench runs the same statement through the embedded API and
# counts how many commits one fsync served (PostgreSQL's count: pg_stat_wal.wal_sync against
# pg_stat_database.xact_commit). Prints all three and the ratios to PostgreSQL.
#
# Every cell runs --repeat times (default 3), the three systems in alternating order, and the
# medians are printed: fdatasync latency on a shared virtual disk drifts by 10x over minutes.
#
# Usage: bench/commit_bench.sh [--seconds S] [--repeat N] [--build DIR] [--pgbin DIR]
#   run from the repository root after `cmake --build build/release`.
set -euo pipefail

RUN_SECONDS=10
REPEAT=3
BUILD=build/release
PGBIN=/usr/lib/postgresql/15/bin
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) RUN_SECONDS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --pgbin) PGBIN="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
OURS="$BUILD/bench/commit_bench"
GRANARY="$BUILD/tools/granary"
[[ -x "$OURS" && -x "$GRANARY" ]] || { echo "build $BUILD first (cmake --build $BUILD)" >&2; exit 2; }

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_setup commit-bench
ROOT=$BENCH_ROOT
bench_start_postgres -c max_connections=100
PORT=$BENCH_PG_PORT
echo "PostgreSQL 15 on port $PORT, data in $ROOT" >&2
PSQL=("$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$PORT" -U postgres postgres)

bench_start_granary "$GRANARY"
GPORT=$BENCH_GRANARY_PORT
GPSQL=("$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$GPORT" -U granary granary)
"${GPSQL[@]}" -c "CREATE TABLE commit_bench (id int8, session int, payload text)"
"${PSQL[@]}" -c "CREATE TABLE commit_bench (id int8, session int, payload text)"
cat >"$ROOT/insert.sql" <<'SQL'
\set id random(1, 2000000000)
INSERT INTO commit_bench VALUES (:id, :client_id, 'payload-payload-payload');
SQL

pg_counter() {  # xact_commit and wal_sync now
  "${PSQL[@]}" -c "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'),
                          (SELECT wal_sync FROM pg_stat_wal)"
}

run_pg() {  # sessions synchronous_commit -> "tps latency_ms commits_per_fsync"
  local clients=$1 sync=$2 jobs=$(( $1 < 2 ? $1 : 2 ))
  "${PSQL[@]}" -c "TRUNCATE commit_bench; CHECKPOINT"
  sleep 0.5  # let the statistics collector catch up with the TRUNCATE
  local before after out
  before=$(pg_counter)
  out=$(PGOPTIONS="-c synchronous_commit=$sync" "$PGBIN/pgbench" -n -M prepared -f "$ROOT/insert.sql" \
        -c "$clients" -j "$jobs" -T "$RUN_SECONDS" -h 127.0.0.1 -p "$PORT" -U postgres postgres 2>&1)
  sleep 0.6
  after=$(pg_counter)
  local tps lat
  tps=$(awk '/^tps = /{print $3; exit}' <<<"$out")
  lat=$(awk '/^latency average = /{print $4; exit}' <<<"$out")
  python3 - "$before" "$after" "$tps" "$lat" <<'PY'
import sys
b = [int(x) for x in sys.argv[1].split("|")]
a = [int(x) for x in sys.argv[2].split("|")]
commits, syncs = a[0] - b[0], a[1] - b[1]
print(sys.argv[3], sys.argv[4], f"{commits / syncs:.2f}" if syncs else "n/a")
PY
}

run_served() {  # sessions synchronous_commit -> "tps latency_ms"
  local clients=$1 sync=$2 jobs=$(( $1 < 2 ? $1 : 2 ))
  "${GPSQL[@]}" -c "DELETE FROM commit_bench; CHECKPOINT"
  local out
  out=$(PGOPTIONS="-c synchronous_commit=$sync" "$PGBIN/pgbench" -n -M prepared -f "$ROOT/insert.sql" \
        -c "$clients" -j "$jobs" -T "$RUN_SECONDS" -h 127.0.0.1 -p "$GPORT" -U granary granary 2>&1)
  local tps lat
  tps=$(awk '/^tps = /{print $3; exit}' <<<"$out")
  lat=$(awk '/^latency average = /{print $4; exit}' <<<"$out")
  [[ -n "$tps" ]] || { echo "pgbench against granary serve failed:" >&2; echo "$out" >&2; exit 1; }
  echo "$tps $lat"
}

run_ours() {
  local clients=$1 sync=$2
  local out
  out=$("$OURS" --data "$ROOT/granary" --sessions "$clients" --seconds "$RUN_SECONDS" --synchronous-commit "$sync")
  python3 - "$out" <<'PY'
import sys
fields = dict(item.split("=") for item in sys.argv[1].split())
print(fields["commits_per_second"], fields["latency_ms"], fields["commits_per_fsync"])
PY
}

printf "%-6s %4s | %8s %7s %6s | %8s %7s | %8s %7s %6s | %6s %6s %6s\n" "sync" "sess" \
  "pg tps" "pg ms" "pg c/f" "srv tps" "srv ms" "emb tps" "emb ms" "emb c/f" "srv/pg" "emb/pg" "lat s/p"
for sync in on off; do
  for clients in 1 64; do
    samples=()
    for ((rep = 1; rep <= REPEAT; rep++)); do
      if (( rep % 2 == 1 )); then
        read -r pg_tps pg_lat pg_cpf < <(run_pg "$clients" "$sync")
        read -r srv_tps srv_lat < <(run_served "$clients" "$sync")
        read -r our_tps our_lat our_cpf < <(run_ours "$clients" "$sync")
      else
        read -r our_tps our_lat our_cpf < <(run_ours "$clients" "$sync")
        read -r srv_tps srv_lat < <(run_served "$clients" "$sync")
        read -r pg_tps pg_lat pg_cpf < <(run_pg "$clients" "$sync")
      fi
      samples+=("$pg_tps,$pg_lat,$pg_cpf,$srv_tps,$srv_lat,$our_tps,$our_lat,$our_cpf")
    done
    python3 - "$sync" "$clients" "${samples[@]}" <<'PY'
import statistics, sys
s, c, rows = sys.argv[1], sys.argv[2], [r.split(",") for r in sys.argv[3:]]
def med(i):
    values = [float(r[i]) for r in rows if r[i] not in ("", "n/a")]
    return statistics.median(values) if values else float("nan")
pt, pl, pc, st, sl, ot, ol, oc = (med(i) for i in range(8))
print(f"{s:<6} {c:>4} | {pt:8.0f} {pl:7.3f} {pc:6.2f} | {st:8.0f} {sl:7.3f} | "
      f"{ot:8.0f} {ol:7.3f} {oc:6.2f} | {st / pt:6.2f} {ot / pt:6.2f} {sl / pl:6.2f}")
PY
  done
done
echo "(medians of $REPEAT runs of ${RUN_SECONDS}s; pg = PostgreSQL 15 via pgbench; srv = granary serve via"
echo " the same pgbench script; emb = Granary embedded, bench/commit_bench; c/f = commits per"
echo " fsync; srv/pg, emb/pg = throughput ratios; lat s/p = latency ratio, server to PostgreSQL)"
