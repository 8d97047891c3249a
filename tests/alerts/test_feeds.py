"""Feeds of one area: they validate, carry the published level changes of the area, its district and the province,
and the notices about it, each under an id that does not change."""

import feedparser
import pytest

from tests.public.builders import TAN_THANH, VAN_LANG, publish_demo

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def published(langson):
    return publish_demo()


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("kind", ["rss.xml", "atom.xml"])
def test_it_lists_the_level_change_of_a_publication_with_a_stable_id(client, published, kind):
    feed = read(client, f"/khu-vuc/{TAN_THANH}/{kind}")

    titles = [entry.title for entry in feed.entries]
    assert any(title.startswith("Xã Tân Thanh: mức 3 – Nguy cơ cao") for title in titles), titles
    first, second = published
    ids = {entry.id for entry in feed.entries}
    assert f"tag:covidmaps.langson.gov.vn,2021:level/{second.pk}/{TAN_THANH}" in ids
    assert f"tag:covidmaps.langson.gov.vn,2021:level/{first.pk}/{VAN_LANG}" in ids  # its district's first level
    assert {entry.id for entry in read(client, f"/khu-vuc/{TAN_THANH}/{kind}").entries} == ids


def test_it_adds_the_notices_about_the_area(client, published, editor):
    from areas.models import Area
    from notices import services

    notice = services.create_notice(title="Phong toả thôn Nà Lầy", body="Nội dung.", author=editor)
    notice.areas.set([Area.objects.get(code=VAN_LANG)])
    services.publish_notice(notice=notice, user=editor)

    feed = read(client, f"/khu-vuc/{TAN_THANH}/atom.xml")

    [entry] = [e for e in feed.entries if e.title == "Phong toả thôn Nà Lầy"]
    assert entry.id == f"tag:covidmaps.langson.gov.vn,2021:notice/{notice.pk}"


def test_it_answers_404_for_an_unknown_area(client, published):
    assert client.get("/khu-vuc/99999/rss.xml").status_code == 404
