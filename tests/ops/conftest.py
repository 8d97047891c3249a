"""Fixtures of the operations tests: an empty database to restore into, and a tmp MEDIA_ROOT."""

import uuid

import pytest

# shapely must load its bundled GEOS before SpatiaLite loads Debian's older one, or shapely calls into the older
# library and loading Lạng Sơn's boundaries fails on SpatiaLite; importing it at collection keeps that order.
import shapely  # noqa: F401
from django.conf import settings as django_settings
from django.db import connections

UPLOAD = "ma_xa,ngay,f0\n05971,2021-06-15,3\n".encode()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the test's backend under the alias restore_target; dropped afterwards."""
    alias = "restore_target"
    default = connections["default"]
    # A connection of its own, in autocommit: CREATE DATABASE cannot run inside the test's transaction.
    admin = default.copy()
    if django_settings.USING_POSTGIS:
        name = f"covidmaps_ops_restore_{uuid.uuid4().hex[:10]}"
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
    else:
        name = str(tmp_path / "restored.sqlite3")
    # Set as a connection but not declared in DATABASES: Django's test isolation lets such a connection through.
    target = type(default)({**default.settings_dict, "NAME": name}, alias)
    connections[alias] = target
    try:
        yield alias
    finally:
        target.close()
        del connections[alias]
        if django_settings.USING_POSTGIS:
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
