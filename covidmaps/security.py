"""Content Security Policy: strict on the public site, relaxed for the staff-only admin's map widget."""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# django-leaflet's admin widget and Django's admin ship inline scripts and styles; the admin is
# behind a login, so only there may inline code run. Public pages never allow it.
ADMIN_RELAXATION = {"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]}


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
    """Apply the strict policy everywhere but the admin."""

    admin_prefix = "/admin/"

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(self.admin_prefix):
            parts.update = {**(parts.update or {}), **ADMIN_RELAXATION}
        return parts
