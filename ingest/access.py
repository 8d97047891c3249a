"""Who may see and change which data: one place for the sheet, the admin, the upload, the staff API, the services
of every app and the commands.

District scope fails closed. Staff see and change the whole province only with the explicit grant
`ingest.whole_province` (a user permission, or a group's: the approvers' and the editors' groups hold it); staff
assigned to districts (StaffScope) see and change only those districts and their communes; anyone else sees none.
Actions also need the model permissions of their group.

Services call `require(...)` before they write, so that no page, API or command can skip the check; commands and
scheduled jobs act as the `system` account (see `system_user`), which the history then names.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from areas.models import GEOMETRY_FIELDS, Area

from .models import StaffScope

# Boundaries are large: lists of areas never need them.

WHOLE_PROVINCE = "ingest.whole_province"
SYSTEM_USERNAME = "system"


def system_user():
    """Return the account that commands and scheduled jobs act as, creating it on first use.

    It holds every permission (a superuser) but cannot log in: no usable password, not staff.
    """
    User = get_user_model()
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, first_name="Hệ thống", is_superuser=True, is_staff=False, is_active=True)
        user.set_unusable_password()
        user.save()
    return user


def is_active_user(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def has_whole_province(user) -> bool:
    """Say whether user holds the explicit grant to work for the whole province (superusers always do)."""
    return is_active_user(user) and user.has_perm(WHOLE_PROVINCE)


def scope_district_ids(user) -> frozenset[int] | None:
    """Return the ids of the districts user is limited to (empty: none at all), or None for the whole province."""
    if not is_active_user(user):
        return frozenset()
    if has_whole_province(user):
        return None
    if not hasattr(user, "_ingest_scope"):
        scope = StaffScope.objects.filter(user=user).first()
        user._ingest_scope = frozenset(scope.districts.values_list("pk", flat=True)) if scope else frozenset()
    return user._ingest_scope


def is_scoped(user) -> bool:
    return scope_district_ids(user) is not None


def allowed_areas(user) -> QuerySet[Area]:
    """Return the province's own areas whose reports user may see (whatever the permissions)."""
    ids = scope_district_ids(user)
    areas = Area.objects.internal().defer(*GEOMETRY_FIELDS)
    if ids is None:
        return areas
    return areas.filter(Q(pk__in=ids) | Q(parent_id__in=ids))


def area_in_scope(user, area: Area) -> bool:
    ids = scope_district_ids(user)
    if area.external:
        return False
    return ids is None or area.pk in ids or area.parent_id in ids


def require(
    user, *permissions: str, area: Area | None = None, whole_province: bool = False, superuser: bool = False
) -> None:
    """Raise PermissionDenied unless user is an active account holding every permission, working for area (a
    province's own area in their districts) or for the whole province when asked."""
    if not is_active_user(user):
        raise PermissionDenied(_("Hãy đăng nhập bằng một tài khoản đang hoạt động."))
    if superuser and not user.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị viên cấp cao mới làm được việc này."))
    missing = [name for name in permissions if not user.has_perm(name)]
    if missing:
        raise PermissionDenied(_("Bạn không có quyền %(perms)s.") % {"perms": ", ".join(missing)})
    if whole_province and not has_whole_province(user):
        raise PermissionDenied(_("Việc này chỉ cán bộ phụ trách toàn tỉnh được làm."))
    if area is not None and not area_in_scope(user, area):
        raise PermissionDenied(_("Bạn không phụ trách %(area)s.") % {"area": area.name})


def require_model(user, action: str, model, **scope) -> None:
    """require() the permission `app.action_model` of model (action: add, change, delete, view)."""
    meta = model._meta
    require(user, f"{meta.app_label}.{action}_{meta.model_name}", **scope)


def can_view_reports(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("ingest.view_dailyreport"))


def can_enter_reports(user) -> bool:
    """Say whether user may enter reports at all (somewhere in their scope)."""
    return bool(
        user.is_active
        and user.is_staff
        and user.has_perm("ingest.add_dailyreport")
        and user.has_perm("ingest.change_dailyreport")
    )


def can_view_report(user, area: Area) -> bool:
    return can_view_reports(user) and area_in_scope(user, area)


def can_change_report(user, area: Area) -> bool:
    """Say whether user may create or change the report of area (any date)."""
    return can_enter_reports(user) and area_in_scope(user, area)


def can_upload(user) -> bool:
    return can_enter_reports(user) and user.has_perm("ingest.add_reportimport")


def can_download_original(user) -> bool:
    """Only the health department fetches the files it uploaded (a dedicated permission of its groups)."""
    return bool(user.is_active and user.is_staff and user.has_perm("ingest.download_original_reportimport"))


def can_change_flag(user, area: Area) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("ingest.change_areaflag")) and area_in_scope(
        user, area
    )


def can_change_declared_levels(user) -> bool:
    """External areas belong to no district: only staff of the whole province declare their levels."""
    return bool(user.is_active and user.is_staff and user.has_perm("ingest.change_declaredlevel")) and not is_scoped(
        user
    )
