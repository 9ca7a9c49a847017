#!/usr/bin/env bash
# PostgreSQL restarted under load: 32 signed-in learners keep reading and answering while the
# local PostgreSQL cluster is stopped for DOWN_SECONDS and started again. Passes when
#   - /healthz answers 503 (within its 2 s bound) while the database is down, and never 200;
#   - /healthz answers 200 again within 5 s of PostgreSQL accepting connections, without any
#     restart of Tiltas (the same process serves throughout);
#   - answers are acknowledged again after the restart, and every acknowledged answer is stored
#     exactly once.
# It stops the machine's PostgreSQL (pg_ctlcluster, as root or the postgres user), so it is not
# part of CI. Run it on a machine where nothing else needs the database for a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=postgres
clients=${CLIENTS:-32}
port=${PORT:-3118}
down_seconds=${DOWN_SECONDS:-8}
email_domain=pgrestart.test
cluster_version=$(pg_lsclusters -h | awk '$2 == "main" { print $1; exit }')
cluster() { pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main "$1"; }
source scripts/lib/answers.sh
restore_cluster() { cluster start 2>/dev/null || true; }
trap 'restore_cluster; cleanup' EXIT

now_ms() { date +%s%3N; }
health() { curl -s -o /dev/null -w '%{http_code}' --max-time 4 "$BASE/healthz" || true; }

add_learners
start_server
pid_before=$server
echo "==> $clients learners reading and answering on PostgreSQL; stopping PostgreSQL for ${down_seconds}s"
DURATION=$((down_seconds + 30)) READ_PAGES=1 ON_ERROR=retry node scripts/answer-client.mjs >"$work/client.log" 2>&1 &
client=$!
sleep 8
acked_before=$(wc -l <"$work/acks")

cluster stop
stopped_at=$(now_ms)
codes_while_down=()
while [ $(( $(now_ms) - stopped_at )) -lt $((down_seconds * 1000)) ]; do
  codes_while_down+=("$(health)")
  sleep 0.2
done
acked_while_down=$(wc -l <"$work/acks")
cluster start
until pg_isready -q -h 127.0.0.1 -p 5432; do sleep 0.05; done
ready_at=$(now_ms)
recovered_at=
while [ $(( $(now_ms) - ready_at )) -lt 30000 ]; do
  if [ "$(health)" = 200 ]; then recovered_at=$(now_ms); break; fi
  sleep 0.05
done
wait "$client" || { echo "the client failed:" >&2; cat "$work/client.log" >&2; exit 1; }
cat "$work/client.log"
acked_after=$(wc -l <"$work/acks")

down_503=$(printf '%s\n' "${codes_while_down[@]}" | grep -c '^503$' || true)
down_200=$(printf '%s\n' "${codes_while_down[@]}" | grep -c '^200$' || true)
echo "health checks while down: ${#codes_while_down[@]} (503: $down_503, 200: $down_200)"
echo "answers acknowledged: $acked_before before the stop, $((acked_while_down - acked_before)) while down, $((acked_after - acked_while_down)) after"
failed=0
if [ "$down_503" -eq 0 ] || [ "$down_200" -ne 0 ]; then echo "FAIL: /healthz did not answer 503 throughout the outage"; failed=1; fi
if [ -z "$recovered_at" ]; then
  echo "FAIL: /healthz did not recover within 30 s"; failed=1
else
  recovery_ms=$((recovered_at - ready_at))
  echo "healthy again ${recovery_ms} ms after PostgreSQL accepted connections"
  [ "$recovery_ms" -le 5000 ] || { echo "FAIL: recovery took longer than 5 s"; failed=1; }
fi
kill -0 "$pid_before" 2>/dev/null || { echo "FAIL: the Tiltas process did not survive"; failed=1; }
[ "$acked_after" -gt "$acked_while_down" ] || { echo "FAIL: no answer was acknowledged after the restart"; failed=1; }
check_acknowledged_answers_stored || failed=1
[ "$failed" -eq 0 ] && echo PASS || { echo FAIL; exit 1; }
