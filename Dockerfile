# syntax=docker/dockerfile:1
# The covidmaps image. web (gunicorn), worker and beat (Celery) all run it; see docker-compose.yml and
# docs/operations.md. Build: docker compose build
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=covidmaps.settings

# GDAL, GEOS and PROJ for GeoDjango; SpatiaLite for the embedded backend; gettext for the translations; the
# PostgreSQL 15 client tools (the postgis service's major version) for `manage.py backup` and `restore`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gdal-bin libsqlite3-mod-spatialite binutils gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The pinned dependencies in a layer of their own, so that a code change rebuilds in seconds.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# The settings refuse to load without a key; this one exists only during the build and is never served.
RUN SECRET_KEY=build-only DEBUG=0 python manage.py compilemessages -v 0 \
 && SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --noinput -v 0 \
 && groupadd --system --gid 1000 app \
 && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /srv/static /srv/media /srv/published /srv/beat /srv/backups \
 && chown app:app /srv/static /srv/media /srv/published /srv/beat /srv/backups

# The code stays owned by root: a compromised process cannot rewrite it.
USER app
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "covidmaps.wsgi:application"]
