"""docker-compose.yml is kept valid without a Docker engine: its services, commands and environment are checked
against the code and the settings the application reads."""

import importlib
import json
import os
import re
import runpy
import subprocess
import sys
from urllib.parse import urlsplit

import dj_database_url
import pytest
from celery import Celery
from celery.app.utils import find_app
from django.core.management import load_command_class

from .deployfiles import (
    APP_SERVICES,
    ROOT,
    app_environment,
    compose,
    env_example,
    image_environment,
    interpolate,
    interpolated_names,
    nginx_conf,
    nginx_location,
    service,
    settings_environment_names,
    volume_mounts,
)

PRODUCTION_NEEDS = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS")


def command(name: str) -> list[str]:
    value = service(name)["command"]
    return value if isinstance(value, list) else value.split()


def test_it_defines_the_production_services():
    assert set(compose()["services"]) == {"postgis", "redis", "nginx", "web", "worker", "beat"}
    assert service("postgis")["image"].startswith("postgis/postgis:")
    assert service("redis")["image"].startswith("redis:")
    assert service("nginx")["image"].startswith("nginx:")
    for name in APP_SERVICES:
        assert service(name)["build"] == "." and service(name)["restart"] == "unless-stopped"


def test_it_gives_every_service_a_healthcheck():
    for name, definition in compose()["services"].items():
        assert definition.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_it_serves_web_with_gunicorn_on_the_wsgi_application():
    argv = command("web")
    assert argv[0] == "gunicorn"
    config = argv[argv.index("--config") + 1]
    assert (ROOT / config).is_file()
    module_name, _, attribute = argv[-1].partition(":")
    application = getattr(importlib.import_module(module_name), attribute)
    assert callable(application)
    assert runpy.run_path(str(ROOT / config))["bind"] == "0.0.0.0:8000"


@pytest.mark.parametrize("name, role", [("worker", "worker"), ("beat", "beat")])
def test_it_runs_celery_from_the_covidmaps_app(name, role):
    argv = command(name)
    assert argv[:2] == ["celery", "-A"] and argv[3] == role
    assert isinstance(find_app(argv[2]), Celery)


def test_it_keeps_the_beat_schedule_on_a_volume():
    schedule = next(arg.split("=", 1)[1] for arg in command("beat") if arg.startswith("--schedule="))
    assert os.path.dirname(schedule) in volume_mounts("beat").values()


def test_it_sets_only_variables_the_settings_read():
    read = settings_environment_names()
    for name in APP_SERVICES:
        unknown = set(service(name)["environment"]) - read
        assert not unknown, f"{name} sets {sorted(unknown)}, which covidmaps/settings.py never reads"


def test_it_sets_what_production_needs_for_every_app_service():
    for name in APP_SERVICES:
        environment = app_environment(name)
        for variable in PRODUCTION_NEEDS:
            assert environment.get(variable), f"{name} does not set {variable}"
        assert environment["DEBUG"] == "0" and environment["HTTPS"] == "1" and environment["PROXY_COUNT"] == "1"


def test_it_points_the_app_at_the_postgis_and_redis_services():
    environment = app_environment("web")
    database = dj_database_url.parse(environment["DATABASE_URL"])
    assert database["ENGINE"] == "django.contrib.gis.db.backends.postgis"
    assert database["HOST"] == "postgis" and database["PORT"] == 5432
    assert database["USER"] == service("postgis")["environment"]["POSTGRES_USER"]
    assert database["NAME"] == service("postgis")["environment"]["POSTGRES_DB"]
    assert database["PASSWORD"] == env_example()["POSTGRES_PASSWORD"]
    redis_url = urlsplit(environment["REDIS_URL"])
    assert (redis_url.scheme, redis_url.hostname, redis_url.port) == ("redis", "redis", 6379)
    assert redis_url.password == env_example()["REDIS_PASSWORD"]


