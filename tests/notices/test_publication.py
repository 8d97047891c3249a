"""Scheduled publication at publish_at with nobody pressing a button, expiry, withdrawal, preview and the area filter."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from notices import selectors, services
from notices.models import Notice

from .moments import at


def detail(notice):
    return reverse("notices:detail", args=[notice.slug])


def test_it_shows_a_scheduled_notice_at_its_publish_time_without_anyone_acting(client, make_notice, places):
    with time_machine.travel(at(2021, 8, 5, 9, 0), tick=False):
        notice = make_notice(
            "Giãn cách xã hội tại huyện Hữu Lũng",
            areas=[places.huu_lung],
            publish=True,
            publish_at=at(2021, 8, 5, 20, 0),
        )
        assert notice.status == Notice.Status.SCHEDULED
        assert client.get(detail(notice)).status_code == 404
        assert notice.title not in client.get(reverse("notices:list")).content.decode()
        assert selectors.latest_notices(limit=5) == []

    with time_machine.travel(at(2021, 8, 5, 19, 59, 59), tick=False):
        assert client.get(detail(notice)).status_code == 404

    with time_machine.travel(at(2021, 8, 5, 20, 0), tick=False):
        page = client.get(detail(notice))
        assert page.status_code == 200 and "Giãn cách xã hội tại huyện Hữu Lũng" in page.content.decode()
        assert notice.title in client.get(reverse("notices:list")).content.decode()
        assert selectors.latest_notices(limit=5) == [notice]
        assert selectors.notices_for_area(area=places.huu_lien) == [notice]
        assert notice.title in client.get(reverse("notices:rss")).content.decode()


def test_it_takes_an_expired_notice_off_the_current_lists_but_keeps_its_page(client, make_notice, places):
    with time_machine.travel(at(2021, 8, 1, 8, 0), tick=False):
        notice = make_notice("Tạm dừng karaoke", areas=[places.city], publish=True, expires_at=at(2021, 8, 15, 0, 0))
    with time_machine.travel(at(2021, 8, 14, 23, 0), tick=False):
        assert selectors.notices_for_area(area=places.hoang_van_thu) == [notice]
    with time_machine.travel(at(2021, 8, 15, 0, 0), tick=False):
        assert selectors.notices_for_area(area=places.hoang_van_thu) == []
        assert selectors.latest_notices(limit=5) == []
        page = client.get(detail(notice))
        assert page.status_code == 200 and "đã hết hiệu lực" in page.content.decode()


def test_it_keeps_a_withdrawn_notice_page_with_a_clear_mark(client, make_notice, editor, places):
    notice = make_notice("Phong toả khu dân cư", areas=[places.huu_lien], pinned=True, publish=True)
    services.withdraw_notice(notice=notice, user=editor, reason="Đăng nhầm địa bàn.")

    page = client.get(detail(notice))
    html = page.content.decode()
    assert page.status_code == 200
    assert "ĐÃ THU HỒI" in html and "Đăng nhầm địa bàn." in html and "Phong toả khu dân cư" in html
    assert selectors.pinned_notices() == []
    assert selectors.notices_for_area(area=places.huu_lien) == []
    assert selectors.latest_notices(limit=5) == []
    listing = client.get(reverse("notices:list")).content.decode()
    assert "Phong toả khu dân cư" in listing and "Đã thu hồi" in listing

    english = client.get(f"/en{detail(notice)}").content.decode()
    assert "WITHDRAWN" in english


def test_it_rejects_a_withdrawal_without_a_reason_and_writes_nothing(make_notice, editor):
    notice = make_notice(publish=True)
    with pytest.raises(ValidationError):
        services.withdraw_notice(notice=notice, user=editor, reason="  ")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED and notice.withdrawn_at is None


def test_it_rejects_publishing_a_withdrawn_notice_again(make_notice, editor):
    notice = make_notice(publish=True)
    services.withdraw_notice(notice=notice, user=editor, reason="Sai nội dung.")
    with pytest.raises(ValidationError):
        services.publish_notice(notice=notice, user=editor)


def test_it_rejects_an_expiry_before_the_publish_time(make_notice):
    with pytest.raises(ValidationError) as error:
        make_notice(publish_at=at(2021, 8, 5, 20, 0), expires_at=at(2021, 8, 5, 8, 0))
    assert "expires_at" in error.value.message_dict
    assert not Notice.objects.exists()


def test_it_takes_a_scheduled_notice_back_to_draft_before_its_time(make_notice, editor):
    with time_machine.travel(at(2021, 8, 5, 9, 0), tick=False):
        notice = make_notice(publish=True, publish_at=at(2021, 8, 6, 8, 0))
        services.unschedule_notice(notice=notice, user=editor)
    with time_machine.travel(at(2021, 8, 7, 9, 0), tick=False):
        assert list(Notice.objects.published()) == []


def test_it_lets_editors_preview_a_draft_the_public_cannot_see(client, make_notice, editor, data_clerk, outsider):
    notice = make_notice("Bản nháp về tiêm chủng")
    assert client.get(detail(notice)).status_code == 404
    client.force_login(outsider)
    assert client.get(detail(notice)).status_code == 404

    for reader in (editor, data_clerk):
        client.force_login(reader)
        page = client.get(detail(notice))
        html = page.content.decode()
        assert page.status_code == 200 and "Bản xem trước" in html and "Bản nháp về tiêm chủng" in html
        assert page["X-Robots-Tag"] == "noindex" and "no-store" in page["Cache-Control"]
        assert ("Đăng ngay" in html) == (reader == editor)


def test_it_shows_the_pinned_notices_on_every_page(client, make_notice):
    make_notice("Khai báo y tế toàn dân", pinned=True, publish=True)
    make_notice("Thông báo không ghim", publish=True)
    html = client.get(reverse("notices:list")).content.decode()
    banner = html[
        html.index('<section class="notice-banner"') : html.index("</section>", html.index('class="notice-banner"'))
    ]
    assert "Khai báo y tế toàn dân" in banner and "Thông báo không ghim" not in banner


def test_it_filters_the_list_by_area(client, make_notice, places):
    make_notice("Toàn tỉnh", areas=[places.province], publish=True)
    make_notice("Huyện Hữu Lũng", areas=[places.huu_lung], publish=True)
    make_notice("Xã Hữu Liên", areas=[places.huu_lien], publish=True)
    make_notice("Thành phố", areas=[places.city], publish=True)

    def titles(code):
        page = client.get(reverse("notices:list"), {"khu-vuc": code})
        return {n.title for n in page.context["page"].object_list}

    assert titles("06388") == {"Toàn tỉnh", "Huyện Hữu Lũng", "Xã Hữu Liên"}
    assert titles("186") == {"Toàn tỉnh", "Huyện Hữu Lũng", "Xã Hữu Liên"}
    assert titles("178") == {"Toàn tỉnh", "Thành phố"}
    assert titles("20") == {"Toàn tỉnh", "Huyện Hữu Lũng", "Xã Hữu Liên", "Thành phố"}


def test_it_rejects_an_unknown_area_with_a_clear_message(client, make_notice, places):
    make_notice("Toàn tỉnh", areas=[places.province], publish=True)
    page = client.get(reverse("notices:list"), {"khu-vuc": "99999"})
    assert page.status_code == 404 and "Không có địa bàn nào mã “99999”" in page.content.decode()


def test_it_serves_the_pages_in_english_under_en(client, make_notice):
    notice = make_notice("Thông báo số 1", publish=True)
    listing = client.get("/en/thong-bao/")
    assert listing.status_code == 200 and "Notices" in listing.content.decode()
    assert f'href="/en/thong-bao/{notice.slug}/"' in listing.content.decode()


def test_it_makes_readable_unique_addresses(make_notice):
    first = make_notice("Thông báo về cấp độ dịch ở Đình Lập")
    second = make_notice("Thông báo về cấp độ dịch ở Đình Lập")
    assert first.slug == "thong-bao-ve-cap-do-dich-o-dinh-lap"
    assert second.slug == "thong-bao-ve-cap-do-dich-o-dinh-lap-2"
