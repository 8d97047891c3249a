"""The one HTTP cache of the public site: the key, the ETag, conditional GET, and the middleware that replays.

Public pages and open data are the same for everyone and change only with the site's version (public.freshness),
so a response is kept under (path, the values of the query parameters its view declares) with the version it was
built in, in Django's cache (Redis when configured, local memory otherwise), and replayed by PublicCacheMiddleware
with the headers the whole stack added, before the rest of the middleware runs, while that version is current. The
version and the kept response are read together, so a replay costs one round trip to the store (the open data's
allowance is counted in it too). A kept body is compressed once, and each replay is sent plain or gzipped as its
client asks.

Any other query parameter is ignored by the key, and links built from the request keep only the declared ones
(`page_query`), so that a parameter outside the key can never reach another visitor's page. The cache is an
optimisation only: when it fails, pages are built as usual.

Place the middleware after the request log and public.compression.PublicGZipMiddleware, before SecurityMiddleware.
"""

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from . import mapdata, softcache
from .freshness import VERSION_KEY, SiteVersion, current_version, site_version
from .ratelimit import over_limit, read_counting

TTL = 24 * 3600
MARK = "public_cache"  # the attribute serve_cached sets on a response that may be kept
BUILT_IN = "public_version"  # the attribute serve_cached sets to the token of the version a response was built in
FILE = "published_file"  # the attribute of a response whose body is the published file of that name
PARAMS = "query_params"  # the attribute of a view naming the query parameters that change its response
CACHED = "public_cached"  # the attribute of a view whose answers the middleware keeps
LIMITED = "public_limited"  # the attribute of a view whose requests count against the open-data allowance
# Query values longer than this are not ones our forms make; they are cut so that a key stays small.
MAX_PARAM_LENGTH = 40
# Bodies shorter than this are sent as they are (GZipMiddleware's threshold: the gzip header would eat the gain).
GZIP_MIN_LENGTH = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers a 304 repeats (RFC 9110 §15.4.5), besides the security headers the stack added.
NOT_MODIFIED_DROPS = {"content-type", "content-length", "content-disposition", "content-encoding"}


@dataclass(frozen=True)
class Kept:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    # A published file's name (public.mapdata) when the body is that file: the bytes stay out of the shared store.
    file: str = ""
    # The token of the site's version the response was built in: it is replayed only while that version is current.
    token: str = ""
    # The body compressed once, when kept, for the clients that accept gzip ("" when not worth it, or a file).
    gzipped: bytes = b""


def declare_params(view, params: tuple[str, ...], *, cached: bool = True, limited: bool = False):
    """Mark view as answering differently only for these query parameters (the rest are ignored).

    cached: its answers are kept; limited: each request, replayed or not, counts against the open-data allowance.
    """
    setattr(view, PARAMS, tuple(params))
    setattr(view, CACHED, cached)
    setattr(view, LIMITED, limited)
    return view


def key_params(request, names: tuple[str, ...]) -> tuple:
    """Return the values of the named query parameters, the only ones that may change a cached response."""
    return tuple((name, request.GET.get(name, "")[:MAX_PARAM_LENGTH]) for name in names)


def page_query(request) -> str:
    """Return the query string of this page as its links may repeat it: the declared parameters only, "" if none."""
    match = getattr(request, "resolver_match", None)
    names = getattr(match.func, PARAMS, ()) if match else ()
    kept = [(name, value) for name, value in key_params(request, names) if value]
    return f"?{urlencode(kept)}" if kept else ""


def cache_key(request, names: tuple[str, ...]) -> str:
    """Return the key this request's response is kept under, whatever the version of the site.

    The path carries the language (English under /en/), so it needs no part of its own.
    """
    parts = (request.path, key_params(request, names))
    return f"public:{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"


def etag(request, version: SiteVersion, names: tuple[str, ...]) -> str:
    """Return the ETag of this request's response in this version of the site."""
    parts = (version.token, request.path, key_params(request, names))
    return f'"{hashlib.sha256(repr(parts).encode()).hexdigest()[:24]}"'


