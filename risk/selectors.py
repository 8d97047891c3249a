"""Reads for risk: the engine's input for a date, proposals against publications, the review of a date."""

import datetime
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from areas.models import KIND_ORDER, Adjacency, Area
from areas.selectors import without_geometry
from ingest.models import AreaFlag, DailyReport, DeclaredLevel

from . import engine
from .models import Assessment, AssessmentRun, Override, PendingRecompute, Publication, RuleSet

LOCAL_TZ = ZoneInfo(engine.TIMEZONE)


def _engine_version() -> str:
    """Hash the engine's source, so that a change of the rules' code makes every date's inputs look new."""
    digest = hashlib.sha256()
    for path in sorted(Path(engine.__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


ENGINE_VERSION = _engine_version()


# ── Rule sets ────────────────────────────────────────────────────────────────────────────────────────────────


def ruleset_in_force(day: datetime.date) -> RuleSet | None:
    """Return the stored rule set in force on day (the most recent to take effect), or None."""
    return (
        RuleSet.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-pk")
        .first()
    )


def engine_parameters(ruleset: RuleSet):
    """Return the engine's validated parameters of a stored rule set (raises engine.ParameterError)."""
    return engine.ruleset_for(ruleset.code).parameters(ruleset.parameters or {})


def longest_window_days() -> int:
    """Return the longest report window of the stored rule sets (the engine's default when there is none)."""
    windows = [engine_parameters(rs).window_days for rs in RuleSet.objects.all()]
    return max(windows, default=engine.Parameters2686().window_days)


# ── Engine input ─────────────────────────────────────────────────────────────────────────────────────────────

REPORT_COUNTS = (
    "community_cases_known_source",
    "community_cases_unknown_source",
    "unknown_source_clusters",
    "hard_to_control_source_cases",
    "quarantined_cases",
    "community_f1",
)


def engine_input(*, day: datetime.date, ruleset: RuleSet) -> tuple[engine.EngineInput, dict[str, int]]:
    """Gather from the database everything the engine reads for an assessment on day; also the areas' ids."""
    params = engine_parameters(ruleset)
    rows = list(
        Area.objects.valid_on(day).values_list("pk", "code", "kind", "name", "parent_id", "population", "external")
    )
    code_of = {pk: code for pk, code, *_ in rows}
    areas = [
        engine.Area(
            code=code,
            kind=kind,
            name=name,
            parent=code_of.get(parent_id),
            population=None if external and not population else population,
            external=external,
        )
        for pk, code, kind, name, parent_id, population, external in rows
    ]
    adjacency = sorted(
        (code_of[a], code_of[b])
        for a, b in Adjacency.objects.values_list("area_a_id", "area_b_id")
        if a in code_of and b in code_of
    )
    first = day - datetime.timedelta(days=params.window_days - 1)
    reporting = dict(code_of)  # and the areas that ended inside the window, whose reports still count
    areas += _ended_in_window(first=first, day=day, code_of=reporting)
    # A report of zeros changes no level: most days most communes file one, so leave them in the database.
    something = Q()
    for name in REPORT_COUNTS:
        something |= Q(**{f"{name}__gt": 0})
    reports = [
        engine.Report(area=reporting[area_id], date=date, **dict(zip(REPORT_COUNTS, counts)))
        for area_id, date, *counts in DailyReport.objects.filter(something, date__range=(first, day)).values_list(
            "area_id", "date", *REPORT_COUNTS
        )
        if area_id in reporting
    ]
    # Entries ending before day never count again; those starting within the step-down horizon still can.
    horizon = day + datetime.timedelta(days=engine.STEP_DOWN_HORIZON_DAYS)
    dated = {"start__lte": horizon, "end__gte": day}
    flags = [
        engine.Flag(area=code_of[area_id], flag=flag, value=value, start=start, end=end)
        for area_id, flag, value, start, end in AreaFlag.objects.filter(**dated).values_list(
            "area_id", "flag", "value", "start", "end"
        )
        if area_id in code_of
    ]
    declared = [
        engine.Declared(area=code_of[area_id], level=level, start=start, end=end, reference=reference)
        for area_id, level, start, end, reference in DeclaredLevel.objects.filter(**dated).values_list(
            "area_id", "level", "start", "end", "reference"
        )
        if area_id in code_of
    ]
    overrides = [
        engine.Override(
            area=code_of[area_id], level=level, start=start, end=end, reason=reason, reference=number, body=body
        )
        for area_id, level, start, end, reason, number, body in Override.objects.filter(**dated).values_list(
            "area_id", "level", "start", "end", "reason", "decision_number", "body"
        )
        if area_id in code_of
    ]
    inp = engine.EngineInput(
        date=day,
        areas=areas,
        adjacency=adjacency,
        reports=sorted(reports, key=_report_key),
        flags=sorted(flags, key=repr),
        declared=sorted(declared, key=repr),
        overrides=sorted(overrides, key=repr),
        parameters=params,
    )
    return inp, {code: pk for pk, code in code_of.items()}


def _ended_in_window(*, first: datetime.date, day: datetime.date, code_of: dict[int, str]) -> list[engine.Area]:
    """The areas whose validity ended inside the window, with their successors (spec §2.5): the engine hands their
    reports to the areas that took their place. `code_of` (id → code of the areas whose reports are read) gains
    them."""
    rows = list(
        Area.objects.filter(valid_to__gte=first, valid_to__lt=day).values_list(
            "pk", "code", "kind", "name", "parent_id", "population", "external", "valid_to"
        )
    )
    current = set(code_of.values())
    ended: dict[str, tuple] = {}  # by code: one unit may have had several periods inside the window
    for pk, code, *rest in sorted(rows, key=lambda row: row[-1], reverse=True):
        code_of[pk] = code  # same code as a current area: the same unit under a new period, its reports are its
        if code not in current and code not in ended:
            ended[code] = tuple(rest)
    heirs: dict[str, set[str]] = {code: set() for code in ended}
    for from_id, to_id in Area.successors.through.objects.filter(
        from_area_id__in=[pk for pk, code, *_ in rows if code in ended]
    ).values_list("from_area_id", "to_area_id"):
        if to_id in code_of and code_of[to_id] != code_of[from_id]:
            heirs[code_of[from_id]].add(code_of[to_id])
    return [
        engine.Area(
            code=code,
            kind=kind,
            name=name,
            parent=code_of.get(parent_id),
            population=population or None,
            external=external,
            valid_to=valid_to,
            successors=tuple(sorted(heirs[code])),
        )
        for code, (kind, name, parent_id, population, external, valid_to) in sorted(ended.items())
    ]


def _report_key(r: engine.Report) -> tuple:
    return (r.area, r.date)


def _values(entries) -> list[tuple]:
    return [tuple(getattr(e, name) for name in type(e).__slots__) for e in entries]


def input_fingerprint(inp: engine.EngineInput, ruleset: RuleSet) -> str:
    """Hash everything an assessment depends on: engine code, rule set, parameters and the sorted inputs."""
    document = {
        "engine": ENGINE_VERSION,
        "ruleset": ruleset.code,
        "parameters": inp.parameters.as_dict(),
        "date": inp.date.isoformat(),
        "areas": sorted(_values(inp.areas), key=repr),
        "adjacency": inp.adjacency,
        "reports": _values(inp.reports),
        "flags": _values(inp.flags),
        "declared": _values(inp.declared),
        "overrides": _values(inp.overrides),
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def json_safe(value):
    """Return value as plain JSON (dates as ISO text, infinities as null), as the database will give it back."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def reasons_json(reasons) -> list[dict]:
    return [json_safe({"rule": r.rule, "tag": r.tag, "text": r.text, "figures": dict(r.figures)}) for r in reasons]


class ReasonsCache:
    """Convert each distinct tuple of reasons once: the engine shares one tuple among the areas at level 1."""

    def __init__(self):
        self._seen: dict[int, tuple] = {}

    def __call__(self, reasons) -> list[dict]:
        hit = self._seen.get(id(reasons))
        if hit is None or hit[0] is not reasons:
            hit = self._seen[id(reasons)] = (reasons, reasons_json(reasons))
        return hit[1]


# ── Proposals and publications ───────────────────────────────────────────────────────────────────────────────


def next_midnight(after: datetime.datetime) -> datetime.datetime:
    """Return the first 00:00 Asia/Ho_Chi_Minh strictly after `after`."""
    local = timezone.localtime(after, LOCAL_TZ)
    return datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time(0), tzinfo=LOCAL_TZ)


def start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=LOCAL_TZ)


def default_effective_at(data_date: datetime.date, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """Next 00:00; for a correction of a date older than the latest published one, 00:00 after that date
    (so that the correction does not take the place of newer levels)."""
    if Publication.objects.filter(data_date__gt=data_date).exists():
        return start_of(data_date + datetime.timedelta(days=1))
    return next_midnight(now or timezone.now())


def latest_publication_of(data_date: datetime.date) -> Publication | None:
    return Publication.objects.filter(data_date=data_date).order_by("-published_at", "-pk").first()


def previous_publication(data_date: datetime.date) -> Publication | None:
    """Return the latest publication of the most recent data date before data_date."""
    return Publication.objects.filter(data_date__lt=data_date).order_by("-data_date", "-published_at", "-pk").first()


def reference_publication(data_date: datetime.date) -> Publication | None:
    """Return what a publication of data_date would replace: that date's last one, else the one before it."""
    return latest_publication_of(data_date) or previous_publication(data_date)


def in_force_publication(at: datetime.datetime | None = None) -> Publication | None:
    return Publication.objects.in_force(at).first()


PUBLISHED_FIELDS = ("level", "computed_level", "overridden", "reasons", "step_down_date")


def _signature_rows(rows) -> list:
    return sorted(
        (
            area_id,
            level,
            computed,
            overridden,
            json.dumps(reasons, sort_keys=True, ensure_ascii=False),
            step_down.isoformat() if step_down else "",
        )
        for area_id, level, computed, overridden, reasons, step_down in rows
    )


def proposal_signature(data_date: datetime.date) -> str:
    """Hash the proposals of data_date, so that a publication can check it publishes what was reviewed."""
    rows = Assessment.objects.filter(date=data_date, area__external=False).values_list("area_id", *PUBLISHED_FIELDS)
    return hashlib.sha256(repr(_signature_rows(rows)).encode()).hexdigest()


def awaits_approval(data_date: datetime.date) -> bool:
    """Say whether data_date's proposals differ from what was last published for that date (or nothing was)."""
    if not AssessmentRun.objects.filter(date=data_date).exists():
        return False
    publication = latest_publication_of(data_date)
    if publication is None:
        return True
    proposed = _signature_rows(
        Assessment.objects.filter(date=data_date, area__external=False).values_list("area_id", *PUBLISHED_FIELDS)
    )
    published = _signature_rows(publication.levels.values_list("area_id", *PUBLISHED_FIELDS))
    return proposed != published


@dataclass
class Change:
    """One area whose proposed level differs from the level it would replace."""

    assessment: Assessment
    previous_level: int | None

    @property
    def area(self) -> Area:
        return self.assessment.area

    @property
    def raised(self) -> bool:
        return self.previous_level is None or self.assessment.level > self.previous_level


@dataclass
class Review:
    """What an approver sees before publishing data_date's levels."""

    data_date: datetime.date
    run: AssessmentRun | None
    reference: Publication | None
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    awaiting: bool = False
    pending: bool = False
    signature: str = ""
    published_for_date: Publication | None = None


def review(data_date: datetime.date) -> Review:
    """Return every change of data_date's proposals against the levels they would replace."""
    run = AssessmentRun.objects.filter(date=data_date).select_related("ruleset").first()
    reference = reference_publication(data_date)
    result = Review(
        data_date=data_date,
        run=run,
        reference=reference,
        pending=PendingRecompute.objects.filter(date=data_date).exists(),
        signature=proposal_signature(data_date),
        published_for_date=latest_publication_of(data_date),
    )
    if run is None:
        return result
    previous = dict(reference.levels.values_list("area_id", "level")) if reference else {}
    assessments = without_geometry(
        Assessment.objects.filter(date=data_date, area__external=False)
        .select_related("area", "area__parent")
        .order_by("area__kind", "area__parent__name", "area__name"),
        "area",
        "area__parent",
    )
    for assessment in assessments:
        before = previous.get(assessment.area_id)
        if before == assessment.level:
            result.unchanged += 1
        else:
            result.changes.append(Change(assessment, before))
    result.changes.sort(key=lambda c: (KIND_ORDER[c.area.kind], -c.assessment.level, c.area.name))
    result.awaiting = awaits_approval(data_date)
    return result


@dataclass
class DateStatus:
    run: AssessmentRun
    publication: Publication | None
    awaiting: bool
    pending: bool
    levels: dict[int, int]


def recent_dates(limit: int = 60) -> list[DateStatus]:
    """Return the latest assessed dates with their publication state, newest first."""
    runs = list(AssessmentRun.objects.select_related("ruleset").order_by("-date")[:limit])
    pending = set(PendingRecompute.objects.values_list("date", flat=True))
    counts: dict[datetime.date, dict[int, int]] = {run.date: dict.fromkeys((1, 2, 3, 4), 0) for run in runs}
    communes = (
        Assessment.objects.filter(date__in=counts, area__kind=Area.Kind.COMMUNE, area__external=False)
        .values_list("date", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for day, level, n in communes:
        counts[day][level] = n
    return [
        DateStatus(
            run, latest_publication_of(run.date), awaits_approval(run.date), run.date in pending, counts[run.date]
        )
        for run in runs
    ]
