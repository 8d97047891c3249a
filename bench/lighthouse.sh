#!/usr/bin/env bash
# Lighthouse benchmark of the public site (not a test): mobile performance and accessibility of the home page and
# of an area page (Xã Tân Thanh), with the first-view metrics behind the performance score (FCP, LCP, TBT, CLS,
# Speed Index) and the DOM size. The site runs as in production: gunicorn, DEBUG off, hashed static files
# (STATIC_MANIFEST), compressed public HTML; no base-map tiles (the map works without, and the benchmark reaches
# nothing outside this machine). Lighthouse's default (mobile) settings: a mid-range phone's screen, its CPU
# simulated at 4× slower than this machine's and a slow 4G network. Goal: performance ≥ 90 on both pages.
# Each page is measured BENCH_RUNS times; the median run (by performance score) is the figure to quote, since a
# loaded machine moves single runs by several points. The reports are kept in artifacts/lighthouse/.
#
# Usage: bash bench/lighthouse.sh   (needs Chromium and node/npm; `make bench` installs the pinned lighthouse CLI
# into bench/.node)
# Environment (defaults in brackets): BENCH_DATABASE_URL [postgis://covidmaps:covidmaps@127.0.0.1:5432/covidmaps_bench]
# (a spatialite:/// URL works too), BENCH_REDIS_URL [redis://127.0.0.1:6379/5; empty for the local-memory cache],
# BENCH_RUNS [3], BENCH_PORT [8411], CHROME_PATH [/usr/bin/chromium], BENCH_PYTHON [.venv/bin/python].
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
GUNICORN="$(dirname "$PY")/gunicorn"
LIGHTHOUSE="$ROOT/bench/.node/node_modules/.bin/lighthouse"
RUNS="${BENCH_RUNS:-3}"
PORT="${BENCH_PORT:-8411}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
WORK="$(mktemp -d /tmp/covidmaps-lighthouse.XXXXXX)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -x "$LIGHTHOUSE" ]; then
  echo "lighthouse is not installed: run make bench (or npm install --prefix bench/.node lighthouse@12.8.2)" >&2
  exit 1
fi

export DATABASE_URL="${BENCH_DATABASE_URL:-postgis://covidmaps:covidmaps@127.0.0.1:5432/covidmaps_bench}"
export REDIS_URL="${BENCH_REDIS_URL-redis://127.0.0.1:6379/5}"
export SECRET_KEY="lighthouse-bench-$(date +%s)"
export DEBUG=0 HTTPS=0 STATIC_MANIFEST=1 LOG_LEVEL=WARNING MAP_TILE_URL=
export ALLOWED_HOSTS=127.0.0.1,localhost
export STATIC_ROOT="$WORK/static" PUBLISHED_ROOT="$WORK/published"
SHARED="$ROOT/../shared/data/langson"
if [ -z "${COVIDMAPS_BOUNDARIES:-}" ] && [ -f "$SHARED/langson_communes.geojson" ]; then
  export COVIDMAPS_BOUNDARIES="$SHARED"
fi
cd "$ROOT"

echo "== preparing $DATABASE_URL (demo data, loaded once)"
case "$DATABASE_URL" in
  postgis://*) "$PY" - <<'PYTHON'
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
  ;;
esac
"$PY" manage.py migrate -v 0
if [ "$("$PY" manage.py shell -c 'from risk.models import Publication; print(Publication.objects.exists())' 2>/dev/null | tail -1)" != "True" ]; then
  "$PY" manage.py setup_demo > "$WORK/setup_demo.log" 2>&1
fi
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py compilemessages --ignore='.venv/*' -v 0 >/dev/null 2>&1 || true
if [ -n "$REDIS_URL" ]; then
  "$PY" -c "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"
fi
AREA="$("$PY" manage.py shell -c 'from areas.models import Area; print(Area.objects.get(name="Xã Tân Thanh").code)' 2>/dev/null | tail -1)"

echo "== gunicorn with the production settings on 127.0.0.1:$PORT"
"$GUNICORN" -c deploy/gunicorn.conf.py --workers 2 --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" \
  --bind "127.0.0.1:$PORT" covidmaps.wsgi:application >/dev/null 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || { echo "no answer from gunicorn" >&2; cat "$WORK/gunicorn.log" >&2; exit 1; }

