"""Admin for the information department's editors: notices with preview, publish and withdraw; measures; texts."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ingest.history_admin import GuardedHistoryAdmin

from . import services
from .forms import MeasureForm, NoticeForm, PublicTextForm, WithdrawForm
from .markup import render_markdown
from .models import HealthStation, LoudspeakerText, Measure, Notice, PublicText


def _short_time(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "—"


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# Fields that only exist once a notice is saved.
ADD_HIDDEN = {
    "rendered_body",
    "status",
    "withdrawn_at",
    "withdrawal_reason",
    "author",
    "editor",
    "source_publication",
    "created_at",
    "updated_at",
}


@admin.register(Notice)
class NoticeAdmin(GuardedHistoryAdmin):
    form = NoticeForm
    list_display = ["title", "shown_status", "publish_time", "expiry_time", "pinned", "editor"]
    list_filter = ["status", "pinned"]
    search_fields = ["title", "summary", "body"]
    autocomplete_fields = ["areas"]
    list_select_related = ["editor"]
    actions = ["publish_selected", "withdraw_selected"]
    readonly_fields = [
        "status",
        "withdrawn_at",
        "withdrawal_reason",
        "author",
        "editor",
        "source_publication",
        "created_at",
        "updated_at",
        "rendered_body",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "rendered_body"]}),
        (gettext_lazy("Phạm vi"), {"fields": ["areas", "levels"]}),
        (gettext_lazy("Đăng"), {"fields": ["status", "publish_at", "expires_at", "pinned"]}),
        (gettext_lazy("Thu hồi"), {"fields": ["withdrawn_at", "withdrawal_reason"]}),
        (gettext_lazy("Theo dõi"), {"fields": ["author", "editor", "source_publication", "created_at", "updated_at"]}),
    ]

    class Media:
        css = {"all": [reverse_lazy("level-colours"), "css/notices.css"]}

    @admin.display(description=gettext_lazy("trạng thái"), ordering="status")
    def shown_status(self, notice: Notice) -> str:
        return notice.public_status().label

    @admin.display(description=gettext_lazy("đăng lúc"), ordering="publish_at")
    def publish_time(self, notice: Notice) -> str:
        return _short_time(notice.publish_at)

    @admin.display(description=gettext_lazy("hết hạn lúc"), ordering="expires_at")
    def expiry_time(self, notice: Notice) -> str:
        return _short_time(notice.expires_at)

    @admin.display(description=gettext_lazy("nội dung sẽ hiển thị"))
    def rendered_body(self, notice: Notice) -> str:
        if not notice.body_html:
            return "—"
        # body_html was sanitised when saved.
        return format_html('<div class="notice-body">{}</div>', mark_safe(notice.body_html))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Notice.Status.DRAFT:
            # The address of a public notice is already in feeds and shared links.
            fields.append("slug")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            # Nothing to show yet of what the saved notice will carry.
            return [
                (name, {**options, "fields": [f for f in options["fields"] if f not in ADD_HIDDEN]})
                for name, options in fieldsets
                if any(f not in ADD_HIDDEN for f in options["fields"])
            ]
        if obj.status != Notice.Status.WITHDRAWN:
            fieldsets = [fs for fs in fieldsets if "withdrawn_at" not in fs[1]["fields"]]
        return fieldsets

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Editing a public or scheduled notice changes what readers see: only publishers may.
        return obj is None or obj.status == Notice.Status.DRAFT or services.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        # A notice once public is withdrawn, never deleted: its page must keep saying so.
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == Notice.Status.DRAFT)

    def has_publish_permission(self, request) -> bool:
        return services.can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        services.save_notice(notice=obj, user=request.user)

    def delete_model(self, request, obj):
        services.delete_records(records=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_records(records=list(queryset), user=request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_notice"] = services.can_publish(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _after_save(self, request, notice: Notice):
        """Follow the extra buttons of the form: save and preview, save and publish, unschedule."""
        if "_publish" in request.POST:
            self._publish(request, notice)
            return HttpResponseRedirect(reverse("admin:notices_notice_change", args=[notice.pk]))
        if "_unschedule" in request.POST:
            try:
                services.unschedule_notice(notice=notice, user=request.user)
                self.message_user(request, _("Đã hủy hẹn giờ; thông báo trở về bản nháp."), messages.SUCCESS)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request, _errors(error) if isinstance(error, ValidationError) else str(error), messages.ERROR
                )
            return HttpResponseRedirect(reverse("admin:notices_notice_change", args=[notice.pk]))
        if "_preview" in request.POST:
            return HttpResponseRedirect(reverse("notices:detail", args=[notice.slug]))
        return None

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _publish(self, request, notice: Notice) -> bool:
        try:
            services.publish_notice(notice=notice, user=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return False
        except ValidationError as error:
            self.message_user(request, f"{notice.title}: {_errors(error)}", messages.ERROR)
            return False
        when = _short_time(notice.publish_at)
        if notice.status == Notice.Status.SCHEDULED:
            message = _("Đã hẹn giờ đăng “%(title)s” lúc %(when)s.") % {"title": notice.title, "when": when}
        else:
            message = _("Đã đăng “%(title)s”.") % {"title": notice.title}
        self.message_user(request, message, messages.SUCCESS)
        return True

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/publish/", self.admin_site.admin_view(self.publish_view), name="%s_%s_publish" % info
            ),
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name="%s_%s_withdraw" % info,
            ),
        ] + super().get_urls()

    def _notice_or_404(self, request, object_id) -> Notice:
        notice = self.get_object(request, unquote(object_id))
        if notice is None:
            raise Http404
        return notice

    def publish_view(self, request, object_id):
        """Publish (or schedule) one notice, e.g. from its preview page."""
        return require_POST(self._publish_view)(request, object_id)

    def _publish_view(self, request, object_id):
        if not services.can_publish(request.user):
            raise PermissionDenied
        notice = self._notice_or_404(request, object_id)
        published = self._publish(request, notice)
        target = request.POST.get("next", "")
        if published and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(reverse("admin:notices_notice_change", args=[notice.pk]))

    def withdraw_view(self, request, object_id):
        """Ask for the reason, then withdraw one notice."""
        if not services.can_publish(request.user):
            raise PermissionDenied
        notice = self._notice_or_404(request, object_id)
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.withdraw_notice(notice=notice, user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("Đã thu hồi “%(title)s”.") % {"title": notice.title}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:notices_notice_change", args=[notice.pk]))
        return self._withdraw_page(request, form, [notice])

    def _withdraw_page(self, request, form, notices, action: str = ""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Thu hồi thông báo"),
            "form": form,
            "notices": notices,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/notices/notice/withdraw.html", context)

    @admin.action(description=gettext_lazy("Đăng (hoặc hẹn giờ đăng) các thông báo đã chọn"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        for notice in queryset:
            self._publish(request, notice)

    @admin.action(description=gettext_lazy("Thu hồi các thông báo đã chọn…"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        form = WithdrawForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            for notice in queryset:
                try:
                    services.withdraw_notice(notice=notice, user=request.user, reason=form.cleaned_data["reason"])
                except ValidationError as error:
                    self.message_user(request, f"{notice.title}: {_errors(error)}", messages.ERROR)
                else:
                    self.message_user(request, _("Đã thu hồi “%(title)s”.") % {"title": notice.title}, messages.SUCCESS)
            return None
        return self._withdraw_page(request, form, list(queryset), action="withdraw_selected")


class InForceFilter(admin.SimpleListFilter):
    title = gettext_lazy("hiệu lực")
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [
            ("now", gettext_lazy("Đang có hiệu lực")),
            ("past", gettext_lazy("Đã hết hiệu lực")),
            ("future", gettext_lazy("Chưa có hiệu lực")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "now":
            return queryset.in_force(today)
        if self.value() == "past":
            return queryset.filter(valid_to__lt=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


VERSIONING_HELP = gettext_lazy(
    "Để đổi nội dung từ một ngày: sửa nội dung, đặt “hiệu lực từ” là ngày đó rồi bấm “Lưu mới”. "
    "Phiên bản cũ tự hết hiệu lực vào ngày hôm trước, nên các trang vẫn hiện đúng nội dung có hiệu lực của từng ngày."
)


@admin.register(Measure)
class MeasureAdmin(GuardedHistoryAdmin):
    form = MeasureForm
    list_display = ["level", "order", "short_text", "mandatory", "area", "local_decision", "valid_from", "valid_to"]
    list_filter = ["level", "mandatory", InForceFilter]
    search_fields = ["text_vi", "text_en", "legal_reference", "local_decision"]
    autocomplete_fields = ["area"]
    list_select_related = ["area"]
    save_as = True
    fieldsets = [
        (None, {"fields": ["level", "order", "text_vi", "text_en", "legal_reference"]}),
        (
            gettext_lazy("Biện pháp của tỉnh"),
            {
                "fields": ["mandatory", "area", "local_decision"],
                "description": gettext_lazy(
                    "Bỏ chọn “bắt buộc theo Quyết định” để ghi một biện pháp bổ sung của tỉnh (cao hơn mức bắt buộc), "
                    "cho cả tỉnh hoặc cho một địa bàn, kèm số quyết định. Biện pháp của tỉnh hiện riêng, sau các biện pháp bắt buộc."
                ),
            },
        ),
        (gettext_lazy("Hiệu lực"), {"fields": ["valid_from", "valid_to"], "description": VERSIONING_HELP}),
    ]

    @admin.display(description=gettext_lazy("nội dung"))
    def short_text(self, measure: Measure) -> str:
        text = measure.text_vi.strip().splitlines()[0] if measure.text_vi.strip() else ""
        return text if len(text) <= 120 else text[:119] + "…"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if request.method == "POST" and "_saveasnew" in request.POST:
            original = Measure.objects.filter(pk=request.resolver_match.kwargs.get("object_id")).first()
            form = type(form.__name__, (form,), {"replaces": original})
        return form

    def save_model(self, request, obj, form, change):
        services.save_measure(measure=obj, user=request.user, replaces=form.replaces)

    def delete_model(self, request, obj):
        services.delete_records(records=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_records(records=list(queryset), user=request.user)


@admin.register(PublicText)
class PublicTextAdmin(GuardedHistoryAdmin):
    form = PublicTextForm
    list_display = ["key", "title_vi", "valid_from", "valid_to", "translated", "updated_by", "updated_at"]
    list_filter = ["key", InForceFilter]
    search_fields = ["title_vi", "title_en", "body_vi", "body_en"]
    list_select_related = ["updated_by"]
    readonly_fields = ["rendered_vi", "rendered_en", "updated_by", "updated_at"]
    save_as = True
    fieldsets = [
        (None, {"fields": ["key"]}),
        (gettext_lazy("Tiếng Việt"), {"fields": ["title_vi", "body_vi", "rendered_vi"]}),
        (gettext_lazy("Tiếng Anh"), {"fields": ["title_en", "body_en", "rendered_en"]}),
        (gettext_lazy("Hiệu lực"), {"fields": ["valid_from", "valid_to"], "description": VERSIONING_HELP}),
        (gettext_lazy("Theo dõi"), {"fields": ["updated_by", "updated_at"]}),
    ]

    @admin.display(description=gettext_lazy("đã dịch"), boolean=True)
    def translated(self, text: PublicText) -> bool:
        return bool(text.body_en.strip())

    @admin.display(description=gettext_lazy("xem trước (tiếng Việt)"))
    def rendered_vi(self, text: PublicText) -> str:
        return mark_safe(render_markdown(text.body_vi)) if text.body_vi else "—"

    @admin.display(description=gettext_lazy("xem trước (tiếng Anh)"))
    def rendered_en(self, text: PublicText) -> str:
        return mark_safe(render_markdown(text.body_en)) if text.body_en else "—"

    def save_model(self, request, obj, form, change):
        services.save_public_text(text=obj, user=request.user)

    def delete_model(self, request, obj):
        services.delete_records(records=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_records(records=list(queryset), user=request.user)


@admin.register(HealthStation)
class HealthStationAdmin(GuardedHistoryAdmin):
    list_display = ["area", "name", "phone", "updated_by", "updated_at"]
    search_fields = ["area__name", "area__code", "name", "phone"]
    autocomplete_fields = ["area"]
    list_select_related = ["area", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]
    fields = ["area", "name", "phone", "updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        services.save_health_station(station=obj, user=request.user)


@admin.register(LoudspeakerText)
class LoudspeakerTextAdmin(GuardedHistoryAdmin):
    list_display = ["level", "valid_from", "valid_to", "updated_by", "updated_at"]
    list_filter = ["level", InForceFilter]
    readonly_fields = ["blanks", "updated_by", "updated_at"]
    save_as = True
    fieldsets = [
        (None, {"fields": ["level", "blanks", "body_vi", "body_en"]}),
        (gettext_lazy("Hiệu lực"), {"fields": ["valid_from", "valid_to"], "description": VERSIONING_HELP}),
        (gettext_lazy("Theo dõi"), {"fields": ["updated_by", "updated_at"]}),
    ]

    @admin.display(description=gettext_lazy("chỗ trống dùng được"))
    def blanks(self, text) -> str:
        return format_html(
            "<ul>{}</ul>",
            mark_safe(
                "".join(
                    format_html("<li><code>{{{}}}</code>: {}</li>", name, label)
                    for name, label in LoudspeakerText.BLANKS.items()
                )
            ),
        )

    def save_model(self, request, obj, form, change):
        services.save_loudspeaker_text(text=obj, user=request.user)
