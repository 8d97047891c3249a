"""The review-and-publish pages of the admin (approvers only)."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ingest.completeness import MISSING, completeness

from . import selectors
from .forecasting import review_forecast
from .forms import PublishForm
from .models import Publication
from .services.publication import publish_levels


def _approver(request):
    """Return the user when they may publish levels; refuse every other staff member."""
    if not request.user.has_perm("risk.publish_levels"):
        raise PermissionDenied(_("Chỉ người được phê duyệt mới xem xét và công bố được cấp độ."))
    return request.user


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404(_("Ngày không hợp lệ: %(value)s") % {"value": value}) from None


def _context(request, **extra):
    return {**admin.site.each_context(request), "opts": _publication_opts(), **extra}


def _publication_opts():
    return Publication._meta


def review_index(request):
    """List the assessed dates, newest first, with what awaits approval."""
    _approver(request)
    dates = selectors.recent_dates()
    return render(
        request,
        "admin/risk/review_index.html",
        _context(
            request,
            title=_("Xem xét và công bố cấp độ"),
            dates=dates,
            in_force=selectors.in_force_publication(),
            awaiting=[d for d in dates if d.awaiting],
        ),
    )


def review_date(request, day: str):
    """Show every change of a date's proposals against the levels in force, and publish them."""
    user = _approver(request)
    data_date = _day(day)
    review = selectors.review(data_date)
    if review.run is None:
        raise Http404(_("Chưa có cấp độ tính toán cho ngày %(date)s.") % {"date": data_date.strftime("%d/%m/%Y")})
    initial = {
        "effective_at": timezone.localtime(selectors.default_effective_at(data_date), selectors.LOCAL_TZ),
        "signature": review.signature,
    }
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            publication = publish_levels(
                data_date=data_date,
                effective_at=form.cleaned_data["effective_at"],
                user=user,
                note=form.cleaned_data["note"],
                expected_signature=form.cleaned_data["signature"],
                confirm_incomplete=form.cleaned_data["confirm_incomplete"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Đã công bố cấp độ theo số liệu ngày %(date)s, hiệu lực từ %(at)s.")
                % {
                    "date": data_date.strftime("%d/%m/%Y"),
                    "at": timezone.localtime(publication.effective_at, selectors.LOCAL_TZ).strftime("%H:%M %d/%m/%Y"),
                },
            )
            return redirect(reverse("admin:risk_publication_change", args=[publication.pk]))
    return render(
        request,
        "admin/risk/review_date.html",
        _context(
            request,
            title=_("Cấp độ theo số liệu ngày %(date)s") % {"date": data_date.strftime("%d/%m/%Y")},
            review=review,
            form=form,
            data_date=data_date,
            completeness=_completeness(data_date),
            forecast=review_forecast(data_date),
        ),
    )


def _completeness(data_date: datetime.date) -> dict:
    """Each district's reporting state on data_date, for the approver before publishing."""
    statuses = completeness(day=data_date)
    return {"statuses": statuses, "missing": [s for s in statuses if s.status == MISSING]}
