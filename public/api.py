"""Open data: the published levels (JSON, CSV), one area, and the areas' boundaries (GeoJSON), latest or for a date.

Every endpoint takes ?date=YYYY-MM-DD (the levels as published on that day; default: now), answers a bad request
with 400 and a message that says what is expected, and is rate-limited per client address (API_RATE_LIMIT).
"""

import datetime
import io
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from areas.models import KIND_ORDER, Area
from areas.selectors import neighbours_of
from ingest.csvsafe import write_rows

from . import mapdata, selectors
from .forecast import shown, stored_for
from .httpcache import declare_params, file_response, serve_cached
from .mapdata import iso, publication_summary
from .ratelimit import over_limit, rate_limit, retry_after
from .templatetags.public import level_label
from .views.common import BadRequest, parse_day

CSV_HEADER = ("code", "name", "kind", "parent", "level", "label", "since", "data_date")
KINDS = tuple(Area.Kind.values)


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message, "status": status}, status=status, json_dumps_params={"ensure_ascii": False})


def open_data(*, params: tuple[str, ...] = ()):
    """Rate-limit, parse ?date= into `at`, and cache the response per site version and query."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            usage = over_limit(request)
            if usage is not None:
                seconds = retry_after(usage)
                response = _error(
                    _(
                        "Quá nhiều yêu cầu: mỗi địa chỉ được gửi tối đa %(rate)s yêu cầu. "
                        "Hãy thử lại sau %(seconds)d giây."
                    )
                    % {"rate": rate_limit(), "seconds": seconds},
                    429,
                )
                response["Retry-After"] = str(seconds)
                return response
            try:
                day = _asked_day(request)
            except BadRequest as exc:
                return _error(exc.message, 400)
            at = selectors.moment(day)
            return serve_cached(
                request,
                params=("date", *params),
                build=lambda: view(request, *args, at=at, day=day, **kwargs),
            )

        return declare_params(wrapper, ("date", *params), limited=True)

    return decorate


def _asked_day(request) -> datetime.date | None:
    value = request.GET.get("date", "")
    if not value.strip():
        return None
    return parse_day(value, today=timezone.localdate())


def _rows(levels: selectors.LevelsInForce) -> list[dict]:
    publication = levels.publication
    rows = sorted(levels.by_area.values(), key=lambda r: (r.area.external, KIND_ORDER[r.area.kind], r.area.code))
    return [
        {
            "code": r.area.code,
            "name": r.area.name,
            "kind": r.area.kind,
            "parent": r.area.parent.code if r.area.parent else None,
            "level": r.level,
            "label": level_label(r.level),
            "since": iso(r.since),
            "data_date": iso(publication.data_date),
        }
        for r in rows
    ]


@open_data()
def levels_json(request, *, at, day):
    levels = selectors.levels_in_force(at=at)
    return JsonResponse(
        {"date": iso(day), "publication": publication_summary(levels.publication), "areas": _rows(levels)},
        json_dumps_params={"ensure_ascii": False},
    )


@open_data()
def levels_csv(request, *, at, day):
    levels = selectors.levels_in_force(at=at)
    out = io.StringIO()
    write_rows(out, [CSV_HEADER, *([row[name] for name in CSV_HEADER] for row in _rows(levels))])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = (day or timezone.localdate()).isoformat()
    response["Content-Disposition"] = f'inline; filename="levels-{stamp}.csv"'
    return response


@open_data()
def area_json(request, code, *, at, day):
    shown_day = timezone.localdate(at)
    area = selectors.area_by_code(code, day=shown_day)
    if area is None:
        return _error(_("Không có địa bàn nào mã “%(code)s”.") % {"code": code[:20]}, 404)
    levels = selectors.levels_in_force(at=at)
    published = levels.of(area)
    return JsonResponse(
        {
            "date": iso(day),
            "publication": publication_summary(levels.publication),
            "area": {
                "code": area.code,
                "name": area.name,
                "kind": area.kind,
                "external": area.external,
                "parent": area.parent.code if area.parent else None,
                "population": area.population,
            },
            "level": published.level if published else None,
            "label": level_label(published.level) if published else None,
            "since": iso(published.since) if published else None,
            "step_down_date": iso(published.step_down_date) if published else None,
            "overridden": published.overridden if published else None,
            "reasons": published.reasons if published else [],
            "neighbours": [{"code": n.code, "name": n.name, "level": levels.level_of(n)} for n in neighbours_of(area)],
            "upcoming": [
                {
                    "effective_at": iso(row.publication.effective_at),
                    "level": row.level,
                    "label": level_label(row.level),
                }
                for row in selectors.upcoming_for_area(area=area, at=at)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@open_data(params=("kind",))
def areas_geojson(request, *, at, day):
    """The published GeoJSON file of the publication in force (the cache keeps its name, each process its bytes)."""
    kind = request.GET.get("kind", Area.Kind.COMMUNE).strip()
    if kind not in KINDS:
        message = _("Cấp “%(kind)s” không hợp lệ: dùng kind=commune, district hoặc province.")
        return _error(message % {"kind": kind[:20]}, 400)
    publication = selectors.publication_in_force(at=at)
    return file_response(request, mapdata.areas_file(kind=kind, language=get_language(), publication=publication))


@open_data()
def forecast_json(request, *, at, day):
    """The 7-day forecast made from the publication in force at ?date= (default: now)."""
    if not shown():
        return _error(_("Dự báo không được công bố."), 404)
    levels = selectors.levels_in_force(at=at)
    stored = stored_for(levels.publication)
    if stored is None:
        return _error(_("Chưa có dự báo cho lần công bố này."), 404)
    data = stored.data
    return JsonResponse(
        {
            "date": iso(day),
            "publication": publication_summary(levels.publication),
            "forecast": True,
            "method": request.build_absolute_uri(reverse("method")) + "#forecast",
            "origin": data["origin"],
            "days": data["days"],
            "futures": data["futures"],
            "levels": [1, 2, 3, 4],
            "areas": [
                {"code": code, "current": entry["current"], "rise": entry["rise"], "probabilities": entry["days"]}
                for code, entry in sorted(data["areas"].items())
            ],
            "districts": data.get("districts", {}),
        },
        json_dumps_params={"ensure_ascii": False},
    )
