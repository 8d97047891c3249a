"""Forms of the risk admin: publication, overrides, rule set parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import engine
from .models import Override, RuleSet
from .services.overrides import override_problems
from .services.rulesets import ruleset_problems

LEVEL_CHOICES = [(level.value, f"{level.value} – {level.label_vi}") for level in reversed(engine.LEVELS)]
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class PublishForm(forms.Form):
    effective_at = forms.DateTimeField(
        label=_("Có hiệu lực từ"),
        input_formats=[DATETIME_LOCAL, "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text=_("Giờ Việt Nam (Asia/Ho_Chi_Minh)."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signature = forms.CharField(widget=forms.HiddenInput)
    confirm_incomplete = forms.BooleanField(
        label=_("Tôi xác nhận công bố khi số liệu chưa đủ (có huyện chưa báo cáo)"), required=False
    )


class OverrideForm(forms.ModelForm):
    level = forms.TypedChoiceField(label=_("cấp độ"), choices=LEVEL_CHOICES, coerce=int)

    class Meta:
        model = Override
        fields = ["area", "level", "start", "end", "reason", "body", "decision_number"]

    def clean(self):
        data = super().clean()
        required = ("area", "level", "start", "end", "reason", "body", "decision_number")
        if all(data.get(name) not in (None, "") for name in required):
            problems = override_problems(**{name: data[name] for name in required})
            for name, message in problems.items():
                self.add_error(name, message)
        return data


class RuleSetForm(forms.ModelForm):
    parameters = forms.JSONField(
        label=_("tham số"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 60}),
        help_text=_('Đối tượng JSON {"tên": giá trị}; tên không ghi lấy giá trị mặc định của bộ quy tắc.'),
    )
    change_note = forms.CharField(
        label=_("Lý do thay đổi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ghi vào nhật ký thay đổi của bộ quy tắc."),
    )

    class Meta:
        model = RuleSet
        fields = ["valid_from", "valid_to", "parameters"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Show every value: the stored ones over the engine's defaults.
        if self.instance.pk and not self.is_bound:
            try:
                defaults = engine.ruleset_for(self.instance.code).parameters().as_dict()
            except engine.UnknownRuleSet:
                defaults = {}
            self.initial["parameters"] = {**defaults, **(self.instance.parameters or {})}
        self.fields["parameters"].widget.attrs["spellcheck"] = "false"

    def clean(self):
        data = super().clean()
        if "parameters" in data:
            problems = ruleset_problems(
                code=self.instance.code,
                parameters=data["parameters"],
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
            )
            for problem in problems:
                self.add_error("parameters", problem)
        return data
