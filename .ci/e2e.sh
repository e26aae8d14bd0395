#!/usr/bin/env bash
# Editor tests for CI, run by .ci/run after the unit tests: installs what they need when missing
# (Debian chromium, ripgrep, libkrb5-dev, code-server), packages the .vsix, then runs the
# integration tests inside code-server and the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

t0=$(date +%s)
phase() { echo "[e2e.sh] $1 ($(( $(date +%s) - t0 )) s elapsed)"; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  phase "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
fi

if [ ! -f node_modules/.package-lock.json ]; then
  phase "npm ci"
  npm ci --no-audit --no-fund
fi

phase "code-server"
node scripts/code-server.mjs install

phase "npm run package"
npm run --silent package

phase "npm run test:integration"
SERVESCOPE_SKIP_BUILD=1 npm run --silent test:integration

phase "npm run test:e2e"
SERVESCOPE_VSIX="$(ls -t ./*.vsix | head -1)" npm run --silent test:e2e

phase "editor tests passed"
