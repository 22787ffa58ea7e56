#!/usr/bin/env bash
# The ceiling (issue 16): a fixed-answer axum server (bench/ceiling) under the same wrk load
# as bench/run.sh (2 threads, 32 connections, SECONDS per route, the same Lua scripts) on
# 127.0.0.1: what this machine does when the handler does nothing. Prints requests/s,
# p50/p99, the server's CPU time per request and its peak RSS. Needs wrk, curl, python3.
#
#   bench/ceiling.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION="${1:-10}"
ceiling_build
WORK="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && stop_server; rm -rf "$WORK"' EXIT
start_ceiling "$WORK"
machine_load
wrk -t1 -c4 -d1s -s bench/introspect.lua "$BASE/d/main/oauth/introspect" >/dev/null
measure "ceiling token" bench/token.lua /d/main/oauth/token "$DURATION" "$WORK/token.txt"
measure "ceiling introspect" bench/introspect.lua /d/main/oauth/introspect "$DURATION" "$WORK/introspect.txt"
echo "peak RSS: $(peak_rss)"
echo "cores: $(nproc), commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
