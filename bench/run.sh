#!/usr/bin/env bash
# Load test of Jeton's two hot endpoints on loopback, bounded in time:
#   (a) client-credentials token issuance, (b) introspection of a valid token.
# Builds release, starts the server on 127.0.0.1 with a fresh SQLite file, provisions a
# client through the CLI, runs wrk (2 threads, 32 connections, 10 s each), and reports
# requests/s, p50/p99 latency, non-2xx answers, the server's peak RSS, and whether every
# issued token is in the database. Needs: wrk (apt-get install wrk), python3.
#
#   bench/run.sh [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-10}"
THREADS=2
CONNECTIONS=32
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

cargo build --release -p jeton >/dev/null
BIN="${CARGO_TARGET_DIR:-target}/release/jeton"

WORK="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
export JETON_DATABASE_URL="sqlite://$WORK/jeton.db"
export JETON_LISTEN="127.0.0.1:$PORT"
export JETON_PUBLIC_URL="$BASE"
export JETON_LOG_LEVEL="warn"
export JETON_BOOTSTRAP_ADMIN_PASSWORD="bench-admin-password"

"$BIN" serve >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

"$BIN" scope create --domain main bench:read --description "Benchmark scope" >/dev/null
CLIENT_JSON="$("$BIN" client create --domain main --name bench --grant client_credentials --scope bench:read --json)"
CLIENT_ID="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_id"])' "$CLIENT_JSON")"
CLIENT_SECRET="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_secret"])' "$CLIENT_JSON")"
export JETON_BENCH_BASIC="$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
export JETON_BENCH_TOKEN="$(curl -fs -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/d/main/oauth/token" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

# Warm up (connections, caches), then measure.
wrk -t1 -c4 -d1s -s bench/introspect.lua "$BASE/d/main/oauth/introspect" >/dev/null

summarize() { # name, wrk output file
  python3 - "$1" "$2" <<'PY'
import re, sys
name, path = sys.argv[1], sys.argv[2]
out = open(path).read()
def lat(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, out, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
total = int(re.search(r"(\d+) requests in", out).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors = re.search(r"Socket errors: (.*)", out)
print(f"{name}: {rps:,.0f} req/s, p50 {lat(50):.2f} ms, p99 {lat(99):.2f} ms, "
      f"{total} requests, non-2xx {non2xx.group(1) if non2xx else 0}"
      + (f", socket errors: {errors.group(1)}" if errors else ""))
PY
}

# The server's CPU time (user + system, in clock ticks) — steadier than req/s on a shared VM.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
cpu_per_request() { # ticks before, ticks after, wrk output file
  local reqs; reqs=$(grep -oE '[0-9]+ requests in' "$3" | grep -oE '^[0-9]+')
  python3 -c 'import os,sys; t=(int(sys.argv[2])-int(sys.argv[1]))/os.sysconf("SC_CLK_TCK"); print(f"  server CPU: {t:.2f} s, {t/int(sys.argv[3])*1e6:.0f} µs per request")' "$1" "$2" "$reqs"
}

before=$(cpu_ticks)
wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" --latency -s bench/token.lua "$BASE/d/main/oauth/token" >"$WORK/token.txt"
after=$(cpu_ticks)
summarize "token (client_credentials)" "$WORK/token.txt"
cpu_per_request "$before" "$after" "$WORK/token.txt"
before=$(cpu_ticks)
wrk -t$THREADS -c$CONNECTIONS -d"${DURATION}s" --latency -s bench/introspect.lua "$BASE/d/main/oauth/introspect" >"$WORK/introspect.txt"
after=$(cpu_ticks)
summarize "introspect" "$WORK/introspect.txt"
cpu_per_request "$before" "$after" "$WORK/introspect.txt"

echo "peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$SERVER/status)"
kill -TERM "$SERVER"; wait "$SERVER" || true
ISSUED=$(grep -oE '[0-9]+ requests in' "$WORK/token.txt" | grep -oE '^[0-9]+')
STORED=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from access_tokens").fetchone()[0])' "$WORK/jeton.db")
# +1 for the token fetched for the introspection run.
echo "tokens stored: $STORED for $ISSUED answered token requests (+1 for the introspection token)"
echo "cores: $(nproc), commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
