"""What every public page needs: the date it shows (?ngay=), the warnings it must give, its language links."""

import datetime
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from areas.selectors import boundaries_are_schematic
from ingest.selectors import data_is_synthetic

from .. import selectors
from ..datadate import freshness
from ..httpcache import declare_params, page_query, serve_cached

HISTORY_PARAM = "ngay"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


class BadRequest(Exception):
    """A request the page cannot answer; `message` says what was wrong and what is expected."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_day(value: str, *, today: datetime.date) -> datetime.date:
    """Return the date in value (YYYY-MM-DD or dd/mm/yyyy); raise BadRequest for anything else or a future date."""
    text = value.strip()
    for pattern in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, pattern).date()
            break
        except ValueError:
            continue
    else:
        raise BadRequest(
            _("Ngày “%(value)s” không hợp lệ. Hãy nhập ngày theo dạng YYYY-MM-DD (ví dụ 2021-06-15) hoặc dd/mm/yyyy.")
            % {"value": text[:40]}
        )
    if day > today:
        raise BadRequest(
            _("Ngày %(day)s chưa đến. Hãy chọn một ngày đến hôm nay (%(today)s).")
            % {"day": day.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")}
        )
    return day


def history_day(request) -> datetime.date | None:
    """Return the past date the request asks to see (?ngay=), None for now."""
    value = request.GET.get(HISTORY_PARAM, "")
    if not value.strip():
        return None
    today = timezone.localdate()
    day = parse_day(value, today=today)
    return None if day == today else day


def language_links(request) -> list[dict]:
    """Return the same page in each language of the site (a plain link: no cookie, no form)."""
    current = translation.get_language()
    # Only the query parameters of the cache key: any other (?ref=…) would reach every visitor of the cached page.
    path = request.path + page_query(request)
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
            "absolute_url": request.build_absolute_uri(translate_url(path, code)),
        }
        for code, name in settings.LANGUAGES
    ]


def page_context(request, *, day: datetime.date | None) -> dict:
    return {
        "history_day": day,
        "at": selectors.moment(day),
        "today": timezone.localdate(),
        "first_day": selectors.first_publication_date(),
        "schematic": boundaries_are_schematic(),
        "synthetic": data_is_synthetic(),
        "language_links": language_links(request),
        "freshness": freshness(day=day),
    }


def render_page(request, template: str, context: dict, *, day: datetime.date | None, status: int = 200):
    return render(request, template, {**page_context(request, day=day), **context}, status=status)


def bad_request(request, message: str):
    return render_page(request, "public/bad_request.html", {"message": message}, day=None, status=400)


def public_page(*, params: tuple[str, ...] = (), cache: bool = True):
    """Parse the page's date (?ngay=, 400 when bad) and pass it as `day`; cache the page per site version.

    `params` names the query parameters that change the page (besides ?ngay=); any other is ignored, by the cache
    and by the links the page builds from the request.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                day = history_day(request)
            except BadRequest as exc:
                return bad_request(request, exc.message)
            if not cache:
                return view(request, *args, day=day, **kwargs)
            return serve_cached(
                request,
                params=(HISTORY_PARAM, *params),
                build=lambda: view(request, *args, day=day, **kwargs),
            )

        return declare_params(wrapper, (HISTORY_PARAM, *params), cached=cache)

    return decorate
