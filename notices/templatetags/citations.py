"""Legal citations in the page's language: a measure's reference is written in Vietnamese by the editors, in the
usual grammar of Vietnamese citations, which reads word for word in English ("Phần IV, mục 3" → "Part IV, item 3").
The act's number stays as it is: it is its name."""

import re

from django import template
from django.utils import translation

register = template.Library()

WORDS = (
    (r"\bQuyết định\b", "Decision"),
    (r"\bNghị quyết\b", "Resolution"),
    (r"\bChỉ thị\b", "Directive"),
    (r"\bThông báo\b", "Notice"),
    (r"\bPhần\b", "Part"),
    (r"\bĐiều\b", "Article"),
    (r"\bkhoản\b", "clause"),
    (r"\bmục\b", "item"),
    (r"\bđiểm\b", "point"),
    (r"\bPhụ lục\b", "Annex"),
    (r"\bsố\b", "no."),
    (r"\bngày\b", "of"),
)


@register.filter
def citation(text: str) -> str:
    """Return a legal reference in the page's language (unchanged in Vietnamese)."""
    if translation.get_language() != "en" or not text:
        return text
    for pattern, english in WORDS:
        text = re.sub(pattern, english, text)
    return text
