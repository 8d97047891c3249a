"""The admin site: optional TOTP two-factor login (django-otp), required when ADMIN_REQUIRE_2FA is set."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin


class OTPAdminAuthenticationForm(AdminAuthenticationForm, OTPAuthenticationFormMixin):
    """Ask for a one-time token from the user's device along with the password."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(required=False, label=_("Mã xác thực (OTP)"))
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        self.cleaned_data = super().clean()
        self.clean_otp(self.get_user())
        return self.cleaned_data


class CovidmapsAdminSite(admin.AdminSite):
    site_header = _("covidmaps – Quản trị bản đồ nguy cơ COVID-19 Lạng Sơn")
    site_title = _("covidmaps")
    index_title = _("Quản trị")

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.ADMIN_REQUIRE_2FA else AdminAuthenticationForm

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.ADMIN_REQUIRE_2FA or request.user.is_verified()
