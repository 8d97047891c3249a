"""The one HTTP cache of the public site: the key, the ETag, conditional GET, and the middleware that replays.

Public pages and open data are the same for everyone and change only with the site's version (public.freshness),
so a response is kept under (version, path, the values of the query parameters its view declares) in Django's
cache (Redis when configured, local memory otherwise) and replayed by PublicCacheMiddleware, before the rest of the
middleware runs, with the headers the whole stack added. Any other query parameter is ignored by the key, and
links built from the request keep only the declared ones (`page_query`), so that a parameter outside the key can
never reach another visitor's page. The cache is an optimisation only: when it fails, pages are built as usual.

Place the middleware right after the request-logging middleware, before SecurityMiddleware.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from . import mapdata, softcache
from .freshness import SiteVersion, site_version
from .ratelimit import over_limit

TTL = 24 * 3600
MARK = "public_cache"  # the attribute serve_cached sets on a response that may be kept: "page" or "api"
FILE = "published_file"  # the attribute of a response whose body is the published file of that name
PARAMS = "query_params"  # the attribute of a view naming the query parameters that change its response
CACHED = "public_cached"  # the attribute of a view whose answers the middleware keeps
# Query values longer than this are not ones our forms make; they are cut so that a key stays small.
MAX_PARAM_LENGTH = 40
# Headers a 304 repeats (RFC 9110 §15.4.5), besides the security headers the stack added.
NOT_MODIFIED_DROPS = {"content-type", "content-length", "content-disposition", "content-encoding"}


@dataclass(frozen=True)
class Kept:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    kind: str
    # A published file's name (public.mapdata) when the body is that file: the bytes stay out of the shared store.
    file: str = ""


def declare_params(view, params: tuple[str, ...], *, cached: bool = True):
    """Mark view as answering differently only for these query parameters (the rest are ignored); cached: kept."""
    setattr(view, PARAMS, tuple(params))
    setattr(view, CACHED, cached)
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


def entry(request, version: SiteVersion, names: tuple[str, ...]) -> tuple[str, str]:
    """Return the cache key and the ETag of this request's response in this version of the site.

    The path carries the language (English under /en/), so it needs no part of its own.
    """
    parts = (version.token, request.path, key_params(request, names))
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"public:{digest[:32]}", f'"{digest[:24]}"'


def serve_cached(
    request, *, params: tuple[str, ...], build: Callable[[], HttpResponse], kind: str = "page"
) -> HttpResponse:
    """Answer 304 when the client has this version, else build the response and mark it for the middleware to keep.

    `kind` ("page" or "api") tells the middleware whether a replay must count against the open-data allowance.
    """
    if request.method not in ("GET", "HEAD"):
        return build()
    version = site_version()
    _key, etag = entry(request, version, params)
    last_modified = int(version.last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = build()
        if response.status_code != 200 or response.streaming:
            return response
        setattr(response, MARK, kind)
    # A response sent compressed is another representation: its tag is weak, as GZipMiddleware makes it.
    response["ETag"] = f"W/{etag}" if response.get("Content-Encoding") else etag
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
        names = _declared_params(request.path_info)
        if names is None:
            return self.get_response(request)
        key, _etag = entry(request, site_version(), names)
        kept = softcache.get(key)
        if kept is not None and not (kept.kind == "api" and over_limit(request)):
            replayed = _replay(request, kept)
            if replayed is not None:
                return replayed
        response = self.get_response(request)
        kind = getattr(response, MARK, None)
        if kind and response.status_code == 200 and not response.streaming and not response.cookies:
            softcache.set(key, _kept(response, kind), TTL)
        return response


def _kept(response: HttpResponse, kind: str) -> Kept:
    file = getattr(response, FILE, "")
    # A file is sent plain or gzipped as each client asks: its encoding and length are decided at replay.
    dropped = {"set-cookie"} | ({"content-encoding", "content-length", "etag"} if file else set())
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in dropped)
    etag = response.get("ETag", "").removeprefix("W/") if file else response.get("ETag", "")
    return Kept(b"" if file else response.content, headers, etag, kind, file)


def _declared_params(path: str) -> tuple[str, ...] | None:
    """Return the query parameters the view at path declares, None when its answers are not kept."""
    # Resolved in the path's language, as LocaleMiddleware (which runs later) will: /en/… is English.
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return None
    return getattr(match.func, PARAMS, None) if getattr(match.func, CACHED, False) else None


def _replay(request, kept: Kept) -> HttpResponse | None:
    asked = request.META.get("HTTP_IF_NONE_MATCH", "")
    if kept.etag and kept.etag in [tag.strip() for tag in asked.split(",")]:
        response = HttpResponseNotModified()
        for name, value in kept.headers:
            if name.lower() not in NOT_MODIFIED_DROPS:
                response[name] = value
        return response
    if kept.file:
        found = mapdata.published_file(kept.file)
        if found is None:  # no longer current: build the answer anew
            return None
        response = file_response(request, found)
        for name, value in kept.headers:
            if name.lower() != "content-type":
                response[name] = value
        response["ETag"] = f"W/{kept.etag}" if response.get("Content-Encoding") else kept.etag
    else:
        response = HttpResponse(kept.content)
        for name, value in kept.headers:
            response[name] = value
    if request.method == "HEAD":  # a HEAD answer carries the headers of the GET one, without its body
        response.content = b""
    return response


def file_response(request, found: mapdata.MapFile) -> HttpResponse:
    """Answer with a published file's bytes, its gzip twin for clients that accept it."""
    if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
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
