#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests on SQLite and PostgreSQL, two instances on
# one PostgreSQL behind nginx, then the browser journeys in headless Chromium against a real server. Installs what is missing first.
# PostgreSQL: TILTAS_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# the tests create and drop their own databases there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

export TILTAS_TEST_POSTGRES_URL="${TILTAS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! pg_isready -q -d "$TILTAS_TEST_POSTGRES_URL"; then
  echo "==> PostgreSQL is not answering; trying to start the local cluster"
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -d "$TILTAS_TEST_POSTGRES_URL" && break; sleep 1; done
  pg_isready -d "$TILTAS_TEST_POSTGRES_URL" || { echo "PostgreSQL is required for the tests" >&2; exit 1; }
fi

echo "==> Rust tests (SQLite and PostgreSQL)"
cargo test --workspace --locked

echo "==> Building the site for the browser tests"
cargo leptos build

echo "==> Validating the shipped courses"
target/debug/tiltas check courses

echo "==> Two instances on one PostgreSQL behind nginx"
TILTAS_BIN=target/debug/tiltas scripts/two-instances.sh

echo "==> Browser tests (headless Chromium)"
(cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test)
