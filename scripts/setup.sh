#!/usr/bin/env bash
# Installs what building Tiltas needs, skipping whatever is already there. Safe to run again.
#   scripts/setup.sh          build tools: wasm32 target, cargo-leptos, wasm-bindgen CLI, binaryen
#   scripts/setup.sh --test   also Chromium, wrk, nginx, the end-to-end test packages, the
#                             local SMTP server the email tests send to (PyPI aiosmtpd), the
#                             local LRS the xAPI tests send to (PyPI ralph-malph) and the
#                             local OpenID Connect provider of the single sign-on tests (npm oidc-provider)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.7
with_test_tools=false
[ "${1:-}" = "--test" ] && with_test_tools=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; exit 1
  fi
}

apt_packages=()
command -v wasm-opt >/dev/null || apt_packages+=(binaryen)
if $with_test_tools; then
  command -v chromium >/dev/null || apt_packages+=(chromium)
  command -v wrk >/dev/null || apt_packages+=(wrk)
  command -v pg_isready >/dev/null || apt_packages+=(postgresql-client)
  # The certificate PDF tests read the text layer and fonts (poppler) and decode the QR code (zbar).
  command -v pdftotext >/dev/null || apt_packages+=(poppler-utils)
  command -v zbarimg >/dev/null || apt_packages+=(zbar-tools)
  # scripts/two-instances.sh balances two instances with nginx (in /usr/sbin, off some PATHs).
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_packages+=(nginx-light)
  # pip installs the email tests' SMTP server (below).
  python3 -m pip --version >/dev/null 2>&1 || apt_packages+=(python3-pip)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  say "Installing Debian packages: ${apt_packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (takes about 25 minutes on 2 cores)"
  cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked
fi

# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wasm_bindgen_version\$"; then
  say "Installing wasm-bindgen-cli $wasm_bindgen_version (takes about 7 minutes)"
  cargo install "wasm-bindgen-cli@$wasm_bindgen_version"
fi

if $with_test_tools; then
  # server/tests/email_delivery.rs sends to a real SMTP server on this machine.
  aiosmtpd_version=1.4.6
  if ! python3 -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$aiosmtpd_version')" 2>/dev/null; then
    say "Installing aiosmtpd $aiosmtpd_version (the email tests' SMTP server)"
    # A Debian system Python refuses pip without the flag; a pyenv or venv Python takes it as is.
    python3 -m pip install --quiet "aiosmtpd==$aiosmtpd_version" 2>/dev/null \
      || python3 -m pip install --quiet --break-system-packages "aiosmtpd==$aiosmtpd_version"
  fi

  # server/tests/xapi_delivery.rs sends xAPI statements to a real LRS on this machine: Ralph
  # with its file-system backend ([lrs,cli] extras; it uses requests without declaring it).
  ralph_version=5.1.0
  requests_version=2.34.2
  if ! python3 -c "import importlib.metadata as m, sys; sys.exit(m.version('ralph-malph') != '$ralph_version' or m.version('requests') != '$requests_version')" 2>/dev/null; then
    say "Installing ralph-malph $ralph_version (the xAPI tests' learning record store)"
    python3 -m pip install --quiet "ralph-malph[lrs,cli]==$ralph_version" "requests==$requests_version" 2>/dev/null \
      || python3 -m pip install --quiet --break-system-packages "ralph-malph[lrs,cli]==$ralph_version" "requests==$requests_version"
  fi

  say "Installing the end-to-end test packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)

  # server/tests/single_sign_on.rs and end2end/tests/13-single-sign-on.spec.ts sign in through a
  # real OpenID Connect provider on this machine (oidc-provider, pinned in its package-lock.json).
  if [ ! -d scripts/oidc-provider/node_modules/oidc-provider ]; then
    say "Installing the local OpenID Connect provider (the single sign-on tests')"
  fi
  (cd scripts/oidc-provider && npm ci --no-audit --no-fund --silent)
fi
