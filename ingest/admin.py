from django.contrib import admin
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from areas.models import Area

from . import access
from . import columns as cols
from .access import GEOMETRY_FIELDS
from .forms import AreaFlagForm, DailyReportForm, DeclaredLevelForm
from .history_admin import GuardedHistoryAdmin
from .models import RULE_FIELDS, AreaFlag, DailyReport, DailySheet, DeclaredLevel, ReportImport, StaffScope
from .selectors import flags_visible_to, imports_visible_to, sheet_districts
from .services.flags import delete_ranged, save_area_flag, save_declared_level
from .services.reports import delete_reports, save_report
from .views import imports as import_views
from .views import sheet as sheet_views


class DistrictFilter(admin.SimpleListFilter):
    title = _("huyện")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [(district.code, district.name) for district in sheet_districts(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Q(area__code=self.value(), area__kind=Area.Kind.DISTRICT) | Q(area__parent__code=self.value())
            )
        return queryset


def figure(key: str):
    """Return a list column showing one figure under the sheet's short title (the full one is too wide)."""
    column = cols.BY_KEY[key]

    @admin.display(description=column.short, ordering=key)
    def show(obj):
        return getattr(obj, key)

    show.__name__ = f"figure_{key}"
    return show


class UserFormMixin:
    """Give the form the request's user, for the checks of the services."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})


class AreaScopedMixin:
    """Offer only the areas the user may work on, and refuse changes to records of other areas.

    Subclasses name the access check as `may_change = staticmethod(access.can_change_…)`.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area":
            kwargs["queryset"] = access.allowed_areas(request.user).order_by("kind", "code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def object_in_scope(self, request, obj) -> bool:
        return obj.area_id is not None and access.area_in_scope(request.user, obj.area)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or self.object_in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_change(request.user, obj.area))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_change(request.user, obj.area))


