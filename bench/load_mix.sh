#!/usr/bin/env bash
# Load test of the public site (issue 7, item 4): 500 simulated users on a realistic mix of pages — home (vi, en),
# area pages of random communes and districts, search, the communes' GeoJSON, the levels as JSON and CSV — with
# wrk (500 connections, 2 threads, 30 s, after a 5 s warm-up) against gunicorn with the production settings
# (deploy/gunicorn.conf.py, DEBUG=0, HTTPS=1 behind a proxy sending X-Forwarded-Proto: https, PROXY_COUNT=0,
# hashed static files), PostGIS and a Redis of its own on this machine; then, as the machine's ceiling, nginx
# serving a static copy of the home page the same way. It prints requests/s, p50/p99 latency and every error
# (non-2xx answers, socket errors) of both, and their ratio; it exits 1 when the site answered anything but 2xx.
#
# Usage: bash bench/load_mix.sh   (needs PostgreSQL+PostGIS on 127.0.0.1:5432, redis-server, wrk and nginx)
# Environment [defaults]: LOAD_DATABASE_URL [postgis://covidmaps:covidmaps@127.0.0.1:5432/covidmaps_faults_bench]
# (created and loaded with setup_demo once, then kept), LOAD_DURATION seconds [30], LOAD_CONNECTIONS [500],
# LOAD_THREADS [2], LOAD_PORT first of two loopback ports [8500], LOAD_SEARCH_SHARE of searches in the mix [0.10]
# (the rest of the 10 % goes to commune pages: 0 shows what the uncached search costs); COVIDMAPS_BOUNDARIES
# [../shared/data/langson].
# Every request goes to 127.0.0.1; gunicorn, nginx and Redis are started here and stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
DURATION="${LOAD_DURATION:-30}"
CONNECTIONS="${LOAD_CONNECTIONS:-500}"
THREADS="${LOAD_THREADS:-2}"
SITE_PORT="${LOAD_PORT:-8500}"
NGINX_PORT="$((SITE_PORT + 1))"
WORK="$(mktemp -d /tmp/covidmaps-load-mix.XXXXXX)"
chmod 755 "$WORK"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

start() {  # run a server in its own process group, remember it for cleanup
  setsid "$@" >>"$WORK/servers.log" 2>&1 &
  PIDS+=($!)
}

wait_for() {  # URL: answered within 20 s
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null -H "X-Forwarded-Proto: https" "$1" && return 0
    sleep 0.2
  done
  echo "no answer from $1 (see below)" >&2
  tail -20 "$WORK/servers.log" >&2
  return 1
}

# A Redis of our own (cache and broker), on the first free port of 6389 … 6380.
REDIS_PORT=""
for port in $(seq 6389 -1 6380); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then REDIS_PORT="$port"; break; fi
done
[ -n "$REDIS_PORT" ] || { echo "no free port for Redis in 6380-6389" >&2; exit 2; }
start redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK"
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# The production settings (covidmaps/settings.py reads them from the environment).
export DATABASE_URL="${LOAD_DATABASE_URL:-postgis://covidmaps:covidmaps@127.0.0.1:5432/covidmaps_faults_bench}"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export SECRET_KEY="load-mix-$(date +%s)-$RANDOM"
export DEBUG=0 HTTPS=1 PROXY_COUNT=0 STATIC_MANIFEST=1
export ALLOWED_HOSTS=127.0.0.1,localhost
export STATIC_ROOT="$WORK/static" PUBLISHED_ROOT="$WORK/published" MEDIA_ROOT="$WORK/media"
# The only deviation: wrk's 500 users share one address, so the open-data allowance per address (300/m) is
# raised, or wrk would measure the refusals; the counting itself still runs on every API request.
export API_RATE_LIMIT="1000000000/m"
SHARED="$ROOT/../shared/data/langson"
if [ -z "${COVIDMAPS_BOUNDARIES:-}" ] && [ -f "$SHARED/langson_communes.geojson" ]; then
  export COVIDMAPS_BOUNDARIES="$SHARED"
fi
cd "$ROOT"

echo "== database $(echo "$DATABASE_URL" | sed 's#//[^@]*@#//#'): demo data (loaded once, then kept)"
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
  "$PY" manage.py setup_demo > "$WORK/setup_demo.log" 2>&1 || { cat "$WORK/setup_demo.log" >&2; exit 2; }
fi
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py compilemessages --ignore='.venv/*' -v 0 >/dev/null 2>&1 || true

# The mix: 1000 paths drawn in its proportions (fixed seed), from which wrk picks one at random per request.
"$PY" - "$WORK/paths.txt" <<'PYTHON'
import collections
import os
import random
import sys
from urllib.parse import quote

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings")
django.setup()
from django.utils import timezone  # noqa: E402

from areas.models import Area  # noqa: E402
from areas.text import fold  # noqa: E402

