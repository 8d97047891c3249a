"""Who may see and change which data: one place for the sheet, the admin, the upload and the staff API.

Staff assigned to districts (StaffScope) see and change only those districts and their communes; unassigned staff
of the province see everything. Actions also need the model permissions of their group.
"""

from django.db.models import Q, QuerySet

from areas.models import Area

from .models import StaffScope

# Boundaries are large: lists of areas never need them.
GEOMETRY_FIELDS = ("geometry", "display_geometry", "point")


def scope_district_ids(user) -> frozenset[int] | None:
    """Return the ids of the districts user is limited to, or None for the whole province."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return None
    if not hasattr(user, "_ingest_scope"):
        scope = StaffScope.objects.filter(user=user).first()
        ids = frozenset(scope.districts.values_list("pk", flat=True)) if scope else frozenset()
        # An empty scope means "the whole province", as for staff without one.
        user._ingest_scope = ids or None
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


def can_view_reports(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("ingest.view_dailyreport"))


def can_enter_reports(user) -> bool:
    """Say whether user may enter reports at all (somewhere in their scope)."""
    return bool(
        user.is_active and user.is_staff
        and user.has_perm("ingest.add_dailyreport") and user.has_perm("ingest.change_dailyreport")
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
