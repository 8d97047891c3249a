"""Content Security Policy: no inline script anywhere; the staff-only admin may use inline styles."""

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

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
