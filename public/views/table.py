"""The table of communes on the home page: filter by district and level, sort by a column (all by query string)."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from areas.models import Area

from ..selectors import LevelsInForce

SORTS = {
    "cap": lambda r: (-(r.level or 0), r.area.sort_key),
    "ten": lambda r: r.area.sort_key,
    "huyen": lambda r: (r.area.parent.sort_key if r.area.parent else "", r.area.sort_key),
    "dan-so": lambda r: (-r.area.population, r.area.sort_key),
    "tu-ngay": lambda r: (-(r.since.toordinal() if r.since else 0), r.area.sort_key),
}
DEFAULT_SORT = "cap"
# The table's query parameters: the only ones (with the date) that change the home page, its cache key and links.
DISTRICT_PARAM, LEVEL_PARAM, SORT_PARAM, PAGE_PARAM = "huyen", "cap", "sap_xep", "trang"
TABLE_PARAMS = (DISTRICT_PARAM, LEVEL_PARAM, SORT_PARAM, PAGE_PARAM)
# The home page shows this many rows at a time (200 rows made the page heavy on phones); the rest are a link away.
PAGE_SIZE = 25


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
    page: int = 1
    pages: int = 1
    matching: int = 0

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def area_rows(areas: list[Area], levels: LevelsInForce) -> list[AreaRow]:
    rows = []
    for area in areas:
        published = levels.of(area)
        rows.append(
            AreaRow(
                area=area, level=published.level if published else None, since=published.since if published else None
            )
        )
    return rows


def commune_table(*, communes: list[Area], districts: list[Area], levels: LevelsInForce, query) -> CommuneTable:
    """Return the communes filtered and sorted as the query asks; a value we do not know is ignored and said so."""
    problems = []
    district = None
    district_code = query.get(DISTRICT_PARAM, "").strip()
    if district_code:
        district = next((d for d in districts if d.code == district_code), None)
        if district is None:
            message = _("Không có huyện, thành phố nào mã “%(code)s”: bảng hiện mọi huyện.")
            problems.append(message % {"code": district_code[:20]})
    level = None
    level_text = query.get(LEVEL_PARAM, "").strip()
    if level_text:
        if level_text in {"1", "2", "3", "4"}:
            level = int(level_text)
        else:
            message = _("Mức nguy cơ phải là 1, 2, 3 hoặc 4 (nhận được “%(value)s”): bảng hiện mọi mức nguy cơ.")
            problems.append(message % {"value": level_text[:20]})
    sort = query.get(SORT_PARAM, "").strip() or DEFAULT_SORT
    if sort not in SORTS:
        problems.append(_("Không sắp xếp được theo “%(value)s”: bảng xếp theo mức nguy cơ.") % {"value": sort[:20]})
        sort = DEFAULT_SORT
    rows = area_rows(communes, levels)
    if district is not None:
        rows = [r for r in rows if r.area.parent_id == district.pk]
    if level is not None:
        rows = [r for r in rows if r.level == level]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page_text = query.get(PAGE_PARAM, "").strip()
    page = 1
    if page_text:
        if page_text.isdigit() and 1 <= int(page_text) <= pages:
            page = int(page_text)
        else:
            problems.append(_("Không có trang “%(value)s”: bảng hiện trang 1.") % {"value": page_text[:20]})
    shown = sorted(rows, key=SORTS[sort])[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return CommuneTable(
        rows=shown,
        total=len(communes),
        district=district,
        level=level,
        sort=sort,
        problems=problems,
        page=page,
        pages=pages,
        matching=len(rows),
    )
