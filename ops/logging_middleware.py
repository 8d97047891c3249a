"""One structured log record per request, for dashboards and incident reviews."""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("covidmaps.requests")


class RequestLogMiddleware:
    """Log method, path, status, duration_ms and user_id of every request as JSON fields.

    Placed first in MIDDLEWARE so that the duration covers every other middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        fields = {
            "method": request.method,
            # The path only: query strings may carry what citizens searched for.
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": _user_id(request),
        }
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        logger.log(
            level, "%s %s %s %.1f ms", request.method, request.path, response.status_code, duration_ms, extra=fields
        )
        return response


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None
