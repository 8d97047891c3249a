"""The page of one area: its level and why, what must be done, what is announced, its history and surroundings."""

import io

from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from areas.models import Area
from areas.selectors import neighbours_of
from ingest.csvsafe import write_rows
from notices.selectors import measures_for, notices_for_area, public_text

from .. import selectors, timeline
from ..forecast import area_forecast, stored_for
from ..templatetags.public import level_label
from .action import action_card
from .charts import case_chart
from .common import public_page, render_page
from .mapconfig import map_config
from .reasons import explain
from .table import area_rows


def get_area_or_404(code: str, *, day) -> Area:
    area = selectors.area_by_code(code, day=day)
    if area is None:
        raise Http404(_("Không có địa bàn nào mã “%(code)s”.") % {"code": code[:20]})
    return area


def _focus(area: Area, children: list[Area]) -> list[str]:
    if area.kind == Area.Kind.COMMUNE or area.external:
        return [area.code]
    if area.kind == Area.Kind.DISTRICT:
        return [c.code for c in children]
    return []


@public_page()
def area_detail(request, code, *, day):
    at = selectors.moment(day)
    shown_day = timezone.localdate(at)
    area = get_area_or_404(code, day=shown_day)
    levels = selectors.levels_in_force(at=at)
    publication = levels.publication
    # Figures are shown up to the data date of the levels shown, so that both tell the same story.
    data_day = publication.data_date if publication else shown_day
    published = levels.of(area)
    # Neighbours' declared levels as the levels shown saw them: on the data date of their publication.
    declared = selectors.declared_levels(day=data_day)
    language = translation.get_language()
    children = selectors.children_of(area, day=shown_day)
    parents = [a for a in (area.parent, area.parent.parent if area.parent else None) if a is not None]
    level = published.level if published else None
    applies_measures = level is not None and not area.external
    external = selectors.external_areas(day=shown_day)
    # A commune beside its district, a district beside the province.
    compared = area.parent if area.kind in (Area.Kind.COMMUNE, Area.Kind.DISTRICT) and not area.external else None
    data_until = publication.data_date if publication else None
    upcoming = [
        {
            "published": row,
            "measures": measures_for(level=row.level, date=timezone.localdate(row.publication.effective_at), area=area)
            if not area.external
            else None,
        }
        for row in selectors.upcoming_for_area(area=area, at=at)
    ]
    context = {
        "area": area,
        "publication": publication,
        "published": published,
        "declared": declared.get(area.pk),
        "reasons": explain(published.reasons) if published else [],
        "measures": measures_for(level=level, date=shown_day, area=area) if applies_measures else None,
        "level_text": (
            public_text(key=f"level_{level}", date=shown_day, language=language) if applies_measures else None
        ),
        "upcoming": upcoming,
        "history": timeline.levels_by_data_date(area=area, at=at, last_day=data_until, days=timeline.STRIP_DAYS),
        "trend": timeline.trend(area=area, compared=compared, at=at, last_day=data_until),
        "step_down_ahead": bool(
            published and published.step_down_date and published.level > 1 and published.step_down_date > shown_day
        ),
        "action": action_card(
            area=area,
            level=level,
            levels=levels,
            declared=declared,
            external=external,
            day=shown_day,
            language=language,
        )
        if not area.external
        else None,
        "chart": case_chart(selectors.reported_cases(area=area, until=data_day)),
        "parents": area_rows(parents, levels),
        "children": area_rows(children, levels),
        "neighbours": [(row, declared.get(row.area.pk)) for row in area_rows(neighbours_of(area), levels)],
        "external": [(a, declared.get(a.pk)) for a in external],
        "notices": notices_for_area(area=area, at=at),
        "forecast": None if area.external else area_forecast(stored_for(publication), area.code, day=shown_day),
        "map_config": map_config(levels=levels, day=shown_day, history_day=day, focus=_focus(area, children)),
    }
    return render_page(request, "public/area.html", context, day=day)


@public_page()
def area_history_csv(request, code, *, day):
    """The area's levels and community cases per 100,000 over the last 30 data dates, as formula-safe CSV."""
    at = selectors.moment(day)
    shown_day = timezone.localdate(at)
    area = get_area_or_404(code, day=shown_day)
    publication = selectors.publication_in_force(at=at)
    data_until = publication.data_date if publication else None
    compared = area.parent if area.kind in (Area.Kind.COMMUNE, Area.Kind.DISTRICT) and not area.external else None
    found = timeline.trend(area=area, compared=compared, at=at, last_day=data_until)
    header = [
        _("ngày số liệu"),
        _("mã"),
        _("địa bàn"),
        _("mức"),
        _("mức nguy cơ"),
        _("ca F0 cộng đồng 14 ngày trên 100.000 dân"),
    ]
    if compared is not None:
        header.append(_("cùng chỉ số của %(area)s") % {"area": compared.name})
    rows = [header]
    for d in found.days:
        row = [
            d.day.isoformat(),
            area.code,
            area.name,
            d.level or "",
            level_label(d.level) if d.level else "",
            "" if d.rate is None else d.rate,
        ]
        if compared is not None:
            row.append("" if d.compared_rate is None else d.compared_rate)
        rows.append(row)
    out = io.StringIO()
    write_rows(out, rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="history-{area.code}-{(data_until or shown_day).isoformat()}.csv"'
    )
    return response
