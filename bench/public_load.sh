#!/usr/bin/env bash
# Load benchmark of the public site (not a test): throughput and p99 latency of the home page, an area page and
# the communes' GeoJSON with 64 connections, under gunicorn with the production settings (PostGIS, Redis, DEBUG
# off, hashed static files), beside two references measured in the same run on the same bytes:
#   - nginx serving them as static files (this machine's ceiling),
#   - a bare WSGI app returning them under the same gunicorn settings (Python's ceiling).
# Goal: with the cache warm, each endpoint reaches ≥ 30 % of the bare-WSGI throughput with p99 < 50 ms.
# The home page is measured twice: as wrk asks by default (no Accept-Encoding) and as browsers ask
# (Accept-Encoding: gzip, `home_gzip`), where every server sends the same gzipped bytes.
# Two passes per endpoint: flat out (throughput; latency there is only queueing: 64 connections / throughput), then
# paced at 30 % of the bare app's throughput (the p99 the goal speaks of). Requests carry X-Forwarded-For addresses
# from the benchmarking range (bench/public/clients.lua), as nginx would set them (PROXY_COUNT=1), so the open-data
# allowance per address is counted as in production. It also prints the bytes of the home page's first view and
# of the map data, as transferred (gzip).
#
# Usage: bash bench/public_load.sh     (needs PostgreSQL+PostGIS and Redis running, wrk and nginx installed)
# Environment (defaults in brackets): BENCH_DATABASE_URL [postgis://covidmaps:covidmaps@127.0.0.1:5432/covidmaps_bench],
# BENCH_REDIS_URL [redis://127.0.0.1:6379/5], BENCH_DURATION seconds per run [10], BENCH_CONNECTIONS [64],
# BENCH_PORT first of three loopback ports [8401]. gunicorn also reads GUNICORN_CMD_ARGS (for example
# "--preload --worker-class sync --threads 1" to compare worker settings), and DJANGO_SETTINGS_MODULE is honoured.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
GUNICORN="$ROOT/.venv/bin/gunicorn"
DURATION="${BENCH_DURATION:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
PORT="${BENCH_PORT:-8401}"
DJANGO_PORT="$PORT"; BARE_PORT="$((PORT + 1))"; NGINX_PORT="$((PORT + 2))"
WORK="$(mktemp -d /tmp/covidmaps-public-bench.XXXXXX)"
chmod 755 "$WORK"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="${BENCH_DATABASE_URL:-postgis://covidmaps:covidmaps@127.0.0.1:5432/covidmaps_bench}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/5}"
export SECRET_KEY="public-bench-$(date +%s)"
export DEBUG=0 HTTPS=0 STATIC_MANIFEST=1 LOG_LEVEL=WARNING PROXY_COUNT=1
export ALLOWED_HOSTS=127.0.0.1,localhost
export STATIC_ROOT="$WORK/static" PUBLISHED_ROOT="$WORK/published"
SHARED="$ROOT/../shared/data/langson"
if [ -z "${COVIDMAPS_BOUNDARIES:-}" ] && [ -f "$SHARED/langson_communes.geojson" ]; then
  export COVIDMAPS_BOUNDARIES="$SHARED"
fi
cd "$ROOT"

echo "== preparing $DATABASE_URL (demo data, loaded once)"
"$PY" - <<'PYTHON'
import os
from urllib.parse import urlsplit

import psycopg

url = urlsplit(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
with psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username, password=url.password,
                     dbname="postgres", autocommit=True) as connection:
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        connection.execute(f'CREATE DATABASE "{name}"')
PYTHON
"$PY" manage.py migrate -v 0
if [ "$("$PY" manage.py shell -c 'from risk.models import Publication; print(Publication.objects.exists())' 2>/dev/null | tail -1)" != "True" ]; then
  "$PY" manage.py setup_demo > "$WORK/setup_demo.log" 2>&1
fi
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py compilemessages --ignore='.venv/*' -v 0 >/dev/null 2>&1 || true
"$PY" -c "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"
AREA="$("$PY" manage.py shell -c 'from areas.models import Area; print(Area.objects.get(name="Xã Tân Thanh").code)' 2>/dev/null | tail -1)"

