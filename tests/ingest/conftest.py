"""Fixtures of the ingest tests: Lạng Sơn's units (no boundaries needed), recompute requests, files, a browser."""

import datetime
import json
import os
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable from the tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

UNITS = Path(settings.BASE_DIR) / "fixtures" / "langson_units_2021.json"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@cache
def _units() -> list[dict]:
    return [entry["fields"] | {"pk": entry["pk"]} for entry in json.loads(UNITS.read_text(encoding="utf-8"))]


@pytest.fixture
def langson(db):
    """Lạng Sơn's 2021 units (codes, names, parents, populations, validity), without boundaries: the ingest app
    never reads geometry, and this loads in milliseconds instead of seconds."""
    from django.contrib.gis.geos import GEOSGeometry

    from areas.models import Area
    from areas.text import fold

    if not Area.objects.filter(code="20").exists():
        by_pk: dict[int, Area] = {}
        for kind in ("province", "district", "commune"):
            batch = [
                (
                    unit["pk"],
                    Area(
                        code=unit["code"],
                        kind=kind,
                        name=unit["name"],
                        type_label=unit["type_label"],
                        parent=by_pk.get(unit.get("parent")),
                        population=unit["population"],
                        external=unit["external"],
                        valid_from=unit.get("valid_from"),
                        valid_to=unit.get("valid_to"),
                        search_name=fold(unit["name"]),
                        point=GEOSGeometry(unit["point"]) if unit.get("point") else None,
                    ),
                )
                for unit in _units()
                if unit["kind"] == kind
            ]
            Area.objects.bulk_create([area for _pk, area in batch])
            by_pk.update(batch)
    return Area.objects.get(code="20")


@pytest.fixture
def staff_groups(transactional_db):
    """Bring back the staff groups of migration 0002 for tests on committed data (live server, Celery worker): each
    such test ends by emptying every table, and serialized rollback does not survive Playwright's greenlets."""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    for name, codes in import_module("ingest.migrations.0002_staff_groups").GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                [
                    Permission.objects.get(content_type__app_label=code.split(".")[0], codename=code.split(".")[1])
                    for code in codes
                ]
            )
            health = import_module("ingest.migrations.0004_reportimport_download_original")
            if name in health.HEALTH_GROUPS:
                group.permissions.add(
                    Permission.objects.get(content_type__app_label="ingest", codename=health.CODENAME)
                )
    for name, codes in import_module("ingest.migrations.0006_quality_permissions").GROUPS.items():
        Group.objects.get(name=name).permissions.add(
            *[
                Permission.objects.get(content_type__app_label=code.split(".")[0], codename=code.split(".")[1])
                for code in codes
            ]
        )


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Uploaded files go to a temporary folder, never the project's var/; personas hash passwords fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def recompute_requests():
    """Record the data dates each committed write announces, in place of the risk app (which tests its own side)."""
    from ingest.models import DataChange
    from ingest.signals import data_changed
    from risk.scheduling import on_data_changed

    calls: list[set[datetime.date]] = []

    def record(sender, **kwargs):
        rows = list(DataChange.objects.values_list("pk", "date"))
        if rows:
            calls.append({day for _pk, day in rows})
            DataChange.objects.filter(pk__in=[pk for pk, _day in rows]).delete()

    data_changed.disconnect(dispatch_uid="risk-take-data-changes")
    data_changed.connect(record, dispatch_uid="test-record-data-changes", weak=False)
    yield calls
    data_changed.disconnect(dispatch_uid="test-record-data-changes")
    data_changed.connect(on_data_changed, dispatch_uid="risk-take-data-changes")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (Playwright cannot download its own here)."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A laptop screen, in Vietnamese."""
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "vi-VN"}


@pytest.fixture
def logged_in_page(page, live_server, client, settings):
    """Return a function that logs a persona into the browser (through its session cookie) and gives the page."""
    settings.MAP_TILE_URL = ""

    def login(user):
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return login


@pytest.fixture
def artifacts() -> Path:
    folder = Path(settings.BASE_DIR) / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder
