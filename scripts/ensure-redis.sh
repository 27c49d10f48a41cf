#!/usr/bin/env bash
# Runs a command with a throwaway Redis for the queue tests: installs Debian's redis-server
# when it is missing and apt-get can run (as root or with passwordless sudo), starts one on
# 127.0.0.1 on a free port with no persistence, exports its URL as XAI_REDIS_URL (also
# written to $XAI_REDIS_URL_FILE when set), runs the command, and stops the server after.
# Without a redis-server the command still runs: the queue tests skip with the reason
# (and fail under CI=true).
#   bash scripts/ensure-redis.sh <command> [args...]
set -uo pipefail
if ! command -v redis-server >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    sudo=(false)
  fi
  echo "setup: installing redis-server (apt-get) for the queue tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -qq redis-server >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -qq >/dev/null 2>&1
    "${sudo[@]}" apt-get install -y -qq redis-server >/dev/null 2>&1 ||
      echo "setup: could not install redis-server; the queue tests will say so" >&2
  fi
fi
if command -v redis-server >/dev/null 2>&1; then
  dir=$(mktemp -d "${TMPDIR:-/tmp}/xai-redis.XXXXXX")
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
    --logfile "$dir/redis.log" &
  pid=$!
  trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
  for _ in $(seq 1 100); do
    if node -e "const c=require('net').connect($port,'127.0.0.1',()=>{c.write('PING\r\n')});c.on('data',d=>process.exit(String(d).startsWith('+PONG')?0:1));c.on('error',()=>process.exit(1))" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  export XAI_REDIS_URL="redis://127.0.0.1:$port"
  if [ -n "${XAI_REDIS_URL_FILE:-}" ]; then echo "$XAI_REDIS_URL" >"$XAI_REDIS_URL_FILE"; fi
  echo "setup: redis-server on $XAI_REDIS_URL for the queue tests" >&2
fi
"$@"
