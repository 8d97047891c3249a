"""Subscriptions: ask (a confirmation message, whatever the address), confirm, unsubscribe.

Nothing is stored until the address is confirmed: the confirmation link carries the address, the areas and the
language, signed. The unsubscribe link carries the address, signed without expiry. An address that asks too often
gets no more messages for a while, and the same answer as any other.
"""

import hashlib
import logging

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area

from . import messages
from .models import Subscriber
from .tokens import read_unsubscribe

logger = logging.getLogger(__name__)

CONFIRM_SALT = "alerts.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600
MAX_AREAS = 10


def normalise_email(email: str) -> str:
    email = (email or "").strip()
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}" if local else email


def subscribable_areas(codes) -> list[Area]:
    """Return the province's areas with these codes (today's units); raise ValidationError for any other code."""
    codes = list(dict.fromkeys(code.strip() for code in codes if code and code.strip()))
    if not codes:
        raise ValidationError(_("Hãy chọn ít nhất một xã, huyện hoặc tỉnh."))
    if len(codes) > MAX_AREAS:
        raise ValidationError(_("Chỉ chọn được tối đa %(count)s địa bàn.") % {"count": MAX_AREAS})
    today = timezone.localdate()
    found = {a.code: a for a in Area.objects.valid_on(today).filter(code__in=codes, external=False)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(_("Không có địa bàn mã %(codes)s trong tỉnh.") % {"codes": ", ".join(unknown)})
    return [found[code] for code in codes]


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """Return (count, seconds) of a rate written as django-ratelimit writes them: "3/h", "10/m"."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[-1:] or "h"] * int(period.strip()[:-1] or 1)


def _address_allowed(email: str) -> bool:
    """Count a request for this address; say whether it is still within ALERTS_ADDRESS_RATE."""
    count, period = parse_rate(settings.ALERTS_ADDRESS_RATE)
    key = "alerts:address:" + hashlib.sha256(email.lower().encode()).hexdigest()[:32]
    try:
        cache.add(key, 0, period)
        used = cache.incr(key)
    except Exception:  # The counter lives in the cache: without it, the per-client limit still holds.
        logger.warning("alerts: the address counter is unavailable")
        return True
    return used <= count


def request_subscription(*, email: str, area_codes: list[str], language: str) -> None:
    """Send a confirmation link for these areas to email; raise ValidationError for a bad address or areas.

    Whether the address is already subscribed or not, and whether it has asked too often, the caller sees the same.
    """
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Địa chỉ thư điện tử “%(email)s” không hợp lệ.") % {"email": email[:80]})
    areas = subscribable_areas(area_codes)
    if not _address_allowed(email):
        logger.info("alerts: confirmation not sent, address over its allowance")
        return
    language = "en" if language == "en" else "vi"
    token = signing.dumps({"e": email, "a": [a.code for a in areas], "l": language}, salt=CONFIRM_SALT, compress=True)
    messages.send_confirmation(email=email, areas=areas, token=token, language=language)


def read_confirmation(token: str) -> dict:
    """Return the request a confirmation token carries; raise ValidationError when it is wrong or too old."""
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("Đường dẫn xác nhận đã hết hạn (sau 3 ngày). Hãy đăng ký lại."))
    except signing.BadSignature:
        raise ValidationError(_("Đường dẫn xác nhận không đúng. Hãy mở đúng đường dẫn trong thư, hoặc đăng ký lại."))


def confirm_subscription(*, token: str) -> Subscriber:
    """Store the address and its areas (added to those it already follows)."""
    request = read_confirmation(token)
    areas = subscribable_areas(request["a"])
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=request["e"],
            defaults={"language": request["l"], "confirmed_at": timezone.now()},
        )
        subscriber.language = request["l"]
        subscriber.save(update_fields=["language"])
        subscriber.areas.add(*areas)
    return subscriber


def unsubscribe(*, token: str) -> None:
    """Forget the address and its areas; an address already gone is not an error."""
    email = read_unsubscribe(token)
    Subscriber.objects.filter(email=email).delete()
