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

# The first-run logins must choose a new password at their first login (the browser tests
# show that flow with an account of their own): do it here for the logins the tests use, and
# hand the tests the new passwords.
first_change() {
  local user=$1 old new jar
  old=$(cred "$user"); new="E2e#$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  jar="$tmp/jar-$user"
  curl -fsS -c "$jar" -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"$old\"}" \
    "$DANGJIAN_URL/api/v1/auth/login" >/dev/null
  curl -fsS -b "$jar" -H 'Content-Type: application/json' -d "{\"current_password\":\"$old\",\"new_password\":\"$new\"}" \
    "$DANGJIAN_URL/api/v1/auth/password" >/dev/null
  local name=$2
  export "DANGJIAN_${name}_USER=$user" "DANGJIAN_${name}_PASSWORD=$new"
}
first_change admin ADMIN
first_change secadmin SECADMIN
first_change auditor AUDITOR
first_change city CITY
first_change district STAFF
first_change secretary SECRETARY
first_change member MEMBER
rm -f web/e2e/screenshots/*.png
if ! (cd web && npm run e2e); then
  echo "---- server log ----"; tail -50 "$log"; exit 1
fi
