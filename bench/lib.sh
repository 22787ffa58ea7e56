# Shared by the bench scripts: build, start a server on loopback, provision a client, run wrk
# with the server's CPU time measured. Source it; it needs wrk, curl and python3.

THREADS=2
CONNECTIONS=32

bench_build() {
  command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
  cargo build --profile perf -p jeton >/dev/null
  BIN="${CARGO_TARGET_DIR:-target}/perf/jeton"
}

# The ceiling (issue 16): bench/ceiling, a fixed-answer axum server in its own package and
# target directory (JETON_BENCH_CEILING_TARGET, default /var/tmp/jeton-bench-ceiling-target).
ceiling_build() {
  command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
  local target="${JETON_BENCH_CEILING_TARGET:-/var/tmp/jeton-bench-ceiling-target}"
  (cd bench/ceiling && CARGO_TARGET_DIR="$target" cargo build --release --locked -q)
  CEILING_BIN="$target/release/jeton-bench-ceiling"
}

# start_ceiling WORKDIR — sets SERVER (pid) and BASE, and credentials of Jeton's sizes for
# the Lua scripts (the ceiling reads and ignores them).
start_ceiling() {
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  BASE="http://127.0.0.1:$port"
  "$CEILING_BIN" "127.0.0.1:$port" >"$1/ceiling.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 150); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fs "$BASE/readyz" >/dev/null || { echo "the ceiling did not start:" >&2; cat "$1/ceiling.log" >&2; exit 1; }
  export JETON_BENCH_BASIC="${CEILING_BASIC}"
  export JETON_BENCH_TOKEN="${CEILING_TOKEN}"
}
CEILING_BASIC="$(printf '%s:%s' abcdefghijklmnopqrstuv jeton_cs_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01 | base64 -w0)"
CEILING_TOKEN="jeton_at_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01"

# machine_load — one line: load average and other compiler processes (figures taken while
# a build runs are the VM's, not the server's).
machine_load() {
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg), cargo/rustc processes: $(pgrep -c -f '(^|/)(cargo|rustc) ' || true)"
}

# start_server DATABASE_URL WORKDIR — sets SERVER (pid) and BASE. The log level is warn unless
# JETON_LOG_LEVEL says otherwise (e.g. "warn,jeton_store::batch=trace" logs each group commit).
start_server() {
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  BASE="http://127.0.0.1:$port"
  JETON_DATABASE_URL="$1" JETON_LISTEN="127.0.0.1:$port" JETON_PUBLIC_URL="$BASE" JETON_LOG_LEVEL=${JETON_LOG_LEVEL:-warn} \
    JETON_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-password "$BIN" serve >"$2/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 150); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "the server did not become ready:" >&2; cat "$2/serve.log" >&2; exit 1
}

stop_server() {
  kill -TERM "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
}

# provision DATABASE_URL — a scope and a client-credentials client; sets CLIENT_ID,
# CLIENT_SECRET and exports JETON_BENCH_BASIC.
provision() {
  JETON_DATABASE_URL="$1" "$BIN" scope create --domain main bench:read --description "Benchmark scope" >/dev/null
  local json
  json="$(JETON_DATABASE_URL="$1" "$BIN" client create --domain main --name bench --grant client_credentials --scope bench:read --json)"
  CLIENT_ID="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_id"])' "$json")"
  CLIENT_SECRET="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_secret"])' "$json")"
  export JETON_BENCH_BASIC="$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)"
}

# mint_tokens N FILE — N real access tokens from the running server, one per line.
mint_tokens() {
  python3 - "$BASE" "$CLIENT_ID" "$CLIENT_SECRET" "$1" "$2" <<'PY'
import base64, http.client, json, sys, urllib.parse
base, cid, secret, n, path = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
u = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port)
auth = "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()
with open(path, "w") as out:
    for _ in range(n):
        conn.request("POST", "/d/main/oauth/token", "grant_type=client_credentials",
                     {"Content-Type": "application/x-www-form-urlencoded", "Authorization": auth})
        r = conn.getresponse()
        out.write(json.loads(r.read())["access_token"] + "\n")
PY
}

# measure NAME LUA_SCRIPT PATH SECONDS OUTFILE — runs wrk and prints one summary line with
# the server's CPU time per request.
measure() {
  local before after
  before=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  wrk -t$THREADS -c$CONNECTIONS -d"$4s" --latency -s "$2" "$BASE$3" >"$5"
  after=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  python3 - "$1" "$5" "$before" "$after" "${MEASURE_LOG:-}" <<'PY'
import os, re, sys
name, path, before, after = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
log = sys.argv[5]
out = open(path).read()
def lat(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % p, out, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
total = int(re.search(r"(\d+) requests in", out).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors = re.search(r"Socket errors: (.*)", out)
cpu = (after - before) / os.sysconf("SC_CLK_TCK")
print(f"{name}: {rps:,.0f} req/s, p50 {lat(50):.2f} ms, p99 {lat(99):.2f} ms, {total} requests, "
      f"non-2xx {non2xx.group(1) if non2xx else 0}, server CPU {cpu / total * 1e6:.0f} µs/request"
      + (f", socket errors: {errors.group(1)}" if errors else ""))
if log:  # one tab-separated record per measurement, for bench/ratios.sh
    with open(log, "a") as f:
        f.write(f"{name}\t{rps:.0f}\t{lat(50):.2f}\t{lat(99):.2f}\t{cpu / total * 1e6:.0f}\t"
                f"{non2xx.group(1) if non2xx else 0}\n")
PY
}

peak_rss() {
  awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$SERVER/status"
}
