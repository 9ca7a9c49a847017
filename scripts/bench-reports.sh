#!/usr/bin/env bash
# Benchmark (not a test) of the administrators' completion report and the learner dashboard at
# scale: generates, from a seed, 500 organisations, 100,000 learners, each enrolled in the four
# shipped courses, and about 2,000,000 progress rows (module reads, graded attempts and
# completions, with certificates for the completions), then prints the server time (time to
# first byte on the loopback interface, median and slowest of 10 after a warm-up) of the report
# page, the report by organisation, and one learner's dashboard. Targets (issue 13): report at
# most 300 ms, dashboard at most 5 ms.
#   scripts/bench-reports.sh                  SQLite, release build (built if missing)
#   scripts/bench-reports.sh postgres         PostgreSQL ($TILTAS_TEST_POSTGRES_URL's server)
#   SEED=7 TILTAS_BIN=target/debug/tiltas scripts/bench-reports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
seed=${SEED:-2026}
port=${PORT:-3298}
bin=${TILTAS_BIN:-target/release/tiltas}
[ -x "$bin" ] || cargo build --release -p tiltas-server --bin tiltas
work=$(mktemp -d)
server=0
admin_url=${TILTAS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
database_name="tiltas_bench_$$"
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $database_name WITH (FORCE)" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$backend" = postgres ]; then
  psql -q "$admin_url" -c "CREATE DATABASE $database_name"
  export DATABASE_URL="${admin_url%/*}/$database_name"
  run_sql() { psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -f "$1"; }
  query() { psql -qtA "$DATABASE_URL" -c "$1"; }
else
  export DATABASE_URL="sqlite://$work/bench.db"
  run_sql() { sqlite3 -bail "$work/bench.db" < "$1"; }
  query() { sqlite3 "$work/bench.db" "$1"; }
fi
# A generous request timeout, so a debug build is measured rather than cut off.
export LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" TILTAS_LOG=warn TILTAS_REQUEST_TIMEOUT_SECONDS=300
password="benchmark passphrase 2026"

"$bin" migrate
"$bin" import courses >/dev/null
echo "$password" | "$bin" user add --email admin@bench.lt --name "Bench Administrator" --role administrator --password-stdin >/dev/null
echo "$password" | "$bin" user add --email learner@bench.lt --name "Bench Learner" --role learner \
  --organisation "Bench organisation" --password-stdin >/dev/null

now=$(date +%s)
started=$(date +%s)
# Portable SQL (SQLite and PostgreSQL). h, from the seed, decides each enrolment's fate: under 10
# not started, under 35 in progress, else completed (with a certificate valid 24 months).
# Organisation sizes are skewed (many small, a few large), as in a real deployment.
sed -e "s/:SEED/$seed/g" -e "s/:NOW/$now/g" > "$work/generate.sql" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO organisations (id, name, created_at) SELECT 'bench-org-' || i, 'Organisation ' || i, 0 FROM n;
UPDATE users SET organisation_id = 'bench-org-1' WHERE email = 'learner@bench.lt';
DELETE FROM organisations WHERE name = 'Bench organisation';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO users (id, email, name, organisation_id, created_at)
SELECT 'bench-u-' || i, 'learner' || i || '@bench.lt', 'Learner ' || i,
       'bench-org-' || (1 + (((i * 2654435761 + :SEED) % 1000) * ((i * 2654435761 + :SEED) % 1000)) / 2000), 0 FROM n;
