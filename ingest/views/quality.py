"""The "Chưa báo cáo" page: each district's state for a date, and the one-click "không có ca mới" day."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area

from .. import access
from ..completeness import MISSING, completeness
from ..services.quality import declare_no_new_cases


def _day(request) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("date") or request.POST.get("date") or today.isoformat())
    except ValueError:
        return today
    return min(day, today)


def missing(request, model_admin):
    """List the districts of the user's scope (all for the province's staff) and what each filed for a date."""
    user = request.user
    if not access.can_view_reports(user):
        raise PermissionDenied
    day = _day(request)
    statuses = completeness(day=day, user=user)
    return render(
        request,
        "admin/ingest/missing.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": _("Chưa báo cáo"),
            "day": day,
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1) if day < timezone.localdate() else None,
            "statuses": statuses,
            "missing_count": sum(1 for s in statuses if s.status == MISSING),
            "can_enter": access.can_enter_reports(user),
        },
    )


def no_new_cases(request, model_admin):
    """File a "không có ca mới" day for one district (POST only), then go back where the clerk came from."""
    if request.method != "POST" or not access.can_enter_reports(request.user):
        raise PermissionDenied
    day = _day(request)
    district = Area.objects.filter(
        code=request.POST.get("district", ""), kind=Area.Kind.DISTRICT, external=False
    ).first()
    back = request.POST.get("next") or reverse("admin:ingest_missing_reports")
    if not back.startswith("/admin/"):
        back = reverse("admin:ingest_missing_reports")
    if district is None:
        messages.error(request, _("Không có huyện này."))
        return redirect(back)
    try:
        declare_no_new_cases(user=request.user, district=district, day=day)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền nhập số liệu."))
    else:
        messages.success(
            request,
            _("Đã ghi: %(district)s không có ca mới ngày %(day)s.")
            % {"district": district.name, "day": f"{day:%d/%m/%Y}"},
        )
    return redirect(back)
