#!/usr/bin/env bash
# pgbench against granary serve. `pgbench -i` cannot initialise a Granary database yet (it
# needs CREATE TABLE ... WITH (fillfactor), TRUNCATE, COPY FROM STDIN, VACUUM and ALTER TABLE
# ... ADD PRIMARY KEY), so this creates pgbench's tables with their primary keys and loads them
# at scale 1 with plain INSERTs, then
# runs pgbench's built-in select-only script (-S, without vacuum: -n) in both protocols, and
# a `SELECT 1` script that measures the protocol path alone.
#
# Usage: bench/server/pgbench_select.sh path/to/granary [seconds]
set -euo pipefail
[[ $# -ge 1 && $1 != -h && $1 != --help ]] || { sed -n '2,9p' "$0"; exit 0; }
granary=$(realpath "$1")
seconds=${2:-5}
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
bench_setup pgbench-select
work=$BENCH_ROOT
bench_start_granary "$granary"
port=$BENCH_GRANARY_PORT
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=granary PGDATABASE=granary

psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88));
CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84));
CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84));
CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
INSERT INTO pgbench_branches VALUES (1, 0, NULL);
SQL
python3 - <<'PY' | psql -X -q -v ON_ERROR_STOP=1
for t in range(1, 11):
    print("INSERT INTO pgbench_tellers VALUES (%d, 1, 0, NULL);" % t)
for start in range(1, 100001, 1000):
    rows = ", ".join("(%d, 1, 0, '')" % a for a in range(start, start + 1000))
    print("INSERT INTO pgbench_accounts VALUES %s;" % rows)
PY
echo "SELECT 1;" > "$work/select_one.sql"

for mode in simple prepared; do
  echo "== pgbench -n -S -M $mode -c 4 -j 2 -T $seconds (scale 1, loaded with INSERT)"
  pgbench -n -S -M "$mode" -c 4 -j 2 -T "$seconds" 2>&1 | grep -E "^(tps|latency average|number of failed)"
done
for mode in simple prepared; do
  echo "== pgbench -n -f select_one.sql -M $mode -c 8 -j 2 -T $seconds"
  pgbench -n -f "$work/select_one.sql" -M "$mode" -c 8 -j 2 -T "$seconds" 2>&1 | grep -E "^(tps|latency average|number of failed)"
done
