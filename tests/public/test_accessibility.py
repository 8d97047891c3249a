"""axe-core in Chromium on eight public pages: no violation of any impact, on a desktop and on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .builders import TAN_THANH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "area": f"/khu-vuc/{TAN_THANH}/",
    "district": "/khu-vuc/182/",
    "province": "/khu-vuc/20/",
    "measures": "/bien-phap/",
    "method": "/phuong-phap/",
    "open-data": "/du-lieu-mo/",
    "notices": "/thong-bao/",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_accessibility_violation(page, live_server, published, announced, axe, name, width, artifacts):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + PAGES[name])
    if page.locator("#map").count():
        page.locator("#map").scroll_into_view_if_needed()  # the map is drawn when it comes near the screen
        expect(page.locator("#map[data-ready=true]")).to_be_attached(timeout=20000)
        page.evaluate("window.scrollTo(0, 0)")
    results = axe.run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]
    page.screenshot(path=artifacts / f"public-axe-{name}-{width}.png")
    assert not serious, "\n".join(serious)
