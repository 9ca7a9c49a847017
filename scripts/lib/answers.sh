# Shared by the fault and load scripts: a throw-away database and server with signed-up learners,
# driven by scripts/answer-client.mjs, and the check that every acknowledged answer is stored
# exactly once. Source it after setting: backend (sqlite|postgres), port, clients, email_domain.
# Several servers may share the database (scripts/two-instances.sh): each gets its own port.

bin=${TILTAS_BIN:-}
if [ -z "$bin" ]; then
  # The release build when there is one (scripts/run.sh makes it), else a debug build.
  if [ -x target/release/tiltas ]; then bin=target/release/tiltas; else bin=target/debug/tiltas; fi
fi
[ -x "$bin" ] || cargo build -p tiltas-server --bin tiltas
work=$(mktemp -d)
server=0 # the server started last
servers=()
declare -A server_on=() # port -> process id
admin_url=${TILTAS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
database_name="tiltas_fault_$$"

cleanup() {
  local pid
  for pid in "${servers[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  if [ "$backend" = postgres ]; then
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $database_name WITH (FORCE)" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$backend" = postgres ]; then
  psql -q "$admin_url" -c "CREATE DATABASE $database_name"
  export DATABASE_URL="${admin_url%/*}/$database_name"
  query() { psql -qtA "$DATABASE_URL" -c "$1"; }
else
  export DATABASE_URL="sqlite://$work/tiltas.db"
  query() { sqlite3 "$work/tiltas.db" "$1"; }
fi
export TILTAS_LOG=warn TILTAS_BASE_URL="http://127.0.0.1:$port/" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  TILTAS_COURSES_DIR="$PWD/courses" TILTAS_SIGNING_KEY_FILE="$work/key" LEPTOS_SITE_ROOT="$work/site"
export BASE="http://127.0.0.1:$port" CLIENTS=$clients EMAIL_DOMAIN=$email_domain ACK_FILE="$work/acks"
: >"$work/acks"

# Starts `tiltas serve` on PORT (default $port) without waiting for it: see wait_until_healthy.
launch_server() {
  local on=${1:-$port}
  LEPTOS_SITE_ADDR="127.0.0.1:$on" "$bin" serve >>"$work/server-$on.log" 2>&1 &
  server=$!
  servers+=("$server")
  server_on[$on]=$server
}

# Waits up to a minute for /healthz on PORT (default $port) to answer 200; exits if it does not,
# or at once if the server stopped.
wait_until_healthy() {
  local on=${1:-$port}
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$on/healthz" >/dev/null && return
    kill -0 "${server_on[$on]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "the server on port $on did not start; see $work/server-$on.log" >&2; cat "$work/server-$on.log" >&2; exit 1
}

start_server() {
  launch_server "$@"
  wait_until_healthy "$@"
}

add_learners() {
  "$bin" migrate
  for i in $(seq 0 $((clients - 1))); do
    echo "a long enough passphrase" | "$bin" user add --email "learner$i@$email_domain" --name "Learner $i" \
      --role learner --organisation "Fault and load tests" --password-stdin >/dev/null
  done
}

# Every acknowledged answer must be in the database, and none twice. Returns non-zero otherwise.
check_acknowledged_answers_stored() {
  sort -u "$work/acks" >"$work/acked"
  query "SELECT u.email || ' ' || a.module_id || ' ' || q.question_id || ' ' || a.attempt_number
         FROM quiz_answers q JOIN quiz_attempts a ON a.id = q.attempt_id
         JOIN enrolments e ON e.id = a.enrolment_id JOIN users u ON u.id = e.user_id" | sort >"$work/stored"
  local acked stored unique_stored missing
  acked=$(wc -l <"$work/acked"); stored=$(wc -l <"$work/stored")
  unique_stored=$(sort -u "$work/stored" | wc -l)
  missing=$(comm -23 "$work/acked" "$work/stored" | wc -l)
  echo "acknowledged (distinct): $acked; stored: $stored (distinct $unique_stored); acknowledged but missing: $missing"
  if [ "$missing" -eq 0 ] && [ "$stored" -eq "$unique_stored" ] && [ "$acked" -gt 0 ]; then
    echo "every acknowledged answer is stored exactly once"
    return 0
  fi
  comm -23 "$work/acked" "$work/stored" | head
  return 1
}