def serve_cached(request, *, params: tuple[str, ...], build: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer 304 when the client has this version, else build the response and mark it for the middleware to keep."""
    if request.method not in ("GET", "HEAD"):
        return build()
    version = site_version()
    tag = etag(request, version, params)
    last_modified = int(version.last_modified.timestamp())
    response = get_conditional_response(request, etag=tag, last_modified=last_modified)
    if response is None:
        response = build()
        if response.status_code != 200 or response.streaming:
            return response
        setattr(response, MARK, True)
        setattr(response, BUILT_IN, version.token)
    # A response sent compressed is another representation: its tag is weak, as GZipMiddleware makes it.
    response["ETag"] = f"W/{tag}" if response.get("Content-Encoding") else tag
    response["Last-Modified"] = http_date(last_modified)
    # Shared caches may keep a response, but must ask again each time: a publication must show at once.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
            return self.get_response(request)
        request.get_host()  # a host we do not serve is refused as usual (DisallowedHost → 400)
        declared = _declared(request.path_info)
        if declared is None:
            return self.get_response(request)
        names, limited = declared
        key = cache_key(request, names)
        found = read_counting(request, [VERSION_KEY, key]) if limited else softcache.get_many([VERSION_KEY, key])
        version = current_version(found.get(VERSION_KEY))
        kept = found.get(key)
        if not isinstance(kept, Kept) or kept.token != version.token:
            kept = None
        if kept is not None and not (limited and over_limit(request)):
            replayed = _replay(request, kept)
            if replayed is not None:
                return replayed
        response = self.get_response(request)
        if _keepable(response):
            softcache.set(key, _kept(response), TTL)
        return response


def _keepable(response: HttpResponse) -> bool:
    if not getattr(response, MARK, False) or response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A body encoded by its view (other than a published file, sent in either encoding) is not one we can re-encode.
    return bool(getattr(response, FILE, "")) or not response.has_header("Content-Encoding")


def _kept(response: HttpResponse) -> Kept:
    file = getattr(response, FILE, "")
    # Each replay is sent plain or gzipped as its client asks: the encoding, length and tag are decided then.
    dropped = {"set-cookie", "content-encoding", "content-length", "etag"}
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in dropped)
    tag = response.get("ETag", "").removeprefix("W/")
    token = getattr(response, BUILT_IN, "")
    if file:
        return Kept(b"", headers, tag, file, token)
    # Compressed once here rather than by PublicGZipMiddleware at each replay (public responses hold no secret, so
    # one compressed form for every client gives nothing away), and only when it is shorter, as that middleware does.
    content = response.content
    gzipped = compress_string(content) if len(content) >= GZIP_MIN_LENGTH else b""
    return Kept(content, headers, tag, file, token, gzipped if len(gzipped) < len(content) else b"")


# The URLs never change while a process runs (tests that change them are heard below); the bound keeps paths
# nobody links to from filling memory.
@functools.lru_cache(maxsize=4096)
def _declared(path: str) -> tuple[tuple[str, ...], bool] | None:
    """Return the query parameters the view at path declares and whether it is limited; None if it is not kept."""
    # Resolved in the path's language, as LocaleMiddleware (which runs later) will: /en/… is English.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    if not getattr(match.func, CACHED, False):
        return None
    return getattr(match.func, PARAMS, ()), getattr(match.func, LIMITED, False)


@receiver(setting_changed)
def _forget_declared(*, setting, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _declared.cache_clear()


def _replay(request, kept: Kept) -> HttpResponse | None:
    accepts_gzip = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) is not None
    compressed = accepts_gzip and bool(kept.file or kept.gzipped)
    # If-None-Match compares weakly (RFC 9110 §13.1.2): the plain and the gzipped form answer either tag.
    asked = [tag.strip().removeprefix("W/") for tag in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]
    if kept.etag and kept.etag in asked:
        response = HttpResponseNotModified()
        for name, value in kept.headers:
            if name.lower() not in NOT_MODIFIED_DROPS:
                response[name] = value
        if kept.file or kept.gzipped:  # a 304 says what the 200 would vary on (RFC 9110 §15.4.5)
            patch_vary_headers(response, ("Accept-Encoding",))
        response["ETag"] = f"W/{kept.etag}" if compressed else kept.etag
        return response
    if kept.file:
        found = mapdata.published_file(kept.file)
        if found is None:  # no longer current: build the answer anew
            return None
        content, gzipped = found.content, found.gzipped
    else:
        content, gzipped = kept.content, kept.gzipped
    response = HttpResponse(gzipped if compressed else content)
    for name, value in kept.headers:
        response[name] = value
    if gzipped:
        patch_vary_headers(response, ("Accept-Encoding",))
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    # A response sent compressed is another representation: its tag is weak, as GZipMiddleware makes it.
    response["ETag"] = f"W/{kept.etag}" if compressed else kept.etag
    if request.method == "HEAD":  # a HEAD answer carries the headers of the GET one, without its body
        response.content = b""
    return response


def file_response(request, found: mapdata.MapFile) -> HttpResponse:
    """Answer with a published file's bytes, its gzip twin for clients that accept it."""
    if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(found.gzipped, content_type=found.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(found.content, content_type=found.content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    setattr(response, FILE, found.name)
    return response


def clear() -> None:
    """Drop every kept response, the published files kept in memory, and the site's version."""
    softcache.clear()
    mapdata.forget_files()
