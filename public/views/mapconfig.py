"""What the map's script needs, handed over in the page (json_script): file URLs, labels, colours, first measures."""

import datetime

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from notices.selectors import measures_for
from risk.engine.levels import LEVELS

from .. import mapdata
from ..selectors import LevelsInForce
from ..templatetags.public import level_badge, level_label

POPUP_MEASURES = 2
POPUP_MEASURE_LENGTH = 110


def _short(text: str) -> str:
    """Cut a measure to a popup's length at a word boundary; the area page has it in full."""
    if len(text) <= POPUP_MEASURE_LENGTH:
        return text
    return text[:POPUP_MEASURE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


CODE_PLACEHOLDER = "__code__"


def map_config(
    *, levels: LevelsInForce, day: datetime.date, history_day: datetime.date | None, focus: list[str] | None = None
) -> dict:
    """Return the map's settings for a page showing `levels` on `day`; `focus` lists the codes to zoom to."""
    measures = measures_for(level=max(LEVELS), date=day)
    area_url = reverse("area", args=[CODE_PLACEHOLDER])
    if history_day:
        area_url += f"?ngay={history_day.isoformat()}"
    publication = levels.publication
    return {
        "geometry": mapdata.map_geometry().url,
        "levels": mapdata.published_url(mapdata.levels_name(publication)) if publication else None,
        "tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
        if settings.MAP_TILE_URL
        else None,
        # Fetched by the map's script only when the map comes near the screen: nothing of it blocks the page.
        "leaflet": {"script": static("leaflet/leaflet.js"), "style": static("leaflet/leaflet.css")},
        "areaUrl": area_url,
        "placeholder": CODE_PLACEHOLDER,
        "focus": focus or [],
        # The same words as the badges on the pages (templates/public/_level.html).
        "levelInfo": {
            int(lv): {
                "label": level_label(lv),
                "colour": lv.colour,
                "badge": level_badge(lv),
            }
            for lv in LEVELS
        },
        "measures": {
            group.level: [_short(m.lead) for m in group.measures[:POPUP_MEASURES]] for group in measures.mandatory
        },
        "text": {
            "level": _("Mức nguy cơ"),
            "since": _("từ ngày"),
            "more": _("Xem chi tiết, lý do và mọi biện pháp"),
            "unpublished": _("Chưa có mức nguy cơ công bố"),
            "declared": _("mức nguy cơ do tỉnh bạn công bố"),
            "measures": _("Biện pháp chính"),
            "map": _("Bản đồ mức độ nguy cơ các xã, phường, thị trấn"),
            "failed": _("Không tải được bản đồ. Bảng bên dưới có đủ mọi thông tin."),
        },
    }
