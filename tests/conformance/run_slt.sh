#!/usr/bin/env bash
# Runs the shared sqllogictest corpus through Granary's embedded runner and prints a
# markdown table of passed/failed records per file, plus the most common failure causes.
#
# Usage: tests/conformance/run_slt.sh [BUILD_DIR] [SLT_DIR]
set -uo pipefail
build=${1:-build/release}
corpus=${2:-../shared/conformance/slt}
runner=$build/tests/sql/runner/slt_runner
[ -x "$runner" ] || { echo "run_slt: $runner not built" >&2; exit 2; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
total_pass=0
total_fail=0
echo "| file | passed | failed |"
echo "| --- | ---: | ---: |"
while IFS= read -r file; do
  out=$("$runner" --max-report 1000000 "$file" 2>&1)
  echo "$out" | grep -E '^\s+FAIL' >>"$log"
  summary=$(echo "$out" | tail -1)
  pass=$(echo "$summary" | awk '{print $1}')
  fail=$(echo "$summary" | awk '{print $3}')
  total_pass=$((total_pass + ${pass:-0}))
  total_fail=$((total_fail + ${fail:-0}))
  echo "| ${file#$corpus/} | ${pass:-?} | ${fail:-?} |"
done < <(find "$corpus" -name '*.test' | sort)
echo "| **total** | **$total_pass** | **$total_fail** |"
echo
echo "Most common failure causes:"
echo
sed -E 's/.*FAIL [^:]+:[0-9]+: //; s/"[^"]*"/"…"/g; s/[0-9]+/N/g' "$log" | sort | uniq -c | sort -rn | head -15 |
  sed -E 's/^ *([0-9]+) (.*)/- \1 × \2/'
