"""In Chromium: an approver reviews a date's proposed levels in the admin and publishes them."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from risk.models import Publication

from .conftest import D, World, restore_migrated_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# pytest-django's live_server runs in a thread that Playwright's sync API reaches from an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
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
def migrated_data(transactional_db):
    restore_migrated_data()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"risk-{name}.png"), full_page=True)


def test_it_lets_an_approver_review_and_publish_a_dates_levels(live_server, page, approver):
    from risk.services.recompute import recompute

    world = World()
    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    world.report("TC22", D(2021, 6, 10), community_f1=2)
    recompute(dates=[D(2021, 6, 10)])
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )

    page.goto(f"{live_server.url}/admin/login/?next=/admin/risk/publication/")
    page.fill("#id_username", approver.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.click("text=Xem xét và công bố cấp độ")
    expect(page.locator("#content-main tbody tr").first).to_contain_text("Chờ phê duyệt")
    shot(page, "1-dates")

    page.click("#content-main a:has-text('10/06/2021')")
    expect(page.locator("#content-main h2").first).to_contain_text("8 đơn vị thay đổi cấp độ")
    expect(page.locator(".risk-changes")).to_contain_text("Có 1 chùm ca F0 chưa rõ nguồn lây")
    expect(page.locator(".risk-changes")).to_contain_text("4 – Nguy cơ rất cao")
    page.fill("#id_effective_at", "2021-06-11T00:00")
    page.fill("#id_note", "Theo họp Ban Chỉ đạo tỉnh")
    shot(page, "2-review")
    page.click("input[type=submit][value='Phê duyệt và công bố']")

    expect(page.locator(".messagelist")).to_contain_text("Đã công bố cấp độ theo số liệu ngày 10/06/2021")
    expect(page.locator("body")).to_contain_text("Xã Một Hai")
    shot(page, "3-published")
    publication = Publication.objects.get()
    assert publication.published_by == approver and publication.data_date == D(2021, 6, 10)
    assert blocked == []
