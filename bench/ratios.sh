#!/usr/bin/env bash
# Issue 16's ratios: in one sitting, the ceiling (bench/ceiling, a fixed-answer axum server)
# and Jeton under the same wrk load (2 threads, 32 connections, SECONDS per endpoint,
# loopback): client-credentials issuance and introspection of one live token, on a fresh
# SQLite file and on a fresh PostgreSQL schema (`postgres_cache` at its default, `feed`).
# Each run measures the ceiling first, then each backend; at the end a table gives every
# Jeton figure as a ratio to the ceiling of the same run. Absolute req/s move ±25 % between
# runs on a shared VM; ratios within one run do not.
#
#   bench/ratios.sh [SECONDS] [RUNS] [BACKENDS...]     e.g. bench/ratios.sh 10 2 sqlite postgres
#
# PostgreSQL: JETON_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a schema
# per run, dropped afterwards; JETON_ENCRYPTION_KEY (required with PostgreSQL) defaults to a
# fixed bench key. Jeton is built with `cargo build --profile perf` (CARGO_TARGET_DIR is
# honoured). Needs wrk, curl, python3, psql.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION="${1:-10}"
RUNS="${2:-2}"
shift 2 || shift $# || true
BACKENDS=("$@")
[ "${#BACKENDS[@]}" -gt 0 ] || BACKENDS=(sqlite postgres)
PG_URL="${JETON_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
PG_KEY="${JETON_ENCRYPTION_KEY:-k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=}"
unset JETON_ENCRYPTION_KEY

bench_build
ceiling_build
WORK="$(mktemp -d)"
SERVER=""
SCHEMA=""
cleanup() {
  [ -n "$SERVER" ] && stop_server
  [ -n "$SCHEMA" ] && psql -q "$PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export MEASURE_LOG="$WORK/measurements.tsv"
: >"$MEASURE_LOG"

# record RUN SERVER — tags the measurements just taken, adds the server's peak RSS.
record() {
  local rss; rss="$(peak_rss)"
  python3 - "$MEASURE_LOG" "$1" "$2" "$rss" <<'PY'
import sys
path, run, server, rss = sys.argv[1:]
lines = open(path).read().splitlines()
out = [l if l.count("\t") > 5 else f"{run}\t{server}\t{l}\t{rss}" for l in lines]
open(path, "w").write("\n".join(out) + "\n")
PY
}

for run in $(seq 1 "$RUNS"); do
  echo "== run $run: $(machine_load)"
  start_ceiling "$WORK"
  wrk -t1 -c4 -d1s -s bench/introspect.lua "$BASE/d/main/oauth/introspect" >/dev/null
  measure "token" bench/token.lua /d/main/oauth/token "$DURATION" "$WORK/c-token.txt"
  measure "introspect" bench/introspect.lua /d/main/oauth/introspect "$DURATION" "$WORK/c-introspect.txt"
  record "$run" ceiling
  stop_server; SERVER=""

  for backend in "${BACKENDS[@]}"; do
    echo "-- run $run, Jeton on $backend: $(machine_load)"
    case "$backend" in
      sqlite)
        rm -f "$WORK"/jeton.db*
        DB="sqlite://$WORK/jeton.db" ;;
      postgres)
        SCHEMA="jeton_ratios_$(date +%s)_$RANDOM"
        psql -q "$PG_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null
        DB="$PG_URL?options=-c%20search_path%3D$SCHEMA"
        export JETON_ENCRYPTION_KEY="$PG_KEY" ;;
      *) echo "unknown backend $backend" >&2; exit 1 ;;
    esac
    start_server "$DB" "$WORK"
    provision "$DB"
    export JETON_BENCH_TOKEN="$(curl -fs -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials "$BASE/d/main/oauth/token" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
    wrk -t1 -c4 -d1s -s bench/introspect.lua "$BASE/d/main/oauth/introspect" >/dev/null
    measure "token" bench/token.lua /d/main/oauth/token "$DURATION" "$WORK/j-token.txt"
    measure "introspect" bench/introspect.lua /d/main/oauth/introspect "$DURATION" "$WORK/j-introspect.txt"
    record "$run" "$backend"
    stop_server; SERVER=""
    unset JETON_ENCRYPTION_KEY
    if [ -n "$SCHEMA" ]; then
      psql -q "$PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
      SCHEMA=""
    fi
  done
done

echo
python3 - "$MEASURE_LOG" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
ceiling = {(r[0], r[2]): float(r[3]) for r in rows if r[1] == "ceiling"}
print("| run | server | endpoint | req/s | p50 | p99 | CPU/request | non-2xx | peak RSS | ratio to ceiling |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for run, server, name, rps, p50, p99, cpu, non2xx, rss in rows:
    ratio = float(rps) / ceiling[(run, name)]
    print(f"| {run} | {server} | {name} | {float(rps):,.0f} | {p50} ms | {p99} ms | {cpu} µs | {non2xx} | {rss} | "
          + ("1" if server == "ceiling" else f"{ratio:.2f}") + " |")
PY
echo "cores: $(nproc), commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
