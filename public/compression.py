"""Compress the public site's responses, and only those (BREACH).

A response compressed beside a secret it carries (a CSRF token, a session's data) lets an attacker who can inject
text into the page guess the secret from the sizes. Public responses carry none: they are the same for everyone,
which their `Cache-Control: public` says (public.httpcache marks them, and its replay keeps the header). Staff pages, forms and anything that set a cookie or used the CSRF token go out uncompressed.

Placed before public.httpcache.PublicCacheMiddleware so that replays are compressed too; a response already
compressed (a published file's gzip twin) is left as it is.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re


def is_public(request, response) -> bool:
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))}
    return "public" in directives and not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


class PublicGZipMiddleware(GZipMiddleware):
    def process_request(self, request):
        # A compressed response's ETag is weak (W/"…"); If-None-Match compares weakly (RFC 9110 §13.1.2), so the
        # caches below, which compare strings, see the tag they gave out and can answer 304.
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked and "W/" in asked:
            request.META["HTTP_IF_NONE_MATCH"] = asked.replace("W/", "")
        return None

    def process_response(self, request, response):
        if not is_public(request, response):
            return response
        return super().process_response(request, response)
