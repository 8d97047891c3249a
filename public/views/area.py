"""The page of one area: its level and why, what must be done, what is announced, its history and surroundings."""

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from areas.models import Area
from areas.selectors import neighbours_of
from notices.selectors import measures_for, notices_for_area, public_text

from .. import selectors
from ..forecast import area_forecast, stored_for
from .caching import public_page
from .charts import case_chart
from .common import render_page
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
    upcoming = [
        {
            "published": row,
            "measures": measures_for(level=row.level, date=timezone.localdate(row.publication.effective_at), area=area)
            if not area.external else None,
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
        "history": selectors.level_history(area=area, until=at),
        "chart": case_chart(selectors.reported_cases(area=area, until=data_day)),
        "parents": area_rows(parents, levels),
        "children": area_rows(children, levels),
        "neighbours": [(row, declared.get(row.area.pk)) for row in area_rows(neighbours_of(area), levels)],
        "notices": notices_for_area(area=area, at=at),
        "forecast": None if area.external else area_forecast(stored_for(publication), area.code),
        "map_config": map_config(levels=levels, day=shown_day, history_day=day, focus=_focus(area, children)),
    }
    return render_page(request, "public/area.html", context, day=day)
