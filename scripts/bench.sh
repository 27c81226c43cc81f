#!/usr/bin/env bash
# Measures the performance targets of docs/performance.md on a generated city.
#   MEMBERS (default 1000000)  city size
#   BENCH_PG (optional)        a postgres:// DSN of an empty database to repeat the store figures on
set -euo pipefail
cd "$(dirname "$0")/.."
bin=bin/dangjian
members=${MEMBERS:-1000000}
dir=$(mktemp -d)
t() { local s=$(date +%s%N); "$@"; echo "  ($(( ($(date +%s%N) - s) / 1000000 )) ms wall)"; }
# The machine is shared: record how loaded it was around the run and before each measurement.
load() { echo "   (load average:$(uptime | sed 's/.*load average://'))"; }
trap 'echo "== load at end:$(uptime | sed "s/.*load average://")"; rm -rf "$dir"' EXIT
echo "== $(git rev-parse --short HEAD 2>/dev/null || echo dev), $(nproc) cores"; load
$bin keys generate --key-file "$dir/bench.key" >/dev/null
export DANGJIAN_KEY_FILE="$dir/bench.key"

echo "== demo city: $members members (SQLite)"; load
t $bin demo --db "$dir/city.db" --members "$members" --seed 1
echo "== stats verify"
t $bin stats verify --db "$dir/city.db"
echo "== rollup read versus GROUP BY recount"
$bin bench stats --db "$dir/city.db" -n 2000
echo "== member list under 64 connections"; load
$bin bench list --db "$dir/city.db" --conns 64 --duration 10s
echo "== export"
t $bin export members --db "$dir/city.db" --org 1 --status all "$dir/members.csv"
t $bin export members --db "$dir/city.db" --org 1 --status all "$dir/members.xlsx"
ls -la "$dir"/members.*
echo "== import (organisations only in a fresh database, then the members file)"
$bin demo --db "$dir/csv.db" --members "$members" --seed 1 --orgs-only
load; $bin bench import --db "$dir/csv.db" "$dir/members.csv"
$bin stats verify --db "$dir/csv.db"
$bin demo --db "$dir/xlsx.db" --members "$members" --seed 1 --orgs-only
load; $bin bench import --db "$dir/xlsx.db" "$dir/members.xlsx"
$bin stats verify --db "$dir/xlsx.db"

if [ -n "${BENCH_PG:-}" ]; then
  echo "== PostgreSQL: $BENCH_PG"
  load; t $bin demo --db "$BENCH_PG" --members "$members" --seed 1
  t $bin stats verify --db "$BENCH_PG"
  $bin bench stats --db "$BENCH_PG" -n 2000
  load; $bin bench list --db "$BENCH_PG" --conns 64 --duration 10s
fi
