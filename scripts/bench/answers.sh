#!/usr/bin/env bash
# Benchmark suite (scripts/bench-suite.sh): durable answer submissions per second. 32 learners,
# signed in before the clock starts, answer distinct questions for ANSWER_SECONDS (20) through
# scripts/answer-client.mjs in its count mode (ANSWERS_ONLY: every question of every practice
# module, then a new attempt of each, so that no answer repeats one); afterwards every
# acknowledged answer is looked up in the database. A missing answer fails the part.
# ANSWER_CLIENT=wrk (the default) has Node sign the learners in and wrk send the answers
# (scripts/lib/wrk-answers.lua): on 2 cores, Node's processor time was taken from the server
# (0.49 of a core at 410 answers/s). ANSWER_CLIENT=node sends them from Node, as runs 1 to 7 did.
#   scripts/bench/answers.sh [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
clients=${CLIENTS:-32}
seconds=${ANSWER_SECONDS:-20}
port=${PORT:-3311}
answer_client=${ANSWER_CLIENT:-wrk}
email_domain=answers.test
database_prefix=bench
source scripts/lib/answers.sh
source scripts/lib/results.sh

add_learners
start_server
case $answer_client in
  wrk)
    # Node signs the learners in and writes them down; wrk drives them, as the client's count
    # mode would, at a fraction of Node's processor time (scripts/lib/wrk-answers.lua).
    ensure_package wrk wrk
    ANSWERS_ONLY=1 PLAN_FILE="$work/plan" ON_ERROR=count node scripts/answer-client.mjs
    echo "==> $clients learners answering for ${seconds}s on $backend ($bin), driven by wrk"
    # A slow answer is a latency, not a failure: wrk's timeout is raised from 2 s.
    PLAN_FILE="$work/plan" wrk -t"$clients" -c"$clients" -d"${seconds}s" --timeout 30s -s scripts/lib/wrk-answers.lua "$BASE" >"$work/wrk.out" 2>"$work/wrk.err"
    read -r _ answers requests elapsed p50 p99 errors < <(grep '^WRKANSWERS ' "$work/wrk.out")
    error_samples=$(cat "$work/wrk.err")
    ;;
  node)
    echo "==> $clients learners answering for ${seconds}s on $backend ($bin), driven by Node"
    DURATION=$seconds ANSWERS_ONLY=1 ON_ERROR=count node scripts/answer-client.mjs >"$work/summary.json"
    summary() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$work/summary.json" "$1"; }
    answers=$(summary acknowledged) requests=$(summary requests) elapsed=$(summary seconds)
    p50=$(summary answerP50ms) p99=$(summary answerP99ms) errors=$(summary errors) error_samples=$(summary errorSamples)
    ;;
  *) echo "ANSWER_CLIENT is wrk or node, not $answer_client" >&2; exit 2 ;;
esac
[ "$errors" -eq 0 ] || { echo "FAIL: $errors requests failed: $error_samples" >&2; exit 1; }
check_acknowledged_answers_stored >"$work/check" || { cat "$work/check" >&2; echo "FAIL: an acknowledged answer is not stored" >&2; exit 1; }
section="answers, $clients learners"
target=""; [ "$backend" = sqlite ] && target="2000/s"
per_second() { awk -v n="$1" -v s="$elapsed" 'BEGIN { printf "%d", n / s + 0.5 }'; }
record "$section" "$backend: durable answers/s" "$(per_second "$answers")" "answers/s" "$target" \
  "$answers in $elapsed s, all stored ($answer_client client)"
record "$section" "$backend: answer p50 / p99" "$p50 / $p99" ms "" "$([ "$answer_client" = wrk ] && echo 'answers and new attempts')"
record "$section" "$backend: all requests/s" "$(per_second "$requests")" "req/s" "" "answers and new attempts"
