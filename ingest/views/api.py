"""The staff JSON API: read a day's reports, and send a day's rows through the same checks as an upload.

Session authentication: a logged-in staff member, CSRF-protected for POST (send the csrftoken cookie's value in
the X-CSRFToken header).
"""

import datetime
import json

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from areas.models import Area

from .. import access
from ..models import REPORT_FIELDS, DailyReport
from ..selectors import reports_for_api
from ..services.reports import submit_reports


def _error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


def _serialise(report: DailyReport) -> dict:
    area = report.area
    return {
        "commune_code": area.code,  # the key POST takes
        "area_code": area.code,  # its former name, kept for existing clients
        "area_name": area.name,
        "kind": area.kind,
        "district_code": area.parent.code if area.kind == Area.Kind.COMMUNE and area.parent else None,
        "date": report.date.isoformat(),
        **{key: getattr(report, key) for key in REPORT_FIELDS},
        "note": report.note,
        "warning_comment": report.warning_comment,
        "entered_by": report.entered_by.get_username() if report.entered_by else None,
        "entered_at": report.entered_at.isoformat(),
        "synthetic": report.synthetic,
    }


def _district(user, code: str) -> Area | None:
    """Return the district of the query (None: every district the user may see); raise LookupError/PermissionError."""
    if not code:
        return None
    district = Area.objects.filter(code=code, kind=Area.Kind.DISTRICT, external=False).first()
    if district is None:
        raise LookupError(code)
    if not access.area_in_scope(user, district):
        raise PermissionError(code)
    return district


@require_http_methods(["GET", "POST"])
def reports(request):
    user = request.user
    if not user.is_authenticated:
        return _error(401, _("Hãy đăng nhập trang quản trị trước."))
    if not access.can_view_reports(user):
        return _error(403, _("Bạn không có quyền xem số liệu."))
    if request.method == "POST":
        return _post(request)
    try:
        day = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return _error(400, _("Tham số date phải là ngày dạng YYYY-MM-DD, ví dụ ?date=2021-06-10."))
    try:
        district = _district(user, request.GET.get("district", ""))
    except LookupError:
        return _error(404, _("Không có huyện mã %(code)s.") % {"code": request.GET["district"]})
    except PermissionError:
        return _error(403, _("Bạn không phụ trách huyện này."))
    items = [_serialise(report) for report in reports_for_api(user=user, day=day, district=district)]
    return JsonResponse(
        {
            "date": day.isoformat(),
            "district": {"code": district.code, "name": district.name} if district else None,
            "count": len(items),
            "reports": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _post(request):
    user = request.user
    if not access.can_enter_reports(user):
        return _error(403, _("Bạn không có quyền nhập số liệu."))
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _error(400, _("Nội dung gửi lên không phải JSON hợp lệ."))
    if isinstance(body, list):
        body = {"reports": body}
    if not isinstance(body, dict) or not isinstance(body.get("reports"), list) or not body["reports"]:
        return _error(
            400,
            _(
                "Gửi một đối tượng JSON có danh sách “reports” (mỗi phần tử một xã), và “date” chung "
                "nếu các dòng không ghi ngày."
            ),
        )
    if len(body["reports"]) > settings.INGEST_MAX_ROWS:
        return _error(400, _("Quá nhiều dòng trong một lần gửi."))
    plan, counts = submit_reports(
        user=user, rows=body["reports"], date=body.get("date"), dry_run=bool(body.get("dry_run"))
    )
    rows = [
        {
            "row": row.number,
            "area_code": row.area.code if row.area else None,
            "date": row.date.isoformat() if row.date else None,
            "action": row.action,
            "changes": {key: {"old": old, "new": new} for key, (old, new) in row.changes.items()},
            "errors": [{"column": error.column, "message": error.message} for error in row.errors],
            "warnings": [{"column": warning.column, "message": warning.message} for warning in row.warnings],
        }
        for row in plan.rows
    ]
    if plan.has_errors:
        return JsonResponse(
            {"error": _("Có lỗi: không ghi dòng nào."), "errors": plan.error_lines(), "rows": rows},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(
        {"written": counts is not None, **plan.counts, "rows": rows}, json_dumps_params={"ensure_ascii": False}
    )
