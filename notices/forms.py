"""Admin forms: checked by the same rules the services apply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from risk.engine.levels import LEVELS

from .models import Measure, Notice, PublicText
from .services import check_measure_version, check_notice, check_public_text_version

LEVEL_CHOICES = [(int(level), f"{int(level)} – {level.label_vi}") for level in LEVELS]


class NoticeForm(forms.ModelForm):
    levels = forms.TypedMultipleChoiceField(
        label=_("Cấp độ liên quan"),
        choices=LEVEL_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Thông báo nói về các địa bàn ở những cấp độ này (không bắt buộc)"),
    )

    class Meta:
        model = Notice
        fields = ["title", "slug", "summary", "body", "areas", "levels", "publish_at", "expires_at", "pinned"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 20, "class": "vLargeTextField"}),
        }

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                check_notice(notice=self.instance)
            except forms.ValidationError as error:
                self._update_errors(error)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = "__all__"

    # Set by the admin when the form saves a new version of an existing measure.
    replaces: Measure | None = None

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                check_measure_version(measure=self.instance, replaces=self.replaces)
            except forms.ValidationError as error:
                self._update_errors(error)


class PublicTextForm(forms.ModelForm):
    class Meta:
        model = PublicText
        fields = ["key", "title_vi", "body_vi", "title_en", "body_en", "valid_from", "valid_to"]

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                check_public_text_version(text=self.instance)
            except forms.ValidationError as error:
                self._update_errors(error)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Hiện công khai trên trang thông báo, cạnh dấu “đã thu hồi”."),
    )
