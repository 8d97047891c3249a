"""Suggestions while typing in the search box, and the commune at the reader's location (nothing of it kept)."""

import math

from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .. import search, selectors
from ..templatetags.public import level_badge
from .common import BadRequest, history_day

MAX_QUERY = 80


def _label(level: int | None) -> str:
    if not level:
        return _("Chưa công bố")
    return level_badge(level)


def _item(area, levels, day) -> dict:
    url = reverse("area", args=[area.code])
    level = levels.level_of(area)
    return {
        "code": area.code,
        "name": area.name,
        "district": area.parent.name if area.parent and area.kind == "commune" else "",
        "level": level,
        "label": _label(level),
        "url": f"{url}?ngay={day.isoformat()}" if day else url,
    }


@require_GET
@never_cache
def suggestions(request):
    """Answer the search box's script with the best few areas for what has been typed so far."""
    try:
        day = history_day(request)
    except BadRequest as exc:
        return JsonResponse({"error": exc.message}, status=400)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    at = selectors.moment(day)
    found = search.search_areas(query=query, day=timezone.localdate(at), limit=search.SUGGESTION_LIMIT) if query else []
    levels = selectors.levels_in_force(at=at)
    return JsonResponse({"query": query, "results": [_item(area, levels, day) for area in found]})


def _coordinate(request, name: str, bound: float) -> float:
    try:
        value = float(request.POST.get(name, ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > bound:
        raise BadRequest(_("Không đọc được vị trí. Hãy tìm theo tên xã."))
    return value


@csrf_exempt  # a read that stores nothing: no state for a forged request to change
@require_POST
@never_cache
def locate(request):
    """Return the commune that holds the reader's position; the position is neither stored nor logged.

    POST keeps the coordinates out of addresses, and so out of access logs and browser history.
    """
    try:
        latitude = _coordinate(request, "lat", 90)
        longitude = _coordinate(request, "lon", 180)
    except BadRequest as exc:
        return JsonResponse({"error": exc.message}, status=400)
    now = timezone.now()
    area = search.commune_at(latitude=latitude, longitude=longitude, day=timezone.localdate(now))
    if area is None:
        message = _("Vị trí của bạn không thuộc xã, phường, thị trấn nào của tỉnh Lạng Sơn.")
        return JsonResponse({"error": message}, status=404)
    return JsonResponse({"result": _item(area, selectors.levels_in_force(at=now), None)})
