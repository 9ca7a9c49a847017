#!/usr/bin/env bash
# The benchmark suite of issue 14 (a benchmark, not a test; not run by CI). Because these
# machines are noisy, every figure is measured side by side in one run, and the results table
# ends with ratios as well as absolute numbers, and the machine they ran on:
#   1. pages: wrk at 16 and 64 connections on a signed-in learner's module page, course page,
#      dashboard and catalogue, each next to nginx serving the same HTML bytes as a static file
#      (scripts/bench/serving.sh);
#   2. durable answer submissions per second, 32 signed-in learners, SQLite and PostgreSQL, every
#      acknowledged answer then found in the database (scripts/bench/answers.sh);
#   3. the server time (Server-Timing) of full quiz attempts (scripts/bench/serving.sh);
#   4. a generated data set of 100,000 learners, 500 organisations and about 2,000,000 progress
#      rows, and the dashboard, results page and report timings on it (scripts/bench-reports.sh);
#   5. `tiltas check` and `tiltas import` of 1,000 generated modules, and `mdbook build` of them
#      if mdbook is installed (scripts/bench/modules.sh);
#   6. resident memory idle after start, under load, with the data set, and 5 and 90 s after DURATION
#      seconds of mixed use (scripts/bench/serving.sh and scripts/bench-reports.sh).
# TILTAS_BIN picks the binary: target/release/tiltas if there is one, else target/debug/tiltas.
# Only a release build gives figures to compare with the targets (`cargo leptos build --release`).
#   scripts/bench-suite.sh            full run: under 10 minutes with a release build (estimated)
#   scripts/bench-suite.sh --quick    short runs and a 5,000-learner data set: a smoke check
#   DURATION=3600 scripts/bench-suite.sh   the hour of mixed use the issue asks for
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
[ "${1:-}" = "--quick" ] && quick=true
if $quick; then
  export WRK_SECONDS=${WRK_SECONDS:-2} ANSWER_SECONDS=${ANSWER_SECONDS:-5} QUIZ_RUNS=${QUIZ_RUNS:-3} DURATION=${DURATION:-15} \
    LEARNERS=${LEARNERS:-5000} ORGANISATIONS=${ORGANISATIONS:-25} RUNS=${RUNS:-3}
else
  export WRK_SECONDS=${WRK_SECONDS:-10} ANSWER_SECONDS=${ANSWER_SECONDS:-20} QUIZ_RUNS=${QUIZ_RUNS:-5} DURATION=${DURATION:-60} \
    LEARNERS=${LEARNERS:-100000} ORGANISATIONS=${ORGANISATIONS:-500} RUNS=${RUNS:-10}
fi
if [ -z "${TILTAS_BIN:-}" ]; then
  if [ -x target/release/tiltas ]; then TILTAS_BIN=target/release/tiltas; else TILTAS_BIN=target/debug/tiltas; fi
fi
export TILTAS_BIN
[ -x "$TILTAS_BIN" ] || cargo build -p tiltas-server --bin tiltas
source scripts/lib/results.sh
ensure_package wrk wrk
ensure_package nginx nginx-light

results_dir=$(mktemp -d)
trap 'rm -rf "$results_dir"' EXIT
export BENCH_RESULTS="$results_dir/results.tsv"
: >"$BENCH_RESULTS"
machine="$results_dir/machine.txt"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$($quick && echo ', --quick')"
  echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "binary: $TILTAS_BIN ($(case "$TILTAS_BIN" in *release*) echo release build ;; *) echo 'NOT a release build: not comparable with the targets' ;; esac))"
} >"$machine"
cat "$machine"

started=$(date +%s)
part() {
  echo; echo "### $1"; shift
  "$@"
}
part "1, 3, 6: pages next to static files, quiz attempts, memory" scripts/bench/serving.sh
part "2: durable answers on SQLite" scripts/bench/answers.sh sqlite
part "2: durable answers on PostgreSQL" scripts/bench/answers.sh postgres
part "4, 6: the generated data set ($LEARNERS learners)" scripts/bench-reports.sh sqlite
part "5: 1,000 generated modules" scripts/bench/modules.sh

# The ratio of the two databases, from the figures just recorded.
awk -F'\t' '$2 == "sqlite: durable answers/s" { s = $3 } $2 == "postgres: durable answers/s" { p = $3 }
  END { if (s > 0) printf "answers, 32 learners\tPostgreSQL / SQLite\t%.2f\tx\t\t\n", p / s }' "$BENCH_RESULTS" >>"$BENCH_RESULTS"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); the suite took $(( $(date +%s) - started )) s" >>"$machine"
$quick && echo "--quick: short runs and a $LEARNERS-learner data set; the memory after mixed use is after ${DURATION}s, not the hour the issue asks for" >>"$machine"
python3 scripts/lib/results_table.py "$BENCH_RESULTS" "$machine"
