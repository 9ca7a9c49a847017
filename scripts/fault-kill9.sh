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
email_domain=kill9.test
source scripts/lib/answers.sh

add_learners
start_server
echo "==> $clients clients, $total answers, $backend; SIGKILL once about 40% are acknowledged"
TOTAL=$total ON_ERROR=retry node scripts/answer-client.mjs >"$work/client.log" 2>&1 &
client=$!
until [ "$(wc -l <"$work/acks")" -ge $((total * 2 / 5)) ]; do
  kill -0 "$client" 2>/dev/null || { echo "the client stopped early:" >&2; cat "$work/client.log" >&2; exit 1; }
  sleep 0.1
done
kill -9 "$server"
echo "==> killed at $(wc -l <"$work/acks") acknowledged; restarting"
sleep 1
start_server
wait "$client"
cat "$work/client.log"
check_acknowledged_answers_stored && echo PASS || { echo FAIL; exit 1; }