declare -A ENDPOINTS=(
  [home]="/"
  [home_gzip]="/"
  [area]="/khu-vuc/$AREA/"
  [communes_geojson]="/api/v1/areas.geojson?kind=commune"
)
NAMES=(home home_gzip area communes_geojson)
PLAIN_NAMES=(home area communes_geojson)  # the references' files; home_gzip is home's gzip twin
GUNICORN_ARGS=(-c deploy/gunicorn.conf.py --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log")

wait_for() {
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "no answer from $1" >&2
  return 1
}

echo "== gunicorn with the production settings on 127.0.0.1:$DJANGO_PORT"
"$GUNICORN" "${GUNICORN_ARGS[@]}" --bind "127.0.0.1:$DJANGO_PORT" covidmaps.wsgi:application >/dev/null 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$DJANGO_PORT/"

# The references serve exactly the bytes the site answers, plain and gzipped (curl keeps the bytes as sent).
mkdir -p "$WORK/bare"
: > "$WORK/bare/manifest.tsv"
for name in "${PLAIN_NAMES[@]}"; do
  path="${ENDPOINTS[$name]}"
  type="$(curl -s -o "$WORK/bare/$name.body" -w '%{content_type}' "http://127.0.0.1:$DJANGO_PORT$path")"
  curl -s -o "$WORK/bare/$name.body.gz" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$DJANGO_PORT$path"
  printf '%s\t%s\t%s\n' "$path" "$name.body" "$type" >> "$WORK/bare/manifest.tsv"
done

echo "== bare WSGI app under the same gunicorn settings on 127.0.0.1:$BARE_PORT"
BARE_ROOT="$WORK/bare" PYTHONPATH="$ROOT/bench/public" "$GUNICORN" "${GUNICORN_ARGS[@]}" --bind "127.0.0.1:$BARE_PORT" \
  bare_wsgi:application >/dev/null 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$BARE_PORT/"

echo "== nginx serving the same bytes as static files on 127.0.0.1:$NGINX_PORT"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  gzip_static on;
  gzip_vary on;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/bare;
    location = / { default_type "text/html; charset=utf-8"; try_files /home.body =404; }
    location = /khu-vuc/$AREA/ { default_type "text/html; charset=utf-8"; try_files /area.body =404; }
    location = /api/v1/areas.geojson { default_type application/geo+json; try_files /communes_geojson.body =404; }
  }
}
NGINX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_for "http://127.0.0.1:$NGINX_PORT/"

echo "== first view and map data, as transferred (gzip)"
"$PY" - "$DJANGO_PORT" <<'PYTHON'
import gzip
import json
import re
import sys
import urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"


def fetch(path, gzipped=True):
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"} if gzipped else {})
    with urllib.request.urlopen(request) as response:
        return response.read(), response.headers.get("Content-Encoding") == "gzip"


def wire(path):
    body, compressed = fetch(path)
    # nginx compresses what the application sends plain (gzip_comp_level 5 in deploy/nginx.conf).
    return len(body) if compressed else len(gzip.compress(body, 5))


html, _ = fetch("/", gzipped=False)
page = html.decode()
assets = list(dict.fromkeys(re.findall(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"', page)))
config = json.loads(page.split('<script id="map-config" type="application/json">')[1].split("</script>")[0])
rows = [("/", wire("/"))] + [(path, wire(path)) for path in assets]
rows += [(config["geometry"], wire(config["geometry"])), (config["levels"], wire(config["levels"]))]
for path, size in rows:
    print(f"  {size / 1024:7.1f} KB  {path}")
total = sum(size for _, size in rows)
print(f"  {total / 1024:7.1f} KB  first view of the home page (goal: under 150 KB)")
geometry, levels = rows[-2][1], rows[-1][1]
print(f"  {geometry / 1024:7.1f} KB  map geometry, cached for a year (goal: under 40 KB)")
print(f"  {levels / 1024:7.1f} KB  levels of one publication (sent again on each publication)")
PYTHON

run_wrk() {  # name server port [pace in ms per request and connection]
  local url="http://127.0.0.1:$3${ENDPOINTS[$1]}"
  export ACCEPT_GZIP=0
  [[ "$1" == *_gzip ]] && ACCEPT_GZIP=1
  PACE_MS=0 wrk -t2 -c"$CONNECTIONS" -d2s -s bench/public/clients.lua "$url" >/dev/null  # warm-up
  PACE_MS="${4:-0}" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/public/clients.lua "$url" \
    > "$WORK/$1.$2.txt"
}

if "$PY" -c 'import django, os; os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings"); django.setup()
from django.conf import settings; raise SystemExit("public.httpcache.PublicCacheMiddleware" not in settings.MIDDLEWARE)'; then
  echo "== public.httpcache.PublicCacheMiddleware is in MIDDLEWARE: cached answers skip the middleware stack"
else
  echo "== public.httpcache.PublicCacheMiddleware is NOT in MIDDLEWARE: every request runs the whole stack"
fi
echo "== wrk: $CONNECTIONS connections, ${DURATION}s per run"
for name in "${NAMES[@]}"; do
  run_wrk "$name" django "$DJANGO_PORT"
  run_wrk "$name" bare "$BARE_PORT"
  run_wrk "$name" nginx "$NGINX_PORT"
  # Paced: each connection waits so that together they offer 30 % of the bare app's throughput.
  pace="$("$PY" -c "import re,sys; r=float(re.search(r'Requests/sec:\s+([\d.]+)', open(sys.argv[1]).read())[1]); print(max(1, round($CONNECTIONS * 1000 / (0.3 * r))))" "$WORK/$name.bare.txt")"
  run_wrk "$name" django-paced "$DJANGO_PORT" "$pace"
done
echo
"$PY" bench/public/report.py "$WORK" "${NAMES[@]}"
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); wrk -t2 -c$CONNECTIONS."
