#!/usr/bin/env bash
# Installs the workspace from the lockfile and builds every package (the native addon too,
# when cmake and a C++ compiler are present). Idempotent: a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
bash scripts/pnpm.sh install --frozen-lockfile --reporter=append-only
bash scripts/pnpm.sh exec turbo run build --output-logs=errors-only
