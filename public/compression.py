"""Compress the public site's responses, and only those (BREACH).

A response compressed beside a secret it carries (a CSRF token, a session's data) lets an attacker who can inject
text into the page guess the secret from the sizes. Public responses carry none: they are the same for everyone,
which their `Cache-Control: public` says (public.httpcache marks them, and its replay keeps the header). Staff pages, forms and anything that set a cookie or used the CSRF token go out uncompressed.

Placed before public.httpcache.PublicCacheMiddleware, which keeps each response compressed once and replays it in
the encoding its client accepts; a response already compressed (a replay, a published file's gzip twin) is left as
it is.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re


def is_public(request, response) -> bool:
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return "public" in directives and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_public(request, response):
            return response
        return super().process_response(request, response)
