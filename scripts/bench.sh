#!/usr/bin/env bash
# Measures the performance targets of docs/performance.md on a generated city.
#   MEMBERS (default 1000000)  city size
#   BENCH_PG (optional)        a postgres:// DSN of an empty database to repeat the store figures on
set -euo pipefail
cd "$(dirname "$0")/.."
bin=bin/dangjian
members=${MEMBERS:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
t() { local s=$(date +%s%N); "$@"; echo "  ($(( ($(date +%s%N) - s) / 1000000 )) ms wall)"; }
$bin keys generate --key-file "$dir/bench.key" >/dev/null
export DANGJIAN_KEY_FILE="$dir/bench.key"

echo "== demo city: $members members (SQLite)"
t $bin demo --db "$dir/city.db" --members "$members" --seed 1
echo "== stats verify"
t $bin stats verify --db "$dir/city.db"
echo "== rollup read versus GROUP BY recount"
$bin bench stats --db "$dir/city.db" -n 2000
echo "== member list under 64 connections"
$bin bench list --db "$dir/city.db" --conns 64 --duration 10s
echo "== export"
t $bin export members --db "$dir/city.db" --org 1 --status all "$dir/members.csv"
t $bin export members --db "$dir/city.db" --org 1 --status all "$dir/members.xlsx"
ls -la "$dir"/members.*
echo "== import (organisations only in a fresh database, then the members file)"
$bin demo --db "$dir/csv.db" --members "$members" --seed 1 --orgs-only
$bin bench import --db "$dir/csv.db" "$dir/members.csv"
$bin stats verify --db "$dir/csv.db"
$bin demo --db "$dir/xlsx.db" --members "$members" --seed 1 --orgs-only
$bin bench import --db "$dir/xlsx.db" "$dir/members.xlsx"

if [ -n "${BENCH_PG:-}" ]; then
  echo "== PostgreSQL: $BENCH_PG"
  t $bin demo --db "$BENCH_PG" --members "$members" --seed 1
  $bin bench stats --db "$BENCH_PG" -n 2000
  $bin bench list --db "$BENCH_PG" --conns 64 --duration 10s
fi
