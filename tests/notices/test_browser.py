"""In Chromium: an editor logs into the admin, writes, previews and publishes a notice; readers then find it."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from notices.models import Notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
TITLE = "Tạm dừng chợ phiên xã Hữu Liên"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"notices-{name}.png"), full_page=True)


def test_it_lets_an_editor_write_preview_and_publish_a_notice_readers_then_find(live_server, page, langson, editor):
    base = live_server.url
    page.goto(f"{base}/admin/login/?next=/admin/notices/notice/add/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")

    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Chợ phiên xã Hữu Liên tạm dừng trong 14 ngày.")
    page.fill("#id_body", "Từ ngày mai, **chợ phiên** tạm dừng.\n\n- Giữ khoảng cách 2 m\n- Khai báo y tế")
    page.click("#id_areas + .select2 .select2-selection")
    page.keyboard.type("Hữu Liên")
    page.locator(".select2-results__option", has_text="Xã Hữu Liên").click()
    page.check("input[name=levels][value='3']")
    page.check("#id_pinned")
    shot(page, "1-admin-write")
    page.click("input[name=_preview]")

    expect(page.locator(".notice-preview")).to_contain_text("Bản xem trước")
    expect(page.locator(".notice-body strong")).to_have_text("chợ phiên")
    shot(page, "2-preview")
    assert Notice.objects.get().status == Notice.Status.DRAFT
    page.click("text=Đăng ngay")

    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".notice-preview")).to_have_count(0)
    shot(page, "3-published")
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.PUBLISHED and notice.author == editor

    reader = page.context.browser.new_page()
    for name, path in [("4-list", "/thong-bao/"), ("5-area", "/khu-vuc/06388/"), ("6-list-en", "/en/thong-bao/")]:
        reader.goto(base + path)
        expect(reader.locator(f"main a:has-text('{TITLE}')").first).to_be_visible()
        expect(reader.locator(".notice-banner")).to_contain_text(TITLE)
        shot(reader, name)

    reader.goto(base + "/")
    notices = reader.locator(".home-notices")
    expect(notices.locator(f"a:has-text('{TITLE}')")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    reader.locator(".notice-banner").screenshot(path=str(ARTIFACTS / "notices-7-home-banner.png"))
    notices.screenshot(path=str(ARTIFACTS / "notices-8-home-notices.png"))

    # Another commune's page carries the pinned banner, but not the notice among its own.
    reader.goto(base + "/khu-vuc/06391/")
    own_notices = f"xpath=//main//a[contains(., '{TITLE}') and not(ancestor::*[contains(@class, 'notice-banner')])]"
    expect(reader.locator(own_notices)).to_have_count(0)
    expect(reader.locator(".notice-banner")).to_contain_text(TITLE)
