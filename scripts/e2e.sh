#!/usr/bin/env bash
# Browser tests: installs Debian's Chromium when missing, starts the built binary on a fresh
# SQLite demo city, and runs web/e2e against it with the first-run logins.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  web/e2e/install-chromium.sh
fi

tmp=$(mktemp -d)
port=${E2E_PORT:-$((20000 + RANDOM % 20000))}
log="$tmp/server.log"
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

bin/dangjian keys generate --key-file "$tmp/e2e.key" >/dev/null
bin/dangjian serve --db "$tmp/e2e.db" --key-file "$tmp/e2e.key" --addr "127.0.0.1:$port" --demo-members "${E2E_MEMBERS:-3000}" --seed 7 >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && [ -s "$tmp/first-login.txt" ]; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "server exited"; exit 1; fi
  sleep 0.2
done
if curl -fsS "http://127.0.0.1:$port/" | grep -q 'UI not built\|界面尚未构建'; then
  echo "bin/dangjian was built without the web UI: run 'make build' (the UI first, then the binary)"; exit 1
fi
cred() { awk -v u="$1" -F'\t' '$1 == u { print $2 }' "$tmp/first-login.txt"; }

export DANGJIAN_URL="http://127.0.0.1:$port"
export DANGJIAN_ADMIN_USER=admin DANGJIAN_ADMIN_PASSWORD="$(cred admin)"
export DANGJIAN_SECRETARY_USER=secretary DANGJIAN_SECRETARY_PASSWORD="$(cred secretary)"
export DANGJIAN_MEMBER_USER=member DANGJIAN_MEMBER_PASSWORD="$(cred member)"
export DANGJIAN_STAFF_USER=district DANGJIAN_STAFF_PASSWORD="$(cred district)"
if ! (cd web && npm run e2e); then
  echo "---- server log ----"; tail -50 "$log"; exit 1
fi
