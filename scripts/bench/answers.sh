#!/usr/bin/env bash
# Benchmark suite (scripts/bench-suite.sh): durable answer submissions per second. 32 learners,
# signed in before the clock starts, answer distinct questions for ANSWER_SECONDS (20) through
# scripts/answer-client.mjs in its count mode (ANSWERS_ONLY: every question of every practice
# module, then a new attempt of each, so that no answer repeats one); afterwards every
# acknowledged answer is looked up in the database. A missing answer fails the part.
#   scripts/bench/answers.sh [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:-sqlite}
clients=${CLIENTS:-32}
seconds=${ANSWER_SECONDS:-20}
port=${PORT:-3311}
email_domain=answers.test
database_prefix=bench
source scripts/lib/answers.sh
source scripts/lib/results.sh

add_learners
start_server
echo "==> $clients learners answering for ${seconds}s on $backend ($bin)"
DURATION=$seconds ANSWERS_ONLY=1 ON_ERROR=count node scripts/answer-client.mjs >"$work/summary.json"
summary() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$work/summary.json" "$1"; }
errors=$(summary errors)
[ "$errors" -eq 0 ] || { echo "FAIL: $errors requests failed: $(summary errorSamples)" >&2; exit 1; }
check_acknowledged_answers_stored >"$work/check" || { cat "$work/check" >&2; echo "FAIL: an acknowledged answer is not stored" >&2; exit 1; }
section="answers, $clients learners"
target=""; [ "$backend" = sqlite ] && target="2000/s"
record "$section" "$backend: durable answers/s" "$(summary answersPerSecond)" "answers/s" "$target" \
  "$(summary acknowledged) in $(summary seconds) s, all stored"
record "$section" "$backend: answer p50 / p99" "$(summary answerP50ms) / $(summary answerP99ms)" ms
record "$section" "$backend: all requests/s" "$(summary requestsPerSecond)" "req/s" "" "answers and new attempts"
