"""Search in Chromium at 360 px and 1280 px, in both languages: suggestions while typing, the results page without
JavaScript, "find my commune" by the browser's location; no page scrolls sideways on a phone; axe on the search page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .builders import TAN_THANH, VAN_LANG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SIZES = {"360": PHONE, "1280": DESKTOP}
LANGUAGES = {
    "vi": ("", "Tìm xã, phường, thị trấn", "Mức 3 · Nguy cơ cao", "Tìm xã của tôi"),
    "en": ("/en", "Find a commune, ward or town", "Level 3 · High risk", "Find my commune"),
}
TAN_THANH_HUU_LUNG = "06442"
MINH_SON_HUU_LUNG = "06448"


@pytest.fixture
def site(live_server, published):
    return live_server.url


def suggestions(page):
    return page.locator("#site-search-list [role=option]")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "query, code, name",
    [
        ("tan thanh huu lung", TAN_THANH_HUU_LUNG, "Xã Tân Thành"),
        ("minh son huu lung", MINH_SON_HUU_LUNG, "Xã Minh Sơn"),
        ("tanthanh huulung", TAN_THANH_HUU_LUNG, "Xã Tân Thành"),
        ("tan thnah van lang", TAN_THANH, "Xã Tân Thanh"),
    ],
)
def test_it_suggests_the_commune_while_typing(page, site, artifacts, size, language, query, code, name):
    prefix, label, _, _ = LANGUAGES[language]
    page.set_viewport_size(SIZES[size])
    page.goto(site + prefix + "/tim-kiem/")
    page.get_by_label(label).press_sequentially(query, delay=10)
    options = suggestions(page)
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text(name)
    expect(options.first).to_contain_text("Huyện Hữu Lũng" if code != TAN_THANH else "Huyện Văn Lãng")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    if query == "tan thanh huu lung":
        page.screenshot(path=artifacts / f"search-suggest-{language}-{size}.png")
    page.get_by_label(label).press("ArrowDown")
    page.get_by_label(label).press("Enter")
    expect(page).to_have_url(f"{site}{prefix}/khu-vuc/{code}/")
    expect(page.locator("h1")).to_have_text(name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_tells_the_three_tan_thanh_apart_with_full_labels(page, site, artifacts, language):
    prefix, label, level_3, _ = LANGUAGES[language]
    page.set_viewport_size(PHONE)
    page.goto(site + prefix + "/tim-kiem/")
    page.get_by_label(label).press_sequentially("tan thanh", delay=10)
    options = suggestions(page)
    expect(options).to_have_count(4)
    for district in ("Huyện Hữu Lũng", "Huyện Cao Lộc", "Huyện Bắc Sơn", "Huyện Văn Lãng"):
        expect(options.filter(has_text=district)).to_have_count(1)
    badge = options.filter(has_text="Huyện Văn Lãng").locator(".level")
    # The same words as the badges of the pages (the Decision's "mức", the level's full name).
    expect(badge).to_have_text(level_3)
    box = badge.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.screenshot(path=artifacts / f"search-tan-thanh-{language}-360.png")


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_searches_without_javascript(browser, site, artifacts, language):
    prefix, label, _, locate = LANGUAGES[language]
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site + prefix + "/")
    expect(page.get_by_role("button", name=locate)).to_be_hidden()
    page.get_by_label(label).fill("tan thanh")
    page.get_by_label(label).press("Enter")
    results = page.locator(".search-results li")
    expect(results).to_have_count(4)
    expect(results.filter(has_text="Huyện Hữu Lũng")).to_contain_text("Xã Tân Thành")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / f"search-no-javascript-{language}-360.png", full_page=True)
    page.get_by_label(label).fill("minh son huu lung")
    page.get_by_label(label).press("Enter")
    expect(page).to_have_url(f"{site}{prefix}/khu-vuc/{MINH_SON_HUU_LUNG}/")
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_finds_my_commune_from_the_browser_location(browser, site, language):
    from areas.models import Area

    prefix, _, _, locate = LANGUAGES[language]
    inside = Area.objects.get(code=TAN_THANH_HUU_LUNG).geometry.point_on_surface
    context = browser.new_context(
        viewport=PHONE, geolocation={"latitude": inside.y, "longitude": inside.x}, permissions=["geolocation"]
    )
    page = context.new_page()
    sent = []
    page.on("request", lambda request: sent.append((request.method, request.url)))
    page.goto(site + prefix + "/")
    page.get_by_role("button", name=locate).click()
    expect(page).to_have_url(f"{site}{prefix}/khu-vuc/{TAN_THANH_HUU_LUNG}/")
    # The position travels in a POST body, never in an address.
    assert all("lat=" not in url for _, url in sent)
    assert ("POST", f"{site}{prefix}/tim-kiem/vi-tri/") in sent
    context.close()


def test_it_says_when_the_location_is_refused(browser, site):
    context = browser.new_context(viewport=PHONE)  # no permission granted
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_role("button", name="Tìm xã của tôi").click()
    expect(page.locator(".site-search__locate-status")).to_contain_text("Không lấy được vị trí")
    context.close()


PAGES = [
    f"/?huyen={VAN_LANG}",
    f"/khu-vuc/{TAN_THANH}/",
    f"/khu-vuc/{VAN_LANG}/",
    "/tim-kiem/?q=tan+thanh",
    "/bien-phap/",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_it_never_scrolls_sideways_on_a_phone(page, site, artifacts, language, path):
    prefix, _, level_3, _ = LANGUAGES[language]
    page.set_viewport_size(PHONE)
    page.goto(site + prefix + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if path.startswith("/?"):  # the home page's table, paged: Văn Lãng's communes
        row = page.locator("table.table--communes tbody tr").filter(has_text="Xã Tân Thanh")
        badge = row.locator(".level")
        expect(badge).to_have_text(level_3)
        box = badge.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]
        expect(row).to_contain_text("16/06/2021")
        row.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / f"phone-home-table-{language}.png")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_no_accessibility_violation_on_the_search_page(page, site, artifacts, width, language):
    prefix, label, _, _ = LANGUAGES[language]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + prefix + "/tim-kiem/?q=tan+thanh")
    page.get_by_label(label).fill("")
    page.get_by_label(label).press_sequentially("tan thanh", delay=10)
    expect(suggestions(page)).to_have_count(4)
    results = Axe().run(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} – " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
    ]
    page.screenshot(path=artifacts / f"search-axe-{language}-{width}.png")
    assert not found, "\n".join(found)
