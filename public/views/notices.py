"""Public notice pages: the list (filterable by area) and one notice, with a preview for editors."""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control

from notices import selectors
from notices.models import Notice
from notices.services import can_publish

from ..httpcache import declare_params
from .common import render_page

PER_PAGE = 20
# Public pages may be cached briefly; a scheduled notice then shows at most this late.
PUBLIC_MAX_AGE = 60


def _can_preview(request) -> bool:
    user = request.user
    return user.is_authenticated and user.is_staff and user.has_perm("notices.view_notice")


def _notice_for(request, slug: str) -> Notice:
    """Return the notice at slug if this reader may see it, else 404."""
    notice = selectors.notice_for_reader(slug=slug, can_preview=_can_preview(request))
    if notice is None:
        raise Http404
    return notice


def _cache(request, response):
    # Staff pages carry editing links; only what the public sees may be kept by caches.
    if request.user.is_authenticated:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    else:
        # The same for every anonymous reader: shared caches may keep it, and it goes out compressed.
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def notice_list(request):
    code = request.GET.get("khu-vuc", "").strip()
    area = selectors.area_by_code(code) if code else None
    unknown_area = bool(code) and area is None
    notices = Paginator(selectors.public_notices(area=area), PER_PAGE).get_page(request.GET.get("trang"))
    context = {
        "page": notices,
        "area": area,
        "unknown_area": code if unknown_area else "",
        "filter_groups": _filter_groups(selectors.filter_areas()),
    }
    response = render_page(request, "notices/list.html", context, day=None, status=404 if unknown_area else 200)
    return _cache(request, response)


# Not kept by the site's cache (staff see another page); links keep only these parameters.
declare_params(notice_list, ("khu-vuc", "trang"), cached=False)


def _filter_groups(areas) -> list[tuple]:
    """Group the filter's areas: the province alone, then each district with its communes."""
    province = [a for a in areas if a.kind == a.Kind.PROVINCE]
    districts = [a for a in areas if a.kind == a.Kind.DISTRICT]
    communes = [a for a in areas if a.kind == a.Kind.COMMUNE]
    return [(None, province)] + [
        (district, [district] + [c for c in communes if c.parent_id == district.pk]) for district in districts
    ]


def notice_detail(request, slug: str):
    notice = _notice_for(request, slug)
    preview = not notice.is_public()
    context = {
        "notice": notice,
        "preview": preview,
        "expired": notice.is_expired(),
        "notice_areas": sorted(notice.areas.all(), key=selectors.area_rank),
        "level_labels": [(level, selectors.level_badge(level)) for level in notice.levels],
        "can_publish": can_publish(request.user),
        "can_edit": request.user.is_authenticated and request.user.has_perm("notices.change_notice"),
    }
    response = render_page(request, "notices/detail.html", context, day=None)
    if preview:
        response["X-Robots-Tag"] = "noindex"
    return _cache(request, response)