INSERT INTO user_roles (user_id, role) SELECT id, 'learner' FROM users WHERE id LIKE 'bench-u-%';
CREATE TABLE bench_enrolments (id TEXT, user_id TEXT, slug TEXT, version_id TEXT, i BIGINT, h BIGINT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO bench_enrolments SELECT 'bench-e-' || n.i || '-' || v.course_slug, 'bench-u-' || n.i, v.course_slug, v.id, n.i,
       (n.i * 2654435761 + length(v.course_slug) * 40503 + :SEED) % 100
FROM n CROSS JOIN course_versions v;
INSERT INTO bench_enrolments SELECT 'bench-e-0-' || v.course_slug, u.id, v.course_slug, v.id, 0, 20 + length(v.course_slug)
FROM users u CROSS JOIN course_versions v WHERE u.email = 'learner@bench.lt';
INSERT INTO enrolments (id, user_id, course_slug, version_id, due_at, enrolled_at, started_at, completed_at)
SELECT id, user_id, slug, version_id, CASE WHEN h % 4 = 0 THEN :NOW + (h - 50) * 86400 ELSE NULL END, :NOW - 400 * 86400,
       CASE WHEN h >= 10 THEN :NOW - 300 * 86400 END, CASE WHEN h >= 35 THEN :NOW - ((i * 7 + h * 13) % 400) * 86400 END
FROM bench_enrolments;
INSERT INTO module_reads (enrolment_id, module_id, read_at)
SELECT b.id, m.module_id, :NOW - 300 * 86400 FROM bench_enrolments b
JOIN course_version_modules m ON m.version_id = b.version_id AND m.language = 'en'
WHERE m.module_id NOT LIKE '%final%' AND (b.h >= 35 OR (b.h >= 10 AND m.position <= 1 + b.h % 4));
INSERT INTO quiz_attempts (id, enrolment_id, module_id, attempt_number, started_at, finished_at, points, max_points, passed, seed)
SELECT b.id || '-a1', b.id, m.module_id, 1, :NOW - 200 * 86400, :NOW - 200 * 86400,
       CASE WHEN b.h >= 35 AND b.h % 3 <> 0 THEN 7 + b.h % 4 ELSE b.h % 7 END, 10,
       CASE WHEN b.h >= 35 AND b.h % 3 <> 0 THEN 1 ELSE 0 END, b.i
FROM bench_enrolments b JOIN course_version_modules m ON m.version_id = b.version_id AND m.language = 'en'
WHERE m.module_id LIKE '%final%' AND (b.h >= 35 OR b.h % 2 = 0) AND b.h >= 10;
INSERT INTO quiz_attempts (id, enrolment_id, module_id, attempt_number, started_at, finished_at, points, max_points, passed, seed)
SELECT b.id || '-a2', b.id, m.module_id, 2, :NOW - 150 * 86400, :NOW - 150 * 86400, 7 + b.h % 4, 10, 1, b.i + 1
FROM bench_enrolments b JOIN course_version_modules m ON m.version_id = b.version_id AND m.language = 'en'
WHERE m.module_id LIKE '%final%' AND b.h >= 35 AND b.h % 3 = 0;
INSERT INTO completions (enrolment_id, user_id, course_slug, version_id, points, max_points, completed_at)
SELECT id, user_id, slug, version_id, 8, 10, :NOW - ((i * 7 + h * 13) % 400) * 86400 FROM bench_enrolments WHERE h >= 35;
INSERT INTO certificates (id, code, user_id, enrolment_id, course_slug, version_id, holder_name, issued_at, expires_at)
SELECT 'bench-c-' || b.id, 'BENCH-' || b.id, b.user_id, b.id, b.slug, b.version_id, 'Learner', c.completed_at,
       c.completed_at + 730 * 86400 - (b.i % 3) * 300 * 86400
FROM bench_enrolments b JOIN completions c ON c.enrolment_id = b.id;
DROP TABLE bench_enrolments;
ANALYZE;
SQL
run_sql "$work/generate.sql"
learners=$(query "SELECT COUNT(*) FROM users WHERE id LIKE 'bench-u-%'")
organisations=$(query "SELECT COUNT(*) FROM organisations")
progress=$(query "SELECT (SELECT COUNT(*) FROM module_reads) + (SELECT COUNT(*) FROM quiz_attempts) + (SELECT COUNT(*) FROM completions)")
enrolments=$(query "SELECT COUNT(*) FROM enrolments")
echo "Generated with seed $seed on $backend in $(( $(date +%s) - started )) s: $organisations organisations, $learners learners,"
echo "  $enrolments enrolments, $progress progress rows (module reads, attempts, completions)."

"$bin" serve --courses courses >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

python3 - "$port" "$password" <<'PY'
import http.cookiejar, statistics, subprocess, sys, urllib.parse, urllib.request
port, password = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"

def sign_in(email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login").read()
    csrf = next(c.value for c in jar if c.name == "tiltas_csrf")
    form = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": password}).encode()
    opener.open(urllib.request.Request(base + "/api/sign_in", data=form, headers={"Accept": "text/html", "Referer": base + "/login"})).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)

def server_time(path, cookie):
    """Time to first byte in ms: the server's work, on the loopback interface."""
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{time_starttransfer}", "-H", "Accept: text/html",
                          "-H", f"Cookie: {cookie}", base + path], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "200", f"{path} answered {out[0]}"
    return float(out[1]) * 1000

admin, learner = sign_in("admin@bench.lt"), sign_in("learner@bench.lt")
for label, path, cookie, target in [("completion report (by course)", "/admin/reports", admin, 300),
                                    ("completion report (by organisation)", "/admin/reports?group=organisation", admin, 300),
                                    ("learner dashboard", "/", learner, 5)]:
    server_time(path, cookie)
    times = [server_time(path, cookie) for _ in range(10)]
    print(f"{label:38} median {statistics.median(times):8.1f} ms, slowest {max(times):8.1f} ms (target {target} ms)")
PY
