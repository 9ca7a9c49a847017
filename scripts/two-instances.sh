#!/usr/bin/env bash
# Two Tiltas instances (A and B) on one new PostgreSQL database, behind nginx configured by
# docs/deploy/nginx.conf exactly as committed, all on loopback ports. Fails (exit 1, each failed
# check named) unless:
#   1. a session made by signing in directly on A works directly on B;
#   2. an answer submitted directly to A is seen on B;
#   3. signing out through B ends the session on both;
#   4. A and B, started at the same moment on the empty database, import each course once;
#   5. with learners answering through nginx, A killed with SIGKILL loses no acknowledged answer
#      and nginx moves the traffic to B (answers keep being acknowledged after the kill);
# and Tiltas, with TILTAS_TRUSTED_PROXIES=1, records the address nginx received a sign-in from,
# not one the client wrote into X-Forwarded-For. Run by scripts/test.sh after the Rust tests; it
# takes under a minute. Needs nginx (Debian's nginx-light), psql and node, and the debug build
# (target/debug/tiltas, or TILTAS_BIN). PostgreSQL: TILTAS_TEST_POSTGRES_URL's server.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=postgres
clients=${CLIENTS:-8}
load_seconds=${DURATION:-16}
port=${PORT:-3140} # nginx, the deployment's public address
port_a=$((port + 1))
port_b=$((port + 2))
email_domain=two-instances.test
export TILTAS_BIN=${TILTAS_BIN:-target/debug/tiltas}
source scripts/lib/answers.sh
# The test fixture courses: small, so that both instances import them within a second.
export TILTAS_COURSES_DIR="$PWD/course-format/tests/fixtures" TILTAS_TRUSTED_PROXIES=1 COURSE=first-contact
A="http://127.0.0.1:$port_a"
B="http://127.0.0.1:$port_b"
NGINX="http://127.0.0.1:$port"
password="a long enough passphrase"

failed=0
check() {
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what" >&2; failed=1; fi
}

nginx_pid=
stop_nginx() { if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi; }
trap 'stop_nginx; cleanup' EXIT

# nginx with docs/deploy/nginx.conf, its placeholders filled in, included in the http block of
# a main configuration that keeps nginx's files in the scratch folder (what /etc/nginx/nginx.conf
# provides in an installation).
start_nginx() {
  local dir="$work/nginx"
  mkdir -p "$dir"
  sed -e "s/\${TILTAS_LISTEN}/127.0.0.1:$port/" -e "s/\${TILTAS_INSTANCE_A}/127.0.0.1:$port_a/" \
    -e "s/\${TILTAS_INSTANCE_B}/127.0.0.1:$port_b/" docs/deploy/nginx.conf >"$dir/tiltas.conf"
  if grep -v '^ *#' "$dir/tiltas.conf" | grep '\${TILTAS' >&2; then echo "placeholders left in the nginx configuration" >&2; exit 1; fi
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    # The instance that answered is the last address: a request retried lists both.
    log_format upstreams '\$msec \$status "\$request" \$upstream_status \$upstream_addr';
    access_log $dir/access.log upstreams;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/tiltas.conf;
}
EOF
  # Run as the current user (as root, nginx's workers would be "nobody", who cannot write here).
  [ "$(id -u)" != 0 ] || sed -i "1i user root root;" "$dir/nginx.conf"
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -sf "$NGINX/healthz" >/dev/null && return; sleep 0.1; done
  echo "nginx did not start:" >&2; cat "$dir/error.log" >&2; exit 1
}

# The forms' anti-forgery token in the page at URL, as the person with COOKIES (curl -b) sees it.
form_token() { curl -sf -b "$2" "$1" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }

# Signs EMAIL in at BASE_URL (extra curl options after it) and prints the session token.
sign_in() {
  local base=$1 email=$2 jar
  shift 2
  jar=$(mktemp -p "$work")
  curl -sf -o /dev/null -c "$jar" "$@" "$base/login"
  curl -sf -o /dev/null -b "$jar" -c "$jar" "$@" --data-urlencode "csrf=$(form_token "$base/login" "$jar")" \
    --data-urlencode "email=$email" --data-urlencode "password=$password" "$base/api/sign_in"
  awk '$6 == "tiltas_session" { print $7 }' "$jar"
}

# Whether BASE_URL takes TOKEN as EMAIL's session: the profile page shows their address.
session_works() { curl -s -b "tiltas_session=$2" "$1/profile" | grep -qF "$3"; }
session_refused() { ! session_works "$@"; }

# How many questions on the module page at BASE_URL show their explanation, i.e. were answered.
answered_on() {
  curl -sf -b "tiltas_session=$2" "$1/courses/$COURSE/modules/first-contact?note=read" | grep -o 'class="explanation"' | wc -l || true
}

# Posts a form at BASE_URL+PATH as TOKEN's session, with the forms' token (extra curl options
# after PATH: the fields); prints the HTTP status.
post_as() {
  local base=$1 token=$2 path=$3
  shift 3
  curl -s -o /dev/null -w '%{http_code}' -b "tiltas_session=$token" \
    --data-urlencode "csrf=$(form_token "$base/courses/$COURSE" "tiltas_session=$token")" "$@" "$base$path"
}

# The servers log warnings, and what each did with each course at start-up.
export TILTAS_LOG="warn,tiltas_server::commands::import=info"
echo "==> 4. A and B started at the same moment on the empty database, importing $TILTAS_COURSES_DIR"
launch_server "$port_a"
pid_a=$server
launch_server "$port_b"
wait_until_healthy "$port_a"
wait_until_healthy "$port_b"
courses_in_folder=$(find "$TILTAS_COURSES_DIR" -mindepth 2 -maxdepth 2 -name course.toml | wc -l)
query "SELECT course_slug || ': ' || count(*) || ' version(s)' FROM course_versions GROUP BY course_slug ORDER BY course_slug"
for on in "$port_a" "$port_b"; do grep -ho "course import.*" "$work/server-$on.log" | sed "s/^/  port $on: /" || true; done
check "each of the $courses_in_folder courses has exactly one version" \
  [ "$(query "SELECT count(*) || ' ' || count(DISTINCT course_slug) FROM course_versions")" = "$courses_in_folder $courses_in_folder" ]
