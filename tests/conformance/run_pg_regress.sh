#!/usr/bin/env bash
# Runs the PostgreSQL regression files of ../shared/conformance/pg_regress against
# `granary serve`, the way ../shared/tools/pg_regress_run.sh runs them against PostgreSQL:
# psql -X -a -q reads each file on stdin after its prerequisites (column 2 of `schedule`),
# with pg_regress's environment, and the output is compared with expected/T.out or any
# alternate expected/T_N.out.
#
# One departure: a data directory is one database in Granary (no CREATE DATABASE), so each
# test gets a fresh data directory and server where pg_regress creates a fresh database; the
# settings pg_regress gives that database (ALTER DATABASE ... SET) go in PGOPTIONS.
#
# Usage: tests/conformance/run_pg_regress.sh [BUILD_DIR] [REGRESS_DIR] [TEST ...]
# Prints one line per test and "N passed, N failed"; outputs and diffs stay in
# $PG_REGRESS_OUT (default /tmp/granary_pg_regress).
set -uo pipefail
build=${1:-build/release}
dir=$(cd "${2:-../shared/conformance/pg_regress}" && pwd)
shift $(( $# >= 2 ? 2 : $# ))
granary=$(cd "$build" && pwd)/tools/granary
[ -x "$granary" ] || { echo "run_pg_regress: $granary not built" >&2; exit 2; }
out=${PG_REGRESS_OUT:-/tmp/granary_pg_regress}
psql=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
rm -rf "$out" && mkdir -p "$out"

export PGHOST=127.0.0.1 PGUSER=postgres
export PGTZ=PST8PDT PGDATESTYLE="Postgres, MDY" LC_MESSAGES=C LANG=C PGAPPNAME=pg_regress
# statement_timeout only ends a statement Granary would run for far longer than PostgreSQL.
export PGOPTIONS="-c intervalstyle=postgres_verbose -c lc_messages=C -c bytea_output=hex -c statement_timeout=60s"
export PG_ABS_SRCDIR=$dir PG_ABS_BUILDDIR=$out PG_LIBDIR=/nonexistent PG_DLSUFFIX=.so
unset LC_ALL LANGUAGE PGDATABASE PGCLIENTENCODING

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
prereqs() { awk -v t="$1" '$1==t { for (i=2;i<=NF;i++) if ($i!="-") printf "%s ", $i }' "$dir/schedule"; }
[ $# -eq 0 ] && set -- $(grep -v '^#' "$dir/schedule" | awk 'NF {print $1}')

server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=
}
trap stop_server EXIT

passed=0
failed=0
for T in "$@"; do
  data="$out/data_$T"
  "$granary" init -D "$data" --superuser postgres >/dev/null
  port=$(free_port)
  "$granary" serve -D "$data" --port "$port" --listen 127.0.0.1 >"$out/$T.server.log" 2>&1 &
  server_pid=$!
  export PGPORT=$port
  for _ in $(seq 100); do "$psql" -X -q -d postgres -c '' 2>/dev/null && break; sleep 0.1; done
  for P in $(prereqs "$T"); do   # prerequisite outputs are kept but not judged
    "$psql" -X -a -q -d postgres -v HIDE_TABLEAM=on -v HIDE_TOAST_COMPRESSION=on \
      <"$dir/sql/$P.sql" >"$out/$T.pre-$P.out" 2>&1
  done
  "$psql" -X -a -q -d postgres -v HIDE_TABLEAM=on -v HIDE_TOAST_COMPRESSION=on \
    <"$dir/sql/$T.sql" >"$out/$T.out" 2>&1
  stop_server
  rm -rf "$data"
  best=""
  best_lines=999999
  for E in "$dir/expected/$T.out" "$dir"/expected/"${T}"_[0-9].out; do
    [ -f "$E" ] || continue
    n=$(diff "$E" "$out/$T.out" | grep -c '^[<>]')
    if [ "$n" -lt "$best_lines" ]; then best_lines=$n; best=$E; fi
  done
  if [ "$best_lines" -eq 0 ]; then
    echo "test $T ... ok"
    passed=$((passed + 1))
  else
    diff -U3 "$best" "$out/$T.out" >"$out/$T.diff"
    echo "test $T ... FAILED ($best_lines diff lines, see $out/$T.diff)"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
