#!/usr/bin/env bash
# copy_bench.sh — COPY FROM STDIN throughput: N pgbench_accounts rows (pgbench's own format,
# "aid<TAB>bid<TAB>0<TAB>" with an empty filler) loaded with psql's \copy into a fresh table,
# against two servers in the same run, A then B then A then B (--repeat R times).
#
# Usage: copy_bench.sh --a CONNINFO --a-name NAME --b CONNINFO --b-name NAME [--rows N] [--repeat R]
# Prints rows/s for each run and the median per server.
set -euo pipefail
ROWS=1000000; REPEAT=3; A=""; B=""; A_NAME=A; B_NAME=B
PSQL=${PSQL:-psql}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --a) A="$2"; shift 2 ;; --b) B="$2"; shift 2 ;;
    --a-name) A_NAME="$2"; shift 2 ;; --b-name) B_NAME="$2"; shift 2 ;;
    --rows) ROWS="$2"; shift 2 ;; --repeat) REPEAT="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
DATA=$(mktemp /tmp/copy_bench.XXXXXX)
trap 'rm -f "$DATA"' EXIT
awk -v n="$ROWS" 'BEGIN { for (i = 1; i <= n; i++) printf "%d\t%d\t0\t\n", i, int((i - 1) / 100000) + 1 }' > "$DATA"

run() {  # conninfo -> seconds
  "$PSQL" -q -X "$1" -c "DROP TABLE IF EXISTS copy_bench_accounts" \
    -c "CREATE TABLE copy_bench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor=100)" >/dev/null
  local start end
  start=$(date +%s.%N)
  "$PSQL" -q -X "$1" -c "\\copy copy_bench_accounts from '$DATA'" >/dev/null
  end=$(date +%s.%N)
  "$PSQL" -q -X -t "$1" -c "SELECT count(*) FROM copy_bench_accounts" | grep -q "$ROWS" || { echo "row count mismatch" >&2; exit 1; }
  "$PSQL" -q -X "$1" -c "DROP TABLE copy_bench_accounts" >/dev/null
  echo "$end - $start" | bc -l
}

declare -a A_TIMES B_TIMES
for ((r = 0; r < REPEAT; r++)); do
  t=$(run "$A"); A_TIMES+=("$t"); printf '%s run %d: %.2f s, %.0f rows/s\n' "$A_NAME" "$r" "$t" "$(echo "$ROWS / $t" | bc -l)"
  t=$(run "$B"); B_TIMES+=("$t"); printf '%s run %d: %.2f s, %.0f rows/s\n' "$B_NAME" "$r" "$t" "$(echo "$ROWS / $t" | bc -l)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ma=$(median "${A_TIMES[@]}"); mb=$(median "${B_TIMES[@]}")
printf 'median %s: %.2f s, %.0f rows/s\n' "$A_NAME" "$ma" "$(echo "$ROWS / $ma" | bc -l)"
printf 'median %s: %.2f s, %.0f rows/s\n' "$B_NAME" "$mb" "$(echo "$ROWS / $mb" | bc -l)"
