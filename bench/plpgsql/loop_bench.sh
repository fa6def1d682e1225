#!/usr/bin/env bash
# bench/plpgsql/loop_bench.sh - a PL/pgSQL loop of 1,000,000 additions (`s := s + i`), the
# cost of the interpreter's simple-expression path, in PostgreSQL 15 and Granary side by
# side: each server runs `SELECT loop_add(1000000)` ROUNDS times, alternating, and the best
# time of each is reported with their ratio.
#
#   bench/plpgsql/loop_bench.sh [GRANARY] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
granary="${1:-$here/../../build/release/tools/granary}"
rounds="${2:-5}"

bench_setup plpgsql
bench_start_postgres
bench_start_granary "$granary"

function_sql='create function loop_add(n int) returns bigint language plpgsql as $$
declare
  s bigint := 0;
begin
  for i in 1..n loop
    s := s + i;
  end loop;
  return s;
end $$;'

pg() { psql -X -q -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d postgres "$@"; }
gr() { psql -X -q -h 127.0.0.1 -p "$BENCH_GRANARY_PORT" -U granary -d granary "$@"; }
pg -c "$function_sql"
gr -c "$function_sql"

# Milliseconds of one call, as psql's \timing reports it.
timed() { "$@" -c '\timing on' -c 'select loop_add(1000000)' | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'; }

best_pg=""
best_gr=""
for ((round = 1; round <= rounds; round++)); do
  t_pg="$(timed pg)"
  t_gr="$(timed gr)"
  echo "round $round: PostgreSQL ${t_pg} ms, Granary ${t_gr} ms"
  best_pg="$(python3 -c "print(min(x for x in [$t_pg, ${best_pg:-$t_pg}]))")"
  best_gr="$(python3 -c "print(min(x for x in [$t_gr, ${best_gr:-$t_gr}]))")"
done
python3 -c "print(f'best: PostgreSQL {$best_pg:.1f} ms, Granary {$best_gr:.1f} ms, Granary / PostgreSQL {$best_gr / $best_pg:.2f}x')"
