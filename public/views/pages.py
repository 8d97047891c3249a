"""The home page (map, summary, table of communes, announced changes, notices) and the search."""

from itertools import groupby

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from notices.selectors import latest_notices, measures_for, public_text

from .. import selectors
from ..search import search_areas
from .action import hotlines
from .common import public_page, render_page
from .mapconfig import map_config
from .table import TABLE_PARAMS, area_rows, commune_table

HOME_NOTICES = 5
HOME_TEXTS = ("home_purpose", "home_four_on_site", "home_bluezone", "hotlines")


def _announced(changes) -> list[dict]:
    """Group announced changes by publication, each with the measures its new levels will bring."""
    groups = []
    for publication, items in groupby(changes, key=lambda change: change.publication):
        items = list(items)
        effective_day = timezone.localdate(publication.effective_at)
        levels = sorted({c.level for c in items}, reverse=True)
        groups.append(
            {
                "publication": publication,
                "changes": items,
                "measures": [measures_for(level=level, date=effective_day) for level in levels],
            }
        )
    return groups


@public_page(params=TABLE_PARAMS)
def home(request, *, day):
    at = selectors.moment(day)
    shown_day = timezone.localdate(at)
    levels = selectors.levels_in_force(at=at)
    province = selectors.province(day=shown_day)
    districts = selectors.districts(day=shown_day)
    communes = selectors.communes(day=shown_day)
    # Neighbours' declared levels as the levels shown saw them: on the data date of their publication.
    publication = levels.publication
    declared = selectors.declared_levels(day=publication.data_date if publication else shown_day)
    language = translation.get_language()
    context = {
        "publication": levels.publication,
        "province": province,
        "province_level": levels.of(province) if province else None,
        "summary": selectors.level_summary(levels),
        "district_rows": area_rows(districts, levels),
        "districts": districts,
        "table": commune_table(communes=communes, districts=districts, levels=levels, query=request.GET),
        "neighbours": [(area, declared.get(area.pk)) for area in selectors.external_areas(day=shown_day)],
        "announced": _announced(selectors.upcoming_changes(at=at, current=levels)),
        "notices": latest_notices(limit=HOME_NOTICES, at=at),
        "texts": {key: public_text(key=key, date=shown_day, language=language) for key in HOME_TEXTS},
        "map_config": map_config(levels=levels, day=shown_day, history_day=day),
        "hotlines": hotlines(),
    }
    return render_page(request, "public/home.html", context, day=day)


@public_page(params=("q",), cache=False)
def search(request, *, day):
    query = request.GET.get("q", "").strip()[:80]
    shown_day = timezone.localdate(selectors.moment(day))
    results = search_areas(query=query, day=shown_day) if query else []
    if len(results) == 1:
        url = reverse("area", args=[results[0].code])
        return redirect(f"{url}?ngay={day.isoformat()}" if day else url)
    levels = selectors.levels_in_force(at=selectors.moment(day))
    return render_page(
        request,
        "public/search.html",
        {"query": query, "results": area_rows(results, levels)},
        day=day,
    )
