"""Writes for risk: recompute assessments, publish levels, decide overrides, change rule set parameters."""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area

from . import engine, selectors
from .models import Assessment, AssessmentRun, Override, PendingRecompute, Publication, PublishedLevel, RuleSet

logger = logging.getLogger(__name__)

# Stored with the publication, so in the language of the records (Vietnamese), not of the user.
AUTOMATIC_NOTE = "Công bố tự động (RISK_AUTO_PUBLISH)."
ASSESSMENT_FIELDS = ("ruleset_id", "level", "computed_level", "intrinsic_level", "overridden", "reasons",
                     "step_down_date")


def _day(d: datetime.date) -> str:
    return d.strftime("%d/%m/%Y")


def _lock_date(day: datetime.date) -> None:
    """Serialise writers of one date's assessments and publications across workers (PostgreSQL; SQLite has one
    writer at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [2686, day.toordinal()])


# ── Recomputation ────────────────────────────────────────────────────────────────────────────────────────────

@dataclass
class RecomputeResult:
    evaluated: list[datetime.date] = field(default_factory=list)  # inputs changed: the engine ran
    unchanged: list[datetime.date] = field(default_factory=list)  # same inputs as the stored assessments
    without_ruleset: list[datetime.date] = field(default_factory=list)
    written: int = 0  # assessment rows created, updated or deleted
    published: list[Publication] = field(default_factory=list)


def recompute(*, dates: Iterable[datetime.date]) -> RecomputeResult:
    """Assess every area on each date; write only what changed, each date in one transaction."""
    result = RecomputeResult()
    for day in sorted(set(dates)):
        ruleset = selectors.ruleset_in_force(day)
        if ruleset is None:
            result.without_ruleset.append(day)
            continue
        written = _recompute_date(day=day, ruleset=ruleset)
        if written is None:
            result.unchanged.append(day)
        else:
            result.evaluated.append(day)
            result.written += written
    if settings.RISK_AUTO_PUBLISH:
        for day in sorted([*result.evaluated, *result.unchanged]):
            if selectors.awaits_approval(day):
                try:
                    # A date's levels take effect at 00:00 after it: an older date never replaces newer levels.
                    result.published.append(publish_levels(
                        data_date=day, effective_at=selectors.start_of(day + datetime.timedelta(days=1)),
                        user=None, automatic=True, note=AUTOMATIC_NOTE,
                    ))
                except ValidationError as exc:
                    # The assessments are stored; the date stays "awaiting approval" for an approver to settle.
                    logger.warning("risk: %s not published automatically: %s", day.isoformat(), "; ".join(exc.messages))
    return result


def _recompute_date(*, day: datetime.date, ruleset: RuleSet) -> int | None:
    """Recompute one date; return the number of rows written, or None when its inputs had not changed."""
    with transaction.atomic():
        _lock_date(day)
        inp, area_ids = selectors.engine_input(day=day, ruleset=ruleset)
        fingerprint = selectors.input_fingerprint(inp, ruleset)
        run = AssessmentRun.objects.filter(date=day).first()
        if run is not None and run.fingerprint == fingerprint:
            return None
        outcome = engine.evaluate(inp, ruleset.code)
        now = timezone.now()
        as_json = selectors.ReasonsCache()
        # Compare plain values, not model instances: a national date has over 11,000 rows.
        existing = {
            area_id: (pk, tuple(values))
            for area_id, pk, *values in Assessment.objects.filter(date=day).values_list(
                "area_id", "pk", *ASSESSMENT_FIELDS)
        }
        created, updated = [], []
        for code, r in outcome.areas.items():
            area_id = area_ids[code]
            values = (ruleset.pk, r.level, r.computed_level, r.intrinsic_level, r.overridden, as_json(r.reasons),
                      r.step_down_date)
            found = existing.pop(area_id, None)
            if found is None or found[1] != values:
                row = Assessment(pk=found[0] if found else None, area_id=area_id, date=day, fingerprint=fingerprint,
                                 computed_at=now, **dict(zip(ASSESSMENT_FIELDS, values)))
                (created if found is None else updated).append(row)
        Assessment.objects.bulk_create(created, batch_size=2000)
        Assessment.objects.bulk_update(updated, [*ASSESSMENT_FIELDS, "fingerprint", "computed_at"], batch_size=2000)
        # Areas no longer valid on this date keep no proposal.
        Assessment.objects.filter(pk__in=[pk for pk, _values in existing.values()]).delete()
        national = {str(level): dict(v) for level, v in sorted(outcome.national.items())}
        AssessmentRun.objects.update_or_create(
            date=day,
            defaults={"ruleset": ruleset, "fingerprint": fingerprint, "computed_at": now, "national": national},
        )
        return len(created) + len(updated) + len(existing)


# ── Publication ──────────────────────────────────────────────────────────────────────────────────────────────

def publish_levels(
    *,
    data_date: datetime.date,
    effective_at: datetime.datetime,
    user,
    note: str = "",
    automatic: bool = False,
    expected_signature: str | None = None,
) -> Publication:
    """Freeze data_date's proposals as the levels in force from effective_at.

    expected_signature, from the review page, makes sure that what is published is what the approver saw.
    """
    if not automatic and (user is None or not user.has_perm("risk.publish_levels")):
        raise PermissionDenied(_("Chỉ người được phê duyệt mới công bố được cấp độ."))
    if timezone.is_naive(effective_at):
        effective_at = timezone.make_aware(effective_at, selectors.LOCAL_TZ)
    with transaction.atomic():
        _lock_date(data_date)
        _check_publication(data_date=data_date, effective_at=effective_at, expected_signature=expected_signature,
                           automatic=automatic)
        previous = selectors.previous_publication(data_date)
        reference = selectors.reference_publication(data_date)
        publication = Publication.objects.create(
            data_date=data_date, effective_at=effective_at, published_by=user, automatic=automatic,
            note=note.strip(),
        )
        runs = {
            area_id: (level, since)
            for area_id, level, since in (previous.levels.values_list("area_id", "level", "since") if previous else [])
        }
        rows = []
        for a in Assessment.objects.filter(date=data_date, area__external=False):
            before = runs.get(a.area_id)
            rows.append(PublishedLevel(
                publication=publication, area_id=a.area_id, level=a.level, computed_level=a.computed_level,
                overridden=a.overridden, reasons=a.reasons, step_down_date=a.step_down_date,
                since=before[1] if before and before[0] == a.level else data_date,
            ))
        PublishedLevel.objects.bulk_create(rows, batch_size=2000)
        replaced = dict(reference.levels.values_list("area_id", "level")) if reference else {}
        changed = any(replaced.get(row.area_id) != row.level for row in rows)
        transaction.on_commit(lambda: _write_published_files(publication), robust=True)
        if changed:
            transaction.on_commit(lambda: _prepare_notice(publication), robust=True)
    logger.info("risk: levels of %s published", data_date.isoformat(),
                extra={"publication": publication.pk, "automatic": automatic, "changed": changed})
    return publication


def _check_publication(*, data_date, effective_at, expected_signature, automatic) -> None:
    problems = []
    if not AssessmentRun.objects.filter(date=data_date).exists():
        problems.append(_("Chưa có cấp độ tính toán cho ngày %(date)s.") % {"date": _day(data_date)})
    elif not automatic and PendingRecompute.objects.filter(date=data_date).exists():
        problems.append(_("Cấp độ ngày %(date)s đang được tính lại theo số liệu mới; hãy thử lại sau ít phút.")
                        % {"date": _day(data_date)})
    elif expected_signature is not None and expected_signature != selectors.proposal_signature(data_date):
        problems.append(_("Đề xuất cấp độ ngày %(date)s đã thay đổi từ khi bạn xem; hãy xem lại trước khi công bố.")
                        % {"date": _day(data_date)})
    elif not selectors.awaits_approval(data_date):
        problems.append(_("Cấp độ ngày %(date)s đã được công bố và không có gì thay đổi.") % {"date": _day(data_date)})
    if effective_at < selectors.start_of(data_date):
        problems.append(_("Thời điểm hiệu lực không được trước ngày số liệu %(date)s.") % {"date": _day(data_date)})
    newer = (Publication.objects.filter(data_date__gt=data_date, effective_at__lte=effective_at)
             .order_by("effective_at").first())
    if newer is not None:
        problems.append(
            _("Cấp độ theo số liệu ngày %(date)s không thể có hiệu lực sau lần công bố số liệu ngày %(newer)s "
              "(hiệu lực từ %(at)s): hãy chọn thời điểm hiệu lực sớm hơn.")
            % {"date": _day(data_date), "newer": _day(newer.data_date),
               "at": timezone.localtime(newer.effective_at, selectors.LOCAL_TZ).strftime("%H:%M %d/%m/%Y")}
        )
    if problems:
        raise ValidationError(problems)


def _write_published_files(publication: Publication) -> None:
    from covidmaps.mapdata import write_published_files

    write_published_files(publication=publication)


def _prepare_notice(publication: Publication) -> None:
    from notices.services import prepare_level_change_notice

    prepare_level_change_notice(publication=publication)


# ── Overrides ────────────────────────────────────────────────────────────────────────────────────────────────

def set_override(
    *,
    area: Area,
    level: int,
    start: datetime.date,
    end: datetime.date,
    reason: str,
    body: str,
    decision_number: str,
    user,
    override: Override | None = None,
) -> Override:
    """Decide area's level over start..end (or change the decision `override`); neighbours see this level."""
    codename = "risk.change_override" if override else "risk.add_override"
    if user is None or not user.has_perm(codename):
        raise PermissionDenied(_("Chỉ người được phê duyệt mới quyết định được cấp độ."))
    reason, body, decision_number = reason.strip(), body.strip(), decision_number.strip()
    problems = override_problems(area=area, level=level, start=start, end=end, reason=reason, body=body,
                                 decision_number=decision_number)
    if problems:
        raise ValidationError(problems)
    changed = set(_dates(start, end))
    with transaction.atomic():
        if override is None:
            override = Override(created_by=user)
        else:
            # Read the stored range: the caller's instance may already hold the new values.
            override = Override.objects.select_for_update().get(pk=override.pk)
            changed |= set(_dates(override.start, override.end))
        override.area, override.level, override.start, override.end = area, level, start, end
        override.reason, override.body, override.decision_number = reason, body, decision_number
        override._history_user = user
        override.save()
        _request_recompute(changed)
    return override


