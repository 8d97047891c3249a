#!/usr/bin/env bash
# Start PostgreSQL with PostGIS and Redis on loopback for the tests (idempotent).
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
pg_isready -h 127.0.0.1 -p 5432
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'covidmaps') THEN
    CREATE ROLE covidmaps LOGIN SUPERUSER PASSWORD 'covidmaps';
  END IF;
END $$;
SELECT 'CREATE DATABASE covidmaps OWNER covidmaps' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'covidmaps')\gexec
SQL
su postgres -c "psql -q -d template1 -c 'CREATE EXTENSION IF NOT EXISTS postgis'"
su postgres -c "psql -q -d covidmaps -c 'CREATE EXTENSION IF NOT EXISTS postgis'"
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping
