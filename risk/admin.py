"""Admin: assessments with their reasons, publications and the review-and-publish page, overrides, rule sets."""

from dataclasses import fields as dataclass_fields

from django.contrib import admin, messages
from django.db.models import Case, Q, When
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from areas.models import Area
from ingest.history_admin import GuardedHistoryAdmin

from . import display, engine, views
from .forms import OverrideForm, RuleSetForm
from .models import Assessment, Override, Publication, PublishedLevel, RuleSet
from .selectors import without_geometry
from .services.overrides import remove_override, set_override
from .services.rulesets import update_ruleset


class RiskMedia:
    # The level colours come from risk.engine.levels through the public site's generated style sheet.
    css = {"all": [reverse_lazy("level-colours"), "risk/admin.css"]}


class ReadOnlyMixin:
    """Computed and published rows are never edited by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DistrictFilter(admin.SimpleListFilter):
    title = _("huyện")
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [
            (a.pk, a.name) for a in Area.objects.filter(kind=Area.Kind.DISTRICT, external=False).order_by("sort_key")
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(area__parent_id=self.value()) | Q(area_id=self.value()))
        return queryset


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    Media = RiskMedia
    list_display = ["shown_date", "area", "kind", "badge", "computed_level", "overridden", "step_down", "summary"]
    list_filter = ["date", "area__kind", "level", "overridden", DistrictFilter]
    date_hierarchy = "date"
    search_fields = ["area__name", "area__search_name", "area__code"]
    list_select_related = ["area"]
    list_per_page = 250
    fields = [
        "area",
        "date",
        "ruleset",
        "badge",
        "computed_level",
        "intrinsic_level",
        "overridden",
        "reasons_list",
        "step_down",
        "fingerprint",
        "computed_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return without_geometry(super().get_queryset(request).select_related("area"), "area")

    @admin.display(description=_("ngày"), ordering="date")
    def shown_date(self, obj):
        return obj.date.strftime("%d/%m/%Y")

    @admin.display(description=_("cấp"), ordering="area__kind")
    def kind(self, obj):
        return obj.area.get_kind_display()

    @admin.display(description=_("cấp độ"), ordering="level")
    def badge(self, obj):
        return display.level_badge(obj.level)

    @admin.display(description=_("ngày sớm nhất có thể hạ cấp"), ordering="step_down_date")
    def step_down(self, obj):
        return obj.step_down_date.strftime("%d/%m/%Y") if obj.step_down_date else "—"

    @admin.display(description=_("lý do"))
    def summary(self, obj):
        return obj.reasons[0]["text"] if obj.reasons else "—"

    @admin.display(description=_("lý do"))
    def reasons_list(self, obj):
        return display.reasons_html(obj.reasons)


KIND_ORDER = Case(When(area__kind="province", then=0), When(area__kind="district", then=1), default=2)


class PublishedLevelInline(ReadOnlyMixin, admin.TabularInline):
    model = PublishedLevel
    fields = ["area", "badge", "computed_level", "overridden", "since_shown", "step_down", "reasons_list"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        levels = super().get_queryset(request).select_related("area", "area__parent")
        return without_geometry(levels, "area", "area__parent").order_by(KIND_ORDER, "area__parent__name", "area__name")

    def has_view_permission(self, request, obj=None):
        # The rows are part of the publication: whoever may see it sees its levels.
        return request.user.has_perm("risk.view_publication")

    @admin.display(description=_("cấp độ"))
    def badge(self, obj):
        return display.level_badge(obj.level)

    @admin.display(description=_("từ ngày"))
    def since_shown(self, obj):
        return obj.since.strftime("%d/%m/%Y")

    @admin.display(description=_("ngày sớm nhất có thể hạ cấp"))
    def step_down(self, obj):
        return obj.step_down_date.strftime("%d/%m/%Y") if obj.step_down_date else "—"

    @admin.display(description=_("lý do"))
    def reasons_list(self, obj):
        return display.reasons_html(obj.reasons)


@admin.register(Publication)
class PublicationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    Media = RiskMedia
    list_display = ["shown_data_date", "shown_effective_at", "state", "published_at", "published_by", "automatic"]
    list_filter = ["automatic"]
    date_hierarchy = "data_date"
    fields = ["data_date", "effective_at", "published_at", "published_by", "automatic", "note"]
    readonly_fields = fields
    inlines = [PublishedLevelInline]
    change_list_template = "admin/risk/publication/change_list.html"

    @admin.display(description=_("số liệu đến ngày"), ordering="data_date")
    def shown_data_date(self, obj):
        return obj.data_date.strftime("%d/%m/%Y")

    @admin.display(description=_("hiệu lực từ"), ordering="effective_at")
    def shown_effective_at(self, obj):
        return timezone.localtime(obj.effective_at).strftime("%H:%M %d/%m/%Y")

    @admin.display(description=_("trạng thái"))
    def state(self, obj):
        now = timezone.now()
        if obj.effective_at > now:
            return _("sắp có hiệu lực")
        current = Publication.objects.in_force(now).first()
        return _("đang có hiệu lực") if current and current.pk == obj.pk else _("đã được thay thế")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("review/", wrap(views.review_index), name="risk_review_index"),
            path("review/<str:day>/", wrap(views.review_date), name="risk_review_date"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_publish": request.user.has_perm("risk.publish_levels")}
        return super().changelist_view(request, extra_context)


@admin.register(Override)
class OverrideAdmin(GuardedHistoryAdmin):
    Media = RiskMedia
    form = OverrideForm
    list_display = ["area", "badge", "shown_start", "shown_end", "decision_number", "body", "created_by"]
    list_filter = ["level", "area__kind"]
    search_fields = ["area__name", "area__search_name", "decision_number", "reason"]
    autocomplete_fields = ["area"]
    list_select_related = ["area", "created_by"]
    date_hierarchy = "start"

    @admin.display(description=_("cấp độ"), ordering="level")
    def badge(self, obj):
        return display.level_badge(obj.level)

    def get_queryset(self, request):
        return without_geometry(super().get_queryset(request).select_related("area", "created_by"), "area")

    @admin.display(description=_("từ ngày"), ordering="start")
    def shown_start(self, obj):
        return obj.start.strftime("%d/%m/%Y")

    @admin.display(description=_("đến ngày"), ordering="end")
    def shown_end(self, obj):
        return obj.end.strftime("%d/%m/%Y")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = set_override(
            area=data["area"],
            level=data["level"],
            start=data["start"],
            end=data["end"],
            reason=data["reason"],
            body=data["body"],
            decision_number=data["decision_number"],
            user=request.user,
            override=obj if change else None,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        remove_override(override=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            remove_override(override=override, user=request.user)


@admin.register(RuleSet)
class RuleSetAdmin(GuardedHistoryAdmin):
    Media = RiskMedia
    form = RuleSetForm
    list_display = ["code", "name", "valid_from", "valid_to"]
    readonly_fields = ["code", "name", "parameter_table", "changelog_shown"]

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return [
                "code",
                "name",
                "valid_from",
                "valid_to",
                "parameters",
                "change_note",
                "parameter_table",
                "changelog_shown",
            ]
        return ["code", "name", "valid_from", "valid_to", "parameter_table", "changelog_shown"]

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.readonly_fields
        return [*self.readonly_fields, "valid_from", "valid_to"]

    def has_add_permission(self, request):
        return False  # a rule set comes with its rules' code, by a data migration

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tham số đang dùng"))
    def parameter_table(self, obj):
        try:
            rs = engine.ruleset_for(obj.code)
        except engine.UnknownRuleSet:
            return "—"
        defaults = rs.parameters().as_dict()
        current = {**defaults, **(obj.parameters or {})}
        rows = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("tham số"),
            _("giá trị"),
            _("mặc định"),
            _("ý nghĩa"),
        )
        for f in dataclass_fields(rs.parameters_type):
            rows += format_html(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>[{}] {}</td></tr>",
                f.name,
                current.get(f.name),
                defaults.get(f.name),
                f.metadata.get("tag", ""),
                f.metadata.get("doc", ""),
            )
        return format_html('<table class="risk-parameters">{}</table>', rows)

    @admin.display(description=_("nhật ký thay đổi"))
    def changelog_shown(self, obj):
        return format_html('<pre class="risk-changelog">{}</pre>', obj.changelog or "—")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        logged = RuleSet.objects.get(pk=obj.pk).changelog
        saved = update_ruleset(
            ruleset=obj,
            user=request.user,
            parameters=data["parameters"],
            note=data["change_note"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )
        if saved.changelog != logged:
            messages.info(
                request,
                format_html(
                    _('Các ngày đã tính theo bộ quy tắc này sẽ được tính lại; xem <a href="{}">các đánh giá</a>.'),
                    reverse("admin:risk_assessment_changelist"),
                ),
            )
