"""An area's levels and community cases day by day, labelled with the data dates of the publications they come from.

The strip and the 30-day trend draw each day from the publication made with that day's data (the latest one, when
a correction was published), so a page shown in December with June's data says June, not December. The cases are
those the rules read: community F0 (known and unknown source) over the 14 days up to each date, per 100,000.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Sum

from areas.models import Area
from ingest.models import DailyReport
from risk.models import Publication, PublishedLevel

from .selectors import _report_areas

TREND_DAYS = 30
STRIP_DAYS = 14
WINDOW_DAYS = 14
COMMUNITY_CASES = F("community_cases_known_source") + F("community_cases_unknown_source")


@dataclass(frozen=True)
class DayLevel:
    day: datetime.date  # the data date of the publication the level comes from
    level: int | None
    effective_at: datetime.datetime | None


def levels_by_data_date(
    *, area: Area, at: datetime.datetime, last_day: datetime.date | None, days: int
) -> list[DayLevel]:
    """Return, for each of the `days` data dates up to last_day, the area's level published with that day's data."""
    if last_day is None:
        return []
    first_day = last_day - datetime.timedelta(days=days - 1)
    publications = (
        Publication.objects.filter(effective_at__lte=at, data_date__gte=first_day, data_date__lte=last_day)
        .order_by("data_date", "effective_at", "pk")
        .values_list("pk", "data_date", "effective_at")
    )
    latest = {data_date: (pk, effective) for pk, data_date, effective in publications}
    levels = dict(
        PublishedLevel.objects.filter(area=area, publication__in=[pk for pk, _ in latest.values()]).values_list(
            "publication_id", "level"
        )
    )
    out = []
    for i in range(days):
        day = first_day + datetime.timedelta(days=i)
        pk, effective = latest.get(day, (None, None))
        out.append(DayLevel(day=day, level=levels.get(pk), effective_at=effective))
    return out


def community_rates(*, area: Area | None, last_day: datetime.date | None, days: int) -> list[float | None]:
    """Return community F0 per 100,000 over the 14 days up to each of the `days` dates; None without a population."""
    if area is None or last_day is None or not area.population:
        return [None] * days
    first_day = last_day - datetime.timedelta(days=days - 1)
    since = first_day - datetime.timedelta(days=WINDOW_DAYS - 1)
    totals = dict(
        DailyReport.objects.filter(_report_areas(area), date__gte=since, date__lte=last_day)
        .values("date")
        .annotate(cases=Sum(COMMUNITY_CASES))
        .values_list("date", "cases")
    )
    out = []
    for i in range(days):
        day = first_day + datetime.timedelta(days=i)
        window = sum(totals.get(day - datetime.timedelta(days=k)) or 0 for k in range(WINDOW_DAYS))
        out.append(round(window * 100_000 / area.population, 1))
    return out


@dataclass(frozen=True)
class TrendDay:
    day: datetime.date
    level: int | None
    rate: float | None
    compared_rate: float | None
    x: float
    width: float
    rate_y: float | None
    compared_y: float | None


@dataclass(frozen=True)
class Trend:
    days: list[TrendDay]
    compared: Area | None
    width: int
    height: int
    band: int
    peak: float
    line: str
    compared_line: str

    @property
    def first(self):
        return self.days[0].day if self.days else None

    @property
    def last(self):
        return self.days[-1].day if self.days else None


WIDTH, BAND, PLOT = 600, 18, 110


def _points(days: list[tuple[float, float | None]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in days if y is not None)


def trend(
    *, area: Area, compared: Area | None, at: datetime.datetime, last_day: datetime.date | None, days: int = TREND_DAYS
) -> Trend:
    """Return the area's levels and community rates for `days` data dates, beside those of `compared`, as SVG
    coordinates (a band of level cells on top, two lines of rates below)."""
    levels = levels_by_data_date(area=area, at=at, last_day=last_day, days=days)
    rates = community_rates(area=area, last_day=last_day, days=days)
    others = community_rates(area=compared, last_day=last_day, days=days)
    peak = max([r for r in rates + others if r is not None] + [1.0])
    step = WIDTH / max(days, 1)
    top = BAND + 8

    def y(rate):
        return None if rate is None else round(top + PLOT - PLOT * rate / peak, 1)

    out = [
        TrendDay(
            day=d.day,
            level=d.level,
            rate=r,
            compared_rate=o,
            x=round(i * step, 1),
            width=round(step - 1, 1),
            rate_y=y(r),
            compared_y=y(o),
        )
        for i, (d, r, o) in enumerate(zip(levels, rates, others))
    ]
    centre = step / 2
    return Trend(
        days=out,
        compared=compared,
        width=WIDTH,
        height=top + PLOT,
        band=BAND,
        peak=peak,
        line=_points([(round(d.x + centre, 1), d.rate_y) for d in out]),
        compared_line=_points([(round(d.x + centre, 1), d.compared_y) for d in out]),
    )
