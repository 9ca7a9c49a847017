#!/usr/bin/env bash
# Benchmark suite (scripts/bench-suite.sh), the parts that share one server process on SQLite, so
# that its memory is followed from start to the end of a mixed-use period:
#   pages    wrk at 16 and 64 connections on a signed-in learner's module page, course page,
#            dashboard and catalogue, each next to nginx serving the same HTML bytes as a file;
#   quiz     the server time (Server-Timing) of full graded quiz attempts: view, start, answer
#            every question (each a form post and the page it leads to), the result;
#   memory   resident set size idle after start, under the wrk load, and 5 and 90 s after
#            DURATION seconds of mixed use (learners reading and answering, trainers in the
#            editor, bursts of wrk).
# Settings (environment): WRK_SECONDS (10), QUIZ_RUNS (5), DURATION (60), MIXED_CLIENTS (16), PORT.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=sqlite
port=${PORT:-3301}
static_port=$((port + 1))
clients=${MIXED_CLIENTS:-16}
email_domain=bench.test
wrk_seconds=${WRK_SECONDS:-10}
quiz_runs=${QUIZ_RUNS:-5}
duration=${DURATION:-60}
database_prefix=bench
# The built site (SITE_ROOT, else target/site when there is one), so that the editor's
# WebAssembly is served too.
[ -z "${SITE_ROOT:-}" ] && [ -d target/site/pkg ] && export SITE_ROOT=$PWD/target/site
source scripts/lib/answers.sh
source scripts/lib/results.sh
source scripts/lib/wrk.sh
export TILTAS_SERVER_TIMING=true PYTHONPATH="$PWD/scripts/lib"
course=recognising-trafficking

echo "==> accounts: a learner for the pages, $quiz_runs for the quiz, $clients for the mixed use, a trainer"
add_learners
add_person "pages@$email_domain"
for i in $(seq 1 "$quiz_runs"); do add_person "quiz$i@$email_domain"; done
add_person "trainer@$email_domain" trainer
start_server
sleep 2
record memory "resident, idle after start" "$(( $(rss_kb "$server") / 1024 ))" MiB "60 MiB"

# The learner's cookie, and the pages' HTML as that learner gets it: the static files for nginx.
cookie=$(python3 - "$BASE" "pages@$email_domain" "$course" <<'PY'
import sys
from tiltas_http import Visitor
base, email, course = sys.argv[1:]
visitor = Visitor(base).sign_in(email).enrol(course)
print(visitor.cookie_header())
PY
)
declare -A pages=(
  [module]="/courses/$course/modules/indicators?note=read"
  [course]="/courses/$course"
  [dashboard]="/"
  [catalogue]="/courses"
)
mkdir -p "$work/www"
for page in module course dashboard catalogue; do
  status=$(curl -s -o "$work/www/$page.html" -w '%{http_code}' -H "Accept: text/html" -H "Cookie: $cookie" "$BASE${pages[$page]}")
  [ "$status" = 200 ] || { echo "${pages[$page]} answered $status" >&2; exit 1; }
done
start_static "$work/www" "$static_port"

echo "==> pages: wrk, ${wrk_seconds}s a run, Tiltas (SQLite) next to nginx serving the same bytes"
( while kill -0 "$server" 2>/dev/null; do rss_kb "$server"; sleep 0.5; done ) >"$work/rss-under-load" &
sampler=$!
helpers+=("$sampler")
for page in module course dashboard catalogue; do wrk_run "$BASE${pages[$page]}" 16 1 "$cookie" >/dev/null; done # warm-up
for connections in 16 64; do
  echo "  -- $connections connections"
  section="pages, $connections connections"
  for page in module course dashboard catalogue; do
    bytes=$(stat -c %s "$work/www/$page.html")
    read -r rps p50 p99 response_bytes errors < <(wrk_run "$BASE${pages[$page]}" "$connections" "$wrk_seconds" "$cookie")
    read -r static_rps static_p50 static_p99 _ static_errors < <(wrk_run "http://127.0.0.1:$static_port/$page.html" "$connections" "$wrk_seconds")
    [ "$errors" -eq 0 ] && [ "$static_errors" -eq 0 ] || { echo "FAIL: $errors errors from Tiltas, $static_errors from nginx" >&2; exit 1; }
    # A response much shorter than the page would be a redirect: the learner was signed out.
    [ "$response_bytes" -ge "$bytes" ] || { echo "FAIL: $response_bytes bytes a response for a $bytes-byte page" >&2; exit 1; }
    target=""; [ "$page" != catalogue ] && target="10 %"
    p99_target=""; [ "$connections" = 16 ] && [ "$page" != catalogue ] && p99_target="p99 10 ms"
    record "$section" "$page ($bytes B) requests/s" "$rps" "req/s"
    record "$section" "$page p50 / p99" "$p50 / $p99" ms "$p99_target"
    record "$section" "  nginx, same bytes, requests/s" "$static_rps" "req/s" "" "p50 $static_p50 ms, p99 $static_p99 ms"
    record "$section" "  $page % of static" "$(awk -v a="$rps" -v b="$static_rps" 'BEGIN { printf "%.1f", 100 * a / b }')" "%" "$target"
  done
