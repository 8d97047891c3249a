"""Pages are cached per publication: clients revalidate with ETag/Last-Modified, and nobody sees stale levels."""

import datetime

import time_machine
from django.utils import timezone

from .builders import TAN_THANH, publish


def republish(level: int, *, effective_at):
    from areas.models import Area

    levels = {code: level for code in Area.objects.internal().values_list("code", flat=True)}
    since = {code: timezone.localdate() for code in levels}
    return publish(
        data_date=timezone.localdate(),
        effective_at=effective_at,
        published_at=timezone.now(),
        levels=levels,
        since=since,
    )


def test_it_sends_etag_and_last_modified_and_answers_304(client, published):
    first = client.get("/")
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert "must-revalidate" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other = client.get(f"/khu-vuc/{TAN_THANH}/")
    assert other["ETag"] != first["ETag"]
    assert client.get("/en/")["ETag"] != first["ETag"]


def test_it_shows_a_new_publication_at_once(client, published, django_capture_on_commit_callbacks):
    from public.mapdata import write_published_files

    before = client.get(f"/khu-vuc/{TAN_THANH}/")
    assert "Mức 3 · Nguy cơ cao" in before.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publication = republish(4, effective_at=timezone.now() - datetime.timedelta(seconds=1))
        write_published_files(publication=publication)
    after = client.get(f"/khu-vuc/{TAN_THANH}/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert "Mức 4 · Nguy cơ rất cao" in after.content.decode()


def test_it_switches_to_announced_levels_when_their_time_comes(client, published):
    effective = timezone.now() + datetime.timedelta(minutes=5)
    republish(1, effective_at=effective)
    assert 'action-card__level"><span class="level level--3">' in client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()
    with time_machine.travel(effective + datetime.timedelta(seconds=1), tick=False):
        page = client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()
    assert 'action-card__level"><span class="level level--1">' in page


def test_it_serves_pages_when_the_cache_fails(client, published, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "set", "delete", "add", "incr"):
        monkeypatch.setattr(cache, method, broken)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/levels.json").status_code == 200
