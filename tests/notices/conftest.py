"""Fixtures for the notices tests: a small area tree, a notice factory, Playwright on the system's Chromium."""

import copy
import os
import shutil
from types import SimpleNamespace

import pytest

# Playwright's sync API keeps an event loop running in the main thread for the whole session, and the tests (and
# their database teardown) read the database from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CONTEXT_PROCESSOR = "notices.context_processors.pinned_notices"
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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browsers are not installed: use the system's Chromium.
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def notice_settings(settings):
    from django.core.cache import cache
    from django.utils import translation

    # Public pages are cached per site version: no test may see another's pages.
    cache.clear()
    # A request under /en/ leaves English active in the thread: start every test in Vietnamese.
    translation.activate(settings.LANGUAGE_CODE)
    settings.MAP_TILE_URL = ""
    options = settings.TEMPLATES[0]["OPTIONS"]
    if CONTEXT_PROCESSOR not in options["context_processors"]:
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["OPTIONS"]["context_processors"].append(CONTEXT_PROCESSOR)
        settings.TEMPLATES = templates


@pytest.fixture
def places(db):
    """Lạng Sơn, two of its districts and two communes of Hữu Lũng (no boundaries: enough for notices)."""
    from areas.models import Area

    def make(code, kind, name, type_label, parent=None):
        return Area.objects.create(code=code, kind=kind, name=name, type_label=type_label, parent=parent)

    province = make("20", "province", "Tỉnh Lạng Sơn", "Tỉnh")
    city = make("178", "district", "Thành phố Lạng Sơn", "Thành phố", province)
    huu_lung = make("186", "district", "Huyện Hữu Lũng", "Huyện", province)
    huu_lien = make("06388", "commune", "Xã Hữu Liên", "Xã", huu_lung)
    yen_binh = make("06391", "commune", "Xã Yên Bình", "Xã", huu_lung)
    hoang_van_thu = make("05971", "commune", "Phường Hoàng Văn Thụ", "Phường", city)
    return SimpleNamespace(
        province=province,
        city=city,
        huu_lung=huu_lung,
        huu_lien=huu_lien,
        yen_binh=yen_binh,
        hoang_van_thu=hoang_van_thu,
    )


@pytest.fixture
def make_notice(editor):
    """Create a notice through the services; publish=True publishes it (now, or at publish_at)."""
    from notices import services

    def make(title="Thông báo thử", body="Nội dung **thử**.", *, publish=False, user=None, **fields):
        notice = services.create_notice(title=title, body=body, author=user or editor, **fields)
        if publish:
            services.publish_notice(notice=notice, user=user or editor)
        return notice

    return make
