"""Public texts: seeded per level and for the home page, in two languages, versioned, edited in the admin."""

import datetime

import pytest
from django.urls import reverse

from notices import services
from notices.models import PublicText
from notices.selectors import public_text

pytestmark = pytest.mark.django_db

AUG_1 = datetime.date(2021, 8, 1)


@pytest.mark.parametrize("key", [key for key, _ in PublicText.Key.choices])
def test_it_seeds_every_text_in_both_languages(key):
    vietnamese = public_text(key=key, date=AUG_1, language="vi")
    english = public_text(key=key, date=AUG_1, language="en")
    assert vietnamese.language == "vi" and english.language == "en"
    assert vietnamese.title and english.title and vietnamese.title != english.title
    assert vietnamese.body_html.startswith("<") and english.body_html.startswith("<")


def test_it_tells_residents_whom_to_call():
    for key in ("level_1", "level_2", "level_3", "level_4", "hotlines"):
        assert "1800 6132" in public_text(key=key, date=AUG_1, language="vi").body_html
    home = {
        key: public_text(key=key, date=AUG_1, language="vi").body_html
        for key in ("home_purpose", "home_four_on_site", "home_bluezone")
    }
    assert "Quyết định 2686/QĐ-BCĐQG" in home["home_purpose"]
    assert "Chỉ huy tại chỗ" in home["home_four_on_site"] and "Hậu cần tại chỗ" in home["home_four_on_site"]
    assert "Bluezone" in home["home_bluezone"] and "tokhaiyte.vn" in home["home_bluezone"]


def test_it_gives_nothing_for_a_date_before_any_version_or_an_unknown_key():
    assert public_text(key="level_1", date=datetime.date(2021, 5, 30), language="vi") is None
    assert public_text(key="no_such_text", date=AUG_1, language="vi") is None


def test_it_falls_back_to_vietnamese_when_a_version_is_not_translated(editor):
    services.save_public_text(
        text=PublicText(
            key="hotlines",
            title_vi="Đường dây nóng",
            body_vi="Gọi **1800 6132**.",
            valid_from=datetime.date(2021, 9, 1),
        ),
        user=editor,
    )
    shown = public_text(key="hotlines", date=datetime.date(2021, 9, 1), language="en")
    assert shown.language == "vi" and shown.title == "Đường dây nóng"
    assert shown.body_html == "<p>Gọi <strong>1800 6132</strong>.</p>"


def test_it_shows_each_date_the_version_then_in_force_after_an_edit_in_the_admin(client, editor):
    client.force_login(editor)
    current = PublicText.objects.get(key="level_3")
    response = client.post(
        reverse("admin:notices_publictext_change", args=[current.pk]),
        {
            "key": "level_3",
            "title_vi": "Cấp độ 3 (sửa đổi)",
            "body_vi": "Nội dung mới <script>alert(1)</script>.",
            "title_en": "Level 3 (amended)",
            "body_en": "New text.",
            "valid_from": "2021-09-01",
            "_saveasnew": "1",
        },
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.valid_to == datetime.date(2021, 8, 31)
    assert public_text(key="level_3", date=datetime.date(2021, 8, 31), language="vi").title.startswith("Mức 3 · ")
    amended = public_text(key="level_3", date=datetime.date(2021, 9, 1), language="vi")
    assert amended.title == "Cấp độ 3 (sửa đổi)" and "<script" not in amended.body_html
    assert public_text(key="level_3", date=datetime.date(2021, 9, 1), language="en").title == "Level 3 (amended)"
    assert PublicText.objects.get(title_vi="Cấp độ 3 (sửa đổi)").history.latest().history_user == editor


def test_it_rejects_a_version_overlapping_a_later_one_and_writes_nothing(client, editor):
    services.save_public_text(
        text=PublicText(key="hotlines", body_vi="Phiên bản tháng 10.", valid_from=datetime.date(2021, 10, 1)),
        user=editor,
    )
    client.force_login(editor)
    count = PublicText.objects.count()
    response = client.post(
        reverse("admin:notices_publictext_add"),
        {
            "key": "hotlines",
            "body_vi": "Chen giữa.",
            "valid_from": "2021-09-01",
            "valid_to": "2021-10-15",
        },
    )
    assert response.status_code == 200
    assert "phải hết hiệu lực trước ngày đó" in response.content.decode()
    assert PublicText.objects.count() == count


def test_it_fits_a_version_between_two_others(editor):
    services.save_public_text(
        text=PublicText(key="hotlines", body_vi="Tháng 10.", valid_from=datetime.date(2021, 10, 1)), user=editor
    )
    september = services.save_public_text(
        text=PublicText(key="hotlines", body_vi="Tháng 9.", valid_from=datetime.date(2021, 9, 1)), user=editor
    )
    assert september.valid_to == datetime.date(2021, 9, 30)
    assert PublicText.objects.get(key="hotlines", valid_from=datetime.date(2021, 5, 31)).valid_to == datetime.date(
        2021, 8, 31
    )
    assert [
        public_text(key="hotlines", date=datetime.date(2021, m, 15), language="vi").body_html for m in (8, 9, 10)
    ] == [public_text(key="hotlines", date=AUG_1, language="vi").body_html, "<p>Tháng 9.</p>", "<p>Tháng 10.</p>"]
