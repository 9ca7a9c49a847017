#!/usr/bin/env bash
# Benchmark (not a test): builds the release site, starts Tiltas on a scratch SQLite database and
# prints (1) the first-visit transfer size of the main pages, compressed as a browser receives
# them (HTML + CSS + JS + WASM), and (2) requests per second and p50/p99 latency of signed-in
# pages (the profile, and a module of a shipped course) under wrk with 16 connections. Budget:
# 150 KB per first visit for every page a learner uses. scripts/bench-suite.sh measures more.
#   scripts/bench.sh              build, then measure
#   scripts/bench.sh --no-build   measure the release build already in target/
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
  scripts/setup.sh
  cargo leptos build --release
fi
backend=sqlite
port=${PORT:-3299}
export TILTAS_BIN=${TILTAS_BIN:-target/release/tiltas} SITE_ROOT=$PWD/target/site PYTHONPATH="$PWD/scripts/lib"
wrk_seconds=${WRK_SECONDS:-20}
source scripts/lib/tiltas.sh
source scripts/lib/results.sh
source scripts/lib/wrk.sh
password="a long enough passphrase" # tiltas_http.PASSWORD
"$bin" migrate
echo "$password" | "$bin" user add --email learner@bench.lt --name "Bench Learner" \
  --role learner --organisation "Bench organisation" --password-stdin >/dev/null
echo "$password" | "$bin" user add --email trainer@bench.lt --name "Bench Trainer" \
  --role trainer --password-stdin >/dev/null
start_server

cookie=$(python3 - "$BASE" <<'PY'
import re, subprocess, sys
from tiltas_http import Visitor
base = sys.argv[1]

def compressed_size(path, cookie=""):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{size_download}", "-H", "Accept-Encoding: br, gzip",
                          "-H", "Accept: text/html", "-H", f"Cookie: {cookie}", base + path], capture_output=True, text=True)
    return int(out.stdout)

def first_visit(path, cookie=""):
    html = subprocess.run(["curl", "-s", "-H", "Accept: text/html", "-H", f"Cookie: {cookie}", base + path],
                          capture_output=True, text=True).stdout
    assets = sorted(set(re.findall(r'(?:href|src)="(/(?:pkg/[^"]+|quick-exit\.js|enhance\.js|offline\.js))"', html)))
    sizes = {path: compressed_size(path, cookie)} | {a: compressed_size(a) for a in assets}
    return sum(sizes.values()), sizes

cookie = Visitor(base).sign_in("learner@bench.lt").enrol("recognising-trafficking").cookie_header()
trainer = Visitor(base).sign_in("trainer@bench.lt").cookie_header()
module = "/courses/recognising-trafficking/modules/indicators?note=read"
print("First visit, compressed bytes (HTML + CSS + JS + WASM):", file=sys.stderr)
for label, path, c in [("sign-in page", "/login", ""), ("home, signed in", "/", cookie), ("profile, signed in", "/profile", cookie),
                       ("catalogue", "/courses", cookie), ("module page", module, cookie),
                       ("editor (trainer)", "/author/courses/recognising-trafficking/files/02-indicators.en.md", trainer)]:
    total, sizes = first_visit(path, c)
    detail = ", ".join(f"{p.rsplit('/', 1)[-1].split('?')[0] or 'HTML'} {s}" for p, s in sizes.items())
    print(f"  {label:20} {total/1024:6.1f} KB  ({detail})", file=sys.stderr)
print(cookie)
PY
)

for path in /profile "/courses/recognising-trafficking/modules/indicators?note=read"; do
  read -r rps p50 p99 _ errors < <(wrk_run "$BASE$path" 16 "$wrk_seconds" "$cookie")
  echo "Signed-in $path under wrk, 16 connections, $wrk_seconds s: $rps requests/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
done