internal = Area.objects.internal().valid_on(timezone.localdate())
communes = list(internal.filter(kind="commune").values_list("code", flat=True))
districts = list(internal.filter(kind="district").values_list("code", flat=True))
# Search words shared by several communes (so that the search lists results instead of redirecting to one).
words = collections.Counter(w for name in internal.values_list("name", flat=True) for w in fold(name).split()[1:])
terms = sorted(w for w, n in words.items() if n >= 2 and len(w) >= 3)[:20]
search = float(os.environ.get("LOAD_SEARCH_SHARE") or 0.10)
MIX = [  # (share, what, paths to draw from)
    (0.15, "home", ["/"]),
    (0.05, "home in English", ["/en/"]),
    (0.40 - search, "commune pages", [f"/khu-vuc/{code}/" for code in communes]),
    (0.10, "district pages", [f"/khu-vuc/{code}/" for code in districts]),
    (search, "searches", [f"/tim-kiem/?q={quote(term)}" for term in terms]),
    (0.15, "communes' GeoJSON", ["/api/v1/areas.geojson?kind=commune"]),
    (0.10, "levels.json", ["/api/v1/levels.json"]),
    (0.05, "levels.csv", ["/api/v1/levels.csv"]),
]
rng = random.Random(2686)
paths = [rng.choice(choices) for share, _what, choices in MIX for _ in range(round(share * 1000))]
rng.shuffle(paths)
with open(sys.argv[1], "w") as out:
    out.write("\n".join(paths) + "\n")
print(f"   mix: {', '.join(f'{share:.0%} {what}' for share, what, _ in MIX if share)}")
print(f"   over {len(communes)} communes, {len(districts)} districts and {len(terms)} search words")
PYTHON

echo "== gunicorn (deploy/gunicorn.conf.py) on 127.0.0.1:$SITE_PORT, Redis on 127.0.0.1:$REDIS_PORT"
start "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py --bind "127.0.0.1:$SITE_PORT" \
  --error-logfile "$WORK/gunicorn.log" covidmaps.wsgi:application
wait_for "http://127.0.0.1:$SITE_PORT/"
# Every path of the mix must answer 200 before the load starts: a broken page is not a benchmark.
while read -r path; do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-Proto: https" "http://127.0.0.1:$SITE_PORT$path")"
  [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 2; }
done < <(sort -u "$WORK/paths.txt")

echo "== nginx serving the home page's bytes as a static file on 127.0.0.1:$NGINX_PORT"
mkdir -p "$WORK/nginx/html" "$WORK/nginx/tmp"
curl -s -H "X-Forwarded-Proto: https" -o "$WORK/nginx/html/index.html" "http://127.0.0.1:$SITE_PORT/"
echo "/" > "$WORK/static_paths.txt"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
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
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/html;
    default_type "text/html; charset=utf-8";
  }
}
NGINX
start nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;'
wait_for "http://127.0.0.1:$NGINX_PORT/"

run_wrk() {  # name port paths-file
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s --timeout 10s -s bench/load_mix.lua "http://127.0.0.1:$2" -- "$3" \
    > "$WORK/$1.warmup.txt"  # caches filled, connections opened
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/load_mix.lua "http://127.0.0.1:$2" \
    -- "$3" > "$WORK/$1.txt"
}

echo "== wrk: $CONNECTIONS connections, $THREADS threads, ${DURATION} s each (after 5 s of warm-up)"
run_wrk site "$SITE_PORT" "$WORK/paths.txt"
run_wrk nginx "$NGINX_PORT" "$WORK/static_paths.txt"

echo
status=0
"$PY" - "$WORK/site.txt" "$WORK/nginx.txt" "$(wc -c < "$WORK/nginx/html/index.html")" <<'PYTHON' || status=$?
import re
import sys


def read(path):
    line = next(l for l in open(path) if l.startswith("RESULT "))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


site, nginx = read(sys.argv[1]), read(sys.argv[2])
print(f"{'':<34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'requests':>10}{'non-2xx':>9}{'socket errors':>15}")
for name, r in (("covidmaps mix (gunicorn)", site), (f"nginx, static {int(sys.argv[3]) // 1024} KB page", nginx)):
    non2xx = int(r["s3xx"] + r["s4xx"] + r["s5xx"])
    sockets = int(r["connect"] + r["read"] + r["write"] + r["timeout"])
    print(f"{name:<34}{r['rps']:>9.0f}{r['p50_ms']:>9.1f}{r['p99_ms']:>9.1f}{int(r['requests']):>10}{non2xx:>9}"
          f"{sockets:>15}")
    if sockets:
        print(f"{'':<34}socket errors: connect {int(r['connect'])}, read {int(r['read'])}, write {int(r['write'])}, "
              f"timeout {int(r['timeout'])}")
print(f"\nratio covidmaps/nginx: throughput {site['rps'] / nginx['rps']:.1%}, "
      f"p99 {site['p99_ms'] / nginx['p99_ms']:.1f}×")
errors = site["s3xx"] + site["s4xx"] + site["s5xx"] + site["connect"] + site["read"] + site["write"] + site["timeout"]
print("errors: none" if not errors else f"errors: {int(errors)} (3xx {int(site['s3xx'])}, 4xx {int(site['s4xx'])}, "
      f"5xx {int(site['s5xx'])}, socket {int(errors - site['s3xx'] - site['s4xx'] - site['s5xx'])})")
sys.exit(1 if errors else 0)
PYTHON
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s."
exit "$status"