done
# Browsers ask for compression; the figures above (and nginx's) are without it. Brotli at the
# library default (11) cost more than the whole page before PAGE_COMPRESSION_QUALITY; pages are
# now sent gzipped, also to browsers that accept Brotli (server/src/http/mod.rs).
read -r rps p50 p99 response_bytes errors < <(wrk_run "$BASE${pages[module]}" 16 "$wrk_seconds" "$cookie" "gzip, deflate, br")
[ "$errors" -eq 0 ] || { echo "FAIL: $errors errors from Tiltas with compression" >&2; exit 1; }
section="pages compressed as browsers ask (gzip, deflate, br: sent gzipped), 16 connections"
record "$section" "module ($response_bytes B sent) requests/s" "$rps" "req/s"
record "$section" "module p50 / p99" "$p50 / $p99" ms
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
stop_static
record memory "resident, most under wrk load" "$(( $(sort -n "$work/rss-under-load" | tail -1) / 1024 ))" MiB "150 MiB"

echo "==> quiz: $quiz_runs full attempts of the final assessment, server time from Server-Timing"
python3 - "$BASE" "$email_domain" "$course" "$quiz_runs" <<'PY'
import re, statistics, sys, time
from tiltas_http import Visitor, require_server_timing
from bench_results import record, record_times
base, domain, course, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
page = f"/courses/{course}/modules/final-assessment?note=read"
totals, walls, counts = [], [], []
for run in range(1, runs + 1):
    visitor = Visitor(base).sign_in(f"quiz{run}@{domain}").enrol(course)
    visitor.reset_timings()
    started = time.perf_counter()
    visitor.get(page)  # view
    visitor.post("/api/start_attempt", {"slug": course, "module_id": "final-assessment"}, page)
    text = visitor.get(page)
    questions = list(dict.fromkeys(re.findall(r'name="question_id" value="([^"]+)"', text)))
    for question in questions:
        form = {"slug": course, "module_id": "final-assessment", "question_id": question, "selected[]": "0"}
        visitor.post("/api/answer_question", form, page)
        text = visitor.get(page)  # the page the answer leads to; after the last one, the result
    walls.append((time.perf_counter() - started) * 1000)
    require_server_timing(visitor)
    # Finished: the result is shown, and no question is open any more.
    if 'name="selected[]"' in text or not questions:
        raise SystemExit(f"attempt {run} did not finish: {len(questions)} questions")
    totals.append(sum(visitor.timings))
    counts.append(len(visitor.timings))
record_times("quiz attempt", f"server time ({counts[0]} requests, {len(questions)} questions)", totals, "20 ms")
record("quiz attempt", "client's wall time, median", f"{statistics.median(walls):.1f}", "ms", "", "includes the client")
PY

echo "==> memory: ${duration}s of mixed use (the issue asks for an hour: DURATION=3600)"
DURATION=$duration READ_PAGES=1 ON_ERROR=count node scripts/answer-client.mjs >"$work/mixed.json" &
mixed=$!
helpers+=("$mixed")
python3 - "$BASE" "trainer@$email_domain" "$course" "$duration" >"$work/trainer.log" 2>&1 <<'PY' &
# A trainer in the editor for the whole period: the course and file editors with their assets
# (the WebAssembly among them, when the site is built), a save of the module now and then, and
# the results page.
import re, sys, time
from tiltas_http import Visitor
base, email, course, duration = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
visitor = Visitor(base).sign_in(email)
file = "02-indicators.en.md"
original = open(f"courses/{course}/{file}").read()
editor = f"/author/courses/{course}/files/{file}"
deadline, saves = time.time() + duration, 0
while time.time() < deadline:
    visitor.get(f"/author/courses/{course}")
    html = visitor.get(editor)
    for asset in sorted(set(re.findall(r'(?:href|src)="(/pkg/[^"]+)"', html))):
        visitor.request("GET", asset)
    saves += 1
    visitor.post("/api/save_course_file", {"slug": course, "path": file, "text": original + f"\nEdited {saves} times.\n"}, editor)
    visitor.get(f"/author/courses/{course}/results")
    time.sleep(1)
print(f"trainer: {saves} saves")
PY
trainer=$!
helpers+=("$trainer")
burst=$(( duration / 6 > 2 ? duration / 6 : 2 ))
while kill -0 "$mixed" 2>/dev/null; do
  wrk_run "$BASE${pages[module]}" 64 2 "$cookie" >/dev/null
  sleep "$burst"
done
wait "$mixed"
wait "$trainer" || { echo "the trainer failed:" >&2; cat "$work/trainer.log" >&2; exit 1; }
node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`  mixed use: ${s.requests} requests by ${s.clients} learners, ${s.acknowledged} answers, ${s.errors} errors`)' "$work/mixed.json"
sleep 5
record memory "resident, 5 s after ${duration}s mixed use" "$(( $(rss_kb "$server") / 1024 ))" MiB "" "not yet idle: connections still open"
# Idle: the database pool closes connections idle for 30 s (its reaper looks every 30 s) and the
# server hands freed memory back every 10 s, so a server left alone settles within 70 s.
sleep 85
record memory "resident, 90 s after ${duration}s mixed use" "$(( $(rss_kb "$server") / 1024 ))" MiB "60 MiB" "idle; the issue asks for an hour"
record memory "resident, most ever (VmHWM)" "$(( $(rss_kb "$server" VmHWM) / 1024 ))" MiB "150 MiB"
