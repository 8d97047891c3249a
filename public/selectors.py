"""Public reads: the levels in force at a time, their history, announced changes, search and what pages depend on."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone

from areas.models import GEOMETRY_FIELDS, Area
from areas.selectors import boundaries_are_schematic
from ingest.models import DailyReport, DeclaredLevel
from ingest.selectors import data_is_synthetic
from notices.models import Measure, Notice, PublicText
from risk.engine.levels import LEVELS
from risk.models import Publication, PublicationForecast, PublishedLevel, RuleSet
from risk.selectors import engine_parameters, ruleset_in_force

HISTORY_DAYS = 14
# Pages never draw an area's geometry from these reads (the map has its own file): leave the heavy columns out.
HEAVY = GEOMETRY_FIELDS
HEAVY_WITH_PARENT = HEAVY + tuple(f"parent__{name}" for name in HEAVY)


def _areas():
    return Area.objects.defer(*HEAVY)


def _related_area(queryset):
    """Select each row's area and its parent without their geometries."""
    return queryset.select_related("area", "area__parent").defer(*(f"area__{name}" for name in HEAVY_WITH_PARENT))


# ── Time ─────────────────────────────────────────────────────────────────────────────────────────────────────


def moment(day: datetime.date | None, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """Return the instant a page shows: now, or the last instant of `day` (local time) for a page of the past."""
    now = now or timezone.now()
    if day is None or day >= timezone.localdate(now):
        return now
    end = datetime.datetime.combine(day, datetime.time.max)
    return timezone.make_aware(end, timezone.get_default_timezone())


def first_publication_date() -> datetime.date | None:
    """Return the first day that has published levels (the earliest date worth picking in the history)."""
    first = Publication.objects.aggregate(first=Min("effective_at"))["first"]
    return timezone.localdate(first) if first else None


# ── Levels in force ──────────────────────────────────────────────────────────────────────────────────────────


def publication_in_force(*, at: datetime.datetime) -> Publication | None:
    """Return the latest publication whose effective time has come at `at`."""
    return Publication.objects.in_force(at).first()


@dataclass(frozen=True)
class LevelsInForce:
    """The published levels of one publication (none before the first), by area id."""

    publication: Publication | None
    by_area: dict[int, PublishedLevel]

    def of(self, area: Area) -> PublishedLevel | None:
        return self.by_area.get(area.pk)

    def level_of(self, area: Area) -> int | None:
        found = self.by_area.get(area.pk)
        return found.level if found else None


def levels_of(publication: Publication | None) -> LevelsInForce:
    if publication is None:
        return LevelsInForce(publication=None, by_area={})
    rows = _related_area(PublishedLevel.objects.filter(publication=publication))
    return LevelsInForce(publication=publication, by_area={row.area_id: row for row in rows})


def levels_in_force(*, at: datetime.datetime) -> LevelsInForce:
    """Return the levels in force at `at`: those of the latest publication with effective_at ≤ at."""
    return levels_of(publication_in_force(at=at))


def declared_levels(*, day: datetime.date) -> dict[int, DeclaredLevel]:
    """Return the levels that the neighbouring provinces' authorities declared for day, by area id."""
    found = {}
    for declared in DeclaredLevel.objects.filter(start__lte=day, end__gte=day).order_by("start", "pk"):
        found[declared.area_id] = declared  # the most recent declaration wins
    return found


@dataclass(frozen=True)
class LevelCount:
    level: int
    communes: int
    population: int


def level_summary(levels: LevelsInForce) -> list[LevelCount]:
    """Return the number of communes and of people at each level, highest level first."""
    communes: dict[int, int] = defaultdict(int)
    people: dict[int, int] = defaultdict(int)
    for row in levels.by_area.values():
        if row.area.kind == Area.Kind.COMMUNE and not row.area.external:
            communes[row.level] += 1
            people[row.level] += row.area.population
    return [LevelCount(level=int(lv), communes=communes[lv], population=people[lv]) for lv in reversed(LEVELS)]


# ── Announced changes ────────────────────────────────────────────────────────────────────────────────────────


def upcoming_publications(*, at: datetime.datetime) -> list[Publication]:
    """Return publications already announced at `at` whose effective time is still to come, soonest first."""
    return list(Publication.objects.filter(published_at__lte=at, effective_at__gt=at).order_by("effective_at", "pk"))


@dataclass(frozen=True)
class UpcomingChange:
    publication: Publication
    area: Area
    level: int
    previous_level: int | None


def upcoming_changes(*, at: datetime.datetime, current: LevelsInForce) -> list[UpcomingChange]:
    """Return, for each announced publication, the areas whose level it changes, in the order they take effect."""
    changes = []
    before = {pk: row.level for pk, row in current.by_area.items()}
    for publication in upcoming_publications(at=at):
        rows = _related_area(PublishedLevel.objects.filter(publication=publication))
        for row in sorted(rows, key=lambda r: (-r.level, r.area.kind != Area.Kind.PROVINCE, r.area.kind, r.area.name)):
            if before.get(row.area_id) != row.level:
                changes.append(UpcomingChange(publication, row.area, row.level, before.get(row.area_id)))
            before[row.area_id] = row.level
    return changes


def upcoming_for_area(*, area: Area, at: datetime.datetime) -> list[PublishedLevel]:
    """Return the announced levels of one area that are not yet in force, soonest first."""
    return list(
        PublishedLevel.objects.filter(area=area, publication__in=upcoming_publications(at=at))
        .select_related("publication")
        .order_by("publication__effective_at", "publication__pk")
    )


# ── One area ─────────────────────────────────────────────────────────────────────────────────────────────────


def area_by_code(code: str, *, day: datetime.date) -> Area | None:
    """Return the area with this GSO code that existed on day."""
    return (
        Area.objects.valid_on(day)
        .filter(code=code)
        .select_related("parent", "parent__parent")
        .defer(*HEAVY_WITH_PARENT, *(f"parent__parent__{name}" for name in HEAVY))
        .first()
    )


def children_of(area: Area, *, day: datetime.date) -> list[Area]:
    return list(area.children.valid_on(day).defer(*HEAVY).order_by("sort_key"))


@dataclass(frozen=True)
class DayLevel:
    day: datetime.date
    level: int | None


def level_history(*, area: Area, until: datetime.datetime, days: int = HISTORY_DAYS) -> list[DayLevel]:
    """Return the level in force at the end of each of the `days` days up to `until`, oldest first."""
    last_day = timezone.localdate(until)
    first_day = last_day - datetime.timedelta(days=days - 1)
    ends = [min(moment(first_day + datetime.timedelta(days=i), now=until), until) for i in range(days)]
    known = Publication.objects.filter(effective_at__lte=until)
    # The publication in force when the window opens, and every one that took effect inside it.
    opening = known.filter(effective_at__lte=ends[0]).order_by("-effective_at", "-pk").values_list("pk", flat=True)[:1]
    publications = list(
        known.filter(Q(pk__in=list(opening)) | Q(effective_at__gt=ends[0]))
        .order_by("effective_at", "pk")
        .values("pk", "effective_at")
    )
    level_by_publication = dict(
        PublishedLevel.objects.filter(area=area, publication__in=[p["pk"] for p in publications]).values_list(
            "publication_id", "level"
        )
    )
    history = []
    for end in ends:
        seen = [p for p in publications if p["effective_at"] <= end]
        level = level_by_publication.get(seen[-1]["pk"]) if seen else None
        history.append(DayLevel(day=timezone.localdate(end), level=level))
    return history


# New F0 reported on a day, found in the community or in quarantine.
NEW_CASES = F("community_cases_known_source") + F("community_cases_unknown_source") + F("quarantined_cases")


@dataclass(frozen=True)
class DayCases:
    day: datetime.date
    cases: int


def _report_areas(area: Area) -> Q:
    if area.kind == Area.Kind.COMMUNE:
        return Q(area=area)
    if area.kind == Area.Kind.DISTRICT:
        return Q(area=area) | Q(area__parent=area)
    return Q(area=area) | Q(area__parent=area) | Q(area__parent__parent=area)


def reported_cases(*, area: Area, until: datetime.date, days: int = HISTORY_DAYS) -> list[DayCases]:
    """Return the new F0 reported each day (community and in quarantine) in area, for the `days` days up to until."""
    first = until - datetime.timedelta(days=days - 1)
    totals = dict(
        DailyReport.objects.filter(_report_areas(area), date__gte=first, date__lte=until)
        .values("date")
        .annotate(cases=Sum(NEW_CASES))
        .values_list("date", "cases")
    )
    dates = [first + datetime.timedelta(days=i) for i in range(days)]
    return [DayCases(day=d, cases=totals.get(d) or 0) for d in dates]


# ── Lists ────────────────────────────────────────────────────────────────────────────────────────────────────


def province(*, day: datetime.date) -> Area | None:
    return _areas().valid_on(day).filter(kind=Area.Kind.PROVINCE, external=False).first()


def districts(*, day: datetime.date) -> list[Area]:
    return list(_areas().valid_on(day).internal().districts().order_by("sort_key"))


def communes(*, day: datetime.date) -> list[Area]:
    return list(
        _areas()
        .valid_on(day)
        .internal()
        .communes()
        .select_related("parent")
        .defer(*(f"parent__{name}" for name in HEAVY))
        .order_by("sort_key")
    )


def external_areas(*, day: datetime.date) -> list[Area]:
    return list(_areas().valid_on(day).filter(external=True).order_by("sort_key"))


def rulesets_for_method() -> list[RuleSet]:
    """Return every stored rule set, the most recent first."""
    return list(RuleSet.objects.order_by("-valid_from", "-pk"))


# ── What the public pages depend on ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ContentState:
    """What the public pages show depends on: its parts change whenever a page could change."""

    parts: tuple
    last_modified: datetime.datetime
    next_change: datetime.datetime | None


def next_scheduled_update(now: datetime.datetime) -> datetime.datetime | None:
    """Return the next of the rule set's recompute times (08:00, 13:00, 20:00 local time in QD2686) after now."""
    local = timezone.localtime(now)
    for offset in (0, 1):
        day = local.date() + datetime.timedelta(days=offset)
        ruleset = ruleset_in_force(day)
        times = engine_parameters(ruleset).recompute_times if ruleset else ()
        for text in sorted(times):
            moment = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time.fromisoformat(text)), local.tzinfo
            )
            if moment > local:
                return moment
    return None


