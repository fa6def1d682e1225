#!/usr/bin/env bash
# commit_bench.sh — commit latency (1 session) and commit throughput (64 sessions) with
# synchronous_commit on and off: Granary (embedded, bench/commit_bench) against PostgreSQL 15
# (pgbench over a Unix socket) started by this script in /tmp on a free port. Each commit is
# one single-row INSERT in its own transaction. Prints both, the ratios, and how many commits
# one fsync served (Granary: WAL counters; PostgreSQL: pg_stat_wal.wal_sync against
# pg_stat_database.xact_commit).
#
# Usage: bench/commit_bench.sh [--seconds S] [--build DIR] [--pgbin DIR]
#   run from the repository root after `cmake --build build/release`.
set -euo pipefail

RUN_SECONDS=10
BUILD=build/release
PGBIN=/usr/lib/postgresql/15/bin
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) RUN_SECONDS="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    --pgbin) PGBIN="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
OURS="$BUILD/bench/commit_bench"
[[ -x "$OURS" ]] || { echo "build $OURS first (cmake --build $BUILD)" >&2; exit 2; }
[[ -x "$PGBIN/postgres" ]] || { echo "PostgreSQL not found in $PGBIN" >&2; exit 2; }

ROOT=$(mktemp -d /tmp/granary-commit-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres "$ROOT"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$ROOT/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap cleanup EXIT

echo "PostgreSQL 15 on port $PORT, data in $ROOT" >&2
as_pg "$PGBIN/initdb" -D "$ROOT/pg" -U postgres >/dev/null 2>&1
as_pg "$PGBIN/pg_ctl" -D "$ROOT/pg" -l "$ROOT/pg.log" -w \
  -o "-p $PORT -k $ROOT -c listen_addresses='' -c max_connections=100" start >/dev/null
PSQL=("$PGBIN/psql" -X -q -At -h "$ROOT" -p "$PORT" -U postgres postgres)
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
        -c "$clients" -j "$jobs" -T "$RUN_SECONDS" -h "$ROOT" -p "$PORT" -U postgres postgres 2>&1)
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

printf "%-18s %8s | %10s %9s %8s | %10s %9s %8s | %9s %9s\n" "synchronous_commit" "sessions" \
  "pg tps" "pg ms" "pg c/f" "ours tps" "ours ms" "ours c/f" "tps o/pg" "lat o/pg"
for sync in on off; do
  for clients in 1 64; do
    read -r pg_tps pg_lat pg_cpf < <(run_pg "$clients" "$sync")
    read -r our_tps our_lat our_cpf < <(run_ours "$clients" "$sync")
    python3 - "$sync" "$clients" "$pg_tps" "$pg_lat" "$pg_cpf" "$our_tps" "$our_lat" "$our_cpf" <<'PY'
import sys
s, c, pt, pl, pc, ot, ol, oc = sys.argv[1:]
print(f"{s:<18} {c:>8} | {float(pt):10.0f} {float(pl):9.3f} {pc:>8} | {float(ot):10.0f} {float(ol):9.3f} {oc:>8} | "
      f"{float(ot) / float(pt):9.2f} {float(ol) / float(pl):9.2f}")
PY
  done
done
echo "(c/f = commits per fsync; tps o/pg > 1 and lat o/pg < 1 favour Granary)"
