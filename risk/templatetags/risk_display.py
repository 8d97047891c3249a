from django import template

from .. import display

register = template.Library()


@register.filter
def level_badge(level):
    return display.level_badge(level)


@register.filter
def reasons(items):
    return display.reasons_html(items)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def share_percent(share):
    """A chance 0..1 as a whole percentage ("<1%" and ">99%" near the ends)."""
    value = float(share)
    if 0 < value < 0.005:
        return "<1%"
    if 0.995 < value < 1:
        return ">99%"
    return f"{round(100 * value)}%"
