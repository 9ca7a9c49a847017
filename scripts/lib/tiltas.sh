# A throw-away Tiltas for the benchmark, fault and load scripts: the binary, a scratch database
# on SQLite or PostgreSQL, servers on loopback ports, their memory, and cleanup on exit.
# Source it after setting: backend (sqlite|postgres), port; optionally database_prefix.
# Afterwards: $bin, $work (a scratch folder), $DATABASE_URL, $BASE, query SQL, run_sql FILE,
# launch_server, wait_until_healthy and start_server [PORT [serve arguments…]], stop_server,
# rss_kb PID [VmRSS|VmHWM], and helpers+=(PID) for background processes to end on exit.

bin=${TILTAS_BIN:-}
if [ -z "$bin" ]; then
  # The release build when there is one (scripts/run.sh makes it), else a debug build.
  if [ -x target/release/tiltas ]; then bin=target/release/tiltas; else bin=target/debug/tiltas; fi
fi
[ -x "$bin" ] || cargo build -p tiltas-server --bin tiltas
work=$(mktemp -d)
server=0 # the server started last
# Several servers may share the database (scripts/two-instances.sh): each gets its own port.
servers=()
declare -A server_on=() # port -> process id
# Other processes a script starts in the background (clients, nginx), ended with the server.
helpers=()
admin_url=${TILTAS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
database_name="tiltas_${database_prefix:-scratch}_$$"

cleanup() {
  local pid
  for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
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
  run_sql() { psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$1"; }
else
  export DATABASE_URL="sqlite://$work/tiltas.db"
  query() { sqlite3 "$work/tiltas.db" "$1"; }
  run_sql() { sqlite3 -bail "$work/tiltas.db" <"$1"; }
fi
# The key file and the site root live in the scratch folder, so nothing is left in the checkout.
# A generous request timeout, so that a debug build is measured rather than cut off.
export TILTAS_LOG=${TILTAS_LOG:-warn} TILTAS_BASE_URL="http://127.0.0.1:$port/" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  TILTAS_COURSES_DIR="$PWD/courses" TILTAS_SIGNING_KEY_FILE="$work/key" LEPTOS_SITE_ROOT="${SITE_ROOT:-$work/site}" \
  TILTAS_REQUEST_TIMEOUT_SECONDS=${TILTAS_REQUEST_TIMEOUT_SECONDS:-300}
export BASE="http://127.0.0.1:$port"

# Starts `tiltas serve [arguments…]` on PORT (default $port) without waiting for it: see
# wait_until_healthy. $server is its process id.
launch_server() {
  local on=${1:-$port}
  shift || true
  LEPTOS_SITE_ADDR="127.0.0.1:$on" "$bin" serve "$@" >>"$work/server-$on.log" 2>&1 &
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

# start_server [PORT [serve arguments…]]: launch_server, then wait_until_healthy.
start_server() {
  launch_server "$@"
  wait_until_healthy "${1:-$port}"
}

# Stops the server started last, letting it shut down gracefully.
stop_server() {
  if [ "$server" -gt 0 ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=0
}

# Resident memory of a process in KiB: VmRSS now, or VmHWM, the most it has held.
rss_kb() {
  awk -v field="${2:-VmRSS}:" '$1 == field { print $2 }' "/proc/$1/status"
}
