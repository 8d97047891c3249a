"""Decide, change and withdraw an area's level by an authority's decision (an override)."""

import datetime
from typing import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from areas.models import Area
from ingest.access import require

from ..models import Override
from ..scheduling import request_recompute


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
    # A decision on any area moves its neighbours' levels too: the province's approvers decide.
    require(user, "risk.change_override" if override else "risk.add_override", whole_province=True)
    reason, body, decision_number = reason.strip(), body.strip(), decision_number.strip()
    problems = override_problems(
        area=area, level=level, start=start, end=end, reason=reason, body=body, decision_number=decision_number
    )
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


def override_problems(
    *, area: Area, level: int, start: datetime.date, end: datetime.date, reason: str, body: str, decision_number: str
) -> dict[str, str]:
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
    require(user, "risk.delete_override", whole_province=True)
    with transaction.atomic():
        changed = set(_dates(override.start, override.end))
        override._history_user = user
        override.delete()
        _request_recompute(changed)


def _dates(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    return (start + datetime.timedelta(days=n) for n in range((end - start).days + 1))


def _request_recompute(changed: set[datetime.date]) -> None:
    request_recompute(changed_dates=changed)
