"""The first screen of an area page in Chromium, on a 360 px phone and a 1280 px desktop, in both languages: the
level, since when, how current the figures are, the action card and a number to call, without scrolling."""

import pytest
from playwright.sync_api import expect

from .builders import TAN_THANH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {360: 740, 1280: 900}
WORDS = {
    "vi": {
        "level": "Mức 3 · Nguy cơ cao",
        "since": "từ ngày 16/06/2021",
        "data": "Số liệu đến ngày 15/06/2021",
        "now": "Việc cần làm ngay",
    },
    "en": {
        "level": "Level 3 · High risk",
        "since": "since 16/06/2021",
        "data": "Data up to 15/06/2021",
        "now": "What to do now",
    },
}


def in_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("width", SIZES)
def test_it_shows_level_since_freshness_and_a_number_to_call_without_scrolling(
    page, live_server, published, language, width, artifacts
):
    page.set_viewport_size({"width": width, "height": SIZES[width]})
    prefix = "/en" if language == "en" else ""
    page.goto(f"{live_server.url}{prefix}/khu-vuc/{TAN_THANH}/")
    words = WORDS[language]
    card = page.locator(".action-card")
    expect(card.locator(".action-card__level")).to_contain_text(words["level"])
    expect(card.locator(".action-card__since")).to_have_text(words["since"])
    expect(card.locator(".freshness__date")).to_have_text(words["data"])
    call = card.locator('a[href^="tel:"]').first
    for locator in (
        card.locator(".action-card__level"),
        card.locator(".action-card__since"),
        card.locator(".freshness__date"),
        call,
    ):
        assert in_first_screen(page, locator), f"{locator} is below the first screen at {width} px"
    expect(card).to_contain_text(words["now"])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"public-first-screen-{language}-{width}.png")
