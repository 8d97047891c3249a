"""The forecast around the database: its input for a date, the reports of an upload file, and the stored
forecast of each publication. The method itself is risk/forecast/ (pure)."""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from areas.models import Area
from ingest.models import DailyReport
from ingest.tabular import FileRejected, read_table
from ingest.validation import plan_reports, table_inputs

from . import engine, selectors
from .forecast import ForecastParameters, forecast
from .models import Publication, PublicationForecast, RuleSet

logger = logging.getLogger(__name__)


# ── Selectors ────────────────────────────────────────────────────────────────────────────────────────────────


def forecast_input(*, day: datetime.date, ruleset: RuleSet) -> engine.EngineInput:
    """The engine input of day with the reports of the forecast's longer history (none after day)."""
    inp, ids = selectors.engine_input(day=day, ruleset=ruleset)
    code_of = {pk: code for code, pk in ids.items()}
    first = day - datetime.timedelta(days=ForecastParameters().history_days - 1)
    something = Q()
    for name in selectors.REPORT_COUNTS:
        something |= Q(**{f"{name}__gt": 0})
    reports = [
        engine.Report(area=code_of[area_id], date=date, **dict(zip(selectors.REPORT_COUNTS, counts)))
        for area_id, date, *counts in DailyReport.objects.filter(something, date__range=(first, day)).values_list(
            "area_id", "date", *selectors.REPORT_COUNTS
        )
        if area_id in code_of
    ]
    return replace(inp, reports=sorted(reports, key=lambda r: (r.area, r.date)))


def forecast_of(publication: Publication | None) -> PublicationForecast | None:
    if publication is None:
        return None
    return PublicationForecast.objects.filter(publication=publication).first()


def file_input(*, content: bytes, name: str) -> engine.EngineInput:
    """The areas and adjacency of the database with the reports of an upload file (and nothing else).

    Raise FileRejected with the same row × column messages as import_reports when the file has errors."""
    table = read_table(content, name)
    plan = plan_reports(table_inputs(table), scope=None, labels=table.labels)
    if plan.has_errors:
        raise FileRejected(plan.error_lines())
    reports = [
        engine.Report(area=row.area.code, date=row.date, **{k: row.values.get(k) or 0 for k in selectors.REPORT_COUNTS})
        for row in plan.rows
    ]
    last = max(r.date for r in reports)
    ruleset = selectors.ruleset_in_force(last) or RuleSet.objects.order_by("valid_from").first()
    inp, _ids = selectors.engine_input(day=last, ruleset=ruleset)
    return replace(inp, reports=sorted(reports, key=lambda r: (r.area, r.date)), flags=(), declared=(), overrides=())


# ── Services ─────────────────────────────────────────────────────────────────────────────────────────────────


def compute_forecast(*, publication: Publication, futures: int | None = None) -> PublicationForecast | None:
    """Forecast from the publication's data date and store it (replacing an earlier one for it)."""
    ruleset = selectors.ruleset_in_force(publication.data_date)
    if ruleset is None:
        return None
    futures = futures or settings.FORECAST_FUTURES
    inp = forecast_input(day=publication.data_date, ruleset=ruleset)
    started = time.perf_counter()
    result = forecast(inp, ruleset=ruleset.code, futures=futures, seed=publication.pk)
    seconds = time.perf_counter() - started
    data = result.to_json()
    with transaction.atomic():
        stored, _created = PublicationForecast.objects.update_or_create(
            publication=publication,
            defaults={
                "origin": publication.data_date,
                "futures": futures,
                "seed": publication.pk,
                "data": data,
                "seconds": round(seconds, 3),
            },
        )
    logger.info(
        "risk: forecast from %s computed",
        publication.data_date.isoformat(),
        extra={
            "publication": publication.pk,
            "futures": futures,
            "seconds": round(seconds, 3),
            "distinct": result.distinct_futures,
        },
    )
    return stored


@dataclass(frozen=True)
class RiseRow:
    area: Area
    current: int
    rise: float  # chance of a level above `current` on some day of the next 7


@dataclass
class ReviewForecast:
    """The latest forecast an approver can read beside a date's proposals."""

    stored: PublicationForecast
    rows: list[RiseRow]  # every area with a chance of rising, highest first (districts before communes on a tie)
    rise: dict[int, float]  # by area id

    @property
    def origin(self) -> datetime.date:
        return self.stored.origin


KIND_ORDER = {Area.Kind.PROVINCE: 0, Area.Kind.DISTRICT: 1, Area.Kind.COMMUNE: 2}


def review_forecast(data_date: datetime.date) -> ReviewForecast | None:
    """Return the forecast made from the latest publication with data up to data_date, sorted by chance of rising."""
    stored = (
        PublicationForecast.objects.filter(origin__lte=data_date)
        .order_by("-origin", "-publication__published_at", "-pk")
        .first()
    )
    if stored is None:
        return None
    entries = stored.data.get("areas", {})
    areas = selectors.without_geometry(
        Area.objects.valid_on(stored.origin).internal().filter(code__in=list(entries)).select_related("parent"),
        "parent",
    )
    rise = {}
    rows = []
    for area in areas:
        entry = entries[area.code]
        rise[area.pk] = entry["rise"]
        if entry["rise"] > 0:
            rows.append(RiseRow(area, entry["current"], entry["rise"]))
    rows.sort(key=lambda r: (-r.rise, KIND_ORDER.get(r.area.kind, 3), r.area.name))
    return ReviewForecast(stored=stored, rows=rows, rise=rise)
