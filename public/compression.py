"""Compress the public site's responses, and only those (BREACH).

A response compressed beside a secret it carries (a CSRF token, a session's data) lets an attacker who can inject
text into the page guess the secret from the sizes. Public responses carry none: they are the same for everyone,
which their `Cache-Control: public` says (public.views.caching marks them, and the in-memory replay keeps the
header). Staff pages, forms and anything that set a cookie or used the CSRF token go out uncompressed.

Placed before public.pagecache so that replays from memory are compressed too.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re


def is_public(request, response) -> bool:
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return (
        "public" in directives
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_public(request, response):
            return response
        return super().process_response(request, response)
