#!/usr/bin/env bash
# Load test of Jeton's two hot endpoints on loopback, bounded in time:
#   (a) client-credentials token issuance, (b) introspection of a valid token.
# Builds release, starts the server on 127.0.0.1 with a fresh SQLite file, provisions a
# client through the CLI, runs wrk (2 threads, 32 connections, SECONDS each), and reports
# requests/s, p50/p99 latency, non-2xx answers, the server's CPU time per request, its peak
# RSS, and whether every issued token is in the database. Needs: wrk, curl, python3.
#
#   bench/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION="${1:-10}"
bench_build
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
DB="sqlite://$WORK/jeton.db"
start_server "$DB" "$WORK"
provision "$DB"
export JETON_BENCH_TOKEN="$(curl -fs -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/d/main/oauth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

# Warm up (connections, caches), then measure.
wrk -t1 -c4 -d1s -s bench/introspect.lua "$BASE/d/main/oauth/introspect" >/dev/null
measure "token (client_credentials)" bench/token.lua /d/main/oauth/token "$DURATION" "$WORK/token.txt"
measure "introspect" bench/introspect.lua /d/main/oauth/introspect "$DURATION" "$WORK/introspect.txt"
echo "peak RSS: $(peak_rss)"
stop_server
ISSUED=$(grep -oE '[0-9]+ requests in' "$WORK/token.txt" | grep -oE '^[0-9]+')
STORED=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from access_tokens").fetchone()[0])' "$WORK/jeton.db")
echo "tokens stored: $STORED for $ISSUED answered token requests (+1 for the introspection token, + those in flight when wrk stopped)"
echo "cores: $(nproc), commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
