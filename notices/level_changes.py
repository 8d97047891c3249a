"""What a publication of levels changes, written up as the Markdown of a draft notice.

The draft is content, not interface: it is written in Vietnamese only, like every notice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from areas.models import Area
from areas.selectors import without_geometry
from risk.engine.levels import Level
from risk.models import Publication, PublishedLevel

from .models import Measure
from .selectors import area_and_ancestors, area_rank

# Before the first publication every area is at the new normal.
BASELINE_LEVEL = 1


@dataclass(frozen=True)
class LevelChange:
    area: Area
    before: int
    after: int


def publication_in_force_before(publication: Publication) -> Publication | None:
    """Return the publication in force just before this one took effect."""
    return (
        Publication.objects.filter(
            Q(effective_at__lt=publication.effective_at)
            | Q(effective_at=publication.effective_at, pk__lt=publication.pk)
        )
        .order_by("-effective_at", "-pk")
        .first()
    )


def level_changes(publication: Publication) -> list[LevelChange]:
    """Return the areas of the province whose level differs from the previous publication's."""
    previous = publication_in_force_before(publication)
    before = (
        dict(PublishedLevel.objects.filter(publication=previous).values_list("area_id", "level")) if previous else {}
    )
    # Boundaries are the heavy part of an area and a notice needs none of them.
    published = without_geometry(
        PublishedLevel.objects.filter(publication=publication, area__external=False).select_related(
            "area__parent__parent"
        ),
        "area",
        "area__parent",
        "area__parent__parent",
    )
    changes = [
        LevelChange(area=row.area, before=before.get(row.area_id, BASELINE_LEVEL), after=row.level)
        for row in published
        if before.get(row.area_id, BASELINE_LEVEL) != row.level
    ]
    return sorted(changes, key=lambda c: area_rank(c.area))


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y")


def _label(level: int) -> str:
    return Level(level).badge("vi")


def _place(area: Area) -> str:
    return f"{area.name} ({area.parent.name})" if area.kind == Area.Kind.COMMUNE and area.parent else area.name


def _measure_markdown(measure: Measure, number: int | None = None) -> list[str]:
    lines = [line.strip() for line in measure.text_vi.strip().splitlines() if line.strip()]
    bullet = f"{number}." if number else "-"
    reference = measure.local_decision if not measure.mandatory else measure.legal_reference
    out = [f"{bullet} {lines[0]} *({reference})*"]
    out += [f"    {line}" if line.startswith("- ") else f"    - {line}" for line in lines[1:]]
    return out


def _measures_between(measures: list[Measure], low: int, high: int) -> list[Measure]:
    """Measures of levels low+1..high: those an area gains going up from low, or loses going down to low."""
    return [m for m in measures if low < m.level <= high]


def _group_markdown(before: int, after: int, changes: list[LevelChange], measures: list[Measure]) -> list[str]:
    going_up = after > before
    heading = "Lên" if going_up else "Xuống"
    out = [f"## {heading} {_label(after)} (trước đó: {_label(before)})", ""]
    out += [f"- {_place(c.area)}" for c in changes]
    out.append("")
    crossed = _measures_between(measures, min(before, after), max(before, after))
    mandatory = [m for m in crossed if m.mandatory]
    province_wide = [m for m in crossed if not m.mandatory and m.area_id is None]
    if mandatory:
        out += [
            "**Các biện pháp bắt buộc áp dụng thêm:**" if going_up else "**Các biện pháp bắt buộc không còn áp dụng:**",
            "",
        ]
        for level in sorted({m.level for m in mandatory}):
            out += [f"*{Level(level).badge('vi')}*", ""]
            for number, measure in enumerate((m for m in mandatory if m.level == level), start=1):
                out += _measure_markdown(measure, number)
            out.append("")
    local_lines = [line for m in province_wide for line in _measure_markdown(m)]
    places = {a.pk for change in changes for a in area_and_ancestors(change.area)}
    for measure in crossed:
        if not measure.mandatory and measure.area_id in places:
            lines = _measure_markdown(measure)
            lines[0] = lines[0].replace("- ", f"- Riêng {measure.area.name}: ", 1)
            local_lines += lines
    if local_lines:
        out += ["**Biện pháp của tỉnh áp dụng thêm:**" if going_up else "**Biện pháp của tỉnh không còn áp dụng:**", ""]
        out += local_lines + [""]
    return out


def compose(publication: Publication, changes: list[LevelChange]) -> tuple[str, str, str]:
    """Return the title, summary and Markdown body of the draft notice announcing changes."""
    when = _when(publication.effective_at)
    date = timezone.localdate(publication.effective_at)
    measures = list(
        Measure.objects.in_force(date).select_related("area").order_by("level", "-mandatory", "order", "pk")
    )
    groups: dict[tuple[int, int], list[LevelChange]] = defaultdict(list)
    for change in changes:
        groups[(change.before, change.after)].append(change)
    up = sum(1 for c in changes if c.after > c.before)
    down = len(changes) - up
    title = f"Thay đổi mức độ nguy cơ COVID-19 từ {when}"
    parts = []
    if up:
        parts.append(f"{up} địa bàn lên mức cao hơn")
    if down:
        parts.append(f"{down} địa bàn xuống mức thấp hơn")
    summary = f"Từ {when}, mức độ nguy cơ của {len(changes)} địa bàn thay đổi: {', '.join(parts)}."
    body = [
        f"> Bản nháp do hệ thống soạn từ lần công bố mức độ nguy cơ (số liệu đến ngày {publication.data_date:%d/%m/%Y}). "
        "Biên tập viên kiểm tra, bổ sung lý do và hướng dẫn, xoá đoạn này rồi mới đăng.",
        "",
        f"Từ **{when}**, mức độ nguy cơ COVID-19 theo Quyết định 2686/QĐ-BCĐQG của các địa bàn sau thay đổi.",
        "",
    ]
    # Highest new level first: what residents most need to know comes first.
    for before, after in sorted(groups, key=lambda pair: (-pair[1], -pair[0])):
        body += _group_markdown(before, after, groups[(before, after)], measures)
    body.append(
        "Các biện pháp được cộng dồn: địa bàn ở một mức nguy cơ áp dụng cả biện pháp của các mức nguy cơ thấp hơn."
    )
    return title, summary, "\n".join(body)
