"""Publish a date's proposed levels: freeze them as the levels in force from a moment on."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ingest.access import require, system_user
from ingest.completeness import missing_districts
from ingest.locking import lock_dates

from .. import selectors
from ..models import Assessment, AssessmentRun, PendingRecompute, Publication, PublishedLevel
from ..signals import levels_published
from .common import format_day, lock_date

logger = logging.getLogger(__name__)


def publish_levels(
    *,
    data_date: datetime.date,
    effective_at: datetime.datetime,
    user,
    note: str = "",
    automatic: bool = False,
    expected_signature: str | None = None,
    confirm_incomplete: bool = False,
    forecast: bool = True,
) -> Publication:
    """Freeze data_date's proposals as the levels in force from effective_at, and lock the figures that fed them.

    expected_signature, from the review page, makes sure that what is published is what the approver saw;
    confirm_incomplete is the approver's explicit consent to publish while some district has not reported (recorded
    with the publication and shown on the public pages). The 7-day forecast of the publication is computed after it
    commits (a Celery task) unless `forecast` is off.
    """
    # Automatic publication (RISK_AUTO_PUBLISH, the demo) is the system account's act; it stays unsigned.
    require(system_user() if automatic and user is None else user, "risk.publish_levels", whole_province=True)
    if timezone.is_naive(effective_at):
        effective_at = timezone.make_aware(effective_at, selectors.LOCAL_TZ)
    with transaction.atomic():
        lock_date(data_date)
        _check_publication(
            data_date=data_date, effective_at=effective_at, expected_signature=expected_signature, automatic=automatic
        )
        missing = [district.name for district in missing_districts(data_date)]
        if missing and not automatic and not confirm_incomplete:
            raise ValidationError(
                _(
                    "%(n)d huyện chưa báo cáo ngày %(date)s (%(names)s): hãy chờ các huyện báo cáo, hoặc đánh dấu "
                    "xác nhận công bố khi số liệu chưa đủ."
                )
                % {"n": len(missing), "date": format_day(data_date), "names": ", ".join(missing)}
            )
        previous = selectors.previous_publication(data_date)
        reference = selectors.reference_publication(data_date)
        publication = Publication.objects.create(
            data_date=data_date,
            effective_at=effective_at,
            published_by=user,
            automatic=automatic,
            note=note.strip(),
            missing_districts=missing,
        )
        lock_dates(data_date=data_date, window_days=selectors.longest_window_days(), at=publication.published_at)
        runs = {
            area_id: (level, since)
            for area_id, level, since in (previous.levels.values_list("area_id", "level", "since") if previous else [])
        }
        # A level holds "since" the day the publication that brought it took effect, not its data date.
        took_effect = timezone.localdate(effective_at, selectors.LOCAL_TZ)
        rows = []
        for a in Assessment.objects.filter(date=data_date, area__external=False):
            before = runs.get(a.area_id)
            rows.append(
                PublishedLevel(
                    publication=publication,
                    area_id=a.area_id,
                    level=a.level,
                    computed_level=a.computed_level,
                    overridden=a.overridden,
                    reasons=a.reasons,
                    step_down_date=a.step_down_date,
                    since=before[1] if before and before[0] == a.level else took_effect,
                )
            )
        PublishedLevel.objects.bulk_create(rows, batch_size=2000)
        replaced = dict(reference.levels.values_list("area_id", "level")) if reference else {}
        changed = any(replaced.get(row.area_id) != row.level for row in rows)
        transaction.on_commit(lambda: _announce(publication, changed, forecast))
    logger.info(
        "risk: levels of %s published",
        data_date.isoformat(),
        extra={"publication": publication.pk, "automatic": automatic, "changed": changed},
    )
    return publication


def _check_publication(*, data_date, effective_at, expected_signature, automatic) -> None:
    problems = []
    if not AssessmentRun.objects.filter(date=data_date).exists():
        problems.append(_("Chưa có cấp độ tính toán cho ngày %(date)s.") % {"date": format_day(data_date)})
    elif not automatic and PendingRecompute.objects.filter(date=data_date).exists():
        problems.append(
            _("Cấp độ ngày %(date)s đang được tính lại theo số liệu mới; hãy thử lại sau ít phút.")
            % {"date": format_day(data_date)}
        )
    elif expected_signature is not None and expected_signature != selectors.proposal_signature(data_date):
        problems.append(
            _("Đề xuất cấp độ ngày %(date)s đã thay đổi từ khi bạn xem; hãy xem lại trước khi công bố.")
            % {"date": format_day(data_date)}
        )
    elif not selectors.awaits_approval(data_date):
        problems.append(
            _("Cấp độ ngày %(date)s đã được công bố và không có gì thay đổi.") % {"date": format_day(data_date)}
        )
    if effective_at < selectors.start_of(data_date):
        problems.append(
            _("Thời điểm hiệu lực không được trước ngày số liệu %(date)s.") % {"date": format_day(data_date)}
        )
    newer = (
        Publication.objects.filter(data_date__gt=data_date, effective_at__lte=effective_at)
        .order_by("effective_at")
        .first()
    )
    if newer is not None:
        problems.append(
            _(
                "Cấp độ theo số liệu ngày %(date)s không thể có hiệu lực sau lần công bố số liệu ngày %(newer)s "
                "(hiệu lực từ %(at)s): hãy chọn thời điểm hiệu lực sớm hơn."
            )
            % {
                "date": format_day(data_date),
                "newer": format_day(newer.data_date),
                "at": timezone.localtime(newer.effective_at, selectors.LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
            }
        )
    if problems:
        raise ValidationError(problems)


def _announce(publication: Publication, changed: bool, forecast: bool) -> None:
    """Send levels_published; a failing receiver (map files, notice) is logged and leaves the publication as is."""
    for receiver, outcome in levels_published.send_robust(
        sender=Publication, publication=publication, changed=changed, forecast=forecast
    ):
        if isinstance(outcome, Exception):
            logger.error(
                "risk: %s failed on levels_published %s",
                getattr(receiver, "__qualname__", receiver),
                publication.pk,
                exc_info=outcome,
            )
