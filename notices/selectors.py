"""Reads for notices, measures and public texts, as the public pages show them."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from areas.models import KIND_ORDER, Area
from risk.engine.levels import Level

from .markup import render_markdown
from .models import Measure, Notice, NoticeQuerySet, PublicText

SUB_POINT = "- "


def normalise_language(language: str | None) -> str:
    """Return "en" or "vi" (the site's two languages) for any language code."""
    return "en" if (language or "").lower().startswith("en") else "vi"


def level_label(level: int, language: str | None = None) -> str:
    """Return the level's official name in the language given, else the active one."""
    return Level(level).name(normalise_language(language or translation.get_language()))


def level_badge(level: int, language: str | None = None) -> str:
    """Return the level's full label ("Mức 3 · Nguy cơ cao") in the language given, else the active one."""
    return Level(level).badge(normalise_language(language or translation.get_language()))


def level_short(level: int, language: str | None = None) -> str:
    """Return the level's number in words ("Mức 3", "Level 3") in the language given, else the active one."""
    return Level(level).short(normalise_language(language or translation.get_language()))


def area_rank(area: Area) -> tuple[int, str]:
    """Sort key: the province, then districts, then communes, each by code."""
    return KIND_ORDER[area.kind], area.code


def area_and_ancestors(area: Area) -> list[Area]:
    """Return area, then the areas it belongs to, up to the province."""
    chain = []
    while area is not None and len(chain) < 4:
        chain.append(area)
        area = area.parent
    return chain


# Measures


@dataclass(frozen=True)
class MeasureItem:
    pk: int
    level: int
    text: str
    language: str
    lead: str
    points: tuple[str, ...]
    legal_reference: str
    mandatory: bool
    local_decision: str
    area_name: str
    valid_from: datetime.date
    valid_to: datetime.date | None


@dataclass(frozen=True)
class LevelMeasures:
    level: int
    label: str
    measures: tuple[MeasureItem, ...]
    badge: str  # "Mức 3 · Nguy cơ cao", in the language of label


@dataclass(frozen=True)
class MeasuresInForce:
    """The measures an area at `level` applies on `date`: the Decision's floor, and the province's additions apart."""

    level: int
    date: datetime.date
    mandatory: tuple[LevelMeasures, ...]
    local: tuple[MeasureItem, ...]

    @property
    def is_empty(self) -> bool:
        return not any(group.measures for group in self.mandatory) and not self.local


def _measure_item(measure: Measure, language: str) -> MeasureItem:
    text, used = (measure.text_en, "en") if language == "en" and measure.text_en.strip() else (measure.text_vi, "vi")
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    lead = lines[0] if lines else ""
    points = tuple(line[len(SUB_POINT) :].strip() for line in lines[1:] if line.startswith(SUB_POINT))
    others = [line for line in lines[1:] if not line.startswith(SUB_POINT)]
    if others:
        lead = " ".join([lead, *others])
    return MeasureItem(
        pk=measure.pk,
        level=measure.level,
        text=text,
        language=used,
        lead=lead,
        points=points,
        legal_reference=measure.legal_reference,
        mandatory=measure.mandatory,
        local_decision=measure.local_decision,
        area_name=measure.area.name if measure.area_id else "",
        valid_from=measure.valid_from,
        valid_to=measure.valid_to,
    )


def measures_for(
    *, level: int, date: datetime.date, area: Area | None = None, language: str | None = None
) -> MeasuresInForce:
    """Return the measures in force on date for an area at level: levels 1..level (cumulative), local ones apart."""
    level = int(Level(level))
    language = normalise_language(language or translation.get_language())
    in_force = Measure.objects.in_force(date).filter(level__lte=level).select_related("area")
    mandatory = list(in_force.filter(mandatory=True).order_by("level", "order", "pk"))
    places = Q(area__isnull=True)
    if area is not None:
        places |= Q(area__in=area_and_ancestors(area))
    local = list(in_force.filter(mandatory=False).filter(places).order_by("level", "order", "pk"))
    groups = tuple(
        LevelMeasures(
            level=step,
            label=level_label(step, language),
            measures=tuple(_measure_item(m, language) for m in mandatory if m.level == step),
            badge=level_badge(step, language),
        )
        for step in range(1, level + 1)
    )
    return MeasuresInForce(
        level=level, date=date, mandatory=groups, local=tuple(_measure_item(m, language) for m in local)
    )


# Public texts


@dataclass(frozen=True)
class RenderedText:
    key: str
    title: str
    body_html: SafeString
    language: str
    valid_from: datetime.date


def public_text(*, key: str, date: datetime.date, language: str) -> RenderedText | None:
    """Return the text in force on date for key, in language (Vietnamese when not translated), or None."""
    text = PublicText.objects.in_force(date).filter(key=key).order_by("-valid_from", "-pk").first()
    if text is None:
        return None
    if normalise_language(language) == "en" and text.body_en.strip():
        title, body, used = text.title_en or text.title_vi, text.body_en, "en"
    else:
        title, body, used = text.title_vi, text.body_vi, "vi"
    # render_markdown sanitises: the result is safe to output as is.
    return RenderedText(
        key=text.key, title=title, body_html=mark_safe(render_markdown(body)), language=used, valid_from=text.valid_from
    )


# Notices


def _newest_first(notices: NoticeQuerySet) -> NoticeQuerySet:
    return notices.prefetch_related("areas").order_by("-publish_at", "-pk")


def latest_notices(*, limit: int, at: datetime.datetime | None = None) -> list[Notice]:
    """Return the newest notices in force (published, not withdrawn, not expired)."""
    return list(_newest_first(Notice.objects.current(at))[:limit])


def notices_for_area(*, area: Area, at: datetime.datetime | None = None) -> list[Notice]:
    """Return the notices in force that concern area or an area it belongs to."""
    return list(_newest_first(Notice.objects.current(at).concerning(area_and_ancestors(area))))


def pinned_notices(*, at: datetime.datetime | None = None) -> list[Notice]:
    """Return the pinned notices in force, for the banner on every page."""
    return list(Notice.objects.current(at).filter(pinned=True).order_by("-publish_at", "-pk"))


def public_notices(*, area: Area | None = None, at: datetime.datetime | None = None) -> NoticeQuerySet:
    """Return every notice the public may see, withdrawn and expired included, optionally about one area.

    An area filter keeps the notices about the area, about the areas it belongs to and about the areas in it.
    """
    notices = Notice.objects.published(at)
    if area is not None:
        related = Area.objects.filter(
            Q(pk__in=[a.pk for a in area_and_ancestors(area)]) | Q(parent=area) | Q(parent__parent=area)
        )
        notices = notices.concerning(related)
    return _newest_first(notices)


def notice_for_reader(*, slug: str, can_preview: bool, at: datetime.datetime | None = None) -> Notice | None:
    """Return the notice at slug if the reader may see it: the public sees published ones, editors every one."""
    notices = Notice.objects.all() if can_preview else Notice.objects.published(at)
    return notices.prefetch_related("areas").select_related("source_publication").filter(slug=slug).first()


def filter_areas(*, date: datetime.date | None = None) -> list[Area]:
    """Return the province's areas for the area filter, province first, then districts and their communes."""
    date = date or timezone.localdate()
    return sorted(Area.objects.internal().valid_on(date), key=area_rank)


def area_by_code(code: str, *, date: datetime.date | None = None) -> Area | None:
    date = date or timezone.localdate()
    return Area.objects.internal().valid_on(date).filter(code=code).select_related("parent__parent").first()
