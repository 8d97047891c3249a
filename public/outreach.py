"""What goes beyond the map — posters, loudspeaker texts, embeds, share previews, alert messages — read once here.

Each of them says the same things of one area: its level in force, since when, from when, on which data, the
few things to do and whom to call, and where to read more.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from areas.models import Area
from notices.models import LoudspeakerText, PublicText
from notices.selectors import measures_for, normalise_language
from notices.spoken import date_words, fill, hotline_sentences, number_words, spoken, time_words
from risk.engine.levels import Level
from risk.models import Publication, PublishedLevel

from . import selectors

TODO_COUNT = 5


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def area_url(area: Area, language: str) -> str:
    """Return the area page's address, in the language given, as people outside the site reach it."""
    with translation.override(language):
        return absolute(reverse("area", args=[area.code]))


@dataclass(frozen=True)
class AreaSheet:
    area: Area
    language: str
    publication: Publication | None
    published: PublishedLevel | None
    todo: tuple[str, ...]
    hotlines: str  # Markdown of the hotlines text in force
    url: str

    @property
    def level(self) -> int | None:
        return self.published.level if self.published else None

    @property
    def label(self) -> str:
        if self.level is None:
            return ""
        return Level(self.level).name(self.language)

    @property
    def short(self) -> str:
        """The level's number in words of the sheet's language ("Mức 3", "Level 3"); "" for none."""
        return Level(self.level).short(self.language) if self.level else ""

    @property
    def badge(self) -> str:
        """The level's full label, as the pages show it ("Mức 3 · Nguy cơ cao"); "" for none."""
        return Level(self.level).badge(self.language) if self.level else ""

    @property
    def colour(self) -> str:
        return Level(self.level).colour if self.level else "#8a8a8a"

    @property
    def since(self) -> datetime.date | None:
        return self.published.since if self.published else None

    @property
    def effective_at(self) -> datetime.datetime | None:
        return timezone.localtime(self.publication.effective_at) if self.publication else None

    @property
    def data_date(self) -> datetime.date | None:
        return self.publication.data_date if self.publication else None


def things_to_do(*, level: int, area: Area, date: datetime.date, language: str, count: int = TODO_COUNT) -> list[str]:
    """Return the most important measures of an area at level: the province's own first, then the highest level's."""
    measures = measures_for(level=level, date=date, area=area, language=language)
    leads = [item.lead for item in measures.local]
    for group in reversed(measures.mandatory):
        leads += [item.lead for item in group.measures]
    return leads[:count]


def hotlines_markdown(*, date: datetime.date, language: str) -> str:
    text = PublicText.objects.in_force(date).filter(key=PublicText.Key.HOTLINES).order_by("-valid_from", "-pk").first()
    if text is None:
        return ""
    return text.body_en if language == "en" and text.body_en.strip() else text.body_vi


def area_sheet(*, area: Area, publication: Publication | None, language: str) -> AreaSheet:
    """Return what every outreach piece says of area under publication (the one in force when None is given)."""
    language = normalise_language(language)
    published = PublishedLevel.objects.filter(publication=publication, area=area).first() if publication else None
    date = timezone.localdate(publication.effective_at) if publication else timezone.localdate()
    todo = (
        tuple(things_to_do(level=published.level, area=area, date=date, language=language))
        if published and not area.external
        else ()
    )
    return AreaSheet(
        area=area,
        language=language,
        publication=publication,
        published=published,
        todo=todo,
        hotlines=hotlines_markdown(date=date, language=language),
        url=area_url(area, language),
    )


def current_sheet(*, code: str, language: str) -> AreaSheet | None:
    """Return the sheet of the area with this code under the levels in force now, None for an unknown code."""
    area = selectors.area_by_code(code, day=timezone.localdate())
    if area is None or area.external:
        return None
    publication = selectors.publication_in_force(at=timezone.now())
    return area_sheet(area=area, publication=publication, language=language)


# ── Loudspeaker text ─────────────────────────────────────────────────────────────────────────────────────────


def loudspeaker_text(sheet: AreaSheet) -> str | None:
    """Return the text to read aloud for the area of sheet, from the editors' template of its level; None if none."""
    if sheet.level is None:
        return None
    date = timezone.localdate(sheet.publication.effective_at)
    template = LoudspeakerText.objects.in_force(date).filter(level=sheet.level).order_by("-valid_from", "-pk").first()
    if template is None:
        return None
    language = sheet.language
    body = template.body_en if language == "en" and template.body_en.strip() else template.body_vi
    used = "en" if body is template.body_en and language == "en" else "vi"
    values = {
        "dia_ban": sheet.area.name,
        "cap_do": number_words(sheet.level, used),
        "ten_cap_do": (Level(sheet.level).label_en if used == "en" else Level(sheet.level).label_vi).lower(),
        "tu_ngay": date_words(sheet.since, used),
        "hieu_luc": time_words(sheet.effective_at, used),
        "viec_can_lam": " ".join(_sentence(spoken(item, used)) for item in _todo_in(sheet, used)),
        "duong_day_nong": " ".join(hotline_sentences(hotlines_markdown(date=date, language=used), used)),
    }
    return "\n\n".join(part.strip() for part in fill(body, values).split("\n\n") if part.strip()) + "\n"


def _todo_in(sheet: AreaSheet, language: str) -> tuple[str, ...]:
    if language == sheet.language:
        return sheet.todo
    date = timezone.localdate(sheet.publication.effective_at)
    return tuple(things_to_do(level=sheet.level, area=sheet.area, date=date, language=language))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
