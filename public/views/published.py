"""The map's versioned files, when nginx has not served them from PUBLISHED_ROOT (no nginx, or not written yet)."""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from .. import mapdata

YEAR = 365 * 24 * 3600


def file_response(request, found: mapdata.MapFile) -> HttpResponse:
    """Answer with a published file's bytes, its gzip twin for clients that accept it."""
    if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
        response = HttpResponse(found.gzipped, content_type=found.content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(found.content, content_type=found.content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def published_file(request, name: str):
    """Serve a map or open-data file by its versioned name, gzipped for clients that accept it."""
    found = mapdata.published_file(name)
    if found is None:
        raise Http404(_("Không có tệp bản đồ này."))
    mapdata.write_file(found)
    response = file_response(request, found)
    # The name changes with the content: the file can be kept for a year and never asked for again.
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response
