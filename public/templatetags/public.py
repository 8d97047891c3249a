"""Template helpers of the public pages: level labels in the page's language, links that keep the date shown."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils import translation

from risk.engine.levels import Level

register = template.Library()


def _language() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "vi"


@register.filter
def level_label(level) -> str:
    """Return the official name of a level (1–4) in the page's language; "" for no level."""
    if level in (None, ""):
        return ""
    return Level(int(level)).name(_language())


@register.filter
def level_badge(level) -> str:
    """Return the level's full label in the page's language ("Mức 3 · Nguy cơ cao"); "" for no level."""
    if level in (None, ""):
        return ""
    return Level(int(level)).badge(_language())


@register.filter
def level_short(level) -> str:
    """Return the level's number in the page's language ("Mức 3", "Level 3"); "" for no level."""
    if level in (None, ""):
        return ""
    return Level(int(level)).short(_language())


@register.simple_tag(takes_context=True)
def dated(context, url: str) -> str:
    """Return url with the page's history date (?ngay=) when the page shows a past date."""
    day = context.get("history_day")
    if not day:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({'ngay': day.isoformat()})}"


@register.filter
def number(value) -> str:
    """Return a whole number grouped by thousands the way the page's language writes it (781.655 / 781,655)."""
    if value in (None, ""):
        return ""
    grouped = f"{int(value):,}"
    return grouped if translation.get_language() == "en" else grouped.replace(",", ".")


@register.filter
def quoted(value) -> str:
    """Return a title quoted (“…”): the name of an act stays in the language it was issued in."""
    return f"“{value}”" if value else ""


@register.filter
def percent(share) -> str:
    """A share 0..1 as a whole percentage; never "0%" or "100%" for what is only nearly so."""
    if share is None:
        return ""
    value = float(share)
    if 0 < value < 0.005:
        return "<1%"
    if 0.995 < value < 1:
        return ">99%"
    return f"{round(100 * value)}%"


@register.simple_tag
def site_url(path: str) -> str:
    """Return path as people outside the site reach it (SITE_URL): shared links carry no query of the request."""
    return f"{settings.SITE_URL}{path}"
