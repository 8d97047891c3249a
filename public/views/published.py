"""The map's versioned files, when nginx has not served them from PUBLISHED_ROOT (no nginx, or not written yet)."""

from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .. import mapdata
from ..httpcache import file_response

YEAR = 365 * 24 * 3600


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
