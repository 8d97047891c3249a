# covidmaps: `make run` serves the demo on an embedded database; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300
SHARED_BOUNDARIES := $(abspath ../shared/data/langson)
export COVIDMAPS_BOUNDARIES ?= $(if $(wildcard $(SHARED_BOUNDARIES)/langson_communes.geojson),$(SHARED_BOUNDARIES),)

GIS_PACKAGES := binutils gdal-bin libsqlite3-mod-spatialite python3-venv gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := postgresql postgresql-postgis redis-server chromium chromium-driver
BENCH_PACKAGES := wrk nginx

PG_URL := postgis://covidmaps:covidmaps@127.0.0.1:5432/covidmaps
REDIS_TEST_URL := redis://127.0.0.1:6379/0
SPATIALITE_TEST_URL := spatialite:///$(abspath var/test.sqlite3)

.PHONY: help run test test-postgis test-spatialite system-packages test-packages services venv messages bench checks

help:
	@echo "make run   — set up everything and serve the demo on http://127.0.0.1:8000 (SpatiaLite)"
	@echo "make test  — set up PostGIS, Redis and Chromium, then run every test"
	@echo "make bench — run the benchmarks under bench/ and print their figures"

# Install Debian packages only when one is missing, so that a second run is fast.
define apt_ensure
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; \
	  $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $$missing; fi
endef

system-packages:
	$(call apt_ensure,$(GIS_PACKAGES))

test-packages: system-packages
	$(call apt_ensure,$(TEST_PACKAGES) $(BENCH_PACKAGES))

$(VENV)/.installed: pyproject.toml
	@dpkg -s python3-venv >/dev/null 2>&1 || $(MAKE) system-packages
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

venv: system-packages $(VENV)/.installed

messages: venv
	@SECRET_KEY=compilemessages $(PY) manage.py compilemessages --ignore=.venv -v 0

run: venv messages
	@mkdir -p var
	@test -f .env.local || { echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env.local; }
	@set -a; . ./.env.local; set +a; export HTTPS=0 DEBUG=0; \
	  $(PY) manage.py migrate -v 0 && \
	  $(PY) manage.py setup_demo && \
	  $(PY) manage.py collectstatic --noinput -v 0 && \
	  $(PY) manage.py demo_admin && \
	  echo "Serving on http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/)" && \
	  exec $(VENV)/bin/gunicorn covidmaps.wsgi --bind 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile -

services: test-packages
	@bash .ci/services.sh

test: venv messages services
	@mkdir -p var/static artifacts
	$(MAKE) --no-print-directory checks
	$(MAKE) --no-print-directory test-postgis
	$(MAKE) --no-print-directory test-spatialite

# The habits: imports follow the flow (import-linter contracts in pyproject.toml), ruff's lint and format, and
# no model change without its migration.
checks: venv
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DATABASE_URL=$(SPATIALITE_TEST_URL) REDIS_URL= SECRET_KEY=test $(PY) manage.py makemigrations --check --dry-run -v 1

# The whole suite on PostGIS + Redis with real Celery workers and Chromium. The fault tests stop and start
# their own Redis and workers, so they run in a process of their own.
TEST_ENV := SECRET_KEY=test DEBUG=0 HTTPS=0 STATIC_MANIFEST=0
test-postgis:
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(TEST_ENV) $(PY) -m pytest -q --ignore=tests/faults
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(TEST_ENV) $(PY) -m pytest -q tests/faults

# The core of the suite again on the embedded SpatiaLite, without Redis (eager tasks, local-memory cache).
test-spatialite:
	DATABASE_URL=$(SPATIALITE_TEST_URL) REDIS_URL= $(TEST_ENV) $(PY) -m pytest -q -m "not browser and not services"

# The Lighthouse CLI (bench/lighthouse.sh), pinned, in a folder of its own; node and npm from Debian if missing.
LIGHTHOUSE := bench/.node/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	@command -v npm >/dev/null || { $(APT) update -qq && $(APT) install -y -qq --no-install-recommends nodejs npm; }
	npm install --prefix bench/.node --no-audit --no-fund --silent lighthouse@12.8.2

bench: venv services $(LIGHTHOUSE)
	@for b in bench/*.py; do echo "== $$b"; DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) SECRET_KEY=bench $(PY) $$b || exit 1; done
	@for b in bench/*.sh; do echo "== $$b"; bash $$b || exit 1; done
