#!/usr/bin/env bash
# Prints the PostgreSQL test DSN given as $1 when that server answers, else nothing (the store
# and API suites then run on SQLite only and say so).
dsn="$1"
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
  echo "$dsn"
elif command -v psql >/dev/null 2>&1 && psql "$dsn" -Atc 'select 1' >/dev/null 2>&1; then
  echo "$dsn"
else
  echo "PostgreSQL not reachable: store and API tests run on SQLite only" >&2
fi
