"""Change a rule set's parameters or validity, and say what changed."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ingest.access import require

from .. import engine, selectors
from ..models import AssessmentRun, RuleSet
from ..scheduling import queue_assessment_dates
from .common import format_day


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
    require(user, "risk.change_ruleset", superuser=True)
    problems = ruleset_problems(code=ruleset.code, parameters=parameters, valid_from=valid_from, valid_to=valid_to)
    if not note.strip():
        problems.append(_("Cần ghi lý do thay đổi."))
    if problems:
        raise ValidationError(problems)
    stored = RuleSet.objects.get(pk=ruleset.pk)
    before = {"parameters": stored.parameters, "valid_from": stored.valid_from, "valid_to": stored.valid_to}
    changes = describe_changes(before["parameters"], parameters)
    if before["valid_from"] != valid_from or before["valid_to"] != valid_to:
        changes.append(
            f"hiệu lực {_validity(before['valid_from'], before['valid_to'])} → {_validity(valid_from, valid_to)}"
        )
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
        return [
            _("Phần mềm chưa có bộ quy tắc mã %(code)s (có: %(known)s).")
            % {"code": code, "known": ", ".join(engine.RULESETS)}
        ]
    if not isinstance(parameters, dict):
        return [_('Tham số phải là một đối tượng JSON {"tên": giá trị}.')]
    try:
        engine_ruleset.parameters(parameters)
    except engine.ParameterError as exc:
        problems.extend(exc.problems)
    if valid_from and valid_to and valid_to < valid_from:
        problems.append(_("Ngày hết hiệu lực phải từ ngày có hiệu lực trở đi."))
    return problems


def describe_changes(before: dict, after: dict) -> list[str]:
    names = sorted(set(before) | set(after))
    return [
        f"{name}: {before.get(name, '—')} → {after.get(name, '—')}"
        for name in names
        if before.get(name) != after.get(name)
    ]


def _validity(start, end) -> str:
    return f"{format_day(start)}–{format_day(end) if end else '…'}"


def _queue_assessment_dates(dates: set[datetime.date]) -> None:
    queue_assessment_dates(dates)
