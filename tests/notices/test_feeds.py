"""RSS and Atom feeds: well-formed, valid for feedparser, newest first, withdrawn notices marked, per area."""

from xml.etree import ElementTree

import feedparser
import pytest
import time_machine
from django.urls import reverse

from notices import services

from .moments import at


@pytest.fixture
def notices(make_notice, editor, places):
    with time_machine.travel(at(2021, 8, 1, 8, 0), tick=False):
        first = make_notice(
            "Khai báo y tế toàn dân", summary="Mọi người dân khai báo.", areas=[places.province], publish=True
        )
    with time_machine.travel(at(2021, 8, 3, 8, 0), tick=False):
        second = make_notice("Giãn cách tại Hữu Liên", areas=[places.huu_lien], levels=[4], publish=True)
        withdrawn = make_notice("Phong toả thành phố", areas=[places.city], publish=True)
        services.withdraw_notice(notice=withdrawn, user=editor, reason="Nhầm địa bàn.")
        make_notice("Bản nháp chưa đăng")
        make_notice("Hẹn giờ ngày mai", publish=True, publish_at=at(2021, 8, 4, 8, 0))
    return first, second, withdrawn


def parse(client, name, **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(
    "name, version, content_type",
    [
        ("notices:rss", "rss20", "application/rss+xml"),
        ("notices:atom", "atom10", "application/atom+xml"),
    ],
)
def test_it_publishes_valid_feeds_of_public_notices(client, notices, name, version, content_type):
    first, second, withdrawn = notices
    with time_machine.travel(at(2021, 8, 3, 12, 0), tick=False):
        response, feed = parse(client, name)
    assert response["Content-Type"].startswith(content_type)
    assert feed.version == version
    assert feed.feed.title == "Thông báo phòng, chống dịch COVID-19 tỉnh Lạng Sơn"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["[Đã thu hồi] Phong toả thành phố", "Giãn cách tại Hữu Liên", "Khai báo y tế toàn dân"]
    entry = feed.entries[2]
    assert entry.link == f"http://testserver/thong-bao/{first.slug}/"
    assert entry.published_parsed[:5] == (2021, 8, 1, 1, 0)  # 08:00 in Vietnam is 01:00 UTC
    assert "Mọi người dân khai báo." in entry.summary
    assert "Nhầm địa bàn." in feed.entries[0].summary


def test_it_filters_a_feed_by_area(client, notices):
    with time_machine.travel(at(2021, 8, 3, 12, 0), tick=False):
        _, feed = parse(client, "notices:atom", **{"khu-vuc": "06388"})
    assert [entry.title for entry in feed.entries] == ["Giãn cách tại Hữu Liên", "Khai báo y tế toàn dân"]
    assert feed.feed.title.endswith("Xã Hữu Liên")


def test_it_rejects_a_feed_for_an_unknown_area(client, notices):
    assert client.get(reverse("notices:rss"), {"khu-vuc": "nope"}).status_code == 404


def test_it_shows_a_scheduled_notice_in_the_feed_once_its_time_has_come(client, notices):
    with time_machine.travel(at(2021, 8, 4, 8, 0), tick=False):
        _, feed = parse(client, "notices:rss")
    assert feed.entries[0].title == "Hẹn giờ ngày mai"
