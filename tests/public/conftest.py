"""Fixtures of the public site: Lạng Sơn with published levels, and Chromium for the browser tests."""

import os

import pytest

from .builders import announce, declare, publish_demo, report_cases

# pytest-django's live_server runs the site in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


@pytest.fixture(autouse=True)
def public_settings(settings, tmp_path):
    """No tile server is reachable; map files go to a folder of the test's own; no page outlives its test."""
    from public import httpcache

    settings.MAP_TILE_URL = ""
    settings.PUBLISHED_ROOT = tmp_path / "published"

    httpcache.clear()
    yield settings
    httpcache.clear()


@pytest.fixture
def published(langson):
    """Two publications: data of 14/06/2021 (in force from 15/06) and of 15/06/2021 (from 16/06, in force now)."""
    return publish_demo()


@pytest.fixture
def announced(published):
    """A third publication, announced now and effective tomorrow: Tân Thanh goes to level 4."""
    return announce()


@pytest.fixture
def declared(langson):
    """Cao Bằng (04) declared level 2 by its own authorities for June 2021."""
    return declare()


@pytest.fixture
def reported(langson):
    """New cases reported in Tân Thanh in the days up to the second publication's data date."""
    return report_cases()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def artifacts():
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder
