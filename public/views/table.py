"""The table of communes on the home page: filter by district and level, sort by a column (all by query string)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from areas.models import Area

from ..selectors import LevelsInForce

SORTS = {
    "cap": lambda r: (-(r.level or 0), r.area.search_name),
    "ten": lambda r: r.area.search_name,
    "huyen": lambda r: (r.area.parent.search_name if r.area.parent else "", r.area.search_name),
    "dan-so": lambda r: (-r.area.population, r.area.search_name),
    "tu-ngay": lambda r: (-(r.since.toordinal() if r.since else 0), r.area.search_name),
}
DEFAULT_SORT = "cap"


@dataclass(frozen=True)
class AreaRow:
    area: Area
    level: int | None
    since: date | None


@dataclass
class CommuneTable:
    rows: list[AreaRow]
    total: int
    district: Area | None
    level: int | None
    sort: str
    problems: list[str] = field(default_factory=list)


def area_rows(areas: list[Area], levels: LevelsInForce) -> list[AreaRow]:
    rows = []
    for area in areas:
        published = levels.of(area)
        rows.append(AreaRow(area=area, level=published.level if published else None,
                            since=published.since if published else None))
    return rows


def commune_table(*, communes: list[Area], districts: list[Area], levels: LevelsInForce, query) -> CommuneTable:
    """Return the communes filtered and sorted as the query asks; a value we do not know is ignored and said so."""
    problems = []
    district = None
    district_code = query.get("huyen", "").strip()
    if district_code:
        district = next((d for d in districts if d.code == district_code), None)
        if district is None:
            message = _("Không có huyện, thành phố nào mã “%(code)s”: bảng hiện mọi huyện.")
            problems.append(message % {"code": district_code[:20]})
    level = None
    level_text = query.get("cap", "").strip()
    if level_text:
        if level_text in {"1", "2", "3", "4"}:
            level = int(level_text)
        else:
            message = _("Cấp độ phải là 1, 2, 3 hoặc 4 (nhận được “%(value)s”): bảng hiện mọi cấp độ.")
            problems.append(message % {"value": level_text[:20]})
    sort = query.get("sap_xep", "").strip() or DEFAULT_SORT
    if sort not in SORTS:
        problems.append(_("Không sắp xếp được theo “%(value)s”: bảng xếp theo cấp độ.") % {"value": sort[:20]})
        sort = DEFAULT_SORT
    rows = area_rows(communes, levels)
    if district is not None:
        rows = [r for r in rows if r.area.parent_id == district.pk]
    if level is not None:
        rows = [r for r in rows if r.level == level]
    return CommuneTable(rows=sorted(rows, key=SORTS[sort]), total=len(communes), district=district, level=level,
                        sort=sort, problems=problems)
