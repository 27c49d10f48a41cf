#!/usr/bin/env bash
# Installs Debian's chromium, which the docs' browser test drives through playwright-core
# (apps/docs/test/browser.test.ts), when no Chromium is found and apt-get can run (as root
# or with passwordless sudo). Instant and silent when one is present; never fails setup:
# without a browser the test itself says what is missing (and fails in CI).
set -uo pipefail
if [ -n "${XAI_CHROMIUM:-}" ] && [ -x "${XAI_CHROMIUM}" ]; then exit 0; fi
for c in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$c" >/dev/null 2>&1; then exit 0; fi
done
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: no Chromium and no apt-get: install Chromium (or set XAI_CHROMIUM) for the docs' browser test" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "setup: no Chromium; run 'sudo apt-get install -y chromium' for the docs' browser test" >&2
  exit 0
fi
echo "setup: installing chromium (apt-get) for the docs' browser test..." >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing or stale on a fresh machine: update once and retry.
if ! "${sudo[@]}" apt-get install -y -qq chromium >/dev/null 2>&1; then
  "${sudo[@]}" apt-get update -qq >/dev/null 2>&1
  "${sudo[@]}" apt-get install -y -qq chromium >/dev/null 2>&1 ||
    echo "setup: apt-get install chromium failed; the docs' browser test needs it" >&2
fi
exit 0
