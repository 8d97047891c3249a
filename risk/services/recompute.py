"""Recompute the assessments of dates: write only what changed, each date in one transaction."""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import engine, selectors
from ..models import Assessment, AssessmentRun, Publication, RuleSet
from .common import lock_date
from .publication import publish_levels

logger = logging.getLogger(__name__)

# Stored with the publication, so in the language of the records (Vietnamese), not of the user.
AUTOMATIC_NOTE = "Công bố tự động (RISK_AUTO_PUBLISH)."
ASSESSMENT_FIELDS = (
    "ruleset_id",
    "level",
    "computed_level",
    "intrinsic_level",
    "overridden",
    "reasons",
    "step_down_date",
)


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
                    result.published.append(
                        publish_levels(
                            data_date=day,
                            effective_at=selectors.start_of(day + datetime.timedelta(days=1)),
                            user=None,
                            automatic=True,
                            note=AUTOMATIC_NOTE,
                        )
                    )
                except ValidationError as exc:
                    # The assessments are stored; the date stays "awaiting approval" for an approver to settle.
                    logger.warning("risk: %s not published automatically: %s", day.isoformat(), "; ".join(exc.messages))
    return result


def _recompute_date(*, day: datetime.date, ruleset: RuleSet) -> int | None:
    """Recompute one date; return the number of rows written, or None when its inputs had not changed."""
    with transaction.atomic():
        lock_date(day)
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
                "area_id", "pk", *ASSESSMENT_FIELDS
            )
        }
        created, updated = [], []
        for code, r in outcome.areas.items():
            area_id = area_ids[code]
            values = (
                ruleset.pk,
                r.level,
                r.computed_level,
                r.intrinsic_level,
                r.overridden,
                as_json(r.reasons),
                r.step_down_date,
            )
            found = existing.pop(area_id, None)
            if found is None or found[1] != values:
                row = Assessment(
                    pk=found[0] if found else None,
                    area_id=area_id,
                    date=day,
                    fingerprint=fingerprint,
                    computed_at=now,
                    **dict(zip(ASSESSMENT_FIELDS, values)),
                )
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
