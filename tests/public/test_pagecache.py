"""public.pagecache: repeated public GETs answered from memory, as the whole stack would have answered them."""

import datetime

import pytest
from django.utils import timezone

from .builders import TAN_THANH, publish

pytestmark = pytest.mark.core

MIDDLEWARE = "public.pagecache.PublicCacheMiddleware"


@pytest.fixture
def with_pagecache(settings):
    stack = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    settings.MIDDLEWARE = [stack[0], MIDDLEWARE, *stack[1:]]
    return settings


def test_it_replays_a_page_with_the_headers_of_the_whole_stack(client, published, with_pagecache,
                                                               django_assert_num_queries):
    first = client.get(f"/khu-vuc/{TAN_THANH}/")
    with django_assert_num_queries(0):
        again = client.get(f"/khu-vuc/{TAN_THANH}/")
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "X-Frame-Options",
                   "X-Content-Type-Options", "Content-Language"):
        assert again[header] == first[header], header
    if first.has_header("Content-Security-Policy"):
        assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_it_answers_304_from_memory(client, published, with_pagecache):
    first = client.get("/")
    client.get("/")
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == first["ETag"]


def test_it_keeps_each_query_and_language_apart(client, published, with_pagecache):
    client.get("/", {"ngay": "2021-06-15"})
    client.get("/en/")
    assert "Số liệu đến ngày 14/06/2021" in client.get("/", {"ngay": "2021-06-15"}).content.decode()
    assert "Data up to 15/06/2021" in client.get("/en/").content.decode()
    assert "Số liệu đến ngày 15/06/2021" in client.get("/").content.decode()


def test_it_shows_a_new_publication_at_once(client, published, with_pagecache):
    from areas.models import Area

    client.get(f"/khu-vuc/{TAN_THANH}/")
    levels = {code: 4 for code in Area.objects.internal().values_list("code", flat=True)}
    publish(data_date=timezone.localdate(), effective_at=timezone.now() - datetime.timedelta(seconds=1),
            published_at=timezone.now(), levels=levels, since={code: timezone.localdate() for code in levels})
    assert "Cấp 4 · Nguy cơ rất cao" in client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()


def test_it_still_counts_open_data_requests(client, published, with_pagecache):
    with_pagecache.API_RATE_LIMIT = "2/m"
    assert client.get("/api/v1/levels.json").status_code == 200
    assert client.get("/api/v1/levels.json").status_code == 200
    refused = client.get("/api/v1/levels.json")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.json()["error"]


def test_it_leaves_plain_http_to_the_https_redirect(published, with_pagecache):
    from django.test import Client

    with_pagecache.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/", secure=True).status_code == 200
    assert client.get("/", secure=True).status_code == 200  # kept, and answered from memory
    response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_it_keeps_only_what_views_mark_as_public(client, published, with_pagecache):
    from public.pagecache import STORE

    client.get("/khu-vuc/99999/")
    client.get("/tim-kiem/", {"q": "tan thanh"})
    client.get("/", {"ngay": "không phải ngày"})
    assert not STORE._values
    client.get("/")
    assert len(STORE._values) == 1