def test_it_takes_secrets_only_from_the_env_file():
    raw = service("web")["environment"]
    assert raw["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in raw["DATABASE_URL"] and "${REDIS_PASSWORD:?" in raw["REDIS_URL"]
    assert service("postgis")["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert service("redis")["environment"]["REDIS_PASSWORD"].startswith("${REDIS_PASSWORD:?")
    with pytest.raises(ValueError, match="SECRET_KEY"):
        app_environment("web", environment={})


def test_it_documents_every_variable_it_interpolates_in_the_env_example():
    used = interpolated_names((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    # $$REDIS_PASSWORD and $$HOSTNAME are read inside containers; the rest comes from .env.
    missing = used - set(env_example()) - {"REDIS_PASSWORD", "HOSTNAME"}
    assert not missing, f"deploy/env.example lacks {sorted(missing)}"
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        assert "replace" in env_example()[name], f"{name} in deploy/env.example must be a placeholder"


def test_the_settings_load_in_production_from_the_compose_environment():
    environment = {"PATH": os.environ["PATH"], **image_environment(), **app_environment("web")}
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'origins': s.CSRF_TRUSTED_ORIGINS, "
        "'postgis': s.USING_POSTGIS, 'cache': s.CACHES['default']['BACKEND'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
        "'redirect': s.SECURE_SSL_REDIRECT, 'secure_cookies': s.SESSION_COOKIE_SECURE, "
        "'media': str(s.MEDIA_ROOT), 'published': str(s.PUBLISHED_ROOT)}))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {
        "debug": False,
        "hosts": [env_example()["SITE_HOST"]],
        "origins": [f"https://{env_example()['SITE_HOST']}"],
        "postgis": True,
        "cache": "ops.cache.SharedClientRedisCache",
        "eager": False,
        "redirect": True,
        "secure_cookies": True,
        "media": "/srv/media",
        "published": "/srv/published",
    }


def test_it_shares_uploads_and_published_files_through_volumes():
    environment = app_environment("web")
    for name in ("web", "worker"):
        assert volume_mounts(name)["media"] == environment["MEDIA_ROOT"]
        assert volume_mounts(name)["published"] == environment["PUBLISHED_ROOT"]
    assert "media" not in volume_mounts("nginx"), "nginx must never see uploaded files"
    for volume, prefix in (("published", "/published/"), ("static", "/static/")):
        alias = re.search(r"alias\s+([^;]+);", nginx_location(prefix)).group(1)
        assert volume_mounts("nginx")[volume] == alias.rstrip("/")
    assert volume_mounts("web")["static"] == "/srv/static"
    assert set(compose()["volumes"]) >= {"pgdata", "redisdata", "media", "published", "static", "beat"}


def test_nginx_proxies_to_the_web_service_and_serves_static_and_published_files():
    conf = nginx_conf()
    upstreams = set(re.findall(r"set\s+\$web\s+http://([\w.-]+):(\d+);", conf))
    assert upstreams == {("web", "8000")}
    assert re.search(r"location\s+/\s*\{[^}]*proxy_pass\s+\$web;", conf)
    assert "alias" in nginx_location("/static/") and "alias" in nginx_location("/published/")
    assert "max-age=31536000" in nginx_location("/published/")
    assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", conf)
    assert re.search(r"proxy_set_header\s+X-Forwarded-Proto\s+\$scheme;", conf)
    assert volume_mounts("nginx")["./deploy/nginx.conf"] == "/etc/nginx/nginx.conf"


def test_the_healthchecks_call_commands_that_exist():
    beat = service("beat")["healthcheck"]["test"]
    assert beat[1:4] == ["python", "manage.py", "healthcheck"]
    parser = load_command_class("ops", "healthcheck").create_parser("manage.py", "healthcheck")
    assert parser.parse_args(beat[4:]).require == ["database", "broker"]
    assert "celery -A covidmaps inspect ping" in service("worker")["healthcheck"]["test"][1]
    assert "/healthz" in " ".join(service("web")["healthcheck"]["test"])


def test_interpolation_follows_compose_rules():
    assert interpolate("a${X:-d}b$$c${Y-e}", {"Y": ""}) == "adb$c"
    with pytest.raises(ValueError, match="X is required: say so"):
        interpolate("${X:?say so}", {"X": ""})
