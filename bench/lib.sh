# bench/lib.sh - the servers a benchmark compares, started and stopped the same way by every
# script that sources it: a PostgreSQL 15 cluster and a `granary serve` data directory in one
# temporary directory under /tmp, each listening on 127.0.0.1 on a free port, both stopped and
# the directory removed when the script exits (normally, on an error under `set -e`, or on
# SIGINT / SIGTERM).
#
#   source "path/to/bench/lib.sh"
#   bench_setup NAME                 BENCH_ROOT=/tmp/granary-NAME.XXXXXX; installs the trap
#   bench_start_postgres [ARG...]    initdb + pg_ctl start from $PGBIN (default
#                                    /usr/lib/postgresql/15/bin); ARGs are extra postgres
#                                    options ("-c name=value"); sets BENCH_PG_PORT
#   bench_start_granary GRANARY      `GRANARY init` + `GRANARY serve --port 0`; sets
#                                    BENCH_GRANARY_PORT once the server answers a query
#
# Readiness: PostgreSQL's through `pg_ctl -w`. Granary's port is the one the server chose, read
# from its "connect with: psql -h ... -p PORT" log line; only complete (newline-terminated)
# lines are read, so a line still being written is never taken for a shorter port, and the
# log file exists before the server starts, so an early read never fails. A server that exits
# or stays silent for 60 s ends the script with its log.
# The caller sets `set -euo pipefail`; run as root, the cluster runs as user postgres.

BENCH_ROOT=""
BENCH_PG_PORT=""
BENCH_GRANARY_PORT=""
BENCH_GRANARY_PID=""
BENCH_PG_STARTED=0
: "${PGBIN:=/usr/lib/postgresql/15/bin}"

# A TCP port nobody listens on now (the kernel's choice for port 0).
bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Runs a PostgreSQL program as user postgres when we are root (initdb refuses root).
bench_as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bench_cleanup() {
  if [[ $BENCH_PG_STARTED -eq 1 ]]; then
    bench_as_postgres "$PGBIN/pg_ctl" -D "$BENCH_ROOT/pg" -m immediate stop >/dev/null 2>&1 || true
  fi
  if [[ -n "$BENCH_GRANARY_PID" ]]; then
    kill "$BENCH_GRANARY_PID" 2>/dev/null || true
    wait "$BENCH_GRANARY_PID" 2>/dev/null || true
  fi
  if [[ -n "$BENCH_ROOT" ]]; then rm -rf "$BENCH_ROOT"; fi
}

bench_setup() {  # NAME
  BENCH_ROOT=$(mktemp -d "/tmp/granary-$1.XXXXXX")
  if [[ $(id -u) -eq 0 ]]; then chown postgres "$BENCH_ROOT"; fi
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_start_postgres() {  # [postgres option...]
  [[ -x "$PGBIN/postgres" ]] || { echo "PostgreSQL not found in $PGBIN" >&2; exit 2; }
  BENCH_PG_PORT=$(bench_free_port)
  bench_as_postgres "$PGBIN/initdb" -D "$BENCH_ROOT/pg" -U postgres >/dev/null 2>&1
  BENCH_PG_STARTED=1
  bench_as_postgres "$PGBIN/pg_ctl" -D "$BENCH_ROOT/pg" -l "$BENCH_ROOT/pg.log" -w \
    -o "-p $BENCH_PG_PORT -k $BENCH_ROOT -c listen_addresses=127.0.0.1 $*" start >/dev/null \
    || { echo "PostgreSQL did not start:" >&2; cat "$BENCH_ROOT/pg.log" >&2; exit 1; }
}

# Prints the port of the "connect with" line once that line is complete; nothing before.
bench_granary_port_from_log() {  # LOG
  local complete
  complete=$(wc -l <"$1")
  head -n "$complete" "$1" | sed -n 's/.*connect with: psql -h [^ ]* -p \([0-9][0-9]*\) .*/\1/p' | head -n 1
}

bench_start_granary() {  # GRANARY
  local granary=$1 log="$BENCH_ROOT/serve.log" port="" attempt
  "$granary" init -D "$BENCH_ROOT/served" >/dev/null
  : >"$log"
  "$granary" serve -D "$BENCH_ROOT/served" --port 0 2>>"$log" &
  BENCH_GRANARY_PID=$!
  for ((attempt = 0; attempt < 600; ++attempt)); do
    port=$(bench_granary_port_from_log "$log")
    [[ -n "$port" ]] && break
    if ! kill -0 "$BENCH_GRANARY_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [[ -z "$port" ]]; then
    echo "granary serve did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  for ((attempt = 0; attempt < 100; ++attempt)); do
    if "$PGBIN/psql" -X -q -At -h 127.0.0.1 -p "$port" -U granary granary -c "SELECT 1" \
         >/dev/null 2>&1; then
      BENCH_GRANARY_PORT=$port
      return 0
    fi
    sleep 0.1
  done
  echo "granary serve on port $port does not answer:" >&2
  cat "$log" >&2
  exit 1
}
