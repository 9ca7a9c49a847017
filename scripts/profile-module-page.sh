#!/usr/bin/env bash
# Where a module page's time goes (issue 14: profile before changing anything): records a `perf`
# profile, with call graphs, of the release server while wrk loads a signed-in learner's module
# page, then prints the symbols with the most samples, by themselves and with their callees.
# Installs Debian's linux-perf if perf is missing. Needs perf events allowed
# (`sysctl kernel.perf_event_paranoid=1` or lower, or root).
#   scripts/profile-module-page.sh                 30 s of wrk at 16 connections
#   SECONDS_OF_LOAD=60 CONNECTIONS=64 scripts/profile-module-page.sh
# The profile stays in perf.data of the scratch folder only while the script runs; PERF_DATA=FILE
# keeps a copy (for `perf report -i FILE`). Inlined frames are not resolved (--no-inline): with
# them perf runs addr2line over the whole binary, which takes many minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=sqlite
port=${PORT:-3331}
clients=0
email_domain=profile.test
seconds=${SECONDS_OF_LOAD:-30}
connections=${CONNECTIONS:-16}
export TILTAS_BIN=${TILTAS_BIN:-target/release/tiltas} PYTHONPATH="$PWD/scripts/lib"
[ -x "$TILTAS_BIN" ] || { echo "no $TILTAS_BIN: build it with cargo leptos build --release" >&2; exit 1; }
source scripts/lib/answers.sh
source scripts/lib/results.sh
source scripts/lib/wrk.sh
ensure_package perf linux-perf

add_learners
add_person "reader@$email_domain"
start_server
page="/courses/recognising-trafficking/modules/indicators?note=read"
cookie=$(python3 -c 'import sys; from tiltas_http import Visitor
print(Visitor(sys.argv[1]).sign_in(sys.argv[2]).enrol("recognising-trafficking").cookie_header())' "$BASE" "reader@$email_domain")
wrk_run "$BASE$page" "$connections" 2 "$cookie" >/dev/null # warm-up

echo "==> perf record of $bin while wrk loads $page ($connections connections, ${seconds}s)"
perf record --no-buildid-cache -F 999 --call-graph dwarf,16384 -p "$server" -o "$work/perf.data" -- sleep "$seconds" 2>"$work/perf.log" &
recorder=$!
helpers+=("$recorder")
read -r rps p50 p99 _ errors < <(wrk_run "$BASE$page" "$connections" "$seconds" "$cookie")
wait "$recorder" || { cat "$work/perf.log" >&2; exit 1; }
echo "under the profiler: $rps requests/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
[ -n "${PERF_DATA:-}" ] && cp "$work/perf.data" "$PERF_DATA"

echo; echo "==> symbols by their own samples (top 40)"
perf report -i "$work/perf.data" --no-inline --stdio --no-children --fields overhead,sym --percent-limit 0.5 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | cut -c1-220 | head -40
# The runtime's and the kernel's frames hold everything: left out, the rest says which part of
# Tiltas or of its libraries the time is spent under.
echo; echo "==> functions with their callees, runtime and kernel frames left out (top 40)"
perf report -i "$work/perf.data" --no-inline --stdio --children --fields overhead_children,overhead,sym --percent-limit 1 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | grep -vE 'tokio::|std::|core::|__rust|clone3|start_thread|0xffffffff|\[k\]' | cut -c1-220 | head -40
