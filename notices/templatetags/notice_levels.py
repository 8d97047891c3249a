"""The levels' words in notices' templates, from their one definition (risk.engine.levels), in the page's language."""

from django import template

from .. import selectors

register = template.Library()


@register.filter
def level_short(level) -> str:
    """Return "Mức 3" (or "Level 3" on English pages)."""
    return selectors.level_short(int(level))
