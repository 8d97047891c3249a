"""The messages: the confirmation of a subscription, and one alert per publication listing the subscriber's changes."""

from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from areas.models import Area
from public.outreach import absolute, area_sheet


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
    from .services import unsubscribe_token

    return _url("alerts:unsubscribe", unsubscribe_token(email), language=language)


def alert_message(*, email: str, language: str, publication, changes: list[Change], sheets: dict) -> EmailMessage:
    """Build the alert for one subscriber; sheets is a memo of area sheets shared by the messages of a batch."""
    items = []
    for change in changes:
        key = (change.area.pk, language)
        if key not in sheets:
            sheets[key] = area_sheet(area=change.area, publication=publication, language=language)
        items.append({"change": change, "sheet": sheets[key]})
    leave = unsubscribe_url(email, language)
    with translation.override(language):
        context = {"items": items, "publication": publication, "unsubscribe": leave}
        subject = render_to_string("alerts/alert_subject.txt", context).strip()
        body = render_to_string("alerts/alert_email.txt", context)
    return EmailMessage(
        subject=subject, body=body, to=[email],
        # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address.
        headers={"List-Unsubscribe": f"<{leave}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "Auto-Submitted": "auto-generated"},
    )


