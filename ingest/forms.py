"""Forms of the admin: a report, a flag, a declared level (checked by the services' rules), and the upload."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import REPORT_FIELDS, AreaFlag, DailyReport, DeclaredLevel
from .services.flags import validate_area_flag, validate_declared_level
from .services.imports import size_problem
from .services.reports import report_errors

# Vietnamese dates are day first; Django's "vi" locale leaves its input formats at the American default.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class UserBoundForm(forms.ModelForm):
    """A model form that knows the user it checks for (set by the ModelAdmin), with day-first dates."""

    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_INPUT_FORMATS
                field.widget.format = DATE_INPUT_FORMATS[0]

    def _apply_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    def _candidate(self):
        """Return a copy of the instance with the cleaned values, for checks that need the whole record."""
        candidate = type(self.instance)(pk=self.instance.pk)
        for field in self.instance._meta.concrete_fields:
            setattr(candidate, field.attname, getattr(self.instance, field.attname))
        for name, value in self.cleaned_data.items():
            setattr(candidate, name, value)
        return candidate


class DailyReportForm(UserBoundForm):
    class Meta:
        model = DailyReport
        fields = ["area", "date", *REPORT_FIELDS, "note", "warning_comment"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self._apply_errors(report_errors(report=self._candidate(), user=self.user))
        return cleaned


class AreaFlagForm(UserBoundForm):
    class Meta:
        model = AreaFlag
        fields = ["area", "flag", "value", "start", "end", "note"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                validate_area_flag(flag=self._candidate(), user=self.user)
            except ValidationError as exc:
                self._apply_errors(exc.message_dict)
        return cleaned


class DeclaredLevelForm(UserBoundForm):
    class Meta:
        model = DeclaredLevel
        fields = ["area", "level", "start", "end", "reference", "note"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                validate_declared_level(declared=self._candidate(), user=self.user)
            except ValidationError as exc:
                self._apply_errors(exc.message_dict)
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp số liệu (.csv hoặc .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Tối đa %(size)s và %(rows)s dòng. Tệp lớn được xử lý nền, có thanh tiến độ."
        ) % {
            "size": filesizeformat(settings.INGEST_MAX_UPLOAD_BYTES),
            "rows": number_format(settings.INGEST_MAX_ROWS, force_grouping=True),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = size_problem(upload.size)  # before the file is read into memory
        if problem:
            raise ValidationError(problem)
        return upload
