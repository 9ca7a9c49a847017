#!/usr/bin/env bash
# Load: 64 signed-in learners (connections) for 60 s of mixed reading (dashboard, course page,
# module page) and answering practice questions. Passes with zero failed requests (no error
# status, no connection error) and zero lost answers (every acknowledged answer stored exactly
# once). Prints throughput and latency. Not part of CI: it takes two minutes and its figures
# depend on the machine. Uses the release build when there is one (scripts/run.sh builds it).
#   scripts/load-mixed.sh [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
clients=${CLIENTS:-64}
duration=${DURATION:-60}
port=${PORT:-3119}
email_domain=load.test
source scripts/lib/answers.sh

add_learners
start_server
echo "==> $clients learners reading and answering for ${duration}s on $backend ($bin)"
DURATION=$duration READ_PAGES=1 ON_ERROR=count node scripts/answer-client.mjs | tee "$work/summary.json"
errors=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).errors)' "$work/summary.json")
failed=0
[ "$errors" -eq 0 ] || { echo "FAIL: $errors requests failed"; failed=1; }
check_acknowledged_answers_stored || failed=1
[ "$failed" -eq 0 ] && echo PASS || { echo FAIL; exit 1; }
