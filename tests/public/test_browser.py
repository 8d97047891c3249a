"""The public site in Debian's Chromium: the map, its popups, search, the English switch, and no JavaScript at all."""

import pytest
from playwright.sync_api import expect

from risk.engine.levels import Level

from .builders import TAN_THANH, VAN_LANG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def site(live_server, published, declared):
    return live_server.url


def open_map(page, url):
    page.goto(url)
    # The map is fetched and drawn when it comes near the screen.
    page.locator("#map").scroll_into_view_if_needed()
    expect(page.locator("#map[data-ready=true]")).to_be_attached(timeout=20000)


def click_inside(page, selector: str) -> None:
    """Click a point inside an SVG path's fill (its bounding box centre may lie outside an irregular commune)."""
    point = page.evaluate(
        """(selector) => {
            const path = document.querySelector(selector);
            const box = path.getBBox(), matrix = path.getScreenCTM();
            for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
                const p = new DOMPoint(box.x + box.width * i / 20, box.y + box.height * j / 20);
                if (path.isPointInFill(p)) { const s = p.matrixTransform(matrix); return [s.x, s.y]; }
            }
            return null;
        }""",
        selector,
    )
    assert point, f"no point inside {selector}"
    page.mouse.click(*point)


def test_it_draws_200_communes_in_the_colours_of_their_levels(page, site, published, artifacts):
    _, current = published
    expected = {
        row.area.code: Level(row.level).colour.lower()
        for row in current.levels.select_related("area").filter(area__kind="commune")
    }
    page.set_viewport_size(DESKTOP)
    open_map(page, site + "/")
    drawn = page.eval_on_selector_all(
        "path.commune", "paths => paths.map(p => [p.dataset.code, p.getAttribute('fill')])"
    )
    assert len(drawn) == 200
    assert {code: fill.lower() for code, fill in drawn} == expected
    assert page.locator("path.neighbour").count() == 5
    page.screenshot(path=artifacts / "public-map-desktop.png")
    page.set_viewport_size(PHONE)
    open_map(page, site + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#map").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "public-map-360.png")


def test_it_opens_a_commune_popup_then_its_page(page, site, artifacts):
    page.set_viewport_size(DESKTOP)
    open_map(page, site + "/")
    page.locator("#map").scroll_into_view_if_needed()
    click_inside(page, f'path.commune[data-code="{TAN_THANH}"]')
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Xã Tân Thanh")
    expect(popup).to_contain_text("Mức 3 · Nguy cơ cao")
    expect(popup).to_contain_text("16/06/2021")
    page.wait_for_timeout(500)  # the popup fades in and the map pans to it
    page.screenshot(path=artifacts / "public-popup.png")
    popup.get_by_role("link").click()
    expect(page).to_have_url(site + f"/khu-vuc/{TAN_THANH}/")
    expect(page.locator("h1")).to_have_text("Xã Tân Thanh")
    expect(page.locator(".action-card__level")).to_contain_text("Mức 3 · Nguy cơ cao")
    expect(page.locator(".reasons")).to_contain_text("chưa rõ nguồn lây")
    expect(page.locator(".measures")).to_contain_text("Thực hiện nghiêm 5K")
    page.screenshot(path=artifacts / "public-area-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=artifacts / "public-area-360.png")


def test_it_finds_tan_thanh_from_tan_thanh(page, site, artifacts):
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    page.get_by_label("Tìm xã, phường, thị trấn").fill("tan thanh")
    page.get_by_role("button", name="Tìm", exact=True).click()
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Xã Tân Thanh", exact=True)).to_be_visible()
    expect(results).to_contain_text("Xã Tân Thành")
    page.screenshot(path=artifacts / "public-search-360.png")
    results.get_by_role("link", name="Xã Tân Thanh", exact=True).click()
    expect(page.locator("h1")).to_have_text("Xã Tân Thanh")


def test_it_switches_to_english(page, site, artifacts):
    page.set_viewport_size(DESKTOP)
    open_map(page, site + f"/khu-vuc/{TAN_THANH}/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(site + f"/en/khu-vuc/{TAN_THANH}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".action-card__level")).to_contain_text("Level 3 · High risk")
    expect(page.get_by_role("heading", name="Why this level")).to_be_visible()
    open_map(page, site + "/en/")
    expect(page.locator(".legend")).to_contain_text("New normal")
    page.screenshot(path=artifacts / "public-english.png")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(site + "/")


def test_it_shows_the_table_without_javascript(browser, site, artifacts):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/")
    expect(page.locator("#map")).to_be_hidden()
    rows = page.locator("table.table--communes tbody tr")
    expect(rows).to_have_count(25)  # 25 a page, the others a link away
    page.locator("select[name=huyen]").select_option("182")
    page.get_by_role("button", name="Lọc").click()
    expect(rows.first).to_contain_text("Huyện Văn Lãng")
    expect(rows.filter(has_text="Xã Tân Thanh")).to_contain_text("Mức 3 · Nguy cơ cao")
    page.locator("#bang").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "public-no-javascript-360.png")
    context.close()


DISTRICT_VIEW = """() => {
    const map = document.getElementById("map").getBoundingClientRect();
    const union = (paths) => paths.map((p) => p.getBoundingClientRect()).reduce((u, b) => ({
        left: Math.min(u.left, b.left), top: Math.min(u.top, b.top),
        right: Math.max(u.right, b.right), bottom: Math.max(u.bottom, b.bottom)
    }), { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity });
    const focus = [...document.querySelectorAll("path.commune--focus")];
    const outside = [...document.querySelectorAll("path.commune--outside")];
    return {
        map: { left: map.left, top: map.top, right: map.right, bottom: map.bottom },
        district: union(focus), province: union(focus.concat(outside)),
        focus: focus.length, outside: outside.length,
        focusOpacity: [...new Set(focus.map((p) => p.getAttribute("fill-opacity")))],
        outsideOpacity: [...new Set(outside.map((p) => p.getAttribute("fill-opacity")))]
    };
}"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "360"])
def test_the_district_map_fits_the_district_and_dims_the_communes_around_it(page, site, artifacts, size):
    from areas.models import Area

    communes = Area.objects.filter(parent__code=VAN_LANG, kind="commune").count()
    page.set_viewport_size(size)
    open_map(page, site + f"/khu-vuc/{VAN_LANG}/")
    view = page.evaluate(DISTRICT_VIEW)
    assert view["focus"] == communes and view["outside"] == 200 - communes
    box, district = view["map"], view["district"]
    # The whole district is in view (Leaflet's fit leaves a few pixels of padding) ...
    assert district["left"] >= box["left"] - 1 and district["right"] <= box["right"] + 1
    assert district["top"] >= box["top"] - 1 and district["bottom"] <= box["bottom"] + 1
    # ... and fills the map along one side at least: the view is the district's, not the province's,
    fill = max(
        (district["right"] - district["left"]) / (box["right"] - box["left"]),
        (district["bottom"] - district["top"]) / (box["bottom"] - box["top"]),
    )
    assert fill >= 0.75, view
    province = view["province"]
    assert province["left"] < box["left"] or province["right"] > box["right"] or province["top"] < box["top"], view
    # ... and the communes of other districts seen around it are dimmed.
    assert view["focusOpacity"] == ["0.9"] and view["outsideOpacity"] == ["0.3"]
    page.locator("#map").screenshot(path=artifacts / f"public-district-map-{size['width']}.png")
