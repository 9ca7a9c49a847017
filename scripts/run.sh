#!/usr/bin/env bash
# Builds Tiltas (release) and runs it on http://127.0.0.1:3000 with the SQLite database in
# ./data/. On the first start it prints a one-time link to set the first administrator's password.
# Any extra arguments go to `tiltas serve` (see `tiltas serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo leptos build --release --precompress
export DATABASE_URL="${DATABASE_URL:-sqlite://data/tiltas.db}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec target/release/tiltas serve "$@"
