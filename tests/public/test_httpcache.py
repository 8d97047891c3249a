"""public.httpcache: repeated public GETs answered from the cache, as the whole stack would have answered them."""

import datetime

import pytest
from django.utils import timezone

from .builders import TAN_THANH, publish

MIDDLEWARE = "public.httpcache.PublicCacheMiddleware"


@pytest.fixture
def with_middleware(settings):
    """The stack as deployed: the request log, then compression, then the cache, then the rest."""
    assert (
        settings.MIDDLEWARE.index(MIDDLEWARE)
        == settings.MIDDLEWARE.index("public.compression.PublicGZipMiddleware") + 1
    )
    return settings


def test_it_replays_a_page_with_the_headers_of_the_whole_stack(client, published, with_middleware):
    first = client.get(f"/khu-vuc/{TAN_THANH}/")
    again = client.get(f"/khu-vuc/{TAN_THANH}/")
    # Replayed, not built: no template rendered. (Not a count of queries: the site's version may expire under a
    # loaded machine's clock and be read again, which is not what this test is about.)
    assert first.templates and not again.templates
    assert again.status_code == 200
    assert again.content == first.content
    for header in (
        "Content-Type",
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Content-Language",
    ):
        assert again[header] == first[header], header
    if first.has_header("Content-Security-Policy"):
        assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_it_answers_304_from_the_cache(client, published, with_middleware):
    first = client.get("/")
    client.get("/")
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == first["ETag"]


def test_it_keeps_each_query_and_language_apart(client, published, with_middleware):
    client.get("/", {"ngay": "2021-06-15"})
    client.get("/en/")
    assert "Số liệu đến ngày 14/06/2021" in client.get("/", {"ngay": "2021-06-15"}).content.decode()
    assert "Data up to 15/06/2021" in client.get("/en/").content.decode()
    assert "Số liệu đến ngày 15/06/2021" in client.get("/").content.decode()


def test_it_shows_a_new_publication_at_once(client, published, with_middleware):
    from areas.models import Area

    client.get(f"/khu-vuc/{TAN_THANH}/")
    levels = {code: 4 for code in Area.objects.internal().values_list("code", flat=True)}
    publish(
        data_date=timezone.localdate(),
        effective_at=timezone.now() - datetime.timedelta(seconds=1),
        published_at=timezone.now(),
        levels=levels,
        since={code: timezone.localdate() for code in levels},
    )
    assert "Mức 4 · Nguy cơ rất cao" in client.get(f"/khu-vuc/{TAN_THANH}/").content.decode()


def test_it_still_counts_open_data_requests(client, published, with_middleware):
    with_middleware.API_RATE_LIMIT = "2/m"
    assert client.get("/api/v1/levels.json").status_code == 200
    assert client.get("/api/v1/levels.json").status_code == 200
    refused = client.get("/api/v1/levels.json")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.json()["error"]


def test_it_leaves_plain_http_to_the_https_redirect(published, with_middleware):
    from django.test import Client

    with_middleware.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/", secure=True).status_code == 200
    assert client.get("/", secure=True).status_code == 200  # kept, and answered from the cache
    response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_it_keeps_only_what_views_mark_as_public(client, published, with_middleware):
    def built_again(path, query=None) -> bool:
        """A replayed answer renders no template; one built anew does (no clock involved)."""
        client.get(path, query)
        return bool(client.get(path, query).templates)

    assert built_again("/khu-vuc/99999/")
    assert built_again("/tim-kiem/", {"q": "tan thanh"})
    assert built_again("/", {"ngay": "không phải ngày"})
    assert not built_again("/")


@pytest.mark.parametrize("path", ["/", f"/khu-vuc/{TAN_THANH}/", "/bien-phap/", "/thong-bao/"])
def test_it_keeps_a_parameter_outside_the_key_from_another_visitors_page(published, with_middleware, path):
    """Issue 10: ?ref=… is not part of the cache key, so no link of the page may carry it."""
    from django.test import Client

    attacker, visitor = Client(), Client()
    poisoned = attacker.get(path, {"ref": "ANY-TEXT", "ngay": "2021-06-15"}).content.decode()
    assert "ANY-TEXT" not in poisoned
    if path != "/thong-bao/":
        assert "ngay=2021-06-15" in poisoned  # the language link keeps the page's date, part of the key
    for query in ({}, {"ngay": "2021-06-15"}):
        page = visitor.get(path, query).content.decode()
        assert "<html" in page
        assert "ANY-TEXT" not in page and "?ref=" not in page and "&amp;ref=" not in page


def test_it_replays_a_page_compressed_once_for_clients_that_accept_gzip(client, published, with_middleware):
    import gzip

    plain = client.get(f"/khu-vuc/{TAN_THANH}/")
    first = client.get(f"/khu-vuc/{TAN_THANH}/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    again = client.get(f"/khu-vuc/{TAN_THANH}/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert not again.templates and again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == plain.content
    assert again["Content-Length"] == str(len(again.content))
    assert again["ETag"] == first["ETag"] == f"W/{plain['ETag']}"
    assert "Accept-Encoding" in again["Vary"] and again["Vary"].count("Accept-Encoding") == 1
    # The plain replay is unchanged, and either tag revalidates either form.
    assert client.get(f"/khu-vuc/{TAN_THANH}/").content == plain.content
    assert not client.get(f"/khu-vuc/{TAN_THANH}/").has_header("Content-Encoding")
    revalidated = client.get(f"/khu-vuc/{TAN_THANH}/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=again["ETag"])
    assert revalidated.status_code == 304 and revalidated["Vary"] == again["Vary"]


def test_it_replays_headers_without_a_body_to_head(client, published, with_middleware):
    client.get("/")
    head = client.head("/", HTTP_ACCEPT_ENCODING="gzip")
    assert head.status_code == 200 and not head.content
    assert head["Content-Encoding"] == "gzip" and int(head["Content-Length"]) > 0
