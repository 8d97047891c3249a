"""Operational endpoints, outside the language prefixes: monitoring must not depend on i18n."""

from django.urls import path

from ops.health import healthz

urlpatterns = [
    # No trailing slash: settings.SECURE_REDIRECT_EXEMPT matches exactly "healthz".
    path("healthz", healthz, name="healthz"),
]
