"""Writes around the quality of a date's figures: no-new-cases days, correction requests and their grants."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area

from .. import access, locking
from ..models import CorrectionRequest, DailyReport, NoNewCasesDeclaration

Status = CorrectionRequest.Status


def _author(user):
    return user if user is not None and user.is_authenticated else None


def declare_no_new_cases(*, user, district: Area, day: datetime.date) -> NoNewCasesDeclaration:
    """File one explicit "no new cases" day for a whole district (read as zeros by the engine)."""
    if district.kind != Area.Kind.DISTRICT or district.external:
        raise ValidationError(_("Chỉ báo cáo “không có ca mới” cho một huyện của tỉnh."))
    if not access.can_change_report(user, district):
        raise PermissionDenied(_("Bạn không phụ trách %(district)s.") % {"district": district.name})
    if day > timezone.localdate():
        raise ValidationError(_("Không báo cáo cho ngày trong tương lai."))
    if (district.valid_from and day < district.valid_from) or (district.valid_to and day > district.valid_to):
        raise ValidationError(
            _("%(district)s không có hiệu lực vào ngày %(day)s.")
            % {"district": district.name, "day": f"{day:%d/%m/%Y}"}
        )
    with transaction.atomic():
        locking.assert_open([(district, day)])
        reports = (
            DailyReport.objects.filter(date=day)
            .filter(area__in=Area.objects.filter(pk=district.pk) | Area.objects.filter(parent=district))
            .count()
        )
        if reports:
            raise ValidationError(
                _(
                    "%(district)s đã có %(n)d báo cáo ngày %(day)s: không thể báo “không có ca mới”; "
                    "hãy sửa các báo cáo đó trong bảng nhập liệu."
                )
                % {"district": district.name, "n": reports, "day": f"{day:%d/%m/%Y}"}
            )
        declaration, _created = NoNewCasesDeclaration.objects.get_or_create(
            district=district, date=day, defaults={"declared_by": _author(user), "declared_at": timezone.now()}
        )
        # No recomputation: the engine reads a district without reports as zeros, the declaration changes no level.
    return declaration


def withdraw_no_new_cases(*, user, declaration: NoNewCasesDeclaration) -> None:
    if not access.can_change_report(user, declaration.district):
        raise PermissionDenied(_("Bạn không phụ trách %(district)s.") % {"district": declaration.district.name})
    with transaction.atomic():
        locking.assert_open([(declaration.district, declaration.date)])
        declaration._history_user = _author(user)
        declaration.delete()


def request_correction(*, user, district: Area, day: datetime.date, reason: str) -> CorrectionRequest:
    """Ask the approver to reopen a locked date's figures of one district, saying why."""
    if not access.can_change_report(user, district):
        raise PermissionDenied(_("Bạn không phụ trách %(district)s.") % {"district": district.name})
    if district.kind == Area.Kind.COMMUNE:
        district = district.parent
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do cần sửa số liệu."))
    if locking.is_locked(day) is None:
        raise ValidationError(
            _("Ngày %(day)s chưa được công bố: sửa trực tiếp trong bảng nhập liệu, không cần yêu cầu.")
            % {"day": f"{day:%d/%m/%Y}"}
        )
    if CorrectionRequest.objects.filter(district=district, date=day, status=Status.PENDING).exists():
        raise ValidationError(
            _("Đã có yêu cầu sửa số liệu %(district)s ngày %(day)s đang chờ duyệt.")
            % {"district": district.name, "day": f"{day:%d/%m/%Y}"}
        )
    request = CorrectionRequest(district=district, date=day, reason=reason, requested_by=_author(user))
    request._history_user = _author(user)
    request.save()
    return request


def can_decide(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("ingest.grant_correctionrequest"))


def decide_correction(*, user, correction: CorrectionRequest, grant: bool) -> CorrectionRequest:
    """Grant (open the district's figures of that date until it is published again) or refuse a request."""
    if not can_decide(user):
        raise PermissionDenied(_("Chỉ người phê duyệt mới cho phép sửa số liệu đã công bố."))
    with transaction.atomic():
        correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
        if correction.status != Status.PENDING:
            raise ValidationError(
                _("Yêu cầu này đã được xử lý (%(status)s).") % {"status": correction.get_status_display()}
            )
        correction.status = Status.GRANTED if grant else Status.REFUSED
        correction.decided_by, correction.decided_at = user, timezone.now()
        correction._history_user = user
        correction.save()
    return correction