declare -A PAGES=([home]="/" [area]="/khu-vuc/$AREA/")
for name in home area; do
  url="http://127.0.0.1:$PORT${PAGES[$name]}"
  curl -sf -o /dev/null -H 'Accept-Encoding: gzip' "$url"  # the page cache is warm, as for every visitor but the first
  for run in $(seq 1 "$RUNS"); do
    echo "== lighthouse $name ($url), run $run of $RUNS"
    "$LIGHTHOUSE" "$url" --quiet --only-categories=performance,accessibility --output=json \
      --output-path="$WORK/$name.$run.json" --chrome-flags="--headless=new --no-sandbox" \
      || { echo "lighthouse failed on $url" >&2; exit 1; }
  done
done

mkdir -p "$ROOT/artifacts/lighthouse" && cp "$WORK"/*.json "$ROOT/artifacts/lighthouse/"
echo
"$PY" - "$WORK" "$RUNS" "${PAGES[home]}" "${PAGES[area]}" <<'PYTHON'
import json
import statistics
import sys
from pathlib import Path

work, runs, paths = Path(sys.argv[1]), int(sys.argv[2]), dict(zip(("home", "area"), sys.argv[3:5]))
METRICS = [
    ("first-contentful-paint", "FCP", "ms"),
    ("largest-contentful-paint", "LCP", "ms"),
    ("total-blocking-time", "TBT", "ms"),
    ("cumulative-layout-shift", "CLS", ""),
    ("speed-index", "SI", "ms"),
    ("dom-size", "DOM", " elements"),
]


def figure(report, audit, unit):
    value = report["audits"][audit]["numericValue"]
    return f"{value:.3f}" if not unit else f"{value:,.0f}{unit}"


def cell(report, audit, unit):
    value = report["audits"][audit]["numericValue"]
    return f"{value:.3f}" if not unit else f"{value:.0f}"


print(f"{'page':<28} {'run':>3} {'perf':>4} {'a11y':>4}  " + "  ".join(f"{label:>8}" for _, label, _ in METRICS))
for name, path in paths.items():
    reports = [json.loads((work / f"{name}.{run}.json").read_text()) for run in range(1, runs + 1)]
    scored = []
    for run, report in enumerate(reports, 1):
        perf = round(report["categories"]["performance"]["score"] * 100)
        a11y = round(report["categories"]["accessibility"]["score"] * 100)
        scored.append((perf, run, report))
        cells = "  ".join(f"{cell(report, audit, unit):>8}" for audit, _, unit in METRICS)
        print(f"{path:<28} {run:>3} {perf:>4} {a11y:>4}  {cells}")
    perf, run, report = sorted(scored, key=lambda item: item[0])[(len(scored) - 1) // 2]
    median = statistics.median(score for score, _, _ in scored)
    print(f"  median run of {path}: performance {perf} (median {median:g}), accessibility "
          f"{round(report['categories']['accessibility']['score'] * 100)}; "
          + ", ".join(f"{label} {figure(report, audit, unit)}" for audit, label, unit in METRICS))
    failed = [a["title"] for a in report["audits"].values()
              if a.get("scoreDisplayMode") == "binary" and a.get("score") == 0 and a["id"] in
              {r["id"] for r in report["categories"]["accessibility"]["auditRefs"]}]
    if failed:
        print("  accessibility audits failed: " + "; ".join(failed))
    tasks = report["audits"].get("long-tasks", {}).get("details", {}).get("items", [])[:5]
    if tasks:
        print("  longest main-thread tasks: " + "; ".join(
            f"{t['duration']:.0f} ms at {t['startTime']:.0f} ms ({t['url'].rsplit('/', 1)[-1] or t['url']})"
            for t in tasks))
    scripts = report["audits"].get("bootup-time", {}).get("details", {}).get("items", [])[:4]
    if scripts:
        print("  JavaScript time: " + "; ".join(
            f"{s['url'].rsplit('/', 1)[-1] or s['url']} {s['total']:.0f} ms" for s in scripts))
    env = report["environment"]
    print(f"  lighthouse {report['lighthouseVersion']}, {report['configSettings']['formFactor']}, "
          f"CPU slowdown ×{report['configSettings']['throttling']['cpuSlowdownMultiplier']}, "
          f"benchmark index {env['benchmarkIndex']:.0f}")
PYTHON
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg); $DATABASE_URL"
