#!/usr/bin/env bash
# Scale benchmark (issue 5): does Jeton stay fast with a big token table?
# For each backend (SQLite, PostgreSQL) and each table size (1,000 and 1,000,000 live access
# tokens), starts a fresh server, seeds the table, then measures with wrk (2 threads,
# 32 connections, SECONDS each): introspection of 1,000 real tokens in turn, and
# client-credentials token issuance. Loopback only; bounded in time.
#
#   bench/scale.sh [SECONDS] [BACKENDS...]      e.g. bench/scale.sh 10 sqlite postgres
#
# PostgreSQL: JETON_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test); each run
# gets its own schema, dropped afterwards; JETON_ENCRYPTION_KEY defaults to a fixed bench key.
# Needs wrk, curl, python3, psql.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION="${1:-10}"
shift || true
BACKENDS=("${@:-sqlite}")
[ "$#" -gt 0 ] || BACKENDS=(sqlite postgres)
PG_URL="${JETON_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
# Required with PostgreSQL (and harmless with SQLite): a fixed bench key unless one is given.
export JETON_ENCRYPTION_KEY="${JETON_ENCRYPTION_KEY:-k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=}"
SIZES=(1000 1000000)
bench_build

WORK="$(mktemp -d)"
SCHEMA=""
cleanup() {
  stop_server
  [ -n "$SCHEMA" ] && psql -q "$PG_URL" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# seed BACKEND DB_URL N — N live filler tokens of the bench client, older than any real one.
seed() {
  local now; now=$(date +%s)
  case "$1" in
    sqlite)
      python3 - "$WORK/jeton.db" "$CLIENT_ID" "$3" "$now" <<'PY'
import os, sqlite3, struct, sys
db, client, n, now = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
c = sqlite3.connect(db)
domain = c.execute("SELECT domain_id FROM clients WHERE id = ?", (client,)).fetchone()[0]
rows = ((struct.pack(">II", now - 86400, i) + os.urandom(32), domain, client, "bench:read", now - 60, now + 86400)
        for i in range(n))
c.executemany("INSERT INTO access_tokens (digest, domain_id, client_id, scopes, issued_at, expires_at) "
              "VALUES (?, ?, ?, ?, ?, ?)", rows)
c.commit()
PY
      ;;
    postgres)
      psql -q "$PG_URL" -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET search_path = $SCHEMA;
INSERT INTO access_tokens (digest, domain_id, client_id, scopes, issued_at, expires_at)
SELECT int4send($now - 86400) || int4send(i) || sha256(int4send(i) || convert_to(gen_random_uuid()::text, 'UTF8')),
       c.domain_id, c.id, 'bench:read', $now - 60, $now + 86400
FROM generate_series(1, $3) AS i, clients c WHERE c.id = '$CLIENT_ID';
ANALYZE access_tokens;
SQL
      ;;
  esac
}

printf '%-9s %-10s %s\n' backend tokens result
for backend in "${BACKENDS[@]}"; do
  for size in "${SIZES[@]}"; do
    case "$backend" in
      sqlite)
        rm -f "$WORK"/jeton.db*
        DB="sqlite://$WORK/jeton.db" ;;
      postgres)
        SCHEMA="jeton_bench_$(date +%s)_$RANDOM"
        psql -q "$PG_URL" -c "CREATE SCHEMA $SCHEMA" >/dev/null
        DB="$PG_URL?options=-c%20search_path%3D$SCHEMA" ;;
      *) echo "unknown backend $backend" >&2; exit 1 ;;
    esac
    start_server "$DB" "$WORK"
    provision "$DB"
    seed "$backend" "$DB" $((size - 1000))
    mint_tokens 1000 "$WORK/tokens.txt"
    export JETON_BENCH_TOKENS="$WORK/tokens.txt"
    wrk -t1 -c4 -d1s -s bench/introspect_many.lua "$BASE/d/main/oauth/introspect" >/dev/null
    printf '%-9s %-10s ' "$backend" "$size"
    measure "introspect" bench/introspect_many.lua /d/main/oauth/introspect "$DURATION" "$WORK/i.txt"
    printf '%-9s %-10s ' "$backend" "$size"
    measure "token" bench/token.lua /d/main/oauth/token "$DURATION" "$WORK/t.txt"
    printf '%-9s %-10s peak RSS %s\n' "$backend" "$size" "$(peak_rss)"
    stop_server
    if [ "$backend" = postgres ]; then
      psql -q "$PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
      SCHEMA=""
    fi
  done
done
echo "cores: $(nproc), commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
