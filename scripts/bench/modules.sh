#!/usr/bin/env bash
# Benchmark suite (scripts/bench-suite.sh): `tiltas check` and `tiltas import` of MODULES (1,000)
# modules generated from SEED (scripts/lib/generate_modules.py), timed, the import into a fresh
# SQLite database; and `mdbook build` of the same Markdown files when mdbook is installed (it is
# not installed by this script).
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=sqlite
port=${PORT:-3321}
modules=${MODULES:-1000}
seed=${SEED:-2026}
database_prefix=bench
source scripts/lib/tiltas.sh
source scripts/lib/results.sh

python3 scripts/lib/generate_modules.py "$seed" "$modules" "$work/courses" --book "$work/book"
"$bin" migrate
section="$modules modules"
timed() { local started; started=$(now_ms); "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; return 1; }; echo $(( $(now_ms) - started )); }
check_ms=$(timed "$bin" check "$work/courses")
import_ms=$(timed "$bin" import "$work/courses")
versions=$(query "SELECT COUNT(*) FROM course_versions")
[ "$versions" -eq $(( (modules + 9) / 10 )) ] || { echo "FAIL: $versions course versions imported" >&2; exit 1; }
record "$section" "tiltas check" "$check_ms" ms "" "seed $seed, $(du -sh "$work/courses" | cut -f1) of Markdown"
# `import` checks the courses itself: its time alone is the issue's "checked and imported".
record "$section" "tiltas import (SQLite)" "$import_ms" ms "1000 ms" "$versions courses, checked and stored"
if command -v mdbook >/dev/null; then
  record "$section" "mdbook build, same Markdown" "$(timed mdbook build "$work/book")" ms
else
  record "$section" "mdbook build, same Markdown" "-" "" "" "mdbook not installed"
fi
