#!/usr/bin/env bash
# Durability under a crash: 32 signed-in learners submit 1,000 answers while the server is killed
# with SIGKILL in the middle and started again; then every submission that got a success answer
# must be in the database exactly once. Not part of CI (it kills processes and takes a minute).
#   scripts/fault-kill9.sh            on a SQLite file
#   scripts/fault-kill9.sh postgres   on a new PostgreSQL database (TILTAS_TEST_POSTGRES_URL's server)
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
clients=${CLIENTS:-32}
total=${TOTAL:-1000}
port=${PORT:-3117}
bin=${TILTAS_BIN:-target/debug/tiltas}
[ -x "$bin" ] || cargo build -p tiltas-server --bin tiltas
work=$(mktemp -d)
trap 'kill -9 "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

if [ "$backend" = postgres ]; then
  admin_url=${TILTAS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  name="tiltas_kill9_$$"
  psql -q "$admin_url" -c "CREATE DATABASE $name"
  export DATABASE_URL="${admin_url%/*}/$name"
  query() { psql -qtA "$DATABASE_URL" -c "$1"; }
  trap 'kill -9 "${server:-0}" 2>/dev/null || true; rm -rf "$work"; psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"' EXIT
else
  export DATABASE_URL="sqlite://$work/tiltas.db"
  query() { sqlite3 "$work/tiltas.db" "$1"; }
fi
export TILTAS_LOG=warn TILTAS_BASE_URL="http://127.0.0.1:$port/" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  TILTAS_COURSES_DIR="$PWD/courses" TILTAS_SIGNING_KEY_FILE="$work/key" LEPTOS_SITE_ROOT="$work/site"

start() {
  "$bin" serve >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.2; done
  echo "the server did not start; see $work/server.log" >&2; exit 1
}

"$bin" migrate
for i in $(seq 0 $((clients - 1))); do
  echo "a long enough passphrase" | "$bin" user add --email "learner$i@kill9.test" --name "Learner $i" --role learner --organisation "Kill test" --password-stdin >/dev/null
done
start
echo "==> $clients clients, $total answers, $backend; SIGKILL once about 40% are acknowledged"
BASE="http://127.0.0.1:$port" CLIENTS=$clients TOTAL=$total ACK_FILE="$work/acks" node scripts/fault-kill9-client.mjs >"$work/client.log" 2>&1 &
client=$!
: >>"$work/acks"
until [ "$(wc -l <"$work/acks")" -ge $((total * 2 / 5)) ]; do
  kill -0 "$client" 2>/dev/null || { echo "the client stopped early:" >&2; cat "$work/client.log" >&2; exit 1; }
  sleep 0.1
done
kill -9 "$server"
echo "==> killed at $(wc -l <"$work/acks") acknowledged; restarting"
sleep 1
start
wait "$client"
cat "$work/client.log"

sort -u "$work/acks" >"$work/acked"
query "SELECT u.email || ' ' || a.module_id || ' ' || q.question_id || ' ' || a.attempt_number
       FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id
       JOIN enrolments e ON e.id = a.enrolment_id JOIN users u ON u.id = e.user_id" | sort >"$work/stored"
acked=$(wc -l <"$work/acked"); stored=$(wc -l <"$work/stored"); unique_stored=$(sort -u "$work/stored" | wc -l)
missing=$(comm -23 "$work/acked" "$work/stored" | wc -l)
echo "acknowledged (distinct): $acked; stored: $stored (distinct $unique_stored); acknowledged but missing: $missing"
[ "$missing" -eq 0 ] && [ "$stored" -eq "$unique_stored" ] && echo "PASS: every acknowledged answer is stored exactly once" && exit 0
echo "FAIL"; comm -23 "$work/acked" "$work/stored" | head; exit 1