def override_problems(*, area: Area, level: int, start: datetime.date, end: datetime.date, reason: str, body: str,
                      decision_number: str) -> dict[str, str]:
    """Return the problems of a decision, by field (empty when it may be saved)."""
    problems = {}
    if level not in (1, 2, 3, 4):
        problems["level"] = _("Cấp độ phải từ 1 đến 4.")
    if start > end:
        problems["end"] = _("Ngày kết thúc phải từ ngày bắt đầu trở đi.")
    if area.external:
        problems["area"] = _(
            "%(area)s ở ngoài tỉnh: cấp độ của đơn vị ngoài tỉnh là cấp độ do địa phương đó công bố."
        ) % {"area": area.name}
    elif (area.valid_from and start < area.valid_from) or (area.valid_to and end > area.valid_to):
        problems["area"] = _("%(area)s không tồn tại trong toàn bộ khoảng thời gian này.") % {"area": area.name}
    for name, value, message in (
        ("reason", reason, _("Cần ghi lý do.")),
        ("body", body, _("Cần ghi cơ quan quyết định.")),
        ("decision_number", decision_number, _("Cần ghi số quyết định.")),
    ):
        if not value.strip():
            problems[name] = message
    return problems


def remove_override(*, override: Override, user) -> None:
    """Withdraw a decision: the computed levels apply again over its range."""
    if user is None or not user.has_perm("risk.delete_override"):
        raise PermissionDenied(_("Chỉ người được phê duyệt mới huỷ được quyết định cấp độ."))
    with transaction.atomic():
        changed = set(_dates(override.start, override.end))
        override._history_user = user
        override.delete()
        _request_recompute(changed)


