from django import template

from .. import display

register = template.Library()


@register.filter
def level_badge(level):
    return display.level_badge(level)


@register.filter
def reasons(items):
    return display.reasons_html(items)