check "both instances prepared one founding administrator" [ "$(query "SELECT count(*) FROM users")" = 1 ]

start_nginx
add_learners
echo "$password" | "$bin" user add --email "alex@$email_domain" --name "Alex Two" --role learner \
  --organisation "Fault and load tests" --password-stdin >/dev/null

echo "==> 1. a session made on A works on B"
token=$(sign_in "$A" "alex@$email_domain")
check "signing in on A gave a session cookie" [ -n "$token" ]
check "A knows the session" session_works "$A" "$token" "alex@$email_domain"
check "B knows the session made on A" session_works "$B" "$token" "alex@$email_domain"

echo "==> 2. an answer submitted to A is seen on B"
check "enrolling on A" [ "$(post_as "$A" "$token" /api/enrol --data-urlencode "slug=$COURSE")" -lt 400 ]
before=$(answered_on "$B" "$token")
status=$(post_as "$A" "$token" /api/answer_question --data-urlencode "slug=$COURSE" \
  --data-urlencode "module_id=first-contact" --data-urlencode "question_id=documents-held" --data-urlencode "selected[]=1")
check "answering on A" [ "$status" -lt 400 ]
after=$(answered_on "$B" "$token")
echo "questions answered as B shows them: $before before, $after after"
check "B shows the answer given on A" eval '[ "$before" -eq 0 ] && [ "$after" -eq 1 ]'

echo "==> 3. signing out through B ends the session on both"
check "signing out on B" [ "$(post_as "$B" "$token" /api/sign_out)" -lt 400 ]
check "B no longer takes the session" session_refused "$B" "$token" "alex@$email_domain"
check "A no longer takes the session" session_refused "$A" "$token" "alex@$email_domain"
check "the session is gone from the database" \
  [ "$(query "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'alex@$email_domain'")" = 0 ]

echo "==> the client's address behind nginx (TILTAS_TRUSTED_PROXIES=1)"
# From 127.0.0.2 (still loopback), claiming another address: the one nginx saw must be recorded.
# (Without the setting it would be nginx's own 127.0.0.1; trusting two proxies, the forged one.)
token=$(sign_in "$NGINX" "alex@$email_domain" --interface 127.0.0.2 -H "X-Forwarded-For: 203.0.113.9")
check "signing in through nginx" [ -n "$token" ]
recorded=$(query "SELECT e.client_address FROM audit_events e JOIN users u ON u.id = e.subject_user_id
                  WHERE u.email = 'alex@$email_domain' AND e.action = 'signed_in' ORDER BY e.client_address")
echo "sign-ins recorded from: $(echo $recorded) (directly on A, then through nginx)"
check "the sign-in through nginx is recorded from 127.0.0.2" [ "$(echo $recorded)" = "127.0.0.1 127.0.0.2" ]

echo "==> 5. $clients learners answering through nginx for ${load_seconds}s; A killed with SIGKILL"
DURATION=$load_seconds ON_ERROR=retry node scripts/answer-client.mjs >"$work/client.log" 2>&1 &
client=$!
until [ "$(wc -l <"$work/acks")" -ge 150 ]; do
  kill -0 "$client" 2>/dev/null || { echo "the client stopped early:" >&2; cat "$work/client.log" >&2; exit 1; }
  sleep 0.1
done
kill -9 "$pid_a"
killed_at=$(date +%s.%N)
acked_at_kill=$(wc -l <"$work/acks")
wait "$client" || { echo "the client failed:" >&2; cat "$work/client.log" >&2; exit 1; }
cat "$work/client.log"
acked_after_kill=$(($(wc -l <"$work/acks") - acked_at_kill))
# nginx's view: which instance answered each request (status under 400) before the kill, and
# from half a second after it (a response A sent just before dying may be logged just after).
served() { awk -v t="$killed_at" -v when="$1" -v who="$2" \
  '((when == "before" && $1 < t) || (when == "after" && $1 >= t + 0.5)) && $2 < 400 && $0 ~ ":" who "$"' "$work/nginx/access.log" | wc -l; }
echo "answers acknowledged: $acked_at_kill before the kill, $acked_after_kill after"
echo "requests answered before the kill: A $(served before "$port_a"), B $(served before "$port_b");" \
  "after: A $(served after "$port_a"), B $(served after "$port_b")"
errors=$(node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop()); console.log(s.errors)' "$work/client.log")
check "nginx spread the load over both instances before the kill" \
  eval '[ "$(served before "$port_a")" -gt 0 ] && [ "$(served before "$port_b")" -gt 0 ]'
check "answers kept being acknowledged after the kill, through B" \
  eval '[ "$acked_after_kill" -ge 50 ] && [ "$(served after "$port_b")" -gt 0 ] && [ "$(served after "$port_a")" -eq 0 ]'
unsettled=$(node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop()); console.log(s.unsettled)' "$work/client.log")
echo "requests refused only when sent again after the kill cut off their first answer: $unsettled"
check "no request was refused" [ "$errors" = 0 ]
check "no acknowledged answer was lost" check_acknowledged_answers_stored

if [ "$failed" -ne 0 ]; then echo "FAIL (logs: server-$port_a.log, server-$port_b.log, nginx/ in $work)"; exit 1; fi
echo PASS
