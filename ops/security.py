"""Content Security Policy: no inline script anywhere; the staff-only admin may use inline styles. Two-factor
sessions for every staff endpoint."""

import logging

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout

logger = logging.getLogger(__name__)

# django-leaflet's admin map widget writes its set-up script with the request's nonce, and Django's
# admin and the widget use style attributes; public pages allow neither.
ADMIN_RELAXATION = {"script-src": [SELF, NONCE], "style-src": [SELF, UNSAFE_INLINE]}


def public_policy(tile_host: str) -> dict:
    """Return the site-wide policy; tile_host is the base map's origin, if any."""
    images = [SELF, "data:"] + ([tile_host] if tile_host else [])
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            "img-src": images,
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }


class SiteCSPMiddleware(CSPMiddleware):
    """Apply the strict policy everywhere, with the admin's nonce and inline styles under /admin/."""

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(self.admin_prefix):
            parts.replace = {**(parts.replace or {}), **ADMIN_RELAXATION}
        return parts


class StaffTwoFactorMiddleware:
    """With ADMIN_REQUIRE_2FA, end every staff session that has not passed a one-time code (django-otp), on its next
    request, whatever the path.

    This is the one access point for every staff endpoint, present and future: the admin (its pages, history,
    exports, the downloads of uploaded files), the staff API under /staff-api/, the previews of draft notices on
    the public pages. Each of them then sees an anonymous request and answers as it does to one (the login page,
    401, 404). A session opened before 2FA was required, or before the user enrolled a device, is thereby
    invalidated when 2FA is turned on: it is flushed from the session store, not just refused.
    Runs after django_otp's OTPMiddleware, which tells whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ADMIN_REQUIRE_2FA:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and (user.is_staff or user.is_superuser):
                verified = getattr(user, "is_verified", None)
                if not (verified and verified()):
                    logger.warning("security: unverified staff session of user %s ended (2FA required)", user.pk)
                    logout(request)
        return self.get_response(request)
