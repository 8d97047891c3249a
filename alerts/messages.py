"""The messages: the confirmation of a subscription, and one alert per publication listing the subscriber's changes."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from areas.models import Area
from public.outreach import absolute, area_sheet

from .tokens import unsubscribe_token

SHEET_TTL = 3600


def _url(name: str, *args, language: str) -> str:
    with translation.override(language):
        return absolute(reverse(name, args=args))


def send_confirmation(*, email: str, areas: list[Area], token: str, language: str) -> None:
    with translation.override(language):
        context = {"areas": areas, "url": _url("alerts:confirm", token, language=language)}
        subject = render_to_string("alerts/confirm_subject.txt", context).strip()
        body = render_to_string("alerts/confirm_email.txt", context)
    EmailMessage(subject=subject, body=body, to=[email]).send()


@dataclass(frozen=True)
class Change:
    area: Area
    before: int
    after: int


def unsubscribe_url(email: str, language: str) -> str:
    return _url("alerts:unsubscribe", unsubscribe_token(email), language=language)


def _sheet(area: Area, publication, language: str, memo: dict):
    """Return the area's sheet under publication, read once per batch and shared by the workers through the cache."""
    key = f"alerts:sheet:{publication.pk}:{area.pk}:{language}"
    if key not in memo:
        found = cache.get(key)
        if found is None:
            found = area_sheet(area=area, publication=publication, language=language)
            cache.set(key, found, SHEET_TTL)
        memo[key] = found
    return memo[key]


def alert_message(*, email: str, language: str, publication, changes: list[Change], sheets: dict) -> EmailMessage:
    """Build the alert for one subscriber; sheets is a memo of area sheets shared by the messages of a batch."""
    items = [{"change": change, "sheet": _sheet(change.area, publication, language, sheets)} for change in changes]
    leave = unsubscribe_url(email, language)
    with translation.override(language):
        context = {"items": items, "publication": publication, "unsubscribe": leave}
        subject = render_to_string("alerts/alert_subject.txt", context).strip()
        body = render_to_string("alerts/alert_email.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[email],
        # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address.
        headers={
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
