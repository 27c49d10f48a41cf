#!/usr/bin/env bash
# Runs the pinned pnpm: the one on PATH when its version matches, else through npx.
# (corepack's signature check fails against some registries, so it is not relied on.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want=$(node -p "require('$root/package.json').packageManager.split('@')[1]")
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$want" ]; then
  exec pnpm "$@"
fi
exec npx --yes "pnpm@$want" "$@"
