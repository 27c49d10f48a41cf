#!/usr/bin/env bash
# Installs the workspace from the lockfile and builds every package (the native addon too,
# when cmake and a C++ compiler are present). Idempotent: a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
bash scripts/pnpm.sh install --frozen-lockfile --reporter=append-only
# Debian's chromium for the docs' browser test (a no-op when a Chromium is present).
bash scripts/ensure-chromium.sh
bash scripts/pnpm.sh exec turbo run build --output-logs=errors-only
