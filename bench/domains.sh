#!/usr/bin/env bash
# Many tenants (issue 16): introspection spread round-robin over N domains, each with its own
# client and a live token, against introspection of N tokens of one domain, on the same
# server in one sitting (so the ratio holds while absolute req/s move). The domains are
# copies of `main` (its settings, the bench scope, the bench client under a new id) written
# straight into the database, then the server is restarted so that it sizes its caches from
# the database as `jeton serve` does; the tokens are real, minted over HTTP.
#
#   bench/domains.sh [SECONDS] [DOMAINS] [BACKENDS...]    e.g. bench/domains.sh 10 10000 sqlite postgres
#
# PostgreSQL: JETON_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a schema
# per run, dropped afterwards. Needs wrk, curl, python3, psql. Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

DURATION="${1:-10}"
DOMAINS="${2:-10000}"
WARMUP=$(( DOMAINS / 2000 + 1 ))
shift 2 || shift $# || true
BACKENDS=("$@")
[ "${#BACKENDS[@]}" -gt 0 ] || BACKENDS=(sqlite)
PG_URL="${JETON_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
export JETON_ENCRYPTION_KEY="${JETON_ENCRYPTION_KEY:-k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=}"
bench_build

WORK="$(mktemp -d)"
SERVER=""
SCHEMA=""
cleanup() {
  [ -n "$SERVER" ] && stop_server
  [ -n "$SCHEMA" ] && psql -q "$PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# copy_domains BACKEND N — N copies of `main` with the bench scope and client; slugs t00001...
copy_domains() {
  case "$1" in
    sqlite)
      python3 - "$WORK/jeton.db" "$CLIENT_ID" "$2" <<'PY'
import os, sqlite3, sys
db, client, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = sqlite3.connect(db)
c.row_factory = sqlite3.Row
main = dict(c.execute("SELECT * FROM domains WHERE slug = 'main'").fetchone())
scopes = [dict(r) for r in c.execute("SELECT * FROM scopes WHERE domain_id = ?", (main["id"],))]
bench = dict(c.execute("SELECT * FROM clients WHERE id = ?", (client,)).fetchone())
def insert(table, row):
    # Generated columns (hidden 2 or 3 in table_xinfo) are computed, never inserted.
    generated = {r[1] for r in c.execute(f"PRAGMA table_xinfo({table})") if r[6] in (2, 3)}
    cols = [k for k in row if k not in generated]
    c.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
              [row[k] for k in cols])
for i in range(1, n + 1):
    d = dict(main, id=f"bench-domain-{i:05}", slug=f"t{i:05}", name=f"Tenant {i}")
    if "pairwise_salt" in d:
        d["pairwise_salt"] = os.urandom(32).hex()
    insert("domains", d)
    for s in scopes:
        s = dict(s, domain_id=d["id"])
        if "id" in s:
            s["id"] = f"{s['id']}-{i}"
        insert("scopes", s)
    insert("clients", dict(bench, id=f"{client}-{i}", domain_id=d["id"]))
c.commit()
PY
      ;;
    postgres)
      python3 - "$PG_URL" "$SCHEMA" "$CLIENT_ID" "$2" <<'PY' | psql -q "$PG_URL" -v ON_ERROR_STOP=1 >/dev/null
import subprocess, sys
url, schema, client, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def columns(table):
    out = subprocess.run(["psql", "-Atq", url, "-c",
        f"SELECT column_name FROM information_schema.columns WHERE table_schema = '{schema}' "
        f"AND table_name = '{table}' AND is_generated = 'NEVER' ORDER BY ordinal_position"], capture_output=True, text=True, check=True)
    return out.stdout.split()
def copy(table, source, where, overrides):
    cols = columns(table)
    exprs = [overrides.get(col, f"{source}.{col}") for col in cols]
    return (f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
            f"FROM {table} {source}, generate_series(1, {n}) AS i WHERE {where};")
print(f"SET search_path = {schema};")
print(copy("domains", "d", "d.slug = 'main'", {
    "id": "'bench-domain-' || lpad(i::text, 5, '0')", "slug": "'t' || lpad(i::text, 5, '0')",
    "name": "'Tenant ' || i", "pairwise_salt": "md5(random()::text) || md5(random()::text)"}))
print(copy("scopes", "s", "s.domain_id = (SELECT id FROM domains WHERE slug = 'main')", {
    "domain_id": "'bench-domain-' || lpad(i::text, 5, '0')", "id": "s.id || '-' || i"}))
print(copy("clients", "c", f"c.id = '{client}'", {
    "id": f"'{client}-' || i", "domain_id": "'bench-domain-' || lpad(i::text, 5, '0')"}))
print("ANALYZE;")
PY
      ;;
  esac
}

# targets FILE SPREAD — one token per domain (SPREAD=domains) or as many of `main` (SPREAD=one),
# as lines "SLUG BASIC TOKEN" for introspect_domains.lua.
targets() {
  python3 - "$BASE" "$CLIENT_ID" "$CLIENT_SECRET" "$DOMAINS" "$2" "$1" <<'PY'
import base64, http.client, json, sys, urllib.parse
base, cid, secret, n, spread, path = sys.argv[1:]
n = int(n)
u = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port)
with open(path, "w") as out:
    for i in range(1, n + 1):
        slug, client = (f"t{i:05}", f"{cid}-{i}") if spread == "domains" else ("main", cid)
        basic = base64.b64encode(f"{client}:{secret}".encode()).decode()
        conn.request("POST", f"/d/{slug}/oauth/token", "grant_type=client_credentials",
                     {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic " + basic})
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"token for {slug}: {r.status} {body[:200]!r}")
        out.write(f"{slug} {basic} {json.loads(body)['access_token']}\n")
PY
}

printf '%-9s %-8s %s\n' backend domains result
for backend in "${BACKENDS[@]}"; do
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
  stop_server
  copy_domains "$backend" "$DOMAINS"
  start_server "$DB" "$WORK"
  targets "$WORK/one.txt" one
  targets "$WORK/many.txt" domains
  echo "== $backend, $(machine_load)"
  for round in 1 2; do
    for spread in one many; do
      export JETON_BENCH_TARGETS="$WORK/$spread.txt"
      # Warm-up: long enough for several passes over every target, so that the measured
      # window reads caches, not the database (10,000 domains need more than 1 s).
      wrk -t2 -c32 -d"$WARMUP"s -s bench/introspect_domains.lua "$BASE" >/dev/null
      printf '%-9s %-8s ' "$backend" "$([ "$spread" = one ] && echo 1 || echo "$DOMAINS")"
      MEASURE_LOG="$WORK/$backend-$spread-$round.tsv" \
        measure "introspect" bench/introspect_domains.lua "" "$DURATION" "$WORK/$spread.txt.out"
    done
    python3 - "$WORK/$backend-one-$round.tsv" "$WORK/$backend-many-$round.tsv" "$DOMAINS" <<'PY'
import sys
one, many = (float(open(p).read().split("\t")[1]) for p in sys.argv[1:3])
print(f"round ratio: {sys.argv[3]} domains / 1 domain = {many / one:.2f}")
PY
  done
  printf '%-9s %-8s peak RSS %s\n' "$backend" "$DOMAINS" "$(peak_rss)"
  stop_server
  SERVER=""
  if [ "$backend" = postgres ]; then
    psql -q "$PG_URL" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null
    SCHEMA=""
  fi
done
echo "cores: $(nproc), commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