def _history_max(model) -> datetime.datetime | None:
    return model.history.aggregate(last=Max("history_date"))["last"]


def content_state(*, now: datetime.datetime) -> ContentState:
    """Return the state of everything the public pages show, and the next instant it changes by itself."""
    publications = Publication.objects.aggregate(count=Count("pk"), last=Max("pk"), published=Max("published_at"))
    areas = Area.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    edits = [_history_max(model) for model in (Notice, Measure, PublicText, RuleSet)]
    reports = DailyReport.objects.aggregate(count=Count("pk"), changed=Max("entered_at"))
    declared = DeclaredLevel.objects.aggregate(count=Count("pk"), changed=Max("entered_at"))
    forecasts = PublicationForecast.objects.aggregate(count=Count("pk"), changed=Max("computed_at"))
    in_force = publication_in_force(at=now)
    upcoming = Publication.objects.filter(effective_at__gt=now).aggregate(next=Min("effective_at"))["next"]
    future = [
        upcoming,
        Publication.objects.filter(published_at__gt=now).aggregate(next=Min("published_at"))["next"],
        Notice.objects.filter(publish_at__gt=now).aggregate(next=Min("publish_at"))["next"],
        Notice.objects.filter(expires_at__gt=now).aggregate(next=Min("expires_at"))["next"],
        next_scheduled_update(now),
    ]
    changes = (publications["published"], areas["changed"], reports["changed"], declared["changed"], *edits)
    dates = [d for d in changes if d]
    return ContentState(
        parts=(
            in_force.pk if in_force else None,
            tuple(publications.values()),
            tuple(areas.values()),
            tuple(reports.values()),
            tuple(declared.values()),
            tuple(forecasts.values()),
            tuple(edits),
            timezone.localdate(now),  # measures and texts take effect by date
            next_scheduled_update(now),  # every page names the next scheduled update
            # Scheduled notices appear, and expired ones go, by the clock alone, with no write to mark it.
            Notice.objects.published(now).count(),
            Notice.objects.current(now).count(),
            boundaries_are_schematic(),
            data_is_synthetic(),
        ),
        last_modified=max(dates) if dates else now,
        next_change=min((d for d in future if d), default=None),
    )
