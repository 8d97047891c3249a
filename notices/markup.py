"""Markdown to safe HTML: the only way an editor's text reaches a public page."""

import re
from functools import lru_cache

import markdown
import nh3

# A small set: text structure, links and tables. No images, media, frames, forms, SVG or MathML.
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "mark",
    "small",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "abbr",
    "code",
    "pre",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# No javascript:, data: or vbscript:; relative links to the site's own pages stay allowed.
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_TOP_HEADING = re.compile(r"<(/?)h1>")


def _demote_top_headings(html: str) -> str:
    # The page title is the only h1: an editor's "# Heading" becomes h2, like "## Heading".
    return _TOP_HEADING.sub(r"<\1h2>", html)


def sanitise_html(html: str) -> str:
    """Return html with everything outside the safe set removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=256)
def render_markdown(text: str) -> str:
    """Render an editor's Markdown to sanitised HTML."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return sanitise_html(_demote_top_headings(html))
