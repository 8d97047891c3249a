"""Admin of the quality of the figures: plausibility rules, no-new-cases days, correction requests, "Chưa báo cáo"."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from areas.models import Area

from . import access
from .history_admin import GuardedHistoryAdmin
from .models import CorrectionRequest, MissingReports, NoNewCasesDeclaration, PlausibilityRule
from .plausibility import ExpressionError, compile_expression
from .services.quality import can_decide, decide_correction, request_correction, withdraw_no_new_cases
from .views import quality as quality_views


class PlausibilityRuleForm(forms.ModelForm):
    class Meta:
        model = PlausibilityRule
        fields = ["code", "name", "expression", "severity", "message", "column", "active"]

    def clean_expression(self):
        expression = self.cleaned_data["expression"]
        try:
            compile_expression(expression)
        except ExpressionError as exc:
            raise forms.ValidationError(str(exc)) from None
        return expression


@admin.register(PlausibilityRule)
class PlausibilityRuleAdmin(GuardedHistoryAdmin):
    """Rules change what every clerk may save: superusers only."""

    form = PlausibilityRuleForm
    list_display = ["code", "name", "severity", "expression", "active"]
    list_filter = ["severity", "active"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(NoNewCasesDeclaration)
class NoNewCasesDeclarationAdmin(GuardedHistoryAdmin):
    """The "không có ca mới" days: filed from the sheet or the "Chưa báo cáo" page, withdrawn here."""

    list_display = ["district", "day", "declared_by", "declared_at"]
    list_select_related = ["district", "declared_by"]
    date_hierarchy = "date"

    @admin.display(description=_("ngày"), ordering="date")
    def day(self, obj):
        return f"{obj.date:%d/%m/%Y}"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(district__in=access.allowed_areas(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return access.can_view_reports(request.user)

    def has_module_permission(self, request):
        return access.can_view_reports(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.can_enter_reports(request.user) and (
            obj is None or access.area_in_scope(request.user, obj.district)
        )

    def delete_model(self, request, obj):
        withdraw_no_new_cases(user=request.user, declaration=obj)

    def delete_queryset(self, request, queryset):
        for declaration in queryset:
            withdraw_no_new_cases(user=request.user, declaration=declaration)

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "missing/",
                site.admin_view(lambda request: quality_views.missing(request, self)),
                name="ingest_missing_reports",
            ),
            path(
                "file/",
                site.admin_view(lambda request: quality_views.no_new_cases(request, self)),
                name="ingest_no_new_cases",
            ),
            *super().get_urls(),
        ]


@admin.register(MissingReports)
class MissingReportsAdmin(admin.ModelAdmin):
    """The "Chưa báo cáo" line on the admin index: opening it opens the page."""

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
        return redirect(reverse("admin:ingest_missing_reports"))

    def get_urls(self):
        # Only the index line: a proxy of DailyReport must not open reports outside the sheet's scope rules.
        return [path("", self.admin_site.admin_view(self.changelist_view), name="ingest_missingreports_changelist")]


class CorrectionRequestForm(forms.ModelForm):
    class Meta:
        model = CorrectionRequest
        fields = ["district", "date", "reason"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "district" in self.fields:
            self.fields["district"].queryset = access.allowed_areas(user).filter(
                kind__in=[Area.Kind.DISTRICT, Area.Kind.PROVINCE]
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # Check by writing in a savepoint that is rolled back: the service is the one judge of a request.
        try:
            with transaction.atomic():
                request_correction(
                    user=self.user, district=cleaned["district"], day=cleaned["date"], reason=cleaned.get("reason", "")
                )
                transaction.set_rollback(True)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        except PermissionDenied as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(GuardedHistoryAdmin):
    """Clerks ask to reopen a published date's figures of a district; approvers grant or refuse."""

    form = CorrectionRequestForm
    list_display = ["district", "day", "status", "reason", "requested_by", "requested_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["district", "requested_by", "decided_by"]
    actions = ["grant", "refuse"]

    @admin.display(description=_("ngày số liệu"), ordering="date")
    def day(self, obj):
        return f"{obj.date:%d/%m/%Y}"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(district__in=access.allowed_areas(request.user))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class Bound(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return Bound

    def get_readonly_fields(self, request, obj=None):
        return ["district", "date", "reason", "status", "decided_by", "decided_at"] if obj else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_decide(request.user):
            actions.pop("grant", None)
            actions.pop("refuse", None)
        return actions

    def save_model(self, request, obj, form, change):
        saved = request_correction(user=request.user, district=obj.district, day=obj.date, reason=obj.reason)
        obj.pk = saved.pk

    def _decide(self, request, queryset, *, grant: bool):
        for correction in queryset:
            try:
                decide_correction(user=request.user, correction=correction, grant=grant)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(
                    request, f"{correction}: {' '.join(getattr(exc, 'messages', [str(exc)]))}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    (_("Đã cho phép sửa: %(request)s") if grant else _("Đã từ chối: %(request)s"))
                    % {"request": correction},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Cho phép sửa số liệu (mở khoá huyện và ngày này)"))
    def grant(self, request, queryset):
        self._decide(request, queryset, grant=True)

    @admin.action(description=_("Từ chối yêu cầu sửa"))
    def refuse(self, request, queryset):
        self._decide(request, queryset, grant=False)
