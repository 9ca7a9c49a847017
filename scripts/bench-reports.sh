#!/usr/bin/env bash
# Benchmark (not a test) of the pages that grow with the number of people: generates, from a
# seed (scripts/lib/report-dataset.sql), 500 organisations, 100,000 learners, each enrolled in
# the four shipped courses, and about 2,000,000 progress rows (module reads, graded attempts and
# completions, with certificates for the completions), then prints the server time (Server-Timing,
# median and slowest of RUNS after a warm-up) of the administrators' completion report (by course
# and by organisation), a trainer's results page of a course, and one learner's dashboard, and
# the server's resident memory once it has served them. Targets (issues 13 and 14): report and
# results page at most 300 ms, dashboard at most 5 ms. Part of scripts/bench-suite.sh.
#   scripts/bench-reports.sh                  SQLite, the release build if there is one
#   scripts/bench-reports.sh postgres         PostgreSQL ($TILTAS_TEST_POSTGRES_URL's server)
#   SEED=7 LEARNERS=10000 ORGANISATIONS=50 RUNS=3 TILTAS_BIN=target/debug/tiltas scripts/bench-reports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
seed=${SEED:-2026}
learners=${LEARNERS:-100000}
organisations=${ORGANISATIONS:-500}
runs=${RUNS:-10}
port=${PORT:-3298}
database_prefix=bench
source scripts/lib/tiltas.sh
source scripts/lib/results.sh
export TILTAS_SERVER_TIMING=true PYTHONPATH="$PWD/scripts/lib"
password="a long enough passphrase" # tiltas_http.PASSWORD

"$bin" migrate
"$bin" import courses >/dev/null
add() { echo "$password" | "$bin" user add --password-stdin "$@" >/dev/null; }
add --email admin@bench.lt --name "Bench Administrator" --role administrator
add --email trainer@bench.lt --name "Bench Trainer" --role trainer
add --email learner@bench.lt --name "Bench Learner" --role learner --organisation "Bench organisation"

started=$(date +%s)
sed -e "s/:SEED/$seed/g" -e "s/:NOW/$started/g" -e "s/:LEARNERS/$learners/g" -e "s/:ORGANISATIONS/$organisations/g" \
  scripts/lib/report-dataset.sql >"$work/generate.sql"
run_sql "$work/generate.sql"
# A live PostgreSQL's autovacuum visits a table soon after a bulk insert (PostgreSQL 13 and later)
# and marks its pages all-visible, which lets the report's index-only scans skip the table. Done
# here at once, so that the figures are of a database in that state, not of the minute after
# the load.
[ "$backend" = postgres ] && query "VACUUM ANALYZE" >/dev/null
generated_learners=$(query "SELECT COUNT(*) FROM users WHERE id LIKE 'bench-u-%'")
generated_organisations=$(query "SELECT COUNT(*) FROM organisations")
progress=$(query "SELECT (SELECT COUNT(*) FROM module_reads) + (SELECT COUNT(*) FROM quiz_attempts) + (SELECT COUNT(*) FROM completions)")
enrolments=$(query "SELECT COUNT(*) FROM enrolments")
echo "Generated with seed $seed on $backend in $(( $(date +%s) - started )) s: $generated_organisations organisations,"
echo "  $generated_learners learners, $enrolments enrolments, $progress progress rows (module reads, attempts, completions)."
section="data set, $backend"
record "$section" "learners / organisations" "$generated_learners / $generated_organisations" "" "" "seed $seed"
record "$section" "progress rows" "$progress" rows "" "generated in $(( $(date +%s) - started )) s"

start_server
python3 - "$BASE" "$section" "$runs" <<'PY'
import sys
from tiltas_http import Visitor, require_server_timing
from bench_results import record_times
base, section, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
admin, trainer, learner = (Visitor(base).sign_in(f"{who}@bench.lt") for who in ("admin", "trainer", "learner"))
for label, path, visitor, target in [("learner dashboard", "/", learner, "5 ms"),
                                     ("trainer results page", "/author/courses/recognising-trafficking/results", trainer, "300 ms"),
                                     ("completion report (by course)", "/admin/reports", admin, "300 ms"),
                                     ("completion report (by organisation)", "/admin/reports?group=organisation", admin, "300 ms")]:
    visitor.get(path)  # warm-up
    visitor.reset_timings()
    for _ in range(runs):
        visitor.get(path)
    require_server_timing(visitor)
    record_times(section, label, visitor.timings, target)
PY
record memory "resident, $generated_learners-learner data set served" "$(( $(rss_kb "$server") / 1024 ))" MiB "150 MiB" \
  "$backend; most ever $(( $(rss_kb "$server" VmHWM) / 1024 )) MiB"