@admin.register(DailyReport)
class DailyReportAdmin(AreaScopedMixin, UserFormMixin, GuardedHistoryAdmin):
    form = DailyReportForm
    list_display = ["day", "area", "district", *(figure(key) for key in RULE_FIELDS), "entered_by", "synthetic"]
    list_display_links = ["day", "area"]
    list_filter = [DistrictFilter, "area__kind", "synthetic", "date"]
    search_fields = ["area__code", "area__name", "area__search_name"]
    date_hierarchy = "date"
    list_select_related = ["area", "area__parent", "entered_by"]
    readonly_fields = ["entered_by", "entered_at", "source_import", "synthetic"]
    fieldsets = [
        (None, {"fields": ["area", "date"]}),
        (
            _("Số liệu dùng để đánh giá cấp độ"),
            {
                "fields": [
                    "community_cases_known_source",
                    "community_cases_unknown_source",
                    "unknown_source_clusters",
                    "hard_to_control_source_cases",
                    "quarantined_cases",
                    "community_f1",
                ]
            },
        ),
        (_("Số liệu hiển thị"), {"fields": ["tests", "recovered", "deaths"]}),
        (None, {"fields": ["note", "warning_comment", "entered_by", "entered_at", "source_import", "synthetic"]}),
    ]
    change_list_template = "admin/ingest/dailyreport/change_list.html"

    @admin.display(description=_("ngày"), ordering="date")
    def day(self, obj):
        return f"{obj.date:%d/%m/%Y}"

    @admin.display(description=_("huyện"), ordering="area__parent__code")
    def district(self, obj):
        return obj.area.parent if obj.area.kind == Area.Kind.COMMUNE else ""

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(area__in=access.allowed_areas(request.user))
            .select_related("area", "area__parent", "entered_by")
            .defer(
                *(f"area__{name}" for name in GEOMETRY_FIELDS), *(f"area__parent__{name}" for name in GEOMETRY_FIELDS)
            )
        )

    may_change = staticmethod(access.can_change_report)

    def save_model(self, request, obj, form, change):
        save_report(report=obj, user=request.user)

    def delete_model(self, request, obj):
        delete_reports(reports=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        delete_reports(reports=list(queryset), user=request.user)

    def get_urls(self):
        sheet = self.admin_site.admin_view(lambda request: sheet_views.sheet(request, self))
        return [path("sheet/", sheet, name="ingest_dailyreport_sheet"), *super().get_urls()]


@admin.register(DailySheet)
class DailySheetAdmin(admin.ModelAdmin):
    """The daily entry sheet's line on the admin index: opening it opens the sheet."""

    def has_module_permission(self, request):
        return access.can_view_reports(request.user)

    def has_view_permission(self, request, obj=None):
        return access.can_view_reports(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:ingest_dailyreport_sheet"))

    def get_urls(self):
        # Only the link: the change, history and delete pages of this proxy would show any district's report.
        return [url for url in super().get_urls() if url.name == "ingest_dailysheet_changelist"]


@admin.register(ReportImport)
class ReportImportAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "uploaded_by",
        "uploaded_at",
        "status",
        "created",
        "updated",
        "unchanged",
        "error_count",
        "short_sha256",
    ]
    list_filter = ["status"]
    search_fields = ["file_name", "sha256", "uploaded_by__username"]
    list_select_related = ["uploaded_by"]
    change_list_template = "admin/ingest/reportimport/change_list.html"

    @admin.display(description="SHA-256")
    def short_sha256(self, obj):
        return obj.sha256[:12]

    def get_queryset(self, request):
        return imports_visible_to(request.user)

    def has_add_permission(self, request):
        return access.can_upload(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # an import is a record: it is confirmed from its own page, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return import_views.upload(request, self)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return import_views.detail(request, self, object_id)

    def get_urls(self):
        wrap = self.admin_site.admin_view

        def view(function):
            return wrap(lambda request, *args, **kwargs: function(request, self, *args, **kwargs))

        return [
            path("template.xlsx", view(import_views.template_xlsx), name="ingest_reportimport_template_xlsx"),
            path("template.csv", view(import_views.template_csv), name="ingest_reportimport_template_csv"),
            path("<int:pk>/commit/", view(import_views.commit), name="ingest_reportimport_commit"),
            path("<int:pk>/status/", view(import_views.status), name="ingest_reportimport_status"),
            path("<int:pk>/errors.csv", view(import_views.error_rows), name="ingest_reportimport_errors"),
            path("<int:pk>/file/", view(import_views.original), name="ingest_reportimport_file"),
            *super().get_urls(),
        ]


class RangedAdmin(UserFormMixin, GuardedHistoryAdmin):
    def delete_model(self, request, obj):
        delete_ranged(records=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        delete_ranged(records=list(queryset), user=request.user)

    @admin.display(description=_("từ ngày"), ordering="start")
    def first_day(self, obj):
        return f"{obj.start:%d/%m/%Y}"

    @admin.display(description=_("đến ngày"), ordering="end")
    def last_day(self, obj):
        return f"{obj.end:%d/%m/%Y}"


@admin.register(AreaFlag)
class AreaFlagAdmin(AreaScopedMixin, RangedAdmin):
    form = AreaFlagForm
    list_display = ["flag", "area", "value", "first_day", "last_day", "set_by", "synthetic"]
    list_filter = ["flag", "area__kind", "synthetic"]
    search_fields = ["area__code", "area__name", "area__search_name", "note"]
    readonly_fields = ["set_by", "set_at", "synthetic"]
    list_select_related = ["area", "set_by"]

    def get_queryset(self, request):
        return flags_visible_to(request.user)

    may_change = staticmethod(access.can_change_flag)

    def save_model(self, request, obj, form, change):
        save_area_flag(flag=obj, user=request.user)


@admin.register(DeclaredLevel)
class DeclaredLevelAdmin(RangedAdmin):
    form = DeclaredLevelForm
    list_display = ["area", "level", "first_day", "last_day", "reference", "entered_by", "synthetic"]
    list_filter = ["level", "synthetic"]
    search_fields = ["area__code", "area__name", "reference"]
    readonly_fields = ["entered_by", "entered_at", "synthetic"]
    list_select_related = ["area", "entered_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("area", "entered_by")
            .defer(*(f"area__{name}" for name in GEOMETRY_FIELDS))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area":
            kwargs["queryset"] = Area.objects.filter(external=True).defer(*GEOMETRY_FIELDS).order_by("kind", "code")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not access.is_scoped(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and access.can_change_declared_levels(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and access.can_change_declared_levels(request.user)

    def save_model(self, request, obj, form, change):
        save_declared_level(declared=obj, user=request.user)


@admin.register(StaffScope)
class StaffScopeAdmin(admin.ModelAdmin):
    """Which districts a staff member works for (superusers only: no group holds these permissions)."""

    list_display = ["user", "district_names"]
    filter_horizontal = ["districts"]
    raw_id_fields = ["user"]

    @admin.display(description=_("huyện phụ trách"))
    def district_names(self, obj):
        return ", ".join(obj.districts.order_by("code").values_list("name", flat=True))


from . import admin_quality  # noqa: E402,F401  (the quality admin registers itself)
