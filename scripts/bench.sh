#!/usr/bin/env bash
# Benchmark (not a test): builds the release site, starts Tiltas on a scratch SQLite database and
# prints (1) the first-visit transfer size of the main pages, compressed as a browser receives
# them (HTML + CSS + JS + WASM), and (2) requests per second and p99 latency of signed-in pages
# (the profile, and a module of a shipped course) under wrk with 16 connections. Budget: 150 KB
# per first visit for every page a learner uses.
#   scripts/bench.sh              build, then measure
#   scripts/bench.sh --no-build   measure the release build already in target/
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get install -y -qq wrk || sudo apt-get install -y -qq wrk; }
if [ "${1:-}" != "--no-build" ]; then
  scripts/setup.sh
  cargo leptos build --release
fi

port=3299
scratch=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$scratch"' EXIT
export DATABASE_URL="sqlite://$scratch/bench.db" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" TILTAS_LOG=warn
password="benchmark passphrase 2026"
echo "$password" | target/release/tiltas user add --email learner@bench.lt --name "Bench Learner" \
  --role learner --organisation "Bench organisation" --password-stdin >/dev/null
echo "$password" | target/release/tiltas user add --email trainer@bench.lt --name "Bench Trainer" \
  --role trainer --password-stdin >/dev/null
target/release/tiltas serve --courses courses >"$scratch/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

python3 - "$port" "$password" <<'PY'
import http.cookiejar, re, subprocess, sys, urllib.parse, urllib.request
port, password = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}"

def compressed_size(path, cookie=""):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{size_download}", "-H", "Accept-Encoding: br, gzip",
                          "-H", "Accept: text/html", "-H", f"Cookie: {cookie}", base + path], capture_output=True, text=True)
    return int(out.stdout)

def first_visit(path, cookie=""):
    html = subprocess.run(["curl", "-s", "-H", "Accept: text/html", "-H", f"Cookie: {cookie}", base + path],
                          capture_output=True, text=True).stdout
    assets = sorted(set(re.findall(r'(?:href|src)="(/(?:pkg/[^"]+|quick-exit\.js|enhance\.js))"', html)))
    sizes = {path: compressed_size(path, cookie)} | {a: compressed_size(a) for a in assets}
    return sum(sizes.values()), sizes

def sign_in(email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/login").read()
    csrf = next(c.value for c in jar if c.name == "tiltas_csrf")
    form = urllib.parse.urlencode({"csrf": csrf, "email": email, "password": password}).encode()
    opener.open(urllib.request.Request(base + "/api/sign_in", data=form, headers={"Accept": "text/html", "Referer": base + "/login"})).read()
    return opener, csrf, "; ".join(f"{c.name}={c.value}" for c in jar)

opener, csrf, cookie = sign_in("learner@bench.lt")
enrol = urllib.parse.urlencode({"csrf": csrf, "slug": "recognising-trafficking"}).encode()
opener.open(urllib.request.Request(base + "/api/enrol", data=enrol, headers={"Accept": "text/html", "Referer": base + "/courses"})).read()
_, _, trainer = sign_in("trainer@bench.lt")
module = "/courses/recognising-trafficking/modules/indicators?note=read"

print("First visit, compressed bytes (HTML + CSS + JS + WASM):")
for label, path, c in [("sign-in page", "/login", ""), ("home, signed in", "/", cookie), ("profile, signed in", "/profile", cookie),
                       ("catalogue", "/courses", cookie), ("module page", module, cookie),
                       ("editor (trainer)", "/author/courses/recognising-trafficking/files/02-indicators.en.md", trainer)]:
    total, sizes = first_visit(path, c)
    detail = ", ".join(f"{p.rsplit('/', 1)[-1].split('?')[0] or 'HTML'} {s}" for p, s in sizes.items())
    print(f"  {label:20} {total/1024:6.1f} KB  ({detail})")

for path in ["/profile", module]:
    wrk = subprocess.run(["wrk", "-t2", "-c16", "-d20s", "--latency", "-H", f"Cookie: {cookie}", "-H", "Accept: text/html",
                          base + path], capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1)
    p99 = re.search(r"99%\s+(\S+)", wrk).group(1)
    print(f"Signed-in {path} under wrk, 16 connections, 20 s: {float(rps):.0f} requests/s, p99 latency {p99}")
PY