def _dates(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    return (start + datetime.timedelta(days=n) for n in range((end - start).days + 1))


def _request_recompute(changed: set[datetime.date]) -> None:
    from .scheduling import request_recompute

    request_recompute(changed_dates=changed)


# ── Rule sets ────────────────────────────────────────────────────────────────────────────────────────────────

def update_ruleset(
    *,
    ruleset: RuleSet,
    user,
    parameters: dict,
    note: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> RuleSet:
    """Change a rule set's parameters or validity (superusers only), log it, and recompute the dates it rules."""
    if user is None or not user.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị viên cấp cao mới sửa được tham số của bộ quy tắc."))
    problems = ruleset_problems(code=ruleset.code, parameters=parameters, valid_from=valid_from, valid_to=valid_to)
    if not note.strip():
        problems.append(_("Cần ghi lý do thay đổi."))
    if problems:
        raise ValidationError(problems)
    stored = RuleSet.objects.get(pk=ruleset.pk)
    before = {"parameters": stored.parameters, "valid_from": stored.valid_from, "valid_to": stored.valid_to}
    changes = describe_changes(before["parameters"], parameters)
    if before["valid_from"] != valid_from or before["valid_to"] != valid_to:
        changes.append(f"hiệu lực {_validity(before['valid_from'], before['valid_to'])} → "
                       f"{_validity(valid_from, valid_to)}")
    if not changes:
        return stored
    stamp = timezone.localtime(timezone.now(), selectors.LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
    entry = f"{stamp} – {user.get_username()}: {'; '.join(changes)}. {note.strip()}"
    with transaction.atomic():
        stored.parameters, stored.valid_from, stored.valid_to = parameters, valid_from, valid_to
        stored.changelog = f"{stored.changelog.rstrip()}\n{entry}".strip()
        stored._history_user = user
        stored.save()
        lo = min(before["valid_from"], valid_from)
        his = [d for d in (before["valid_to"], valid_to) if d is not None]
        runs = AssessmentRun.objects.filter(date__gte=lo)
        if len(his) == 2:
            runs = runs.filter(date__lte=max(his))
        _queue_assessment_dates(set(runs.values_list("date", flat=True)))
    return stored


def ruleset_problems(*, code: str, parameters, valid_from, valid_to) -> list[str]:
    """Return one line per problem with a rule set's code, parameters and validity."""
    problems = []
    try:
        engine_ruleset = engine.ruleset_for(code)
    except engine.UnknownRuleSet:
        return [_("Phần mềm chưa có bộ quy tắc mã %(code)s (có: %(known)s).")
                % {"code": code, "known": ", ".join(engine.RULESETS)}]
    if not isinstance(parameters, dict):
        return [_("Tham số phải là một đối tượng JSON {\"tên\": giá trị}.")]
    try:
        engine_ruleset.parameters(parameters)
    except engine.ParameterError as exc:
        problems.extend(exc.problems)
    if valid_from and valid_to and valid_to < valid_from:
        problems.append(_("Ngày hết hiệu lực phải từ ngày có hiệu lực trở đi."))
    return problems


def describe_changes(before: dict, after: dict) -> list[str]:
    names = sorted(set(before) | set(after))
    return [f"{name}: {before.get(name, '—')} → {after.get(name, '—')}"
            for name in names if before.get(name) != after.get(name)]


def _validity(start, end) -> str:
    return f"{_day(start)}–{_day(end) if end else '…'}"


def _queue_assessment_dates(dates: set[datetime.date]) -> None:
    from .scheduling import queue_assessment_dates

    queue_assessment_dates(dates)
