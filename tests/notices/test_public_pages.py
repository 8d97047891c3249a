"""Notices on the public site's pages: the home page and the pages of the areas they concern."""

import time_machine
from django.urls import reverse

from .moments import at


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_it_shows_a_notice_on_the_home_page_and_on_the_pages_of_its_areas(client, area, make_notice):
    make_notice("Giãn cách xã Hữu Liên", areas=[area("06388")], publish=True)
    make_notice("Khai báo y tế toàn tỉnh", areas=[area("20")], pinned=True, publish=True)

    home = page(client, reverse("home"))
    assert "Giãn cách xã Hữu Liên" in home and "Khai báo y tế toàn tỉnh" in home
    commune = page(client, reverse("area", args=["06388"]))
    assert "Giãn cách xã Hữu Liên" in commune and "Khai báo y tế toàn tỉnh" in commune
    other = page(client, reverse("area", args=["06391"]))
    assert "Giãn cách xã Hữu Liên" not in other and "Khai báo y tế toàn tỉnh" in other
    assert "Khai báo y tế toàn tỉnh" in page(client, "/en" + reverse("area", args=["06391"]))


def test_it_shows_a_scheduled_notice_on_the_home_page_at_its_time(client, area, make_notice):
    with time_machine.travel(at(2021, 8, 5, 9, 0), tick=False):
        make_notice("Hẹn giờ tối nay", areas=[area("06388")], publish=True, publish_at=at(2021, 8, 5, 20, 0))
        assert "Hẹn giờ tối nay" not in page(client, reverse("home"))
        assert "Hẹn giờ tối nay" not in page(client, reverse("area", args=["06388"]))
    with time_machine.travel(at(2021, 8, 5, 20, 0), tick=False):
        assert "Hẹn giờ tối nay" in page(client, reverse("home"))
        assert "Hẹn giờ tối nay" in page(client, reverse("area", args=["06388"]))
